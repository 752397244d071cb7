//! REFI-QDA project exchange (`.qdpx`): a zip of `project.qde` (QDA-XML 1.0, valid against
//! `Project.xsd`) and `Sources/<guid>.txt`.
//!
//! Export: every article is a `TextSource` whose plain text is its page text (the text every
//! span indexes), so codings are `PlainTextSelection`s at CHARACTER offsets of that text;
//! outlet, side, language and date are variables; stories are sets; notes, and verdicts as
//! notes, hang on the project, sources and selections. A pair coding becomes a selection on
//! each of its claims.
//!
//! Import ([`read`]): refuses archives that could exhaust the machine or escape a folder — a
//! total uncompressed size over [`MAX_TOTAL`], an entry over [`MAX_ENTRY`], a compression ratio
//! over [`MAX_RATIO`], a `..`, absolute or drive-letter path — with an error naming the entry.
//! Sizes are enforced while reading, not trusted from the headers.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{Read, Seek, Write};

use super::{escape_xml as x, ExportData};
use crate::error::{Error, ErrorCode, Result};
use crate::store::findings::{guid_from, NoteTarget};

/// Largest uncompressed total of an imported archive.
pub const MAX_TOTAL: u64 = 512 << 20;
/// Largest uncompressed entry (a page is at most 50 MB).
pub const MAX_ENTRY: u64 = crate::extract::decode::MAX_PAGE_BYTES as u64;
/// Largest compression ratio of an entry (text compresses ~3–10×; bombs 1000× and more).
pub const MAX_RATIO: u64 = 100;
/// Most entries read from one archive.
pub const MAX_ENTRIES: usize = 100_000;

const NS: &str = "urn:QDA-XML:project:1.0";

fn dt(s: &str) -> String {
    // xsd:dateTime; stamps are stored as RFC 3339 already.
    x(s)
}

