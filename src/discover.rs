//! Discover stage: walks the paths the user gave (respecting `.gitignore`, skipping
//! `.terraform/`) and groups Terraform files by directory into modules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::ScanError;

/// A directory of `.tf` files: one Terraform module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleDir {
    /// The directory, as reported to users.
    pub dir: String,
    /// Its `.tf` files, sorted, as reported to users.
    pub files: Vec<String>,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Modules, sorted by directory.
    pub modules: Vec<ModuleDir>,
    /// Paths that do not exist or cannot be walked.
    pub errors: Vec<ScanError>,
}

/// Walks `paths` (files or directories) and groups the `.tf` files found by directory.
///
/// A `.tf` file named explicitly is scanned even if ignored; directories are walked with the
/// `ignore` crate's standard filters (`.gitignore`, `.ignore`, hidden files), and `.terraform/`
/// (provider and module caches) is always skipped.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut by_dir: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut errors = Vec::new();
    for path in paths {
        let shown = display(path);
        if !path.exists() {
            errors.push(ScanError::file(shown, "no such file or directory"));
            continue;
        }
        if path.is_file() {
            if is_terraform(path) {
                by_dir.entry(parent_of(&shown)).or_default().push(shown);
            } else {
                errors.push(ScanError::file(
                    shown,
                    "not a Terraform file (expected .tf)",
                ));
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .filter_entry(|entry| entry.file_name() != ".terraform")
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let p = entry.path();
                    if entry.file_type().is_some_and(|t| t.is_file()) && is_terraform(p) {
                        let shown = display(p);
                        by_dir.entry(parent_of(&shown)).or_default().push(shown);
                    }
                }
                Err(err) => errors.push(walk_error(&shown, &err)),
            }
        }
    }
    let modules = by_dir
        .into_iter()
        .map(|(dir, mut files)| {
            files.sort();
            files.dedup();
            ModuleDir { dir, files }
        })
        .collect();
    Discovery { modules, errors }
}

fn is_terraform(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "tf")
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
                return ScanError::file(display(path), err.to_string());
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                err_ref = err;
            }
            ignore::Error::Loop { child, .. } => {
                return ScanError::file(display(child), "symbolic link loop");
            }
            other => return ScanError::file(root, other.to_string()),
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
