//! Article extraction from plain-text page dumps (menus, tickers, comment forms, "latest news").
//! PLACEHOLDER: keeps every line that looks like prose; the line-feature classifier replaces it.

use super::{Block, BlockKind, Extracted, Format, PageMeta};
use crate::error::Result;
use crate::span::Span;

pub fn extract(text: String, encoding: &'static str) -> Result<Extracted> {
    let mut blocks = Vec::new();
    let mut title = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if !trimmed.is_empty() {
            let lead = content.len() - content.trim_start().len();
            let span = Span::new(pos + lead, pos + lead + trimmed.len());
            let words = trimmed.split_whitespace().count();
            if words >= 12 && (trimmed.ends_with('.') || trimmed.ends_with('»') || trimmed.ends_with('"')) {
                blocks.push(Block { kind: BlockKind::Paragraph, span });
            } else if title.is_none() && blocks.is_empty() && words >= 4 {
                title = Some(span);
            }
        }
        pos += line.len();
    }
    Ok(Extracted { format: Format::Txt, page_text: text, encoding, title, blocks, meta: PageMeta::default() })
}
