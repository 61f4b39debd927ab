//! `tfwarden fix` end to end: the diff of every fixable rule (snapshot), refusals, `--write`
//! then a re-scan, idempotence, formatting kept, module files, and the fix in JSON, SARIF and
//! human output.

mod common;

use common::tfwarden;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

const FIXES: &str = "testdata/hcl/fixes";

/// A copy of `src` (a directory tree) in a temporary directory.
fn copy_tree(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let target = dst.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = tfwarden().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn findings(dir: &Path) -> Vec<Value> {
    let (_, out, _) = run(dir, &["scan", ".", "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    doc["findings"].as_array().unwrap().clone()
}

#[test]
fn the_diff_of_every_fixable_rule() {
    let (code, diff, err) = run(Path::new("."), &["fix", FIXES, "--unsafe"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("fix_unsafe_diff", diff);
    // A value from a variable is fixed where it is written (the default) when the variable
    // serves this finding alone; a variable two functions share stays a hint.
    assert!(
        diff.contains(
            "variable \"tracing\" {\n-  default = \"PassThrough\"\n+  default = \"Active\"\n"
        ),
        "{diff}"
    );
    for (line, name) in [(42, "shared_a"), (54, "shared_b")] {
        assert!(err.contains(&format!(
            "not fixed: testdata/hcl/fixes/main.tf:{line} LMB501 aws_lambda_function.{name}: the value comes from var.shared_mode, which is not set in one place for this finding alone"
        )), "{err}");
    }
    // Safe fixes only by default: tracing and code signing.
    let (_, safe, err) = run(Path::new("."), &["fix", FIXES]);
    let changed: Vec<&str> = safe
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!(
        changed,
        [
            "+    mode = \"Active\"",
            "+  default = \"Active\"",
            "+  policies {",
            "+    untrusted_artifact_on_deployment = \"Enforce\"",
            "+  }",
            "+  tracing_config {",
            "+    mode = \"Active\"",
            "+  }",
        ]
    );
    assert!(err.contains("more with --unsafe"), "{err}");
    // --rule limits.
    let (_, only, _) = run(
        Path::new("."),
        &["fix", FIXES, "--unsafe", "--rule", "LMB303"],
    );
    assert_eq!(
        only.lines().filter(|l| l.starts_with("+ ")).count(),
        1,
        "{only}"
    );
    assert!(only.contains("+  authorization_type = \"AWS_IAM\""));
}

#[test]
fn write_then_scan_leaves_only_what_needs_a_human_and_a_second_fix_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(FIXES), dir.path());
    let before = findings(dir.path());
    let fixable: BTreeSet<(String, String)> = before
        .iter()
        .filter(|f| !f["fix"].is_null())
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().into(),
                f["resource"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(fixable.len(), 9);
    let (code, _, err) = run(dir.path(), &["fix", ".", "--unsafe", "--write"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("fixed 9 findings in 2 files"), "{err}");
    let after = findings(dir.path());
    let left: BTreeSet<(String, String)> = after
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().into(),
                f["resource"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        fixable.is_disjoint(&left),
        "fixed findings are gone: {:?}",
        fixable.intersection(&left)
    );
    assert_eq!(after.len(), before.len() - 9);
    assert!(after.iter().all(|f| f["fix"].is_null()));
    let hints: Vec<&str> = after
        .iter()
        .filter(|f| f["rule_id"] == "LMB501")
        .filter_map(|f| f["resource"].as_str())
        .collect();
    assert_eq!(
        hints,
        [
            "aws_lambda_function.shared_a",
            "aws_lambda_function.shared_b"
        ]
    );
    let (_, again, err) = run(dir.path(), &["fix", ".", "--unsafe"]);
    assert_eq!(again, "", "a second fix has nothing to do");
    assert!(err.contains("0 findings have a fix"), "{err}");
    // Comments, blank lines and alignment are kept; the files still parse (the scan above).
    let text = fs::read_to_string(dir.path().join("main.tf")).unwrap();
    assert!(text.contains("  runtime       = \"python3.13\" # upgrade planned for Q1\n"));
    assert!(text
        .contains("\n  # X-Ray is off for now.\n  tracing_config {\n    mode = \"Active\"\n  }\n"));
    let module = fs::read_to_string(dir.path().join("modules/fn/main.tf")).unwrap();
    assert!(module
        .ends_with("  publish       = true\n  tracing_config {\n    mode = \"Active\"\n  }\n}\n"));
}

/// Applies every fix (`--unsafe --write`) to a copy of each tree; the files it changed, in
/// order.
fn written_by_fix(trees: &[&str]) -> (tempfile::TempDir, Vec<(String, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let mut written = Vec::new();
    for tree in trees {
        let copy = dir.path().join(Path::new(tree).file_name().unwrap());
        copy_tree(Path::new(tree), &copy);
        let (code, _, err) = run(&copy, &["fix", ".", "--unsafe", "--write"]);
        assert_eq!(code, 0, "{err}");
        let mut files: Vec<_> = fs::read_dir(&copy)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "tf"))
            .collect();
        files.sort();
        for file in files {
            let name = format!("{tree}/{}", file.file_name().unwrap().to_string_lossy());
            let text = fs::read_to_string(&file).unwrap();
            if fs::read_to_string(&name).ok().as_ref() != Some(&text) {
                written.push((name, text));
            }
        }
    }
    (dir, written)
}

const FMT_TREES: [&str; 3] = [
    "testdata/hcl/fix-format",
    FIXES,
    "examples/vulnerable-lambda",
];

/// What `fix --write` leaves is what terraform fmt would leave: a new argument joins the
/// arguments before the nested blocks (`publish = true` above `tracing_config`), and the `=` of
/// its run of single-line arguments is aligned again (`retention_in_days` longer than `name`).
/// The snapshots were checked with `terraform fmt -check` (Terraform 1.11.4, 2026-12-05): each
/// snapshot's text passed unchanged. The test itself needs no Terraform.
#[test]
fn fixes_leave_files_as_terraform_fmt_writes_them() {
    let (_dir, written) = written_by_fix(&FMT_TREES);
    for (name, text) in &written {
        insta::assert_snapshot!(format!("fmt_clean_{}", name.replace('/', "_")), text);
    }
    let fmt = &written[0].1;
    assert!(
        fmt.contains(
            "  tags = {\n    team = \"payments\"\n  }\n  publish = true\n\n  tracing_config {"
        ),
        "{fmt}"
    );
    assert!(
        fmt.contains(
            "  name              = \"/aws/lambda/tags-last\" # the function's group\n  \
             skip_destroy      = true                    # kept when the stack goes\n  \
             retention_in_days = 365\n"
        ),
        "{fmt}"
    );
}

/// The same files through Terraform itself, where it is installed. Without it this test checks
/// nothing and says so on stderr: the snapshots above carry the check.
#[test]
fn fixes_pass_terraform_fmt_check_when_terraform_is_installed() {
    let (dir, _) = written_by_fix(&FMT_TREES);
    let check = std::process::Command::new("terraform")
        .args(["fmt", "-check", "-diff", "-recursive", "."])
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .current_dir(dir.path())
        .output();
    match check {
        Ok(out) => assert!(
            out.status.success(),
            "terraform fmt -check:\n{}",
            String::from_utf8_lossy(&out.stdout)
        ),
        Err(e) => {
            eprintln!("SKIPPED: terraform is not on PATH ({e}): terraform fmt -check not run")
        }
    }
}

#[test]
fn files_with_errors_are_never_edited() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(FIXES), dir.path());
    let broken = "resource \"aws_lambda_function\" \"x\" {\n  runtime = \"python3.8\"\n  tracing_config { mode = \"PassThrough\" \n";
    fs::write(dir.path().join("modules/fn/main.tf"), broken).unwrap();
    let (code, _, err) = run(dir.path(), &["fix", ".", "--unsafe", "--write"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("modules/fn/main.tf")).unwrap(),
        broken
    );
    assert!(fs::read_to_string(dir.path().join("main.tf"))
        .unwrap()
        .contains("mode = \"Active\""));
}

#[test]
fn the_fix_travels_in_json_sarif_and_human_output() {
    let (_, out, _) = run(Path::new("."), &["scan", FIXES, "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let tracing = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "LMB501" && f["resource"] == "aws_lambda_function.api")
        .unwrap();
    assert_eq!(tracing["fix"]["applicability"], "safe");
    assert!(tracing["fix"]["diff"]
        .as_str()
        .unwrap()
        .contains("+    mode = \"Active\""));

    let (_, out, _) = run(Path::new("."), &["scan", FIXES, "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["ruleId"] == "LMB501"
                && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 12
        })
        .unwrap();
    let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"]["startLine"], 12);
    assert_eq!(replacement["deletedRegion"]["endLine"], 13);
    assert_eq!(
        replacement["insertedContent"]["text"],
        "    mode = \"Active\"\n"
    );

    let (_, human, _) = run(Path::new("."), &["scan", FIXES, "--show-fixes"]);
    assert!(
        human.contains("  fix (safe):\n    --- a/testdata/hcl/fixes/main.tf"),
        "{human}"
    );
}

#[test]
fn the_vulnerable_example_after_fix_write_has_only_findings_that_need_a_human_choice() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new("examples/vulnerable-lambda"), dir.path());
    let before = findings(dir.path());
    let (code, _, err) = run(dir.path(), &["fix", ".", "--unsafe", "--write"]);
    assert_eq!(code, 0, "{err}");
    let after = findings(dir.path());
    assert!(after.len() < before.len());
    assert!(after.iter().all(|f| f["fix"].is_null()), "{after:#?}");
    // What is left is what only a person can decide: which key, subnets, principal, tags...
    let left: BTreeSet<&str> = after.iter().filter_map(|f| f["rule_id"].as_str()).collect();
    for fixed in [
        "LMB303", "LMB308", "LMB501", "LMB503", "LMB601", "LMB603", "LMB606",
    ] {
        assert!(!left.contains(fixed), "{fixed} is still reported");
    }
}
