//! Root modules are scanned in batches (bounded memory at monorepo scale); the report must be
//! the one a single graph of every root gives: same findings, suppressions, notes, errors,
//! summary, fixes and order, in every batch size.

use std::path::PathBuf;

use tfwarden::report::{human, json};
use tfwarden::{ScanOptions, Scanner};

/// A scanner of the shipped library on a fixed date, `batch` roots at a time.
fn scanner(batch: usize, lean: bool) -> Scanner {
    let mut scanner = Scanner::new(&ScanOptions {
        today: Some("2026-11-22".into()),
        ..ScanOptions::default()
    })
    .expect("library loads");
    scanner.batch_roots(batch);
    scanner.lean_sources(lean);
    scanner
}

fn scan(batch: usize, lean: bool, paths: &[&str]) -> (String, String, Vec<String>) {
    let scanner = scanner(batch, lean);
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let report = scanner.scan(&paths);
    let options = human::HumanOptions {
        color: false,
        show_fixes: true,
        ..Default::default()
    };
    (
        json::render(&report),
        human::render(&report, options),
        report.sources.keys().cloned().collect(),
    )
}

#[test]
fn batches_of_roots_report_what_one_graph_does() {
    // Many roots: shared modules, a module cycle, suppressions in a called module, malformed
    // files, fixes through variables.
    for paths in [
        &["testdata/hcl"][..],
        &["examples", "testdata/hcl/modules"][..],
    ] {
        let whole = scan(0, false, paths);
        assert!(whole.0.contains("\"rule_id\""), "{paths:?} has findings");
        for batch in [1, 2, 3, 1000] {
            let batched = scan(batch, false, paths);
            assert_eq!(batched.0, whole.0, "JSON, {paths:?}, batches of {batch}");
            assert_eq!(batched.1, whole.1, "human, {paths:?}, batches of {batch}");
            assert_eq!(batched.2, whole.2, "sources, {paths:?}, batches of {batch}");
            let lean = scan(batch, true, paths);
            assert_eq!(lean.0, whole.0, "lean JSON, {paths:?}, batches of {batch}");
        }
    }
}

/// `scan_streaming` hands out every finding once, in report order, and the JSON written as they
/// come is byte for byte the document of the whole report, in every batch size.
#[test]
fn streamed_json_is_the_whole_report() {
    for paths in [
        &["testdata/hcl"][..],
        &["examples", "testdata/hcl/modules"][..],
    ] {
        let whole = scan(0, true, paths).0;
        for batch in [0, 1, 3, 1000] {
            let scanner = scanner(batch, true);
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            let mut handed = 0;
            let mut stream = json::Stream::start(Vec::new()).expect("writes to memory");
            let report = scanner.scan_streaming(&paths, &[], &mut |findings| {
                handed += findings.len();
                stream.findings(&findings).expect("writes to memory");
            });
            assert!(report.findings.is_empty(), "streamed findings are not kept");
            assert_eq!(report.summary.findings, handed, "summary counts them");
            assert!(handed > 0, "{paths:?} has findings");
            let text = stream.finish(&report).expect("writes to memory");
            assert_eq!(
                String::from_utf8(text).expect("UTF-8"),
                whole,
                "{paths:?}, batches of {batch}"
            );
        }
    }
}
