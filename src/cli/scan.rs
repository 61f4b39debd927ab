//! `tfwarden scan`: its flags, where each output format goes, and the exit code. Output files
//! are opened before the scan runs, so a path that cannot be written fails at once, before
//! anything is printed; a policy set that cannot load still writes its errors in every
//! machine format asked for, so CI never reads an empty file.

use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::ValueEnum;

use super::{
    no_color_unset, scanner_with, write_all, PolicyArgs, SelectArgs, SeverityArg, VarArgs,
};
use crate::report::{codequality, github, human, json, junit, sarif, Report};
use crate::suppress::baseline::Baseline;
use crate::{Error, Severity};

/// The environment variable GitHub Actions sets to the job summary file.
pub const STEP_SUMMARY_ENV: &str = "GITHUB_STEP_SUMMARY";

#[derive(Debug, clap::Args)]
pub(crate) struct ScanArgs {
    /// Files or directories to scan. A plan JSON file among them (or in a named directory) is
    /// scanned as with --plan.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Scan a Terraform plan (`terraform show -json plan.out > plan.json`; `-` reads it from
    /// standard input; repeatable); the HCL under PATHs is then used only to point findings at
    /// their source lines.
    #[arg(long = "plan", value_name = "FILE")]
    plans: Vec<PathBuf>,
    /// Output format, optionally written to a file: human, json, sarif, junit, github,
    /// codequality (GitLab), or FORMAT=PATH (repeatable: `--format human --format
    /// sarif=results.sarif`).
    #[arg(long = "format", value_name = "FORMAT[=PATH]", value_parser = parse_output)]
    formats: Vec<Output>,
    /// One line per finding (`file:line:col: severity ID resource: message`) in the human
    /// output, without source snippets.
    #[arg(long)]
    compact: bool,
    /// Report only findings not recorded in this baseline file (the others are suppressed).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every current finding in FILE and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Lowest severity that makes the run fail (exit 1) [default: the config's fail_on, else
    /// low].
    #[arg(long, value_name = "SEVERITY", value_enum)]
    fail_on: Option<SeverityArg>,
    /// Report findings but exit 0 whatever they are (errors still exit 2).
    #[arg(long)]
    soft_fail: bool,
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
    select: SelectArgs,
    #[command(flatten)]
    vars: VarArgs,
    #[command(flatten)]
    policies: PolicyArgs,
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
    Codequality,
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
        format!(
            "unknown format {name:?} (expected human, json, sarif, junit, github or codequality)"
        )
    })?;
    Ok(Output { format, path })
}

/// The outputs asked for, each with its file already open (created or truncated).
struct Destinations {
    outputs: Vec<(Output, Option<File>)>,
}

impl Destinations {
    /// Opens every output file. When every format goes to a file, people still see the result:
    /// the human report goes to standard output too.
    fn open(formats: &[Output]) -> Result<Self, Error> {
        let mut outputs = Vec::new();
        if formats.iter().all(|o| o.path.is_some()) {
            outputs.push((
                Output {
                    format: ScanFormat::Human,
                    path: None,
                },
                None,
            ));
        }
        for output in formats {
            let file = match &output.path {
                None => None,
                Some(path) => Some(File::create(path).map_err(|e| {
                    Error::Usage(format!(
                        "--format {}={}: cannot write: {e}",
                        output.format.name(),
                        path.display()
                    ))
                })?),
            };
            outputs.push((output.clone(), file));
        }
        Ok(Self { outputs })
    }
}

impl ScanFormat {
    fn name(self) -> &'static str {
        match self {
            ScanFormat::Human => "human",
            ScanFormat::Json => "json",
            ScanFormat::Sarif => "sarif",
            ScanFormat::Junit => "junit",
            ScanFormat::Github => "github",
            ScanFormat::Codequality => "codequality",
        }
    }
}

/// How the report is rendered.
struct Rendering<'a> {
    args: &'a ScanArgs,
    rules: &'a [&'a crate::RuleMeta],
}

impl Rendering<'_> {
    fn render(&self, format: ScanFormat, report: &Report, to_terminal: bool) -> String {
        match format {
            ScanFormat::Json => json::render(report),
            ScanFormat::Sarif => sarif::render(report, self.rules, env!("CARGO_PKG_VERSION")),
            ScanFormat::Junit => junit::render(report, self.rules),
            ScanFormat::Github => github::render(report),
            ScanFormat::Codequality => codequality::render(report),
            ScanFormat::Human => {
                let color = match self.args.color {
                    Color::Always => true,
                    Color::Never => false,
                    Color::Auto => no_color_unset() && to_terminal,
                };
                let options = human::HumanOptions {
                    color,
                    show_fixes: self.args.show_fixes,
                    ..Default::default()
                };
                if self.args.compact {
                    human::render_compact(report, options)
                } else {
                    human::render(report, options)
                }
            }
        }
    }
}

/// Writes `report` in every destination; the GitHub format also appends the job summary
/// when Actions provides its file.
fn write_outputs(
    destinations: &mut Destinations,
    rendering: &Rendering<'_>,
    report: &Report,
    out: &mut dyn Write,
) -> Result<(), Error> {
    for (output, file) in &mut destinations.outputs {
        let to_terminal = file.is_none() && std::io::stdout().is_terminal();
        let text = rendering.render(output.format, report, to_terminal);
        match (file, &output.path) {
            (Some(file), Some(path)) => file
                .write_all(text.as_bytes())
                .map_err(|e| Error::Usage(format!("cannot write {}: {e}", path.display())))?,
            _ => write_all(out, &text)?,
        }
        if output.format == ScanFormat::Github {
            append_step_summary(report)?;
        }
    }
    Ok(())
}

