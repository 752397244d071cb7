//! Byte spans into an article's page text (the decoded UTF-8 text of the imported file).

use serde::{Deserialize, Serialize};

/// Half-open byte range `[start, end)` into a page text; always on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
    /// True when the span lies inside `s` and both ends are char boundaries.
    pub fn is_valid_in(&self, s: &str) -> bool {
        self.start <= self.end
            && self.end <= s.len()
            && s.is_char_boundary(self.start)
            && s.is_char_boundary(self.end)
    }
}
