//! The command line: argument parsing and output. A thin layer over [`Scanner`](crate::Scanner).
//! `scan` lives here; the policy-authoring commands (`test`, `inspect`, `rules`) in `authoring`.

mod authoring;
mod fix;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::evaluate::VarInputs;
use crate::report::{github, human, json, junit, sarif};
use crate::suppress::baseline::Baseline;
use crate::{Error, ScanOptions, Scanner, Severity};

/// Environment variable that pins the evaluation date (`YYYY-MM-DD`) for reproducible runs.
pub const TODAY_ENV: &str = "TFWARDEN_TODAY";

/// tfwarden: policy-as-code for Terraform, with AWS Lambda hardening rules built in.
#[derive(Debug, Parser)]
#[command(name = "tfwarden", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan Terraform files and report policy violations (exit 0 clean, 1 findings, 2 errors).
    Scan(ScanArgs),
    /// List the loaded rules, explain one, or write their documentation pages.
    Rules(authoring::RulesArgs),
    /// Run the Rego unit tests (`test_*` rules in `*_test.rego`) of policy directories.
    Test(authoring::TestArgs),
    /// Print the input document policies see for a configuration, as JSON.
    Inspect(authoring::InspectArgs),
    /// Print the effective configuration (the .tfwarden.toml found, with every default shown).
    Config(ConfigArgs),
    /// Print the mechanical fixes of the findings as a unified diff, or apply them (--write).
    Fix(fix::FixArgs),
}

#[derive(Debug, clap::Args)]
struct ConfigArgs {
    /// Where to look for .tfwarden.toml (this path and its parents).
    #[arg(default_value = ".")]
    path: PathBuf,
    #[command(flatten)]
    policies: PolicyArgs,
}

/// Variable values from the command line, as `terraform plan` takes them.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct VarArgs {
    /// Set a root module variable (repeatable); the value is read as HCL when it parses
    /// (`[1, 2]`, `true`), else as a string.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    vars: Vec<String>,
    /// Read variable values from a .tfvars or .tfvars.json file (repeatable; applied before
    /// --var).
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,
}

impl VarArgs {
    /// The inputs: `TF_VAR_*` from the environment, then `--var-file`s, then `--var`s.
    pub(crate) fn inputs(&self) -> Result<VarInputs, Error> {
        let mut inputs = VarInputs::default();
        for (key, value) in std::env::vars() {
            if let Some(name) = key.strip_prefix("TF_VAR_") {
                inputs.env.insert(name.to_string(), cli_value(&value));
            }
        }
        let mut errors = Vec::new();
        for path in &self.var_files {
            let shown = path.to_string_lossy().to_string();
            let read = std::fs::read(path)
                .map_err(|e| {
                    crate::ScanError::file(&shown, format!("cannot read variables file: {e}"))
                })
                .and_then(|bytes| crate::parse::decode(&shown, bytes))
                .and_then(|source| {
                    crate::evaluate::read_var_file(&shown, std::sync::Arc::new(source))
                });
            match read {
                Ok(values) => inputs.cli.push(values),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Policy(errors));
        }
        for assignment in &self.vars {
            let Some((name, value)) = assignment.split_once('=') else {
                return Err(Error::Usage(format!(
                    "--var {assignment:?}: expected NAME=VALUE"
                )));
            };
            let mut one = serde_json::Map::new();
            one.insert(name.trim().to_string(), cli_value(value));
            inputs.cli.push(one);
        }
        Ok(inputs)
    }
}

/// A variable value given as text: HCL when it parses to a constant, else the string itself.
fn cli_value(text: &str) -> serde_json::Value {
    text.parse::<hcl_edit::expr::Expression>()
        .ok()
        .and_then(|expr| crate::evaluate::constant(&expr))
        .unwrap_or_else(|| serde_json::Value::from(text))
}

