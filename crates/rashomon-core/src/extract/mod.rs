//! Find the article inside a raw page.
//!
//! Invariant: every span in an [`Extracted`] indexes `page_text` on char boundaries, and
//! `page_text` is a deterministic function of the raw bytes (for `.txt`, exactly the decoded file;
//! for HTML, the page rendered to text lines), so spans can always be recomputed and cited.

pub mod decode;
pub mod html;
pub mod plaintext;

use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::span::Span;

/// What kind of input a file is; decided by extension, then by sniffing the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Txt,
    Html,
}

impl Format {
    /// The format's lower-case name (`"txt"`, `"html"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Html => "html",
        }
    }
    /// The format a file name's extension names, if any.
    pub fn from_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
            Some(Format::Html)
        } else if lower.ends_with(".txt") || lower.ends_with(".text") {
            Some(Format::Txt)
        } else {
            None
        }
    }
    /// A text whose first non-blank characters open an HTML document.
    pub fn sniff(text: &str) -> Format {
        let head: String = text.trim_start().chars().take(256).collect::<String>().to_ascii_lowercase();
        if head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<?xml") && head.contains("<html") {
            Format::Html
        } else {
            Format::Txt
        }
    }
}

/// A block of the article: a paragraph or a subheading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Paragraph,
    Subheading,
}

#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
}

/// Metadata a page may carry about itself (HTML `<meta>`, JSON-LD).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageMeta {
    pub url: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Extracted {
    pub format: Format,
    /// The text every span indexes.
    pub page_text: String,
    pub encoding: &'static str,
    pub title: Option<Span>,
    /// The article's blocks in reading order.
    pub blocks: Vec<Block>,
    pub meta: PageMeta,
}

impl Extracted {
    /// The title's text, if the page has one.
    pub fn title_text(&self) -> Option<&str> {
        self.title.map(|s| s.text(&self.page_text).trim())
    }
    /// The clean article: blocks joined by blank lines.
    pub fn body_text(&self) -> String {
        let parts: Vec<&str> = self.blocks.iter().map(|b| b.span.text(&self.page_text)).collect();
        parts.join("\n\n")
    }
    /// Spans of the paragraph blocks (subheadings left out).
    pub fn paragraphs(&self) -> impl Iterator<Item = Span> + '_ {
        self.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph).map(|b| b.span)
    }
}

/// Extract from raw bytes. `name` is the file name (for the format and for messages).
///
/// HTML from the web is often slightly damaged (a few invalid UTF-8 bytes, a legacy page with a
/// stray UTF-8 sequence, a few NUL bytes). Where [`decode::decode`] refuses such bytes, an HTML file
/// is decoded the way browsers do instead: see [`decode_html_lenient`]. Plain-text files keep the
/// strict rule.
pub fn extract_bytes(bytes: &[u8], name: &str) -> Result<Extracted> {
    let decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(e)
            if matches!(e.code, ErrorCode::Encoding | ErrorCode::BadInput) && Format::from_path(name) != Some(Format::Txt) =>
        {
            match decode_html_lenient(bytes) {
                Some(d) => d,
                None => return Err(e),
            }
        }
        Err(e) => return Err(e),
    };
    let format = Format::from_path(name).unwrap_or_else(|| Format::sniff(&decoded.text));
    extract_text(decoded.text, decoded.encoding, format)
}

