//! Discover stage: walks the paths the user gave (respecting `.gitignore`, skipping
//! `.terraform/`) and groups Terraform files (`.tf`, `.tf.json`) by directory into modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::ScanError;

/// A directory of `.tf` files: one Terraform module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleDir {
    /// The directory, as reported to users.
    pub dir: String,
    /// Its `.tf` files, sorted, as reported to users.
    pub files: Vec<String>,
    /// Its variable files in Terraform's order of precedence, lowest first: `terraform.tfvars`,
    /// `terraform.tfvars.json`, then `*.auto.tfvars` and `*.auto.tfvars.json` by name.
    pub var_files: Vec<String>,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Modules, sorted by directory.
    pub modules: Vec<ModuleDir>,
    /// Paths that do not exist or cannot be walked.
    pub errors: Vec<ScanError>,
    /// When only files were named (the pre-commit case): the files whose findings to report.
    /// Their whole modules are still evaluated, so sibling files count.
    pub focus: Option<BTreeSet<String>>,
    /// Files in the walked directories that look like Terraform but are not read, and why
    /// (`main.tf.bak`, a `prod.tfvars` Terraform loads only with `-var-file`), sorted.
    pub skipped: Vec<Skipped>,
    /// Terraform files in the walked directories that `.gitignore`, `.ignore` or being hidden
    /// leave out (counted, not named).
    pub ignored: usize,
}

/// A file under the scanned directories that is deliberately not read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Skipped {
    /// The file, as reported to users.
    pub file: String,
    /// Why it is not read.
    pub reason: String,
}

/// Walks `paths` (files or directories) and groups the `.tf` files found by directory.
///
/// Directories are walked with the `ignore` crate's standard filters (`.gitignore`, `.ignore`,
/// hidden files), and `.terraform/` (provider and module caches) is always skipped. A file named
/// explicitly (`.tf` or `.tfvars`, as a pre-commit hook passes them) brings in its whole module,
/// the other `.tf` files of its directory, so variables and resources in sibling files count;
/// when only files are named, [`Discovery::focus`] limits reporting to them (all of a module's
/// `.tf` files for a `.tfvars`).
pub fn discover(paths: &[PathBuf]) -> Discovery {
    discover_with(paths, true)
}

/// The modules under `paths` as [`discover`] finds them, without counting the Terraform files
/// the filters leave out ([`Discovery::ignored`] stays 0): that count walks everything, build
/// and virtualenv directories included, which is wasted when the modules are all one needs
/// (the callers of a file named to a pre-commit scan).
pub fn discover_modules(paths: &[PathBuf]) -> Discovery {
    discover_with(paths, false)
}

fn discover_with(paths: &[PathBuf], count_ignored: bool) -> Discovery {
    let mut by_dir: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    let mut ignored = 0;
    let mut focus: BTreeSet<String> = BTreeSet::new();
    let mut focus_dirs: BTreeSet<String> = BTreeSet::new();
    let only_files = paths.iter().all(|p| p.is_file());
    for path in paths {
        let shown = display(path);
        if !path.exists() {
            errors.push(ScanError::path(shown, "the path does not exist"));
            continue;
        }
        let dir_of_file = path.is_file().then(|| path.parent().map(Path::to_path_buf));
        if let Some(dir) = dir_of_file {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if is_terraform(path) {
                focus.insert(shown.clone());
                by_dir.entry(parent_of(&shown)).or_default().push(shown);
            } else if name.ends_with(".tfvars") || name.ends_with(".tfvars.json") {
                focus_dirs.insert(parent_of(&shown));
            } else {
                errors.push(ScanError::path(
                    shown,
                    "not a Terraform file (expected .tf, .tf.json, .tfvars or .tfvars.json)",
                ));
                continue;
            }
            // The file's module: the other .tf files beside it, not its subdirectories.
            let dir = dir
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or_else(|| PathBuf::from("."));
            walk(&dir, Some(1), &mut by_dir, &mut errors);
            continue;
        }
        let before: usize = by_dir.values().map(Vec::len).sum();
        // The two walks side by side. (ignore's parallel walker was slower for a small tree: its
        // threads start, and idle ones sleep a millisecond at a time.)
        let (walked, unfiltered) = rayon::join(
            || walk(path, None, &mut by_dir, &mut errors),
            || {
                if count_ignored {
                    count_terraform(path)
                } else {
                    0
                }
            },
        );
        skipped.extend(walked);
        let found: usize = by_dir.values().map(Vec::len).sum::<usize>() - before;
        ignored += unfiltered.saturating_sub(found);
    }
    skipped.sort();
    skipped.dedup();
    let modules: Vec<ModuleDir> = by_dir
        .into_iter()
        .map(|(dir, mut files)| {
            files.sort();
            files.dedup();
            let var_files = var_files(&dir);
            ModuleDir {
                dir,
                files,
                var_files,
            }
        })
        .collect();
    for module in modules.iter().filter(|m| focus_dirs.contains(&m.dir)) {
        focus.extend(module.files.iter().cloned());
    }
    Discovery {
        modules,
        errors,
        focus: only_files.then_some(focus),
        skipped,
        ignored,
    }
}

