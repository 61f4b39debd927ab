//! The whole scan through the library API (discover, evaluate, the shipped policies, locate,
//! suppress, fixes, every report format) over one file written into a fresh directory.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tfwarden::{ScanOptions, Scanner};

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        Scanner::new(&ScanOptions {
            today: Some("2026-01-01".into()),
            ..ScanOptions::default()
        })
        .expect("the shipped policies load")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    // The first byte picks the file's kind, so plans and JSON configurations are reached too.
    let (name, body) = match data.split_first() {
        Some((b, rest)) if b % 3 == 1 => ("main.tf.json", rest),
        Some((b, rest)) if b % 3 == 2 => ("plan.json", rest),
        Some((_, rest)) => ("main.tf", rest),
        None => ("main.tf", data),
    };
    if std::fs::write(dir.path().join(name), body).is_err() {
        return;
    }
    let report = scanner().scan(&[dir.path().to_path_buf()]);
    let _ = tfwarden::report::json::render(&report);
});