/// Appends the job summary table to `$GITHUB_STEP_SUMMARY`, when set.
fn append_step_summary(report: &Report) -> Result<(), Error> {
    let Some(path) = std::env::var_os(STEP_SUMMARY_ENV).filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(github::step_summary(report).as_bytes()))
        .map_err(|e| {
            Error::Usage(format!(
                "cannot write the job summary ({STEP_SUMMARY_ENV}={}): {e}",
                PathBuf::from(path).display()
            ))
        })
}

/// `tfwarden scan`: exit 0 clean (or `--soft-fail`), 1 findings at or above the threshold, 2
/// errors.
pub(crate) fn scan(args: ScanArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, Error> {
    let mut destinations = Destinations::open(&args.formats)?;
    let start = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let (mut scanner, config) = match scanner_with(&args.policies, &start, &args.vars, &args.select)
    {
        Ok(loaded) => loaded,
        Err(Error::Policy(errors)) => {
            // The run cannot go on; machine readers still get a document that says why.
            let report = crate::scanner::error_report(errors.clone());
            let rendering = Rendering {
                args: &args,
                rules: &[],
            };
            for (output, file) in &mut destinations.outputs {
                if output.format == ScanFormat::Human {
                    continue;
                }
                let text = rendering.render(output.format, &report, false);
                match file {
                    Some(file) => {
                        let _ = file.write_all(text.as_bytes());
                    }
                    None => write_all(out, &text)?,
                }
            }
            return Err(Error::Policy(errors));
        }
        Err(e) => return Err(e),
    };
    // Only the human output shows findings in their source.
    scanner.lean_sources(
        destinations
            .outputs
            .iter()
            .all(|(o, _)| o.format != ScanFormat::Human),
    );
    let fail_on = args
        .fail_on
        .map(Severity::from)
        .or(config.fail_on)
        .unwrap_or(Severity::Low);
    let started = std::time::Instant::now();
    let (code, report) = scan_and_write(&scanner, &args, &mut destinations, out, err, started)?;
    let code = match code {
        Some(code) => code,
        None => report.exit_code(fail_on),
    };
    // The process is about to exit: what the scan built (the policies' syntax trees, the
    // report) is freed on a thread of its own, which took 1-2 ms of a 25 ms one-module scan.
    release((scanner, report));
    Ok(if args.soft_fail && code == 1 { 0 } else { code })
}

/// Frees `value` on a thread of its own (here, when no thread can be started).
fn release<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("tfwarden-free".into())
        .spawn(move || drop(value));
}

/// Scans and writes every output; gives the report and, when it is not the report's own, the
/// exit code (`--write-baseline`).
fn scan_and_write(
    scanner: &crate::Scanner,
    args: &ScanArgs,
    destinations: &mut Destinations,
    out: &mut dyn Write,
    err: &mut dyn Write,
    started: std::time::Instant,
) -> Result<(Option<i32>, Report), Error> {
    // JSON alone, and nothing that needs every finding at once: the findings are written as
    // the batches of root modules are judged, so memory does not grow with the repository.
    if args.write_baseline.is_none()
        && args.baseline.is_none()
        && matches!(&destinations.outputs[..], [(o, _)] if o.format == ScanFormat::Json)
    {
        let report = stream_json(scanner, args, destinations, out)?;
        if args.timings {
            let _ = err.write_all(timings(&report, started).as_bytes());
        }
        return Ok((None, report));
    }
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
        let code = if report.errors.is_empty() { 0 } else { 2 };
        return Ok((Some(code), report));
    }
    if let Some(path) = &args.baseline {
        match Baseline::load(path) {
            Ok(baseline) => baseline.apply(&mut report, &path.to_string_lossy()),
            Err(e) => report.errors.push(e),
        }
        report.sort();
    }
    let rules: Vec<&crate::RuleMeta> = scanner.rules().collect();
    let rendering = Rendering {
        args,
        rules: &rules,
    };
    write_outputs(destinations, &rendering, &report, out)?;
    if args.timings {
        let _ = err.write_all(timings(&report, started).as_bytes());
    }
    Ok((None, report))
}

/// Scans with the JSON report written as findings come ([`json::Stream`]), to the one
/// destination; returns the report of the rest.
fn stream_json(
    scanner: &crate::Scanner,
    args: &ScanArgs,
    destinations: &mut Destinations,
    out: &mut dyn Write,
) -> Result<Report, Error> {
    let (output, file) = &mut destinations.outputs[0];
    let shown = output
        .path
        .as_ref()
        .map_or_else(|| "output".to_string(), |p| p.display().to_string());
    let writer: Box<dyn Write + '_> = match file {
        Some(file) => Box::new(std::io::BufWriter::new(file)),
        None => Box::new(std::io::BufWriter::new(out)),
    };
    let failed = |e: std::io::Error| Error::Usage(format!("cannot write {shown}: {e}"));
    let mut stream = json::Stream::start(writer);
    let report = scanner.scan_streaming(&args.paths, &args.plans, &mut |findings| {
        if let Ok(json) = &mut stream {
            if let Err(e) = json.findings(&findings) {
                stream = Err(e);
            }
        }
    });
    match stream.and_then(|json| json.finish(&report)) {
        Ok(_) => Ok(report),
        // A closed pipe (`tfwarden scan --format json | head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(report),
        Err(e) => Err(failed(e)),
    }
}

/// The `--timings` table: each stage, the total, and the slowest rules.
fn timings(report: &Report, started: std::time::Instant) -> String {
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
    table
}
