# Security groups of the functions in functions.tf, and one that no function uses.

variable "egress_cidr" {
  type        = string
  description = "Where the unknown_cidr function may connect (no default: unknown at scan time)."
}

locals {
  whole_groups = [aws_security_group.whole.id]
}

resource "aws_security_group" "private" {
  name        = "net-private-lambda"
  description = "HTTPS to the VPC endpoints only"
  vpc_id      = "vpc-0a1b2c3d4e5f60718"

  egress {
    description = "HTTPS to the VPC endpoints"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.20.0.0/16"]
  }
}

resource "aws_security_group" "inline" {
  name   = "net-inline-lambda"
  vpc_id = "vpc-0a1b2c3d4e5f60718"

  ingress {
    description      = "Nothing should connect to a function"
    protocol         = "tcp"
    from_port        = 443
    to_port          = 443
    cidr_blocks      = ["10.20.0.0/16", "0.0.0.0/0"] # expect: LMB204
    ipv6_cidr_blocks = ["::/0"] # expect: LMB204
  }

  egress {
    protocol         = "-1"
    from_port        = 0
    to_port          = 0
    cidr_blocks      = ["0.0.0.0/0"] # expect: LMB203
    ipv6_cidr_blocks = ["::/0"] # expect: LMB203
  }

  egress {
    description = "HTTPS anywhere is not all traffic"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "rules" {
  name   = "net-rules-lambda"
  vpc_id = "vpc-0a1b2c3d4e5f60718"
}

resource "aws_security_group_rule" "rules_all_tcp_out" {
  type              = "egress"
  security_group_id = aws_security_group.rules.id
  protocol          = "tcp"
  from_port         = 0
  to_port           = 65535
  cidr_blocks       = ["0.0.0.0/0"] # expect: LMB203
}

resource "aws_security_group_rule" "rules_ssh_in" {
  type              = "ingress"
  security_group_id = aws_security_group.rules.id
  protocol          = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_blocks       = ["0.0.0.0/0"] # expect: LMB204
}

resource "aws_vpc_security_group_egress_rule" "rules_all_v6_out" {
  security_group_id = aws_security_group.rules.id
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0" # expect: LMB203
}

resource "aws_vpc_security_group_egress_rule" "rules_https_out" {
  security_group_id = aws_security_group.rules.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "rules_https_in" {
  security_group_id = aws_security_group.rules.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0" # expect: LMB204
}

resource "aws_vpc_security_group_ingress_rule" "rules_from_alb" {
  security_group_id            = aws_security_group.rules.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.web.id
}

resource "aws_security_group" "shared" {
  name   = "net-shared-lambda"
  vpc_id = "vpc-0a1b2c3d4e5f60718"

  egress {
    protocol    = "all"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"] # expect: LMB203
  }
}

# Attached through local.whole_groups: found once references through locals are recorded.
resource "aws_security_group" "whole" {
  name   = "net-whole-lambda"
  vpc_id = "vpc-0a1b2c3d4e5f60718"

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"] # expect: LMB203
  }
}

resource "aws_security_group" "unknown_cidr" {
  name   = "net-unknown-cidr-lambda"
  vpc_id = "vpc-0a1b2c3d4e5f60718"

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = [var.egress_cidr]
  }
}

# Open, but attached to no function: out of this library's scope.
resource "aws_security_group" "web" {
  name   = "web-alb"
  vpc_id = "vpc-0a1b2c3d4e5f60718"

  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
