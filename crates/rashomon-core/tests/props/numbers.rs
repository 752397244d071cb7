//! The number parser (through the claim extractor, its only caller): a count written in ASCII,
//! Arabic-Indic or Persian digits, with the thousands and decimal separators of the language,
//! or as a number word, is read back as exactly its value with a span that holds its text.

use proptest::prelude::*;
use rashomon_core::claims::analyze;
use rashomon_core::text::segment::sentences;
use rashomon_core::text::Lang;
use rashomon_core::Span;

use crate::ensure;
use crate::gen::check;

fn to_script(ascii: &str, zero: char) -> String {
    ascii.chars().map(|c| if c.is_ascii_digit() { char::from_u32(zero as u32 + (c as u32 - '0' as u32)).unwrap() } else { c }).collect()
}

fn grouped(n: u64, sep: char) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// (language, rendering, value).
fn rendering() -> impl Strategy<Value = (Lang, String, f64)> {
    let n = prop_oneof![1u64..1800, 2101u64..100_000_000];
    let lang = prop::sample::select(vec![Lang::Ar, Lang::Ru, Lang::Tr, Lang::En]);
    (lang, n, 0u8..6).prop_map(|(lang, n, form)| {
        let (text, value) = match (form, lang) {
            (1, Lang::Ru | Lang::Tr) if n >= 1000 => (grouped(n, '.'), n as f64),
            (1, _) if n >= 1000 => (grouped(n, ','), n as f64),
            (2, Lang::Ar) => (to_script(&n.to_string(), '٠'), n as f64),
            (3, Lang::Ar) => (to_script(&n.to_string(), '۰'), n as f64),
            (4, _) if n % 10 != 0 && n < 100_000 => {
                let s = format!("{}.{}", n / 10, n % 10);
                let s = if matches!(lang, Lang::Ru | Lang::Tr) { s.replace('.', ",") } else { s };
                let v: f64 = format!("{}.{}", n / 10, n % 10).parse().unwrap();
                (s, v)
            }
            _ => (n.to_string(), n as f64),
        };
        (lang, text, value)
    })
}

fn sentence(lang: Lang, num: &str, template: usize) -> String {
    let t: &[&str] = match lang {
        Lang::Ar => &["وقال المتحدث باسم الوزارة إن {} جنديا قتلوا في الغارة.", "أعلنت أنقرة مقتل {} جنديا تركيا في إدلب.", "وأضاف أن {} مدنيا أصيبوا."],
        Lang::Ru => &["Минобороны сообщило, что {} военных погибли в Идлибе.", "По данным ведомства, погибли {} военнослужащих.", "Песков заявил, что ранены {} человек."],
        Lang::Tr => &["Bakanlık, {} askerin şehit olduğunu açıkladı.", "Saldırıda {} asker yaralandı.", "Erdoğan, {} teröristin etkisiz hale getirildiğini söyledi."],
        _ => &["Officials said {} soldiers were killed in the strike.", "The ministry said {} civilians were wounded.", "He added that {} troops had been deployed."],
    };
    t[template % t.len()].replacen("{}", num, 1)
}

#[test]
fn digits_in_every_script_read_back_exactly() {
    check("numbers_digits", 500, (rendering(), 0usize..3), |((lang, num, value), t)| {
        let s = sentence(lang, &num, t);
        let claims = analyze(&s, &sentences(&s, Span::new(0, s.len()), lang), lang);
        let found: Vec<(String, f64)> =
            claims.iter().flat_map(|c| c.numbers.iter().map(|m| (m.span.text(&s).to_string(), m.value))).collect();
        ensure!(
            found.iter().any(|(t, v)| t.contains(num.as_str()) && *v == value),
            "{num:?} (= {value}) in {s:?}: found {found:?}"
        );
        Ok(())
    });
}

#[test]
fn number_words_read_back_exactly() {
    let words: Vec<(Lang, &str, f64)> = vec![
        (Lang::En, "three", 3.0), (Lang::En, "thirty", 30.0), (Lang::En, "twelve", 12.0), (Lang::En, "five", 5.0),
        (Lang::Ru, "три", 3.0), (Lang::Ru, "тридцать", 30.0), (Lang::Ru, "пять", 5.0), (Lang::Ru, "двенадцать", 12.0),
        (Lang::Tr, "üç", 3.0), (Lang::Tr, "otuz", 30.0), (Lang::Tr, "beş", 5.0), (Lang::Tr, "yirmi", 20.0),
        (Lang::Ar, "ثلاثة", 3.0), (Lang::Ar, "ثلاثين", 30.0), (Lang::Ar, "أربعة", 4.0), (Lang::Ar, "عشرين", 20.0),
    ];
    check("numbers_words", 120, (prop::sample::select(words), 0usize..3), |((lang, w, value), t)| {
        let s = sentence(lang, w, t);
        let claims = analyze(&s, &sentences(&s, Span::new(0, s.len()), lang), lang);
        let found: Vec<(String, f64)> =
            claims.iter().flat_map(|c| c.numbers.iter().map(|m| (m.span.text(&s).to_string(), m.value))).collect();
        ensure!(found.iter().any(|(t, v)| t.contains(w) && *v == value), "{w:?} (= {value}) in {s:?}: found {found:?}");
        Ok(())
    });
}
