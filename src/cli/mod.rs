//! The command line: argument parsing and output. A thin layer over [`Scanner`](crate::Scanner).
//! `scan` lives here; the policy-authoring commands (`test`, `inspect`, `rules`) in `authoring`.

mod authoring;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::{human, json};
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
}

#[derive(Debug, clap::Args)]
pub(crate) struct PolicyArgs {
    /// Add the policies (.rego) and data (.json, .yaml) in DIR; repeatable.
    #[arg(long = "policy-dir", value_name = "DIR")]
    pub(crate) policy_dirs: Vec<PathBuf>,
    /// Do not run the shipped Lambda rules (their `lib` helpers stay available).
    #[arg(long)]
    pub(crate) no_default_policies: bool,
}

#[derive(Debug, clap::Args)]
struct ScanArgs {
    /// Files or directories to scan.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Lowest severity that makes the run fail (exit 1).
    #[arg(long, value_name = "SEVERITY", default_value = "low", value_parser = parse_severity)]
    fail_on: Severity,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Print how long each stage of the scan took, to stderr.
    #[arg(long)]
    timings: bool,
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

pub(crate) fn scanner(policies: &PolicyArgs) -> Result<Scanner, Error> {
    Scanner::new(&ScanOptions {
        default_policies: !policies.no_default_policies,
        policy_dirs: policies.policy_dirs.clone(),
        today: today_override(),
    })
}

fn scan(args: ScanArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, Error> {
    let scanner = scanner(&args.policies)?;
    let started = std::time::Instant::now();
    let report = scanner.scan(&args.paths);
    let text = match args.format {
        Format::Json => json::render(&report),
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => no_color_unset() && std::io::stdout().is_terminal(),
            };
            human::render(
                &report,
                human::HumanOptions {
                    color,
                    ..Default::default()
                },
            )
        }
    };
    write_all(out, &text)?;
    if args.timings {
        let mut table = String::new();
        for (stage, took) in &report.timings {
            table.push_str(&format!("{:>9.1} ms  {stage}\n", took.as_secs_f64() * 1e3));
        }
        table.push_str(&format!(
            "{:>9.1} ms  total, with output\n",
            started.elapsed().as_secs_f64() * 1e3
        ));
        let _ = err.write_all(table.as_bytes());
    }
    Ok(report.exit_code(args.fail_on))
}

pub(crate) fn write_all(out: &mut dyn Write, text: &str) -> Result<(), Error> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`tfwarden scan | head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Usage(format!("cannot write output: {e}"))),
    }
}
