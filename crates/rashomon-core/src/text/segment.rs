//! Sentence and clause segmentation with byte spans.
//!
//! Sentences: line breaks (and runs of three or more spaces, as in headline tickers) always end
//! one; `. ! ? ؟ ؛ …` end one when followed by white space (so "3.5", "U.S.", "example.com" and
//! Arabic glued text "تركيا.واجتمع" do not), except after abbreviations and initials, before a
//! lower-case word in cased scripts, and inside matched quotes (« » “ ” „ " …), which are kept
//! whole. Arabic ".." / "…" is a pause, not an end.
//!
//! Clauses: long news sentences chaining claims ("، وأضاف", "، كما", "and said", "adding that",
//! "и добавил", ", заявил, что", "ve ekledi", "diye konuştu, …") are split, each clause keeping
//! its own span.

use super::normalize::is_alpha;
use super::Lang;
use crate::span::Span;

/// Sentences of `text[within]`, as spans into `text`, trimmed of surrounding whitespace.
pub fn sentences(text: &str, within: Span, lang: Lang) -> Vec<Span> {
    let mut out = Vec::new();
    if !within.is_valid_in(text) {
        return out;
    }
    let s = within.text(text);
    // Lines (and ticker items separated by runs of 3+ spaces).
    let mut line_start = 0;
    let mut ws_run = 0usize;
    let mut ws_run_start = 0usize;
    for (i, c) in s.char_indices() {
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{000B}' | '\u{000C}' | '\u{0085}') {
            split_line(s, line_start, i, within.start, lang, &mut out);
            line_start = i + c.len_utf8();
            ws_run = 0;
        } else if c.is_whitespace() {
            if ws_run == 0 {
                ws_run_start = i;
            }
            ws_run += 1;
        } else {
            if ws_run >= 3 {
                split_line(s, line_start, ws_run_start, within.start, lang, &mut out);
                line_start = ws_run_start;
            }
            ws_run = 0;
        }
    }
    split_line(s, line_start, s.len(), within.start, lang, &mut out);
    out
}

