//! Benchmark corpus generator: a realistic Terraform monorepo of N root modules.
//!
//! ```text
//! cargo run --release --example gen-corpus -- OUT_DIR N [--seed S]
//! ```
//!
//! Writes `OUT_DIR/svc-0000/{main.tf,variables.tf}`, ... Each root module is one Lambda
//! service: an `aws_lambda_function`, its `aws_iam_role` (trust policy via `jsonencode`), an
//! `aws_iam_role_policy` (via `jsonencode`), an `aws_cloudwatch_log_group` named
//! `/aws/lambda/<name>` and an `aws_lambda_permission`; about half the modules also have an
//! `aws_iam_role_policy_attachment` and about half an `aws_lambda_function_url`, so the corpus
//! averages about 6 resources per module (1,000 modules ~ 6,000 resources), as DESIGN.md's
//! performance targets assume. Settings vary per module (runtimes including deprecated ones,
//! hardcoded secret-looking environment values, tracing, VPC with one or two subnets, KMS,
//! reserved concurrency, tags, public permissions, wildcard IAM actions, open function URLs,
//! CORS), so every shipped rule has something to fire on and something to pass.
//!
//! Output is deterministic for a given seed, and module `i` depends only on the seed and `i`
//! (not on N): the 100-module corpus is the first 100 modules of the 1,000-module one.
//! The credential-shaped values are synthetic (random or `EXAMPLE` filler), never real keys.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64 to seed, xorshift64* to draw. No external crate, stable across platforms.

struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant here.
    fn below(&mut self, n: u64) -> u64 {
        (self.next_u64() >> 11) % n
    }

    /// True with probability `pct` percent.
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Pick from `(weight, item)` pairs.
    fn weighted<'a, T>(&mut self, items: &'a [(u64, T)]) -> &'a T {
        let total: u64 = items.iter().map(|(w, _)| w).sum();
        let mut r = self.below(total);
        for (w, item) in items {
            if r < *w {
                return item;
            }
            r -= w;
        }
        &items[items.len() - 1].1
    }

    fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n).map(|_| *self.pick(alphabet) as char).collect()
    }
}

const HEX: &[u8] = b"0123456789abcdef";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const DOMAINS: &[&str] = &[
    "orders",
    "payments",
    "billing",
    "catalog",
    "inventory",
    "search",
    "users",
    "auth",
    "notify",
    "email",
    "reports",
    "invoices",
    "shipping",
    "pricing",
    "reviews",
    "media",
    "thumbnails",
    "audit",
    "ledger",
    "checkout",
    "carts",
    "loyalty",
    "fraud",
    "ingest",
    "exports",
    "webhooks",
];
const ROLES: &[&str] = &[
    "api",
    "worker",
    "consumer",
    "processor",
    "handler",
    "sync",
    "cron",
    "resizer",
    "indexer",
    "publisher",
    "validator",
    "router",
];
const TEAMS: &[&str] = &[
    "platform",
    "commerce",
    "growth",
    "data",
    "identity",
    "fulfilment",
];
const STAGES: &[&str] = &["dev", "staging", "prod"];
const REGIONS: &[&str] = &[
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
];

struct Runtime {
    name: &'static str,
    handler: &'static str,
    deprecated: bool,
}

