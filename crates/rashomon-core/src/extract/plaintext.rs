//! Article extraction from plain-text page dumps (menus, tickers, comment forms, "latest news").
//!
//! The method is a line classifier built from general features, not per-site rules:
//!
//! 1. every non-blank line gets features: length in words, sentence-final punctuation, stop-word
//!    density (small built-in lists for ar/ru/tr/en), runs of no-break spaces (tickers),
//!    date/time, bullet and form-label patterns, truncated teasers (`…`), and whether the same
//!    text occurs elsewhere on the page;
//! 2. each line gets a prose score (positive for prose, negative for furniture); runs of blank
//!    lines cost a little; short unpunctuated lines between prose lines are subheading candidates
//!    and cost almost nothing;
//! 3. the body is the maximum-sum contiguous run of lines (the densest run of prose);
//! 4. the title is the best headline-like line shortly before the body (short, unpunctuated,
//!    repeated elsewhere is a plus, bullets and nav duplicates are out); if the title text also
//!    appears earlier on its own line, its first occurrence wins.

use std::collections::HashMap;

use super::{Block, BlockKind, Extracted, Format, PageMeta};
use crate::error::Result;
use crate::span::Span;

/// Extract the article from a plain-text page. `page_text` is exactly `text`.
pub fn extract(text: String, encoding: &'static str) -> Result<Extracted> {
    let lines = split_lines(&text);
    let found = classify(&text, &lines);
    let title = found.title.map(|i| lines[i]);
    let blocks = found.body.iter().map(|&(i, kind)| Block { kind, span: lines[i] }).collect();
    Ok(Extracted { format: Format::Txt, page_text: text, encoding, title, blocks, meta: PageMeta::default() })
}

/// Split `text` into lines; each span is the line trimmed of surrounding whitespace
/// (an empty span for a blank line). Spans are on char boundaries.
pub(crate) fn split_lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        let trimmed = content.trim();
        if trimmed.is_empty() {
            out.push(Span::new(pos, pos));
        } else {
            out.push(Span::new(pos + lead, pos + lead + trimmed.len()));
        }
        pos += line.len();
    }
    out
}

/// What the classifier found: the title line and the body lines (indices into the line list).
#[derive(Debug, Default)]
pub(crate) struct Classified {
    pub title: Option<usize>,
    pub body: Vec<(usize, BlockKind)>,
    /// Each line's prose score (positive: prose; blank lines 0 or a small gap cost).
    pub scores: Vec<f32>,
}

/// Per-line features.
#[derive(Debug, Default, Clone)]
struct Feat {
    blank: bool,
    words: usize,
    /// Ends with `.`, `!`, `?`, `؟`, `。` (after stripping closing quotes/brackets).
    final_punct: bool,
    /// Ends with a period specifically (a headline rarely does).
    final_period: bool,
    /// Truncated teaser: ends with `…` or `...`.
    teaser: bool,
    /// Highest stop-word density over the four languages.
    stop: f32,
    /// Runs of two or more no-break spaces inside the line (ticker separators).
    nbsp_runs: usize,
    /// Mostly a date/time stamp.
    date: bool,
    /// Starts with a bullet character.
    bullet: bool,
    /// Form label or similar: ends with `*` or `:`.
    label: bool,
    /// How many other lines have the same normalised text.
    dup: usize,
    /// Same normalised text as a bullet line elsewhere (a navigation item).
    nav_dup: bool,
    norm: String,
}