/// Matched quotation intervals (byte offsets of opener and closer) in `s`.
pub(crate) fn quote_pairs(s: &str) -> Vec<(usize, usize)> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut pairs = Vec::new();
    for (i, c) in s.char_indices() {
        let closes = |open: char| -> bool {
            matches!((open, c), ('«', '»') | ('“', '”') | ('„', '“') | ('„', '”') | ('"', '"') | ('‹', '›') | ('»', '«'))
        };
        if let Some(pos) = stack.iter().rposition(|&(o, _)| closes(o)) {
            let (_, at) = stack[pos];
            stack.truncate(pos);
            pairs.push((at, i));
            continue;
        }
        if matches!(c, '«' | '“' | '„' | '"' | '‹') {
            stack.push((c, i));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// True when `pos` lies strictly inside a matched quote pair.
fn inside(pairs: &[(usize, usize)], pos: usize) -> bool {
    pairs.iter().any(|&(a, b)| a < pos && pos < b)
}

const TERMINATORS: &[char] = &['.', '!', '?', '؟', '؛', '…', '‼', '⁉', '⁈', '。'];
const CLOSERS: &[char] = &['"', '»', '”', '“', '\'', '’', ')', ']', '›', '»'];

fn is_cased_lower(c: char) -> bool {
    c.is_lowercase()
}

/// Abbreviations (lower case, without the final period) that do not end a sentence.
fn is_abbreviation(word: &str, lang: Lang) -> bool {
    let w = word.to_lowercase();
    let w = w.as_str();
    const EN: &[&str] = &[
        "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "sen", "rep", "gov", "st",
        "jr", "sr", "inc", "corp", "ltd", "co", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "adm", "cmdr", "pres", "rev", "hon", "mt", "ft", "approx", "est",
        "fig", "al", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c", "etc",
    ];
    const RU: &[&str] = &[
        "г", "гг", "т.е", "т.д", "т.п", "т.к", "т.н", "им", "ул", "д", "тыс", "млн", "млрд", "руб", "см",
        "напр", "проф", "ген", "ст", "гос", "р", "др", "пр", "с.г", "н.э", "обл", "пос", "кв", "корр", "акад",
        "тел", "зам", "ред", "вв", "в",
    ];
    const TR: &[&str] = &[
        "dr", "prof", "doç", "av", "vb", "vs", "bkz", "yrd", "org", "korg", "tuğg", "alb", "yb", "bnb", "gen",
        "no", "cad", "sok", "mah", "st", "sn", "öğr", "gör", "uzm", "koord", "müh",
    ];
    let in_list = |l: &[&str]| l.contains(&w);
    match lang {
        Lang::En => in_list(EN),
        Lang::Ru => in_list(RU),
        Lang::Tr => in_list(TR),
        Lang::Ar => false,
        Lang::Other => in_list(EN) || in_list(RU) || in_list(TR),
    }
}

fn split_line(s: &str, a: usize, b: usize, base: usize, lang: Lang, out: &mut Vec<Span>) {
    let line = &s[a..b];
    if line.trim().is_empty() {
        return;
    }
    let pairs = quote_pairs(line);
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let n = chars.len();
    let mut start = 0usize;
    let mut k = 0usize;
    while k < n {
        let (i, c) = chars[k];
        if !TERMINATORS.contains(&c) {
            k += 1;
            continue;
        }
        // The run of terminators.
        let mut j = k;
        while j < n && TERMINATORS.contains(&chars[j].1) {
            j += 1;
        }
        let run: String = chars[k..j].iter().map(|x| x.1).collect();
        let is_ellipsis = run.starts_with("..") || run.contains('…');
        // Closing quotes/brackets after the run.
        let mut m = j;
        while m < n && CLOSERS.contains(&chars[m].1) {
            m += 1;
        }
        let end_byte = if m < n { chars[m].0 } else { line.len() };
        let followed_by_space = m >= n || chars[m].1.is_whitespace();
        k = j.max(k + 1);
        if !followed_by_space {
            continue;
        }
        // Next visible char.
        let mut q = m;
        while q < n && chars[q].1.is_whitespace() {
            q += 1;
        }
        let next = if q < n { Some(chars[q].1) } else { None };
        // Inside a quote that is still open after the closers: not an end.
        if m < n && pairs.iter().any(|&(oa, ob)| oa < i && ob >= end_byte) {
            continue;
        }
        if let Some(nc) = next {
            if is_cased_lower(nc) {
                continue;
            }
        }
        if is_ellipsis {
            if lang == Lang::Ar || matches!(next, Some(nc) if !nc.is_uppercase()) {
                continue;
            }
        } else if run == "." {
            // Word before the period (letters and internal periods).
            let mut w0 = k - 1; // index of '.'
            while w0 > 0 {
                let pc = chars[w0 - 1].1;
                if is_alpha(pc) || (pc == '.' && w0 >= 2 && is_alpha(chars[w0 - 2].1)) {
                    w0 -= 1;
                } else {
                    break;
                }
            }
            let word = &line[chars[w0].0..i];
            let letters = word.chars().filter(|&c| is_alpha(c)).count();
            if letters == 1 && word.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_lowercase() || lang == Lang::Ru) {
                // An initial ("J. Smith", "В. Путин", "د. محمد").
                continue;
            }
            if word.contains('.') || is_abbreviation(word, lang) {
                let starters = ["the", "he", "she", "it", "they", "we", "but", "in", "this", "a", "an", "i", "on", "at"];
                let next_word: String = line[chars.get(q).map_or(line.len(), |x| x.0)..]
                    .chars()
                    .take_while(|&c| is_alpha(c))
                    .collect::<String>()
                    .to_lowercase();
                if !(word.contains('.') && starters.contains(&next_word.as_str())) {
                    continue;
                }
            }
        }
        push_trimmed(out, line, start, end_byte, base + a);
        start = end_byte;
    }
    push_trimmed(out, line, start, line.len(), base + a);
}

fn push_trimmed(out: &mut Vec<Span>, s: &str, a: usize, b: usize, base: usize) {
    let piece = &s[a..b];
    let lead = piece.len() - piece.trim_start().len();
    let t = piece.trim();
    if !t.is_empty() {
        out.push(Span::new(base + a + lead, base + a + lead + t.len()));
    }
}

// ---------------------------------------------------------------------------------------------
// Clauses

/// Arabic reporting verbs (normalised, past and present, masc./fem.) that open a new clause after
/// "و". Shared with the claims module. Not "بين": without its shadda "بيّن" (explained) is
/// written as "بين" (between), which is far more common; the claims module takes it as a
/// reporting verb only before "أن".
pub const AR_REPORTING_VERBS: &[&str] = &[
    "قال", "قالت", "يقول", "تقول", "اضاف", "اضافت", "يضيف", "تضيف", "اكد", "اكدت", "يؤكد", "تؤكد", "اوضح",
    "اوضحت", "يوضح", "توضح", "اعلن", "اعلنت", "يعلن", "تعلن", "اشار", "اشارت", "يشير", "تشير", "تابع", "تابعت",
    "يتابع", "شدد", "شددت", "يشدد", "تشدد", "صرح", "صرحت", "ذكر", "ذكرت", "يذكر", "تذكر", "افاد", "افادت",
    "نقل", "نقلت", "اتهم", "اتهمت", "يتهم", "تتهم", "نفي", "نفت", "ينفي", "تنفي", "اعتبر", "اعتبرت", "يعتبر",
    "تعتبر", "لفت", "لفتت", "كشف", "كشفت", "حذر", "حذرت", "يحذر", "تحذر", "زعم", "زعمت", "ادعي", "ادعت",
    "اردف", "اردفت", "استطرد", "اوردت", "اورد", "راي", "رات", "يري", "تري", "دعا", "دعت", "طالب", "طالبت",
    "اعرب", "اعربت", "اتهمت", "بينت", "ابلغ", "ابلغت", "اقر", "اقرت", "اعترف", "اعترفت",
];

pub const EN_REPORTING_VERBS: &[&str] = &[
    "said", "says", "added", "adds", "stressed", "noted", "stated", "warned", "insisted", "claimed", "denied",
    "told", "announced", "confirmed", "reported", "accused", "argued", "explained", "emphasised",
    "emphasized", "underlined", "declared", "asserted", "alleged", "maintained", "continued", "wrote",
    "tweeted", "quoted", "cited", "urged", "called", "rejected", "dismissed", "acknowledged", "admitted",
    "say", "tell", "deny", "confirm", "warn", "add", "claim", "adding", "saying", "stressing", "noting",
    "insisting", "warning", "vowed", "pledged", "threatened", "demanded", "announcing", "claiming",
];

pub const RU_REPORTING_VERBS: &[&str] = &[
    "заявил", "заявила", "заявили", "сказал", "сказала", "сказали", "добавил", "добавила", "добавили",
    "сообщил", "сообщила", "сообщили", "отметил", "отметила", "отметили", "подчеркнул", "подчеркнула",
    "подчеркнули", "заверил", "заверила", "пояснил", "пояснила", "уточнил", "уточнила", "указал",
    "указала", "указали", "констатировал", "опроверг", "опровергла", "опровергли", "обвинил", "обвинила",
    "обвинили", "признал", "признала", "передает", "передаёт", "сообщает", "заявляет", "говорит",
    "считает", "полагает", "напомнил", "напомнила", "предупредил", "предупредила", "объявил", "объявила",
    "рассказал", "рассказала", "выразил", "призвал", "призвала", "отверг", "отвергла", "уверен",
];

pub const TR_REPORTING_VERBS: &[&str] = &[
    "dedi", "söyledi", "açıkladı", "bildirdi", "belirtti", "ekledi", "vurguladı", "kaydetti", "konuştu",
    "iddia", "ifade", "duyurdu", "yalanladı", "reddetti", "suçladı", "aktardı", "uyardı", "savundu",
    "hatırlattı", "değerlendirdi", "paylaştı", "yazdı", "sordu", "diyor", "söylüyor", "açıklıyor", "bildiriyor",
    "belirtiyor", "ediyor", "etti", "dile", "getirdi", "duyurdu",
];

/// True when `w` (normalised) is an Arabic reporting verb.
pub fn is_ar_reporting_verb(w: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| AR_REPORTING_VERBS.iter().copied().collect()).contains(w)
}

