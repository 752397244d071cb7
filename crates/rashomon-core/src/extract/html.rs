//! Article extraction from HTML pages.
//!
//! 1. The page is parsed once (html5ever via `dom_query`) and rendered to text: the document
//!    `<title>` first, then the body; every block-level element starts a new line with a blank
//!    line between blocks, `<br>` breaks a line, whitespace is collapsed inside a block, soft
//!    hyphens and ruby annotations are dropped, and script/style/template/svg are dropped (a
//!    `<noscript>` only when it holds little text). This rendering is `page_text`.
//! 2. Readability (`dom_smoothie`) finds the article; its content is rendered the same way and
//!    its lines are mapped back onto `page_text` lines by normalised-text matching. The selection
//!    is then extended back over the article's lead (prose lines just before it, judged by the
//!    plain-text line classifier), joined by the prose lines of the element the page declares as
//!    the article body (`itemprop="articleBody"`, `<article>`, CMS class names such as
//!    `entry-content`; page furniture inside it — share boxes, comments, sidebars, by tag or
//!    class/id name — excluded), and cleaned of link lists, captions and weak edge lines.
//! 3. When readability finds nothing usable (or the tree is too deep to hand to a recursive
//!    algorithm), the plain-text line classifier runs on the rendering instead.
//!
//! The walk is iterative, so deeply nested documents cannot overflow the stack.

use std::collections::HashMap;

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};

use super::{plaintext, Block, BlockKind, Extracted, Format, PageMeta};
use crate::error::{Error, ErrorCode, Result};
use crate::span::Span;

/// Trees deeper than this are not handed to readability (its algorithms recurse); the line
/// classifier handles them on the (iteratively produced) rendering.
pub const MAX_READABILITY_DEPTH: usize = 512;

/// Pages whose element nesting (estimated before parsing) exceeds this are refused: the HTML
/// tree builder is quadratic in nesting depth, so a nesting bomb would stall an import.
pub const MAX_NESTING: usize = 4096;

/// Elements that never take content or whose end tag is optional: they do not count for nesting.
const NO_DEPTH_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody",
    "thead", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body", "!doctype",
];
/// Elements whose content is raw text (no tags inside).
const RAW_TEXT_TAGS: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];

/// Upper-bound estimate of element nesting depth, from a single pass over the tag delimiters.
/// It is only a safety bound checked before parsing (the tree is then built by html5ever);
/// it stops counting as soon as the depth exceeds `limit`.
pub fn nesting_estimate(html: &str, limit: usize) -> usize {
    let b = html.as_bytes();
    let lower_starts = |i: usize, pat: &[u8]| b.len() >= i + pat.len() && b[i..i + pat.len()].eq_ignore_ascii_case(pat);
    let find = |from: usize, pat: &[u8]| -> usize {
        let mut j = from;
        while j + pat.len() <= b.len() {
            if b[j..j + pat.len()].eq_ignore_ascii_case(pat) {
                return j + pat.len();
            }
            j += 1;
        }
        b.len()
    };
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if lower_starts(i, b"<!--") {
            i = find(i + 4, b"-->");
        } else if i + 1 < b.len() && (b[i + 1] == b'!' || b[i + 1] == b'?') {
            i = memchr(b'>', b, i).map_or(b.len(), |j| j + 1);
        } else if i + 1 < b.len() && b[i + 1] == b'/' {
            let name_end = (i + 2..b.len()).find(|&j| !b[j].is_ascii_alphanumeric()).unwrap_or(b.len());
            let name = html[i + 2..name_end].to_ascii_lowercase();
            if !name.is_empty() && !NO_DEPTH_TAGS.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            i = memchr(b'>', b, i).map_or(b.len(), |j| j + 1);
        } else if i + 1 < b.len() && b[i + 1].is_ascii_alphabetic() {
            let name_end = (i + 1..b.len()).find(|&j| !b[j].is_ascii_alphanumeric()).unwrap_or(b.len());
            let name = html[i + 1..name_end].to_ascii_lowercase();
            let close = memchr(b'>', b, i).unwrap_or(b.len());
            let self_closing = close > 0 && close < b.len() && b[close - 1] == b'/';
            i = (close + 1).min(b.len());
            if RAW_TEXT_TAGS.contains(&name.as_str()) {
                let pat = format!("</{name}");
                i = find(i, pat.as_bytes());
            } else if !self_closing && !NO_DEPTH_TAGS.contains(&name.as_str()) {
                depth += 1;
                max = max.max(depth);
                if max > limit {
                    return max;
                }
            }
        } else {
            i += 1;
        }
    }
    max
}

fn memchr(needle: u8, hay: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.iter().position(|&c| c == needle).map(|p| p + from)
}

/// Elements that start their own line.
const BLOCK_TAGS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "marquee", "menu",
    "nav", "ol", "option", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "title", "tr", "ul",
];
/// Elements whose content is never rendered.
/// `rt`/`rp` are ruby annotations (pronunciation shown above the base text), not running text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "head", "select",
    "rt", "rp",
];

/// One rendered line.
#[derive(Debug, Clone)]
pub(crate) struct RLine {
    pub text: String,
    /// The innermost block element the line's text sits in (e.g. "p", "h2", "li").
    pub tag: String,
    /// Separated from the previous line by a `<br>` (single newline) rather than a block break.
    pub soft: bool,
    /// Non-space characters of the line that sit inside links.
    pub link_chars: usize,
    /// Non-space characters of the line.
    pub chars: usize,
    /// Inside page furniture: an element whose tag (`nav`, `aside`, `footer`, `dialog`) or
    /// class/id names (comments, sidebar, cookie notice, share bar, …) say so; see
    /// [`mark_furniture`].
    pub furniture: bool,
}

/// A block element's lines: `lines[start..end]` of the rendering.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Region {
    pub start: usize,
    pub end: usize,
    /// The element is named like furniture (see [`element_roles`]).
    pub named_furniture: bool,
    /// … and is not a wrapper of the page (see [`mark_furniture`]).
    pub furniture: bool,
    /// The element declares itself the article's body (see [`element_roles`]).
    pub body: bool,
}

