//! Replays `testdata/fuzz-regressions/<target>/*` through the code path of each fuzz target of
//! `fuzz/` (which CI does not build): every input ends without a panic, and what it gets wrong
//! is an error located in the file it came from.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tfwarden::{ScanOptions, Scanner};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new("testdata/fuzz-regressions").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} has inputs", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn assert_located(errors: &[tfwarden::ScanError], file: &str, input: &Path) {
    for e in errors {
        assert_eq!(e.file, file, "{}: {e:?}", input.display());
        assert!(e.line >= 1 && e.column >= 1, "{}: {e:?}", input.display());
        assert!(!e.message.is_empty(), "{}: {e:?}", input.display());
    }
}

#[test]
fn hcl_evaluate_inputs_parse_or_fail_at_a_position() {
    for (path, bytes) in inputs("hcl_evaluate") {
        let parsed = tfwarden::parse::decode("fuzz/main.tf", bytes)
            .and_then(|source| tfwarden::parse::parse_hcl(Arc::new(source)));
        match parsed {
            Ok(file) => {
                let values = tfwarden::evaluate::evaluate_files(vec![file], "fuzz");
                assert_located(&values.errors, "fuzz/main.tf", &path);
            }
            Err(e) => assert_located(&[e], "fuzz/main.tf", &path),
        }
    }
}

#[test]
fn plan_json_inputs_read_or_fail_at_a_position() {
    for (path, bytes) in inputs("plan_json") {
        let plan = tfwarden::parse::decode("fuzz/plan.json", bytes)
            .and_then(|source| tfwarden::parse::parse_plan(Arc::new(source)));
        match plan {
            Ok(plan) => {
                let values = tfwarden::evaluate::plan::evaluate_plan(&plan, "fuzz", None);
                assert_located(&values.errors, "fuzz/plan.json", &path);
            }
            Err(e) => assert_located(&[e], "fuzz/plan.json", &path),
        }
    }
}

#[test]
fn scan_inputs_give_a_report_with_located_errors() {
    let scanner = Scanner::new(&ScanOptions {
        today: Some("2026-01-01".into()),
        ..ScanOptions::default()
    })
    .expect("the shipped policies load");
    for (path, bytes) in inputs("scan") {
        let dir = tempfile::tempdir().unwrap();
        let (name, body) = match bytes.split_first() {
            Some((b, rest)) if b % 3 == 1 => ("main.tf.json", rest),
            Some((b, rest)) if b % 3 == 2 => ("plan.json", rest),
            Some((_, rest)) => ("main.tf", rest),
            None => ("main.tf", &bytes[..]),
        };
        std::fs::write(dir.path().join(name), body).unwrap();
        let report = scanner.scan(&[dir.path().to_path_buf()]);
        if path.to_string_lossy().contains("truncated") {
            assert!(!report.errors.is_empty(), "{}: an error", path.display());
        }
        for e in &report.errors {
            assert!(e.file.ends_with(name), "{}: {e:?}", path.display());
            assert_located(std::slice::from_ref(e), &e.file, &path);
        }
        let json: serde_json::Value =
            serde_json::from_str(&tfwarden::report::json::render(&report)).unwrap();
        assert_eq!(json["version"], "2");
    }
}

#[test]
fn suppression_inputs_give_directives_or_nothing() {
    for (path, bytes) in inputs("suppressions") {
        let text = String::from_utf8_lossy(&bytes);
        let file = tfwarden::source::SourceFile::new("fuzz/main.tf", text.as_ref());
        let directives = tfwarden::suppress::inline::directives(&file);
        // Every comment naming tfwarden is read as a directive, valid or not (a bad one is
        // reported, never dropped).
        assert!(!directives.is_empty(), "{}", path.display());
    }
}
