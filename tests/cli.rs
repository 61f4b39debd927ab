//! The command line as a first-day user and a CI pipeline meet it: the CI controls (`--soft-fail`,
//! `--rule`/`--skip-rule`, `--min-severity`, `--compact`, `--plan -`), the formats CI systems
//! read (GitHub annotations and job summary, GitLab Code Quality), and the rough edges of issue
//! 15: a copied example configuration, bad paths, unknown rules, help texts.

mod common;

use common::tfwarden;

use std::collections::BTreeSet;
use std::fs;

use serde_json::Value;

const VULNERABLE: &str = "examples/vulnerable-lambda";

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            stdout(out),
            stderr(out)
        )
    })
}

/// (file, line, rule) of every finding of a JSON report.
fn findings(doc: &Value) -> BTreeSet<(String, u64, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn scan(args: &[&str]) -> std::process::Output {
    tfwarden().arg("scan").args(args).output().unwrap()
}

#[test]
fn soft_fail_reports_findings_and_exits_0_but_errors_still_exit_2() {
    let out = scan(&[VULNERABLE, "--soft-fail", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(json_of(&out)["findings"].as_array().unwrap().len() > 20);

    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("broken.tf"), "resource \"a\" \"b\" {\n").unwrap();
    let out = scan(&[dir.path().to_str().unwrap(), "--soft-fail"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
}

#[test]
fn rule_selection_by_id_slug_and_equivalent_id() {
    let all = json_of(&scan(&[VULNERABLE, "--format", "json"]));
    let all = findings(&all);
    let only = |rules: &BTreeSet<&str>| -> BTreeSet<(String, u64, String)> {
        all.iter()
            .filter(|(_, _, r)| rules.contains(r.as_str()))
            .cloned()
            .collect()
    };

    // CKV_AWS_45 is Checkov's ID for what LMB401 checks; a slug and a comma list work too.
    let out = scan(&[
        VULNERABLE,
        "--rule",
        "CKV_AWS_45,lambda-tracing-disabled",
        "--format",
        "json",
    ]);
    let doc = json_of(&out);
    assert_eq!(findings(&doc), only(&BTreeSet::from(["LMB401", "LMB501"])));
    assert_eq!(doc["summary"]["rules"], 2, "only the selected rules run");
    assert!(!findings(&doc).is_empty());

    let out = scan(&[
        VULNERABLE,
        "--skip-rule",
        "LMB401",
        "--skip-rule",
        "LMB501",
        "--format",
        "json",
    ]);
    let doc = json_of(&out);
    let expected: BTreeSet<_> = all
        .iter()
        .filter(|(_, _, r)| r != "LMB401" && r != "LMB501")
        .cloned()
        .collect();
    assert_eq!(findings(&doc), expected);
    assert_eq!(doc["summary"]["rules"], common::SHIPPED_RULES as u64 - 2);

    // A typo selects nothing: it is an error, not a clean run.
    let out = scan(&[VULNERABLE, "--rule", "LMB999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--rule LMB999: no loaded rule"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn min_severity_reports_only_findings_at_or_above_it() {
    let all = json_of(&scan(&[VULNERABLE, "--format", "json"]));
    let out = scan(&[VULNERABLE, "--min-severity", "high", "--format", "json"]);
    let doc = json_of(&out);
    let expected: Vec<&Value> = all["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "high" || f["severity"] == "critical")
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(doc["findings"].as_array().unwrap().len(), expected.len());
    assert!(doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["severity"] == "high" || f["severity"] == "critical"));
    assert_eq!(out.status.code(), Some(1));

    let out = scan(&[VULNERABLE, "--min-severity", "severe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("possible values: info, low, medium, high, critical"));
}

#[test]
fn compact_output_is_one_line_per_finding() {
    let doc = json_of(&scan(&[VULNERABLE, "--format", "json"]));
    let out = scan(&[VULNERABLE, "--compact"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let total = doc["findings"].as_array().unwrap().len();
    assert_eq!(lines.len(), total + 1, "{text}");
    let first = &doc["findings"][0];
    assert!(
        lines[0].starts_with(&format!(
            "{}:{}:{}: {} {} ",
            first["file"].as_str().unwrap(),
            first["line"],
            first["column"],
            first["severity"].as_str().unwrap(),
            first["rule_id"].as_str().unwrap()
        )),
        "{}",
        lines[0]
    );
    assert!(lines[total].starts_with(&format!("{total} findings")));
    // The secret is masked in the message, and no snippet is printed.
    assert!(!text.contains("hunter2") && !text.contains('│'), "{text}");
}

#[test]
fn a_plan_can_come_from_standard_input() {
    let plan = "testdata/plan/terraform/iam.json";
    // The HCL the plan was made from locates its findings.
    let hcl = "testdata/hcl/iam";
    let from_file = json_of(&scan(&[hcl, "--plan", plan, "--format", "json"]));
    let out = tfwarden()
        .args(["scan", hcl, "--plan", "-", "--format", "json"])
        .pipe_stdin(plan)
        .unwrap()
        .output()
        .unwrap();
    let from_stdin = json_of(&out);
    assert!(!findings(&from_file).is_empty());
    assert_eq!(
        findings(&from_stdin),
        findings(&from_file),
        "the same findings, at the same places"
    );
    assert_eq!(from_stdin["errors"], serde_json::json!([]));
    assert!(findings(&from_stdin)
        .iter()
        .all(|(f, _, _)| f.starts_with(hcl)));

    let out = tfwarden()
        .args(["scan", hcl, "--plan", "-"])
        .write_stdin("{ not a plan")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("<stdin>"), "{}", stdout(&out));
}

#[test]
fn github_annotations_put_the_most_severe_first_and_the_job_summary_lists_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    fs::write(&summary, "earlier step\n").unwrap();
    let out = tfwarden()
        .args(["scan", VULNERABLE, "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let doc = json_of(&scan(&[VULNERABLE, "--format", "json"]));
    let severity_of: std::collections::BTreeMap<&str, u8> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let rank = match f["severity"].as_str().unwrap() {
                "critical" => 4,
                "high" => 3,
                "medium" => 2,
                "low" => 1,
                _ => 0,
            };
            (f["rule_id"].as_str().unwrap(), rank)
        })
        .collect();
    let rank = |line: &str| -> u8 {
        let title = line.split("title=").nth(1).unwrap_or_default();
        let id = title.split(' ').next().unwrap_or_default();
        severity_of.get(id).copied().unwrap_or(0)
    };
    let ranks: Vec<u8> = text.lines().map(rank).collect();
    assert!(ranks.len() > 20);
    let mut sorted = ranks.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(ranks, sorted, "most severe first:\n{text}");
    assert!(text.lines().next().unwrap().starts_with("::error "));

    let written = fs::read_to_string(&summary).unwrap();
    assert!(written.starts_with("earlier step\n## tfwarden"), "appended");
    let rows: Vec<&str> = written
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| severity"))
        .collect();
    assert_eq!(rows.len(), doc["findings"].as_array().unwrap().len());
    assert!(rows[0].starts_with("| critical | LMB"), "{}", rows[0]);
    assert!(
        rows.iter().any(
            |r| r.contains("`examples/vulnerable-lambda/main.tf:46:7`") && r.contains("LMB401")
        ),
        "{written}"
    );
    assert!(!written.contains("hunter2"));
}

#[test]
fn gitlab_code_quality_report_follows_the_documented_schema() {
    let schema: Value =
        serde_json::from_str(&fs::read_to_string("testdata/codequality/schema.json").unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let out = scan(&[VULNERABLE, "--format", "codequality"]);
    assert_eq!(out.status.code(), Some(1));
    let issues = json_of(&out);
    let errors: Vec<String> = validator
        .iter_errors(&issues)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let doc = json_of(&scan(&[VULNERABLE, "--format", "json"]));
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), doc["findings"].as_array().unwrap().len());
    let fingerprints: BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
    let secret = issues
        .iter()
        .find(|i| i["check_name"] == "LMB401")
        .expect("LMB401 issue");
    assert_eq!(secret["severity"], "blocker");
    assert_eq!(
        secret["location"]["path"],
        "examples/vulnerable-lambda/main.tf"
    );
    assert_eq!(secret["location"]["lines"]["begin"], 46);

    // A file that does not parse is an issue too: a broken scan is not an empty report.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("broken.tf"), "resource \"a\" \"b\" {\n").unwrap();
    let out = tfwarden()
        .current_dir(dir.path())
        .args(["scan", ".", "--format", "codequality"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let issues = json_of(&out);
    assert!(validator.is_valid(&issues), "{issues}");
    assert_eq!(issues[0]["check_name"], "tfwarden-error");
}

#[test]
fn the_ci_example_configuration_works_when_copied_as_is() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        "examples/ci/tfwarden.toml",
        dir.path().join(".tfwarden.toml"),
    )
    .unwrap();
    for entry in fs::read_dir(VULNERABLE).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "tf") {
            fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let out = tfwarden()
        .current_dir(dir.path())
        .args(["scan", ".", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!json_of(&out)["findings"].as_array().unwrap().is_empty());
    let out = tfwarden()
        .current_dir(dir.path())
        .arg("config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("fail_on = \"medium\""));
}

#[test]
fn a_missing_policy_directory_is_reported_at_its_line_by_scan_and_config() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join(".tfwarden.toml"),
        "fail_on = \"high\"\npolicy_dirs = [\"policies\"]\n",
    )
    .unwrap();
    fs::write(dir.path().join("main.tf"), "").unwrap();

    let out = tfwarden()
        .current_dir(dir.path())
        .arg("config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "config does not call it fine");
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("policy_dirs: \"policies\" is not a directory"),
        "{err}"
    );
    assert!(
        err.contains(".tfwarden.toml:2:"),
        "at the entry's line: {err}"
    );

    // JSON readers get a document that says why, not an empty stdout.
    let out = tfwarden()
        .current_dir(dir.path())
        .args(["scan", ".", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc = json_of(&out);
    assert_eq!(doc["findings"], serde_json::json!([]));
    assert_eq!(doc["errors"][0]["file"], ".tfwarden.toml");
    assert_eq!(doc["errors"][0]["line"], 2);
    assert_eq!(doc["errors"][0]["column"], 16);
}

#[test]
fn paths_that_do_not_exist_are_named_without_a_made_up_position() {
    let out = scan(&["does-not-exist"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(
        text.contains("error: does-not-exist: the path does not exist"),
        "{text}"
    );
    assert!(!text.contains("does-not-exist:1:1"), "{text}");

    // Machine formats carry no position either.
    let out = scan(&["does-not-exist", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let error = &json_of(&out)["errors"][0];
    assert_eq!(error["file"], "does-not-exist");
    assert_eq!(
        (&error["line"], &error["column"]),
        (&Value::Null, &Value::Null)
    );
    let out = scan(&["does-not-exist", "--format", "github"]);
    assert!(
        stdout(&out).contains("::error file=does-not-exist::the path does not exist"),
        "{}",
        stdout(&out)
    );
    let out = scan(&["does-not-exist", "--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let location = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]
        ["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "does-not-exist");
    assert_eq!(location["region"], Value::Null, "{location}");

    let out = tfwarden().args(["config", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).is_empty(),
        "no defaults printed for a bad path"
    );
    assert!(
        stderr(&out).contains("nope: the configuration file does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn files_skipped_on_purpose_are_named_and_ignored_ones_counted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let tf = "resource \"aws_s3_bucket\" \"b\" {}\n";
    fs::create_dir_all(root.join("old")).unwrap();
    fs::create_dir_all(root.join("build")).unwrap();
    for file in [
        "main.tf",
        "main.tf.bak",
        "old/network.tf.orig",
        "build/generated.tf",
        ".scratch.tf",
    ] {
        fs::write(root.join(file), tf).unwrap();
    }
    fs::write(root.join("prod.tfvars"), "a = 1\n").unwrap();
    fs::write(root.join("terraform.tfvars"), "a = 1\n").unwrap();
    fs::write(root.join("README.md"), "not Terraform, not listed\n").unwrap();
    fs::write(root.join(".gitignore"), "build/\n").unwrap();

    let out = tfwarden()
        .current_dir(root)
        .args(["scan", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let summary = text.lines().last().unwrap_or_default();
    assert_eq!(
        summary,
        "no findings in 1 file, 1 resource, 37 rules; skipped 3: main.tf.bak, \
         old/network.tf.orig (not a Terraform file name: Terraform reads .tf and .tf.json), \
         prod.tfvars (a variable file Terraform loads only when named: pass it with \
         --var-file); 2 Terraform files ignored (.gitignore, hidden or exclude)"
    );

    // Given with --var-file, prod.tfvars is read, not skipped; JSON names the rest.
    let out = tfwarden()
        .current_dir(root)
        .args(["scan", ".", "--var-file", "prod.tfvars", "--format", "json"])
        .output()
        .unwrap();
    let doc = json_of(&out);
    assert_eq!(doc["summary"]["skipped"], 2);
    assert_eq!(doc["summary"]["ignored"], 2);
    let skipped: Vec<&str> = doc["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["file"].as_str())
        .collect();
    assert_eq!(skipped, ["main.tf.bak", "old/network.tf.orig"]);
}

#[test]
fn a_scan_that_finds_no_terraform_files_says_so() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.md"), "nothing here\n").unwrap();
    let out = tfwarden()
        .current_dir(dir.path())
        .args(["scan", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).trim_end(),
        "no Terraform files (.tf, .tf.json) found: nothing scanned (37 rules)"
    );
}

#[test]
fn an_output_file_that_cannot_be_written_fails_before_anything_is_printed() {
    let out = scan(&[VULNERABLE, "--format", "sarif=/no/such/dir/x.sarif"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert!(stderr(&out).contains("sarif=/no/such/dir/x.sarif: cannot write"));
}

#[test]
fn fix_with_an_unknown_rule_is_an_error() {
    let out = tfwarden()
        .args(["fix", VULNERABLE, "--rule", "LMB999"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("--rule LMB999"));
}

#[test]
fn help_lists_severities_and_the_environment() {
    let out = tfwarden().args(["scan", "--help"]).output().unwrap();
    let help = stdout(&out);
    assert!(
        help.contains("--fail-on <SEVERITY>")
            && help.contains("[possible values: info, low, medium, high, critical]"),
        "{help}"
    );
    assert!(help.contains("TFWARDEN_TODAY=YYYY-MM-DD"), "{help}");
    let out = tfwarden().arg("--help").output().unwrap();
    assert!(stdout(&out).contains("TFWARDEN_TODAY"));
}

#[test]
fn rules_list_has_a_header_and_finds_rules_by_other_tools_ids() {
    let out = tfwarden().arg("rules").output().unwrap();
    let text = stdout(&out);
    let header: Vec<&str> = text.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["ID", "SEVERITY", "SLUG", "SEC", "HUB", "TITLE"]);
    assert_eq!(text.lines().count(), common::SHIPPED_RULES + 1);

    let out = tfwarden().args(["rules", "CKV_AWS_45"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("CKV_AWS_45 is covered by LMB401 (lambda-env-plaintext-secret)"),
        "{text}"
    );
    let out = tfwarden().args(["rules", "CKV_NOPE_1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn human_output_never_splits_a_slug_and_tells_low_from_medium() {
    let out = scan(&[VULNERABLE, "--color", "always"]);
    let text = stdout(&out);
    // Every slug the report names appears whole on one line.
    let doc = json_of(&scan(&[VULNERABLE, "--format", "json"]));
    for f in doc["findings"].as_array().unwrap() {
        let slug = f["rule"].as_str().unwrap();
        assert!(text.contains(slug), "{slug} is split:\n{text}");
    }
    assert!(text.contains("\x1b[33m[medium]\x1b[0m"), "medium in yellow");
    assert!(text.contains("\x1b[34m[low]\x1b[0m"), "low in blue");
    let plain = stdout(&scan(&[VULNERABLE, "--color", "never"]));
    assert!(plain.contains("[low]") && !plain.contains('\x1b'));
}

#[test]
fn baseline_version_is_a_string_like_the_report_version_and_old_files_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let out = tfwarden()
        .args(["scan", VULNERABLE, "--write-baseline"])
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let written: Value = serde_json::from_str(&fs::read_to_string(&baseline).unwrap()).unwrap();
    let report = json_of(&scan(&[VULNERABLE, "--format", "json"]));
    assert!(written["version"].is_string() && report["version"].is_string());
    assert_eq!(written["version"], "1");

    // A baseline written before (version 1 as a number) still applies.
    let mut old = written.clone();
    old["version"] = serde_json::json!(1);
    fs::write(&baseline, old.to_string()).unwrap();
    let out = tfwarden()
        .args(["scan", VULNERABLE, "--format", "json", "--baseline"])
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(json_of(&out)["findings"], serde_json::json!([]));
}