/// An open element during the walk.
struct Open {
    name: String,
    block: bool,
    furniture: bool,
    body: bool,
    start: usize,
}

struct Renderer {
    lines: Vec<RLine>,
    cur: String,
    cur_tag: Option<String>,
    pending_space: bool,
    soft_next: bool,
    /// Open elements.
    blocks: Vec<Open>,
    links: usize,
    cur_link: usize,
    cur_chars: usize,
    max_depth: usize,
    regions: Vec<Region>,
    /// Judge block elements' roles (furniture, declared body) from their names.
    roles: bool,
    /// Scratch buffer for an element's class/id names.
    names: String,
}

impl Renderer {
    fn new() -> Self {
        Renderer {
            lines: Vec::new(),
            cur: String::new(),
            cur_tag: None,
            pending_space: false,
            soft_next: false,
            blocks: Vec::new(),
            links: 0,
            cur_link: 0,
            cur_chars: 0,
            max_depth: 0,
            regions: Vec::new(),
            roles: false,
            names: String::new(),
        }
    }
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\u{ad}' {
                // A soft hyphen is invisible unless a line breaks at it.
                continue;
            }
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                if self.cur.is_empty() {
                    self.cur_tag = Some(self.blocks.iter().rev().find(|b| b.block).map(|b| b.name.clone()).unwrap_or_default());
                } else if self.pending_space {
                    self.cur.push(' ');
                }
                self.pending_space = false;
                self.cur.push(c);
                self.cur_chars += 1;
                if self.links > 0 {
                    self.cur_link += 1;
                }
            }
        }
    }
    fn flush(&mut self, soft_after: bool) {
        if !self.cur.is_empty() {
            let text = std::mem::take(&mut self.cur);
            let tag = self.cur_tag.take().unwrap_or_default();
            self.lines.push(RLine {
                text,
                tag,
                soft: self.soft_next,
                link_chars: self.cur_link,
                chars: self.cur_chars,
                furniture: false,
            });
            self.cur_link = 0;
            self.cur_chars = 0;
            self.soft_next = soft_after;
        } else if !soft_after {
            self.soft_next = false;
        }
        self.pending_space = false;
    }

    /// Walk `root`'s subtree iteratively (first child / next sibling / parent).
    fn walk(&mut self, root: &NodeRef) {
        let mut node = match root.first_child() {
            Some(n) => n,
            None => return,
        };
        let mut depth = 1usize;
        loop {
            let mut descend = false;
            if node.is_text() {
                self.text(&node.text());
            } else if node.is_element() {
                let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
                if name == "br" {
                    self.flush(true);
                } else if !SKIP_TAGS.contains(&name.as_str()) {
                    let block = BLOCK_TAGS.contains(&name.as_str());
                    let (furniture, body) =
                        if block && self.roles { element_roles(&node, &name, &mut self.names) } else { (false, false) };
                    if block {
                        self.flush(false);
                    } else if name == "a" {
                        self.links += 1;
                    }
                    self.blocks.push(Open { name, block, furniture, body, start: self.lines.len() });
                    descend = true;
                }
            }
            if descend {
                if let Some(c) = node.first_child() {
                    node = c;
                    depth += 1;
                    self.max_depth = self.max_depth.max(depth);
                    continue;
                }
                self.leave();
            }
            // Next sibling, or climb until one exists.
            loop {
                if let Some(s) = node.next_sibling() {
                    node = s;
                    break;
                }
                match node.parent() {
                    Some(p) if depth > 1 => {
                        node = p;
                        depth -= 1;
                        self.leave();
                    }
                    _ => {
                        self.flush(false);
                        return;
                    }
                }
            }
        }
    }
    fn leave(&mut self) {
        if let Some(open) = self.blocks.pop() {
            if open.block {
                self.flush(false);
                if self.lines.len() > open.start {
                    self.regions.push(Region {
                        start: open.start,
                        end: self.lines.len(),
                        named_furniture: open.furniture,
                        furniture: open.furniture,
                        body: open.body,
                    });
                }
            } else if open.name == "a" {
                self.links = self.links.saturating_sub(1);
            }
        }
    }
}

/// Render the children of `root` to lines.
fn render(root: &NodeRef) -> (Vec<RLine>, usize) {
    let (lines, _, depth) = render_regions(root);
    (lines, depth)
}

/// Render the children of `root` to lines, with the line range of every block element.
fn render_regions(root: &NodeRef) -> (Vec<RLine>, Vec<Region>, usize) {
    let mut r = Renderer::new();
    r.roles = true;
    r.walk(root);
    mark_furniture(&mut r.lines, &mut r.regions, &[]);
    (r.lines, r.regions, r.max_depth)
}

/// Mark the lines inside furniture elements. An element named like furniture that holds over
/// half of the page's text, or over half of the text readability selected (`selected`, line
/// indices), is a wrapper (`has-sidebar`, `page-with-menu`, a live ticker styled as comments),
/// not furniture.
fn mark_furniture(lines: &mut [RLine], regions: &mut [Region], selected: &[usize]) {
    let mut prefix = Vec::with_capacity(lines.len() + 1);
    let mut sel_prefix = Vec::with_capacity(lines.len() + 1);
    prefix.push(0usize);
    sel_prefix.push(0usize);
    let mut is_sel = vec![false; lines.len()];
    for &i in selected {
        is_sel[i] = true;
    }
    for (l, &s) in lines.iter().zip(&is_sel) {
        prefix.push(prefix.last().unwrap() + l.chars);
        sel_prefix.push(sel_prefix.last().unwrap() + if s { l.chars } else { 0 });
    }
    let (total, sel_total) = (*prefix.last().unwrap(), *sel_prefix.last().unwrap());
    let mut depth = vec![0i32; lines.len() + 1];
    for r in regions.iter_mut().filter(|r| r.named_furniture) {
        let wrapper = (prefix[r.end] - prefix[r.start]) * 2 > total
            || (sel_total > 0 && (sel_prefix[r.end] - sel_prefix[r.start]) * 2 > sel_total);
        r.furniture = !wrapper;
        if r.furniture {
            depth[r.start] += 1;
            depth[r.end] -= 1;
        }
    }
    let mut d = 0;
    for (i, l) in lines.iter_mut().enumerate() {
        d += depth[i];
        l.furniture = d > 0;
    }
}