#[derive(Debug, clap::Args)]
pub(crate) struct PolicyArgs {
    /// Add the policies (.rego) and data (.json, .yaml) in DIR; repeatable.
    #[arg(long = "policy-dir", value_name = "DIR")]
    pub(crate) policy_dirs: Vec<PathBuf>,
    /// Do not run the shipped Lambda rules (their `lib` helpers stay available).
    #[arg(long)]
    pub(crate) no_default_policies: bool,
    /// The configuration file [default: the nearest .tfwarden.toml upward from the first path].
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ScanArgs {
    /// Files or directories to scan. A plan JSON file among them (or in a named directory) is
    /// scanned as with --plan.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Scan a Terraform plan (`terraform show -json plan.out > plan.json`; repeatable); the HCL
    /// under PATHs is then used only to point findings at their source lines.
    #[arg(long = "plan", value_name = "FILE")]
    plans: Vec<PathBuf>,
    /// Output format, optionally written to a file: human, json, sarif, junit, github, or
    /// FORMAT=PATH (repeatable: `--format human --format sarif=results.sarif`).
    #[arg(long = "format", value_name = "FORMAT[=PATH]", value_parser = parse_output)]
    formats: Vec<Output>,
    /// Report only findings not recorded in this baseline file (the others are suppressed).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every current finding in FILE and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Lowest severity that makes the run fail (exit 1) [default: the config's fail_on, else low].
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    fail_on: Option<Severity>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Print how long each stage of the scan took, to stderr.
    #[arg(long)]
    timings: bool,
    /// Show the diff of each finding's mechanical fix under it (human format).
    #[arg(long)]
    show_fixes: bool,
    #[command(flatten)]
    vars: VarArgs,
    #[command(flatten)]
    policies: PolicyArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// A report format of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScanFormat {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
}

/// Where one format goes: standard output, or a file.
#[derive(Debug, Clone)]
struct Output {
    format: ScanFormat,
    path: Option<PathBuf>,
}

fn parse_output(s: &str) -> Result<Output, String> {
    let (name, path) = match s.split_once('=') {
        Some((name, path)) if !path.is_empty() => (name, Some(PathBuf::from(path))),
        Some(_) => return Err(format!("{s:?}: the path after = is empty")),
        None => (s, None),
    };
    let format = ScanFormat::from_str(name, true).map_err(|_| {
        format!("unknown format {name:?} (expected human, json, sarif, junit or github)")
    })?;
    Ok(Output { format, path })
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

/// Runs the CLI with `args` (including the program name), writing to `out` and `err`; returns
/// the exit code.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = if e.use_stderr() {
                write!(err, "{e}")
            } else {
                write!(out, "{e}")
            };
            return e.exit_code();
        }
    };
    let result = match cli.command {
        Command::Scan(args) => scan(args, out, err),
        Command::Rules(args) => authoring::rules(args, out),
        Command::Test(args) => authoring::test(args, out),
        Command::Inspect(args) => authoring::inspect(args, out, err),
        Command::Fix(args) => fix::fix(args, out, err),
        Command::Config(args) => config(&args.policies, &args.path)
            .and_then(|config| write_all(out, &config.to_toml()).map(|()| 0)),
    };
    match result {
        Ok(code) => code,
        Err(Error::Policy(errors)) => {
            let options = human::HumanOptions {
                color: std::io::stderr().is_terminal() && no_color_unset(),
                ..Default::default()
            };
            let text = human::render_errors(&errors, &crate::policy::source_file, options);
            let _ = write!(err, "{text}");
            2
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            2
        }
    }
}

