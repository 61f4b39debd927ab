//! Bad and hostile input, kind by kind (issue 14; `testdata/bad-input/README.md` lists them):
//! each case is a directory holding a bad file beside `good.tf`, scanned by the release-mode
//! binary as a user would (`tfwarden scan DIR --format json`). Every case must end with the
//! expected exit code, its error located in the bad file (line, and column where it matters),
//! and the good file's finding still reported. The harness also bounds each run (a kill after
//! 120 s, peak memory measured with `/usr/bin/time` where it exists): a guard against hangs and
//! blow-ups, not a timing assertion. `cargo test --test bad_input -- --nocapture` prints exit,
//! time and peak memory per case.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The good file: a function with a plaintext secret (LMB401 at line 8).
const GOOD: &str = r#"resource "aws_lambda_function" "good" {
  function_name = "good"
  role          = "arn:aws:iam::123456789012:role/good"
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "good.zip"
  environment {
    variables = { DB_PASSWORD = "hunter2-prod-Xy9!" }
  }
}
"#;

/// The hang and blow-up guard: far above what any case takes (seconds).
const KILL_AFTER: Duration = Duration::from_secs(120);
const MAX_PEAK_KB: u64 = 3 * 1024 * 1024;

struct Case {
    name: &'static str,
    /// Files written into the case's directory besides `good.tf` (path, bytes).
    files: Vec<(&'static str, Vec<u8>)>,
    /// Extra arguments (relative paths are inside the case directory).
    args: Vec<String>,
    exit: i32,
    /// (file, line, column, message part) of the expected error; line/column 0 = any.
    error: Option<(&'static str, usize, usize, &'static str)>,
    /// Whether the error stops the whole scan (a bad command-line input: a variable file,
    /// the configuration, a baseline), so nothing else is reported.
    aborts: bool,
    /// A file expected in the report's list of files not read.
    skipped: Option<&'static str>,
    /// Whether the good input is a plan (`good-plan.json`, a copy of testdata's vulnerable
    /// plan) rather than `good.tf`: a directory holding a plan is scanned as that plan.
    plan: bool,
}

fn case(name: &'static str, file: &'static str, text: impl Into<Vec<u8>>) -> Case {
    Case {
        name,
        files: vec![(file, text.into())],
        args: Vec::new(),
        exit: 2,
        error: None,
        skipped: None,
        plan: false,
        aborts: false,
    }
}

impl Case {
    fn error(mut self, file: &'static str, line: usize, column: usize, part: &'static str) -> Self {
        self.error = Some((file, line, column, part));
        self
    }
    fn exit(mut self, code: i32) -> Self {
        self.exit = code;
        self
    }
    fn skipped(mut self, file: &'static str) -> Self {
        self.skipped = Some(file);
        self.exit = 1;
        self
    }
    fn aborts(mut self) -> Self {
        self.aborts = true;
        self
    }
    fn with_plan(mut self) -> Self {
        self.plan = true;
        self
    }
    fn arg(mut self, arg: &str) -> Self {
        self.args.push(arg.to_string());
        self
    }
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tfwarden"))
}

/// Runs the scanner on `dir` with `args`, bounded: (exit code, stdout, seconds, peak KB).
fn run(dir: &Path, args: &[String]) -> (i32, String, f64, Option<u64>) {
    let timer = Path::new("/usr/bin/time").exists();
    let stats = dir.join(".time");
    let mut cmd = if timer {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f").arg("%M").arg("-o").arg(&stats).arg(binary());
        c
    } else {
        Command::new(binary())
    };
    cmd.current_dir(dir)
        .args(["scan", "."])
        .args(args)
        .args(["--format", "json"])
        .env("TFWARDEN_TODAY", "2026-11-22")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("the scanner starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        out
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > KILL_AFTER {
            let _ = child.kill();
            panic!("{}: still running after {KILL_AFTER:?}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let seconds = start.elapsed().as_secs_f64();
    let out = reader.join().unwrap_or_default();
    let peak = fs::read_to_string(&stats)
        .ok()
        .and_then(|s| s.lines().last()?.trim().parse().ok());
    (status.code().unwrap_or(-1), out, seconds, peak)
}

fn check(case: Case, setup: impl FnOnce(&Path)) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    if case.plan {
        fs::copy("testdata/plan/vulnerable.json", dir.join("good-plan.json")).unwrap();
    } else {
        fs::write(dir.join("good.tf"), GOOD).unwrap();
    }
    for (path, bytes) in &case.files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    setup(dir);
    let (code, out, seconds, peak) = run(dir, &case.args);
    println!(
        "{:<34} exit {code}  {seconds:>6.2} s  {}",
        case.name,
        peak.map_or("peak not measured".to_string(), |kb| format!(
            "{:>5} MiB",
            kb / 1024
        ))
    );
    let doc: Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{}: JSON report ({e}): {out:.500}", case.name));
    assert_eq!(code, case.exit, "{}: {:#}", case.name, doc["errors"]);
    if let Some(kb) = peak {
        assert!(kb < MAX_PEAK_KB, "{}: peak {kb} KB", case.name);
    }
    // Errors, and the notes of what was not honoured (a bad suppression is a located note).
    let errors: Vec<Value> = ["errors", "notes"]
        .iter()
        .flat_map(|k| doc[*k].as_array().cloned().unwrap_or_default())
        .collect();
    if let Some((file, line, column, part)) = case.error {
        assert!(
            errors.iter().any(|e| {
                e["file"].as_str().is_some_and(|f| f.ends_with(file))
                    && (line == 0 || e["line"] == line)
                    && (column == 0 || e["column"] == column)
                    && e["message"].as_str().is_some_and(|m| m.contains(part))
            }),
            "{}: expected an error at {file}:{line}:{column} containing {part:?}, got {errors:#?}",
            case.name
        );
    }
    if let Some(file) = case.skipped {
        let listed = doc["skipped"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|s| s["file"].as_str().is_some_and(|f| f.ends_with(file)));
        assert!(
            listed,
            "{}: {file} named as not read: {}",
            case.name, doc["skipped"]
        );
    }
    if case.aborts {
        return;
    }
    let good = doc["findings"].as_array().into_iter().flatten().any(|f| {
        if case.plan {
            f["rule_id"] == "LMB401" && f["file"] == "good-plan.json"
        } else {
            f["rule_id"] == "LMB401"
                && f["file"].as_str().is_some_and(|p| p.ends_with("good.tf"))
                && f["line"] == 8
        }
    });
    assert!(
        good,
        "{}: the good file's finding is still reported",
        case.name
    );
}

fn nested(depth: usize, inner: &str) -> String {
    format!("{}{inner}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn hostile_evaluation_is_bounded_and_located() {
    // 60-deep lists through 200 chained locals.
    let mut chained = String::from("locals {\n  l0 = 1\n");
    for i in 1..=200 {
        chained.push_str(&format!(
            "  l{i} = {}\n",
            nested(60, &format!("local.l{}", i - 1))
        ));
    }
    chained.push_str("}\n");
    check(
        case("deep lists through chained locals", "bad.tf", chained).error("bad.tf", 0, 0, ""),
        |_| {},
    );
    let quadratic = "[for i in range(1048576) : [for j in range(1048576) : i + j]]";
    check(
        case(
            "nested for over range() in a local",
            "bad.tf",
            format!("locals {{\n  x = {quadratic}\n}}\n"),
        )
        .error("bad.tf", 2, 7, "not evaluated"),
        |_| {},
    );
    check(
        case(
            "nested for over range() in a resource",
            "bad.tf",
            format!(
                "resource \"aws_lambda_function\" \"bad\" {{\n  function_name = \"bad\"\n  layers = {quadratic}\n}}\n"
            ),
        )
        .error("bad.tf", 3, 0, "not evaluated"),
        |_| {},
    );
    check(
        case(
            "16 MiB string joined a million times",
            "bad.tf",
            "locals {\n  a = join(\"\", [for i in range(16777216) : \"x\"])\n  b = join(\"\", [for i in range(1048576) : local.a])\n}\nresource \"aws_lambda_function\" \"j\" {\n  function_name = local.b\n}\n",
        )
        .error("bad.tf", 2, 0, "more than 1048576 elements"),
        |_| {},
    );
    // 18 levels of modules, each calling the next twice: 2^18 instances.
    let mut files = Vec::new();
    for level in 0..18 {
        let dir = if level == 0 {
            String::new()
        } else {
            format!("m{level}/")
        };
        let path: &'static str = Box::leak(format!("{dir}calls.tf").into_boxed_str());
        let body = format!(
            "module \"a\" {{\n  source = \"./m{n}\"\n}}\nmodule \"b\" {{\n  source = \"./m{n}\"\n}}\n",
            n = level + 1
        );
        let body = if level == 0 {
            body
        } else {
            body.replace("./m", "../m")
        };
        files.push((path, body.into_bytes()));
    }
    files.push(("m18/leaf.tf", b"locals {\n  x = 1\n}\n".to_vec()));
    let mut fanout = case("2^18 module instances", "unused.txt", "");
    fanout.files = files;
    check(fanout.error("", 0, 0, "module instances"), |_| {});
    let mut objects = String::from("locals {\n  o0 = { v = 1 }\n");
    for i in 1..=300 {
        objects.push_str(&format!(
            "  o{i} = {{ a = local.o{p}, b = local.o{p} }}\n",
            p = i - 1
        ));
    }
    objects.push_str("}\nresource \"aws_lambda_function\" \"deep\" {\n  function_name = \"deep\"\n  tags = { t = jsonencode(local.o300) }\n}\n");
    check(
        case("deep nested objects through locals", "bad.tf", objects).error("bad.tf", 0, 0, ""),
        |_| {},
    );
}

#[test]
fn malformed_configuration_is_a_located_error() {
    let cases = [
        case("unclosed block", "bad.tf", "resource \"aws_lambda_function\" \"x\" {\n  runtime = \"python3.12\"\n")
            .error("bad.tf", 0, 0, "HCL syntax error"),
        case("missing expression", "bad.tf", "resource \"aws_lambda_function\" \"x\" {\n  runtime = \n}\n")
            .error("bad.tf", 2, 13, "HCL syntax error"),
        case("block without labels", "bad.tf", "resource \"aws_lambda_function\" {\n}\n")
            .error("bad.tf", 1, 1, "two labels"),
        case("nesting 100,000 deep", "bad.tf", format!("locals {{\n  x = {}\n}}\n", nested(100_000, "")))
            .error("bad.tf", 2, 0, "nesting"),
        case("not UTF-8", "bad.tf", b"locals {\n  x = \"caf\xe9\"\n}\n".to_vec())
            .error("bad.tf", 0, 0, "not valid UTF-8"),
        case("unterminated template", "bad.tf", "locals {\n  x = \"${\n}\n")
            .error("bad.tf", 0, 0, "HCL syntax error"),
        case("unterminated heredoc", "bad.tf", "locals {\n  x = <<EOT\nnever ends\n}\n")
            .error("bad.tf", 0, 0, "HCL syntax error"),
        case("unknown function", "bad.tf", "locals {\n  x = nosuchfunction(1)\n}\n")
            .error("bad.tf", 2, 0, "nosuchfunction"),
        case("module cycle", "bad.tf", "locals {\n  a = local.b\n  b = local.a\n}\nresource \"aws_lambda_function\" \"c\" {\n  function_name = local.a\n}\n")
            .error("bad.tf", 0, 0, "cycle"),
        case("file() outside the tree", "bad.tf", "locals {\n  x = file(\"/etc/passwd\")\n}\nresource \"aws_lambda_function\" \"f\" {\n  function_name = local.x\n}\n")
            .exit(1),
        case("templatefile() outside the tree", "bad.tf", "locals {\n  x = templatefile(\"../../../../etc/hostname\", {})\n}\nresource \"aws_lambda_function\" \"f\" {\n  function_name = local.x\n}\n")
            .exit(1),
        case(".tf.json that is not JSON", "bad.tf.json", "{\"resource\": {\n  \"aws_lambda_function\": [}\n")
            .error("bad.tf.json", 2, 0, ""),
        case(".tf.json nested 200,000 deep", "bad.tf.json", format!("{{\"locals\": {{\"x\": {}}}}}", nested(200_000, "")))
            .error("bad.tf.json", 1, 0, "deep"),
    ];
    for c in cases {
        check(c, |_| {});
    }
}

#[test]
fn text_encodings_keep_positions_right() {
    // The secret's finding in a file with a BOM, and with CRLF line ends, at its own column.
    let secret = "resource \"aws_lambda_function\" \"b\" {\n  function_name = \"b\"\n  environment {\n    variables = { API_TOKEN = \"tok-0123456789-abcdef\" }\n  }\n}\n";
    for (name, bytes) in [
        (
            "BOM",
            [b"\xef\xbb\xbf".as_slice(), secret.as_bytes()].concat(),
        ),
        ("CRLF", secret.replace('\n', "\r\n").into_bytes()),
        ("empty file", Vec::new()),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("good.tf"), GOOD).unwrap();
        fs::write(tmp.path().join("other.tf"), &bytes).unwrap();
        let (code, out, seconds, _) = run(tmp.path(), &[]);
        println!("{name:<34} exit {code}  {seconds:>6.2} s");
        let doc: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(code, 1, "{name}: {:#}", doc["errors"]);
        assert_eq!(doc["errors"], serde_json::json!([]), "{name}");
        let found: Vec<(u64, u64)> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["file"] == "other.tf" && f["rule_id"] == "LMB401")
            .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()))
            .collect();
        if bytes.is_empty() {
            assert!(found.is_empty());
        } else {
            // `API_TOKEN = "..."`: the value starts at column 31 of line 4.
            // The finding points at `API_TOKEN`, column 19 of line 4, BOM or CRLF.
            assert_eq!(found, [(4, 19)], "{name}");
        }
    }
}