fn is_ar_conj_reporting(word: &str) -> bool {
    // و/ف + verb.
    let w = word.strip_prefix('و').or_else(|| word.strip_prefix('ف'));
    w.is_some_and(is_ar_reporting_verb)
}

/// Clauses of one sentence (`sentence` spans into `text`); always at least one when the sentence
/// is non-empty; spans are trimmed and cover the sentence in order.
pub fn clauses(text: &str, sentence: Span, lang: Lang) -> Vec<Span> {
    if !sentence.is_valid_in(text) || sentence.is_empty() {
        return Vec::new();
    }
    let toks = super::tokenize::tokens(text, sentence, lang);
    clauses_with_tokens(text, sentence, &toks, lang)
}

/// [`clauses`] given the sentence's tokens (spans into `text`).
pub fn clauses_with_tokens(text: &str, sentence: Span, toks: &[super::tokenize::Token], lang: Lang) -> Vec<Span> {
    let mut out = Vec::new();
    if !sentence.is_valid_in(text) || sentence.is_empty() {
        return out;
    }
    let s = sentence.text(text);
    let base = sentence.start;
    let pairs: Vec<(usize, usize)> = quote_pairs(s).into_iter().map(|(a, b)| (a + base, b + base)).collect();
    let mut cuts: Vec<usize> = Vec::new();
    let word_at = |k: usize| -> &str { toks.get(k).map_or("", |t| t.norm.as_str()) };
    let prev_is_comma = |k: usize| -> bool { k > 0 && matches!(word_at(k - 1), "،" | "," | ";" | "-") };
    for k in 1..toks.len() {
        let t = &toks[k];
        if inside(&pairs, t.span.start) {
            // A quote of several sentences ("… أستانا.. ننطلق من …"): each is a claim of its own
            // (by the same speaker). The word before the stop must not be an abbreviation.
            let is_stop = |x: &super::tokenize::Token| !x.is_word() && !x.norm.is_empty() && x.norm.chars().all(|c| matches!(c, '.' | '!' | '?' | '؟' | '…'));
            let mut w = k;
            while w > 0 && is_stop(&toks[w - 1]) {
                w -= 1;
            }
            let stop = w < k && w >= 2;
            let before = stop && toks[w - 1].is_word() && toks[w - 1].norm.chars().count() >= 3;
            let capital = matches!(lang, Lang::Ar | Lang::Other) || t.span.text(text).chars().next().is_some_and(char::is_uppercase);
            if stop && before && capital && t.is_word() && t.span.start > base {
                cuts.push(t.span.start - base);
            }
            continue;
        }
        let w = t.norm.as_str();
        let cut = match lang {
            Lang::Ar | Lang::Other => {
                let glued = {
                    // "المنطقة.وأضاف": a period glued to the next word.
                    let p = &toks[k - 1];
                    p.norm == "." && p.span.end == t.span.start && k >= 2 && toks[k - 2].span.end == p.span.start
                };
                (is_ar_conj_reporting(w) && k >= 3)
                    // "، فيما أكد أن …": "while he stressed that" opens a claim of its own.
                    || (matches!(w, "فيما" | "بينما") && prev_is_comma(k) && is_ar_reporting_verb(word_at(k + 1)))
                    // "، لكنه قال إن …": "but it said that" opens a claim of its own.
                    || (matches!(w, "لكن" | "لكنه" | "لكنها" | "ولكن" | "ولكنه" | "ولكنها" | "لكنهم" | "ولكنهم")
                        && prev_is_comma(k)
                        && is_ar_reporting_verb(word_at(k + 1)))
                    || (w == "كما"
                        && prev_is_comma(k)
                        && !matches!(word_at(k + 1), "في" | "ان" | "لو" | "هو" | "هي" | "ل" | "كان" | "كانت" | "" | "،"))
                    || (glued && t.is_word())
            }
            Lang::En => {
                (w == "and" && EN_REPORTING_VERBS.contains(&word_at(k + 1)) && k >= 3)
                    || (matches!(w, "adding" | "stressing" | "insisting") && prev_is_comma(k))
            }
            Lang::Ru => {
                (w == "и" && matches!(word_at(k + 1), "добавил" | "добавила" | "добавили" | "подчеркнул" | "подчеркнула" | "отметил" | "отметила" | "заявил" | "заявила"))
                    || (matches!(w, "добавив" | "подчеркнув" | "отметив") && prev_is_comma(k))
                    || (matches!(w, "заявил" | "заявила" | "заявили" | "сообщил" | "сообщила" | "сообщили")
                        && prev_is_comma(k)
                        && toks[k + 1..].iter().take(8).any(|x| x.norm == "что" || x.norm == ":"))
            }
            Lang::Tr => {
                let after_attr = k >= 2
                    && matches!(word_at(k - 1), "," | ";")
                    && (matches!(word_at(k - 2), "konuştu" | "dedi" | "kaydetti" | "söyledi" | "belirtti" | "açıkladı" | "vurguladı" | "ekledi")
                        || (k >= 3 && word_at(k - 2) == "etti" && matches!(word_at(k - 3), "ifade" | "iddia")));
                (w == "ve" && matches!(word_at(k + 1), "ekledi" | "şunları" | "vurguladı")) || after_attr
            }
        };
        if cut && k >= 2 && t.span.start > base {
            cuts.push(t.span.start - base);
        }
    }
    let mut start = 0usize;
    for c in cuts {
        push_clause(&mut out, s, start, c, base, false);
        start = c;
    }
    push_clause(&mut out, s, start, s.len(), base, true);
    if out.is_empty() {
        push_trimmed(&mut out, s, 0, s.len(), base);
    }
    out
}