/// The `project.qde` document.
pub fn project_xml(d: &ExportData) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let _ = writeln!(o, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    let _ = writeln!(o, "<Project xmlns=\"{NS}\" name=\"Rashomon export\" origin=\"{}\" creationDateTime=\"{}\">", x(&d.generator), dt(&d.exported_at));
    // Codebook (nested).
    if !d.codes.is_empty() {
        o.push_str("<CodeBook><Codes>\n");
        fn code(o: &mut String, d: &ExportData, parent: Option<i64>) {
            for c in d.codes.iter().filter(|c| c.parent_id == parent) {
                let _ = write!(o, "<Code guid=\"{}\" name=\"{}\" isCodable=\"true\" color=\"{}\">", x(&c.guid), x(&c.name), x(&c.colour));
                if let Some(desc) = &c.description {
                    let _ = write!(o, "<Description>{}</Description>", x(desc));
                }
                code(o, d, Some(c.id));
                o.push_str("</Code>\n");
            }
        }
        code(&mut o, d, None);
        o.push_str("</Codes></CodeBook>\n");
    }
    let vars = ["outlet", "side", "language", "date"];
    o.push_str("<Variables>\n");
    for v in vars {
        let _ = writeln!(o, "<Variable guid=\"{}\" name=\"{v}\" typeOfVariable=\"Text\"/>", guid_from(&format!("variable:{v}")));
    }
    o.push_str("</Variables>\n");

    // Notes: researcher notes and verdicts. (guid, name, text, created)
    let mut notes: Vec<(String, String, String, String)> = d.notes.iter().map(|n| (n.guid.clone(), n.about.clone(), n.text.clone(), n.created_at.clone())).collect();
    for v in &d.verdicts {
        let label = match (v.relation, v.kind) {
            (Some(r), Some(k)) => super::relation_label(r, k),
            _ => String::new(),
        };
        let text = format!("Verdict: {}{}{}", v.action.as_str(), if label.is_empty() { String::new() } else { format!(" → {label}") }, v.text.as_deref().map(|t| format!(". {t}")).unwrap_or_default());
        notes.push((guid_from(&format!("verdict:{}:{:?}", v.id, v.pair)), format!("verdict on pair #{} ~ #{}", v.pair.a_article, v.pair.b_article), text, v.created_at.clone()));
    }

    // Selections per article: (start byte, end byte) → (coding guids + code guids, note guids, descriptions).
    #[derive(Default)]
    struct Sel {
        codings: Vec<(String, String)>,
        notes: Vec<String>,
        desc: Vec<String>,
    }
    let mut sels: HashMap<i64, std::collections::BTreeMap<(usize, usize), Sel>> = HashMap::new();
    let code_guid = |id: i64| d.codes.iter().find(|c| c.id == id).map(|c| c.guid.clone());
    for c in &d.codings {
        let Some(cg) = code_guid(c.code_id) else { continue };
        let pair = c.b_article_id.is_some();
        let sides = [(Some(c.article_id), c.byte_start, c.byte_end, "a"), (c.b_article_id, c.b_byte_start, c.b_byte_end, "b")];
        for (art, s, e, tag) in sides {
            let (Some(art), Some(s), Some(e)) = (art, s, e) else { continue };
            let sel = sels.entry(art).or_default().entry((s, e)).or_default();
            let guid = if pair { guid_from(&format!("{}:{tag}", c.guid)) } else { c.guid.clone() };
            sel.codings.push((guid, cg.clone()));
            if pair {
                let other = if tag == "a" { c.b_article_id } else { Some(c.article_id) };
                sel.desc.push(format!("pair coding '{}' with article #{}", c.code, other.unwrap_or(0)));
            }
        }
    }
    let mut source_notes: HashMap<i64, Vec<String>> = HashMap::new();
    let mut project_notes: Vec<String> = Vec::new();
    for n in &d.notes {
        match &n.target {
            NoteTarget::Project => project_notes.push(n.guid.clone()),
            NoteTarget::Article { article_id } | NoteTarget::Story { key_article_id: article_id } => source_notes.entry(*article_id).or_default().push(n.guid.clone()),
            NoteTarget::Selection { article_id, span } => sels.entry(*article_id).or_default().entry((span.start, span.end)).or_default().notes.push(n.guid.clone()),
            NoteTarget::Pair { pair } => {
                for (art, sp) in [(pair.a_article, pair.a), (pair.b_article, pair.b)] {
                    if let Some(sp) = sp {
                        sels.entry(art).or_default().entry((sp.start, sp.end)).or_default().notes.push(n.guid.clone());
                    }
                }
            }
        }
    }
    for (v, (guid, ..)) in d.verdicts.iter().zip(notes.iter().skip(d.notes.len())) {
        for (art, sp) in [(v.pair.a_article, v.pair.a), (v.pair.b_article, v.pair.b)] {
            if let Some(sp) = sp {
                sels.entry(art).or_default().entry((sp.start, sp.end)).or_default().notes.push(guid.clone());
            }
        }
    }

    o.push_str("<Sources>\n");
    for a in &d.articles {
        let ix = super::CharIndex::new(&a.page_text);
        let name = format!("#{} {}{}", a.id, a.outlet.as_deref().map(|o| format!("{o} — ")).unwrap_or_default(), a.title.as_deref().unwrap_or(&a.source_name));
        let _ = writeln!(o, "<TextSource guid=\"{}\" name=\"{}\" plainTextPath=\"internal://{}.txt\">", a.guid, x(&name), a.guid);
        if let Some(u) = &a.url {
            let _ = write!(o, "<Description>{}</Description>", x(u));
        }
        if let Some(list) = sels.get(&a.id) {
            for ((s, e), sel) in list {
                let (cs, ce) = (ix.char_at(*s), ix.char_at(*e));
                let _ = write!(o, "<PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{cs}\" endPosition=\"{ce}\">", guid_from(&format!("selection:{}:{s}:{e}", a.guid)), x(&a.page_text.get(*s..*e).unwrap_or("").chars().take(60).collect::<String>()));
                if !sel.desc.is_empty() {
                    let _ = write!(o, "<Description>{}</Description>", x(&sel.desc.join("; ")));
                }
                for (g, cg) in &sel.codings {
                    let _ = write!(o, "<Coding guid=\"{g}\"><CodeRef targetGUID=\"{cg}\"/></Coding>");
                }
                let mut seen = std::collections::HashSet::new();
                for n in sel.notes.iter().filter(|n| seen.insert(n.as_str())) {
                    let _ = write!(o, "<NoteRef targetGUID=\"{n}\"/>");
                }
                o.push_str("</PlainTextSelection>\n");
            }
        }
        for n in source_notes.get(&a.id).into_iter().flatten() {
            let _ = write!(o, "<NoteRef targetGUID=\"{n}\"/>");
        }
        let vals = [a.outlet.clone(), Some(a.side.clone()), Some(a.language.clone()), a.published.clone()];
        for (v, val) in vars.iter().zip(vals) {
            if let Some(val) = val {
                let _ = write!(o, "<VariableValue><VariableRef targetGUID=\"{}\"/><TextValue>{}</TextValue></VariableValue>", guid_from(&format!("variable:{v}")), x(&val));
            }
        }
        o.push_str("\n</TextSource>\n");
    }
    o.push_str("</Sources>\n");
    if !notes.is_empty() {
        o.push_str("<Notes>\n");
        for (g, name, text, created) in &notes {
            let _ = writeln!(o, "<Note guid=\"{g}\" name=\"{}\" creationDateTime=\"{}\"><PlainTextContent>{}</PlainTextContent></Note>", x(name), dt(created), x(text));
        }
        o.push_str("</Notes>\n");
    }
    if !d.stories.is_empty() {
        o.push_str("<Sets>\n");
        for s in &d.stories {
            let _ = write!(o, "<Set guid=\"{}\" name=\"{}\"><Description>Story {} (keyed by article #{})</Description>", guid_from(&format!("story:{}", s.key_article_id)), x(&format!("Story {}: {}", s.number, s.title.as_deref().unwrap_or("untitled"))), s.number, s.key_article_id);
            for id in &s.article_ids {
                if let Some(a) = d.articles.iter().find(|a| a.id == *id) {
                    let _ = write!(o, "<MemberSource targetGUID=\"{}\"/>", a.guid);
                }
            }
            o.push_str("</Set>\n");
        }
        o.push_str("</Sets>\n");
    }
    for n in &project_notes {
        let _ = writeln!(o, "<NoteRef targetGUID=\"{n}\"/>");
    }
    o.push_str("</Project>\n");
    o
}