#[test]
fn odd_files_on_disk_never_hang_or_get_lost() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{symlink, PermissionsExt};
        // A FIFO named like Terraform: never opened for a blocking read.
        check(
            case("a FIFO named x.tf", "x.txt", "").skipped("fifo.tf"),
            |dir| {
                let status = Command::new("mkfifo").arg(dir.join("fifo.tf")).status();
                assert!(status.is_ok_and(|s| s.success()), "mkfifo");
            },
        );
        // /dev/zero behind a .tf name: an endless file is not read to the end.
        check(
            case("/dev/zero named zero.tf", "x.txt", "").skipped("zero.tf"),
            |dir| symlink("/dev/zero", dir.join("zero.tf")).unwrap(),
        );
        // A .tf file that is a symlink to a regular file is read, as Terraform reads it.
        let shared = tempfile::tempdir().unwrap();
        fs::write(shared.path().join("shared.tf"), GOOD).unwrap();
        let root = tempfile::tempdir().unwrap();
        symlink(
            shared.path().join("shared.tf"),
            root.path().join("linked.tf"),
        )
        .unwrap();
        let (code, out, _, _) = run(root.path(), &[]);
        let doc: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(code, 1, "{:#}", doc["errors"]);
        assert!(
            doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["file"] == "linked.tf" && f["rule_id"] == "LMB401" && f["line"] == 8),
            "the linked file is scanned"
        );
        check(case("a symlink loop", "x.txt", "").exit(1), |dir| {
            symlink(dir, dir.join("loop")).unwrap();
        });
        check(
            case("a directory named x.tf", "x.tf/inner.txt", "").exit(1),
            |_| {},
        );
        // Unreadable file and directory: root reads them anyway, so the error is expected only
        // when permissions apply.
        let tmp = tempfile::tempdir().unwrap();
        let probe = tmp.path().join("probe");
        fs::write(&probe, "x").unwrap();
        fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
        let enforced = fs::read(&probe).is_err();
        let locked = case("an unreadable file", "locked.tf", "locals {}\n");
        let locked = if enforced {
            locked.error("locked.tf", 0, 0, "")
        } else {
            println!("(running as root: file permissions are not enforced)");
            locked.exit(1)
        };
        check(locked, |dir| {
            fs::set_permissions(dir.join("locked.tf"), fs::Permissions::from_mode(0o000)).unwrap()
        });
        let closed = case("an unreadable directory", "closed/x.tf", "locals {}\n");
        let closed = if enforced {
            closed.error("closed", 0, 0, "")
        } else {
            closed.exit(1)
        };
        check(closed, |dir| {
            fs::set_permissions(dir.join("closed"), fs::Permissions::from_mode(0o000)).unwrap()
        });
    }
}

