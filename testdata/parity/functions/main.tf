# Terraform's built-in functions flowing into the values rules read. Planned by Terraform
# (testdata/plan/regenerate.sh); tests/parity.rs checks that tfwarden evaluates every value the
# plan knows to the same value.

variable "settings" {
  type = object({
    name     = string
    memory   = optional(number, 256)
    tracing  = optional(string, "Active")
    subnets  = optional(list(string), ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"])
    extra    = optional(map(string), {})
    features = optional(object({ url = optional(bool, false), alarms = optional(bool, true) }), {})
  })
  default = { name = "Orders-API " }
}

variable "regions" {
  type    = set(string)
  default = ["us-east-1", "eu-west-1", "us-east-1"]
}

locals {
  name      = lower(trimspace(var.settings.name))
  settings  = yamldecode(file("${path.module}/files/settings.yaml"))
  greeting  = chomp(file("files/greeting.txt"))
  actions   = sort(distinct(["s3:PutObject", "s3:GetObject", "s3:GetObject"]))
  bucket    = "arn:aws:s3:::${replace(local.name, "/[^a-z0-9-]/", "-")}-data"
  subnets   = slice(var.settings.subnets, 0, min(2, length(var.settings.subnets)))
  cidrs     = cidrsubnets("10.20.0.0/16", 4, 4, 8)
  tag_pairs = zipmap(["team", "service", "empty"], ["payments", local.name, ""])
  tags      = { for k, v in local.tag_pairs : k => v if v != "" }
  regions   = tolist(var.regions)
  product   = [for p in setproduct(["a", "b"], [1, 2]) : join("-", p)]
  numbers   = [3, 9, 4]
}

resource "aws_iam_policy" "data" {
  name   = format("%s-data-%03d", local.name, 7)
  policy = templatefile("${path.module}/files/policy.json.tftpl", { actions = local.actions, bucket_arn = local.bucket })
}

resource "aws_iam_policy" "encoded" {
  name = "${local.name}-encoded"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [for a in local.actions : {
      Effect   = "Allow"
      Action   = a
      Resource = ["${local.bucket}/${substr(a, 3, 3)}/*"]
    }]
  })
}

resource "aws_cloudwatch_log_group" "fn" {
  name              = "/aws/lambda/${local.name}"
  retention_in_days = max(local.numbers...) * 10
  tags              = merge(local.tags, { regions = join(",", local.regions) })
}

resource "aws_lambda_function" "fn" {
  function_name = local.name
  role          = "arn:aws:iam::111122223333:role/${local.name}"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "build/${local.name}.zip"
  memory_size   = var.settings.memory
  timeout       = sum(local.numbers)
  description   = title("${local.greeting} ${upper(local.settings.stage)}")
  layers        = formatlist("arn:aws:lambda:eu-west-1:111122223333:layer:%s:%d", ["base", "tools"], [3, 1])

  tracing_config {
    mode = var.settings.tracing
  }

  vpc_config {
    subnet_ids         = local.subnets
    security_group_ids = compact(["sg-0123456789abcdef0", ""])
  }

  environment {
    variables = {
      STAGE        = local.settings.stage
      FIRST_REGION = element(local.settings.regions, 0)
      MEMORY       = tostring(local.settings.limits.memory)
      CIDRS        = join(" ", local.cidrs)
      HOST         = cidrhost(local.cidrs[0], 5)
      NETMASK      = cidrnetmask("10.20.0.0/16")
      HASH         = sha256("orders")
      MD5          = md5("orders")
      SHA1         = sha1("orders")
      B64          = base64encode("orders:${local.name}")
      B64_BACK     = base64decode(base64encode("round trip"))
      B64SHA       = base64sha256("orders")
      FILEHASH     = filesha256("${path.module}/files/greeting.txt")
      FILEEXISTS   = tostring(fileexists("files/greeting.txt"))
      FILES        = join(",", fileset(path.module, "files/*.txt"))
      UUID5        = uuidv5("dns", "orders.example.com")
      DATE         = formatdate("YYYY-MM-DD hh:mm", "2026-01-02T03:04:05Z")
      LATER        = timeadd("2026-01-02T03:04:05Z", "90m")
      REGEX        = regex("^([a-z]+)-", local.name)[0]
      REGEXALL     = length(regexall("[aeiou]", local.name))
      STARTS       = tostring(startswith(local.name, "orders"))
      ENDS         = tostring(endswith(local.name, "api"))
      CONTAINS     = tostring(contains(local.regions, "eu-west-1"))
      INDEX        = index(local.regions, "us-east-1")
      ONE          = one(["only"])
      COALESCE     = coalesce("", null, "fallback")
      COALESCELIST = join(",", coalescelist([], ["x", "y"]))
      ALLTRUE      = tostring(alltrue([true, var.settings.features.alarms]))
      ANYTRUE      = tostring(anytrue([var.settings.features.url, false]))
      SETUNION     = join(",", setunion(["b", "a"], ["c"]))
      SETSUB       = join(",", setsubtract(["a", "b", "c"], ["b"]))
      PRODUCT      = join(",", local.product)
      KEYS         = join(",", keys(local.tags))
      VALUES       = join(",", values(local.tags))
      LOOKUP       = lookup(local.tags, "team", "none")
      TRY          = try(local.settings.missing, "absent")
      CAN          = tostring(can(local.settings.stage))
      FLATTEN      = join(",", flatten([["a"], [["b"]], []]))
      REVERSE      = join(",", reverse(local.numbers))
      RANGE        = join(",", range(1, 10, 3))
      ABS          = abs(-4.5)
      CEIL         = ceil(4.1)
      FLOOR        = floor(4.9)
      LOG          = log(8, 2)
      POW          = pow(2, 10)
      SIGNUM       = signum(-7)
      PARSEINT     = parseint("ff", 16)
      TONUMBER     = tonumber("42") + 1
      TOBOOL       = tostring(tobool("true"))
      SUBSTR       = substr(local.name, 0, 6)
      STRREV       = strrev("abc")
      TITLE        = title("hello world")
      TRIM         = trim("--x--", "-")
      TRIMPREFIX   = trimprefix(local.name, "orders-")
      TRIMSUFFIX   = trimsuffix(local.name, "-api")
      INDENT       = indent(2, "a\nb")
      URLENCODE    = urlencode("a b&c")
      JSON         = jsonencode({ b = [1, 2], a = "x<y" })
      YAML         = yamlencode({ b = [1, 2], a = "x" })
      CSV          = jsondecode(jsonencode(csvdecode("a,b\n1,2")))[0].b
      SENSITIVE    = nonsensitive(sensitive("visible"))
      BASENAME     = basename("a/b/c.txt")
      DIRNAME      = dirname("a/b/c.txt")
      CHUNKS       = length(chunklist(local.numbers, 2))
      MATCHKEYS    = join(",", matchkeys(["i-1", "i-2"], ["eu", "us"], ["us"]))
      TRANSPOSE    = join(",", keys(transpose({ a = ["1", "2"] })))
      DISTINCT     = join(",", distinct(["a", "a", "b"]))
      FORMAT       = format("%5.1f|%-4s|%x", 3.14159, "ab", 255)
      TEXTENC      = textencodebase64("hi", "UTF-16LE")
      SPLIT        = split(",", "a,b")[1]
      CONCAT       = join(",", concat(["a"], ["b"]))
      ZIPMAP       = jsonencode(zipmap(["k1", "k2"], ["v1", "v2"]))
      MERGED       = jsonencode(merge({ a = 1 }, { b = 2 }))
      EXTRA        = jsonencode(var.settings.extra)
    }
  }

  tags = local.tags
}
