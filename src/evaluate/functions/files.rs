//! File and path functions (`file`, `fileexists`, `fileset`, `filesha256`, ...), confined to
//! the working tree: a relative path that stays under the current directory, a regular file
//! of at most 1 MiB. Anything else is an error, and the expression that called it is unknown:
//! a configuration cannot make the scanner read `/etc/passwd` or a FIFO.

use std::path::{Component, Path, PathBuf};

use base64::Engine as _;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use super::hash::{base64, hex};
use super::{arity, known, text, FnResult};
use crate::evaluate::cty::Val;

/// Largest file the file functions read.
const MAX_FILE: u64 = 1 << 20;
/// Most files `fileset` lists, and the deepest directory it walks.
const MAX_FILESET: usize = 10_000;
const MAX_FILESET_DEPTH: usize = 32;

pub(super) fn lookup(name: &str) -> Option<fn(&[Val]) -> FnResult> {
    Some(match name {
        "file" => |a| {
            let bytes = known!(read_arg(a));
            String::from_utf8(bytes)
                .map(Val::String)
                .map_err(|_| "the file is not valid UTF-8 (use filebase64)".into())
        },
        "filebase64" => |a| {
            Ok(Val::String(
                base64::engine::general_purpose::STANDARD.encode(known!(read_arg(a))),
            ))
        },
        "filemd5" => |a| Ok(Val::String(hex(&Md5::digest(known!(read_arg(a)))))),
        "filesha1" => |a| Ok(Val::String(hex(&Sha1::digest(known!(read_arg(a)))))),
        "filesha256" => |a| Ok(Val::String(hex(&Sha256::digest(known!(read_arg(a)))))),
        "filesha512" => |a| Ok(Val::String(hex(&Sha512::digest(known!(read_arg(a)))))),
        "filebase64sha256" => |a| Ok(Val::String(base64(&Sha256::digest(known!(read_arg(a)))))),
        "filebase64sha512" => |a| Ok(Val::String(base64(&Sha512::digest(known!(read_arg(a)))))),
        "fileexists" => fileexists,
        "fileset" => fileset,
        "abspath" => abspath,
        "basename" => |a| path_part(a, true),
        "dirname" => |a| path_part(a, false),
        _ => return None,
    })
}

