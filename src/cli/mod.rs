//! The command line: argument parsing and output, a thin layer over [`Scanner`](crate::Scanner).
//! This module owns the command tree, the flags several commands share (variables, policies,
//! rule selection), loading the configuration and the scanner, and `config`; `scan` lives in
//! `scan`, `fix` in `fix`, the policy-authoring commands (`test`, `inspect`, `rules`) in
//! `authoring`.

mod authoring;
mod fix;
mod scan;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::evaluate::VarInputs;
use crate::report::human;
use crate::{Error, ScanOptions, Scanner, Severity};

/// Environment variable that pins the evaluation date (`YYYY-MM-DD`) for reproducible runs.
pub const TODAY_ENV: &str = "TFWARDEN_TODAY";

/// What `--help` says after the commands: the environment and the exit codes.
const AFTER_HELP: &str = "\
Environment:
  TFWARDEN_TODAY=YYYY-MM-DD  judge date-dependent rules (runtime deprecation) and suppression
                             expiry as of this day, for reproducible CI runs
  TF_VAR_<name>              a root module variable, as Terraform reads it
  NO_COLOR                   no colour in the human output
  GITHUB_STEP_SUMMARY        set by GitHub Actions: `--format github` appends a table of every
                             finding to this file

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 an error (bad arguments, a file
that cannot be read or parsed, a policy that does not compile).";

/// tfwarden: policy-as-code for Terraform, with AWS Lambda hardening rules built in.
#[derive(Debug, Parser)]
#[command(name = "tfwarden", version, about, long_about = None, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan Terraform files and report policy violations (exit 0 clean, 1 findings, 2 errors).
    #[command(after_help = AFTER_HELP)]
    Scan(scan::ScanArgs),
    /// List the loaded rules, explain one, or write their documentation pages.
    Rules(authoring::RulesArgs),
    /// Run the Rego unit tests (`test_*` rules in `*_test.rego`) of policy directories.
    Test(authoring::TestArgs),
    /// Print the input document policies see for a configuration, as JSON.
    Inspect(authoring::InspectArgs),
    /// Print the effective configuration (the .tfwarden.toml found, with every default shown)
    /// after checking that its policies load (exit 2 if not).
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
            inputs.files.push(path.clone());
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

/// Which rules run and which findings are reported.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct SelectArgs {
    /// Run only this rule: an ID, a slug, or another scanner's ID for it (`CKV_AWS_45`);
    /// repeatable, or comma-separated.
    #[arg(long = "rule", value_name = "ID", value_delimiter = ',')]
    rules: Vec<String>,
    /// Do not run this rule (ID, slug or equivalent ID); repeatable, or comma-separated.
    #[arg(long = "skip-rule", value_name = "ID", value_delimiter = ',')]
    skip: Vec<String>,
    /// Report only findings at or above this severity.
    #[arg(long, value_name = "SEVERITY", value_enum)]
    min_severity: Option<SeverityArg>,
}

impl SelectArgs {
    fn selection(&self) -> crate::scanner::Selection {
        crate::scanner::Selection {
            rules: self.rules.clone(),
            skip: self.skip.clone(),
            min_severity: self.min_severity.map(Severity::from),
        }
    }
}

/// A severity on the command line; clap lists the values in `--help` and in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SeverityArg {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl From<SeverityArg> for Severity {
    fn from(arg: SeverityArg) -> Self {
        match arg {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Low => Severity::Low,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::High => Severity::High,
            SeverityArg::Critical => Severity::Critical,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
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
        Command::Scan(args) => scan::scan(args, out, err),
        Command::Rules(args) => authoring::rules(args, out),
        Command::Test(args) => authoring::test(args, out),
        Command::Inspect(args) => authoring::inspect(args, out, err),
        Command::Fix(args) => fix::fix(args, out, err),
        Command::Config(args) => print_config(&args, out),
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

/// The scanner for the configuration found from `start`, every rule selected.
pub(crate) fn scanner(
    policies: &PolicyArgs,
    start: &Path,
    vars: &VarArgs,
) -> Result<(Scanner, Config), Error> {
    scanner_with(policies, start, vars, &SelectArgs::default())
}

/// The scanner for the configuration found from `start`, running the rules `select` picks.
pub(crate) fn scanner_with(
    policies: &PolicyArgs,
    start: &Path,
    vars: &VarArgs,
    select: &SelectArgs,
) -> Result<(Scanner, Config), Error> {
    let config = config(policies, start)?;
    let scanner = Scanner::new(&ScanOptions {
        today: today_override(),
        config: config.clone(),
        vars: vars.inputs()?,
        select: select.selection(),
    })?;
    Ok((scanner, config))
}

/// `tfwarden config`: the effective configuration, once its policies are known to load (the
/// same check a scan makes first), so a configuration that would make every scan fail is not
/// reported as fine.
fn print_config(args: &ConfigArgs, out: &mut dyn Write) -> Result<i32, Error> {
    if !args.path.exists() {
        return Err(Error::Usage(format!(
            "{}: the configuration file does not exist",
            args.path.display()
        )));
    }
    let (_, config) = scanner(&args.policies, &args.path, &VarArgs::default())?;
    write_all(out, &config.to_toml())?;
    Ok(0)
}

pub(crate) fn write_all(out: &mut dyn Write, text: &str) -> Result<(), Error> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`tfwarden scan | head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Usage(format!("cannot write output: {e}"))),
    }
}