/// Adds the `.tf` files under `root` (to `depth` levels, or all) to `by_dir`; returns the
/// files that look like Terraform but are not read.
fn walk(
    root: &Path,
    depth: Option<usize>,
    by_dir: &mut BTreeMap<String, Vec<String>>,
    errors: &mut Vec<ScanError>,
) -> Vec<Skipped> {
    let shown = display(root);
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .max_depth(depth)
        .filter_entry(|entry| entry.file_name() != ".terraform")
        .build();
    let mut skipped = Vec::new();
    for item in walker.filter_map(|entry| classify(entry, &shown)) {
        match item {
            Found::File(file) => by_dir.entry(parent_of(&file)).or_default().push(file),
            Found::Skipped(s) => skipped.push(s),
            Found::Error(e) => errors.push(e),
        }
    }
    skipped
}

/// What the walk makes of one entry.
enum Found {
    /// A Terraform file to read.
    File(String),
    /// A file that looks like Terraform and is not read.
    Skipped(Skipped),
    /// An entry that could not be walked.
    Error(ScanError),
}

fn classify(entry: Result<ignore::DirEntry, ignore::Error>, root: &str) -> Option<Found> {
    let entry = match entry {
        Ok(entry) => entry,
        Err(err) => return Some(Found::Error(walk_error(root, &err))),
    };
    let p = entry.path();
    let kind = entry.file_type()?;
    if kind.is_dir() {
        return None;
    }
    // A symlink counts as what it points at (Terraform follows it: a shared providers.tf
    // linked into each root is read); a FIFO or a device is never read (it could block or
    // never end) and is named as skipped.
    let target = kind
        .is_symlink()
        .then(|| std::fs::metadata(p).ok())
        .flatten();
    if target.as_ref().is_some_and(|m| m.is_dir()) {
        return None;
    }
    if !kind.is_file() && !target.as_ref().is_some_and(|m| m.is_file()) {
        return is_terraform(p).then(|| {
            Found::Skipped(Skipped {
                file: display(p),
                reason: "not a regular file (a FIFO, device or broken link is not read)"
                    .to_string(),
            })
        });
    }
    if is_terraform(p) {
        return Some(Found::File(display(p)));
    }
    skip_reason(&entry.file_name().to_string_lossy()).map(|reason| {
        Found::Skipped(Skipped {
            file: display(p),
            reason: reason.to_string(),
        })
    })
}

/// How many Terraform files are under `root` with no filter but `.terraform/` and `.git/`
/// (compared with what the filtered walk found, the number `.gitignore` and hiding leave out).
fn count_terraform(root: &Path) -> usize {
    ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .filter_entry(|e| e.file_name() != ".terraform" && e.file_name() != ".git")
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()) && is_terraform(e.path()))
        .count()
}

/// Why a file that is not read looks as if it might be: a configuration file under another
/// name (`main.tf.bak`, `main.tf.json.orig`), or a variable file Terraform does not load by
/// itself. `None` for everything else (and for the variable files it loads).
fn skip_reason(name: &str) -> Option<&'static str> {
    let var_file = name.ends_with(".tfvars") || name.ends_with(".tfvars.json");
    if var_file {
        let auto = matches!(name, "terraform.tfvars" | "terraform.tfvars.json")
            || name.ends_with(".auto.tfvars")
            || name.ends_with(".auto.tfvars.json");
        return (!auto)
            .then_some("a variable file Terraform loads only when named: pass it with --var-file");
    }
    (name.contains(".tf.") || name.ends_with(".tf~"))
        .then_some("not a Terraform file name: Terraform reads .tf and .tf.json")
}