/// Elements that are page furniture by their tag.
const FURNITURE_TAGS: &[&str] = &["nav", "aside", "footer", "dialog", "marquee"];

/// Class/id name parts of page furniture (as readability's and boilerpipe's lists, plus consent
/// banners and newsletter boxes).
const FURNITURE_NAMES: &[&str] = &[
    "comment", "sidebar", "footer", "cookie", "consent", "gdpr", "newsletter", "related", "share", "sharing",
    "social", "widget", "breadcrumb", "banner", "popup", "modal", "subscribe", "promo", "sponsor",
    "advert", "navbar", "navigation", "menu", "masthead", "disqus", "pagination", "pager", "author-bio", "authorbio",
    "byline", "tags", "recommend", "outbrain", "taboola",
    // Breaking-news tickers ("عاجل", "Срочно", "SON DAKİKA"): other stories' headlines, often
    // with numbers of their own, run above every article of the site.
    "ticker", "breaking", "marquee", "sondakika", "son-dakika",
    // Photo captions and credits outside <figcaption>, and the image boxes that hold them
    // ("<p class=caption>… (رويترز)", "<div class=news-img>… Fotoğraf: AA"); a box holding most
    // of the page (a photo story) is a wrapper, not furniture.
    "caption", "credit", "img", "image", "photo",
    // The same in the sites' own words (Turkish "resim", "foto"; Turkish "reklam" and Russian
    // "reklama" advertisements, a Russian ad network's "adfox" slots, in-read ads), the
    // date-and-views line ("b-material__meta", "entry-meta") and the appeals for money or
    // membership under an article ("support-box": "you've read 12 articles this month").
    "resim", "foto", "reklam", "adfox", "inread", "meta", "support", "membership", "donate", "paywall",
];

/// Class/id names by which content management systems mark an article's body.
const BODY_NAMES: &[&str] = &[
    "entry-content", "post-content", "article-body", "article-content", "articlebody", "article_body", "post-body",
    "postbody", "story-body", "storybody", "article-text", "articletext", "post-text", "entry-body", "article__body",
    "article__content", "post__content", "single-content", "post-entry", "blog-post", "text-content", "news-content",
    "content-article", "article-main", "article__text", "story-content", "post_content", "entry_content",
];

/// What an element's tag and names say about it: (page furniture, declared article body).
/// Furniture: a tag from [`FURNITURE_TAGS`] or a class/id name part from [`FURNITURE_NAMES`].
/// Declared body: `<article>`, `itemprop="articleBody"` or a class/id name part from
/// [`BODY_NAMES`]. `buf` is scratch space.
fn element_roles(node: &NodeRef, name: &str, buf: &mut String) -> (bool, bool) {
    let mut furniture = FURNITURE_TAGS.contains(&name);
    let mut body = name == "article";
    let Some(el) = node.element_ref() else {
        return (furniture, body);
    };
    buf.clear();
    for a in &el.attrs {
        match &*a.name.local {
            "class" | "id" => {
                buf.push_str(&a.value);
                buf.push(' ');
            }
            "itemprop" => body |= a.value.eq_ignore_ascii_case("articlebody"),
            _ => {}
        }
    }
    if !buf.is_empty() {
        buf.make_ascii_lowercase();
        furniture = furniture || FURNITURE_NAMES.iter().any(|f| buf.contains(f));
        body = body || BODY_NAMES.iter().any(|b| buf.contains(b));
    }
    (furniture, body)
}

/// Lower-case, letters and digits only, single spaces.
fn norm(s: &str) -> String {
    plaintext::normalise(s)
}

/// A `<noscript>` holding real text (a page's JavaScript-free version of the article, or the
/// rest of the page when an unclosed element inside it swallowed everything — the parser runs
/// with scripting off) is unwrapped, so its content is rendered and seen by readability. Short
/// ones ("please enable JavaScript", tracking pixels) stay hidden.
fn unwrap_content_noscripts(doc: &Document) {
    for node in doc.select("body noscript").nodes().iter().rev() {
        let chars = node.text().chars().filter(|c| !c.is_whitespace()).count();
        if chars >= NOSCRIPT_MIN_CHARS {
            // `unwrap_node` lifts a node's siblings out of its parent: called on a child.
            if let Some(child) = node.first_child() {
                child.unwrap_node();
            }
        }
    }
}

/// Non-space characters from which a `<noscript>` counts as content, see [`unwrap_content_noscripts`].
const NOSCRIPT_MIN_CHARS: usize = 200;

fn meta_content(doc: &Document, sel: &str) -> Option<String> {
    let s = doc.select(sel);
    let v = s.attr("content")?.trim().to_string();
    (!v.is_empty()).then_some(v)
}

