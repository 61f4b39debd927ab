//! The module directories of a scan: the ones discovered, plus the local modules they call and
//! the modules `terraform init` installed (`.terraform/modules/modules.json`), read and parsed
//! once each; and which directories are roots (no other scanned directory calls them).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::Structure;
use rayon::prelude::*;
use serde_json::{Map, Value};

use super::read_var_file;
use crate::discover::{module_files, ModuleDir};
use crate::parse::{decode, parse_hcl, ParsedFile};
use crate::source::SourceFile;
use crate::ScanError;

/// One module directory, parsed.
#[derive(Debug, Default)]
pub struct ModuleFiles {
    /// The directory, as reported (also `path.module`).
    pub dir: String,
    /// How many `.tf` files it has, parsed or not.
    pub file_count: usize,
    /// The files that parsed.
    pub files: Vec<ParsedFile>,
    /// The values of its variable files, lowest precedence first (used when it is a root).
    pub var_files: Vec<Map<String, Value>>,
    /// Files that could not be read, decoded or parsed.
    pub errors: Vec<ScanError>,
    /// Every file that could be decoded, so errors and findings can be shown in context.
    pub sources: Vec<Arc<SourceFile>>,
    /// The directories of the local modules it calls, normalized.
    pub calls: Vec<String>,
}

/// Why a module call's directory is not available.
#[derive(Debug)]
pub enum Unresolved {
    /// A local path with no `.tf` files (the path, normalized).
    Missing(String),
    /// A registry or git source that `terraform init` has not installed.
    NotInstalled,
}

/// Every module directory a scan evaluates, by normalized path.
#[derive(Debug, Default)]
pub struct Tree {
    modules: HashMap<String, ModuleFiles>,
    /// Root directory to its `modules.json`: module key (`a.b`) to installed directory.
    installed: HashMap<String, HashMap<String, String>>,
    /// The root module directories, sorted.
    pub roots: Vec<String>,
    /// Modules of a [`Tree::outline`] not read yet: directory to its files and variable files.
    deferred: HashMap<String, (Vec<String>, Vec<String>)>,
}

impl Tree {
    /// Reads and parses the discovered `modules` (in parallel), then every module they call
    /// that was not discovered, and works out the roots. `keep` filters files (the
    /// configuration's `exclude`).
    pub fn load(modules: &[ModuleDir], keep: &(dyn Fn(&str) -> bool + Sync)) -> Self {
        Self::load_with(modules, keep, false)
    }

    /// The same tree as [`Tree::load`], holding only what makes its shape (the module calls
    /// and installed modules): no module's files are kept, so it costs little memory at any
    /// size. [`Tree::part`] then reads the modules of some of its roots. A file is parsed here
    /// only when its text may hold a `module` block.
    pub fn outline(modules: &[ModuleDir], keep: &(dyn Fn(&str) -> bool + Sync)) -> Self {
        Self::load_with(modules, keep, true)
    }

    fn load_with(
        modules: &[ModuleDir],
        keep: &(dyn Fn(&str) -> bool + Sync),
        outline: bool,
    ) -> Self {
        let read = |dir: &str, files: &[String], var_files: &[String]| {
            if outline {
                outline_module(dir, files)
            } else {
                read_module(dir, files, var_files)
            }
        };
        let loaded: Vec<ModuleFiles> = modules
            .par_iter()
            .map(|m| read(&m.dir, &m.files, &m.var_files))
            .collect();
        let mut tree = Tree::default();
        if outline {
            for m in modules {
                tree.deferred
                    .insert(normalize(&m.dir), (m.files.clone(), m.var_files.clone()));
            }
        }
        let discovered: Vec<String> = loaded.iter().map(|m| normalize(&m.dir)).collect();
        let discovered_set: std::collections::HashSet<&str> =
            discovered.iter().map(String::as_str).collect();
        for module in loaded {
            tree.modules.insert(normalize(&module.dir), module);
        }
        // Installed modules of each discovered directory that has run `terraform init`.
        for dir in &discovered {
            if let Some(entries) = read_modules_json(dir) {
                tree.installed.insert(dir.clone(), entries);
            }
        }
        // Called local modules and installed ones not walked: load until nothing new.
        let mut called_by_discovered: BTreeSet<String> = BTreeSet::new();
        let mut queue: Vec<String> = tree.modules.keys().cloned().collect();
        queue.extend(tree.installed.values().flat_map(|e| e.values().cloned()));
        while let Some(dir) = queue.pop() {
            if !tree.modules.contains_key(&dir) {
                let files: Vec<String> =
                    module_files(&dir).into_iter().filter(|f| keep(f)).collect();
                if files.is_empty() {
                    continue;
                }
                let module = read(&dir, &files, &[]);
                if outline {
                    tree.deferred.insert(dir.clone(), (files, Vec::new()));
                }
                tree.modules.insert(dir.clone(), module);
            }
            let Some(module) = tree.modules.get_mut(&dir) else {
                continue;
            };
            let is_discovered = discovered_set.contains(dir.as_str());
            if !outline {
                module.calls = local_sources(&module.files)
                    .iter()
                    .map(|s| join(&dir, s))
                    .collect();
            }
            for target in module.calls.clone() {
                if target == dir {
                    continue;
                }
                if is_discovered {
                    called_by_discovered.insert(target.clone());
                }
                if !tree.modules.contains_key(&target) {
                    queue.push(target);
                }
            }
        }
        tree.roots = discovered
            .iter()
            .filter(|d| !called_by_discovered.contains(*d))
            .cloned()
            .collect();
        tree.roots.sort();
        tree
    }