fn push_clause(out: &mut Vec<Span>, s: &str, a: usize, b: usize, base: usize, last: bool) {
    let piece = &s[a..b];
    if last {
        push_trimmed(out, s, a, b, base);
        return;
    }
    let trimmed = piece.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '،' | ',' | ';' | '.'));
    let trimmed = if trimmed.trim().is_empty() { piece } else { trimmed };
    push_trimmed(out, s, a, a + trimmed.len(), base);
}

#[cfg(test)]
mod tests {
    use super::*;
    fn sents(s: &str, lang: Lang) -> Vec<&str> {
        sentences(s, Span::new(0, s.len()), lang).into_iter().map(|sp| sp.text(s)).collect()
    }
    fn cls(s: &str, lang: Lang) -> Vec<&str> {
        clauses(s, Span::new(0, s.len()), lang).into_iter().map(|sp| sp.text(s)).collect()
    }

    #[test]
    fn english_abbreviations_numbers_quotes() {
        let s = "The U.S. envoy met Dr. Smith at 3.5 p.m. on Monday. He said 1,000 troops left. \"We are ready. We will act,\" he said. Mr. Lavrov disagreed... Then he left!";
        assert_eq!(
            sents(s, Lang::En),
            [
                "The U.S. envoy met Dr. Smith at 3.5 p.m. on Monday.",
                "He said 1,000 troops left.",
                "\"We are ready. We will act,\" he said.",
                "Mr. Lavrov disagreed...",
                "Then he left!"
            ]
        );
        assert_eq!(sents("Talks ended in the U.S. The president left.", Lang::En).len(), 2);
        assert_eq!(sents("J. R. Smith arrived. Then?", Lang::En), ["J. R. Smith arrived.", "Then?"]);
    }

