//! Tests of loading, discovering, validating and printing the configuration.

use super::*;
use serde_json::json;
use std::fs;

const FULL: &str = r#"fail_on = "medium"
policy_dirs = ["policies/acme", "/opt/policies"]
default_policies = false
exclude = ["legacy/**", "**/sandbox/*.tf"]

[rules.LMB701]
enabled = false
[rules.lambda-tracing-disabled]
severity = "medium"
ignorable = false

[suppressions]
inline = true
require_reason = false
migrate = false

[data]
required_tags = ["team", "cost-center"]
trusted_layer_accounts = ["017000801446"]
max_timeout = 900
ratio = 0.5
since = 2026-01-01
nested = { a = 1, b = [true, false] }
"#;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, text).unwrap();
    path
}

/// Loads `text` as a config file and returns the error.
fn error(text: &str) -> ScanError {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), FILE_NAME, text);
    let err = Config::load(&path).unwrap_err();
    assert_eq!(err.file, path.to_string_lossy());
    err
}

#[test]
fn a_full_file_loads_with_resolved_policy_dirs() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), FILE_NAME, FULL);
    let config = Config::load(&path).unwrap();
    assert_eq!(config.path.as_deref(), Some(path.as_path()));
    assert_eq!(config.fail_on, Some(Severity::Medium));
    assert_eq!(
        config.policy_dirs,
        vec![
            dir.path().join("policies/acme"),
            PathBuf::from("/opt/policies")
        ]
    );
    assert!(!config.default_policies);
    assert_eq!(config.exclude, vec!["legacy/**", "**/sandbox/*.tf"]);
    assert_eq!(
        config.rules["LMB701"],
        RuleConfig {
            enabled: false,
            severity: None,
            ignorable: true
        }
    );
    assert_eq!(
        config.rules["lambda-tracing-disabled"],
        RuleConfig {
            enabled: true,
            severity: Some(Severity::Medium),
            ignorable: false
        }
    );
    assert_eq!(
        config.suppressions,
        SuppressionPolicy {
            inline: true,
            require_reason: false,
            migrate: false
        }
    );
    assert_eq!(
        serde_json::Value::Object(config.data),
        json!({
            "max_timeout": 900,
            "nested": { "a": 1, "b": [true, false] },
            "ratio": 0.5,
            "required_tags": ["team", "cost-center"],
            "since": "2026-01-01",
            "trusted_layer_accounts": ["017000801446"],
        })
    );
}

#[test]
fn policy_dirs_resolve_against_a_relative_config_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "sub/conf.toml",
        "policy_dirs = [\"p\", \"../q\"]\n",
    );
    let config = Config::load(&path).unwrap();
    let sub = dir.path().join("sub");
    assert_eq!(config.policy_dirs, vec![sub.join("p"), sub.join("../q")]);
}

#[test]
fn defaults_without_a_file() {
    let config = Config::default();
    assert_eq!(config.path, None);
    assert_eq!(config.fail_on, None);
    assert!(config.policy_dirs.is_empty());
    assert!(config.default_policies);
    assert!(config.exclude.is_empty());
    assert!(config.rules.is_empty());
    assert_eq!(config.suppressions, SuppressionPolicy::default());
    assert!(config.suppressions.inline);
    assert!(config.suppressions.require_reason);
    assert!(config.suppressions.migrate);
    assert!(config.data.is_empty());
    assert_eq!(config.rule("LMB701", "x"), RuleConfig::default());
    assert!(RuleConfig::default().enabled && RuleConfig::default().ignorable);
}

#[test]
fn an_empty_file_is_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), FILE_NAME, "# nothing yet\n");
    let config = Config::load(&path).unwrap();
    assert_eq!(
        config,
        Config {
            path: Some(path),
            ..Config::default()
        }
    );
}

#[test]
fn discovery_finds_the_nearest_file_upward() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, FILE_NAME, "fail_on = \"high\"\n");
    write(&root, "a/b/main.tf", "");
    fs::create_dir_all(root.join("a/b/c")).unwrap();

    // From a nested directory and from a file, the root file is found.
    for start in [root.join("a/b/c"), root.join("a/b/main.tf")] {
        let config = Config::discover(&start).unwrap().unwrap();
        assert_eq!(config.fail_on, Some(Severity::High));
        assert_eq!(
            fs::canonicalize(config.path.unwrap()).unwrap(),
            root.join(FILE_NAME)
        );
    }

    // A nearer file wins.
    write(&root, &format!("a/{FILE_NAME}"), "fail_on = \"low\"\n");
    let config = Config::discover(&root.join("a/b/main.tf"))
        .unwrap()
        .unwrap();
    assert_eq!(config.fail_on, Some(Severity::Low));
    assert_eq!(
        fs::canonicalize(config.path.unwrap()).unwrap(),
        root.join("a").join(FILE_NAME)
    );

    // The file in the start directory itself counts.
    let config = Config::discover(&root.join("a")).unwrap().unwrap();
    assert_eq!(config.fail_on, Some(Severity::Low));
}

