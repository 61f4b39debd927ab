//! In-process benchmarks of the pipeline: loading the policy library, scanning the small
//! example module (the pre-commit case), and, when `make bench` has generated it, a 100-module
//! corpus. Whole-process comparisons with other scanners live in `compare.sh`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use tfwarden::{ScanOptions, Scanner};

fn options() -> ScanOptions {
    ScanOptions {
        today: Some("2026-11-22".into()),
        ..ScanOptions::default()
    }
}

fn bench(c: &mut Criterion) {
    c.bench_function("load_policy_library", |b| {
        b.iter(|| Scanner::new(&options()).expect("library loads"))
    });
    let scanner = Scanner::new(&options()).expect("library loads");
    let small = vec![PathBuf::from("examples/vulnerable-lambda")];
    c.bench_function("scan_vulnerable_example", |b| {
        b.iter(|| scanner.scan(&small))
    });
    let corpus = PathBuf::from(".bench/corpus-100");
    if corpus.is_dir() {
        let paths = vec![corpus];
        let mut group = c.benchmark_group("corpus");
        group.sample_size(10);
        group.bench_function("scan_100_modules", |b| b.iter(|| scanner.scan(&paths)));
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
