//! Claims: one per clause — who says it (speaker, with actor, side and coreference), the
//! reporting verb, the quoted words, the numbers (value, qualifier, counted noun, event), negation
//! and time expressions. Everything is a span into the analysed text.
//!
//! Rules, not a model: reporting-verb lists and word order per language (Arabic VSO after the
//! verb, English/Russian before or right after it, Turkish sentence-initial subject), a gazetteer
//! of actors (`data/actors.toml`), unnamed sources with nationality ("مصدر دبلوماسي تركي", "a
//! Turkish official"), possessive roles ("وزير دفاعها" takes the side of the country named
//! before), anaphora ("الوزارة", "the ministry" → the last ministry named) and subject-less verbs
//! ("وأضاف", "he added", "он добавил", "ekledi") continuing the previous speaker.

pub mod actors;
pub(crate) mod lexicon;
pub mod numbers;

use crate::span::Span;
use crate::text::segment::{self, clauses_with_tokens, quote_pairs};
use crate::text::tokenize::{tokens, TokKind, Token};
use crate::text::Lang;
use actors::{ActorMention, Gazetteer};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct NumberMention {
    pub span: Span,
    pub value: f64,
    pub value_max: Option<f64>,
    /// more_than | at_least | about | up_to | less_than
    pub qualifier: Option<String>,
    /// The counted noun as a normalised lemma (or stem when unknown); "%" for percentages.
    pub counted: Option<String>,
    /// killed | wounded | neutralised | destroyed | downed | captured
    pub event: Option<String>,
    /// A vague quantity ("عشرات", "dozens", "несколько"): `value`..`value_max` are bounds.
    pub vague: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Speaker {
    /// Surface text of the mention (for coreference: of the antecedent).
    pub surface: String,
    pub span: Span,
    pub actor_id: Option<String>,
    pub name: Option<String>,
    pub side: Option<String>,
    /// True when the clause has no explicit subject and the speaker carries over.
    pub coref: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Claim {
    /// Index into the sentence spans given to [`analyze`].
    pub sentence: usize,
    pub span: Span,
    pub speaker: Option<Speaker>,
    /// The reporting verb, normalised, without conjunction prefix.
    pub verb: Option<String>,
    pub quote: Option<Span>,
    pub numbers: Vec<NumberMention>,
    pub negated: bool,
    pub negation_cues: Vec<Span>,
    pub times: Vec<Span>,
}

/// Analyse the clauses of `sentence_spans` (spans into `text`) with the active gazetteer (the
/// built-in one, with the open project's own actors: [`Gazetteer::active`]).
pub fn analyze(text: &str, sentence_spans: &[Span], lang: Lang) -> Vec<Claim> {
    analyze_with(text, sentence_spans, lang, &Gazetteer::active())
}

#[derive(Debug, Clone)]
struct Cand {
    tok_start: usize,
    tok_end: usize,
    span: Span,
    actor: Option<usize>,
    side: Option<String>,
    name: Option<String>,
    /// 0 person name, 1 person title / role, 2 organisation or unnamed source, 3 place.
    rank: u8,
}

/// Analyse with a given gazetteer (e.g. [`Gazetteer::with_extra`]).
pub fn analyze_with(text: &str, sentence_spans: &[Span], lang: Lang, gaz: &Gazetteer) -> Vec<Claim> {
    let mut out = Vec::new();
    let mut last_speaker: Option<Speaker> = None;
    // Actor mentions so far, in text order (for roles and anaphora).
    let mut history: Vec<usize> = Vec::new();
    for (si, &sent) in sentence_spans.iter().enumerate() {
        if !sent.is_valid_in(text) {
            continue;
        }
        let stoks = tokens(text, sent, lang);
        for cl in clauses_with_tokens(text, sent, &stoks, lang) {
            let a = stoks.partition_point(|t| t.span.start < cl.start);
            let b = stoks.partition_point(|t| t.span.end <= cl.end);
            let toks = &stoks[a..b.max(a)];
            let claim = analyze_clause(text, si, cl, toks, lang, gaz, &mut last_speaker, &mut history);
            out.push(claim);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn analyze_clause(
    text: &str,
    si: usize,
    cl: Span,
    toks: &[Token],
    lang: Lang,
    gaz: &Gazetteer,
    last_speaker: &mut Option<Speaker>,
    history: &mut Vec<usize>,
) -> Claim {
    let pairs: Vec<(usize, usize)> =
        quote_pairs(cl.text(text)).into_iter().map(|(a, b)| (a + cl.start, b + cl.start)).collect();
    let in_quote = |t: &Token| pairs.iter().any(|&(a, b)| a < t.span.start && t.span.start < b);
    let mentions = gaz.find(toks, lang);

    // Reporting verb: first outside quotes (Turkish: last, the verb is final).
    let verb_idx: Option<usize> = {
        let tr_light_verb = |i: usize| {
            // "iddia etti", "ifade etti", "dile getirdi", "öne sürdü" (put forward, claimed).
            lang == Lang::Tr
                && ((matches!(toks[i].norm.as_str(), "iddia" | "ifade" | "dile")
                    && toks.get(i + 1).is_some_and(|n| n.norm.starts_with("et") || n.norm.starts_with("getir")))
                    || (toks[i].norm == "öne" && toks.get(i + 1).is_some_and(|n| n.norm.starts_with("sür"))))
        };
        // "بين" is "between" unless "أن" follows: "وبيّن الوزير أن …" is reported speech,
        // "… في دائرة الاتهام بين المتورط والمنقذ" is not.
        let explained = |i: usize| {
            matches!(lang, Lang::Ar | Lang::Other)
                && ar_strip_conj(&toks[i].norm) == "بين"
                && toks[i + 1..].iter().filter(|t| t.is_word()).take(4).any(|t| is_complementiser(t, lang))
        };
        let mut it = (0..toks.len())
            .filter(|&i| toks[i].is_word() && !in_quote(&toks[i]) && (is_reporting(&toks[i].norm, lang) || tr_light_verb(i) || explained(i)));
        if lang == Lang::Tr {
            it.next_back()
        } else {
            it.next()
        }
    };
    let verb = verb_idx.map(|i| verb_form(&toks[i].norm, lang));

    // Candidates.
    let mut cands: Vec<Cand> = Vec::new();
    let covered = |i: usize| mentions.iter().any(|m| m.tok_start <= i && i < m.tok_end);
    for m in &mentions {
        if in_quote(&toks[m.tok_start]) {
            continue;
        }
        cands.push(cand_from_mention(m, gaz));
    }
    for i in 0..toks.len() {
        if covered(i) || !toks[i].is_word() || in_quote(&toks[i]) {
            continue;
        }
        if let Some(c) = role_or_source(toks, i, lang, gaz, history, &mentions) {
            cands.push(c);
        }
    }
    cands.sort_by_key(|c| c.tok_start);
    // Drop candidates nested in earlier ones.
    let mut kept: Vec<Cand> = Vec::new();
    for c in cands {
        if kept.last().is_some_and(|p| c.tok_start < p.tok_end) {
            continue;
        }
        kept.push(c);
    }
    let cands = kept;

    let leading_attr = attribution(toks, &cands, lang).filter(|c| c.tok_start <= 4 && lang != Lang::Tr);
    let chosen: Option<Cand> = match (leading_attr, verb_idx) {
        (Some(c), _) => Some(c),
        (None, Some(v)) => choose_speaker(text, toks, &cands, v, lang),
        (None, None) => colon_attribution(toks, &cands)
            .or_else(|| attribution(toks, &cands, lang))
            .or_else(|| unknown_after_attribution(toks, lang)),
    };
    let speaker = match chosen {
        Some(c) => Some(Speaker {
            surface: c.span.text(text).to_string(),
            span: c.span,
            actor_id: c.actor.map(|a| gaz.actors[a].id.clone()),
            name: c.name.clone().or_else(|| c.actor.map(|a| gaz.actors[a].name.clone())),
            side: c.side.clone(),
            coref: false,
        }),
        None if verb_idx.is_some() => last_speaker.clone().map(|s| Speaker { coref: true, ..s }),
        None => None,
    };
    if let Some(s) = &speaker {
        *last_speaker = Some(s.clone());
    }
    for m in &mentions {
        history.push(m.actor);
    }

    // Quote: first matched pair with at least three words.
    let quote = pairs.iter().find_map(|&(a, b)| {
        let inner = Span::new(a + text[a..].chars().next().map_or(1, |c| c.len_utf8()), b);
        let words = toks.iter().filter(|t| t.is_word() && t.span.start >= inner.start && t.span.end <= inner.end).count();
        if words >= 3 {
            let s = inner.text(text);
            let lead = s.len() - s.trim_start().len();
            let t = s.trim();
            Some(Span::new(inner.start + lead, inner.start + lead + t.len()))
        } else {
            None
        }
    });

    let (numbers, times) = numbers::extract(toks, lang);
    let negation_cues = negation(toks, lang);
    Claim {
        sentence: si,
        span: cl,
        speaker,
        verb,
        quote,
        numbers,
        negated: !negation_cues.is_empty(),
        negation_cues,
        times,
    }
}

fn cand_from_mention(m: &ActorMention, gaz: &Gazetteer) -> Cand {
    let a = &gaz.actors[m.actor];
    let rank = match (a.kind.as_str(), m.is_name) {
        ("person", true) => 0,
        ("person", false) => 1,
        ("capital", _) => 3,
        _ => 2,
    };
    Cand {
        tok_start: m.tok_start,
        tok_end: m.tok_end,
        span: m.span,
        actor: Some(m.actor),
        side: Some(a.side.clone()),
        name: Some(a.name.clone()),
        rank,
    }
}

// ---------------------------------------------------------------------------------------------
// Reporting verbs

fn ar_strip_conj(w: &str) -> &str {
    w.strip_prefix('و').or_else(|| w.strip_prefix('ف')).filter(|r| r.chars().count() >= 3).unwrap_or(w)
}

const RU_VERB_STEMS: &[&str] = &[
    "заяв", "сказа", "добави", "сообщ", "отмети", "отмеча", "подчеркну", "подчеркива", "завери", "поясни", "уточни",
    "указа", "указыва", "опроверг", "обвини", "обвиня", "призна", "переда", "говори", "говорит", "счита", "полага",
    "напомни", "предупреди", "объяви", "рассказа", "призва", "отверг", "отрица", "утвержда", "настаива", "констатир",
];
const TR_VERB_STEMS: &[&str] = &[
    "söyle", "açıkla", "bildir", "belirt", "ekle", "vurgula", "kaydet", "konuş", "duyur", "yalanla", "reddet",
    "suçla", "aktar", "uyar", "savun", "hatırlat", "değerlendir",
];

fn is_reporting(norm: &str, lang: Lang) -> bool {
    match lang {
        Lang::Ar | Lang::Other => segment::is_ar_reporting_verb(ar_strip_conj(norm)) || segment::is_ar_reporting_verb(norm),
        Lang::En => {
            static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
            SET.get_or_init(|| segment::EN_REPORTING_VERBS.iter().copied().collect()).contains(norm)
        }
        Lang::Ru => RU_VERB_STEMS.iter().any(|s| norm.starts_with(s)) && !norm.starts_with("заявлен") && !norm.starts_with("сообщени") && !ru_participle(norm),
        Lang::Tr => {
            let b = norm.split('\'').next().unwrap_or(norm);
            matches!(b, "dedi" | "diyor" | "demişti" | "dedi̇")
                || TR_VERB_STEMS.iter().any(|s| b.starts_with(s) && b.len() > s.len() && !b.ends_with("ması") && !b.ends_with("mesi"))
        }
    }
}

/// A Russian participle ("переданных", "указанные", "заявивший", "обвиняемый"): an adjective
/// made from the verb, which qualifies a noun ("Среди переданных Украине" — among those handed
/// to Ukraine) and reports nothing. A participle suffix (-нн-, -вш-, -ющ-/-ящ-/-ащ-/-ущ-,
/// -ем-/-им-) followed by an adjective's ending.
fn ru_participle(norm: &str) -> bool {
    const ENDINGS: &[&str] = &["ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ого", "его", "ому", "ему", "ым", "им", "ую", "юю", "ыми", "ими"];
    const SUFFIXES: &[&str] = &["нн", "вш", "ющ", "ящ", "ащ", "ущ", "ем", "им"];
    ENDINGS.iter().any(|e| norm.strip_suffix(e).is_some_and(|stem| SUFFIXES.iter().any(|x| stem.ends_with(x))))
}

fn verb_form(norm: &str, lang: Lang) -> String {
    match lang {
        Lang::Ar | Lang::Other => {
            let s = ar_strip_conj(norm);
            if segment::is_ar_reporting_verb(s) || s == "بين" { s.to_string() } else { norm.to_string() }
        }
        _ => norm.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Roles, unnamed sources, anaphora

fn nationality(norm: &str, lang: Lang) -> Option<&'static str> {
    let w = match lang {
        Lang::Ar => {
            let v = ar_strip_conj(norm);
            let v = v.strip_prefix("ال").unwrap_or(v);
            v.to_string()
        }
        _ => norm.split('\'').next().unwrap_or(norm).to_string(),
    };
    let w = w.as_str();
    // Turkmen ("التركمانية", "туркменской", "Türkmen", "Turkmen") begins like Turkish but is not.
    if ["تركمان", "туркмен", "türkmen", "turkmen"].iter().any(|p| w.starts_with(p)) {
        return None;
    }
    let t: &[(&str, &str)] = match lang {
        Lang::Ar => &[("معارض", "syrian_opposition"), ("ترك", "turkish"), ("اتراك", "turkish"), ("روس", "russian"), ("سوري", "syrian_government"), ("اوكران", "ukrainian"), ("امريك", "other"), ("اميرك", "other"), ("غرب", "other"), ("اوروب", "other")],
        Lang::En => &[("opposition", "syrian_opposition"), ("rebel", "syrian_opposition"), ("turk", "turkish"), ("russia", "russian"), ("kremlin", "russian"), ("syria", "syrian_government"), ("ukrain", "ukrainian"), ("american", "other"), ("u.s", "other"), ("western", "other"), ("european", "other")],
        Lang::Ru => &[("оппозиц", "syrian_opposition"), ("турец", "turkish"), ("турк", "turkish"), ("турци", "turkish"), ("росси", "russian"), ("русск", "russian"), ("кремл", "russian"), ("сирий", "syrian_government"), ("украин", "ukrainian"), ("американ", "other"), ("западн", "other")],
        Lang::Tr => &[("muhalif", "syrian_opposition"), ("türk", "turkish"), ("rus", "russian"), ("suriye", "syrian_government"), ("esad", "syrian_government"), ("ukrayna", "ukrainian"), ("abd", "other"), ("amerika", "other"), ("batı", "other")],
        Lang::Other => &[],
    };
    t.iter().find(|(p, _)| w.starts_with(p)).map(|(_, s)| *s)
}

fn source_head(norm: &str, lang: Lang) -> bool {
    match lang {
        Lang::Ar | Lang::Other => {
            let v = ar_strip_conj(norm);
            let v = v.strip_prefix("ال").unwrap_or(v);
            matches!(v, "مصدر" | "مصادر" | "مسؤول" | "مسؤولون" | "مسؤولين" | "متحدث" | "دبلوماسي" | "دبلوماسيون" | "محلل" | "محللون" | "محللين" | "خبير" | "خبراء" | "ناشط" | "ناشطون" | "شهود" | "مراسل" | "ضابط" | "قائد" | "بيان" | "مراقبون")
        }
        Lang::En => matches!(norm, "source" | "sources" | "official" | "officials" | "diplomat" | "diplomats" | "spokesman" | "spokeswoman" | "spokesperson" | "analyst" | "analysts" | "expert" | "experts" | "activist" | "activists" | "witness" | "witnesses" | "officer" | "commander" | "statement"),
        Lang::Ru => ["источник", "чиновник", "представител", "дипломат", "эксперт", "аналитик", "очевид", "командир", "собеседник"].iter().any(|p| norm.starts_with(p)),
        Lang::Tr => {
            let b = norm.split('\'').next().unwrap_or(norm);
            ["kaynak", "yetkili", "sözcü", "diplomat", "uzman", "analist", "komutan", "görgü", "açıklama"].iter().any(|p| b.starts_with(p))
        }
    }
}

/// Anaphoric description → (kind or role it refers to).
fn anaphor(norm: &str, lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Ar | Lang::Other => match ar_strip_conj(norm) {
            "الوزاره" => Some("ministry"),
            "الوزير" => Some("minister"),
            "الرئاسه" => Some("office"),
            "الوكاله" => Some("media"),
            "المتحدث" | "الناطق" | "المتحدثه" => Some("spokesman"),
            "الجيش" => Some("military"),
            _ => None,
        },
        Lang::En => match norm {
            "ministry" => Some("ministry"),
            "minister" => Some("minister"),
            "agency" => Some("media"),
            "spokesman" | "spokeswoman" | "spokesperson" => Some("spokesman"),
            "army" | "military" => Some("military"),
            _ => None,
        },
        Lang::Ru => {
            if norm.starts_with("министерств") || norm.starts_with("ведомств") {
                Some("ministry")
            } else if norm.starts_with("министр") {
                Some("minister")
            } else if norm.starts_with("пресс-секретар") {
                Some("spokesman")
            } else if norm.starts_with("агентств") {
                Some("media")
            } else {
                None
            }
        }
        Lang::Tr => {
            let b = norm.split('\'').next().unwrap_or(norm);
            match b {
                "bakanlık" => Some("ministry"),
                "bakan" => Some("minister"),
                "sözcü" => Some("spokesman"),
                "ajans" => Some("media"),
                "ordu" => Some("military"),
                _ => None,
            }
        }
    }
}

fn actor_matches_kind(a: &actors::ActorDef, kind: &str) -> bool {
    a.kind == kind || a.roles.iter().any(|r| r == kind)
}

fn role_or_source(
    toks: &[Token],
    i: usize,
    lang: Lang,
    gaz: &Gazetteer,
    history: &[usize],
    mentions: &[ActorMention],
) -> Option<Cand> {
    let t = &toks[i];
    let word = |j: usize| toks.get(j).filter(|x| x.is_word());
    // Possessive role: "وزير دفاعها", "its defence minister".
    let poss = match lang {
        Lang::Ar => {
            (t.norm == "وزير" || ar_strip_conj(&t.norm) == "وزير")
                && word(i + 1).is_some_and(|n| (n.norm.ends_with("ها") || n.norm.ends_with("ه")) && (n.norm.starts_with("دفاع") || n.norm.starts_with("خارجيت") || n.norm.starts_with("داخليت")))
        }
        Lang::En => matches!(t.norm.as_str(), "its" | "their") && word(i + 1).is_some() && word(i + 2).is_some_and(|n| n.norm == "minister"),
        _ => false,
    };
    if poss {
        // Side of the latest actor named before in this clause, else in the text.
        let before: Option<usize> = mentions.iter().rev().find(|m| m.tok_end <= i).map(|m| m.actor).or_else(|| history.last().copied());
        let actor = before.filter(|&a| gaz.actors[a].side != "other");
        let end = if lang == Lang::En { i + 2 } else { i + 1 };
        return Some(Cand {
            tok_start: i,
            tok_end: end + 1,
            span: Span::new(t.span.start, toks[end].span.end),
            actor: None,
            side: actor.map(|a| gaz.actors[a].side.clone()),
            name: actor.map(|a| format!("minister of {}", gaz.actors[a].name)),
            rank: 1,
        });
    }
    // Anaphoric description.
    if let Some(kind) = anaphor(&t.norm, lang) {
        let nat = word(i + 1).and_then(|n| nationality(&n.norm, lang));
        let found = history
            .iter()
            .rev()
            .copied()
            .find(|&a| actor_matches_kind(&gaz.actors[a], kind) && nat.is_none_or(|s| gaz.actors[a].side == s));
        let end = if nat.is_some() { i + 1 } else { i };
        if found.is_some() || nat.is_some() {
            return Some(Cand {
                tok_start: i,
                tok_end: end + 1,
                span: Span::new(t.span.start, toks[end].span.end),
                actor: found,
                side: found.map(|a| gaz.actors[a].side.clone()).or(nat.map(str::to_string)),
                name: found.map(|a| gaz.actors[a].name.clone()),
                rank: if found.is_some_and(|a| gaz.actors[a].kind == "person") { 1 } else { 2 },
            });
        }
    }
    // Unnamed source with nationality adjectives around it.
    if source_head(&t.norm, lang) {
        let (lo, hi) = match lang {
            Lang::Ar => (i, (i + 3).min(toks.len() - 1)),
            Lang::Tr => (i.saturating_sub(3), i + 1),
            _ => (i.saturating_sub(3), (i + 2).min(toks.len() - 1)),
        };
        let mut s = i;
        let mut e = i;
        let mut side = None;
        // Extend over adjacent words (no punctuation) carrying nationality.
        for j in (lo..i).rev() {
            if !toks[j].is_word() {
                break;
            }
            if let Some(n) = nationality(&toks[j].norm, lang) {
                side = Some(n);
                s = j;
            }
        }
        for j in i + 1..=hi.min(toks.len().saturating_sub(1)) {
            if j >= toks.len() || !toks[j].is_word() {
                break;
            }
            if let Some(n) = nationality(&toks[j].norm, lang) {
                side = side.or(Some(n));
                e = j;
            } else if lang == Lang::Ar && j == i + 1 {
                // "مصدر دبلوماسي تركي": one descriptive adjective may precede the nationality.
                continue;
            } else if lang == Lang::Ar {
                break;
            }
        }
        if lang == Lang::Ar && e == i && word(i + 1).is_some() && side.is_none() {
            e = i;
        }
        // A source of a named organisation speaks for it: "مسؤول في المعارضة", "مصدر في وزارة
        // الدفاع", "представитель Минобороны", "Dışişleri Bakanlığı yetkilisi", "an official of
        // the ministry". The organisation is the speaker, never a party the claim names.
        if let Some(m) = source_organisation(toks, i, s, lang, mentions) {
            let a = &gaz.actors[m.actor];
            let person = a.kind == "person";
            let (s, e) = (s.min(m.tok_start), e.max(m.tok_end - 1));
            return Some(Cand {
                tok_start: s,
                tok_end: e + 1,
                span: Span::new(toks[s].span.start, toks[e].span.end),
                actor: (!person).then_some(m.actor),
                side: Some(a.side.clone()),
                name: (!person).then(|| a.name.clone()),
                rank: 2,
            });
        }
        return Some(Cand {
            tok_start: s,
            tok_end: e + 1,
            span: Span::new(toks[s].span.start, toks[e].span.end),
            actor: None,
            side: side.map(str::to_string),
            name: None,
            rank: 2,
        });
    }
    None
}

/// The gazetteer mention a source head `toks[i]` (its phrase starting at `s`) belongs to: after
/// it, past prepositions, nationality words and a few descriptive ones ("مسؤول في المعارضة",
/// "مصدر عسكري في وزارة الدفاع", "представитель Минобороны", "представитель турецкой армии",
/// "an official of the Turkish army"; Arabic needs the preposition: "اتهم مسؤول تركي روسيا"
/// names Russia as the accused), or right before its phrase in Turkish and English ("Dışişleri
/// Bakanlığı yetkilisi", "a Pentagon official").
fn source_organisation<'m>(toks: &[Token], i: usize, s: usize, lang: Lang, mentions: &'m [ActorMention]) -> Option<&'m ActorMention> {
    let connector = |w: &str| match lang {
        Lang::Ar | Lang::Other => matches!(ar_strip_conj(w), "في" | "من" | "باسم" | "لدى" | "داخل"),
        Lang::En => matches!(w, "of" | "for" | "from" | "at" | "in" | "the"),
        Lang::Ru => matches!(w, "в" | "во" | "из" | "от" | "при"),
        Lang::Tr => false,
    };
    let descriptive = |w: &str| {
        matches!(ar_strip_conj(w), "عسكري" | "امني" | "رفيع" | "كبير" | "دبلوماسي" | "حكومي")
            || matches!(w, "senior" | "military" | "security" | "diplomatic" | "government")
            || ["высокопостав", "военн", "дипломатическ", "официальн", "туркмен"].iter().any(|p| w.starts_with(p))
            || (lang == Lang::Ar && w.contains("تركمان"))
    };
    let after = mentions.iter().find(|m| m.tok_start > i && m.tok_start <= i + 4).filter(|m| {
        let between = &toks[i + 1..m.tok_start];
        between.iter().all(|t| t.is_word() && (connector(&t.norm) || descriptive(&t.norm) || nationality(&t.norm, lang).is_some()))
            && (!matches!(lang, Lang::Ar | Lang::Other) || between.iter().any(|t| connector(&t.norm)))
            && (lang != Lang::Tr)
    });
    let before = || mentions.iter().find(|m| m.tok_end == s && matches!(lang, Lang::Tr | Lang::En));
    after.or_else(before)
}

// ---------------------------------------------------------------------------------------------
// Speaker choice

fn is_complementiser(t: &Token, lang: Lang) -> bool {
    if t.kind == TokKind::Punct {
        return t.norm == ":";
    }
    match lang {
        Lang::Ar | Lang::Other => {
            let v = ar_strip_conj(&t.norm);
            matches!(v, "ان" | "انه" | "انها" | "انهم" | "انهما" | "بان" | "بانه" | "بانها" | "بانهم" | "اننا")
        }
        Lang::En => matches!(t.norm.as_str(), "that"),
        Lang::Ru => matches!(t.norm.as_str(), "что" | "чтобы"),
        Lang::Tr => false,
    }
}

fn is_pronoun(t: &Token, lang: Lang) -> bool {
    match lang {
        Lang::En => matches!(t.norm.as_str(), "he" | "she" | "they" | "it" | "we"),
        Lang::Ru => matches!(t.norm.as_str(), "он" | "она" | "они" | "оно"),
        Lang::Tr => matches!(t.base(), "o" | "onlar"),
        _ => false,
    }
}

fn choose_speaker(text: &str, toks: &[Token], cands: &[Cand], v: usize, lang: Lang) -> Option<Cand> {
    match lang {
        Lang::Ar | Lang::Other => {
            // Subject phrase after the verb, up to the complementiser.
            let mut end = toks.len();
            for (j, t) in toks.iter().enumerate().skip(v + 1).take(16) {
                if is_complementiser(t, lang) {
                    end = j;
                    break;
                }
                if t.is_word() && is_reporting(&t.norm, lang) {
                    end = j;
                    break;
                }
            }
            end = end.min(v + 17);
            let in_phrase: Vec<&Cand> = cands.iter().filter(|c| c.tok_start > v && c.tok_start < end).collect();
            if !in_phrase.is_empty() {
                // "نقلت وكالة رويترز عن مصدر ...": the source after "عن".
                let an = (v + 1..end).find(|&j| toks[j].norm == "عن");
                if let Some(an) = an {
                    if let Some(c) = in_phrase.iter().find(|c| c.tok_start > an) {
                        return Some((*c).clone());
                    }
                }
                let first = in_phrase[0];
                if let Some(c) = in_phrase.iter().find(|c| c.rank == 0) {
                    // The subject right after the verb, set off by a comma, is the speaker even
                    // when its apposition names a person: "وتتهم موسكو، حليفة الرئيس السوري
                    // بشار الأسد، تركيا" (Moscow accuses, not Assad).
                    let apposed = first.tok_start == v + 1 && toks.get(first.tok_end).is_some_and(|t| matches!(t.norm.as_str(), "،" | ","));
                    if apposed && first.actor.is_some() && first.actor != c.actor {
                        return Some(first.clone());
                    }
                    return Some((*c).clone());
                }
                return Some(first.clone());
            }
            // Subject before the verb, near the clause start.
            cands.iter().find(|c| c.tok_end <= v && c.tok_start <= 5).cloned()
        }
        Lang::En | Lang::Ru => {
            let postposed = v > 0 && matches!(toks[v - 1].norm.as_str(), "," | "-" | "\"" | ")");
            let stop = (v + 1..toks.len()).find(|&j| is_complementiser(&toks[j], lang) || toks[j].norm == ",").unwrap_or(toks.len());
            let after = || cands.iter().find(|c| c.tok_start > v && c.tok_start <= v + 5 && c.tok_start < stop).map(|c| pick_name_near(cands, c));
            // 0. Postposed attribution ("..., said Peskov", "— заявил Песков").
            if postposed {
                if let Some(c) = after() {
                    return Some(c);
                }
                if let Some(c) = unknown_np(text, toks, v + 1, stop.min(v + 6), lang) {
                    return Some(c);
                }
            }
            // 1. Right before the verb; an appositive ("X, governor of Y, said") points to X.
            if postposed && toks[v - 1].norm == "," {
                if let Some(c) = cands.iter().find(|c| c.tok_start <= 1 && toks.get(c.tok_end).is_some_and(|t| t.norm == ",")) {
                    return Some(pick_name_near(cands, c));
                }
            }
            let modifier = |c: &Cand| toks[c.tok_end - 1].norm.ends_with("'s");
            if let Some(c) = cands.iter().rev().find(|c| c.tok_end <= v && v - c.tok_end <= 3 && !modifier(c) && !(c.tok_end..v).any(|j| toks[j].kind == TokKind::Punct)) {
                return Some(pick_name_near(cands, c));
            }
            // 2. Pronoun right before the verb: coreference.
            if (v.saturating_sub(2)..v).any(|j| is_pronoun(&toks[j], lang)) {
                return None;
            }
            // 3. A capitalised subject not in the gazetteer ("the United Nations says").
            if !postposed {
                let lo = (0..v).rev().take_while(|&j| toks[j].is_word()).last().unwrap_or(v);
                if let Some(c) = unknown_np(text, toks, lo, v, lang).filter(|c| c.tok_end == v) {
                    return Some(c);
                }
            }
            // 4. Right after the verb ("said Peskov", "заявил Песков"); not after a pronoun
            // there, which opens the reported clause ("said it holds the Assad regime
            // responsible": the regime is what is said, not who says it).
            let content_opens = toks.get(v + 1).is_some_and(|t| is_pronoun(t, lang));
            if let Some(c) = after().filter(|_| !content_opens) {
                return Some(c);
            }
            // 5. First candidate before the verb.
            if let Some(c) = cands.iter().find(|c| c.tok_end <= v) {
                return Some(c.clone());
            }
            attribution(toks, cands, lang)
        }
        Lang::Tr => {
            // "X, ... diye ekledi": what precedes "diye" is the reported content, except a subject
            // opening the clause and set off by a comma.
            let diye = (0..v).rev().find(|&j| toks[j].norm == "diye");
            let opening = |c: &&Cand| c.tok_start <= 1 && toks.get(c.tok_end).is_some_and(|t| matches!(t.norm.as_str(), "," | "ise" | "da" | "de"));
            if let Some(c) = cands.iter().find(|c| opening(c) && c.tok_end <= v) {
                return Some(pick_name_near(cands, c));
            }
            let lo = diye.map_or(0, |j| j + 1);
            let before: Vec<&Cand> = cands.iter().filter(|c| c.tok_end <= v + 1 && c.tok_start >= lo).collect();
            let nominative = before.iter().find(|c| {
                let last = &toks[c.tok_end - 1];
                !last.norm.contains('\'') && toks.get(c.tok_end).is_none_or(|n| n.norm != "'")
            });
            if let Some(c) = nominative.or(before.first()) {
                // "X'e göre" is attribution, fine either way.
                return Some((*c).clone());
            }
            attribution(toks, cands, lang)
        }
    }
}

/// A capitalised noun phrase in `toks[lo..hi]` (Latin/Cyrillic scripts) as a speaker not in the
/// gazetteer: "the United Nations", "Mr. Pompeo", "ООН".
fn unknown_np(text: &str, toks: &[Token], lo: usize, hi: usize, lang: Lang) -> Option<Cand> {
    if !matches!(lang, Lang::En | Lang::Ru | Lang::Tr) || lo >= hi || hi > toks.len() {
        return None;
    }
    let cap = |t: &Token| t.is_word() && t.span.text(text).chars().next().is_some_and(char::is_uppercase);
    let connector = |t: &Token| matches!(t.norm.as_str(), "of" | "for" | "." | "-");
    // A capital at the start of a sentence is the sentence's, not a name's: there the word must
    // show itself a name some other way ([`sentence_initial_name`]). "Среди переданных …"
    // (among those handed over), "Как сообщил представитель …", "However, …".
    let name_like = |j: usize| cap(&toks[j]) && (!sentence_initial(text, toks[j].span.start) || sentence_initial_name(text, &toks[j], lang));
    let s = (lo..hi).find(|&j| name_like(j))?;
    let mut e = s + 1;
    while e < hi && (cap(&toks[e]) || (connector(&toks[e]) && e + 1 < hi && cap(&toks[e + 1]))) && e - s < 6 {
        e += 1;
    }
    let side = (s..e).find_map(|j| nationality(&toks[j].norm, lang)).map(str::to_string);
    Some(Cand { tok_start: s, tok_end: e, span: Span::new(toks[s].span.start, toks[e - 1].span.end), actor: None, side, name: None, rank: 2 })
}

/// Does the word at byte `at` open a sentence (only quotes, dashes or brackets between it and
/// the text's start, a line break, or a full stop, question or exclamation mark)?
fn sentence_initial(text: &str, at: usize) -> bool {
    for c in text[..at].chars().rev() {
        match c {
            '.' | '!' | '?' | '\n' | '…' => return true,
            c if c.is_whitespace() || matches!(c, '"' | '«' | '“' | '„' | '\'' | '(' | '—' | '–' | '-') => continue,
            _ => return false,
        }
    }
    true
}

/// A sentence-initial capitalised word as a name: it is no function word (preposition,
/// conjunction, pronoun, particle or sentence adverb: closed classes, none of which names
/// anyone), and the page never writes it in lower case — or writes it capitalised inside a
/// sentence too ("ООН", "Pentagon").
fn sentence_initial_name(text: &str, t: &Token, lang: Lang) -> bool {
    if closed_class(&t.norm, lang) {
        return false;
    }
    let surface = t.span.text(text);
    let lower = surface.to_lowercase();
    if lower == surface {
        return true;
    }
    let bounded = |i: usize, w: &str| {
        let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + w.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    };
    let mid_capital = text.match_indices(surface).any(|(i, w)| i != t.span.start && bounded(i, w) && !sentence_initial(text, i));
    let lowercase = text.match_indices(lower.as_str()).any(|(i, w)| bounded(i, w));
    mid_capital || !lowercase
}

/// Function words of the closed classes (prepositions, conjunctions, pronouns, particles,
/// sentence adverbs) in Russian, Turkish and English.
fn closed_class(w: &str, lang: Lang) -> bool {
    match lang {
        Lang::Ru => matches!(
            w,
            "среди" | "между" | "после" | "перед" | "до" | "во" | "в" | "на" | "по" | "под" | "над" | "при" | "про" | "через" | "против" | "около" | "вокруг" | "из" | "от" | "для" | "без" | "у" | "к" | "с" | "со" | "о" | "об" | "за"
                | "и" | "а" | "но" | "или" | "однако" | "также" | "тоже" | "как" | "когда" | "если" | "хотя" | "поэтому" | "затем" | "потом" | "тогда" | "впрочем" | "кроме" | "помимо" | "вместе" | "именно" | "лишь" | "только" | "даже" | "уже" | "еще" | "ещё" | "все" | "всё" | "это" | "этот" | "эта" | "эти" | "тот" | "та" | "те" | "там" | "здесь" | "так" | "он" | "она" | "они" | "оно" | "мы" | "вы" | "я" | "не" | "ни" | "по-прежнему" | "сейчас" | "теперь" | "ранее" | "позже" | "напомним" | "кстати" | "тем"
        ),
        Lang::Tr => matches!(
            w,
            "ve" | "ama" | "fakat" | "ancak" | "ayrıca" | "ise" | "çünkü" | "bu" | "şu" | "o" | "bunun" | "bunu" | "buna" | "bunlar" | "onlar" | "biz" | "siz" | "ben" | "sen" | "öte" | "diğer" | "bununla" | "böylece" | "hem" | "ya" | "da" | "de" | "gibi" | "göre" | "için" | "sonra" | "önce" | "daha" | "yine" | "hâlâ" | "halen" | "şimdi" | "bugün" | "dün"
        ),
        Lang::En => matches!(
            w,
            "among" | "between" | "after" | "before" | "during" | "in" | "on" | "at" | "by" | "for" | "from" | "with" | "without" | "under" | "over" | "about" | "against" | "despite" | "since" | "until" | "of" | "to" | "into"
                | "and" | "but" | "or" | "so" | "yet" | "as" | "also" | "however" | "meanwhile" | "moreover" | "still" | "then" | "when" | "while" | "if" | "although" | "though" | "because" | "this" | "that" | "these" | "those" | "the" | "a" | "an" | "it" | "he" | "she" | "they" | "we" | "i" | "you" | "there" | "here" | "not" | "only" | "even" | "earlier" | "later" | "now"
        ),
        _ => false,
    }
}

/// Headline style "Speaker: words" ("بيسكوف: ...", "Erdoğan: ...", "Песков: ...").
fn colon_attribution(toks: &[Token], cands: &[Cand]) -> Option<Cand> {
    let c = cands.first()?;
    (c.tok_start <= 1 && toks.get(c.tok_end).is_some_and(|t| t.norm == ":")).then(|| c.clone())
}

/// After an attribution marker with no known actor: the next few words ("بحسب الأمم المتحدة").
fn unknown_after_attribution(toks: &[Token], lang: Lang) -> Option<Cand> {
    let i = toks.iter().position(|t| match lang {
        Lang::Ar | Lang::Other => matches!(ar_strip_conj(&t.norm), "بحسب" | "حسب" | "وفقا" | "نقلا"),
        Lang::En => t.norm == "according",
        Lang::Ru => t.norm == "согласно" || matches!(t.norm.as_str(), "словам" | "данным"),
        Lang::Tr => false,
    })?;
    let mut s = i + 1;
    while s < toks.len() && matches!(toks[s].norm.as_str(), "to" | "ل" | "لـ" | "عن" | "\"") {
        s += 1;
    }
    let mut e = s;
    while e < toks.len() && toks[e].is_word() && e - s < 3 {
        e += 1;
    }
    if e <= s {
        return None;
    }
    let side = (s..e).find_map(|j| nationality(&toks[j].norm, lang)).map(str::to_string);
    Some(Cand { tok_start: s, tok_end: e, span: Span::new(toks[s].span.start, toks[e - 1].span.end), actor: None, side, name: None, rank: 2 })
}

/// Prefer a person's name adjacent to a title ("Kremlin spokesman Dmitry Peskov").
fn pick_name_near(cands: &[Cand], c: &Cand) -> Cand {
    if c.rank == 0 {
        return c.clone();
    }
    cands
        .iter()
        .find(|o| o.rank == 0 && (o.tok_start == c.tok_end || o.tok_start == c.tok_end + 1 || o.tok_end == c.tok_start || o.tok_end + 1 == c.tok_start))
        .cloned()
        .unwrap_or_else(|| c.clone())
}

/// "according to X", "بحسب X", "по словам X", "X'e göre".
fn attribution(toks: &[Token], cands: &[Cand], lang: Lang) -> Option<Cand> {
    for (i, t) in toks.iter().enumerate() {
        let after = match lang {
            Lang::Ar | Lang::Other => {
                let v = ar_strip_conj(&t.norm);
                matches!(v, "بحسب" | "حسب" | "وفقا" | "نقلا" | "وفق")
            }
            Lang::En => t.norm == "according" && toks.get(i + 1).is_some_and(|n| n.norm == "to"),
            Lang::Ru => (t.norm == "по" && toks.get(i + 1).is_some_and(|n| matches!(n.norm.as_str(), "словам" | "данным" | "информации" | "сообщению"))) || t.norm == "согласно",
            Lang::Tr => false,
        };
        if after {
            if let Some(c) = cands.iter().find(|c| c.tok_start > i && c.tok_start <= i + 4) {
                return Some(c.clone());
            }
        }
        if lang == Lang::Tr && t.base() == "göre" {
            if let Some(c) = cands.iter().rev().find(|c| c.tok_end <= i && i - c.tok_end <= 3) {
                return Some(c.clone());
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Negation

const TR_NEG: &[&str] = &[
    "medi", "madı", "miyor", "mıyor", "muyor", "müyor", "meyecek", "mayacak", "memiş", "mamış", "meyen", "mayan",
    "mediği", "madığı", "meden", "madan", "memek", "mamak", "memesi", "maması", "meyeceğ", "mayacağ", "mamalı",
    "memeli", "mazsa", "mezse",
];

fn negation(toks: &[Token], lang: Lang) -> Vec<Span> {
    let mut cues: Vec<(usize, Span)> = Vec::new();
    let next = |i: usize| toks.get(i + 1).map_or("", |t| t.norm.as_str());
    for (i, t) in toks.iter().enumerate() {
        if !t.is_word() {
            continue;
        }
        let w = t.norm.as_str();
        let neg = match lang {
            Lang::Ar | Lang::Other => {
                let v = ar_strip_conj(w);
                let v = if v == w && w.chars().count() == 3 && (w.starts_with('و') || w.starts_with('ف')) { &w[2..] } else { v };
                match v {
                    "لا" => !matches!(next(i), "يقل" | "تقل") ,
                    // "غير أن" is "however"; "غير" before a participle (غير مسبوقة, غير مباشر,
                    // غير مسؤول, التوتر غير المسبوق) or a relational adjective (غير شرعي, غير
                    // قانونية, غير إنسانية: the Russian "нелегитимный" in one word) makes an
                    // adjective ("un-", "non-"), it does not deny the claim. ("غير صحيح", not
                    // true, does.)
                    "غير" => {
                        let n = next(i);
                        let n = n.strip_prefix("ال").filter(|r| r.chars().count() >= 4).unwrap_or(n);
                        let nisba = n.chars().count() >= 4 && (n.ends_with('ي') || n.ends_with("يه") || n.ends_with("ية"));
                        !(matches!(n, "ان" | "أن") || (n.starts_with('م') && n.chars().count() >= 4) || nisba)
                    }
                    // "ليس ذاك وحده" / "ليس فقط": "not only", no denial.
                    "ليس" | "ليست" if toks[i + 1..].iter().filter(|t| t.is_word()).take(3).any(|t| matches!(t.norm.as_str(), "وحده" | "وحدها" | "فقط" | "فحسب")) => false,
                    "دون" | "بدون" => without_act(toks, i),
                    "لم" | "لن" | "ليس" | "ليست" | "ليسوا" | "لسنا" | "لست" | "نفي" | "نفت" | "ينفي" | "تنفي" | "نفوا" | "عدم" | "بعدم" | "لعدم" => true,
                    _ => false,
                }
            }
            Lang::Ru => match w {
                "не" => !matches!(next(i), "менее" | "меньше" | "более" | "только" | "раз"),
                "нет" | "ни" | "никогда" | "нельзя" | "никто" | "ничего" => true,
                "без" => without_act(toks, i),
                _ => w.starts_with("опроверг") || w.starts_with("отрица"),
            },
            Lang::En => match w {
                "not" => next(i) != "only",
                "no" => !matches!(next(i), "fewer" | "less" | "more" | "longer" | "doubt"),
                "without" => without_act(toks, i),
                "never" | "none" | "nor" | "neither" | "cannot" | "nobody" | "nothing" => true,
                "denied" | "denies" | "deny" | "denying" | "denial" => true,
                "failed" | "fails" | "refused" | "refuses" => next(i) == "to",
                _ => w.ends_with("n't"),
            },
            Lang::Tr => {
                let b = t.base();
                matches!(b, "değil" | "değildir" | "yok" | "yoktur" | "hayır" | "asla" | "hiçbir")
                    || b.starts_with("yalanla")
                    || tr_negative_verb(b)
            }
        };
        if neg {
            cues.push((i, t.span));
        }
    }
    // Arabic exception: "لا ... إلا" / "لم ... إلا" means "only".
    if lang == Lang::Ar {
        if let Some(ila) = toks.iter().position(|t| t.norm == "الا") {
            if let Some(p) = cues.iter().rposition(|&(i, _)| i < ila) {
                cues.remove(p);
            }
        }
    }
    cues.into_iter().map(|c| c.1).collect()
}

/// "Without" denies only when what follows is an act ("left without an agreement", "دون إبلاغ",
/// "without warning"); otherwise it sets a circumstance ("announced its support without
/// disclosing its nature", "دون ضوء أخضر") and the claim itself is affirmed.
fn without_act(toks: &[Token], i: usize) -> bool {
    toks[i + 1..].iter().filter(|t| t.is_word()).take(2).any(|t| crate::align::features::predicate(t.base()).is_some())
}

fn tr_negative_verb(b: &str) -> bool {
    if b.chars().count() < 5 || b.starts_with("kome") {
        return false;
    }
    for suf in TR_NEG {
        if let Some(pos) = b.find(suf) {
            if pos >= 2 {
                return true;
            }
        }
    }
    (b.ends_with("maz") || b.ends_with("mez")) && b.chars().count() >= 6
}

#[cfg(test)]
mod tests;