/// Browser-style decoding of damaged HTML: a few NUL bytes (at most one in a hundred bytes; a
/// browser's parser drops them from text) are removed; then, when at most one in ten non-ASCII
/// bytes is part of an invalid UTF-8 sequence, the page is UTF-8 with replacement characters;
/// otherwise the encoding chardetng guesses among legacy encodings. `None` when the bytes do not
/// look like HTML, or hold many NULs (UTF-16 without a byte-order mark, a binary file).
pub fn decode_html_lenient(bytes: &[u8]) -> Option<decode::Decoded> {
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if nuls * 100 > bytes.len() {
        return None;
    }
    let looks_html = |text: &str| {
        let head: String = text.chars().take(4096).collect::<String>().to_ascii_lowercase();
        Format::sniff(text) == Format::Html || head.contains("<html") || head.contains("<body")
    };
    let stripped: Vec<u8>;
    let bytes = if nuls > 0 {
        stripped = bytes.iter().copied().filter(|&b| b != 0).collect();
        if let Ok(d) = decode::decode(&stripped) {
            return looks_html(&d.text).then_some(d);
        }
        &stripped[..]
    } else {
        bytes
    };
    let lossy = String::from_utf8_lossy(bytes);
    if !looks_html(&lossy) {
        return None;
    }
    let bad = lossy.chars().filter(|&c| c == '\u{fffd}').count();
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    if bad * 10 <= non_ascii {
        return Some(decode::Decoded { text: lossy.into_owned(), encoding: "UTF-8", bom_len: 0 });
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(None, false);
    let (text, _, _) = enc.decode(bytes);
    Some(decode::Decoded { text: text.into_owned(), encoding: enc.name(), bom_len: 0 })
}

/// Extract from already-decoded text (JSON records carry text, not bytes).
pub fn extract_text(text: String, encoding: &'static str, format: Format) -> Result<Extracted> {
    let ex = match format {
        Format::Txt => plaintext::extract(text, encoding),
        Format::Html => html::extract(text, encoding),
    }?;
    if ex.blocks.is_empty() {
        return Err(Error::new(
            crate::error::ErrorCode::Empty,
            "no article text found on the page",
        ));
    }
    debug_assert!(ex.blocks.iter().all(|b| b.span.is_valid_in(&ex.page_text)));
    Ok(ex)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!("<!doctype html><html><head><title>T</title></head><body><article><h1>Überschrift der Seite</h1><p>{body}</p></article></body></html>")
    }

    #[test]
    fn damaged_utf8_html_is_decoded_like_a_browser() {
        let para = "Die Gespräche in Moskau dauerten mehr als sechs Stunden, teilten beide Seiten am Donnerstag mit. ".repeat(4);
        let mut b = page(&para).into_bytes();
        let at = b.len() / 2;
        b.insert(at, 0xFF);
        // The strict decoder refuses it; HTML extraction goes through with one U+FFFD.
        assert_eq!(decode::decode(&b).err().unwrap().code, ErrorCode::Encoding);
        let ex = extract_bytes(&b, "page.html").unwrap();
        assert_eq!(ex.encoding, "UTF-8");
        assert!(ex.body_text().contains("Gespräche"));
        // A .txt file keeps the strict rule.
        assert_eq!(extract_bytes(&b, "page.txt").err().unwrap().code, ErrorCode::Encoding);
    }

    #[test]
    fn stray_nul_bytes_in_html_are_dropped() {
        let para = "Die Gespräche in Moskau dauerten mehr als sechs Stunden, teilten beide Seiten am Donnerstag mit. ".repeat(100);
        let mut b = page(&para).into_bytes();
        // Within the first 8 KiB (where the binary check looks) and past it.
        b.splice(20..20, [0u8; 3]);
        let tail = b.len() - 30;
        b.splice(tail..tail, [0u8; 5]);
        let ex = extract_bytes(&b, "page.html").unwrap();
        assert!(!ex.page_text.contains('\0'));
        assert!(ex.body_text().contains("Gespräche in Moskau"));
        // Text files keep the strict rule, and many NULs (UTF-16 without a BOM) are still refused.
        assert_eq!(extract_bytes(&b, "page.txt").err().unwrap().code, ErrorCode::BadInput);
        let utf16: Vec<u8> = page(&para).encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(extract_bytes(&utf16, "page.html").err().unwrap().code, ErrorCode::BadInput);
    }

    #[test]
    fn html_is_wired_into_extract_text() {
        let para = "Президенты России и Турции договорились о прекращении огня в Идлибе после переговоров в Кремле. ".repeat(3);
        let ex = extract_text(page(&para), "UTF-8", Format::Html).unwrap();
        assert_eq!(ex.format, Format::Html);
        assert!(ex.body_text().starts_with("Президенты"));
        assert_eq!(ex.title_text(), Some("Überschrift der Seite"));
    }
}
