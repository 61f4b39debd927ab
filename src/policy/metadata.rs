//! Rule metadata: OPA METADATA annotations (a YAML `# METADATA` comment block above `package`)
//! with tfwarden's fields under `custom:`. regorus drops comments, so we read them here.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ScanError;

/// How serious a finding is. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advisory (a rule's `warn` set): never fails a run unless `--fail-on info`.
    Info,
    /// Hardening that is good practice.
    Low,
    /// A weakness worth fixing soon.
    Medium,
    /// A serious weakness.
    High,
    /// Exploitable as configured.
    Critical,
}

impl Severity {
    /// Every severity, lowest first.
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The lowercase name used in outputs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad` honours width and alignment, for tables.
        f.pad(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown severity {s:?} (expected info, low, medium, high or critical)")
            })
    }
}

/// Everything tfwarden knows about a rule, from its METADATA block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    /// Stable ID, e.g. `LMB501`.
    pub id: String,
    /// Stable slug, e.g. `lambda-tracing-disabled`.
    pub slug: String,
    /// Severity of its `deny` findings.
    pub severity: Severity,
    /// One-line title.
    pub title: String,
    /// What the rule checks and the practice it enforces.
    pub description: String,
    /// The practice, in a few words (e.g. "least privilege").
    pub practice: String,
    /// How to fix a finding.
    pub remediation: String,
    /// AWS Security Hub control, e.g. `Lambda.7`.
    pub security_hub: Option<String>,
    /// Equivalent check IDs in other scanners, by scanner (`checkov`, `trivy`, `kics`).
    pub equivalents: BTreeMap<String, Vec<String>>,
    /// Documentation links.
    pub references: Vec<String>,
    /// A failing and a passing Terraform example, when the rule documents them.
    pub examples: Option<Examples>,
    /// The mechanical fix, when the rule has one (rules whose fix needs a choice only the user
    /// can make have none: their remediation is the hint).
    pub fix: Option<FixSpec>,
    /// The Rego package, e.g. `data.tfwarden.lambda.lmb501`.
    pub package: String,
    /// The policy file it is defined in.
    pub file: String,
    /// 1-based line of its `package` statement.
    pub line: usize,
}

impl RuleMeta {
    /// Whether `name` names this rule: its ID (any case), its slug, or an equivalent check of
    /// another scanner (`CKV_AWS_45`, `AVD-AWS-0066`), so users can select and look rules up by
    /// the IDs they migrate from.
    pub fn answers_to(&self, name: &str) -> bool {
        self.id.eq_ignore_ascii_case(name)
            || self.slug == name
            || self
                .equivalents
                .values()
                .flatten()
                .any(|other| other.eq_ignore_ascii_case(name))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Annotation {
    title: String,
    description: String,
    related_resources: Vec<RelatedResource>,
    custom: Custom,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RelatedResource {
    Url(String),
    Ref {
        #[serde(rename = "ref")]
        url: String,
    },
}

/// How safe a fix is to apply without review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Changes nothing a user relies on (turning on tracing, enforcing signed code).
    Safe,
    /// Changes behaviour a user must confirm (requiring IAM auth, upgrading a runtime).
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A rule's mechanical fix: attribute paths of the finding's resource to set, with their values
/// as JSON text. A finding may carry its own `fix.set` (values that depend on the finding, such
/// as the runtime to upgrade to), which takes precedence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixSpec {
    /// How safe it is.
    pub applicability: Applicability,
    /// Attribute path (`tracing_config.0.mode`) to its new value, as JSON.
    pub set: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct RawFix {
    applicability: Applicability,
    #[serde(default)]
    set: BTreeMap<String, serde_json::Value>,
}

/// A rule's documented examples: Terraform that trips it and the same code fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Examples {
    /// HCL on which the rule fires.
    pub bad: String,
    /// The same HCL with the fix applied; the rule does not fire.
    pub good: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Custom {
    id: Option<String>,
    slug: Option<String>,
    severity: Option<String>,
    practice: String,
    remediation: String,
    security_hub: Option<String>,
    equivalents: BTreeMap<String, Vec<String>>,
    examples: Option<Examples>,
    fix: Option<RawFix>,
}

/// What a policy file declares: its package and, if it is a rule, the rule's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyHeader {
    /// `data.` + the package path.
    pub package: String,
    /// 1-based line of the `package` statement.
    pub line: usize,
    /// The rule metadata, when the package has a METADATA block with `custom.id`.
    pub rule: Option<RuleMeta>,
}

/// Reads the package statement and the package-scoped METADATA block of a Rego file.
pub fn read_header(file: &str, text: &str) -> Result<PolicyHeader, ScanError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut annotation: Option<(usize, String)> = None;
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim();
        if trimmed == "# METADATA" {
            let start = i + 1;
            let mut yaml = String::new();
            i += 1;
            while i < lines.len() && lines[i].trim_start().starts_with('#') {
                let body = lines[i].trim_start().trim_start_matches('#');
                yaml.push_str(body.strip_prefix(' ').unwrap_or(body));
                yaml.push('\n');
                i += 1;
            }
            annotation = Some((start, yaml));
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("package ") {
            let package = format!("data.{}", rest.trim());
            let line = i + 1;
            let rule = match annotation {
                Some((start, yaml)) => rule_meta(file, start, &yaml, &package, line)?,
                None => None,
            };
            return Ok(PolicyHeader {
                package,
                line,
                rule,
            });
        }
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            annotation = None;
        }
        i += 1;
    }
    Err(ScanError::file(file, "no package statement"))
}

fn rule_meta(
    file: &str,
    start: usize,
    yaml: &str,
    package: &str,
    line: usize,
) -> Result<Option<RuleMeta>, ScanError> {
    let annotation: Annotation = yaml_serde::from_str(yaml).map_err(|err| {
        let yaml_line = err.location().map_or(0, |l| l.line().saturating_sub(1));
        ScanError::new(
            file,
            start + 1 + yaml_line,
            1,
            format!("invalid METADATA: {err}"),
        )
    })?;
    let custom = annotation.custom;
    let Some(id) = custom.id else {
        return Ok(None);
    };
    let missing = |field: &str| {
        ScanError::new(
            file,
            start,
            1,
            format!("METADATA of rule {id} has no custom.{field}"),
        )
    };
    let severity = custom
        .severity
        .ok_or_else(|| missing("severity"))?
        .parse::<Severity>()
        .map_err(|msg| ScanError::new(file, start, 1, msg))?;
    Ok(Some(RuleMeta {
        slug: custom.slug.ok_or_else(|| missing("slug"))?,
        severity,
        title: annotation.title,
        description: annotation.description.trim().to_string(),
        practice: custom.practice,
        remediation: custom.remediation.trim().to_string(),
        security_hub: custom.security_hub,
        equivalents: custom
            .equivalents
            .into_iter()
            .filter(|(_, ids)| !ids.is_empty())
            .collect(),
        references: annotation
            .related_resources
            .into_iter()
            .map(|r| match r {
                RelatedResource::Url(url) | RelatedResource::Ref { url } => url,
            })
            .collect(),
        examples: custom.examples,
        fix: custom.fix.map(|f| FixSpec {
            applicability: f.applicability,
            set: f
                .set
                .into_iter()
                .map(|(path, value)| (path, value.to_string()))
                .collect(),
        }),
        package: package.to_string(),
        file: file.to_string(),
        line,
        id,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = r#"# A leading comment.

# METADATA
# title: Tracing is off
# description: >-
#   Functions without tracing.
#   Practice: monitoring.
# related_resources:
#   - https://example.com/a
#   - ref: https://example.com/b
# custom:
#   id: LMB501
#   slug: lambda-tracing-disabled
#   severity: low
#   practice: monitoring
#   remediation: Set mode.
#   security_hub: Lambda.7
#   equivalents:
#     checkov: [CKV_AWS_50]
#     kics: []
package tfwarden.lambda.lmb501

deny contains 1 if false
"#;

    #[test]
    fn reads_package_scoped_metadata() {
        let header = read_header("p.rego", RULE).unwrap();
        assert_eq!(header.package, "data.tfwarden.lambda.lmb501");
        assert_eq!(header.line, 21);
        let rule = header.rule.unwrap();
        assert_eq!(rule.id, "LMB501");
        assert_eq!(rule.severity, Severity::Low);
        assert_eq!(
            rule.description,
            "Functions without tracing. Practice: monitoring."
        );
        assert_eq!(
            rule.references,
            ["https://example.com/a", "https://example.com/b"]
        );
        assert_eq!(rule.equivalents.len(), 1);
        assert_eq!(rule.security_hub.as_deref(), Some("Lambda.7"));
    }

    #[test]
    fn a_package_without_metadata_is_not_a_rule() {
        let header = read_header("lib.rego", "package tfwarden.lib\n\nx := 1\n").unwrap();
        assert_eq!(header.rule, None);
    }

    #[test]
    fn bad_metadata_is_reported_at_its_line() {
        let text = "# METADATA\n# title: x\n# custom:\n#   id: X1\n#   slug: s\n#   severity: extreme\npackage p\n";
        let err = read_header("bad.rego", text).unwrap_err();
        assert!(err.message.contains("unknown severity"), "{}", err.message);
        let text = "# METADATA\n# title: [unclosed\npackage p\n";
        let err = read_header("bad.rego", text).unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Info);
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
        assert_eq!(format!("[{:<8}]", Severity::Low), "[low     ]");
        assert!("bad".parse::<Severity>().is_err());
    }
}
