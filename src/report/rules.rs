//! Rule documentation: the `tfwarden rules` list, one rule explained in the terminal, and the
//! Markdown pages of `docs/rules/`, all from the rules' METADATA (one source of truth).

use std::fmt::Write;

use crate::RuleMeta;

/// A header, then one line per rule: ID, severity, slug, Security Hub control, title; the ID
/// and slug columns as wide as their longest entry (a Conftest rule is named by its package).
pub fn list(rules: &[&RuleMeta]) -> String {
    let id = rules.iter().map(|r| r.id.len()).max().unwrap_or(0).max(8);
    let slug = rules
        .iter()
        .map(|r| r.slug.len())
        .max()
        .unwrap_or(0)
        .max(34);
    let mut out = format!(
        "{:<id$} {:<9} {:<slug$} {:<10} {}\n",
        "ID", "SEVERITY", "SLUG", "SEC HUB", "TITLE"
    );
    for r in rules {
        let control = r.security_hub.as_deref().unwrap_or("-");
        let _ = writeln!(
            out,
            "{:<id$} {:<9} {:<slug$} {:<10} {}",
            r.id, r.severity, r.slug, control, r.title
        );
    }
    out
}

/// What `tfwarden fix` does for a rule's findings.
fn fix_text(r: &RuleMeta) -> String {
    match &r.fix {
        None => "none (the remediation needs a choice only you can make)".to_string(),
        Some(fix) if fix.set.is_empty() => format!(
            "{} (`tfwarden fix{}` sets the value the finding names)",
            fix.applicability.as_str(),
            unsafe_flag(fix.applicability)
        ),
        Some(fix) => format!(
            "{} (`tfwarden fix{}` sets {})",
            fix.applicability.as_str(),
            unsafe_flag(fix.applicability),
            fix.set
                .iter()
                .map(|(path, value)| format!("`{path} = {value}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn unsafe_flag(applicability: crate::policy::metadata::Applicability) -> &'static str {
    match applicability {
        crate::policy::metadata::Applicability::Safe => "",
        crate::policy::metadata::Applicability::Unsafe => " --unsafe",
    }
}

/// A rule explained for the terminal: description, remediation, equivalents, examples.
pub fn explain(r: &RuleMeta) -> String {
    let mut s = format!(
        "{} {} ({})\n{}\n\n{}\n\n",
        r.id, r.slug, r.severity, r.title, r.description
    );
    let _ = writeln!(s, "Remediation: {}", r.remediation);
    let _ = writeln!(s, "Fix: {}", fix_text(r));
    if !r.practice.is_empty() {
        let _ = writeln!(s, "Practice: {}", r.practice);
    }
    if let Some(control) = &r.security_hub {
        let _ = writeln!(s, "Security Hub: {control}");
    }
    for (tool, ids) in &r.equivalents {
        let _ = writeln!(s, "Equivalent in {tool}: {}", ids.join(", "));
    }
    for url in &r.references {
        let _ = writeln!(s, "See: {url}");
    }
    let _ = writeln!(s, "Defined in: {}:{}", r.file, r.line);
    if let Some(examples) = &r.examples {
        let _ = write!(
            s,
            "\nFails:\n\n{}\nPasses:\n\n{}",
            indent(&examples.bad),
            indent(&examples.good)
        );
    }
    s
}

fn indent(code: &str) -> String {
    code.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("    {l}\n")
            }
        })
        .collect()
}

/// The documentation page of one rule (`docs/rules/<ID>.md`).
pub fn page(r: &RuleMeta) -> String {
    let mut s = format!("# {}: {}\n\n", r.id, r.title);
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| slug | `{}` |", r.slug);
    let _ = writeln!(s, "| severity | {} |", r.severity);
    if !r.practice.is_empty() {
        let _ = writeln!(s, "| practice | {} |", r.practice);
    }
    if let Some(control) = &r.security_hub {
        let _ = writeln!(s, "| AWS Security Hub | {control} |");
    }
    for (tool, ids) in &r.equivalents {
        let _ = writeln!(s, "| {tool} | {} |", ids.join(", "));
    }
    let _ = write!(
        s,
        "\n{}\n\n## How to fix\n\n{}\n\nMechanical fix: {}.\n",
        r.description,
        r.remediation,
        fix_text(r)
    );
    if let Some(examples) = &r.examples {
        let _ = write!(
            s,
            "\n## Fails\n\n```hcl\n{}```\n\n## Passes\n\n```hcl\n{}```\n",
            with_newline(&examples.bad),
            with_newline(&examples.good)
        );
    }
    if !r.references.is_empty() {
        s.push_str("\n## References\n\n");
        for url in &r.references {
            let _ = writeln!(s, "- <{url}>");
        }
    }
    let _ = write!(
        s,
        "\n---\nGenerated from the METADATA of `{}` by `tfwarden rules --docs`; edit the policy, not this page.\n",
        r.file
    );
    s
}

fn with_newline(code: &str) -> String {
    if code.ends_with('\n') {
        code.to_string()
    } else {
        format!("{code}\n")
    }
}

/// The index page (`docs/rules/README.md`).
pub fn index(rules: &[&RuleMeta]) -> String {
    let mut s = String::from("# Rules\n\n| ID | slug | severity | title |\n|---|---|---|---|\n");
    for r in rules {
        let _ = writeln!(
            s,
            "| [{id}]({id}.md) | `{}` | {} | {} |",
            r.slug,
            r.severity,
            r.title,
            id = r.id
        );
    }
    s.push_str("\nGenerated by `tfwarden rules --docs docs/rules` (`make docs`).\n");
    s
}