    #[test]
    fn russian_abbreviations() {
        let s = "В 2020 г. в Идлибе погибли военные, т.е. 33 человека. Встреча прошла в г. Москве им. Ленина. «Мы готовы. Мы ждём», — заявил Песков.";
        assert_eq!(
            sents(s, Lang::Ru),
            [
                "В 2020 г. в Идлибе погибли военные, т.е. 33 человека.",
                "Встреча прошла в г. Москве им. Ленина.",
                "«Мы готовы. Мы ждём», — заявил Песков."
            ]
        );
    }

    #[test]
    fn turkish_and_arabic() {
        let s = "Prof. Dr. Ahmet Yılmaz konuştu. 3,5 milyon kişi göç etti! Peki ya sonra?";
        assert_eq!(sents(s, Lang::Tr), ["Prof. Dr. Ahmet Yılmaz konuştu.", "3,5 milyon kişi göç etti!", "Peki ya sonra?"]);
        let a = "قال بوتين: «نحن هنا. لن نغادر». وأضاف أردوغان أن 3.5 مليون لاجئ؟ نعم؛ لا شيء.. ثم انتهى";
        assert_eq!(sents(a, Lang::Ar), ["قال بوتين: «نحن هنا. لن نغادر».", "وأضاف أردوغان أن 3.5 مليون لاجئ؟", "نعم؛", "لا شيء.. ثم انتهى"]);
        // Glued text and headlines.
        let g = "فشلت تركيا في إقناع روسيا.واجتمع الوفدان\nعنوان بلا نقطة\n\nسطر آخر.";
        assert_eq!(sents(g, Lang::Ar), ["فشلت تركيا في إقناع روسيا.واجتمع الوفدان", "عنوان بلا نقطة", "سطر آخر."]);
        // Ticker items separated by no-break spaces.
        let t = "خبر أول\u{a0}\u{a0}\u{a0}\u{a0}خبر ثان";
        assert_eq!(sents(t, Lang::Ar), ["خبر أول", "خبر ثان"]);
    }

