//! Source files as the scanner holds them: the text, a display path, and a line index that turns
//! byte offsets into 1-based line/column positions and lets miette render snippets without
//! rescanning the file from the start for every diagnostic.

use std::ops::Range;
use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A 1-based line and column; columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// One source file: its path as reported to users and its text.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user gave it (relative to the current directory), `/`-separated.
    pub path: String,
    /// The file's text (for a file read in another syntax, the equivalent HCL; see
    /// [`SourceFile::translated`]).
    pub text: Arc<str>,
    line_starts: Vec<usize>,
    /// Character counts at every [`CHAR_MARK`] bytes, built on first need: a column on a very
    /// long line (a plan written as one line of JSON) is then not a count from the line's start.
    char_marks: std::sync::OnceLock<Vec<usize>>,
    /// For a translation, the file as written and where each part of `text` came from.
    origin: Option<Box<Origin>>,
}

/// Where a translated file's text came from: the file as written, and anchors that map each
/// offset of the translation to one in it.
#[derive(Debug)]
struct Origin {
    written: SourceFile,
    anchors: Vec<Anchor>,
}

/// One stretch of a translation that corresponds to a stretch of the file as written: from
/// offset `at` of the translation (up to the next anchor), offsets map to `written` onwards,
/// one to one, but never past `written + len`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    /// Offset in the translation.
    pub at: usize,
    /// The corresponding offset in the file as written.
    pub written: usize,
    /// How many bytes of the file as written the stretch covers (offsets beyond clamp to its end).
    pub len: usize,
}

/// The spacing, in bytes, of [`SourceFile`]'s character-count marks.
const CHAR_MARK: usize = 4096;

impl SourceFile {
    /// Wraps `text` read from `path` and indexes its lines.
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = line_starts(&text);
        Self {
            path: path.into(),
            text,
            line_starts,
            char_marks: std::sync::OnceLock::new(),
            origin: None,
        }
    }

    /// A file read in another syntax (Terraform's JSON syntax), held as the equivalent HCL
    /// `text` so every later stage reads one syntax; `anchors` (sorted by `at`) map offsets of
    /// `text` to the file as `written`. Positions and ranges then name the file as written:
    /// a finding in a `.tf.json` file is at the JSON's own line and column.
    pub fn translated(
        written: SourceFile,
        text: impl Into<Arc<str>>,
        anchors: Vec<Anchor>,
    ) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = line_starts(&text);
        Self {
            path: written.path.clone(),
            text,
            line_starts,
            char_marks: std::sync::OnceLock::new(),
            origin: Some(Box::new(Origin { written, anchors })),
        }
    }

    /// Whether this is a translation of a file written in another syntax.
    pub fn is_translated(&self) -> bool {
        self.origin.is_some()
    }

    /// The offset in the file as written of an offset of `text` (the same offset for a file
    /// read as written).
    pub fn written_offset(&self, offset: usize) -> usize {
        let Some(origin) = &self.origin else {
            return offset;
        };
        let i = origin.anchors.partition_point(|a| a.at <= offset);
        match i.checked_sub(1).and_then(|i| origin.anchors.get(i)) {
            Some(a) => a.written + (offset - a.at).min(a.len),
            None => 0,
        }
    }

    /// A byte range of `text` as a range of the file as written (for showing it in context).
    pub fn written_range(&self, range: &Range<usize>) -> Range<usize> {
        let start = self.written_offset(range.start);
        let end = self.written_offset(range.end).max(start);
        start..end
    }

    /// The line and column of a byte offset (clamped to the text); for a translation, in the
    /// file as written.
    pub fn position(&self, offset: usize) -> Position {
        if let Some(origin) = &self.origin {
            return origin.written.position(self.written_offset(offset));
        }
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column = if offset - start > 2 * CHAR_MARK {
            self.chars_before(offset) - self.chars_before(start)
        } else {
            self.text
                .get(start..offset)
                .map_or(offset - start, |s| s.chars().count())
        };
        Position {
            line: line + 1,
            column: column + 1,
        }
    }

    /// The positions of the first and last character of a byte range. The end position is
    /// exclusive-of-range but inclusive-of-character, as editors and SARIF regions expect.
    pub fn range(&self, range: &Range<usize>) -> (Position, Position) {
        (self.position(range.start), self.position(range.end))
    }

    /// The byte range of the 1-based `line`, without its line terminator (of the text held:
    /// for a translation, the HCL).
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let idx = line.saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_starts[idx];
        let end = self
            .line_starts
            .get(idx + 1)
            .map_or(self.text.len(), |next| *next);
        let slice = &self.text[start..end];
        let trimmed = slice.trim_end_matches(['\n', '\r']);
        start..start + trimmed.len()
    }

    /// The number of characters before byte `offset`: from the nearest mark, at most
    /// [`CHAR_MARK`] bytes counted.
    fn chars_before(&self, offset: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = Vec::with_capacity(self.text.len() / CHAR_MARK + 1);
            let (mut chars, mut at) = (0, 0);
            for k in 0..=self.text.len() / CHAR_MARK {
                let boundary = self.text.floor_char_boundary(k * CHAR_MARK);
                chars += self.text[at..boundary].chars().count();
                at = boundary;
                marks.push(chars);
            }
            marks
        });
        let k = offset / CHAR_MARK;
        let boundary = self.text.floor_char_boundary(k * CHAR_MARK);
        let offset = self.text.floor_char_boundary(offset);
        marks.get(k).copied().unwrap_or(0) + self.text[boundary..offset].chars().count()
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// A miette [`SourceCode`] over a [`SourceFile`] (or a redacted copy of its text) that uses the
/// line index to cut out only the lines a snippet needs.
#[derive(Debug, Clone)]
pub struct IndexedSource {
    name: String,
    text: Arc<str>,
    line_starts: Arc<Vec<usize>>,
}

