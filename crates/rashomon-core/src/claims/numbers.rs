//! Quantities: digits (any script, thousands separators, decimals), word numbers in four
//! languages (Arabic gender forms, tens, compounds, duals), scale words, ranges, qualifiers, the
//! counted noun and the event. Dates, times, years and ages are returned as times, not counts.

use super::lexicon::{lexicon, Cat, Counted, NumWord};
use super::NumberMention;
use crate::claims::actors::ar_find;
use std::collections::HashSet;
use std::sync::OnceLock;
use crate::span::Span;
use crate::text::stem::{arabic_light, stem};
use crate::text::tokenize::{TokKind, Token};
use crate::text::Lang;

/// Parse a normalised digit token ("1,000", "3.5", "3,5", "1.000") for `lang`.
fn parse_digits(s: &str, lang: Lang) -> Option<f64> {
    let groups_of_three = |sep: char| -> bool {
        let parts: Vec<&str> = s.split(sep).collect();
        parts.len() > 1 && parts[0].len() <= 3 && !parts[0].is_empty() && parts[1..].iter().all(|p| p.len() == 3)
    };
    let cleaned: String = if s.contains(',') && s.contains('.') {
        // "1,234.5" or "1.234,5": the last separator is the decimal one.
        if s.rfind('.') > s.rfind(',') {
            s.replace(',', "")
        } else {
            s.replace('.', "").replace(',', ".")
        }
    } else if s.contains(',') {
        if groups_of_three(',') && !(matches!(lang, Lang::Ru | Lang::Tr) && s.matches(',').count() == 1) {
            s.replace(',', "")
        } else if s.matches(',').count() == 1 {
            s.replace(',', ".")
        } else {
            s.replace(',', "")
        }
    } else if s.contains('.') {
        if matches!(lang, Lang::Ru | Lang::Tr) && groups_of_three('.') {
            s.replace('.', "")
        } else if s.matches('.').count() == 1 {
            s.to_string()
        } else {
            return None;
        }
    } else {
        s.to_string()
    };
    cleaned.parse::<f64>().ok()
}

fn qualifier_before(lang: Lang) -> &'static [(&'static [&'static str], &'static str)] {
    match lang {
        Lang::Ar => &[
            (&["ما", "لا", "يقل", "عن"], "at_least"),
            (&["لا", "يقل", "عن"], "at_least"),
            (&["ما", "لا", "يقل", "علي"], "at_least"),
            (&["علي", "الاقل"], "at_least"),
            (&["اكثر", "من"], "more_than"),
            (&["ما", "يزيد", "عن"], "more_than"),
            (&["ما", "يزيد", "علي"], "more_than"),
            (&["يزيد", "عن"], "more_than"),
            (&["يزيد", "علي"], "more_than"),
            (&["ما", "يربو", "علي"], "more_than"),
            (&["اقل", "من"], "less_than"),
            (&["ما", "يصل", "الي"], "up_to"),
            (&["يصل", "الي"], "up_to"),
            (&["ما", "يقارب"], "about"),
            (&["ما", "يناهز"], "about"),
            (&["نحو"], "about"),
            (&["حوالي"], "about"),
            (&["قرابه"], "about"),
            (&["زهاء"], "about"),
            (&["تقريبا"], "about"),
        ],
        Lang::En => &[
            (&["more", "than"], "more_than"),
            (&["over"], "more_than"),
            (&["upwards", "of"], "more_than"),
            (&["at", "least"], "at_least"),
            (&["no", "fewer", "than"], "at_least"),
            (&["no", "less", "than"], "at_least"),
            (&["a", "minimum", "of"], "at_least"),
            (&["about"], "about"),
            (&["around"], "about"),
            (&["approximately"], "about"),
            (&["roughly"], "about"),
            (&["nearly"], "about"),
            (&["almost"], "about"),
            (&["some"], "about"),
            (&["an", "estimated"], "about"),
            (&["up", "to"], "up_to"),
            (&["as", "many", "as"], "up_to"),
            (&["at", "most"], "up_to"),
            (&["fewer", "than"], "less_than"),
            (&["less", "than"], "less_than"),
            (&["under"], "less_than"),
        ],
        Lang::Ru => &[
            (&["более", "чем"], "more_than"),
            (&["более"], "more_than"),
            (&["больше"], "more_than"),
            (&["свыше"], "more_than"),
            (&["не", "менее"], "at_least"),
            (&["не", "меньше"], "at_least"),
            (&["как", "минимум"], "at_least"),
            (&["по", "меньшей", "мере"], "at_least"),
            (&["минимум"], "at_least"),
            (&["не", "более"], "up_to"),
            (&["до"], "up_to"),
            (&["около"], "about"),
            (&["порядка"], "about"),
            (&["примерно"], "about"),
            (&["приблизительно"], "about"),
            (&["почти"], "about"),
            (&["менее"], "less_than"),
            (&["меньше"], "less_than"),
        ],
        Lang::Tr => &[
            (&["en", "az"], "at_least"),
            (&["en", "fazla"], "up_to"),
            (&["yaklaşık"], "about"),
            (&["tahminen"], "about"),
            (&["neredeyse"], "about"),
            (&["takriben"], "about"),
        ],
        Lang::Other => &[],
    }
}

