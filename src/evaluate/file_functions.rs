//! Terraform functions that read files (`file`, `templatefile`), confined to the working tree:
//! a relative path that stays under the current directory, a regular file of at most 1 MiB.
//! Anything else fails, and the expression that called it stays unknown.

use std::path::{Component, Path};

use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use hcl::{Template, Value};

use super::functions;

/// Largest file `file` and `templatefile` read.
const MAX_FILE: u64 = 1 << 20;

/// Declares `file` and `templatefile` in `ctx`.
pub fn declare(ctx: &mut Context<'static>) {
    ctx.declare_func(
        "file",
        FuncDef::builder()
            .param(ParamType::String)
            .build(|a| read(&a[0]).map(Value::from)),
    );
    ctx.declare_func(
        "templatefile",
        FuncDef::builder()
            .params([ParamType::String, ParamType::Any])
            .build(templatefile),
    );
}

/// Reads a file of the working tree.
pub(super) fn read(path: &Value) -> Result<String, String> {
    let Value::String(path) = path else {
        return Err("file: the path must be a string".into());
    };
    let p = Path::new(path);
    let escapes = p.is_absolute()
        || p.components()
            .try_fold(0i32, |depth, c| match c {
                Component::ParentDir if depth == 0 => None,
                Component::ParentDir => Some(depth - 1),
                Component::Normal(_) => Some(depth + 1),
                _ => Some(depth),
            })
            .is_none();
    if escapes {
        return Err(format!("file: {path} is outside the scanned tree"));
    }
    let meta = std::fs::metadata(p).map_err(|e| format!("file: {path}: {e}"))?;
    if !meta.is_file() || meta.len() > MAX_FILE {
        return Err(format!("file: {path} is not a file of at most 1 MiB"));
    }
    std::fs::read_to_string(p).map_err(|e| format!("file: {path}: {e}"))
}

fn templatefile(a: FuncArgs) -> Result<Value, String> {
    let text = read(&a[0])?;
    let Value::Object(vars) = &a[1] else {
        return Err("templatefile: the variables must be an object".into());
    };
    let template: Template = text.parse().map_err(|e| format!("templatefile: {e}"))?;
    let mut ctx = Context::new();
    functions::declare(&mut ctx);
    declare(&mut ctx);
    for (name, value) in vars {
        ctx.declare_var(name.as_str(), value.clone());
    }
    template
        .evaluate(&ctx)
        .map(Value::from)
        .map_err(|e| format!("templatefile: {e}"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn eval(src: &str) -> Option<serde_json::Value> {
        super::super::constant(&src.parse().unwrap())
    }

    #[test]
    fn files_of_the_tree_are_read_and_others_are_unknown() {
        let policy = "testdata/hcl/functions/policy.json.tftpl";
        assert_eq!(
            eval(&format!(
                r#"jsondecode(templatefile("{policy}", {{ actions = ["s3:GetObject"], bucket = "b" }})).Statement[0].Resource"#
            )),
            Some(json!("arn:aws:s3:::b/*"))
        );
        assert!(eval(r#"file("testdata/hcl/functions/policy.json.tftpl")"#).is_some());
        assert_eq!(eval(r#"file("/etc/passwd")"#), None);
        assert_eq!(eval(r#"file("../outside.txt")"#), None);
        assert_eq!(eval(r#"file("testdata/../../outside.txt")"#), None);
        assert_eq!(eval(r#"file("testdata/hcl/functions/missing.json")"#), None);
    }
}