const RUNTIMES: &[(u64, Runtime)] = &[
    (
        14,
        Runtime {
            name: "python3.12",
            handler: "app.handler",
            deprecated: false,
        },
    ),
    (
        10,
        Runtime {
            name: "python3.13",
            handler: "app.handler",
            deprecated: false,
        },
    ),
    (
        6,
        Runtime {
            name: "python3.11",
            handler: "app.handler",
            deprecated: false,
        },
    ),
    (
        12,
        Runtime {
            name: "nodejs20.x",
            handler: "index.handler",
            deprecated: false,
        },
    ),
    (
        10,
        Runtime {
            name: "nodejs22.x",
            handler: "index.handler",
            deprecated: false,
        },
    ),
    (
        6,
        Runtime {
            name: "java21",
            handler: "com.example.Handler::handleRequest",
            deprecated: false,
        },
    ),
    (
        8,
        Runtime {
            name: "provided.al2023",
            handler: "bootstrap",
            deprecated: false,
        },
    ),
    (
        3,
        Runtime {
            name: "ruby3.3",
            handler: "function.handler",
            deprecated: false,
        },
    ),
    (
        4,
        Runtime {
            name: "dotnet8",
            handler: "Service::Service.Function::FunctionHandler",
            deprecated: false,
        },
    ),
    // deprecated / past end of support: about a fifth of the functions
    (
        4,
        Runtime {
            name: "python3.8",
            handler: "app.handler",
            deprecated: true,
        },
    ),
    (
        3,
        Runtime {
            name: "python3.7",
            handler: "app.handler",
            deprecated: true,
        },
    ),
    (
        4,
        Runtime {
            name: "nodejs16.x",
            handler: "index.handler",
            deprecated: true,
        },
    ),
    (
        3,
        Runtime {
            name: "nodejs14.x",
            handler: "index.handler",
            deprecated: true,
        },
    ),
    (
        3,
        Runtime {
            name: "go1.x",
            handler: "main",
            deprecated: true,
        },
    ),
    (
        2,
        Runtime {
            name: "java8",
            handler: "com.example.Handler::handleRequest",
            deprecated: true,
        },
    ),
    (
        1,
        Runtime {
            name: "ruby2.7",
            handler: "function.handler",
            deprecated: true,
        },
    ),
    (
        1,
        Runtime {
            name: "dotnetcore3.1",
            handler: "Service::Service.Function::FunctionHandler",
            deprecated: true,
        },
    ),
];

// ---------------------------------------------------------------------------------------------
// Module generation.

struct Stats {
    modules: usize,
    files: usize,
    resources: usize,
    bytes: usize,
    deprecated: usize,
    secrets: usize,
}

struct Module {
    main_tf: String,
    variables_tf: String,
    resources: usize,
    deprecated: bool,
    secrets: usize,
}

/// Writes `key = value` lines aligned the way `terraform fmt` aligns a run of attributes.
fn attrs(m: &mut String, indent: &str, items: &[(&str, String)]) {
    let width = items.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, v) in items {
        let _ = writeln!(m, "{indent}{k:<width$} = {v}");
    }
}

fn account_id(rng: &mut Rng) -> String {
    format!("{:012}", 100_000_000_000 + rng.below(899_999_999_999))
}

fn uuid(rng: &mut Rng) -> String {
    format!(
        "{}-{}-4{}-{}{}-{}",
        rng.chars(HEX, 8),
        rng.chars(HEX, 4),
        rng.chars(HEX, 3),
        rng.pick(&["8", "9", "a", "b"]),
        rng.chars(HEX, 3),
        rng.chars(HEX, 12)
    )
}

/// A literal, secret-looking environment variable `(name, value)`. The values are synthetic.
fn secret_env(rng: &mut Rng) -> (&'static str, String) {
    match rng.below(6) {
        0 => (
            "DB_PASSWORD",
            format!(
                "{}-{}!",
                rng.pick(&["hunter2", "Passw0rd", "changeme", "s3cr3t"]),
                rng.chars(ALNUM, 6)
            ),
        ),
        1 => (
            "AWS_ACCESS_KEY_ID",
            format!("AKIA{}", rng.chars(UPPER_B32, 16)),
        ),
        2 => (
            "STRIPE_SECRET_KEY",
            format!("sk_live_EXAMPLE{}", rng.chars(ALNUM, 17)),
        ),
        3 => (
            "GITHUB_TOKEN",
            format!("ghp_EXAMPLE{}", rng.chars(ALNUM, 29)),
        ),
        4 => (
            "SLACK_BOT_TOKEN",
            format!(
                "xoxb-{}-{}-EXAMPLE{}",
                rng.below(9_000_000_000) + 1_000_000_000,
                rng.below(9_000_000_000) + 1_000_000_000,
                rng.chars(ALNUM, 17)
            ),
        ),
        _ => ("API_KEY", rng.chars(ALNUM, 32)),
    }
}

