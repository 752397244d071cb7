//! Generators of realistic hostile text (Arabic, Russian, Turkish, English news words mixed with
//! digits in several scripts, punctuation, bidi controls, zero-width characters and combining
//! marks) and the runner every property goes through.
//!
//! Case counts: each property names its default count (sized so the whole `props` test takes
//! well under a minute in debug); `RASHOMON_PROPS_SCALE=<factor>` multiplies every count (the long
//! run, `tests/props-long.sh`) and `PROPTEST_CASES=<n>` sets every count outright. Each property
//! prints `PROPS <name> <inputs>` on stderr: the inputs it really ran (`--nocapture` to see them).

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use rashomon_core::text::Lang;

/// The number of cases for a property whose default is `default`.
pub fn cases(default: u32) -> u32 {
    if let Some(n) = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()) {
        return n;
    }
    let scale: f64 = std::env::var("RASHOMON_PROPS_SCALE").ok().and_then(|v| v.parse().ok()).unwrap_or(1.0);
    ((default as f64 * scale).round() as u32).max(1)
}

/// Run `test` on `cases(default)` inputs from `strategy`; on failure, panic with the shrunk input.
pub fn check<S>(name: &str, default: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let config = Config { cases: cases(default), failure_persistence: None, max_shrink_iters: 4096, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let count = AtomicU64::new(0);
    let result = runner.run(&strategy, |v| {
        count.fetch_add(1, Ordering::Relaxed);
        test(v)
    });
    eprintln!("PROPS {name} {}", count.load(Ordering::Relaxed));
    match result {
        Ok(()) => {}
        Err(TestError::Fail(why, input)) => panic!("property {name} failed: {why}\nminimal input: {input:#?}"),
        Err(TestError::Abort(why)) => panic!("property {name} aborted: {why}"),
    }
}

/// `prop_assert!` for use in helper functions that return `Result<(), TestCaseError>`.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($fmt:tt)*) => {
        if !$cond {
            return Err(proptest::test_runner::TestCaseError::fail(format!($($fmt)*)));
        }
    };
}

pub const AR_WORDS: &[&str] = &[
    "قال", "وأضاف", "أكد", "أعلن", "المتحدث", "باسم", "وزارة", "الدفاع", "الروسية", "التركية", "بوتين", "أردوغان",
    "إردوغان", "الكرملين", "أنقرة", "موسكو", "إدلب", "الجيش", "السوري", "النظام", "جنديا", "جنود", "قتلى", "مقتل",
    "أكثر", "من", "على", "الأقل", "لم", "لا", "ثلاثة", "عشرات", "مدرعتين", "و", "في", "إن", "أن", "الرئيسين",
    "سيجتمعان", "خلال", "أسبوع", "غارة", "جوية", "المعارضة", "مصدر", "دبلوماسي", "تركي", "يوم", "الخميس", "ٱلله",
    "مُحَمَّد", "عِلْمٌ", "ـــالجيش", "ﻻ", "مسؤولي", "الأمم", "المتحدة", "بشأن", "وقف", "إطلاق", "النار",
];
pub const RU_WORDS: &[&str] = &[
    "заявил", "сообщил", "добавил", "Песков", "Путин", "Эрдоган", "Кремль", "Минобороны", "России", "Турции",
    "военных", "военнослужащих", "не", "менее", "более", "около", "погибли", "погибших", "в", "на", "Идлибе",
    "переговоры", "продолжатся", "завтра", "Москве", "что", "и", "террористов", "ещё", "Ёлка", "позиции",
    "удар", "авиаудар", "сирийской", "армии", "боевиков", "тридцать", "три", "двух", "десятки",
];
pub const TR_WORDS: &[&str] = &[
    "açıkladı", "ekledi", "dedi", "belirtti", "Erdoğan", "Putin", "Kremlin", "Ankara", "Moskova", "İdlib",
    "askerimiz", "asker", "şehit", "en", "az", "fazla", "değil", "ve", "bir", "Milli", "Savunma", "Bakanlığı",
    "Rus", "tarafı", "saldırı", "hava", "İSTANBUL", "ılık", "IĞDIR", "görüştü", "diye", "konuştu", "otuz", "üç",
    "yaklaşık", "onlarca", "rejim", "güçleri",
];
pub const EN_WORDS: &[&str] = &[
    "said", "added", "told", "Reuters", "Peskov", "Putin", "Erdogan", "Kremlin", "Ankara", "Moscow", "Idlib",
    "Turkish", "Russian", "Syrian", "soldiers", "troops", "were", "killed", "wounded", "at", "least", "more",
    "than", "about", "not", "did", "the", "a", "of", "in", "that", "ministry", "officials", "regime", "army",
    "strike", "air", "thirty", "three", "dozens", "talks", "will", "continue", "on", "Thursday", "U.S.", "Mr.",
];
pub const NUMBERS: &[&str] = &[
    "33", "36", "٣٣", "٣٦", "۳۴", "1,000", "1.000", "3.5", "3,5", "2020", "04/12/2025", "12:30", "50%", "١٢٫٥",
    "0", "007", "99999999999999999999", "1e9", "30-40", "٣٠–٤٠", "№5", "½", "①",
];
pub const PUNCT: &[&str] = &[
    ".", ",", "!", "?", "؟", "،", "؛", ":", ";", "…", "...", "«", "»", "\"", "“", "”", "„", "'", "(", ")", "—",
    "-", "–", "/", "*", "#", "•", "\n", "\n\n", "\r\n", "\t",
];
/// Invisible and direction-changing characters, combining marks, odd spaces and forms.
pub const SPECIAL: &[&str] = &[
    "\u{202E}", "\u{202B}", "\u{202A}", "\u{202C}", "\u{202D}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
    "\u{200E}", "\u{200F}", "\u{061C}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}",
    "\u{0301}", "\u{0327}", "\u{0308}", "\u{064B}", "\u{0651}", "\u{0670}", "\u{0640}", "\u{00A0}", "\u{2009}",
    "\u{3000}", "\u{FEFB}", "\u{FDFA}", "ﬁ", "🙂", "👨‍👩‍👧", "\u{1F1F9}\u{1F1F7}", "İ", "ı", "ß", "\u{0000}",
    "\u{FFFD}", "\u{10FFFF}", "<", ">", "&", "&amp;", "&#x202E;",
];