/// The zip, entries in a fixed order with a fixed time (the export time's date), so the same
/// project exports the same bytes.
pub fn write(d: &ExportData, w: &mut dyn Write) -> Result<()> {
    use zip::write::SimpleFileOptions;
    let zerr = |e: zip::result::ZipError| Error::new(ErrorCode::Io, format!("cannot write the zip: {e}"));
    let stamp = {
        let p: Vec<u16> = d.exported_at.get(..10).unwrap_or("").split('-').filter_map(|s| s.parse().ok()).collect();
        match p.as_slice() {
            [y, m, dd] => zip::DateTime::from_date_and_time(*y, *m as u8, *dd as u8, 0, 0, 0).unwrap_or_default(),
            _ => zip::DateTime::default(),
        }
    };
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).last_modified_time(stamp).unix_permissions(0o644);
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file("project.qde", opts).map_err(zerr)?;
    z.write_all(project_xml(d).as_bytes())?;
    for a in &d.articles {
        z.start_file(format!("Sources/{}.txt", a.guid), opts).map_err(zerr)?;
        z.write_all(a.page_text.as_bytes())?;
    }
    let buf = z.finish().map_err(zerr)?.into_inner();
    w.write_all(&buf)?;
    Ok(())
}

// ---------------------------------------------------------------- import