impl IndexedSource {
    /// A renderable source named `name`, with `text` (which must have the same line layout as
    /// the file `file` if a redacted copy is given).
    pub fn new(file: &SourceFile, text: Arc<str>) -> Self {
        Self {
            name: file.path.clone(),
            text,
            line_starts: Arc::new(file.line_starts.clone()),
        }
    }
}

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let line_of = |offset: usize| match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        let start = span.offset().min(self.text.len());
        let end = (span.offset() + span.len()).min(self.text.len());
        let first = line_of(start).saturating_sub(context_lines_before);
        let last = (line_of(end) + context_lines_after + 1).min(self.line_starts.len());
        let window_start = self.line_starts[first];
        let window_end = self
            .line_starts
            .get(last)
            .map_or(self.text.len(), |next| *next);
        let window = &self.text[window_start..window_end];
        let local = SourceSpan::new((start - window_start).into(), end - start);
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new(
                (inner.span().offset() + window_start).into(),
                inner.span().len(),
            ),
            inner.line() + first,
            inner.column(),
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let file = SourceFile::new("a.tf", "ab\né = \"x\"\n");
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(3), Position { line: 2, column: 1 });
        // 'é' is two bytes: the '=' after it is the third character.
        assert_eq!(file.position(6), Position { line: 2, column: 3 });
        assert_eq!(file.line_range(2), 3..11);
    }

    #[test]
    fn columns_on_a_very_long_line_count_characters() {
        // One line of 3 x 5,000 multi-byte characters: columns counted through the marks agree
        // with counting from the line's start, at and between character boundaries.
        let text = format!("{}\n{}", "x", "é€a".repeat(5_000));
        let file = SourceFile::new("plan.json", text.as_str());
        for offset in [2, 4_097, 8_194, 12_000, 20_001, text.len()] {
            let offset = text.floor_char_boundary(offset);
            let expected = text[2..offset].chars().count() + 1;
            assert_eq!(
                file.position(offset),
                Position {
                    line: 2,
                    column: expected
                }
            );
        }
    }

    #[test]
    fn a_translation_reports_positions_in_the_file_as_written() {
        // `{"a": 1}` held as `a = 1`: the key and the value map back to their JSON offsets.
        let written = SourceFile::new("x.tf.json", "{\n  \"a\": 1\n}\n");
        let anchors = vec![
            Anchor {
                at: 0,
                written: 4,
                len: 3,
            },
            Anchor {
                at: 4,
                written: 9,
                len: 1,
            },
        ];
        let file = SourceFile::translated(written, "a = 1\n", anchors);
        assert_eq!(file.path, "x.tf.json");
        assert!(file.is_translated());
        assert_eq!(file.position(0), Position { line: 2, column: 3 });
        assert_eq!(file.position(4), Position { line: 2, column: 8 });
        // Past a stretch's end, offsets clamp to it.
        assert_eq!(file.written_offset(2), 6);
        assert_eq!(file.written_range(&(4..5)), 9..10);
    }

    #[test]
    fn indexed_source_reads_the_same_snippet_as_a_plain_string() {
        let text: String = (1..=50).map(|i| format!("line {i} = {i}\n")).collect();
        let file = SourceFile::new("big.tf", text.as_str());
        let indexed = IndexedSource::new(&file, file.text.clone());
        let span = SourceSpan::new(file.line_range(30).start.into(), 4);
        let fast = indexed.read_span(&span, 2, 2).unwrap();
        let slow = text.read_span(&span, 2, 2).unwrap();
        assert_eq!(fast.data(), slow.data());
        assert_eq!(fast.line(), slow.line());
        assert_eq!(fast.column(), slow.column());
        assert_eq!(fast.span().offset(), slow.span().offset());
    }
}