    #[test]
    fn unbalanced_quotes_do_not_swallow() {
        let s = "He said \"never. Then they left. It ended.";
        assert_eq!(sents(s, Lang::En).len(), 3);
    }

    #[test]
    fn clause_splits() {
        let a = "قال بوتين إن الوضع خطير، وأضاف أن روسيا مستعدة، كما دعا إلى الحوار";
        assert_eq!(cls(a, Lang::Ar), ["قال بوتين إن الوضع خطير", "وأضاف أن روسيا مستعدة", "كما دعا إلى الحوار"]);
        let b = "وقال بوتين إن القاعدة تعرضت لـ15 اعتداء، فيما أكد أن روسيا أبلغت تركيا بكل هذه الحوادث";
        assert_eq!(cls(b, Lang::Ar), ["وقال بوتين إن القاعدة تعرضت لـ15 اعتداء", "فيما أكد أن روسيا أبلغت تركيا بكل هذه الحوادث"]);
        let d = "لم يتطرق البيان إلى الطلب التركي، لكنه قال إن الأمن لا يتحقق إلا بسيادة سوريا";
        assert_eq!(cls(d, Lang::Ar), ["لم يتطرق البيان إلى الطلب التركي", "لكنه قال إن الأمن لا يتحقق إلا بسيادة سوريا"]);
        let e = "وأوضح الرئيس: \"أكدنا اليوم مصلحة البلدين في العمل المشترك.. ننطلق من احترام سيادة سوريا\"";
        assert_eq!(cls(e, Lang::Ar), ["وأوضح الرئيس: \"أكدنا اليوم مصلحة البلدين في العمل المشترك", "ننطلق من احترام سيادة سوريا\""]);
        let f = "He said: \"We met Mr. Erdogan today. We agreed on a ceasefire.\"";
        assert_eq!(cls(f, Lang::En), ["He said: \"We met Mr. Erdogan today", "We agreed on a ceasefire.\""]);
        // "فيما" not followed by a reporting verb stays inside the clause.
        let c = "قصفت الطائرات المواقع، فيما بعد انسحبت القوات";
        assert_eq!(cls(c, Lang::Ar).len(), 1);
        let e = "Peskov said the talks failed and added that Moscow would respond, adding that nothing changed.";
        assert_eq!(cls(e, Lang::En), ["Peskov said the talks failed", "and added that Moscow would respond", "adding that nothing changed."]);
        let r = "Песков сообщил о переговорах и добавил, что встреча возможна.";
        assert_eq!(cls(r, Lang::Ru), ["Песков сообщил о переговорах", "и добавил, что встреча возможна."]);
        let t = "Akar, saldırının kabul edilemez olduğunu söyledi ve ekledi: \"Karşılık vereceğiz.\"";
        assert_eq!(cls(t, Lang::Tr).len(), 2);
        let t2 = "\"Karşılık verdik\" diye konuştu, Bakan Akar ayrıca yeni adımlar açıkladı.";
        assert_eq!(cls(t2, Lang::Tr).len(), 2);
        // No split inside a quote.
        let q = "قال أردوغان: «سنرد، وأكد الجيش ذلك»";
        assert_eq!(cls(q, Lang::Ar).len(), 1);
    }
}