fn gen_module(seed: u64, index: usize) -> Module {
    let mut rng = Rng::new(seed, index as u64);
    let r = &mut rng;

    let domain = *r.pick(DOMAINS);
    let role = *r.pick(ROLES);
    let team = *r.pick(TEAMS);
    let stage = *r.weighted(&[(2, "dev"), (2, "staging"), (5, "prod")]);
    let region = *r.pick(REGIONS);
    let account = account_id(r);
    let name = format!("{domain}-{role}-{index:04}");
    let runtime = r.weighted(RUNTIMES);

    // Which features this module has.
    let has_vpc = r.chance(45);
    let vpc_two_subnets = has_vpc && r.chance(70);
    let has_kms = r.chance(40);
    let has_tracing = r.chance(60);
    let tracing_active = has_tracing && r.chance(75);
    let has_concurrency = r.chance(45);
    let has_tags = r.chance(65);
    let default_tags = r.chance(20);
    let has_secret = r.chance(8);
    let has_dlq = r.chance(30);
    let has_publish = r.chance(40);
    let from_s3 = r.chance(35);
    let has_signing = r.chance(15);
    let use_var_name = r.chance(70);
    let has_attachment = r.chance(50);
    let has_url = r.chance(50);
    let url_open = has_url && r.chance(40);
    let url_cors = has_url && r.chance(50);
    let cors_wildcard = url_cors && r.chance(40);
    let perm_kind = r.weighted(&[
        (40, "apigw"),
        (20, "s3"),
        (15, "events"),
        (10, "sns"),
        (8, "public"),
        (7, "nosource"),
    ]);
    let policy_kind = r.weighted(&[
        (70, "scoped"),
        (12, "service-wildcard"),
        (8, "star"),
        (10, "star-resource"),
    ]);
    let log_retention = r.chance(70);
    let log_kms = r.chance(35);
    let table = format!("{domain}-{stage}");
    let queue = format!("{domain}-{role}-{stage}-events");
    let memory = *r.pick(&[128u32, 256, 512, 1024, 1769, 2048]);
    let timeout = *r.pick(&[3u32, 10, 15, 30, 60, 120, 300, 900]);

    let fname_expr = if use_var_name {
        "var.function_name".to_string()
    } else {
        format!("\"{name}\"")
    };
    let fname_tmpl = if use_var_name {
        "${var.function_name}".to_string()
    } else {
        name.clone()
    };

    let mut m = String::with_capacity(6 * 1024);
    let mut resources = 0;
    let mut secrets = 0;

    // --- terraform / provider -----------------------------------------------------------------
    let _ = writeln!(
        m,
        "# Service {name}: owned by team {team}. Generated by tfwarden's gen-corpus."
    );
    m.push_str("terraform {\n  required_version = \">= 1.5.0\"\n\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.60\"\n    }\n  }\n}\n\n");
    m.push_str("provider \"aws\" {\n  region = var.region\n");
    if default_tags {
        let _ = write!(m, "\n  default_tags {{\n    tags = {{\n      team        = \"{team}\"\n      managed_by  = \"terraform\"\n      cost_center = \"cc-{}\"\n    }}\n  }}\n", 1000 + r.below(9000));
    }
    m.push_str("}\n\n");

    m.push_str("locals {\n");
    let _ = writeln!(m, "  service = \"{domain}\"");
    let _ = writeln!(m, "  table   = \"{table}\"");
    let _ = writeln!(m, "  queue   = \"{queue}\"");
    m.push_str("}\n\n");

    // --- aws_lambda_function ------------------------------------------------------------------
    resources += 1;
    m.push_str("resource \"aws_lambda_function\" \"this\" {\n");
    let _ = writeln!(m, "  function_name = {fname_expr}");
    let _ = writeln!(
        m,
        "  description   = \"{} {} for the {} stage\"",
        domain, role, stage
    );
    m.push_str("  role          = aws_iam_role.this.arn\n");
    let _ = writeln!(m, "  runtime       = \"{}\"", runtime.name);
    let _ = writeln!(m, "  handler       = \"{}\"", runtime.handler);
    m.push_str("  memory_size   = var.memory_size\n");
    m.push_str("  timeout       = var.timeout\n");
    if r.chance(30) {
        m.push_str("  architectures = [\"arm64\"]\n");
    }
    let mut code: Vec<(&str, String)> = Vec::new();
    if from_s3 {
        code.push((
            "s3_bucket",
            format!("\"{account}-lambda-artifacts-{region}\""),
        ));
        code.push(("s3_key", format!("\"{name}/{}.zip\"", r.chars(HEX, 12))));
    } else {
        code.push((
            "filename",
            "\"${path.module}/build/lambda.zip\"".to_string(),
        ));
        code.push((
            "source_code_hash",
            "filebase64sha256(\"${path.module}/build/lambda.zip\")".to_string(),
        ));
    }
    if has_publish {
        code.push(("publish", "true".to_string()));
    }
    if has_kms {
        code.push((
            "kms_key_arn",
            format!("\"arn:aws:kms:{region}:{account}:key/{}\"", uuid(r)),
        ));
    }
    if has_concurrency {
        code.push((
            "reserved_concurrent_executions",
            r.pick(&[-1i32, 5, 10, 20, 50, 100, 200]).to_string(),
        ));
    }
    if has_signing {
        code.push((
            "code_signing_config_arn",
            format!(
                "\"arn:aws:lambda:{region}:{account}:code-signing-config:csc-{}\"",
                r.chars(HEX, 17)
            ),
        ));
    }
    m.push('\n');
    attrs(&mut m, "  ", &code);

    m.push_str("\n  environment {\n    variables = {\n");
    let mut env: Vec<(String, String)> = vec![
        (
            "LOG_LEVEL".into(),
            format!("\"{}\"", r.pick(&["info", "debug", "warn"])),
        ),
        ("STAGE".into(), "var.stage".into()),
        ("TABLE_NAME".into(), "local.table".into()),
    ];
    if r.chance(50) {
        env.push((
            "QUEUE_URL".into(),
            format!("\"https://sqs.{region}.amazonaws.com/{account}/{queue}\""),
        ));
    }
    if r.chance(40) {
        env.push(("POWERTOOLS_SERVICE_NAME".into(), "local.service".into()));
    }
    if r.chance(25) {
        env.push((
            "DB_SECRET_ARN".into(),
            format!(
                "\"arn:aws:secretsmanager:{region}:{account}:secret:{domain}/db-{}\"",
                r.chars(ALNUM, 6)
            ),
        ));
    }
    if r.chance(20) {
        env.push((
            "API_TOKEN_PARAM".into(),
            format!("\"/{stage}/{domain}/api-token\""),
        ));
    }
    if r.chance(15) {
        env.push(("MAX_RETRIES".into(), format!("\"{}\"", r.below(5) + 1)));
    }
    if has_secret {
        let (k, v) = secret_env(r);
        env.push((k.into(), format!("\"{v}\"")));
        secrets += 1;
    }
    let width = env.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, v) in &env {
        let _ = writeln!(m, "      {k:<width$} = {v}");
    }
    m.push_str("    }\n  }\n");

    if has_tracing {
        let mode = if tracing_active {
            "Active"
        } else {
            "PassThrough"
        };
        let _ = write!(m, "\n  tracing_config {{\n    mode = \"{mode}\"\n  }}\n");
    }
    if has_vpc {
        let n = if vpc_two_subnets { 2 } else { 1 };
        let subnets: Vec<String> = (0..n)
            .map(|_| format!("\"subnet-0{}\"", r.chars(HEX, 16)))
            .collect();
        let _ = write!(
            m,
            "\n  vpc_config {{\n    subnet_ids         = [{}]\n    security_group_ids = [\"sg-0{}\"]\n  }}\n",
            subnets.join(", "),
            r.chars(HEX, 16)
        );
    }
    if has_dlq {
        let _ = write!(m, "\n  dead_letter_config {{\n    target_arn = \"arn:aws:sqs:{region}:{account}:{name}-dlq\"\n  }}\n");
    }
    if has_tags {
        let _ = write!(
            m,
            "\n  tags = {{\n    service     = local.service\n    environment = var.stage\n"
        );
        if r.chance(60) {
            let _ = writeln!(m, "    owner       = \"{team}\"");
        }
        m.push_str("  }\n");
    }
    m.push_str("\n  depends_on = [aws_cloudwatch_log_group.this]\n}\n\n");

    // --- aws_iam_role ------------------------------------------------------------------------
    resources += 1;
    let trust_principal = if r.chance(3) {
        format!("{{ AWS = \"arn:aws:iam::{account}:root\" }}")
    } else {
        "{ Service = \"lambda.amazonaws.com\" }".to_string()
    };
    let _ = write!(
        m,
        "resource \"aws_iam_role\" \"this\" {{\n  name = \"{fname_tmpl}-role\"\n\n  assume_role_policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [\n      {{\n        Effect    = \"Allow\"\n        Principal = {trust_principal}\n        Action    = \"sts:AssumeRole\"\n      }}\n    ]\n  }})\n"
    );
    if has_tags {
        m.push_str("\n  tags = {\n    service = local.service\n  }\n");
    }
    m.push_str("}\n\n");

    // --- aws_iam_role_policy -----------------------------------------------------------------
    resources += 1;
    let table_arn = format!("arn:aws:dynamodb:{region}:{account}:table/{table}");
    let log_arn = format!("arn:aws:logs:{region}:{account}:log-group:/aws/lambda/{fname_tmpl}:*");
    let mut statements: Vec<String> = Vec::new();
    statements.push(format!(
        "      {{\n        Sid      = \"Logs\"\n        Effect   = \"Allow\"\n        Action   = [\"logs:CreateLogStream\", \"logs:PutLogEvents\"]\n        Resource = \"{log_arn}\"\n      }}"
    ));
    match *policy_kind {
        "scoped" => statements.push(format!(
            "      {{\n        Sid      = \"Table\"\n        Effect   = \"Allow\"\n        Action   = [\"dynamodb:GetItem\", \"dynamodb:PutItem\", \"dynamodb:Query\", \"dynamodb:UpdateItem\"]\n        Resource = [\"{table_arn}\", \"{table_arn}/index/*\"]\n      }}"
        )),
        "service-wildcard" => statements.push(format!(
            "      {{\n        Sid      = \"Table\"\n        Effect   = \"Allow\"\n        Action   = \"dynamodb:*\"\n        Resource = \"{table_arn}\"\n      }}"
        )),
        "star" => statements.push(
            "      {\n        Sid      = \"Everything\"\n        Effect   = \"Allow\"\n        Action   = \"*\"\n        Resource = \"*\"\n      }".to_string(),
        ),
        _ => statements.push(
            "      {\n        Sid      = \"Table\"\n        Effect   = \"Allow\"\n        Action   = [\"dynamodb:PutItem\", \"dynamodb:DeleteItem\"]\n        Resource = \"*\"\n      }".to_string(),
        ),
    }
    if r.chance(50) {
        statements.push(format!(
            "      {{\n        Sid      = \"Queue\"\n        Effect   = \"Allow\"\n        Action   = [\"sqs:SendMessage\", \"sqs:GetQueueAttributes\"]\n        Resource = \"arn:aws:sqs:{region}:{account}:{queue}\"\n      }}"
        ));
    }
    if tracing_active {
        statements.push(
            "      {\n        Sid      = \"XRay\"\n        Effect   = \"Allow\"\n        Action   = [\"xray:PutTraceSegments\", \"xray:PutTelemetryRecords\"]\n        Resource = \"*\"\n      }".to_string(),
        );
    }
    let _ = write!(
        m,
        "resource \"aws_iam_role_policy\" \"this\" {{\n  name = \"{fname_tmpl}-inline\"\n  role = aws_iam_role.this.id\n\n  policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [\n{}\n    ]\n  }})\n}}\n\n",
        statements.join(",\n")
    );

    // --- aws_iam_role_policy_attachment -------------------------------------------------------
    if has_attachment {
        resources += 1;
        let policy = if r.chance(6) {
            *r.pick(&[
                "AdministratorAccess",
                "AmazonS3FullAccess",
                "PowerUserAccess",
            ])
        } else if has_vpc {
            "service-role/AWSLambdaVPCAccessExecutionRole"
        } else {
            "service-role/AWSLambdaBasicExecutionRole"
        };
        let _ = write!(
            m,
            "resource \"aws_iam_role_policy_attachment\" \"this\" {{\n  role       = aws_iam_role.this.name\n  policy_arn = \"arn:aws:iam::aws:policy/{policy}\"\n}}\n\n"
        );
    }

    // --- aws_lambda_permission ---------------------------------------------------------------
    resources += 1;
    m.push_str("resource \"aws_lambda_permission\" \"invoke\" {\n");
    let mut perm: Vec<(&str, String)> = Vec::new();
    let (sid, principal) = match *perm_kind {
        "apigw" => ("AllowApiGateway", "apigateway.amazonaws.com"),
        "s3" | "nosource" => ("AllowS3", "s3.amazonaws.com"),
        "events" => ("AllowEventBridge", "events.amazonaws.com"),
        "sns" => ("AllowSns", "sns.amazonaws.com"),
        _ => ("AllowEveryone", "*"),
    };
    perm.push(("statement_id", format!("\"{sid}\"")));
    perm.push(("action", "\"lambda:InvokeFunction\"".to_string()));
    perm.push((
        "function_name",
        "aws_lambda_function.this.function_name".to_string(),
    ));
    perm.push(("principal", format!("\"{principal}\"")));
    match *perm_kind {
        "apigw" => {
            let api = r.chars(b"abcdefghijklmnopqrstuvwxyz0123456789", 10);
            perm.push((
                "source_arn",
                format!("\"arn:aws:execute-api:{region}:{account}:{api}/*/*\""),
            ));
        }
        "s3" => {
            perm.push((
                "source_arn",
                format!("\"arn:aws:s3:::{account}-{domain}-uploads\""),
            ));
            perm.push(("source_account", format!("\"{account}\"")));
        }
        "events" => perm.push((
            "source_arn",
            format!("\"arn:aws:events:{region}:{account}:rule/{name}-schedule\""),
        )),
        "sns" => perm.push((
            "source_arn",
            format!("\"arn:aws:sns:{region}:{account}:{domain}-events\""),
        )),
        _ => {}
    }
    attrs(&mut m, "  ", &perm);
    m.push_str("}\n\n");

    // --- aws_cloudwatch_log_group ------------------------------------------------------------
    resources += 1;
    m.push_str("resource \"aws_cloudwatch_log_group\" \"this\" {\n");
    let _ = writeln!(m, "  name              = \"/aws/lambda/{fname_tmpl}\"");
    if log_retention {
        m.push_str("  retention_in_days = var.log_retention_days\n");
    }
    if log_kms {
        let _ = writeln!(
            m,
            "  kms_key_id        = \"arn:aws:kms:{region}:{account}:key/{}\"",
            uuid(r)
        );
    }
    m.push_str("}\n");

    // --- aws_lambda_function_url -------------------------------------------------------------
    if has_url {
        resources += 1;
        let auth = if url_open { "NONE" } else { "AWS_IAM" };
        let _ = write!(
            m,
            "\nresource \"aws_lambda_function_url\" \"this\" {{\n  function_name      = aws_lambda_function.this.function_name\n  authorization_type = \"{auth}\"\n"
        );
        if url_cors {
            let origins = if cors_wildcard {
                "[\"*\"]".to_string()
            } else {
                format!("[\"https://{domain}.example.com\", \"https://admin.example.com\"]")
            };
            let _ = write!(
                m,
                "\n  cors {{\n    allow_credentials = {}\n    allow_origins     = {origins}\n    allow_methods     = [\"GET\", \"POST\"]\n    allow_headers     = [\"content-type\", \"x-request-id\"]\n    max_age           = 86400\n  }}\n",
                !cors_wildcard
            );
        }
        m.push_str("}\n");
    }

    // --- variables.tf ------------------------------------------------------------------------
    let mut v = String::with_capacity(1024);
    let _ = write!(v, "variable \"region\" {{\n  description = \"AWS region to deploy into.\"\n  type        = string\n  default     = \"{region}\"\n}}\n\n");
    let _ = write!(v, "variable \"stage\" {{\n  description = \"Deployment stage.\"\n  type        = string\n  default     = \"{stage}\"\n\n  validation {{\n    condition     = contains([{}], var.stage)\n    error_message = \"stage must be one of {}.\"\n  }}\n}}\n\n",
        STAGES.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", "),
        STAGES.join(", "));
    if use_var_name {
        let _ = write!(v, "variable \"function_name\" {{\n  description = \"Name of the Lambda function.\"\n  type        = string\n  default     = \"{name}\"\n}}\n\n");
    }
    let _ = write!(v, "variable \"memory_size\" {{\n  description = \"Memory in MB.\"\n  type        = number\n  default     = {memory}\n}}\n\n");
    let _ = write!(v, "variable \"timeout\" {{\n  description = \"Timeout in seconds.\"\n  type        = number\n  default     = {timeout}\n}}\n");
    if log_retention {
        let days = *r.pick(&[7u32, 14, 30, 90, 365]);
        let _ = write!(v, "\nvariable \"log_retention_days\" {{\n  description = \"CloudWatch Logs retention.\"\n  type        = number\n  default     = {days}\n}}\n");
    }

    Module {
        main_tf: m,
        variables_tf: v,
        resources,
        deprecated: runtime.deprecated,
        secrets,
    }
}

