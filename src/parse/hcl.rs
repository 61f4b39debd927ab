//! Terraform HCL parsing with `hcl-edit`, which keeps a byte span on every node (blocks, labels,
//! attribute keys and values, object items, list elements). `hcl-rs` keeps none, so spans come
//! from here and values are built from the same tree by the evaluate stage.

use std::sync::Arc;

use hcl_edit::structure::Body;

use crate::source::SourceFile;
use crate::ScanError;

/// A parsed `.tf` or `.tf.json` file: its source and its syntax tree.
#[derive(Debug)]
pub struct ParsedFile {
    /// The file's text and line index; spans in `body` are byte offsets into it.
    pub source: Arc<SourceFile>,
    /// The syntax tree.
    pub body: Body,
}

/// Decodes the bytes read from `path` (the path as reported to users) into a source file.
/// Non-UTF-8 input is a [`ScanError`] at the first invalid byte.
pub fn decode(path: &str, mut bytes: Vec<u8>) -> Result<SourceFile, ScanError> {
    // A UTF-8 byte order mark is not part of the text (Terraform reads such files; editors
    // count columns after it).
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&err.as_bytes()[..valid]).into_owned();
            let pos = SourceFile::new(path, prefix).position(valid);
            Err(ScanError::new(
                path,
                pos.line,
                pos.column,
                format!("file is not valid UTF-8 (invalid byte at offset {valid})"),
            ))
        }
    }
}

/// Parses a decoded file; a syntax error is a [`ScanError`] at the offending position. A
/// `.tf.json` file is read in Terraform's JSON syntax ([`super::tfjson`]), into the same tree.
pub fn parse_hcl(source: Arc<SourceFile>) -> Result<ParsedFile, ScanError> {
    if super::tfjson::is_tf_json(&source.path) {
        return super::tfjson::parse_tf_json(source);
    }
    match hcl_edit::parser::parse_body(&source.text) {
        Ok(body) => Ok(ParsedFile { source, body }),
        Err(err) => {
            let pos = source.position(err.location().offset());
            Err(ScanError::new(
                &source.path,
                pos.line,
                pos.column,
                format!("HCL syntax error: {}", one_line(err.message())),
            ))
        }
    }
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path: &str, bytes: &[u8]) -> Result<ParsedFile, ScanError> {
        parse_hcl(Arc::new(decode(path, bytes.to_vec())?))
    }

    #[test]
    fn syntax_error_is_located() {
        let err = parse("bad.tf", b"resource \"a\" \"b\" {\n  x = \n}\n").unwrap_err();
        assert_eq!(err.file, "bad.tf");
        // The value is missing: the error points just past `x = `.
        assert_eq!((err.line, err.column), (2, 7));
        assert!(
            err.message.starts_with("HCL syntax error"),
            "{}",
            err.message
        );
    }

    #[test]
    fn invalid_utf8_is_located_at_the_first_bad_byte() {
        let err = parse("bin.tf", b"a = 1\nb = \"\xff\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 6));
        assert!(err.message.contains("UTF-8"));
    }

    #[test]
    fn empty_file_parses() {
        let parsed = parse("empty.tf", b"").unwrap();
        assert!(parsed.body.is_empty());
    }
}
