//! Encoding detection and decoding: arbitrary bytes never panic and are either refused with a
//! known code or decoded to clean text; valid text survives UTF-8 (with or without BOM), UTF-16
//! with BOM and the legacy code pages exactly; UTF-16 without BOM and damaged UTF-8 are refused,
//! never decoded to garbage.

use proptest::prelude::*;
use rashomon_core::extract::decode::decode;
use rashomon_core::extract::extract_bytes;
use rashomon_core::text::Lang;
use rashomon_core::ErrorCode;

use crate::ensure;
use crate::gen::{check, clean_sentence, text};

const PREFIXES: &[&[u8]] = &[
    b"", b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"%PDF-1.4", b"GIF89a",
    b"\xFF\xD8\xFF", b"\x1F\x8B", b"\x7FELF", b"<!doctype html><html>", b"<html><body><p>",
];

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let body = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        // Mostly text with some high bytes: the detector's hard cases.
        prop::collection::vec(prop_oneof![4 => 0x20u8..0x7F, 2 => 0xC0u8..0xFF, 1 => any::<u8>()], 0..600),
        text(40).prop_map(|(_, s)| s.into_bytes()),
    ];
    (prop::sample::select(PREFIXES), body).prop_map(|(p, b)| [p, &b[..]].concat())
}

fn decode_invariants(b: &[u8]) -> Result<(), proptest::test_runner::TestCaseError> {
    match decode(b) {
        Ok(d) => {
            ensure!(!d.text.trim().is_empty(), "decoded to blank text");
            ensure!(!d.text.contains('\0'), "decoded text holds NUL");
            ensure!(
                ["UTF-8", "UTF-16LE", "UTF-16BE"].contains(&d.encoding) || d.encoding.starts_with("windows-")
                    || d.encoding.starts_with("ISO-8859") || ["KOI8-R", "KOI8-U", "IBM866", "x-mac-cyrillic", "Shift_JIS", "EUC-JP", "EUC-KR", "GBK", "Big5", "gb18030", "ISO-2022-JP"].contains(&d.encoding),
                "unexpected encoding {}",
                d.encoding
            );
            ensure!(matches!(d.bom_len, 0 | 2 | 3), "bom_len {}", d.bom_len);
            if d.encoding == "UTF-8" && d.bom_len == 0 {
                ensure!(d.text.as_bytes() == b, "UTF-8 without BOM must be the bytes themselves");
            }
            let again = decode(b).unwrap();
            ensure!(again.text == d.text && again.encoding == d.encoding, "not deterministic");
        }
        Err(e) => {
            ensure!(
                matches!(e.code, ErrorCode::Empty | ErrorCode::BadInput | ErrorCode::Encoding | ErrorCode::TooLarge),
                "unexpected code {:?}: {}",
                e.code,
                e.message
            );
            ensure!(!e.message.is_empty(), "empty message");
        }
    }
    Ok(())
}

#[test]
fn decode_arbitrary_bytes() {
    check("decode_arbitrary_bytes", 600, bytes(), |b| decode_invariants(&b));
}

#[test]
fn extract_bytes_arbitrary() {
    let name = prop::sample::select(vec!["page.txt", "page.html", "page", "PAGE.HTM", "x.xhtml"]);
    check("extract_bytes_arbitrary", 250, (bytes(), name), |(b, name)| {
        if let Ok(ex) = extract_bytes(&b, name) {
            for sp in ex.blocks.iter().map(|b| b.span).chain(ex.title) {
                ensure!(sp.is_valid_in(&ex.page_text), "span {sp:?} invalid");
            }
            ensure!(!ex.blocks.is_empty(), "Ok without blocks");
        }
        Ok(())
    });
}

#[test]
fn valid_text_roundtrips_utf8_and_utf16_with_bom() {
    let form = prop::sample::select(vec!["utf8", "utf8bom", "utf16le", "utf16be"]);
    check("decode_roundtrip_unicode", 500, (text(40), form), |((_, s), form)| {
        if s.trim().is_empty() || s.contains('\0') {
            // Refused as empty / not text: covered by decode_arbitrary_bytes.
            return decode_invariants(s.as_bytes());
        }
        let (bytes, enc, bom) = match form {
            "utf8" => (s.as_bytes().to_vec(), "UTF-8", 0),
            "utf8bom" => ([b"\xEF\xBB\xBF", s.as_bytes()].concat(), "UTF-8", 3),
            "utf16le" => ([&[0xFF, 0xFE][..], &s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<_>>()].concat(), "UTF-16LE", 2),
            _ => ([&[0xFE, 0xFF][..], &s.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<_>>()].concat(), "UTF-16BE", 2),
        };
        // A text that itself starts with U+FEFF is read as BOM + rest: skip that ambiguity.
        if form == "utf8" && s.starts_with('\u{FEFF}') {
            return Ok(());
        }
        let d = decode(&bytes).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{form}: refused: {}", e.message)))?;
        ensure!(d.text == s, "{form}: text changed");
        ensure!(d.encoding == enc && d.bom_len == bom, "{form}: got {} bom {}", d.encoding, d.bom_len);
        Ok(())
    });
}