thread_local! {
    /// Where relative paths start (the root module's directory, as Terraform runs there) and
    /// the directories files may be read from, canonical.
    static BASE: std::cell::RefCell<Option<(PathBuf, Vec<PathBuf>)>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` with relative paths resolved against `root` (the root module's directory) and
/// reads confined to `allowed` (the directories of the configuration's modules).
pub fn with_base<R>(root: &str, allowed: &[String], f: impl FnOnce() -> R) -> R {
    let allowed = allowed
        .iter()
        .filter_map(|d| std::fs::canonicalize(d).ok())
        .collect();
    let previous = BASE.with(|b| b.replace(Some((PathBuf::from(root), allowed))));
    let result = f();
    BASE.with(|b| *b.borrow_mut() = previous);
    result
}

/// The file `path` names, if it lies inside the directories files may be read from (by
/// default, the current directory): a symbolic link that leads out is refused too.
fn confined(path: &str) -> Result<PathBuf, String> {
    let (root, allowed) = BASE.with(|b| b.borrow().clone()).unwrap_or_else(|| {
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|d| std::fs::canonicalize(d).ok());
        (PathBuf::from("."), cwd.into_iter().collect())
    });
    let joined = root.join(path);
    let outside = || format!("{path} is outside the scanned tree");
    let canonical = match std::fs::canonicalize(&joined) {
        Ok(c) => c,
        // A path that does not exist: judge it by where it would be.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let parent = joined.parent().map(Path::to_path_buf).unwrap_or_default();
            let parent = std::fs::canonicalize(if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                &parent
            })
            .map_err(|_| format!("{path}: no such file or directory"))?;
            if !allowed.iter().any(|a| parent.starts_with(a)) {
                return Err(outside());
            }
            return Err(format!("{path}: no such file or directory"));
        }
        Err(e) => return Err(format!("{path}: {e}")),
    };
    if !allowed.iter().any(|a| canonical.starts_with(a)) {
        return Err(outside());
    }
    Ok(canonical)
}

/// Reads a regular file of the working tree.
fn read(path: &str) -> Result<Vec<u8>, String> {
    let p = confined(path)?;
    let meta = std::fs::metadata(&p).map_err(|e| format!("{path}: {e}"))?;
    if !meta.is_file() || meta.len() > MAX_FILE {
        return Err(format!("{path} is not a file of at most 1 MiB"));
    }
    std::fs::read(&p).map_err(|e| format!("{path}: {e}"))
}

/// The text of a file of the working tree (for `templatefile`).
pub(super) fn read_text(path: &str) -> Result<String, String> {
    String::from_utf8(read(path)?).map_err(|_| format!("{path} is not valid UTF-8"))
}

fn read_arg(args: &[Val]) -> Result<Option<Vec<u8>>, String> {
    arity("", args, 1, 1)?;
    match text(&args[0])? {
        Some(path) => read(&path).map(Some),
        None => Ok(None),
    }
}

fn fileexists(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let path = known!(text(&args[0]));
    match confined(&path) {
        Ok(p) if p.is_file() => Ok(Val::Bool(true)),
        Ok(_) => Err(format!("{path} is not a regular file")),
        Err(e) if e.ends_with("no such file or directory") => Ok(Val::Bool(false)),
        Err(e) => Err(e),
    }
}

/// `fileset(path, pattern)`: the files under `path` matching `pattern` (`*` within a
/// directory, `**` across them), relative to `path`, sorted.
fn fileset(args: &[Val]) -> FnResult {
    arity("", args, 2, 2)?;
    let base = known!(text(&args[0]));
    let pattern = known!(text(&args[1]));
    let root = confined(&base)?;
    let root = root.as_path();
    let glob = globset::GlobBuilder::new(&pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("invalid pattern {pattern:?}: {e}"))?
        .compile_matcher();
    let mut found = Vec::new();
    let mut stack = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() && depth < MAX_FILESET_DEPTH {
                stack.push((path, depth + 1));
            } else if kind.is_file() {
                let Ok(relative) = path.strip_prefix(root) else {
                    continue;
                };
                let relative = relative.to_string_lossy().replace('\\', "/");
                if glob.is_match(&relative) {
                    found.push(relative);
                    if found.len() > MAX_FILESET {
                        return Err(format!("more than {MAX_FILESET} files match"));
                    }
                }
            }
        }
    }
    Ok(Val::set(found.into_iter().map(Val::String).collect()))
}

fn abspath(args: &[Val]) -> FnResult {
    arity("", args, 1, 1)?;
    let path = known!(text(&args[0]));
    let p = Path::new(&path);
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| e.to_string())?.join(p)
    };
    // Lexically clean, as Go's filepath.Clean.
    let mut out = std::path::PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(Val::String(out.to_string_lossy().to_string()))
}

/// Go's `filepath.Base` (`base`) or `filepath.Dir`.
fn path_part(args: &[Val], base: bool) -> FnResult {
    arity("", args, 1, 1)?;
    let path = known!(text(&args[0]));
    let trimmed = path.trim_end_matches('/');
    if base {
        return Ok(Val::string(if path.is_empty() {
            "."
        } else if trimmed.is_empty() {
            "/"
        } else {
            trimmed.rsplit('/').next().unwrap_or(trimmed)
        }));
    }
    let dir = match path.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => path[..i].trim_end_matches('/').to_string(),
        None => ".".to_string(),
    };
    Ok(Val::String(if dir.is_empty() { "/".into() } else { dir }))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{eval, fails, known};
    use serde_json::json;

    const POLICY: &str = "testdata/hcl/functions/policy.json.tftpl";

    #[test]
    fn files_of_the_tree_are_read_and_others_are_errors() {
        assert!(known(&format!(r#"file("{POLICY}")"#)).is_string());
        assert_eq!(known(&format!(r#"fileexists("{POLICY}")"#)), true);
        assert_eq!(known(r#"fileexists("testdata/no-such-file")"#), false);
        assert_eq!(known(&format!(r#"length(filesha256("{POLICY}"))"#)), 64);
        assert_eq!(
            known(&format!(r#"length(filebase64sha256("{POLICY}"))"#)),
            44
        );
        assert_eq!(known(&format!(r#"length(filemd5("{POLICY}"))"#)), 32);
        for outside in [
            "/etc/passwd",
            "../outside.txt",
            "testdata/../../outside.txt",
        ] {
            assert!(fails(&format!(r#"file("{outside}")"#)), "{outside}");
            assert!(fails(&format!(r#"fileexists("{outside}")"#)), "{outside}");
        }
        assert!(fails(r#"file("testdata")"#), "a directory is not a file");
        assert_eq!(
            known(r#"fileset("testdata/hcl/functions", "*.tftpl")"#),
            json!(["policy.json.tftpl"])
        );
        assert_eq!(
            known(r#"fileset("testdata/hcl", "**/policy.*")"#),
            json!(["functions/policy.json.tftpl"])
        );
        assert!(fails(r#"fileset("/", "*")"#));
        assert!(eval(r#"abspath("a/../b")"#).is_ok());
    }

    #[test]
    fn templates_render_with_their_variables_only() {
        assert_eq!(
            known(&format!(
                r#"jsondecode(templatefile("{POLICY}", {{ actions = ["s3:GetObject"], bucket = "b" }})).Statement[0].Resource"#
            )),
            "arn:aws:s3:::b/*"
        );
        // The template text must not be interpolated where it is written: `$${` escapes it.
        assert_eq!(
            known(r#"templatestring("Hi $${name}", { name = "x" })"#),
            "Hi x"
        );
        assert!(fails(r#"templatefile("/etc/passwd", {})"#));
        assert!(fails(r#"templatestring("$${nope}", {})"#));
    }

    #[test]
    fn paths_split_like_go() {
        assert_eq!(known(r#"basename("foo/bar/baz.txt")"#), "baz.txt");
        assert_eq!(known(r#"basename("foo/bar/")"#), "bar");
        assert_eq!(known(r#"dirname("foo/bar/baz.txt")"#), "foo/bar");
        assert_eq!(known(r#"dirname("foo")"#), ".");
        assert_eq!(known(r#"dirname("/foo")"#), "/");
    }
}