const STOP_EN: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "and", "or", "is", "are", "was", "were", "be", "been", "has",
    "have", "had", "that", "this", "it", "its", "on", "for", "with", "as", "by", "at", "from", "but",
    "not", "he", "she", "they", "we", "his", "her", "their", "which", "who", "will", "would", "said",
    "after", "than", "also", "about", "into", "there", "would", "could",
];
const STOP_RU: &[&str] = &[
    "и", "в", "во", "не", "что", "он", "на", "я", "с", "со", "как", "а", "то", "все", "она", "так",
    "его", "но", "да", "ты", "к", "у", "же", "вы", "за", "бы", "по", "только", "ее", "её", "мне",
    "было", "от", "меня", "о", "из", "ему", "для", "это", "этого", "также", "при", "был", "была",
    "были", "ли", "если", "или", "после", "заявил", "который", "которые", "том", "их", "об",
];
const STOP_TR: &[&str] = &[
    "ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "olan", "çok", "daha", "ama", "gibi",
    "en", "ki", "mi", "ne", "o", "şu", "her", "kadar", "sonra", "önce", "ise", "veya", "tarafından",
    "dedi", "olduğunu", "üzerine", "yaptığı", "değil", "göre", "arasında", "bin", "ilgili", "karşı",
];
const STOP_AR: &[&str] = &[
    "في", "من", "على", "إلى", "الى", "أن", "ان", "إن", "عن", "مع", "هذا", "هذه", "التي", "الذي",
    "ما", "لا", "لم", "لن", "قد", "كان", "كانت", "بين", "بعد", "قبل", "حول", "أو", "او", "ثم",
    "حيث", "كما", "وقد", "وقال", "قال", "إنه", "أنه", "الذين", "ذلك", "تلك", "عند", "منذ", "خلال",
    "كل", "غير", "أي", "هو", "هي", "وفي", "فيما", "إذ", "إذا", "لكن", "ولكن", "وأن", "التي",
];

/// Stop word → bit mask of the languages (en, ru, tr, ar) whose list holds it.
fn stop_words() -> &'static HashMap<&'static str, u8> {
    static MAP: std::sync::OnceLock<HashMap<&'static str, u8>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = HashMap::new();
        for (bit, list) in [STOP_EN, STOP_RU, STOP_TR, STOP_AR].into_iter().enumerate() {
            for w in list {
                *m.entry(*w).or_insert(0u8) |= 1 << bit;
            }
        }
        m
    })
}

fn stop_density(norm: &str, words: usize) -> f32 {
    if words == 0 {
        return 0.0;
    }
    let map = stop_words();
    let mut counts = [0usize; 4];
    for w in norm.split(' ') {
        if let Some(&mask) = map.get(w) {
            for (bit, c) in counts.iter_mut().enumerate() {
                if mask & (1 << bit) != 0 {
                    *c += 1;
                }
            }
        }
    }
    counts.into_iter().max().unwrap_or(0) as f32 / words as f32
}

/// Lower-case, letters and digits only, single spaces.
pub(crate) fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let keep = if c.is_ascii() { c.is_ascii_alphanumeric() } else { crate::text::normalize::is_alpha(c) || c.is_numeric() };
        if keep {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if ('\u{0590}'..='\u{08FF}').contains(&c) {
                out.push(c); // Hebrew, Arabic, Syriac, Thaana: no case
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            space = true;
        }
    }
    out
}

const CLOSERS: &[char] = &['"', '\'', '»', '”', '’', ')', ']', '›', '“', '*'];

fn features(t: &str) -> Feat {
    let words = t.split_whitespace().count();
    let tail = t.trim_end_matches(|c: char| CLOSERS.contains(&c) || c.is_whitespace());
    let teaser = tail.ends_with('…') || tail.ends_with("...");
    let last = tail.chars().last().unwrap_or(' ');
    let final_punct = !teaser && matches!(last, '.' | '!' | '?' | '؟' | '。' | '！' | '？');
    let final_period = !teaser && matches!(last, '.' | '。');
    let mut nbsp_runs = 0;
    let mut run = 0;
    for c in t.chars() {
        if c == '\u{a0}' {
            run += 1;
        } else {
            if run >= 2 {
                nbsp_runs += 1;
            }
            run = 0;
        }
    }
    let first = t.chars().next().unwrap_or(' ');
    let bullet = matches!(first, '•' | '·' | '▪' | '►' | '▸' | '‣' | '◦' | '■' | '□' | '●' | '○' | '»' | '›' | '>' | '|')
        || ((first == '-' || first == '*' || first == '–') && t.chars().nth(1).is_some_and(char::is_whitespace));
    let label = (t.ends_with('*') || t.ends_with(':')) && words <= 6;
    let norm = normalise(t);
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    let alnum = norm.chars().filter(|&c| c != ' ').count().max(1);
    let date = words <= 10 && (digits * 3 >= alnum || (digits >= 4 && has_date_shape(t)));
    let stop = stop_density(&norm, words);
    Feat { blank: false, words, final_punct, final_period, teaser, stop, nbsp_runs, date, bullet, label, dup: 0, nav_dup: false, norm }
}