    /// The part of an [`outline`](Tree::outline) that `roots` are made of, every module of
    /// their closures read and parsed, with `roots` as its roots: what [`Tree::load`] would
    /// give for these roots.
    pub fn part(&self, roots: &[String]) -> Tree {
        let mut part = Tree::default();
        for root in roots {
            for dir in self.closure(root) {
                if part.modules.contains_key(&dir) {
                    continue;
                }
                let module = match self.deferred.get(&dir) {
                    Some((files, var_files)) => {
                        let mut module = read_module(&dir, files, var_files);
                        module.dir = self.modules[&dir].dir.clone();
                        module.calls = self.modules[&dir].calls.clone();
                        module
                    }
                    None => continue,
                };
                part.modules.insert(dir, module);
            }
            if let Some(installed) = self.installed.get(root) {
                part.installed.insert(root.clone(), installed.clone());
            }
        }
        part.roots = roots.to_vec();
        part
    }

    /// The module directories of an [`outline`](Tree::outline) no root's closure reaches
    /// (modules that only call each other), read and parsed: their errors and files are
    /// reported like the others'.
    pub fn unreached(&self) -> Vec<ModuleFiles> {
        let mut reached = std::collections::HashSet::new();
        for root in &self.roots {
            reached.extend(self.closure(root));
        }
        let mut dirs: Vec<&String> = self
            .deferred
            .keys()
            .filter(|d| !reached.contains(*d))
            .collect();
        dirs.sort();
        dirs.into_iter()
            .map(|dir| {
                let (files, var_files) = &self.deferred[dir];
                read_module(&self.modules[dir].dir, files, var_files)
            })
            .collect()
    }

    /// A tree of one module directory, which is its root (for evaluating a text in tests).
    pub fn single(module: ModuleFiles) -> Self {
        let dir = normalize(&module.dir);
        let mut tree = Tree::default();
        tree.roots.push(dir.clone());
        tree.modules.insert(dir, module);
        tree
    }

    /// The directories a root's configuration is made of: the root, the local modules it calls
    /// (transitively) and the modules installed for it.
    pub fn closure(&self, root: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut queue = vec![root.to_string()];
        queue.extend(
            self.installed
                .get(root)
                .into_iter()
                .flat_map(|e| e.values().cloned()),
        );
        while let Some(dir) = queue.pop() {
            if let Some(module) = self.modules.get(&dir) {
                if seen.insert(dir) {
                    queue.extend(module.calls.iter().cloned());
                }
            }
        }
        seen
    }

    /// A loaded module directory by its normalized path.
    pub fn module(&self, dir: &str) -> Option<&ModuleFiles> {
        self.modules.get(dir)
    }

    /// Every loaded module directory.
    pub fn modules(&self) -> impl Iterator<Item = &ModuleFiles> {
        self.modules.values()
    }

    /// The directory a module call in `caller` (of root `root`, with modules.json key `key`)
    /// loads for `source`.
    pub fn resolve(
        &self,
        root: &str,
        caller: &str,
        key: &str,
        source: &str,
    ) -> Result<&ModuleFiles, Unresolved> {
        if is_local(source) {
            let dir = join(&normalize(caller), source);
            return self.modules.get(&dir).ok_or(Unresolved::Missing(dir));
        }
        self.installed
            .get(&normalize(root))
            .and_then(|entries| entries.get(key))
            .and_then(|dir| self.modules.get(dir))
            .ok_or(Unresolved::NotInstalled)
    }
}

/// A local module source: a relative path, as Terraform requires them to be written.
fn is_local(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../")
}

/// The literal local `source` of each module block.
fn local_sources(files: &[ParsedFile]) -> Vec<String> {
    let mut out = Vec::new();
    for file in files {
        for structure in file.body.iter() {
            let Structure::Block(block) = structure else {
                continue;
            };
            if block.ident.as_str() != "module" {
                continue;
            }
            if let Some(Expression::String(s)) =
                block.body.get_attribute("source").map(|a| &a.value)
            {
                if is_local(s.value()) {
                    out.push(s.value().to_string());
                }
            }
        }
    }
    out
}