fn code_page(lang: Lang) -> &'static encoding_rs::Encoding {
    match lang {
        Lang::Ar => encoding_rs::WINDOWS_1256,
        Lang::Ru => encoding_rs::WINDOWS_1251,
        _ => encoding_rs::WINDOWS_1254,
    }
}

#[test]
fn legacy_code_pages_decode_exactly() {
    // Sentences of one language, encoded in its legacy code page: decoded back to exactly the
    // text or refused as undecidable — never decoded as another code page.
    let strat = prop::sample::select(vec![Lang::Ar, Lang::Ru, Lang::Tr]).prop_flat_map(|l| {
        (Just(l), prop::collection::vec(clean_sentence(l), 2..6))
    });
    check("decode_legacy_code_pages", 300, strat, |(lang, sents)| {
        let enc = code_page(lang);
        // Drop words the code page cannot hold (e.g. presentation forms).
        let s: String = sents
            .join(" ")
            .split(' ')
            .filter(|w| !enc.encode(w).2)
            .collect::<Vec<_>>()
            .join(" ");
        let (bytes, _, unmappable) = enc.encode(&s);
        ensure!(!unmappable, "generator produced unmappable text");
        if s.is_ascii() {
            return Ok(());
        }
        let d = match decode(&bytes) {
            Ok(d) => d,
            // Refusing is allowed (too little evidence to tell the code page); garbling is not.
            Err(e) => {
                ensure!(e.code == ErrorCode::Encoding && e.message.starts_with("cannot tell the encoding"), "{}", e.message);
                return Ok(());
            }
        };
        // Turkish text whose only non-ASCII letters are shared with windows-1252 (ü, ç, ö) reads
        // the same in it.
        let same = d.encoding == enc.name() || (lang == Lang::Tr && d.encoding == "windows-1252");
        ensure!(same, "{} text detected as {}: {:?}", enc.name(), d.encoding, d.text);
        ensure!(d.text == s, "text changed");
        Ok(())
    });
}

#[test]
fn utf16_without_bom_is_refused() {
    check("decode_utf16_without_bom_refused", 300, (text(40), any::<bool>()), |((_, s), le)| {
        if !s.chars().any(|c| c.is_ascii() && c != '\0') {
            return Ok(()); // no NUL byte in the encoding: not detectable as UTF-16
        }
        let b: Vec<u8> = s.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }).collect();
        if b.starts_with(&[0xFF, 0xFE]) || b.starts_with(&[0xFE, 0xFF]) || b.starts_with(&[0xEF, 0xBB, 0xBF]) {
            return Ok(()); // the text begins with what reads as a BOM
        }
        let e = match decode(&b) {
            Ok(d) => return Err(proptest::test_runner::TestCaseError::fail(format!("decoded as {}: {:?}", d.encoding, d.text))),
            Err(e) => e,
        };
        ensure!(e.code == ErrorCode::BadInput, "{:?}: {}", e.code, e.message);
        Ok(())
    });
}

#[test]
fn one_bad_byte_in_utf8_is_refused_at_its_offset() {
    let strat = (prop::sample::select(vec![Lang::Ar, Lang::Ru, Lang::Tr]), any::<prop::sample::Index>(), prop::sample::select(vec![0xFFu8, 0xC0, 0x80, 0xFE]))
        .prop_flat_map(|(l, at, bad)| (prop::collection::vec(clean_sentence(l), 2..5), Just(at), Just(bad)));
    check("decode_damaged_utf8_refused", 300, strat, |(sents, at, bad)| {
        let s = sents.join(" ");
        if s.is_ascii() {
            return Ok(()); // ASCII plus one high byte is a plausible single-byte legacy text
        }
        let cuts: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
        let k = cuts[at.index(cuts.len())];
        let mut b = s.clone().into_bytes();
        b.insert(k, bad);
        let e = match decode(&b) {
            Ok(d) => return Err(proptest::test_runner::TestCaseError::fail(format!("damaged UTF-8 decoded as {}", d.encoding))),
            Err(e) => e,
        };
        ensure!(e.code == ErrorCode::Encoding, "{:?}: {}", e.code, e.message);
        ensure!(e.message == format!("invalid UTF-8 at byte {k}"), "{}", e.message);
        Ok(())
    });
}