/// `dd/mm/yyyy`, `yyyy-mm-dd`, `hh:mm` and the like.
fn has_date_shape(t: &str) -> bool {
    let b = t.as_bytes();
    for i in 1..b.len().saturating_sub(1) {
        if matches!(b[i], b'/' | b'.' | b'-' | b':') && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit() {
            return true;
        }
    }
    false
}

/// Is this line a headline-like candidate (title / subheading shape)?
fn headline_like(f: &Feat) -> bool {
    !f.blank && f.words >= 1 && f.words <= 25 && !f.final_period && !f.teaser && f.nbsp_runs < 2 && !f.date && !f.label
}

/// Prose score of one line: positive for article prose, negative for page furniture.
fn prose_score(f: &Feat) -> f32 {
    if f.blank {
        return 0.0;
    }
    if f.nbsp_runs >= 2 || f.date || f.label || f.nav_dup {
        return -1.5;
    }
    if f.teaser {
        return -1.0;
    }
    let w = f.words as f32;
    // Short questions and exclamations are headline-shaped (titles, prompts), not prose.
    let sentence = f.final_period || (f.final_punct && f.words >= 20);
    let mut s = if f.words >= 8 && sentence {
        0.2 + (w.min(60.0) - 8.0) / 12.0
    } else if f.words >= 20 && f.stop >= 0.05 {
        0.5 + w.min(60.0) / 40.0
    } else if f.words >= 5 && f.final_period {
        0.3
    } else {
        -1.0
    };
    if s > 0.0 && f.stop < 0.02 && f.words >= 8 && !f.final_punct {
        // A long line with no function words at all is a list of names, tags or links — unless
        // it ends as a sentence does (Turkish prose can go a whole sentence without one).
        s -= 1.0;
    }
    if f.bullet {
        s -= 1.0;
    }
    if f.dup > 0 && s > 0.0 {
        s -= 1.0;
    }
    s
}

