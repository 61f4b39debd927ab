# A module that calls itself: followed once, then reported.
module "again" {
  source = "./"
}

resource "aws_sqs_queue" "q" {
  name = "loop"
}