/// Extract the article from an HTML page.
pub fn extract(text: String, encoding: &'static str) -> Result<Extracted> {
    if text.trim().is_empty() {
        return Err(Error::new(ErrorCode::Empty, "the HTML page is empty"));
    }
    let est = nesting_estimate(&text, MAX_NESTING);
    if est > MAX_NESTING {
        return Err(Error::bad_input(format!(
            "the HTML nests elements more than {MAX_NESTING} levels deep; refusing to parse it (a real page nests a few dozen levels)"
        )));
    }
    let doc = Document::from(text.as_str());
    drop(text);
    unwrap_content_noscripts(&doc);

    // Render: document title first, then the body (or whatever the root holds).
    let mut lines = Vec::new();
    let head_title = doc.select("head title").text().to_string();
    let mut r = Renderer::new();
    r.text(&head_title);
    if !r.cur.is_empty() {
        r.cur_tag = Some("title".into());
    }
    r.flush(false);
    lines.append(&mut r.lines);
    let body = doc.body().unwrap_or_else(|| doc.root());
    let (mut body_lines, mut regions, depth) = render_regions(&body);
    let offset = lines.len();
    for r in &mut regions {
        r.start += offset;
        r.end += offset;
    }
    lines.append(&mut body_lines);
    let (page_text, spans) = join(&lines);

    let mut meta = PageMeta {
        url: meta_content(&doc, r#"meta[property="og:url"]"#),
        site_name: meta_content(&doc, r#"meta[property="og:site_name"]"#),
        published: meta_content(&doc, r#"meta[property="article:published_time"]"#),
        language: doc.select("html").attr("lang").map(|l| l.trim().to_string()).filter(|l| !l.is_empty()),
    };
    let og_title = meta_content(&doc, r#"meta[property="og:title"]"#);

    // Readability, guarded: refused for pathological depth, and any panic inside the
    // third-party algorithm degrades to the line classifier instead of crashing the import.
    let article = if depth <= MAX_READABILITY_DEPTH {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            // A lower retry threshold than readability's 500 characters: its retries (with the
            // unlikely-candidate and class-weight rules dropped) more often pick page furniture.
            let cfg = Config { max_elements_to_parse: 0, char_threshold: RD_CHAR_THRESHOLD, ..Default::default() };
            let mut rd = Readability::with_document(doc, None, Some(cfg)).ok()?;
            rd.parse().ok()
        }))
        .ok()
        .flatten()
    } else {
        None
    };

    let mut title_cands: Vec<String> = Vec::new();
    let mut matched: Vec<usize> = Vec::new();
    if let Some(a) = &article {
        if meta.published.is_none() {
            meta.published = a.published_time.clone();
        }
        if meta.language.is_none() {
            meta.language = a.lang.clone();
        }
        if meta.site_name.is_none() {
            meta.site_name = a.site_name.clone();
        }
        if meta.url.is_none() {
            meta.url = a.url.clone();
        }
        title_cands.push(a.title.clone());
        let frag = Document::fragment(a.content.to_string());
        let (content_lines, _) = render(&frag.root());
        matched = match_lines(&lines, &content_lines);
    }
    if let Some(t) = og_title {
        title_cands.push(t);
    }

    let tl = plaintext::split_lines(&page_text);
    let cls = plaintext::classify(&page_text, &tl);
    // Each rendered line's prose score from the line classifier (0 where it has none).
    let prose: Vec<f32> = {
        let by_start: HashMap<usize, usize> =
            tl.iter().enumerate().filter(|(_, s)| !s.is_empty()).map(|(i, s)| (s.start, i)).collect();
        spans.iter().map(|s| by_start.get(&s.start).map_or(0.0, |&t| cls.scores[t])).collect()
    };
    if !matched.is_empty() {
        extend_backwards(&lines, &prose, &mut matched);
    }
    // Furniture again, now that readability's pick tells which named elements wrap the article.
    mark_furniture(&mut lines, &mut regions, &matched);
    add_declared_body(&lines, &regions, &prose, &mut matched);
    filter_content(&lines, &mut matched);
    // A section heading right before the first selected line opens the article's first section.
    if let Some(&first) = matched.first() {
        let l = first.checked_sub(1).map(|i| &lines[i]);
        if l.is_some_and(|l| matches!(l.tag.as_str(), "h2" | "h3" | "h4" | "h5" | "h6") && !l.furniture && l.link_chars == 0) {
            matched.insert(0, first - 1);
        }
    }
    let rd_chars: usize = matched.iter().map(|&i| lines[i].chars).sum();
    let cls_chars: usize = cls.body.iter().map(|&(i, _)| tl[i].text(&page_text).chars().filter(|c| !c.is_whitespace()).count()).sum();
    // Readability's pick is trusted unless it is tiny, or the line classifier's densest run of
    // prose is over five times longer (readability then picked a cookie notice, a bio, …).
    // When the classifier finds nothing, any readability pick beats failing the page.
    let use_rd = !matched.is_empty()
        && (cls.body.is_empty()
            || matched.iter().map(|&i| lines[i].text.len()).sum::<usize>() >= 80 && rd_chars * RD_MIN_SHARE_INV >= cls_chars);
    let (title, blocks) = if use_rd {
        let title = find_title(&lines, &title_cands, matched.first().copied().unwrap_or(lines.len()));
        let blocks = matched
            .iter()
            .filter(|&&i| Some(i) != title)
            .map(|&i| Block {
                kind: if matches!(lines[i].tag.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    BlockKind::Subheading
                } else {
                    BlockKind::Paragraph
                },
                span: spans[i],
            })
            .collect();
        (title.map(|i| spans[i]), blocks)
    } else {
        // Fall back to the line classifier on the rendering.
        let c = cls;
        let blocks: Vec<Block> = c.body.iter().map(|&(i, kind)| Block { kind, span: tl[i] }).collect();
        let title = c.title.map(|i| tl[i]).or_else(|| {
            let first = blocks.first().map(|b| b.span.start).unwrap_or(page_text.len());
            find_title(&lines, &title_cands, usize::MAX).map(|i| spans[i]).filter(|s| s.end <= first)
        });
        (title, blocks)
    };
    Ok(Extracted { format: Format::Html, page_text, encoding, title, blocks, meta })
}

/// Readability keeps what it scores as the article's core and can leave out paragraphs that
/// the page itself marks as part of the article (see [`element_roles`]): a lead in its own
/// box, a paragraph after an embedded box. Of the elements declaring the body, the one with the
/// most non-link text is taken (when none does, the smallest element holding all of readability's
/// pick), and its prose lines (positive line-classifier score, little link text, not a caption,
/// not inside furniture) join the selection.
fn add_declared_body(lines: &[RLine], regions: &[Region], prose: &[f32], matched: &mut Vec<usize>) {
    let text = |r: &Region| {
        lines[r.start..r.end].iter().filter(|l| !l.furniture).map(|l| l.chars.saturating_sub(l.link_chars)).sum::<usize>()
    };
    let declared = regions.iter().filter(|r| r.body && !r.furniture).max_by_key(|r| (text(r), usize::MAX - r.start));
    // Without one, the smallest element holding all of readability's pick stands for it.
    let container = || {
        let (&lo, &hi) = (matched.first()?, matched.last()?);
        regions.iter().filter(|r| r.start <= lo && r.end > hi && !r.furniture).min_by_key(|r| r.end - r.start)
    };
    let Some(body) = declared.or_else(container).copied() else {
        return;
    };
    let before = matched.len();
    matched.extend((body.start..body.end).filter(|&i| {
        let l = &lines[i];
        !l.furniture && prose[i] > 0.0 && l.link_chars * 10 <= l.chars * 3 && l.tag != "figcaption"
    }));
    if matched.len() > before {
        matched.sort_unstable();
        matched.dedup();
    }
}

/// Readability often leaves out an article's lead, which pages put in a separate container before
/// the body. Walk back from the first selected line and add prose lines (positive score from the
/// plain-text line classifier, little link text, not a caption), tolerating up to
/// [`LEAD_GAP`] non-prose lines between them.
fn extend_backwards(lines: &[RLine], prose_score: &[f32], matched: &mut Vec<usize>) {
    let prose = |i: usize| {
        let l = &lines[i];
        l.link_chars * 10 <= l.chars * 3 && l.tag != "figcaption" && l.tag != "title" && prose_score[i] > 0.0
    };
    let mut gap = 0;
    let mut i = matched[0];
    while i > 0 && gap <= LEAD_GAP {
        i -= 1;
        if prose(i) {
            matched.push(i);
            gap = 0;
        } else {
            gap += 1;
        }
    }
    matched.sort_unstable();
    matched.dedup();
}

/// Readability's retry threshold (characters of article text), see `extract`.
const RD_CHAR_THRESHOLD: usize = 250;
/// Readability's result is replaced by the line classifier's when it is shorter than
/// 1/`RD_MIN_SHARE_INV` of it (in non-space characters).
const RD_MIN_SHARE_INV: usize = 5;

/// Non-prose lines (bylines, dates, share buttons, images) tolerated between lead and body.
const LEAD_GAP: usize = 5;

/// Clean readability's selection (measured on the trafilatura evaluation corpus, see
/// bench/extraction.sh): drop link lists (over 60 % link text), figure captions and furniture
/// (related stories, share and newsletter boxes readability kept), then trim
/// weak lines from both edges of the article (short unpunctuated labels such as "Related",
/// "More:", dates and bylines; link-heavy lines; copyright lines).
fn filter_content(lines: &[RLine], matched: &mut Vec<usize>) {
    matched.retain(|&i| {
        let l = &lines[i];
        l.link_chars * 10 <= l.chars * 6 && l.tag != "figcaption" && !l.furniture && !ad_label(&l.text) && !dateline(&l.text)
    });
    let weak = |i: usize| {
        let l = &lines[i];
        let t = l.text.trim_end();
        let words = t.split_whitespace().count();
        let fin = t.ends_with(['.', '!', '?', '"', '”', '»', ')', '。', '！', '？', '」']);
        // A line that tells the reader which keys to press ("Нашли опечатку? Выделите текст и
        // нажмите Ctrl+Enter") is the site's, not the article's.
        (words < 6 && l.chars < 40 && !fin) || l.link_chars * 10 > l.chars * 3 || t.contains('©') || t.contains("Ctrl+") || site_line(t)
    };
    while matched.last().is_some_and(|&i| weak(i)) {
        matched.pop();
    }
    let k = matched.iter().take_while(|&&i| weak(i)).count();
    matched.drain(..k);
}

/// A line that is only an advertisement's label ("REKLAM", "Реклама", "Advertisement", "إعلان"):
/// the slot's own text is gone with its box, the label may sit outside it, anywhere in the body.
fn ad_label(text: &str) -> bool {
    let t = text.trim().trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    matches!(t.as_str(), "advertisement" | "advertising" | "sponsored" | "ad" | "реклама" | "reklam" | "إعلان" | "اعلان" | "anzeige")
}

/// A line of the site's rather than of the article, told by its words: a copyright or rights
/// notice in the four languages ("Tüm hakları saklıdır", "Все права защищены"), a call to follow or
/// subscribe ("Читайте … в Дзене и подписывайтесь на наш канал", "Bizi takip edin"), or a
/// [`dateline`]. Trimmed only at the article's edges (see [`filter_content`]).
fn site_line(t: &str) -> bool {
    let low = t.to_lowercase();
    const PHRASES: &[&str] = &[
        "all rights reserved", "tüm hakları saklıdır", "все права защищены", "جميع الحقوق محفوظة",
        "подписывайтесь", "подпишитесь на", "subscribe to our", "follow us", "takip edin", "abone ol", "تابعونا", "اشترك في",
    ];
    PHRASES.iter().any(|p| low.contains(p)) || dateline(t)
}

/// A dateline: a clock time or a numeric date, no sentence end, few words ("18 сентября 2018,
/// 13:47 обновлено 14:20", "Dış Haberler Servisi | 18.09.2018 - 12:40"). Never a sentence of the
/// article, wherever it stands (a headline kept before it would shield it from the edge trim).
fn dateline(t: &str) -> bool {
    let b = t.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    // "13:47", "18.09.2018" (digits on both sides of ':' or of two '.').
    let clock = (1..b.len()).any(|i| b[i] == b':' && digit(i - 1) && digit(i + 1) && digit(i + 2));
    let date = (2..b.len()).any(|i| b[i] == b'.' && digit(i - 1) && digit(i + 1) && digit(i + 2) && b.get(i + 3) == Some(&b'.'));
    let fin = t.trim_end().ends_with(['.', '!', '?', '"', '”', '»', ')', '。']);
    // (Words: separators such as '|' and '-' are none.)
    (clock || date) && !fin && t.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() <= 12
}

/// Join rendered lines into the page text; returns the text and each line's span.
fn join(lines: &[RLine]) -> (String, Vec<Span>) {
    let mut out = String::with_capacity(lines.iter().map(|l| l.text.len() + 2).sum());
    let mut spans = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str(if l.soft { "\n" } else { "\n\n" });
        }
        let start = out.len();
        out.push_str(&l.text);
        spans.push(Span::new(start, out.len()));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    (out, spans)
}