/// Classify the lines of `text` (as returned by [`split_lines`]).
pub(crate) fn classify(text: &str, lines: &[Span]) -> Classified {
    let mut feats: Vec<Feat> = lines
        .iter()
        .map(|sp| {
            if sp.is_empty() {
                Feat { blank: true, ..Default::default() }
            } else {
                features(sp.text(text))
            }
        })
        .collect();
    // Repetition on the page.
    let mut counts: HashMap<&str, (usize, bool)> = HashMap::new();
    for f in feats.iter().filter(|f| !f.blank && !f.norm.is_empty()) {
        let e = counts.entry(f.norm.as_str()).or_insert((0, false));
        e.0 += 1;
        e.1 |= f.bullet;
    }
    let dup_info: Vec<(usize, bool)> = feats
        .iter()
        .map(|f| {
            if f.blank || f.norm.is_empty() {
                (0, false)
            } else {
                let (n, any_bullet) = counts[f.norm.as_str()];
                (n - 1, any_bullet && !f.bullet)
            }
        })
        .collect();
    for (f, (dup, nav)) in feats.iter_mut().zip(dup_info) {
        f.dup = dup;
        f.nav_dup = nav;
    }
    let mut score: Vec<f32> = feats.iter().map(prose_score).collect();
    // Subheading candidates: short headline-like lines with prose just before and after.
    let prose = |i: usize, score: &[f32]| score[i] > 0.0;
    let n = lines.len();
    let mut sub = vec![false; n];
    for i in 0..n {
        let f = &feats[i];
        if !headline_like(f) || f.words > 12 || f.bullet || f.dup > 0 || f.final_period || score[i] > 0.0 {
            continue;
        }
        let next = next_nonblank(&feats, i, 2);
        let prev = prev_nonblank(&feats, i, 2);
        if let (Some(a), Some(b)) = (prev, next) {
            if prose(a, &score) && prose(b, &score) {
                sub[i] = true;
            }
        }
    }
    // Blank-line runs beyond the first cost a little: a wide gap separates page regions.
    let mut blank_run = 0;
    for i in 0..n {
        if feats[i].blank {
            blank_run += 1;
            if blank_run >= 2 {
                score[i] = -0.4;
            }
        } else {
            blank_run = 0;
            if sub[i] {
                score[i] = -0.2;
            }
        }
    }
    // The densest run: maximum-sum contiguous segment.
    let (mut best, mut best_lo, mut best_hi) = (0.0f32, 0usize, 0usize);
    let (mut cur, mut lo) = (0.0f32, 0usize);
    for (i, &s) in score.iter().enumerate() {
        if cur <= 0.0 {
            cur = 0.0;
            lo = i;
        }
        cur += s;
        if cur > best {
            best = cur;
            best_lo = lo;
            best_hi = i + 1;
        }
    }
    let mut out = Classified { scores: score.clone(), ..Default::default() };
    if best <= 0.0 {
        return out;
    }
    let mut lo = best_lo;
    // A headline-like first line that is not a period-terminated sentence is the title, not body.
    let mut peeled = None;
    if let Some(first) = (lo..best_hi).find(|&i| !feats[i].blank) {
        let f = &feats[first];
        if f.words <= 20 && !f.final_period && headline_like(f) {
            if let Some(next) = next_nonblank(&feats, first, 3) {
                if next < best_hi && score[next] > 0.0 {
                    peeled = Some(first);
                    lo = first + 1;
                }
            }
        }
    }
    for i in lo..best_hi {
        if feats[i].blank {
            continue;
        }
        if score[i] > 0.0 {
            out.body.push((i, BlockKind::Paragraph));
        } else if sub[i] {
            out.body.push((i, BlockKind::Subheading));
        }
    }
    let body_start = out.body.first().map(|b| b.0).unwrap_or(lo);
    out.title = find_title(&feats, body_start, peeled);
    out
}

fn next_nonblank(feats: &[Feat], i: usize, max_blank: usize) -> Option<usize> {
    let mut blanks = 0;
    for (j, f) in feats.iter().enumerate().skip(i + 1) {
        if !f.blank {
            return Some(j);
        }
        blanks += 1;
        if blanks > max_blank {
            return None;
        }
    }
    None
}

fn prev_nonblank(feats: &[Feat], i: usize, max_blank: usize) -> Option<usize> {
    let mut blanks = 0;
    for j in (0..i).rev() {
        if !feats[j].blank {
            return Some(j);
        }
        blanks += 1;
        if blanks > max_blank {
            return None;
        }
    }
    None
}

/// How many non-blank lines before the body we look at for a title.
const TITLE_WINDOW: usize = 10;