/// The `.tf` files of one module directory that was not walked (a module called from a scanned
/// one, or installed by `terraform init`), sorted; empty when it does not exist.
pub fn module_files(dir: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<String> = entries
        .flatten()
        .filter(|e| e.path().is_file() && is_terraform(&e.path()))
        .map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            if dir == "." {
                name
            } else {
                format!("{dir}/{name}")
            }
        })
        .collect();
    files.sort();
    files
}

fn var_files(dir: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut auto: Vec<String> = Vec::new();
    let mut fixed: Vec<(usize, String)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !entry.path().is_file() {
            continue;
        }
        let shown = if dir == "." {
            name.clone()
        } else {
            format!("{dir}/{name}")
        };
        match name.as_str() {
            "terraform.tfvars" => fixed.push((0, shown)),
            "terraform.tfvars.json" => fixed.push((1, shown)),
            n if n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json") => {
                auto.push(shown)
            }
            _ => {}
        }
    }
    fixed.sort();
    auto.sort();
    fixed.into_iter().map(|(_, f)| f).chain(auto).collect()
}

/// A Terraform configuration file: `.tf`, or `.tf.json` (Terraform's JSON syntax).
fn is_terraform(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "tf")
        || path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with(".tf.json"))
}

/// A path as reported to users (see `display`).
pub fn display_path(path: &Path) -> String {
    display(path)
}

/// The path as the user would write it: `/`-separated, without a leading `./`.
fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    if s.is_empty() {
        ".".to_string()
    } else {
        s.to_string()
    }
}

fn parent_of(file: &str) -> String {
    match file.rfind('/') {
        Some(i) => file[..i].to_string(),
        None => ".".to_string(),
    }
}

fn walk_error(root: &str, err: &ignore::Error) -> ScanError {
    let mut err_ref = err;
    // Unwrap the context layers `ignore` adds so the message names the path.
    loop {
        match err_ref {
            ignore::Error::WithPath { path, err } => {
                return ScanError::path(display(path), err.to_string());
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                err_ref = err;
            }
            ignore::Error::Loop { child, .. } => {
                return ScanError::path(display(child), "symbolic link loop");
            }
            other => return ScanError::path(root, other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn groups_by_directory_and_skips_terraform_caches_and_ignored_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("svc/.terraform/modules/x")).unwrap();
        fs::create_dir_all(root.join("svc/modules/fn")).unwrap();
        fs::create_dir_all(root.join("build")).unwrap();
        fs::write(root.join("svc/main.tf"), "").unwrap();
        fs::write(root.join("svc/b.tf"), "").unwrap();
        fs::write(root.join("svc/notes.md"), "").unwrap();
        fs::write(root.join("svc/.terraform/modules/x/main.tf"), "").unwrap();
        fs::write(root.join("svc/modules/fn/main.tf"), "").unwrap();
        fs::write(root.join("build/gen.tf"), "").unwrap();
        fs::write(root.join(".gitignore"), "build/\n").unwrap();

        let found = discover(&[root.to_path_buf()]);
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        let base = display(root);
        let got: Vec<(String, Vec<String>)> = found
            .modules
            .into_iter()
            .map(|m| {
                let rel = |p: &str| p.strip_prefix(&format!("{base}/")).unwrap_or(p).to_string();
                (rel(&m.dir), m.files.iter().map(|f| rel(f)).collect())
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "svc".to_string(),
                    vec!["svc/b.tf".to_string(), "svc/main.tf".to_string()]
                ),
                (
                    "svc/modules/fn".to_string(),
                    vec!["svc/modules/fn/main.tf".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn missing_paths_are_errors() {
        let found = discover(&[PathBuf::from("does/not/exist")]);
        assert_eq!(found.errors.len(), 1);
        assert_eq!(found.errors[0].file, "does/not/exist");
    }

    #[test]
    fn display_strips_dot_slash() {
        assert_eq!(display(Path::new("./a/b.tf")), "a/b.tf");
        assert_eq!(display(Path::new(".")), ".");
    }
}
