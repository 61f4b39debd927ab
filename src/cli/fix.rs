//! `tfwarden fix`: the unified diff of the mechanical fixes of a scan's findings, or, with
//! `--write`, the files rewritten, or, with `--check`, whether any fix is left to make (for CI).
//! Safe fixes by default; `--unsafe` adds the ones that change behaviour a user must confirm.

use std::io::Write;
use std::path::PathBuf;

use super::{scanner, write_all, PolicyArgs, VarArgs};
use crate::fix::{self, Selection};
use crate::report::human;
use crate::Error;

#[derive(Debug, clap::Args)]
pub(crate) struct FixArgs {
    /// Files or directories to fix.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Also apply unsafe fixes (they change behaviour: review them).
    #[arg(long = "unsafe")]
    unsafe_fixes: bool,
    /// Only fix the findings of this rule (ID or slug; repeatable).
    #[arg(long = "rule", value_name = "ID")]
    rules: Vec<String>,
    /// Rewrite the files instead of printing the diff.
    #[arg(long, conflicts_with = "check")]
    write: bool,
    /// Print the diff and exit 1 if any fix is left to make (0 if none), for CI.
    #[arg(long)]
    check: bool,
    #[command(flatten)]
    vars: VarArgs,
    #[command(flatten)]
    policies: PolicyArgs,
}

/// Exit 0 when the fixes were printed or written, 2 when inputs had errors (their files are
/// not edited; the others are) or a `--rule` names no loaded rule; with `--check`, 1 when a
/// fix is left to make.
pub(crate) fn fix(args: FixArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, Error> {
    let start = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let (scanner, _) = scanner(&args.policies, &start, &args.vars)?;
    let loaded: Vec<&crate::RuleMeta> = scanner.rules().collect();
    let rules = crate::scanner::resolve_rules(&loaded, &args.rules, "--rule")?;
    let report = scanner.scan(&args.paths);
    let selection = Selection {
        unsafe_fixes: args.unsafe_fixes,
        rules: rules.into_iter().collect(),
    };
    let (files, refused) = fix::plan(&report, &selection);
    let mut messages = String::new();
    let mut written = 0;
    let mut fixed = 0;
    for file in &files {
        // Never write a file that no longer parses, or that changed since it was scanned.
        if hcl_edit::parser::parse_body(&file.after).is_err() {
            messages.push_str(&format!(
                "not fixed: {}: the edit would not parse\n",
                file.path
            ));
            continue;
        }
        if !args.write {
            write_all(out, &fix::diff(&file.path, &file.before, &file.after))?;
            fixed += file.fixed;
            continue;
        }
        let current = std::fs::read_to_string(&file.path).unwrap_or_default();
        if current != file.before {
            messages.push_str(&format!(
                "not fixed: {}: it changed during the run\n",
                file.path
            ));
            continue;
        }
        std::fs::write(&file.path, &file.after)
            .map_err(|e| Error::Usage(format!("cannot write {}: {e}", file.path)))?;
        written += 1;
        fixed += file.fixed;
    }
    for (finding, why) in &refused {
        messages.push_str(&format!("not fixed: {finding}: {why}\n"));
    }
    let unsafe_left = report
        .findings
        .iter()
        .filter(|f| {
            f.edit
                .as_ref()
                .is_some_and(|e| e.applicability == crate::policy::metadata::Applicability::Unsafe)
                && !args.unsafe_fixes
        })
        .count();
    let plural = crate::report::human::plural;
    messages.push_str(&if args.write {
        format!(
            "fixed {} in {}",
            plural(fixed, "finding"),
            plural(written, "file")
        )
    } else if args.check && fixed > 0 {
        format!("{fixed} findings have a fix above: run `tfwarden fix --write` to apply it")
    } else {
        format!("{fixed} findings have a fix above")
    });
    if unsafe_left > 0 {
        messages.push_str(&format!(
            "; {unsafe_left} more with --unsafe (they change behaviour: review them)"
        ));
    }
    messages.push('\n');
    if !report.errors.is_empty() {
        let source_of = |f: &str| report.sources.get(f).cloned();
        let text = human::render_errors(&report.errors, &source_of, Default::default());
        messages.push_str(&text);
    }
    let _ = err.write_all(messages.as_bytes());
    Ok(if !report.errors.is_empty() {
        2
    } else if args.check && fixed > 0 {
        1
    } else {
        0
    })
}