#[derive(Debug, Clone, Default)]
pub struct QdaCode {
    pub guid: String,
    pub name: String,
    pub colour: Option<String>,
    pub description: Option<String>,
    pub parent: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct QdaSelection {
    pub guid: String,
    /// Character offsets into the source's plain text.
    pub start: usize,
    pub end: usize,
    /// (coding guid, code guid)
    pub codings: Vec<(String, String)>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct QdaSource {
    pub guid: String,
    pub name: String,
    pub text: Option<Vec<u8>>,
    /// Why the text could not be read (no plain text, external path …).
    pub problem: Option<String>,
    /// Variable name (lower case) → value.
    pub variables: HashMap<String, String>,
    pub selections: Vec<QdaSelection>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct QdaProject {
    pub codes: Vec<QdaCode>,
    pub sources: Vec<QdaSource>,
    /// guid → (name, text)
    pub notes: HashMap<String, (String, String)>,
    pub project_notes: Vec<String>,
}

/// Check an entry name: no absolute paths, drive letters, backslashes or `..`.
fn check_entry_name(name: &str) -> Result<()> {
    let bad = name.starts_with('/')
        || name.contains('\\')
        || name.contains('\0')
        || name.as_bytes().get(1) == Some(&b':')
        || name.split('/').any(|c| c == "..");
    if bad {
        return Err(Error::bad_input(format!("entry '{name}' has an unsafe path (absolute or with '..'); the archive is refused")));
    }
    Ok(())
}

/// Read and check a `.qdpx`: every entry is vetted (names, sizes, ratio) before anything is used.
pub fn read<R: Read + Seek>(reader: R) -> Result<QdaProject> {
    let zerr = |e: zip::result::ZipError| Error::bad_input(format!("not a readable zip archive: {e}"));
    let mut z = zip::ZipArchive::new(reader).map_err(zerr)?;
    if z.len() > MAX_ENTRIES {
        return Err(Error::new(ErrorCode::TooLarge, format!("the archive has {} entries; at most {MAX_ENTRIES} are read", z.len())));
    }
    let mut total: u64 = 0;
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).map_err(zerr)?;
        let name = f.name().map_err(zerr)?.to_string();
        check_entry_name(&name)?;
        if f.enclosed_name().is_none() {
            return Err(Error::bad_input(format!("entry '{name}' has an unsafe path; the archive is refused")));
        }
        if f.is_dir() {
            continue;
        }
        let (declared, packed) = (f.size(), f.compressed_size());
        if declared > MAX_ENTRY {
            return Err(Error::new(ErrorCode::TooLarge, format!("entry '{name}' is {} MB uncompressed; the limit is {} MB", declared >> 20, MAX_ENTRY >> 20)));
        }
        if declared > 1 << 20 && declared / packed.max(1) > MAX_RATIO {
            return Err(Error::new(ErrorCode::TooLarge, format!("entry '{name}' expands {}× (zip bomb?); the limit is {MAX_RATIO}×", declared / packed.max(1))));
        }
        // Never trust the header: stop reading at the limits whatever it says.
        let cap = MAX_ENTRY.min(MAX_TOTAL - total) + 1;
        let mut buf = Vec::with_capacity(declared.min(cap) as usize);
        (&mut f).take(cap).read_to_end(&mut buf).map_err(|e| Error::bad_input(format!("entry '{name}': {e}")))?;
        let n = buf.len() as u64;
        if n > MAX_ENTRY {
            return Err(Error::new(ErrorCode::TooLarge, format!("entry '{name}' is over {} MB uncompressed", MAX_ENTRY >> 20)));
        }
        if n > 1 << 20 && n / packed.max(1) > MAX_RATIO {
            return Err(Error::new(ErrorCode::TooLarge, format!("entry '{name}' expands over {MAX_RATIO}× (zip bomb?)")));
        }
        total += n;
        if total > MAX_TOTAL {
            return Err(Error::new(ErrorCode::TooLarge, format!("the archive is over {} MB uncompressed; refused", MAX_TOTAL >> 20)));
        }
        files.insert(name, buf);
    }
    let qde = files
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("project.qde"))
        .map(|(_, v)| v.clone())
        .ok_or_else(|| Error::bad_input("no project.qde in the archive"))?;
    let xml = std::str::from_utf8(qde.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&qde)).map_err(|e| Error::new(ErrorCode::Encoding, format!("project.qde is not UTF-8: {e}")))?;
    let mut p = parse_qde(xml)?;
    // Resolve each source's text.
    let lookup = |path: &str| -> Option<&Vec<u8>> {
        let rel = path.strip_prefix("internal://")?;
        files.iter().find(|(k, _)| k.strip_prefix("Sources/").or_else(|| k.strip_prefix("sources/")) == Some(rel)).map(|(_, v)| v)
    };
    for s in &mut p.sources {
        if s.text.is_some() {
            continue;
        }
        match s.problem.take() {
            Some(path) => match lookup(&path) {
                Some(b) => s.text = Some(b.clone()),
                None if path.starts_with("internal://") => s.problem = Some(format!("{path} is not in the archive")),
                None => s.problem = Some(format!("{path}: only sources inside the archive (internal://) are imported")),
            },
            None => s.problem = Some("the source has no plain text (plainTextPath or PlainTextContent)".into()),
        }
    }
    Ok(p)
}

