//! Bytes → UTF-8 text, with the encoding that was detected.
//!
//! Order: BOM (UTF-8, UTF-16LE/BE) → valid UTF-8 → chardetng guess restricted to the encodings
//! news pages in our four languages actually use. Binary files are refused, not decoded.

use crate::error::{Error, ErrorCode, Result};

pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding, e.g. "UTF-8", "windows-1256", "UTF-16LE".
    pub encoding: &'static str,
    /// Byte length of a BOM that was stripped (0 if none).
    pub bom_len: usize,
}

/// Largest page we accept. Pages are rarely above 2 MB; 50 MB keeps memory bounded on batch imports.
pub const MAX_PAGE_BYTES: usize = 50 * 1024 * 1024;

pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    if bytes.is_empty() {
        return Err(Error::new(ErrorCode::Empty, "the file is empty"));
    }
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!(
                "the file is {} MB; the limit for one page is {} MB",
                bytes.len() / (1024 * 1024),
                MAX_PAGE_BYTES / (1024 * 1024)
            ),
        ));
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(Error::new(
                ErrorCode::Encoding,
                format!("the file starts with a {} byte-order mark but is not valid {}", enc.name(), enc.name()),
            ));
        }
        return finish(text.into_owned(), enc.name(), bom_len);
    }
    if looks_binary(bytes) {
        return Err(Error::new(
            ErrorCode::BadInput,
            "not a text file (binary content, e.g. an image or archive)",
        ));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return finish(s.to_owned(), "UTF-8", 0);
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let mut enc = det.guess(None, true);
    // windows-1252 and windows-1254 differ only where 1254 has ğ ı ş Ğ İ Ş (1252: ð ý þ Ð Ý Þ,
    // Icelandic letters no page in our languages uses): on short Turkish text chardetng can pick
    // 1252 and garble every one of them.
    if enc == encoding_rs::WINDOWS_1252 && bytes.iter().any(|b| matches!(b, 0xD0 | 0xDD | 0xDE | 0xF0 | 0xFD | 0xFE)) {
        enc = encoding_rs::WINDOWS_1254;
    }
    // A page that is mostly valid UTF-8 with a few broken bytes is UTF-8 damaged in transit,
    // not a legacy encoding: decoding it as windows-125x would garble all of it.
    if enc == encoding_rs::UTF_8 || mostly_utf8(bytes) {
        return Err(Error::new(
            ErrorCode::Encoding,
            format!("invalid UTF-8 at byte {}", utf8_error_offset(bytes)),
        ));
    }
    if !LEGACY.contains(&enc) {
        // A guess outside the code pages of our languages is a misreading (short Cyrillic text
        // read as Hebrew, say): refuse rather than store garbage.
        return Err(Error::new(
            ErrorCode::Encoding,
            format!(
                "cannot tell the encoding: the bytes read best as {}, which is not used for Arabic, Russian, Turkish or \
                 English pages; save the page as UTF-8",
                enc.name()
            ),
        ));
    }
    let (text, _, had_errors) = enc.decode(bytes);
    if had_errors {
        return Err(Error::new(ErrorCode::Encoding, format!("could not decode as {}", enc.name())));
    }
    finish(text.into_owned(), enc.name(), 0)
}

/// Legacy encodings of Arabic, Russian, Turkish and English pages: the only guesses accepted
/// (ISO-8859-9 is windows-1254 in the WHATWG Encoding Standard).
const LEGACY: [&encoding_rs::Encoding; 11] = [
    encoding_rs::WINDOWS_1256,
    encoding_rs::ISO_8859_6,
    encoding_rs::WINDOWS_1251,
    encoding_rs::KOI8_R,
    encoding_rs::KOI8_U,
    encoding_rs::IBM866,
    encoding_rs::ISO_8859_5,
    encoding_rs::X_MAC_CYRILLIC,
    encoding_rs::WINDOWS_1254,
    encoding_rs::WINDOWS_1252,
    encoding_rs::ISO_8859_15,
];

fn finish(text: String, encoding: &'static str, bom_len: usize) -> Result<Decoded> {
    if text.trim().is_empty() {
        return Err(Error::new(ErrorCode::Empty, "the file holds only whitespace"));
    }
    if text.contains('\0') {
        return Err(Error::new(ErrorCode::BadInput, "not a text file (contains NUL characters)"));
    }
    Ok(Decoded { text, encoding, bom_len })
}

fn utf8_error_offset(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    }
}