fn qualifier_after(lang: Lang) -> &'static [(&'static [&'static str], &'static str)] {
    match lang {
        Lang::Ar => &[(&["علي", "الاقل"], "at_least"), (&["علي", "اقل", "تقدير"], "at_least"), (&["تقريبا"], "about")],
        Lang::En => &[(&["at", "least"], "at_least"), (&["or", "more"], "at_least"), (&["or", "so"], "about")],
        Lang::Ru => &[(&["как", "минимум"], "at_least"), (&["с", "лишним"], "more_than")],
        Lang::Tr => &[
            (&["dan", "fazla"], "more_than"),
            (&["den", "fazla"], "more_than"),
            (&["tan", "fazla"], "more_than"),
            (&["ten", "fazla"], "more_than"),
            (&["fazla"], "more_than"),
            (&["u", "aşkın"], "more_than"),
            (&["ü", "aşkın"], "more_than"),
            (&["ı", "aşkın"], "more_than"),
            (&["i", "aşkın"], "more_than"),
            (&["aşkın"], "more_than"),
            (&["dan", "az"], "less_than"),
            (&["den", "az"], "less_than"),
            (&["kadar"], "about"),
            (&["civarında"], "about"),
        ],
        Lang::Other => &[],
    }
}

/// Event cues: (language, prefix of the normalised word, event).
fn event_of(norm: &str, lang: Lang) -> Option<&'static str> {
    let table: &[(&str, &str)] = match lang {
        Lang::Ar => &[
            ("مقتل", "killed"), ("قتل", "killed"), ("قتلي", "killed"), ("قتيل", "killed"), ("مصرع", "killed"),
            ("استشهاد", "killed"), ("استشهد", "killed"), ("شهيد", "killed"), ("اودت", "killed"), ("لقي", "killed"),
            ("اصابه", "wounded"), ("اصيب", "wounded"), ("جرحي", "wounded"), ("جريح", "wounded"), ("جرح", "wounded"),
            ("مصاب", "wounded"), ("تحييد", "neutralised"), ("حيد", "neutralised"), ("تدمير", "destroyed"),
            ("دمر", "destroyed"), ("اسقاط", "downed"), ("اسر", "captured"), ("اعتقال", "captured"),
        ],
        Lang::En => &[
            ("killed", "killed"), ("dead", "killed"), ("died", "killed"), ("death", "killed"), ("fatalit", "killed"),
            ("lives", "killed"), ("martyr", "killed"), ("wounded", "wounded"), ("injur", "wounded"),
            ("neutrali", "neutralised"), ("eliminat", "neutralised"), ("destroy", "destroyed"), ("shot down", "downed"),
            ("captur", "captured"),
        ],
        Lang::Ru => &[
            ("погиб", "killed"), ("гибел", "killed"), ("убит", "killed"), ("убил", "killed"), ("смерт", "killed"),
            ("ранен", "wounded"), ("пострада", "wounded"), ("нейтрализ", "neutralised"), ("ликвидир", "neutralised"),
            ("уничтож", "destroyed"), ("сбит", "downed"), ("плен", "captured"),
        ],
        Lang::Tr => &[
            ("şehit", "killed"), ("öldü", "killed"), ("hayatını", "killed"), ("can", "killed"), ("yaralan", "wounded"),
            ("yaralı", "wounded"), ("etkisiz", "neutralised"), ("imha", "destroyed"), ("düşürül", "downed"),
            ("esir", "captured"),
        ],
        Lang::Other => &[],
    };
    if lang == Lang::Ar {
        ar_find(norm, |v| {
            let v = v.strip_prefix("ال").unwrap_or(v);
            table.iter().find(|(p, _)| v.starts_with(p)).map(|(_, e)| *e)
        })
    } else {
        table.iter().find(|(p, _)| norm.starts_with(p)).map(|(_, e)| *e)
    }
}

