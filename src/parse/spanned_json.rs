//! A JSON reader that keeps where everything is: the byte range of every value and key, and the
//! byte offset of every character of every string as written (escapes included). Terraform's
//! JSON syntax (`.tf.json`) needs both: findings point at a value's line and column, and a
//! string is a template whose `${...}` parts must be located inside it. `serde_json` keeps no
//! positions, and span-keeping JSON crates give node ranges only, not positions inside strings.

use std::ops::Range;

/// A JSON value with its byte range in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value's bytes, from its first character to just past its last.
    pub span: Range<usize>,
    /// The value.
    pub value: Value,
}

/// A JSON value whose parts keep their positions.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (`1`, `-2.5e3`).
    Number(String),
    /// A string, decoded.
    String(Str),
    /// An array.
    Array(Vec<Node>),
    /// An object's properties, in the order written (duplicates kept: Terraform reports them).
    Object(Vec<(Key, Node)>),
}

/// An object property name.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The name, decoded, with the position of each character.
    pub name: Str,
    /// The key's bytes, quotes included.
    pub span: Range<usize>,
}

/// A decoded string and where each of its characters was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Str {
    /// The decoded text.
    pub text: String,
    /// For each character of `text` (in order), the byte offset of its first source byte (the
    /// backslash of an escape).
    pub offsets: Vec<usize>,
    /// The byte offset just past the last character (the closing quote).
    pub end: usize,
}

/// A syntax error: what is wrong, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the problem is.
    pub offset: usize,
    /// What it is.
    pub message: String,
}

/// How deep arrays and objects may nest before the input is refused (a stack guard for
/// hostile input; Terraform configurations nest a few dozen levels at most).
const MAX_DEPTH: usize = 512;

/// Parses a whole JSON document (one value, surrounded by whitespace).
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    // A byte order mark is tolerated, as Terraform tolerates it.
    if text.starts_with('\u{feff}') {
        p.at = 3;
    }
    p.space();
    let node = p.value()?;
    p.space();
    if p.at < p.bytes.len() {
        return Err(p.error("unexpected text after the JSON value"));
    }
    Ok(node)
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset: self.at.min(self.bytes.len()),
            message: message.into(),
        }
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Node, SyntaxError> {
        let start = self.at;
        let value = match self.bytes.get(self.at) {
            None => return Err(self.error("unexpected end of file: expected a value")),
            Some(b'{') => self.nested(Self::object)?,
            Some(b'[') => self.nested(Self::array)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                return Err(self.error(format!(
                    "unexpected {:?}: expected a value",
                    self.text[self.at..].chars().next().unwrap_or(' ')
                )))
            }
        };
        Ok(Node {
            span: start..self.at,
            value,
        })
    }

    fn nested(
        &mut self,
        inner: fn(&mut Self) -> Result<Value, SyntaxError>,
    ) -> Result<Value, SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!("nested more than {MAX_DEPTH} levels deep")));
        }
        self.depth += 1;
        let value = inner(self);
        self.depth -= 1;
        value
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("invalid literal: expected true, false or null"))
        }
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while let Some(b'0'..=b'9') = p.bytes.get(p.at) {
                p.at += 1;
            }
            p.at > from
        };
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        if !digits(self) {
            return Err(self.error("invalid number"));
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("invalid number: digits expected after '.'"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("invalid number: digits expected in the exponent"));
            }
        }
        Ok(Value::Number(self.text[start..self.at].to_string()))
    }

    fn string(&mut self) -> Result<Str, SyntaxError> {
        let open = self.at;
        self.at += 1;
        let mut text = String::new();
        let mut offsets = Vec::new();
        loop {
            let here = self.at;
            let Some(c) = self.text[self.at..].chars().next() else {
                self.at = open;
                return Err(self.error("unterminated string"));
            };
            match c {
                '"' => {
                    self.at += 1;
                    return Ok(Str {
                        text,
                        offsets,
                        end: here,
                    });
                }
                '\\' => {
                    self.at += 1;
                    let decoded = self.escape()?;
                    text.push(decoded);
                    offsets.push(here);
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.error("control character in a string (escape it)"));
                }
                c => {
                    self.at += c.len_utf8();
                    text.push(c);
                    offsets.push(here);
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let Some(&b) = self.bytes.get(self.at) else {
            return Err(self.error("unterminated string"));
        };
        self.at += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                if (0xD800..0xDC00).contains(&first) {
                    // A surrogate pair: the low half must follow as another \u escape.
                    if self.text[self.at..].starts_with("\\u") {
                        self.at += 2;
                        let second = self.hex4()?;
                        if (0xDC00..0xE000).contains(&second) {
                            let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                            return char::from_u32(code)
                                .ok_or_else(|| self.error("invalid \\u escape"));
                        }
                    }
                    return Err(self.error("unpaired surrogate in a \\u escape"));
                }
                char::from_u32(first).ok_or_else(|| self.error("invalid \\u escape"))?
            }
            _ => {
                self.at -= 1;
                return Err(self.error("invalid escape in a string"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid \\u escape: four hex digits expected"))?;
        self.at += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\u escape"))
    }

    fn array(&mut self) -> Result<Value, SyntaxError> {
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.space();
            items.push(self.value()?);
            self.space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']' in an array")),
            }
        }
    }

    fn object(&mut self) -> Result<Value, SyntaxError> {
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Value::Object(items));
        }
        loop {
            self.space();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.error("expected a property name in double quotes"));
            }
            let start = self.at;
            let name = self.string()?;
            let key = Key {
                name,
                span: start..self.at,
            };
            self.space();
            if self.bytes.get(self.at) != Some(&b':') {
                return Err(self.error("expected ':' after the property name"));
            }
            self.at += 1;
            self.space();
            let value = self.value()?;
            items.push((key, value));
            self.space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(items));
                }
                _ => return Err(self.error("expected ',' or '}' in an object")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keys_and_characters_keep_their_offsets() {
        let text = r#"{"a": [1, -2.5e3, true, null], "b\u00e9": "x\"y"}"#;
        let node = parse(text).unwrap();
        let Value::Object(items) = &node.value else {
            panic!("object")
        };
        assert_eq!(items[0].0.name.text, "a");
        assert_eq!(&text[items[0].1.span.clone()], "[1, -2.5e3, true, null]");
        assert_eq!(items[1].0.name.text, "bé");
        assert_eq!(&text[items[1].0.span.clone()], r#""b\u00e9""#);
        let Value::String(s) = &items[1].1.value else {
            panic!("string")
        };
        assert_eq!(s.text, "x\"y");
        // 'x' at the opening quote + 1, the escaped quote at its backslash, 'y' after it.
        let open = items[1].1.span.start;
        assert_eq!(s.offsets, vec![open + 1, open + 2, open + 4]);
        assert_eq!(s.end, items[1].1.span.end - 1);
    }

    #[test]
    fn errors_are_located() {
        let e = parse("{\"a\": 1,\n \"b\" 2}").unwrap_err();
        assert_eq!(e.offset, 14);
        assert!(e.message.contains("':'"), "{}", e.message);
        assert!(parse("[1, 2").is_err());
        assert!(parse("\"\\ud800\"").is_err());
        assert_eq!(
            parse("\"\\ud83d\\ude00\"").unwrap().value,
            Value::String(Str {
                text: "😀".into(),
                offsets: vec![1],
                end: 13
            })
        );
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
    }
}