/// `dir` joined with a relative `path`, `.` and `..` resolved lexically, as reported.
pub fn join(dir: &str, path: &str) -> String {
    if dir == "." {
        normalize(path)
    } else {
        normalize(&format!("{dir}/{path}"))
    }
}

/// A path without `.` segments, `..` resolved where it can be, no trailing `/`; `.` when empty.
pub fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// The path from directory `from` to directory `to` (both as [`normalize`] writes them), as
/// Terraform writes `path.module`: `"."`, `"modules/fn"`, `"../../modules/fn"`.
pub fn relative(from: &str, to: &str) -> String {
    let parts = |p: &str| -> Vec<String> {
        normalize(p)
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .map(str::to_string)
            .collect()
    };
    let (from, to) = (parts(from), parts(to));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out: Vec<String> = vec!["..".to_string(); from.len() - common];
    out.extend(to[common..].iter().cloned());
    if out.is_empty() {
        ".".to_string()
    } else {
        out.join("/")
    }
}

/// `.terraform/modules/modules.json` of a root: module key to directory (relative to the root,
/// as Terraform writes it).
fn read_modules_json(root: &str) -> Option<HashMap<String, String>> {
    let path = Path::new(root).join(".terraform/modules/modules.json");
    let text = std::fs::read_to_string(path).ok()?;
    let doc: Value = serde_json::from_str(&text).ok()?;
    let entries = doc.get("Modules")?.as_array()?;
    Some(
        entries
            .iter()
            .filter_map(|e| {
                let key = e.get("Key")?.as_str()?;
                let dir = e.get("Dir")?.as_str()?;
                (!key.is_empty()).then(|| (key.to_string(), join(root, dir)))
            })
            .collect(),
    )
}

/// Reads a file for the scan: a read or decode failure is an error entry.
fn read_source(path: &str, errors: &mut Vec<ScanError>) -> Option<Arc<SourceFile>> {
    let bytes = match std::fs::read(Path::new(path)) {
        Ok(bytes) => bytes,
        Err(e) => {
            errors.push(ScanError::file(path, format!("cannot read file: {e}")));
            return None;
        }
    };
    match decode(path, bytes) {
        Ok(source) => Some(Arc::new(source)),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// One module of an [`outline`](Tree::outline): its directory, file count and local module
/// calls, nothing else kept. A file whose text has no `module` word that could start a block
/// (not after a `.` nor before one, as in `path.module` and `module.x`) holds no module call
/// and is not parsed; the others are parsed as [`read_module`] would, and dropped.
fn outline_module(dir: &str, files: &[String]) -> ModuleFiles {
    let mut calls = Vec::new();
    for path in files {
        let mut errors = Vec::new();
        let Some(source) = read_source(path, &mut errors) else {
            continue;
        };
        if !may_have_module_block(&source.text) {
            continue;
        }
        if let Ok(file) = parse_hcl(source) {
            calls.extend(local_sources(std::slice::from_ref(&file)));
        }
    }
    ModuleFiles {
        dir: dir.to_string(),
        file_count: files.len(),
        calls: calls.iter().map(|s| join(&normalize(dir), s)).collect(),
        ..ModuleFiles::default()
    }
}

/// Whether `text` has the word `module` anywhere but as a traversal (`path.module`,
/// `module.x`): a cheap test that never says no to a file with a `module` block.
fn may_have_module_block(text: &str) -> bool {
    let bytes = text.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    text.match_indices("module").any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes[at + 6..].iter().find(|b| !b.is_ascii_whitespace());
        !before.is_some_and(|b| b == b'.' || ident(b)) && after != Some(&b'.')
    })
}

/// Reads and parses one module's files and variable files.
fn read_module(dir: &str, files: &[String], var_files: &[String]) -> ModuleFiles {
    let mut module = ModuleFiles {
        dir: dir.to_string(),
        file_count: files.len(),
        ..ModuleFiles::default()
    };
    for path in files {
        let Some(source) = read_source(path, &mut module.errors) else {
            continue;
        };
        module.sources.push(source.clone());
        match parse_hcl(source) {
            Ok(file) => module.files.push(file),
            Err(e) => module.errors.push(e),
        }
    }
    for path in var_files {
        let Some(source) = read_source(path, &mut module.errors) else {
            continue;
        };
        module.sources.push(source.clone());
        match read_var_file(path, source) {
            Ok(values) => module.var_files.push(values),
            Err(e) => module.errors.push(e),
        }
    }
    module
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_lexically() {
        assert_eq!(join("envs/prod", "../../modules/fn"), "modules/fn");
        assert_eq!(join(".", "./modules/fn"), "modules/fn");
        assert_eq!(join(".", "../shared"), "../shared");
        assert_eq!(join("a", "./b/../c/"), "a/c");
        assert_eq!(normalize("/x/./y/../z"), "/x/z");
        assert_eq!(normalize("./"), ".");
    }
}