fn is_time_word(norm: &str, lang: Lang) -> bool {
    const AR: &[&str] = &[
        "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد", "اليوم", "امس", "غدا", "مساء",
        "صباح", "ظهر", "الليله", "منتصف", "يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس",
        "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول",
        "تشرين", "كانون", "GMT",
    ];
    const EN: &[&str] = &[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
        "tomorrow", "tonight", "midnight", "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december",
    ];
    const RU: &[&str] = &[
        "понедельник", "вторник", "среду", "среда", "четверг", "пятницу", "пятница", "субботу", "суббота",
        "воскресенье", "сегодня", "вчера", "завтра", "полночь", "января", "февраля", "марта", "апреля", "мая",
        "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ];
    const TR: &[&str] = &[
        "pazartesi", "salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar", "bugün", "dün", "yarın",
        "gece", "ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim",
        "kasım", "aralık",
    ];
    static SETS: OnceLock<[HashSet<&'static str>; 3]> = OnceLock::new();
    let [ar, en, tr] = SETS.get_or_init(|| [AR.iter().copied().collect(), EN.iter().copied().collect(), TR.iter().copied().collect()]);
    match lang {
        Lang::Ar => {
            let w = norm.strip_prefix('و').filter(|r| r.chars().count() >= 3).unwrap_or(norm);
            ar.contains(w) || ar.contains(norm)
        }
        Lang::En => en.contains(norm),
        Lang::Ru => RU.iter().any(|w| norm.starts_with(w) && norm.len() <= w.len() + 4),
        Lang::Tr => tr.contains(norm.split('\'').next().unwrap_or(norm)),
        Lang::Other => false,
    }
}

fn stopword(norm: &str, lang: Lang) -> bool {
    const AR: &[&str] = &[
        "من", "في", "الي", "علي", "عن", "مع", "او", "ان", "ما", "كل", "هذا", "هذه", "التي", "الذي", "الذين", "منذ",
        "خلال", "بين", "حتي", "قد", "لا", "لم", "لن", "و", "ثم", "عام", "العام", "سنه", "ال",
    ];
    const EN: &[&str] = &[
        "of", "the", "a", "an", "and", "or", "in", "on", "at", "to", "for", "from", "by", "with", "more", "than",
        "other", "another", "were", "was", "are", "is", "have", "had", "has", "who", "that", "which", "per",
    ];
    const RU: &[&str] = &["и", "в", "на", "с", "по", "из", "к", "от", "до", "за", "о", "а", "но", "что", "как", "не", "году", "года", "г"];
    const TR: &[&str] = &["ve", "ile", "bir", "bu", "da", "de", "için", "gibi", "olarak", "yılında", "yılı"];
    match lang {
        Lang::Ar => AR.contains(&norm),
        Lang::En => EN.contains(&norm),
        Lang::Ru => RU.contains(&norm),
        Lang::Tr => TR.contains(&norm),
        Lang::Other => true,
    }
}

/// Normalised words of `toks[range]` for phrase matching (Arabic: و/ب/ل stripped from the
/// first word of a candidate match is handled by trying variants).
fn matches_phrase(toks: &[Token], start: usize, phrase: &[&str], lang: Lang) -> bool {
    if start + phrase.len() > toks.len() {
        return false;
    }
    phrase.iter().enumerate().all(|(j, p)| {
        let t = &toks[start + j];
        if t.norm == *p {
            return true;
        }
        j == 0 && lang == Lang::Ar && ar_find(&t.norm, |v| (v == *p).then_some(())).is_some()
    })
}

/// Skip apostrophes (Turkish case suffixes split off numbers).
fn next_idx(toks: &[Token], mut i: usize) -> usize {
    while i < toks.len() && toks[i].kind == TokKind::Punct && matches!(toks[i].norm.as_str(), "'") {
        i += 1;
    }
    i
}

/// The head of the noun phrase whose first counted word is `toks[q]` (`c`). Arabic puts the
/// head first ("ثلاث سفن حربية"); Russian, Turkish and English put modifiers first, so a counted
/// word that can be an adjective ("военных", "askeri", "military") followed by another noun is
/// a modifier: the noun after it is what is counted ("три военных корабля" = three ships). That
/// noun is a known counted noun, or, in Russian, any word after an adjectival form that is no
/// verb, function word or time word ("три военных вертолета"), guessed by its stem.
fn head_noun(toks: &[Token], q: usize, c: &Counted, lang: Lang) -> (Counted, usize) {
    let lex = lexicon();
    let keep = (c.clone(), q);
    if matches!(lang, Lang::Ar | Lang::Other) {
        return keep;
    }
    let adjectival = |w: &str| ["ых", "ые", "ый", "ого", "ым", "ыми", "ая", "ую"].iter().any(|e| w.ends_with(e));
    // Past further Russian adjectives to the noun ("десять погибших мирных жителей").
    let mut at = q + 1;
    while lang == Lang::Ru && at < q + 3 && toks.get(at).is_some_and(|t| t.is_word() && adjectival(&t.norm) && lex.counted(&t.norm, lang).is_none()) {
        at += 1;
    }
    let Some(next) = toks.get(at).filter(|t| t.is_word()) else { return keep };
    let w = toks[q].norm.as_str();
    // Can the counted word stand as a modifier here? A Russian adjectival form ("военных"), a
    // Turkish relational adjective in -i ("askeri"; "askerimiz" with its possessive is a noun:
    // "36 askerimiz şehit oldu"), an English noun in the singular used attributively ("tank
    // crews"; "soldiers dead" is no compound).
    let modifier = match lang {
        Lang::Ru => adjectival(w),
        Lang::Tr => w.strip_suffix('i').is_some_and(|b| b == c.lemma),
        Lang::En => w == c.lemma,
        _ => false,
    };
    if !modifier {
        return keep;
    }
    if let Some(h) = lex.counted(&next.norm, lang) {
        if h.lemma != c.lemma {
            return (h.clone(), at);
        }
        return keep;
    }
    let verb_like = |w: &str| ["л", "ла", "ло", "ли", "лись", "лся", "ся", "сь", "ют", "ят", "ут", "ат", "ет", "ит", "ны", "ен", "ан"].iter().any(|e| w.ends_with(e));
    if lang == Lang::Ru
        && !verb_like(&next.norm)
        && !stopword(&next.norm, lang)
        && !is_time_word(&next.norm, lang)
        && !crate::align::features::is_stop(&next.norm)
        && lex.num_word(&next.norm, lang).is_none()
        && next.norm.chars().count() >= 3
    {
        return (Counted { lemma: stem(next.base(), lang), cat: Cat::Other }, at);
    }
    keep
}

/// A model designation ("F-16", "Су-24", "Ми-8", "S-400", "إف-16", "MH17"): letters glued to a
/// number, directly or by a hyphen with no space. It names a type, not a quantity. Returns the
/// index of its last token when `toks[i]` starts one (the letters), `None` otherwise. Arabic
/// needs the hyphen: "الـ24" (the 24) glues the article to a number.
fn designation_at(toks: &[Token], i: usize) -> Option<usize> {
    let w = toks.get(i).filter(|t| t.is_word())?;
    let letters = w.norm.chars().count();
    if letters > 8 || w.norm.contains('\'') {
        return None;
    }
    let arabic = w.norm.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let glued = |a: &Token, b: &Token| a.span.end == b.span.start;
    let hyphen = toks.get(i + 1).is_some_and(|h| h.norm == "-" && glued(w, h));
    let num = if hyphen { i + 2 } else { i + 1 };
    let n = toks.get(num).filter(|n| n.kind == TokKind::Number && glued(&toks[num - 1], n))?;
    if !n.norm.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if arabic && !hyphen {
        return None;
    }
    // Without a hyphen only a short code is a designation ("MH17", "F16"), not a word written
    // against a number.
    if !hyphen && letters > 4 {
        return None;
    }
    Some(num)
}

/// Is the number token `toks[k]` the numeric part of a designation ([`designation_at`])?
fn in_designation(toks: &[Token], k: usize) -> bool {
    (k >= 1 && designation_at(toks, k - 1) == Some(k)) || (k >= 2 && designation_at(toks, k - 2) == Some(k))
}

/// Number mentions and time expressions among `toks` (one clause).
pub(crate) fn extract(toks: &[Token], lang: Lang) -> (Vec<NumberMention>, Vec<Span>) {
    let lex = lexicon();
    let mut nums = Vec::new();
    let mut times = Vec::new();
    let n = toks.len();
    let mut k = 0;
    while k < n {
        let t = &toks[k];
        // Time words.
        if t.is_word() && is_time_word(&t.norm, lang) {
            let mut e = k;
            if lang == Lang::Ar && (t.norm.ends_with("منتصف")) && k + 1 < n {
                e = k + 1; // منتصف الليل / منتصف ليل
            }
            times.push(Span::new(t.span.start, toks[e].span.end));
            k = e + 1;
            continue;
        }
        // --- Value ---
        let mut value: Option<f64> = None;
        let mut value_max: Option<f64> = None;
        let mut vague = false;
        let mut end = k; // last token of the number phrase
        let mut dual_counted = None;
        let mut is_digit_tok = false;
        if t.kind == TokKind::Number && in_designation(toks, k) {
            // "Су-24", "F-16": a model's name, neither a count nor a date.
            k += 1;
            continue;
        }
        if t.kind == TokKind::Number {
            let s = t.norm.as_str();
            if s.contains('/') || s.contains(':') || s.matches('.').count() >= 2 && !matches!(lang, Lang::Ru | Lang::Tr) {
                times.push(t.span);
                k += 1;
                continue;
            }
            value = parse_digits(s, lang);
            is_digit_tok = true;
            let near_time = |j: Option<&Token>| j.is_some_and(|x| x.is_word() && is_time_word(&x.norm, lang));
            if (k > 0 && near_time(toks.get(k - 1))) || near_time(toks.get(next_idx(toks, k + 1))) {
                let e = next_idx(toks, k + 1);
                let e = if near_time(toks.get(e)) { e } else { k };
                times.push(Span::new(toks[k.min(e)].span.start, toks[e].span.end));
                k = e + 1;
                continue;
            }
        } else if t.is_word() {
            // Turkish "yüz yüze" (face to face) is no hundred.
            let face_to_face = lang == Lang::Tr && t.norm == "yüz" && toks.get(k + 1).is_some_and(|x| x.norm.starts_with("yüz"));
            if face_to_face {
                k += 2;
                continue;
            }
            if let Some(w) = lex.num_word(&t.norm, lang) {
                // "أحد" only in "أحد عشر".
                let is_ahad = lang == Lang::Ar && matches!(t.norm.as_str(), "احد" | "احدي" | "واحد" | "واحده");
                let next_is_ten = k + 1 < n && lex.num_word(&toks[k + 1].norm, lang) == Some(NumWord::Val(10.0));
                if matches!(t.norm.as_str(), "احد" | "احدي") && !next_is_ten {
                    k += 1;
                    continue;
                }
                if is_ahad && !next_is_ten {
                    // "جندي واحد": one, after its noun.
                    if k > 0 && toks[k - 1].is_word() {
                        if let Some(c) = lex.counted(&toks[k - 1].norm, lang) {
                            if c.cat != Cat::Time {
                                nums.push(NumberMention {
                                    span: Span::new(toks[k - 1].span.start, t.span.end),
                                    value: 1.0,
                                    value_max: None,
                                    qualifier: None,
                                    counted: Some(c.lemma.clone()),
                                    event: None,
                                    vague: false,
                                });
                            } else {
                                times.push(Span::new(toks[k - 1].span.start, t.span.end));
                            }
                        }
                    }
                    k += 1;
                    continue;
                }
                match w {
                    NumWord::Vague(a, b) => {
                        value = Some(a);
                        value_max = Some(b);
                        vague = true;
                    }
                    NumWord::Scale(m) => value = Some(m),
                    NumWord::Mult(m) => value = Some(m),
                    NumWord::Val(v) => value = Some(v),
                }
                // Arabic "اثنان/اثنين" after a noun: the noun is before.
            } else if lang == Lang::Ar {
                if let Some(c) = lex.dual(&t.norm) {
                    value = Some(2.0);
                    dual_counted = Some(c.clone());
                }
            }
        }
        let Some(mut v) = value else {
            k += 1;
            continue;
        };
        // --- Compound word numbers and scale words ---
        if dual_counted.is_none() && !vague {
            let mut total = 0.0;
            let mut current = if is_digit_tok { v } else { 0.0 };
            if !is_digit_tok {
                match lex.num_word(&t.norm, lang) {
                    Some(NumWord::Scale(m)) => {
                        total = m;
                    }
                    Some(NumWord::Mult(m)) => current = m,
                    Some(NumWord::Val(x)) => current = x,
                    _ => {}
                }
            }
            let mut j = k + 1;
            while j < n {
                let tj = &toks[j];
                let w = if tj.is_word() { lex.num_word(&tj.norm, lang) } else { None };
                // "and" between number words ("خمسة و عشرون", "one hundred and five").
                let w = match w {
                    Some(w) => w,
                    None => {
                        if j + 1 < n && matches!(tj.norm.as_str(), "و" | "and") && !is_digit_tok {
                            if let Some(NumWord::Val(_)) = lex.num_word(&toks[j + 1].norm, lang) {
                                j += 1;
                                continue;
                            }
                        }
                        break;
                    }
                };
                match w {
                    NumWord::Val(x) if !is_digit_tok => {
                        if x == 10.0 && current > 0.0 && current < 10.0 {
                            current += 10.0;
                        } else if current == 0.0 || (current % 100.0 != 0.0 && x < 10.0 && current >= 20.0 && current % 10.0 == 0.0) || (current >= 100.0 && x < 100.0) || (current < 10.0 && (20.0..100.0).contains(&x)) {
                            current += x;
                        } else {
                            break;
                        }
                    }
                    NumWord::Mult(m) if !is_digit_tok => current = current.max(1.0) * m,
                    NumWord::Scale(m) => {
                        total += current.max(1.0) * m;
                        current = 0.0;
                    }
                    _ => break,
                }
                end = j;
                j += 1;
            }
            v = total + current;
            if v == 0.0 {
                v = value.unwrap_or(0.0);
            }
        }
        // Turkish "yüzde 5" (percent before the number).
        let mut counted: Option<String> = dual_counted.as_ref().map(|c| c.lemma.clone());
        let mut cat = dual_counted.as_ref().map(|c| c.cat);
        if lang == Lang::Tr && k > 0 && toks[k - 1].norm == "yüzde" {
            counted = Some("%".into());
            cat = Some(Cat::Other);
        }
        // --- Range ---
        let mut j = next_idx(toks, end + 1);
        if counted.is_none() && j + 1 < n {
            let sep = toks[j].norm.as_str();
            let is_sep = matches!(sep, "-" | "to" | "الي" | "до" | "ila" | "и" | "and" | "و")
                || (lang == Lang::Ar && sep == "و");
            let between = k > 0 && matches!(toks[k - 1].norm.as_str(), "between" | "بين" | "между" | "от" | "من");
            let ok_sep = is_sep && (sep == "-" || sep == "to" || sep == "الي" || sep == "до" || sep == "ila" || between);
            if ok_sep && toks[j + 1].kind == TokKind::Number {
                if let Some(m) = parse_digits(&toks[j + 1].norm, lang).filter(|&m| m > v) {
                    value_max = Some(m);
                    end = j + 1;
                    j = next_idx(toks, end + 1);
                }
            }
        }
        // Arabic "و40" glued: handled as separate number below. Percent sign.
        if counted.is_none() && j < n && toks[j].norm == "%" {
            counted = Some("%".into());
            cat = Some(Cat::Other);
            end = j;
        }
        if counted.is_none() && lang == Lang::Ar && j < n && matches!(toks[j].norm.as_str(), "بالمئه" | "بالمائه" | "بالميه" | "المئه" | "بالمئة") {
            counted = Some("%".into());
            cat = Some(Cat::Other);
            end = j;
        }
        // --- Counted noun ---
        let mut noun_end = end;
        if counted.is_none() {
            // Look ahead a few words (adjectives in en/ru/tr; Turkish case suffix; Arabic "من").
            let mut q = end + 1;
            let mut seen_words = 0;
            while q < n && seen_words < 4 {
                let tq = &toks[q];
                if tq.kind == TokKind::Number {
                    break;
                }
                if tq.kind == TokKind::Punct {
                    if matches!(tq.norm.as_str(), "'" | "-") || (tq.norm == "." && matches!(toks[q - 1].norm.as_str(), "тыс" | "млн" | "млрд")) {
                        q += 1;
                        continue;
                    }
                    break;
                }
                // "two F-16s", "iki F-16": a count of the model.
                if let Some(e) = designation_at(toks, q) {
                    counted = Some(toks[q..=e].iter().map(|t| t.norm.as_str()).collect());
                    cat = Some(Cat::Materiel);
                    noun_end = e;
                    break;
                }
                if let Some(c) = lex.counted(&tq.norm, lang) {
                    // The counted noun is the head of its phrase, which in Russian, Turkish and
                    // English comes last: "три военных корабля" counts ships, "üç askeri araç"
                    // vehicles, not the military.
                    let (c, at) = head_noun(toks, q, c, lang);
                    counted = Some(c.lemma.clone());
                    cat = Some(c.cat);
                    noun_end = at;
                    break;
                }
                if lex.num_word(&tq.norm, lang).is_some() {
                    break;
                }
                seen_words += 1;
                if lang == Lang::Ar && seen_words >= 2 && toks[q - 1].norm != "من" {
                    break;
                }
                q += 1;
            }
        }
        // Arabic "الساعات الـ24": noun before the number.
        if counted.is_none() && lang == Lang::Ar && k >= 2 && toks[k - 1].norm == "ال" {
            if let Some(c) = lex.counted(&toks[k - 2].norm, lang) {
                counted = Some(c.lemma.clone());
                cat = Some(c.cat);
            }
        }
        // Fallback: the next word, a guess at the counted noun for comparing counts; the mark
        // does not take it in ("F-16 сбил", "Ми-8 был": a verb, not what is counted).
        let mut guessed = false;
        if counted.is_none() {
            let q = next_idx(toks, end + 1);
            if let Some(e) = designation_at(toks, q) {
                counted = Some(toks[q..=e].iter().map(|t| t.norm.as_str()).collect());
                cat = Some(Cat::Materiel);
                noun_end = e;
            } else if q < n && toks[q].is_word() && !stopword(&toks[q].norm, lang) && !is_time_word(&toks[q].norm, lang) && lex.num_word(&toks[q].norm, lang).is_none() {
                let w = &toks[q].norm;
                let lemma = match lang {
                    Lang::Ar => {
                        let w2 = if w.chars().count() >= 4 { w.strip_suffix('ا').unwrap_or(w) } else { w };
                        arabic_light(w2)
                    }
                    _ => stem(toks[q].base(), lang),
                };
                counted = Some(lemma);
                noun_end = q;
                guessed = true;
            }
        }
        // "32 آخرين", "30 others": the noun of the previous count.
        if counted.as_deref().is_some_and(|c| matches!(c, "اخر" | "اخرين" | "other" | "others" | "друг" | "diğer")) {
            if let Some(prev) = nums.last() {
                counted = prev.counted.clone();
                cat = Some(Cat::Person);
            }
        }
        // --- Years, ages ---
        let prev_norm = if k > 0 { toks[k - 1].norm.as_str() } else { "" };
        let digits_only = is_digit_tok && toks[k].norm.chars().all(|c| c.is_ascii_digit());
        let year_like = digits_only && toks[k].norm.len() == 4 && (1900.0..=2100.0).contains(&v) && value_max.is_none();
        let year_unit_noun = matches!(cat, Some(Cat::Person) | Some(Cat::Materiel));
        if year_like && !year_unit_noun {
            times.push(toks[k].span);
            k = end + 1;
            continue;
        }
        let age_before = matches!(prev_norm, "aged" | "age" | "عمر" | "عمره" | "عمرها" | "возрасте" | "يبلغ");
        let age_after = toks.get(noun_end + 1).is_some_and(|x| matches!(x.norm.as_str(), "old" | "yaşında" | "yaşındaki"))
            || toks.get(end + 1).is_some_and(|x| x.norm.starts_with("yaşında"));
        let hyphen_age = toks.get(end + 1).is_some_and(|x| x.norm == "-")
            && toks.get(end + 2).is_some_and(|x| ["year", "month-old", "day-old", "week-old", "летн", "лет", "месячн", "yıllık", "yaşında"].iter().any(|p| x.norm.starts_with(p)));
        if age_before || age_after || hyphen_age {
            k = end + 1;
            continue;
        }
        // --- Qualifier ---
        let mut qualifier: Option<&str> = None;
        let mut qstart = k;
        for (phrase, q) in qualifier_before(lang) {
            if k >= phrase.len() && matches_phrase(toks, k - phrase.len(), phrase, lang) {
                qualifier = Some(q);
                qstart = k - phrase.len();
                break;
            }
        }
        let mut qend = noun_end;
        // Trailing qualifier: right after the number (Turkish) or after the noun and one adjective.
        'after: for base in [end + 1, noun_end + 1, noun_end + 2] {
            let base = next_idx(toks, base);
            for (phrase, q) in qualifier_after(lang) {
                if matches_phrase(toks, base, phrase, lang) {
                    qualifier = Some(q);
                    qend = qend.max(base + phrase.len() - 1);
                    // Turkish "30'dan fazla asker": the noun follows the qualifier.
                    if lang == Lang::Tr && (counted.is_none() || noun_end <= base) {
                        let after = base + phrase.len();
                        if let Some(tn) = toks.get(after) {
                            if let Some(c) = lex.counted(&tn.norm, lang) {
                                counted = Some(c.lemma.clone());
                                cat = Some(c.cat);
                                qend = after;
                            }
                        }
                    }
                    break 'after;
                }
            }
        }
        // --- Event ---
        let mut event: Option<&str> = None;
        if let Some(c) = &counted {
            event = match c.as_str() {
                "قتيل" | "шехит" | "şehit" | "dead" | "погибший" | "شهيد" => Some("killed"),
                "جريح" | "yaralı" | "раненый" | "مصاب" => Some("wounded"),
                _ => None,
            };
        }
        if event.is_none() && !matches!(cat, Some(Cat::Time) | Some(Cat::Other)) {
            let mut best: Option<(usize, &str)> = None;
            let lo = qstart.saturating_sub(6);
            let hi = (qend + 5).min(n);
            for (i, tok) in toks.iter().enumerate().take(hi).skip(lo) {
                if (qstart..=qend).contains(&i) || !tok.is_word() {
                    continue;
                }
                if let Some(e) = event_of(&tok.norm, lang) {
                    let d = if i < qstart { qstart - i } else { i - qend + 1 };
                    if best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, e));
                    }
                }
            }
            event = best.map(|b| b.1);
        }
        let last = if guessed && qend == noun_end { end } else { qend.max(end) };
        let span_end = toks[last].span.end;
        nums.push(NumberMention {
            span: Span::new(toks[qstart].span.start, span_end),
            value: v,
            value_max,
            qualifier: qualifier.map(str::to_string),
            counted,
            event: event.map(str::to_string),
            vague,
        });
        k = end.max(k) + 1;
    }
    (nums, times)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokens;

    fn nums(s: &str, lang: Lang) -> Vec<(f64, Option<String>, Option<String>)> {
        let t = tokens(s, Span::new(0, s.len()), lang);
        extract(&t, lang).0.into_iter().map(|m| (m.value, m.counted, m.qualifier)).collect()
    }

    #[test]
    fn claims_digits_parse() {
        assert_eq!(parse_digits("1,000", Lang::En), Some(1000.0));
        assert_eq!(parse_digits("3.5", Lang::En), Some(3.5));
        assert_eq!(parse_digits("3,5", Lang::Tr), Some(3.5));
        assert_eq!(parse_digits("1.000", Lang::Tr), Some(1000.0));
        assert_eq!(parse_digits("1,234.5", Lang::En), Some(1234.5));
    }

    #[test]
    fn turkish_face_to_face_is_no_hundred() {
        assert!(nums("Erdoğan, konuyu ağustosta Putin ile yüz yüze görüşeceğini açıkladı.", Lang::Tr).is_empty());
        assert_eq!(nums("yüz asker", Lang::Tr)[0].0, 100.0);
    }

    #[test]
    fn claims_arabic_numbers() {
        let r = nums("قتل أكثر من ثلاثين جنديا وخمسة وعشرون مدنيا ومدرعتين", Lang::Ar);
        assert_eq!(r[0], (30.0, Some("جندي".into()), Some("more_than".into())));
        assert_eq!(r[1], (25.0, Some("مدني".into()), None));
        assert_eq!(r[2], (2.0, Some("مدرعه".into()), None));
        let r = nums("مقتل ثلاثة عشر جنديا و3 آلاف مدني", Lang::Ar);
        assert_eq!(r[0].0, 13.0);
        assert_eq!(r[1].0, 3000.0);
    }
}