/// More than 90 % of the bytes are in valid UTF-8 multi-byte sequences or ASCII.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut good = 0usize;
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.len();
                break;
            }
            Err(e) => {
                good += e.valid_up_to();
                let skip = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                rest = &rest[e.valid_up_to() + skip..];
            }
        }
    }
    let non_ascii_good = good.saturating_sub(bytes.iter().filter(|b| b.is_ascii()).count());
    // Legacy single-byte text has no valid multi-byte UTF-8 sequences at all.
    non_ascii_good > 0 && good * 10 >= bytes.len() * 9
}

/// NUL bytes, or known binary signatures (PNG, ZIP, PDF, GIF, JPEG, gzip), mean "not text".
/// UTF-16 without a BOM is also full of NULs and is refused here with the same message.
fn looks_binary(bytes: &[u8]) -> bool {
    const SIGS: [&[u8]; 7] = [
        b"\x89PNG", b"PK\x03\x04", b"%PDF", b"GIF8", b"\xFF\xD8\xFF", b"\x1F\x8B", b"\x7FELF",
    ];
    if SIGS.iter().any(|s| bytes.starts_with(s)) {
        return true;
    }
    let head = &bytes[..bytes.len().min(8192)];
    head.contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("\u{feff}سلام".as_bytes()).unwrap();
        assert_eq!(d.text, "سلام");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.bom_len, 3);
        assert_eq!(decode("Привет".as_bytes()).unwrap().bom_len, 0);
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Türkiye ve Rusya".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&b).unwrap();
        assert_eq!(d.text, "Türkiye ve Rusya");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn legacy_cyrillic_and_arabic() {
        let ru = "Министерство обороны России сообщило, что турецкие военные находились в боевых порядках террористов.";
        let (b, _, _) = encoding_rs::WINDOWS_1251.encode(ru);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "windows-1251");
        assert_eq!(d.text, ru);
        let ar = "أكد الكرملين أن الرئيس الروسي فلاديمير بوتين والتركي رجب طيب أردوغان سيجتمعان خلال أسبوع";
        let (b, _, _) = encoding_rs::WINDOWS_1256.encode(ar);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "windows-1256");
        assert_eq!(d.text, ar);
    }

    #[test]
    fn legacy_turkish() {
        let tr = "Milli Savunma Bakanlığı, İdlib'de şehit düşen askerlerimizin sayısının 33'e yükseldiğini açıkladı. \
                  Bakanlık, Rus tarafının birliklerimizin konumundan önceden haberdar edildiğini belirtti.";
        let (b, _, _) = encoding_rs::WINDOWS_1254.encode(tr);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "windows-1254");
        assert_eq!(d.text, tr);
    }

    #[test]
    fn short_cyrillic_is_never_read_as_hebrew() {
        // Found by the decode property tests: chardetng reads this windows-1251 text as
        // windows-1255 (Hebrew); any guess outside our languages' code pages is refused.
        let (b, _, _) = encoding_rs::WINDOWS_1251.encode("авиаудар сообщил добавил. России менее России.");
        match decode(&b) {
            Ok(d) => assert_eq!(d.text, "авиаудар сообщил добавил. России менее России.", "decoded as {}", d.encoding),
            Err(e) => assert!(e.code == ErrorCode::Encoding && e.message.contains("windows-1255"), "{}", e.message),
        }
    }

    #[test]
    fn short_turkish_is_not_read_as_windows_1252() {
        // Found by the decode property tests: chardetng guessed windows-1252 ("Erdoðan þehit").
        let tr = "üç şehit Erdoğan. Putin üç ekledi.";
        let (b, _, _) = encoding_rs::WINDOWS_1254.encode(tr);
        let d = decode(&b).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (tr, "windows-1254"));
    }

    #[test]
    fn refuses_empty_binary_and_broken_utf8() {
        assert_eq!(decode(b"").err().unwrap().code, ErrorCode::Empty);
        assert_eq!(decode(b"  \n\t ").err().unwrap().code, ErrorCode::Empty);
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0").err().unwrap().code, ErrorCode::BadInput);
        let mut b = "نص عربي طويل بما يكفي ليبدو مثل صفحة ".repeat(20).into_bytes();
        b.insert(200, 0xFF);
        let e = decode(&b).err().unwrap();
        assert_eq!(e.code, ErrorCode::Encoding);
        assert!(e.message.contains("byte"), "{}", e.message);
    }
}