pub fn lang_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Ar => AR_WORDS,
        Lang::Ru => RU_WORDS,
        Lang::Tr => TR_WORDS,
        _ => EN_WORDS,
    }
}

pub fn any_lang() -> impl Strategy<Value = Lang> {
    prop::sample::select(vec![Lang::Ar, Lang::Ru, Lang::Tr, Lang::En, Lang::Other])
}

/// One token: mostly words of `lang`, some of other languages, numbers, punctuation, specials,
/// and words with a mark or an invisible character inside.
pub fn token(lang: Lang) -> BoxedStrategy<String> {
    let own = lang_words(lang);
    let all: Vec<&'static str> = [AR_WORDS, RU_WORDS, TR_WORDS, EN_WORDS].concat();
    let all2 = all.clone();
    prop_oneof![
        10 => prop::sample::select(own).prop_map(str::to_owned),
        3 => prop::sample::select(all).prop_map(str::to_owned),
        3 => prop::sample::select(NUMBERS).prop_map(str::to_owned),
        3 => prop::sample::select(PUNCT).prop_map(str::to_owned),
        2 => prop::sample::select(SPECIAL).prop_map(str::to_owned),
        1 => (prop::sample::select(all2), prop::sample::select(SPECIAL), any::<prop::sample::Index>()).prop_map(|(w, s, at)| {
            let cuts: Vec<usize> = w.char_indices().map(|(i, _)| i).chain([w.len()]).collect();
            let k = cuts[at.index(cuts.len())];
            format!("{}{s}{}", &w[..k], &w[k..])
        }),
        1 => any::<char>().prop_map(String::from),
    ]
    .boxed()
}

/// A run of text: tokens joined by spaces (sometimes none, sometimes several).
pub fn text_in(lang: Lang, max_tokens: usize) -> BoxedStrategy<String> {
    let sep = prop::sample::select(vec![" ", " ", " ", " ", "", "  ", "\n", ". ", "\u{00A0}"]);
    prop::collection::vec((token(lang), sep), 0..max_tokens)
        .prop_map(|v| v.into_iter().flat_map(|(t, s)| [t, s.to_owned()]).collect())
        .boxed()
}

/// Text in a random language (the language is returned too).
pub fn text(max_tokens: usize) -> impl Strategy<Value = (Lang, String)> {
    any_lang().prop_flat_map(move |l| (Just(l), text_in(l, max_tokens)))
}

/// A news sentence of one language only (no specials): what a legacy-encoded page holds.
pub fn clean_sentence(lang: Lang) -> BoxedStrategy<String> {
    let words = lang_words(lang);
    let end = match lang {
        Lang::Ar => prop::sample::select(vec![".", "،", "؟", "!"]),
        _ => prop::sample::select(vec![".", ",", "?", "!"]),
    };
    (prop::collection::vec(prop::sample::select(words), 3..14), prop::option::of(prop::sample::select(vec!["33", "1,000", "12"])), end)
        .prop_map(|(w, n, e)| {
            let mut s = w.join(" ");
            if let Some(n) = n {
                s.push(' ');
                s.push_str(n);
            }
            s.push_str(e);
            s
        })
        .boxed()
}