// ---------------------------------------------------------------------------------------------

fn usage() -> ExitCode {
    eprintln!("usage: gen-corpus OUT_DIR N [--seed S]");
    ExitCode::from(2)
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run(out: &Path, n: usize, seed: u64) -> Result<Stats, String> {
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut st = Stats {
        modules: 0,
        files: 0,
        resources: 0,
        bytes: 0,
        deprecated: 0,
        secrets: 0,
    };
    for i in 0..n {
        let module = gen_module(seed, i);
        let dir = out.join(format!("svc-{i:04}"));
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        write_file(&dir.join("main.tf"), &module.main_tf)?;
        write_file(&dir.join("variables.tf"), &module.variables_tf)?;
        st.modules += 1;
        st.files += 2;
        st.resources += module.resources;
        st.bytes += module.main_tf.len() + module.variables_tf.len();
        st.deprecated += module.deprecated as usize;
        st.secrets += module.secrets;
    }
    Ok(st)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut positional: Vec<String> = Vec::new();
    let mut seed: u64 = 42;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage(),
            },
            "-h" | "--help" => {
                usage();
                return ExitCode::SUCCESS;
            }
            s if s.starts_with("--seed=") => match s["--seed=".len()..].parse() {
                Ok(s) => seed = s,
                Err(_) => return usage(),
            },
            s if s.starts_with('-') => return usage(),
            _ => positional.push(arg),
        }
    }
    let [out, n] = positional.as_slice() else {
        return usage();
    };
    let Ok(n) = n.parse::<usize>() else {
        return usage();
    };
    let out = PathBuf::from(out);
    match run(&out, n, seed) {
        Ok(st) => {
            println!(
                "gen-corpus: {} modules, {} files, {} resources, {} bytes ({} deprecated runtimes, {} hardcoded secrets) in {} (seed {seed})",
                st.modules, st.files, st.resources, st.bytes, st.deprecated, st.secrets, out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-corpus: error: {e}");
            ExitCode::from(2)
        }
    }
}