/// Map readability's content lines onto page lines: exact normalised matches in reading order,
/// then long page lines contained in the content (readability may merge or re-wrap inline runs).
fn match_lines(page: &[RLine], content: &[RLine]) -> Vec<usize> {
    let page_norm: Vec<String> = page.iter().map(|l| norm(&l.text)).collect();
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in page_norm.iter().enumerate() {
        if !n.is_empty() {
            index.entry(n.as_str()).or_default().push(i);
        }
    }
    let mut hit = vec![false; page.len()];
    let mut last = 0usize;
    let mut unmatched = String::new();
    for c in content {
        let n = norm(&c.text);
        if n.is_empty() {
            continue;
        }
        match index.get(n.as_str()) {
            Some(pos) => {
                let i = pos.iter().copied().find(|&p| p >= last && !hit[p]).or_else(|| pos.iter().copied().find(|&p| !hit[p]));
                if let Some(i) = i {
                    hit[i] = true;
                    last = i;
                }
            }
            None => {
                unmatched.push_str(&n);
                unmatched.push_str(" \u{1f} ");
            }
        }
    }
    if !unmatched.is_empty() {
        for (i, n) in page_norm.iter().enumerate() {
            if !hit[i] && n.len() >= 30 && unmatched.contains(n.as_str()) {
                hit[i] = true;
            }
        }
    }
    (0..page.len()).filter(|&i| hit[i]).collect()
}