fn find_title(feats: &[Feat], body_start: usize, peeled: Option<usize>) -> Option<usize> {
    let candidate = |f: &Feat| headline_like(f) && f.words >= 3 && !f.bullet && !f.nav_dup;
    let mut best: Option<(f32, usize)> = None;
    let mut d = 0usize;
    let mut seen = 0usize;
    if let Some(p) = peeled {
        best = Some((3.0, p));
    }
    for i in (0..body_start).rev() {
        if Some(i) == peeled || feats[i].blank {
            continue;
        }
        if d >= TITLE_WINDOW {
            break;
        }
        let f = &feats[i];
        if candidate(f) {
            let len_score = if f.words >= 5 { 2.0 } else { 0.5 };
            let repeated = f.dup > 0 || contained_elsewhere(f, feats, i);
            let s = len_score + if repeated { 2.0 } else { 0.0 } - 0.5 * d as f32;
            if !best.is_some_and(|(b, _)| s <= b) {
                best = Some((s, i));
            }
            // Distance counts headline-shaped lines only: bylines, dates and share buttons
            // between the headline and the text are common.
            d += 1;
        }
        seen += 1;
        if seen >= 3 * TITLE_WINDOW {
            break;
        }
    }
    let (s, mut idx) = best?;
    if s < 0.5 {
        return None;
    }
    // Headline then deck: when the line just above is also a full headline-shaped line and is not
    // itself part of a list of such lines, the upper one is the title.
    let full = |j: usize| candidate(&feats[j]) && feats[j].words >= 5;
    if let Some(up) = prev_nonblank(feats, idx, 1) {
        if full(up) && Some(up) != peeled {
            let above = prev_nonblank(feats, up, 1);
            if !above.is_some_and(full) {
                idx = up;
            }
        }
    }
    // The first occurrence of the title text on its own line wins (pages repeat their headline).
    let title_norm = &feats[idx].norm;
    let min_len = title_norm.len() * 3 / 5;
    (0..idx)
        .find(|&j| {
            let f = &feats[j];
            candidate(f) && f.words >= 5 && f.norm.len() >= min_len && title_norm.contains(f.norm.as_str())
        })
        .or(Some(idx))
}

/// The line's text is a part of, or contains, another non-bullet line of five or more words.
fn contained_elsewhere(f: &Feat, feats: &[Feat], i: usize) -> bool {
    if f.words < 4 {
        return false;
    }
    feats.iter().enumerate().any(|(j, g)| {
        j != i && !g.blank && !g.bullet && g.words >= 4 && g.words < 200 && (g.norm.contains(f.norm.as_str()) || (g.words >= 5 && f.norm.contains(g.norm.as_str())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_whitespace_pages_do_not_panic() {
        for t in ["", "\n\n", " \u{a0} \n", "a", "Заголовок\n\nТекст."] {
            let ex = extract(t.to_string(), "UTF-8").unwrap();
            assert!(ex.blocks.iter().all(|b| b.span.is_valid_in(&ex.page_text)));
        }
    }

    #[test]
    fn subheading_between_paragraphs() {
        let p = "This is a long sentence of the article that says what happened in the city on Monday.";
        let t = format!("Big headline about the city today\n\n{p}\n\n{p} Again.\n\nWhat comes next\n{p} More.\n\n{p} End.\n");
        let ex = extract(t, "UTF-8").unwrap();
        assert_eq!(ex.title_text(), Some("Big headline about the city today"));
        assert_eq!(ex.blocks.len(), 5);
        assert_eq!(ex.blocks[2].kind, BlockKind::Subheading);
    }

    #[test]
    fn turkish_sentence_without_function_words_stays_in_the_body() {
        let t = "Erdoğan ve Putin İdlib'de ateşkes konusunda anlaştı\n\n\
                 Cumhurbaşkanı Erdoğan ile Rusya Devlet Başkanı Putin, İdlib'de gece yarısından itibaren geçerli olacak ateşkes konusunda anlaştı.\n\n\
                 Erdoğan, Kremlin'deki görüşmenin ardından düzenlenen ortak basın toplantısında, rejimin saldırganlığının İdlib'deki mutabakatları bozduğunu söyledi.\n\n\
                 Erdoğan, ateşkesi en kısa sürede sağlayacaklarını ve ardından birlikte hızlı adımlar atacaklarını belirtti.\n";
        let ex = extract(t.to_string(), "UTF-8").unwrap();
        assert_eq!(ex.blocks.len(), 3, "{:?}", ex.blocks.iter().map(|b| b.span.text(&ex.page_text)).collect::<Vec<_>>());
        assert!(ex.blocks[1].span.text(&ex.page_text).starts_with("Erdoğan, Kremlin'deki"));
    }
}