#[test]
fn bad_plans_and_settings_are_located_errors() {
    let plan = |body: &str| format!("{{\"format_version\": \"1.2\", \"planned_values\": {body}}}");
    let cases = [
        case("plan that is not JSON", "plan.json", "{\"format_version\": \"1.2\",\n\"planned_values\": {,}}")
            .with_plan().error("plan.json", 2, 0, "invalid plan JSON"),
        case("truncated plan", "plan.json", "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": [")
            .with_plan().error("plan.json", 1, 0, "invalid plan JSON"),
        case("plan nested 1,000 deep", "plan.json", plan(&format!("{{\"root_module\": {{\"resources\": [{{\"address\": \"a.b\", \"type\": \"a\", \"name\": \"b\", \"values\": {{\"x\": {}}}}}]}}}}", nested(1000, ""))))
            .with_plan().error("plan.json", 1, 0, "recursion limit"),
        case("plan with wrong shapes", "plan.json", plan("{\"root_module\": {\"resources\": {}}}"))
            .with_plan().error("plan.json", 1, 0, "must be a list"),
        case("bad tfvars", "bad.tfvars", "x = [\n")
            .arg("--var-file=bad.tfvars")
            .aborts()
            .error("bad.tfvars", 0, 0, ""),
        case("bad tfvars.json", "bad.tfvars.json", "{\"x\": [}")
            .arg("--var-file=bad.tfvars.json")
            .aborts()
            .error("bad.tfvars.json", 1, 0, ""),
        case("bad configuration file", ".tfwarden.toml", "fail_on = [\n")
            .aborts()
            .error(".tfwarden.toml", 1, 0, ""),
        case("garbage baseline", "baseline.json", "\u{0}garbage{")
            .arg("--baseline=baseline.json")
            .aborts()
            .error("baseline.json", 0, 0, ""),
        case(
            "bad suppression date",
            "bad.tf",
            "# tfwarden:ignore LMB501 until=2026-13-45 reason=\"x\"\nresource \"aws_lambda_function\" \"s\" {\n  function_name = \"s\"\n}\n",
        )
        .exit(1)
        .error("bad.tf", 1, 1, "2026-13-45 is not a date"),
    ];
    for c in cases {
        check(c, |_| {});
    }
}

#[test]
fn a_large_one_line_plan_is_read_in_proportion() {
    // 20 MB of plan on one line (the issue measured a 100 MB plan at 87x its size in memory).
    let mut resources = Vec::new();
    for i in 0..20_000 {
        resources.push(format!(
            "{{\"address\": \"aws_lambda_function.f{i}\", \"mode\": \"managed\", \"type\": \"aws_lambda_function\", \"name\": \"f{i}\", \"provider_name\": \"registry.terraform.io/hashicorp/aws\", \"values\": {{\"function_name\": \"f{i}\", \"runtime\": \"python3.12\", \"description\": \"{}\", \"environment\": [{{\"variables\": {{\"MODE\": \"x\"}}}}]}}}}",
            "d".repeat(800)
        ));
    }
    let text = format!(
        "{{\"format_version\": \"1.2\", \"planned_values\": {{\"root_module\": {{\"resources\": [{}]}}}}}}",
        resources.join(", ")
    );
    assert!(text.len() > 18_000_000);
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("plan.json"), &text).unwrap();
    let (code, out, seconds, peak) = run(tmp.path(), &["--plan".into(), "plan.json".into()]);
    println!(
        "{:<34} exit {code}  {seconds:>6.2} s  {}",
        "20 MB one-line plan",
        peak.map_or("peak not measured".into(), |kb| format!(
            "{:>5} MiB",
            kb / 1024
        ))
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(code, 1, "{:#}", doc["errors"]);
    let located = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == "plan.json" && f["line"] == 1)
        .count();
    assert!(
        located >= 20_000,
        "findings located on the plan's one line: {located}"
    );
    if let Some(kb) = peak {
        // Proportional: a few times the file, never the 87x the issue measured.
        // (Most of it is the 200,000 findings themselves, with their messages.)
        assert!(
            kb < 40 * text.len() as u64 / 1024,
            "peak {kb} KB for {} bytes",
            text.len()
        );
    }
}