#[test]
fn discovery_finds_none_when_there_is_none() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "x/main.tf", "");
    // A directory with the file's name is not a config file.
    fs::create_dir_all(dir.path().join("x").join(FILE_NAME)).unwrap();
    let found_above = dir
        .path()
        .canonicalize()
        .unwrap()
        .ancestors()
        .any(|d| d.join(FILE_NAME).is_file());
    if !found_above {
        assert_eq!(
            Config::discover(&dir.path().join("x/main.tf")).unwrap(),
            None
        );
        assert_eq!(Config::discover(&dir.path().join("x")).unwrap(), None);
    }
}

#[test]
fn discovery_reports_a_broken_file_and_a_missing_start() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), FILE_NAME, "fail_on = \"severe\"\n");
    let err = Config::discover(dir.path()).unwrap_err();
    assert!(err.file.ends_with(FILE_NAME), "{err}");
    assert_eq!((err.line, err.column), (1, 11));

    let missing = dir.path().join("nope");
    let err = Config::discover(&missing).unwrap_err();
    assert_eq!(err.file, missing.to_string_lossy());
}

#[test]
fn relative_paths_walk_up_with_dot_dot() {
    assert_eq!(
        relative_to(Path::new("/a/b/c.toml"), Path::new("/a/b")),
        PathBuf::from("c.toml")
    );
    assert_eq!(
        relative_to(Path::new("/a/.tfwarden.toml"), Path::new("/a/b/c")),
        PathBuf::from("../../.tfwarden.toml")
    );
}

#[test]
fn syntax_errors_are_located() {
    let err = error("fail_on = \"low\"\n[rules\nx = 1\n");
    assert_eq!((err.line, err.column), (2, 7), "{err}");
    assert!(!err.message.is_empty());

    let err = error("exclude = [\"a\",\n  \"b\"\nfail_on = \"low\"\n");
    assert_eq!(err.line, 3, "{err}");
}

#[test]
fn unknown_top_level_keys_are_named_with_the_valid_ones() {
    let err = error("fail_on = \"low\"\n\nfail-on = \"high\"\n");
    assert_eq!((err.line, err.column), (3, 1), "{err}");
    assert!(err.message.starts_with("unknown key `fail-on`"), "{err}");
    for key in [
        "fail_on",
        "policy_dirs",
        "default_policies",
        "exclude",
        "rules",
        "suppressions",
        "data",
    ] {
        assert!(err.message.contains(&format!("`{key}`")), "{err}");
    }
}

#[test]
fn unknown_keys_in_a_rule_table_are_located() {
    let err = error("[rules.LMB701]\nenabled = false\n  serverity = \"low\"\n");
    assert_eq!((err.line, err.column), (3, 3), "{err}");
    assert_eq!(
        err.message,
        "unknown key `serverity`, expected one of `enabled`, `severity`, `ignorable`"
    );
}

#[test]
fn unknown_keys_in_suppressions_are_located() {
    let err = error("[suppressions]\ninline = false\nreasons = true\n");
    assert_eq!((err.line, err.column), (3, 1), "{err}");
    assert_eq!(
        err.message,
        "unknown key `reasons`, expected one of `inline`, `require_reason`, `migrate`"
    );
}

#[test]
fn wrong_types_are_located() {
    let err = error("default_policies = \"yes\"\n");
    assert_eq!((err.line, err.column), (1, 20), "{err}");
    assert!(err.message.contains("invalid type"), "{err}");
    assert!(err.message.contains("boolean"), "{err}");

    let err = error("policy_dirs = \"policies\"\n");
    assert_eq!((err.line, err.column), (1, 15), "{err}");
    assert!(err.message.contains("invalid type"), "{err}");

    let err = error("[suppressions]\nmigrate = 1\n");
    assert_eq!((err.line, err.column), (2, 11), "{err}");
    assert!(err.message.contains("invalid type"), "{err}");

    let err = error("[rules]\nLMB701 = false\n");
    assert_eq!((err.line, err.column), (2, 10), "{err}");
    assert!(err.message.contains("a rule table"), "{err}");

    let err = error("fail_on = 3\n");
    assert_eq!((err.line, err.column), (1, 11), "{err}");
    assert!(err.message.contains("invalid type"), "{err}");
}

#[test]
fn fail_on_must_be_a_severity() {
    let err = error("# policy\nfail_on = \"severe\"\n");
    assert_eq!((err.line, err.column), (2, 11), "{err}");
    assert_eq!(
        err.message,
        "fail_on: unknown severity \"severe\" (expected info, low, medium, high or critical)"
    );
}

#[test]
fn rule_severities_must_be_severities() {
    let err = error("[rules.LMB701]\nenabled = true\nseverity = \"urgent\"\n");
    assert_eq!((err.line, err.column), (3, 12), "{err}");
    assert!(
        err.message
            .starts_with("rules.LMB701.severity: unknown severity \"urgent\""),
        "{err}"
    );
}