fn parse_qde(xml: &str) -> Result<QdaProject> {
    use quick_xml::events::Event;
    let xerr = |e: quick_xml::Error| Error::bad_input(format!("project.qde: invalid XML: {e}"));
    let mut r = quick_xml::Reader::from_str(xml);
    let mut p = QdaProject::default();
    let mut stack: Vec<String> = Vec::new();
    let mut code_stack: Vec<usize> = Vec::new();
    let mut var_names: HashMap<String, String> = HashMap::new();
    let mut text = String::new();
    let mut cur_var: Option<String> = None;
    let mut cur_note: Option<(String, String)> = None;
    loop {
        let ev = r.read_event().map_err(xerr)?;
        let (start, empty) = match &ev {
            Event::Start(_) => (true, false),
            Event::Empty(_) => (true, true),
            _ => (false, false),
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) if start => {
                let name = e.local_name().as_ref().to_string();
                let mut attrs: HashMap<String, String> = HashMap::new();
                for a in e.attributes() {
                    let a = a.map_err(|e| Error::bad_input(format!("project.qde: bad attribute: {e}")))?;
                    let k = a.key.local_name().as_ref().to_string();
                    let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(xerr)?.into_owned();
                    attrs.insert(k, v);
                }
                let parent = stack.last().map(String::as_str).unwrap_or("");
                let get = |k: &str| attrs.get(k).cloned().unwrap_or_default();
                match name.as_str() {
                    "Code" => {
                        p.codes.push(QdaCode {
                            guid: get("guid"),
                            name: get("name"),
                            colour: attrs.get("color").cloned(),
                            description: None,
                            parent: code_stack.last().map(|&i| p.codes[i].guid.clone()),
                        });
                        if !empty {
                            code_stack.push(p.codes.len() - 1);
                        }
                    }
                    "Variable" if parent == "Variables" => {
                        var_names.insert(get("guid"), get("name").to_lowercase());
                    }
                    "TextSource" if parent == "Sources" => {
                        p.sources.push(QdaSource { guid: get("guid"), name: get("name"), problem: attrs.get("plainTextPath").cloned(), ..Default::default() });
                    }
                    "PlainTextSelection" => {
                        let num = |k: &str| -> Result<usize> { get(k).trim().parse().map_err(|_| Error::bad_input(format!("project.qde: selection {} has a bad {k} '{}'", get("guid"), get(k)))) };
                        let (s, e2) = (num("startPosition")?, num("endPosition")?);
                        if let Some(src) = p.sources.last_mut() {
                            src.selections.push(QdaSelection { guid: get("guid"), start: s.min(e2), end: s.max(e2), ..Default::default() });
                        }
                    }
                    "Coding" => {
                        // The CodeRef child carries the code; remember the coding guid.
                        if let Some(sel) = p.sources.last_mut().and_then(|s| s.selections.last_mut()) {
                            if stack.iter().any(|n| n == "PlainTextSelection") {
                                sel.codings.push((get("guid"), String::new()));
                            }
                        }
                    }
                    "CodeRef" if parent == "Coding" => {
                        if let Some(sel) = p.sources.last_mut().and_then(|s| s.selections.last_mut()) {
                            if let Some(c) = sel.codings.last_mut() {
                                c.1 = get("targetGUID");
                            }
                        }
                    }
                    "NoteRef" => {
                        let g = get("targetGUID");
                        match parent {
                            "PlainTextSelection" => {
                                if let Some(sel) = p.sources.last_mut().and_then(|s| s.selections.last_mut()) {
                                    sel.notes.push(g);
                                }
                            }
                            "TextSource" if stack.len() >= 2 && stack[stack.len() - 2] == "Sources" => {
                                if let Some(s) = p.sources.last_mut() {
                                    s.notes.push(g);
                                }
                            }
                            "Project" => p.project_notes.push(g),
                            _ => {}
                        }
                    }
                    "VariableRef" => cur_var = Some(get("targetGUID")),
                    "Note" if parent == "Notes" => cur_note = Some((get("guid"), get("name"))),
                    _ => {}
                }
                if !empty {
                    stack.push(name);
                }
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.into_inner()),
            Event::GeneralRef(g) => {
                if let Ok(Some(c)) = g.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&g.xml10_content()) {
                    text.push_str(s);
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let parent = stack.last().map(String::as_str).unwrap_or("");
                match name.as_str() {
                    "Code" => {
                        code_stack.pop();
                    }
                    "Description" if parent == "Code" => {
                        if let Some(&i) = code_stack.last() {
                            p.codes[i].description = Some(text.clone());
                        }
                    }
                    "PlainTextContent" if parent == "TextSource" && stack.len() >= 2 && stack[stack.len() - 2] == "Sources" => {
                        if let Some(s) = p.sources.last_mut() {
                            s.text = Some(text.clone().into_bytes());
                            s.problem = None;
                        }
                    }
                    "PlainTextContent" if parent == "Note" => {
                        if let Some((g, n)) = &cur_note {
                            p.notes.insert(g.clone(), (n.clone(), text.clone()));
                        }
                    }
                    "TextValue" | "DateValue" | "IntegerValue" | "FloatValue" | "BooleanValue" | "DateTimeValue" => {
                        if let (Some(v), Some(s)) = (cur_var.take(), p.sources.last_mut()) {
                            if stack.iter().any(|n| n == "TextSource") {
                                if let Some(vn) = var_names.get(&v) {
                                    s.variables.insert(vn.clone(), text.trim().to_string());
                                }
                            }
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zip::write::SimpleFileOptions;

    fn zip_of(entries: &[(&str, &[u8], zip::CompressionMethod)]) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, data, m) in entries {
            z.start_file(*name, SimpleFileOptions::default().compression_method(*m)).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    const QDE: &[u8] = br#"<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p"/>"#;

    #[test]
    fn refuses_a_zip_bomb() {
        let zeros = vec![0u8; 60 << 20];
        let z = zip_of(&[("project.qde", QDE, zip::CompressionMethod::Stored), ("Sources/a.txt", &zeros, zip::CompressionMethod::Deflated)]);
        assert!(z.len() < 1 << 20, "the bomb is small: {}", z.len());
        let e = read(std::io::Cursor::new(z)).unwrap_err();
        assert_eq!(e.code, ErrorCode::TooLarge, "{}", e.message);
        assert!(e.message.contains("Sources/a.txt"), "{}", e.message);
    }

    #[test]
    fn refuses_a_high_ratio_entry_under_the_size_cap() {
        let zeros = vec![b'a'; 20 << 20];
        let z = zip_of(&[("project.qde", QDE, zip::CompressionMethod::Stored), ("Sources/a.txt", &zeros, zip::CompressionMethod::Deflated)]);
        let e = read(std::io::Cursor::new(z)).unwrap_err();
        assert!(e.message.contains("zip bomb"), "{}", e.message);
    }

    #[test]
    fn refuses_an_oversized_entry() {
        // Stored (ratio 1): only the size cap can refuse it.
        let big: Vec<u8> = (0..(MAX_ENTRY + 10)).map(|i| (i % 251) as u8).collect();
        let z = zip_of(&[("project.qde", QDE, zip::CompressionMethod::Stored), ("Sources/big.txt", &big, zip::CompressionMethod::Stored)]);
        let e = read(std::io::Cursor::new(z)).unwrap_err();
        assert_eq!(e.code, ErrorCode::TooLarge);
        assert!(e.message.contains("Sources/big.txt") && e.message.contains("limit"), "{}", e.message);
    }

    #[test]
    fn refuses_escaping_paths() {
        for bad in ["../evil.txt", "Sources/../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "Sources\\..\\evil.txt"] {
            let z = zip_of(&[("project.qde", QDE, zip::CompressionMethod::Stored), (bad, b"x", zip::CompressionMethod::Stored)]);
            let e = read(std::io::Cursor::new(z)).unwrap_err();
            assert_eq!(e.code, ErrorCode::BadInput, "{bad}");
            assert!(e.message.contains("unsafe path"), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn reads_codes_sources_selections_and_variables() {
        let qde = r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="QualCoder project">
<CodeBook><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="Casualties &amp; losses" isCodable="true" color="#FF0000"><Description>deaths</Description>
<Code guid="22222222-2222-2222-2222-222222222222" name="soldiers" isCodable="true"/></Code></Codes></CodeBook>
<Variables><Variable guid="33333333-3333-3333-3333-333333333333" name="Outlet" typeOfVariable="Text"/></Variables>
<Sources><TextSource guid="44444444-4444-4444-4444-444444444444" name="a.txt" plainTextPath="internal://44444444-4444-4444-4444-444444444444.txt">
<PlainTextSelection guid="55555555-5555-5555-5555-555555555555" startPosition="4" endPosition="9"><Coding guid="66666666-6666-6666-6666-666666666666"><CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding></PlainTextSelection>
<VariableValue><VariableRef targetGUID="33333333-3333-3333-3333-333333333333"/><TextValue>TASS</TextValue></VariableValue>
</TextSource></Sources></Project>"##;
        let z = zip_of(&[("project.qde", qde.as_bytes(), zip::CompressionMethod::Deflated), ("Sources/44444444-4444-4444-4444-444444444444.txt", "قال الوزير".as_bytes(), zip::CompressionMethod::Deflated)]);
        let p = read(std::io::Cursor::new(z)).unwrap();
        assert_eq!(p.codes.len(), 2);
        assert_eq!(p.codes[0].name, "Casualties & losses");
        assert_eq!(p.codes[0].description.as_deref(), Some("deaths"));
        assert_eq!(p.codes[1].parent.as_deref(), Some("11111111-1111-1111-1111-111111111111"));
        let s = &p.sources[0];
        assert_eq!(s.text.as_deref(), Some("قال الوزير".as_bytes()));
        assert_eq!(s.variables.get("outlet").map(String::as_str), Some("TASS"));
        assert_eq!((s.selections[0].start, s.selections[0].end), (4, 9));
        assert_eq!(s.selections[0].codings, vec![("66666666-6666-6666-6666-666666666666".to_string(), "22222222-2222-2222-2222-222222222222".to_string())]);
    }
}
