//! The "parse-only floor" of DESIGN.md's performance targets.
//!
//! ```text
//! cargo run --release --example parse-only -- [--hcl-edit] DIR [DIR...]
//! ```
//!
//! Walks each DIR with `ignore::WalkBuilder` (same filters as a scan: `.gitignore` respected,
//! hidden entries and `.terraform/` skipped), reads every `.tf` file and parses it with
//! `hcl::parse` (hcl-rs: no evaluation, no spans), single-threaded. Prints the number of files
//! and blocks (top-level and in total, nested blocks included). Every parse error is printed as
//! `FILE: MESSAGE` on stderr and makes the exit code 1; an unreadable file or a bad argument
//! makes it 2. A full `tfwarden scan` must stay within 3x of this program's wall time.
//!
//! With `--hcl-edit`, parses with `hcl_edit::parser::parse_body` instead: the parser that keeps
//! spans, which a scan needs for its diagnostics (a second, higher floor).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use hcl::Body;
use ignore::WalkBuilder;

fn count_blocks(body: &Body) -> usize {
    body.blocks().map(|b| 1 + count_blocks(&b.body)).sum()
}

fn count_edit_blocks(body: &hcl_edit::structure::Body) -> usize {
    body.blocks().map(|b| 1 + count_edit_blocks(&b.body)).sum()
}

/// Parses `text`; returns (top-level blocks, all blocks) or the error message.
fn parse(text: &str, edit: bool) -> Result<(usize, usize), String> {
    if edit {
        let body = hcl_edit::parser::parse_body(text).map_err(|e| e.to_string())?;
        Ok((body.blocks().count(), count_edit_blocks(&body)))
    } else {
        let body = hcl::parse(text).map_err(|e| e.to_string())?;
        Ok((body.blocks().count(), count_blocks(&body)))
    }
}

fn main() -> ExitCode {
    let mut edit = false;
    let mut dirs: Vec<String> = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--hcl-edit" => edit = true,
            "-h" | "--help" => return usage(),
            s if s.starts_with('-') => {
                eprintln!("parse-only: unknown option {s}");
                return ExitCode::from(2);
            }
            _ => dirs.push(arg),
        }
    }
    if dirs.is_empty() {
        return usage();
    }

    let start = Instant::now();
    let mut walk = WalkBuilder::new(&dirs[0]);
    for d in &dirs[1..] {
        walk.add(d);
    }
    walk.filter_entry(|e| e.file_name() != ".terraform");

    let (mut files, mut top_blocks, mut all_blocks, mut bytes) = (0usize, 0usize, 0usize, 0usize);
    let (mut parse_errors, mut io_errors) = (0usize, 0usize);
    for entry in walk.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                eprintln!("parse-only: {e}");
                io_errors += 1;
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file())
            || path.extension().and_then(|e| e.to_str()) != Some("tf")
        {
            continue;
        }
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                io_errors += 1;
                continue;
            }
        };
        files += 1;
        bytes += text.len();
        match parse(&text, edit) {
            Ok((top, all)) => {
                top_blocks += top;
                all_blocks += all;
            }
            Err(e) => {
                eprintln!("{}: {e}", display(path));
                parse_errors += 1;
            }
        }
    }

    println!(
        "parse-only ({}): {files} files, {top_blocks} top-level blocks, {all_blocks} blocks in total, {bytes} bytes, {parse_errors} parse errors",
        if edit { "hcl-edit" } else { "hcl-rs" }
    );
    eprintln!("parse-only: {:.3} s", start.elapsed().as_secs_f64());
    if io_errors > 0 {
        ExitCode::from(2)
    } else if parse_errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: parse-only [--hcl-edit] DIR [DIR...]");
    ExitCode::from(2)
}

fn display(p: &Path) -> String {
    p.strip_prefix("./").unwrap_or(p).display().to_string()
}