/// The title line: a line whose text equals a title candidate (readability's or og:title),
/// preferring one before the body; else the first `<h1>` before the body; else the `<title>` line.
fn find_title(lines: &[RLine], cands: &[String], body_start: usize) -> Option<usize> {
    let cn: Vec<String> = cands.iter().map(|c| norm(c)).filter(|c| !c.is_empty()).collect();
    let limit = body_start.min(lines.len());
    let equal = |i: usize| {
        let n = norm(&lines[i].text);
        !n.is_empty() && cn.contains(&n)
    };
    (0..limit)
        .rev()
        .find(|&i| equal(i) && lines[i].tag != "title")
        .or_else(|| (0..limit).rev().find(|&i| lines[i].tag == "h1"))
        .or_else(|| (0..limit).find(|&i| equal(i)))
        .or_else(|| lines.first().filter(|l| l.tag == "title").map(|_| 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Ceasefire agreed - Example News</title>
<meta property="og:title" content="Ceasefire agreed in Idlib">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://example.com/a">
<meta property="article:published_time" content="2020-03-05T19:42:00Z">
<script>var x = "<p>not text</p>";</script><style>p{}</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav>
<article><h1>Ceasefire agreed in Idlib</h1>
<p>Russian President Vladimir Putin and his Turkish counterpart Recep Tayyip Erdogan agreed on Thursday to a ceasefire in Syria's Idlib province, after more than six hours of talks.</p>
<p>The deal, which takes effect at midnight, follows weeks of fighting that killed dozens of Turkish soldiers and displaced nearly a million civilians in the north-west.</p>
<h2>A security corridor</h2>
<p>Under the agreement, a security corridor will be set up six kilometres to the north and south of the M4 highway,<br>and joint patrols will begin on March 15.</p>
<p>Analysts were cautious. Previous agreements on Idlib collapsed within months, and neither side has explained how the truce will be monitored on the ground.</p>
</article><noscript>enable js</noscript><footer><p>© 2020 Example News</p></footer></body></html>"#;

    #[test]
    fn renders_and_extracts() {
        let ex = extract(PAGE.to_string(), "UTF-8").unwrap();
        assert!(!ex.page_text.contains("not text"));
        assert!(!ex.page_text.contains("enable js"));
        assert!(ex.page_text.contains("\n\nHome\n\nWorld\n\n"));
        assert_eq!(ex.title_text(), Some("Ceasefire agreed in Idlib"));
        assert!(ex.blocks.len() >= 4, "{:?}", ex.body_text());
        assert!(ex.body_text().contains("M4 highway,\nand joint") || ex.body_text().contains("M4 highway,"));
        assert!(!ex.body_text().contains("Home"));
        assert!(ex.blocks.iter().any(|b| b.kind == BlockKind::Subheading));
        assert_eq!(ex.meta.site_name.as_deref(), Some("Example News"));
        assert_eq!(ex.meta.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(ex.meta.language.as_deref(), Some("en"));
        assert_eq!(ex.meta.published.as_deref(), Some("2020-03-05T19:42:00Z"));
        for b in &ex.blocks {
            assert!(b.span.is_valid_in(&ex.page_text));
            let t = b.span.text(&ex.page_text);
            assert_eq!(t, t.trim());
        }
    }

    #[test]
    fn json_ld_date_and_arabic_page() {
        let para = "أكد الكرملين أن الرئيس الروسي فلاديمير بوتين والتركي رجب طيب أردوغان سيجتمعان خلال أسبوع لبحث الوضع في إدلب.";
        let html = format!(
            r#"<html lang="ar" dir="rtl"><head><title>قمة موسكو | موقع</title>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"قمة موسكو","datePublished":"2020-03-05T10:00:00+03:00"}}</script></head>
<body><div class="menu"><a href="/">الرئيسية</a> <a href="/a">أخبار</a></div><h1>قمة موسكو</h1>
<div class="content"><p>{para}</p><p>{para}</p><p>{para}</p></div></body></html>"#
        );
        let ex = extract(html, "UTF-8").unwrap();
        assert_eq!(ex.meta.published.as_deref(), Some("2020-03-05T10:00:00+03:00"));
        assert_eq!(ex.meta.language.as_deref(), Some("ar"));
        assert_eq!(ex.title_text(), Some("قمة موسكو"));
        assert_eq!(ex.blocks.len(), 3);
        assert!(!ex.body_text().contains("الرئيسية"));
    }

    #[test]
    fn noscript_with_text_is_content_and_short_noscript_is_not() {
        let para = "Russian President Vladimir Putin and his Turkish counterpart agreed on Thursday to a ceasefire in Idlib province.";
        // An unclosed <div> inside <noscript> swallows the rest of the page (the parser runs with
        // scripting off); the page's JavaScript-free article in a <noscript> is content too.
        for html in [
            format!("<html><body><noscript><div id=nojs></noscript><div><h1>Idlib</h1><p>{para}</p><p>{para}</p><p>{para}</p></div></body></html>"),
            format!("<html><body><script type='text/template'><p>{para}</p></script><noscript><p>{para}</p><p>{para}</p><p>{para}</p></noscript></body></html>"),
        ] {
            let ex = extract(html, "UTF-8").unwrap();
            assert!(ex.body_text().starts_with("Russian President"), "{:?}", ex.body_text());
        }
        let html = format!("<html><body><noscript>Please enable JavaScript to see the comments.</noscript><article><p>{para}</p><p>{para}</p></article></body></html>");
        let ex = extract(html, "UTF-8").unwrap();
        assert!(!ex.page_text.contains("enable JavaScript"));
    }

    #[test]
    fn soft_hyphens_and_ruby_annotations_are_not_text() {
        let html = "<html><body><article><p>Die Ver\u{ad}hand\u{ad}lungen in Mos&shy;kau dauerten mehr als sechs Stunden, teilten beide Seiten am Donnerstag mit.</p>\
            <p><ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>では、児童相談所の力を強くしました。医者や保健師が児童相談所で意見を言うようにしました。</p></article></body></html>";
        let ex = extract(html.to_string(), "UTF-8").unwrap();
        assert!(ex.page_text.contains("Die Verhandlungen in Moskau dauerten"), "{}", ex.page_text);
        assert!(ex.page_text.contains("法律では"), "{}", ex.page_text);
        assert!(!ex.page_text.contains("ほうりつ"));
    }

    /// Render a page's body and score its lines as `extract` does.
    fn rendered(html: &str) -> (Vec<RLine>, Vec<Region>, Vec<f32>) {
        let doc = Document::from(html);
        let (lines, regions, _) = render_regions(&doc.body().unwrap());
        let (text, spans) = join(&lines);
        let tl = plaintext::split_lines(&text);
        let cls = plaintext::classify(&text, &tl);
        let by_start: HashMap<usize, usize> = tl.iter().enumerate().map(|(i, s)| (s.start, i)).collect();
        let prose = spans.iter().map(|s| by_start.get(&s.start).map_or(0.0, |&t| cls.scores[t])).collect();
        (lines, regions, prose)
    }

    const PARA: &str = "Russian President Vladimir Putin and his Turkish counterpart agreed on Thursday to a ceasefire in Idlib province, after more than six hours of talks in Moscow.";

    #[test]
    fn furniture_by_tag_and_name_but_not_a_wrapper() {
        let html = format!(
            "<html><body><div class='page has-sidebar'><div class='content'><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></div>\
             <div class='sidebar-widget'><p>Most read: a story about something else entirely, told at length here.</p></div>\
             <nav><a href='/'>Home</a></nav></div><div id='cookie-notice'>We use cookies to improve your experience.</div></body></html>"
        );
        let (lines, _, _) = rendered(&html);
        let furniture: Vec<bool> = lines.iter().map(|l| l.furniture).collect();
        // The wrapper named "has-sidebar" holds most of the text: not furniture.
        assert_eq!(furniture, [false, false, false, true, true, true], "{lines:?}");
    }

    #[test]
    fn a_named_element_holding_readabilitys_pick_is_not_furniture() {
        // A live ticker styled as comments, on a page with a long footer.
        let footer = "<p>Imprint, contact, terms of use, privacy policy, and a long list of partner sites.</p>".repeat(8);
        let html = format!(
            "<html><body><div class='live-comments'><p>{PARA}</p><p>{PARA}</p></div>\
             <div class='related'><p>{PARA}</p></div><div>{footer}</div></body></html>"
        );
        let (mut lines, mut regions, _) = rendered(&html);
        assert!(lines[0].furniture && lines[2].furniture);
        mark_furniture(&mut lines, &mut regions, &[0, 1, 2]);
        assert!(!lines[0].furniture && !lines[1].furniture);
        assert!(lines[2].furniture, "the small related box stays furniture");
        // And furniture readability kept is cleaned out of its pick.
        let mut matched = vec![0, 1, 2];
        filter_content(&lines, &mut matched);
        assert_eq!(matched, [0, 1]);
    }

    #[test]
    fn tickers_captions_and_key_instructions_are_not_the_article() {
        let html = format!(
            "<html><body><header><a href='/'>Site</a></header>\
             <div class='breaking-bar'><span class='breaking-title'>Urgent</span><div class='breaking-items'>\
             <span>Twelve people were killed and 48 wounded when a truck drove into a Christmas market in Berlin on Monday night.</span></div></div>\
             <marquee>Forty soldiers were reported killed in a suicide attack in Aden, local officials told reporters on Monday.</marquee>\
             <div class='story'><h1>Envoy killed</h1><div class='story-image'><img src='a.jpg'>\
             <p class='caption'>The ambassador speaking moments before the attack, at the opening of the exhibition (Reuters)</p></div>\
             <div class='story-body'><p>{PARA}</p><div class='news-img'><img src='b.jpg'><span>Photo: AA</span></div><p>{PARA}</p><p>{PARA}</p>\
             <p>Found a typo? Select the text and press Ctrl+Enter to tell the editors about it.</p></div></div></body></html>"
        );
        let e = extract(html, "UTF-8").unwrap();
        let body: Vec<&str> = e.blocks.iter().map(|b| b.span.text(&e.page_text)).collect();
        assert_eq!(body.len(), 3, "{body:?}");
        assert!(body.iter().all(|b| *b == PARA), "{body:?}");
    }

    /// Datelines, ad labels, credits in the site's language, copyright and follow-us lines and a
    /// membership appeal around and inside an article split by an advertisement are not the
    /// article.
    #[test]
    fn datelines_ad_labels_rights_and_appeals_are_not_the_article() {
        let html = format!(
            "<html><body><div class='news'><h1>Envoy killed</h1>\
             <div class='haber-bilgi'>Dış Haberler Servisi | 18.09.2018 - 12:40 | Son Güncelleme: 18.09.2018 - 13:55</div>\
             <div class='haber-resim'><img src='a.jpg'><div class='resim-kaynak'>Fotoğraf: Arşiv</div></div>\
             <div class='text'><p>{PARA}</p><p>Güncelleme: 18.09.2018 - 13:55</p><p>{PARA}</p></div>\
             <div class='reklam-alani'><span>REKLAM</span><div>Konut kredisinde faiz indirimi! 120 ay vadeli kredi fırsatı için hemen başvurun.</div></div>\
             <div class='inline-slot'><span>Advertisement</span></div>\
             <div class='text'><p>{PARA}</p></div>\
             <p>Haber Ekspres - Tüm hakları saklıdır. Kaynak gösterilmeden kullanılamaz.</p></div>\
             <div class='support-box'><p>We're really pleased that you've read 12 articles in the past month, and we'd love you to join us.</p></div>\
             </body></html>"
        );
        let e = extract(html, "UTF-8").unwrap();
        let body: Vec<&str> = e.blocks.iter().map(|b| b.span.text(&e.page_text)).collect();
        assert_eq!(body, [PARA, PARA, PARA], "{body:?}");
        assert!(site_line("18 сентября 2018, 13:47 обновлено 14:20 👁 96 518"));
        assert!(dateline("Haber Merkezi | 18.09.2018 - 12:40 | Son Güncelleme: 18.09.2018 - 13:55 | Okuma süresi: 2 dk"));
        assert!(site_line("Читайте «Вести Недели» в Дзене и подписывайтесь на наш канал"));
        assert!(!site_line("The plane disappeared from radar at about 23:00 Moscow time, the ministry said."));
        assert!(ad_label("REKLAM") && ad_label(" Реклама ") && !ad_label("Reklam kampanyası başladı"));
    }

    #[test]
    fn declared_body_adds_its_prose_lines_only() {
        let html = format!(
            "<html><body><article class='story'><p class='lead'>{PARA}</p><figure><figcaption>{PARA}</figcaption></figure>\
             <div class='share'><p>{PARA}</p></div><h2>Talks</h2><p>{PARA}</p><p>{PARA}</p>\
             <p><a href='/a'>Also read: a linked teaser that is long enough to count as a sentence of prose.</a></p></article>\
             <div class='other'><p>{PARA}</p></div></body></html>"
        );
        let (lines, regions, prose) = rendered(&html);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(lines.len(), 8, "{texts:?}");
        // Readability picked the two paragraphs after the subheading.
        let mut matched = vec![3, 4, 5];
        add_declared_body(&lines, &regions, &prose, &mut matched);
        // The lead joins; the caption, the share box, the link line and the text outside the
        // article do not.
        assert_eq!(matched, [0, 3, 4, 5]);
        // Without an element that declares the body, the smallest element holding readability's
        // pick stands for it: its other prose joins, prose outside it does not.
        let html = format!(
            "<html><body><p>{PARA}</p><div><h2>Talks</h2><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></div><p>{PARA}</p></body></html>"
        );
        let (lines, regions, prose) = rendered(&html);
        assert_eq!(lines.len(), 6);
        let mut matched = vec![1, 2, 3];
        add_declared_body(&lines, &regions, &prose, &mut matched);
        assert_eq!(matched, [1, 2, 3, 4]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let n = 100_000;
        let mut s = String::with_capacity(n * 11 + 200);
        s.push_str("<html><body>");
        for _ in 0..n {
            s.push_str("<div>");
        }
        s.push_str("Deep text that is a long enough sentence to be kept as the article body by the classifier.");
        for _ in 0..n {
            s.push_str("</div>");
        }
        s.push_str("</body></html>");
        let r = std::thread::Builder::new().stack_size(256 * 1024).spawn(move || extract(s, "UTF-8").map(|e| e.blocks.len()));
        let out = r.unwrap().join().expect("no stack overflow");
        let err = out.unwrap_err();
        assert_eq!(err.code, ErrorCode::BadInput);
        assert!(err.message.contains("levels deep"), "{}", err.message);
    }

    #[test]
    fn moderately_deep_nesting_is_extracted_without_readability() {
        // Deeper than readability is trusted with, shallower than the refusal bound.
        let n = 2000;
        let mut s = String::from("<html><body>");
        s.push_str(&"<div>".repeat(n));
        s.push_str("<p>Deep text that is a long enough sentence to be kept as the article body by the classifier.</p>");
        s.push_str(&"</div>".repeat(n));
        let out = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || extract(s, "UTF-8").map(|e| e.body_text()))
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert!(out.unwrap().starts_with("Deep text"));
    }

    #[test]
    fn nesting_estimate_ignores_void_optional_and_raw_text() {
        let s = "<p>a<p>b<br><img src=x><li>c<script>if (a<b) {'<div>'}</script><!-- <div> --><div/>";
        assert_eq!(nesting_estimate(s, 100), 0);
        assert_eq!(nesting_estimate("<div><span></span><div></div></div>", 100), 2);
    }
}