/// The binary's entry point. The standard streams are not locked for the whole run: a worker
/// thread that writes to stderr (a policy's `print`, a panic message) must not deadlock.
pub fn main() -> i32 {
    run(
        std::env::args_os(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    )
}

fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The date date-dependent rules use: `TFWARDEN_TODAY` when set.
pub(crate) fn today_override() -> Option<String> {
    std::env::var(TODAY_ENV).ok().filter(|s| !s.is_empty())
}

/// The effective configuration: `--config FILE`, else the nearest `.tfwarden.toml` upward from
/// `start`, else the defaults; then the command-line flags on top.
pub(crate) fn config(policies: &PolicyArgs, start: &Path) -> Result<Config, Error> {
    let found = match &policies.config {
        Some(path) => Config::load(path).map(Some),
        // A path that does not exist is the scan's error to report; look from here instead.
        None if !start.exists() => Config::discover(Path::new(".")),
        None => Config::discover(start),
    };
    let mut config = found
        .map_err(|e| Error::Policy(vec![e]))?
        .unwrap_or_default();
    config
        .policy_dirs
        .extend(policies.policy_dirs.iter().cloned());
    if policies.no_default_policies {
        config.default_policies = false;
    }
    Ok(config)
}

pub(crate) fn scanner(
    policies: &PolicyArgs,
    start: &Path,
    vars: &VarArgs,
) -> Result<(Scanner, Config), Error> {
    let config = config(policies, start)?;
    let scanner = Scanner::new(&ScanOptions {
        today: today_override(),
        config: config.clone(),
        vars: vars.inputs()?,
    })?;
    Ok((scanner, config))
}

fn scan(args: ScanArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, Error> {
    let start = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let (scanner, config) = scanner(&args.policies, &start, &args.vars)?;
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(Severity::Low);
    let started = std::time::Instant::now();
    let mut report = scanner.scan_with_plans(&args.paths, &args.plans);
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::of(&report);
        baseline.write(path)?;
        let _ = writeln!(
            err,
            "recorded {} findings in {}",
            baseline.findings.len(),
            path.display()
        );
        return Ok(if report.errors.is_empty() { 0 } else { 2 });
    }
    if let Some(path) = &args.baseline {
        match Baseline::load(path) {
            Ok(baseline) => baseline.apply(&mut report, &path.to_string_lossy()),
            Err(e) => report.errors.push(e),
        }
        report.sort();
    }
    let rules: Vec<&crate::RuleMeta> = scanner.rules().collect();
    let mut outputs = args.formats.clone();
    if outputs.iter().all(|o| o.path.is_some()) {
        // Files for machines, and people still see the result.
        outputs.insert(
            0,
            Output {
                format: ScanFormat::Human,
                path: None,
            },
        );
    }
    for output in &outputs {
        let to_terminal = output.path.is_none() && std::io::stdout().is_terminal();
        let text = match output.format {
            ScanFormat::Json => json::render(&report),
            ScanFormat::Sarif => sarif::render(&report, &rules, env!("CARGO_PKG_VERSION")),
            ScanFormat::Junit => junit::render(&report, &rules),
            ScanFormat::Github => github::render(&report),
            ScanFormat::Human => {
                let color = match args.color {
                    Color::Always => true,
                    Color::Never => false,
                    Color::Auto => no_color_unset() && to_terminal,
                };
                human::render(
                    &report,
                    human::HumanOptions {
                        color,
                        show_fixes: args.show_fixes,
                        ..Default::default()
                    },
                )
            }
        };
        match &output.path {
            None => write_all(out, &text)?,
            Some(path) => std::fs::write(path, text)
                .map_err(|e| Error::Usage(format!("cannot write {}: {e}", path.display())))?,
        }
    }
    if args.timings {
        let mut table = String::new();
        for (stage, took) in &report.timings {
            table.push_str(&format!("{:>9.1} ms  {stage}\n", took.as_secs_f64() * 1e3));
        }
        table.push_str(&format!(
            "{:>9.1} ms  total, with output\n",
            started.elapsed().as_secs_f64() * 1e3
        ));
        table.push_str("slowest rules (each on its own worker):\n");
        for (rule, took) in &report.slowest_rules {
            table.push_str(&format!("{:>9.1} ms  {rule}\n", took.as_secs_f64() * 1e3));
        }
        let _ = err.write_all(table.as_bytes());
    }
    Ok(report.exit_code(fail_on))
}

pub(crate) fn write_all(out: &mut dyn Write, text: &str) -> Result<(), Error> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`tfwarden scan | head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Usage(format!("cannot write output: {e}"))),
    }
}