#[test]
fn invalid_globs_are_located() {
    let err = error("exclude = [\n  \"ok/**\",\n  \"bad/[a-\",\n]\n");
    assert_eq!((err.line, err.column), (3, 3), "{err}");
    assert!(
        err.message.starts_with("exclude: invalid glob \"bad/[a-\""),
        "{err}"
    );

    let err = error("exclude = [\"\"]\n");
    assert_eq!((err.line, err.column), (1, 12), "{err}");
    assert_eq!(err.message, "exclude: empty glob pattern");
}

#[test]
fn rule_keys_must_not_be_empty() {
    let err = error("[rules.LMB701]\n[rules.\"\"]\nenabled = false\n");
    assert_eq!((err.line, err.column), (2, 8), "{err}");
    assert!(err.message.contains("not empty"), "{err}");
}

#[test]
fn data_floats_must_fit_json() {
    let err = error("[data]\nok = 1\nlimit = nan\n");
    assert_eq!((err.line, err.column), (3, 9), "{err}");
    assert!(err.message.starts_with("data.limit:"), "{err}");
}

#[test]
fn unreadable_and_non_utf8_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    let err = Config::load(&missing).unwrap_err();
    assert_eq!(err.file, missing.to_string_lossy());
    assert!(err.message.starts_with("cannot read"), "{err}");

    let path = dir.path().join(FILE_NAME);
    fs::write(&path, b"fail_on = \"\xff\"\n").unwrap();
    let err = Config::load(&path).unwrap_err();
    assert_eq!((err.line, err.column), (1, 1));
    assert_eq!(err.message, "not valid UTF-8");
}

#[test]
fn rule_matches_by_id_and_by_slug() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), FILE_NAME, FULL);
    let config = Config::load(&path).unwrap();

    let by_id = config.rule("LMB701", "lambda-something");
    assert!(!by_id.enabled);
    assert!(by_id.ignorable);

    let by_slug = config.rule("LMB501", "lambda-tracing-disabled");
    assert!(by_slug.enabled);
    assert_eq!(by_slug.severity, Some(Severity::Medium));
    assert!(!by_slug.ignorable);

    assert_eq!(config.rule("LMB999", "other"), RuleConfig::default());
    // IDs and slugs match exactly, as written.
    assert_eq!(
        config.rule("lmb701", "lambda-something"),
        RuleConfig::default()
    );

    // Entries under both the ID and the slug combine.
    let both = config.rule("LMB701", "lambda-tracing-disabled");
    assert_eq!(
        both,
        RuleConfig {
            enabled: false,
            severity: Some(Severity::Medium),
            ignorable: false
        }
    );
}

#[test]
fn to_toml_parses_back_to_the_same_config() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), FILE_NAME, FULL);
    let config = Config::load(&path).unwrap();
    let text = config.to_toml();
    for key in [
        "fail_on = \"medium\"",
        "policy_dirs = [\"policies/acme\", \"/opt/policies\"]",
        "default_policies = false",
        "[rules.LMB701]",
        "[rules.lambda-tracing-disabled]",
        "require_reason = false",
        "[data]",
    ] {
        assert!(text.contains(key), "{key} missing from:\n{text}");
    }

    let again = write(dir.path(), "effective.toml", &text);
    let reloaded = Config::load(&again).unwrap();
    assert_eq!(
        reloaded,
        Config {
            path: Some(again),
            ..config
        },
        "{text}"
    );
}

#[test]
fn to_toml_of_the_defaults_shows_every_key_and_parses_back() {
    let config = Config::default();
    let text = config.to_toml();
    for key in [
        "fail_on",
        "policy_dirs = []",
        "default_policies = true",
        "exclude = []",
        "[rules]",
        "inline = true",
        "require_reason = true",
        "migrate = true",
        "[data]",
    ] {
        assert!(text.contains(key), "{key} missing from:\n{text}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), FILE_NAME, &text);
    let reloaded = Config::load(&path).unwrap();
    assert_eq!(
        reloaded,
        Config {
            path: Some(path),
            ..config
        }
    );
}

#[test]
fn to_toml_quotes_odd_keys_and_skips_nulls() {
    let mut config = Config::default();
    config.rules.insert(
        "odd key.with dot".to_string(),
        RuleConfig {
            enabled: false,
            ..RuleConfig::default()
        },
    );
    config
        .data
        .insert("gone".to_string(), serde_json::Value::Null);
    config.data.insert(
        "list".to_string(),
        json!([{ "name": "a" }, { "name": "b" }]),
    );
    let text = config.to_toml();
    assert!(text.contains("[rules.\"odd key.with dot\"]"), "{text}");
    assert!(text.contains("# gone is null"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), FILE_NAME, &text);
    let reloaded = Config::load(&path).unwrap();
    assert!(!reloaded.rules["odd key.with dot"].enabled);
    assert_eq!(reloaded.data.get("gone"), None);
    assert_eq!(
        reloaded.data["list"],
        json!([{ "name": "a" }, { "name": "b" }])
    );
}
