package tfwarden.lambda.lmb603

import data.tfwarden.lib
import data.tfwarden.testing

_signers := [{"signing_profile_version_arns": ["arn:aws:signer:eu-west-1:111122223333:/signing-profiles/app/abc"]}]

test_passes_when_enforced if {
	csc := testing.resource("aws_lambda_code_signing_config", "csc", {
		"allowed_publishers": _signers,
		"policies": [{"untrusted_artifact_on_deployment": "Enforce"}],
	})
	findings := deny with input as testing.document([csc])
	count(findings) == 0
}

test_fires_on_warn if {
	csc := testing.resource("aws_lambda_code_signing_config", "csc", {
		"allowed_publishers": _signers,
		"policies": [{"untrusted_artifact_on_deployment": "Warn"}],
	})
	findings := deny with input as testing.document([csc])
	findings == {lib.at(csc, "policies.0.untrusted_artifact_on_deployment", "aws_lambda_code_signing_config.csc only warns when code is unsigned or untrusted; set untrusted_artifact_on_deployment to Enforce")}
}

test_fires_without_policies_block if {
	csc := testing.resource("aws_lambda_code_signing_config", "csc", {"allowed_publishers": _signers})
	findings := deny with input as testing.document([csc])
	findings == {lib.at(csc, "policies.0.untrusted_artifact_on_deployment", "aws_lambda_code_signing_config.csc has no untrusted_artifact_on_deployment policy, so it defaults to Warn and deploys untrusted code")}
}

test_fires_with_empty_policies_list if {
	csc := testing.resource("aws_lambda_code_signing_config", "csc", {"allowed_publishers": _signers, "policies": []})
	findings := deny with input as testing.document([csc])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_code_signing_config.csc", "policies.0.untrusted_artifact_on_deployment"]}
}

test_fires_when_policies_block_lacks_the_setting if {
	csc := testing.resource("aws_lambda_code_signing_config", "csc", {"allowed_publishers": _signers, "policies": [{}]})
	findings := deny with input as testing.document([csc])
	{[f.resource, f.attribute] | some f in findings} == {["aws_lambda_code_signing_config.csc", "policies.0.untrusted_artifact_on_deployment"]}
}

test_unknown_policy_does_not_fire if {
	a := testing.with_unknown(
		testing.resource("aws_lambda_code_signing_config", "a", {"policies": [{"untrusted_artifact_on_deployment": null}]}),
		["policies.0.untrusted_artifact_on_deployment"],
	)
	b := testing.with_unknown(testing.resource("aws_lambda_code_signing_config", "b", {"policies": null}), ["policies"])
	findings := deny with input as testing.document([a, b])
	count(findings) == 0
}
