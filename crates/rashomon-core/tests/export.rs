//! Exports on the real sample corpus in a real SQLite file: golden files of every format
//! (fixed export time and stamps, so they are stable and reviewable), the CSV read back with a
//! real CSV parser, the JSON validated against the committed schema, `project.qde` validated
//! against the REFI-QDA XSD with xmllint, a `.qdpx` round trip, and the HTML made inert.
//! `UPDATE_GOLDEN=1 cargo test -p rashomon-core --test export` rewrites the goldens.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use rashomon_core::api::{self, CodingTarget, ExportRequest, NewCode, NewVerdict, NoteTarget, PairKey, VerdictAction};
use rashomon_core::export::{ExportFormat, ExportScope};
use rashomon_core::store::Store;
use rashomon_core::Span;

const T: &str = "2024-05-06T07:08:09Z";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn samples() -> PathBuf {
    manifest_dir().join("../../samples")
}

fn span_of(text: &str, needle: &str) -> Span {
    let s = text.find(needle).unwrap_or_else(|| panic!("{needle} not in text"));
    Span::new(s, s + needle.len())
}

/// The sample corpus with findings of every kind, all stamped at `T`. Aligned by words only, so
/// the goldens do not depend on whether the embedding model is installed.
fn project(dir: &Path) -> Store {
    rashomon_core::semantic::disable();
    let mut s = Store::open(&dir.join("project.rashomon")).unwrap();
    s.set_fixed_time(Some(T.into()));
    let r = api::import(&mut s, &[samples()], &Default::default(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(r.imported, 5);
    let casualties = api::add_code(&mut s, &NewCode { name: "casualties".into(), colour: Some("#D62728".into()), description: Some("deaths & wounded <counted>".into()), parent_id: None }).unwrap();
    let soldiers = api::add_code(&mut s, &NewCode { name: "Turkish soldiers killed".into(), parent_id: Some(casualties.id), ..Default::default() }).unwrap();
    let framing = api::add_code(&mut s, &NewCode { name: "framing: \"regime\"".into(), ..Default::default() }).unwrap();
    let a1 = api::get_article(&s, 1).unwrap().page_text;
    let sp = span_of(&a1, "مقتل 50 جنديا تركيا");
    api::add_coding(&mut s, soldiers.id, &CodingTarget::Selection { article_id: 1, span: sp }).unwrap();
    let cmp = api::compare(&s, 4, 5).unwrap();
    let contra: Vec<PairKey> = cmp.pairs.iter().filter(|p| p.relation == rashomon_core::align::Relation::Contradiction).map(|p| p.key).collect();
    assert!(contra.len() >= 2, "the sample comparison 4~5 has contradictions");
    api::add_coding(&mut s, framing.id, &CodingTarget::Pair { pair: contra[0] }).unwrap();
    api::set_verdict(&mut s, &NewVerdict { pair: contra[0], action: VerdictAction::Confirm, relation: None, kind: None, text: Some("Both quote Putin; RT omits the condolences.".into()) }).unwrap();
    api::set_verdict(&mut s, &NewVerdict { pair: contra[1], action: VerdictAction::Reject, relation: None, kind: None, text: Some("not a contradiction: different meetings".into()) }).unwrap();
    let related = cmp.pairs.iter().find(|p| p.relation == rashomon_core::align::Relation::Related && p.b.is_some()).unwrap().key;
    api::set_verdict(&mut s, &NewVerdict { pair: related, action: VerdictAction::Relabel, relation: Some("contradiction".into()), kind: Some("numeric".into()), text: Some("numeric contradiction, explained by date".into()) }).unwrap();
    api::add_note(&mut s, &NoteTarget::Project, "Sample project: Idlib, Feb–Mar 2020.\nSecond line, with \"quotes\", commas and <b>tags</b>.").unwrap();
    api::add_note(&mut s, &NoteTarget::Article { article_id: 5 }, "RT Arabic: the Russian side's account.").unwrap();
    api::add_note(&mut s, &NoteTarget::Story { key_article_id: 1 }, "Story about the Balyun strike and the Moscow summit.").unwrap();
    api::add_note(&mut s, &NoteTarget::Selection { article_id: 1, span: sp }, "=HYPERLINK(\"http://evil\") <script>alert(1)</script>").unwrap();
    api::add_note(&mut s, &NoteTarget::Pair { pair: contra[0] }, "=1+1 ملاحظة: التعازي غائبة في رواية RT").unwrap();
    s
}

fn golden(name: &str, got: &[u8]) {
    let path = manifest_dir().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read(&path).unwrap_or_else(|_| panic!("{} missing: run with UPDATE_GOLDEN=1", path.display()));
    assert!(want == got, "{} differs from the export (UPDATE_GOLDEN=1 to accept; review the diff)", path.display());
}

fn export(s: &Store, dir: &Path, format: ExportFormat, scope: ExportScope, name: &str) -> Vec<String> {
    let path = dir.join(name);
    let r = api::export_at(s, &ExportRequest { format, scope, path: path.display().to_string() }, T).unwrap();
    assert!(r.pairs > 0 && r.articles > 0);
    r.files
}

#[test]
fn golden_files_of_every_format() {
    let d = tempfile::tempdir().unwrap();
    let s = project(d.path());
    for f in ExportFormat::ALL {
        let name = format!("samples.{}", if f == ExportFormat::CslJson { "csl.json" } else { f.extension() });
        let files = export(&s, d.path(), f, ExportScope::default(), &name);
        if f == ExportFormat::Qdpx {
            // The zip's XML is the reviewable part; the archive itself must be byte-stable too.
            let bytes = std::fs::read(&files[0]).unwrap();
            let again = export(&s, d.path(), f, ExportScope::default(), "again.qdpx");
            assert_eq!(bytes, std::fs::read(&again[0]).unwrap(), "qdpx is deterministic");
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut qde = String::new();
            std::io::Read::read_to_string(&mut z.by_name("project.qde").unwrap(), &mut qde).unwrap();
            golden("samples.project.qde", qde.as_bytes());
            continue;
        }
        for file in files {
            let base = Path::new(&file).file_name().unwrap().to_string_lossy().into_owned();
            golden(&base, &std::fs::read(&file).unwrap());
        }
    }
    // A story scope exports only that story.
    let files = export(&s, d.path(), ExportFormat::Json, ExportScope { story: Some(1), articles: None }, "story1.json");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&files[0]).unwrap()).unwrap();
    let ids: Vec<i64> = v["articles"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [2, 3]);
}

#[test]
fn csv_reads_back_with_a_csv_parser() {
    let d = tempfile::tempdir().unwrap();
    let s = project(d.path());
    let files = export(&s, d.path(), ExportFormat::Csv, ExportScope { story: Some(2), articles: None }, "pairs.csv");
    assert_eq!(files.len(), 3);
    let bytes = std::fs::read(&files[0]).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "RFC 4180 CRLF");
    let mut r = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let head = r.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let json = gather_json(&s, ExportScope { story: Some(2), articles: None });
    let pairs = json["pairs"].as_array().unwrap();
    assert_eq!(rows.len(), pairs.len());
    let articles: std::collections::HashMap<i64, String> = [1, 4, 5].iter().map(|&i| (i, api::get_article(&s, i).unwrap().page_text)).collect();
    for (row, p) in rows.iter().zip(pairs) {
        assert_eq!(row.len(), head.len());
        assert_eq!(row[col("relation")], *p["relation"].as_str().unwrap());
        for side in ["a", "b"] {
            if p[side].is_null() {
                continue;
            }
            let id: i64 = row[col(&format!("{side}_article"))].parse().unwrap();
            let (bs, be): (usize, usize) = (row[col(&format!("{side}_byte_start"))].parse().unwrap(), row[col(&format!("{side}_byte_end"))].parse().unwrap());
            let (cs, ce): (usize, usize) = (row[col(&format!("{side}_char_start"))].parse().unwrap(), row[col(&format!("{side}_char_end"))].parse().unwrap());
            let text = &articles[&id];
            // The claim text is exactly the page text at the byte span and at the char span.
            assert_eq!(&row[col(&format!("{side}_text"))], &text[bs..be]);
            let by_chars: String = text.chars().skip(cs).take(ce - cs).collect();
            assert_eq!(by_chars, &text[bs..be]);
        }
    }
    // The researcher's labels are marked as such, with the computed label beside them.
    let researcher: Vec<_> = rows.iter().filter(|r| &r[col("label_source")] == "researcher").collect();
    assert_eq!(researcher.len(), 3);
    assert!(researcher.iter().any(|r| &r[col("verdict")] == "reject" && &r[col("relation")] == "related" && &r[col("computed_relation")] == "contradiction"));
    assert!(researcher.iter().any(|r| &r[col("verdict_text")] == "numeric contradiction, explained by date" && &r[col("kind")] == "numeric"));
    assert!(rows.iter().any(|r| r[col("codes")].contains("framing: \"regime\"")));
    // Free text that a spreadsheet would run is defused.
    assert!(rows.iter().any(|r| r[col("notes")].starts_with("'=1+1 ملاحظة")), "formula defused");
    let claims_bytes = std::fs::read(&files[1]).unwrap();
    let mut claims = csv::Reader::from_reader(&claims_bytes[3..]);
    assert!(claims.records().count() > 20);
    let number_bytes = std::fs::read(&files[2]).unwrap();
    let mut numbers = csv::Reader::from_reader(&number_bytes[3..]);
    let nh = numbers.headers().unwrap().clone();
    let recs: Vec<_> = numbers.records().map(|r| r.unwrap()).collect();
    let value = nh.iter().position(|h| h == "value").unwrap();
    assert!(recs.iter().any(|r| &r[value] == "50"), "the 50 soldiers of article 1");
}

fn gather_json(s: &Store, scope: ExportScope) -> serde_json::Value {
    let data = rashomon_core::export::gather(s, &scope, T).unwrap();
    serde_json::to_value(&data).unwrap()
}

/// A report says how its comparisons were made: words only or with the model, and the
/// project's own lexicons with their files (for a paper's methods section).
#[test]
fn reports_state_the_method_and_the_projects_own_lexicons() {
    let d = tempfile::tempdir().unwrap();
    rashomon_core::semantic::disable();
    let mut s = Store::open(&d.path().join("m.rashomon")).unwrap();
    api::import(&mut s, &[samples().join("001_4489f4de29ce8df6.txt")], &Default::default(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
    let md = rashomon_core::export::md::render(&rashomon_core::export::gather(&s, &ExportScope::default(), T).unwrap());
    assert!(md.contains("Claims aligned by their words only (no sentence-embedding model); the built-in lexicons of actors and framing."));
    // (An English name the Arabic sample does not contain: the analyses of the other tests in
    // this process do not change while it is installed.)
    let toml = "[[actor]]\nid = \"qq\"\nname = \"Qqq Zzz\"\nside = \"armenian\"\nnames.en = [\"Qqq Zzz\"]\n";
    api::set_lexicon_text(&mut s, api::LexiconKind::Actors, Some(toml), "study-actors.toml").unwrap();
    let data = rashomon_core::export::gather(&s, &ExportScope::default(), T).unwrap();
    api::set_lexicon_text(&mut s, api::LexiconKind::Actors, None, "").unwrap();
    assert_eq!(data.method.lexicons.len(), 1);
    assert_eq!((data.method.lexicons[0].kind, data.method.lexicons[0].source.as_str(), data.method.lexicons[0].entries), ("actors", "study-actors.toml", 1));
    assert!(data.method.sentence().ends_with("with the project's own actors from study-actors.toml (1)."), "{}", data.method.sentence());
}

#[test]
fn json_validates_against_the_committed_schema() {
    let d = tempfile::tempdir().unwrap();
    let s = project(d.path());
    let schema: serde_json::Value = serde_json::from_str(rashomon_core::export::json::SCHEMA).unwrap();
    let v = jsonschema::validator_for(&schema).expect("the schema is valid JSON Schema");
    let doc = gather_json(&s, ExportScope::default());
    let errors: Vec<String> = v.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema is not a blank cheque: a wrong type and an unknown field are refused.
    let mut bad = doc.clone();
    bad["pairs"][0]["relation"] = serde_json::json!("maybe");
    assert!(!v.is_valid(&bad));
    let mut bad = doc.clone();
    bad["articles"][0]["surprise"] = serde_json::json!(1);
    assert!(!v.is_valid(&bad));
    // Any side name the store takes (a researcher's own too), and no other.
    for (side, ok) in [("ukrainian", true), ("armenian", true), ("kurdish_sdf", true), ("Russian side", false), ("", false)] {
        let mut d = doc.clone();
        d["articles"][0]["side"] = serde_json::json!(side);
        assert_eq!(v.is_valid(&d), ok, "{side:?}");
        assert_eq!(rashomon_core::store::check_side(side).is_ok(), ok, "{side:?}");
    }
}

#[test]
fn project_qde_validates_against_the_refi_qda_xsd() {
    let d = tempfile::tempdir().unwrap();
    let s = project(d.path());
    let files = export(&s, d.path(), ExportFormat::Qdpx, ExportScope::default(), "p.qdpx");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&files[0]).unwrap()).unwrap();
    let names: Vec<String> = z.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert!(names.contains(&"project.qde".to_string()));
    assert_eq!(names.iter().filter(|n| n.starts_with("Sources/") && n.ends_with(".txt")).count(), 5);
    let qde = d.path().join("project.qde");
    std::io::copy(&mut z.by_name("project.qde").unwrap(), &mut std::fs::File::create(&qde).unwrap()).unwrap();
    let xsd = manifest_dir().join("tests/fixtures/refi-qda/Project.xsd");
    let out = std::process::Command::new("xmllint").arg("--noout").arg("--schema").arg(&xsd).arg(&qde).output().expect("xmllint (Debian libxml2-utils) is installed");
    assert!(out.status.success(), "project.qde does not validate:\n{}", String::from_utf8_lossy(&out.stderr));
    // And the validator does fail on a broken document (the check can fail).
    let broken = std::fs::read_to_string(&qde).unwrap().replacen("isCodable=\"true\"", "isCodable=\"maybe\"", 1);
    std::fs::write(&qde, broken).unwrap();
    let out = std::process::Command::new("xmllint").arg("--noout").arg("--schema").arg(&xsd).arg(&qde).output().unwrap();
    assert!(!out.status.success());
}

#[test]
fn qdpx_round_trip_keeps_every_codings_text() {
    let d = tempfile::tempdir().unwrap();
    let s = project(d.path());
    let files = export(&s, d.path(), ExportFormat::Qdpx, ExportScope::default(), "p.qdpx");
    // What was coded, as (code name, text): a pair coding codes both of its claims.
    let mut want: Vec<(String, String)> = Vec::new();
    for c in api::list_codings(&s, None).unwrap() {
        match c.target {
            CodingTarget::Selection { article_id, span } => want.push((c.code_name.clone(), api::get_article(&s, article_id).unwrap().page_text[span.start..span.end].to_string())),
            CodingTarget::Pair { pair } => {
                for (id, sp) in [(pair.a_article, pair.a), (pair.b_article, pair.b)] {
                    if let Some(sp) = sp {
                        want.push((c.code_name.clone(), api::get_article(&s, id).unwrap().page_text[sp.start..sp.end].to_string()));
                    }
                }
            }
        }
    }
    want.sort();
    let d2 = tempfile::tempdir().unwrap();
    let mut s2 = Store::open(&d2.path().join("other.rashomon")).unwrap();
    let r = api::import(&mut s2, &[PathBuf::from(&files[0])], &Default::default(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!((r.imported, r.failed), (5, 0), "{:?}", r.items);
    assert_eq!(r.codes_added, 3);
    assert_eq!(r.codings_skipped, 0);
    let mut got: Vec<(String, String)> = api::list_codings(&s2, None)
        .unwrap()
        .into_iter()
        .map(|c| match c.target {
            CodingTarget::Selection { article_id, span } => (c.code_name, api::get_article(&s2, article_id).unwrap().page_text[span.start..span.end].to_string()),
            CodingTarget::Pair { .. } => panic!("qdpx has no pairs"),
        })
        .collect();
    got.sort();
    assert_eq!(got, want);
    // Nesting, colour and description survive; the metadata comes back from the variables.
    let codes = api::list_codes(&s2, false).unwrap();
    let child = codes.iter().find(|c| c.name == "Turkish soldiers killed").unwrap();
    let parent = codes.iter().find(|c| Some(c.id) == child.parent_id).unwrap();
    assert_eq!((parent.name.as_str(), parent.colour.as_str(), parent.description.as_deref()), ("casualties", "#d62728", Some("deaths & wounded <counted>")));
    let rt = api::list_articles(&s2).unwrap().into_iter().find(|a| a.outlet.as_deref() == Some("RT Arabic")).unwrap();
    assert_eq!((rt.side.as_str(), rt.language.as_str(), rt.published.as_deref()), ("russian", "ar", Some("2020-03-05")));
    assert!(api::list_notes(&s2).unwrap().iter().any(|n| n.text.contains("Sample project")));
    // Importing the same project again adds nothing.
    let again = api::import(&mut s2, &[PathBuf::from(&files[0])], &Default::default(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!((again.already_imported, again.codes_added, again.codings_added, again.notes_added), (5, 0, 0, 0));
}

#[test]
fn html_report_is_self_contained_and_inert() {
    let d = tempfile::tempdir().unwrap();
    let s = project(d.path());
    let files = export(&s, d.path(), ExportFormat::Html, ExportScope::default(), "r.html");
    let h = std::fs::read_to_string(&files[0]).unwrap();
    assert!(!h.contains("<script"), "no script element, not even from a note");
    assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    for ext in ["src=\"http", "href=\"//", "@import", "url(http", "<link", "<iframe", "<img"] {
        assert!(!h.contains(ext), "external reference {ext}");
    }
    assert!(h.contains("<svg") && h.contains("dir=\"auto\"") && h.contains("@media print"));
    assert!(h.contains("<mark class=\"d\">"), "word differences highlighted");
    assert!(h.contains("numeric contradiction, explained by date"));
}

#[test]
fn save_as_writes_a_project_that_opens_with_everything() {
    let d = tempfile::tempdir().unwrap();
    let s = project(d.path());
    let dest = d.path().join("copy.rashomon");
    std::fs::write(&dest, b"an older file").unwrap();
    let r = api::save_as(&s, &dest).unwrap();
    assert!(r.bytes > 10_000);
    let s2 = api::open(&dest).unwrap();
    assert_eq!(api::list_articles(&s2).unwrap().len(), 5);
    assert_eq!(api::list_verdicts(&s2).unwrap(), api::list_verdicts(&s).unwrap());
    assert_eq!(api::list_notes(&s2).unwrap(), api::list_notes(&s).unwrap());
    // A verdict stays in force in the copy.
    let c = api::compare(&s2, 4, 5).unwrap();
    assert_eq!(c.pairs.iter().filter(|p| p.label_source == api::LabelSource::Researcher).count(), 3);
    let e = api::save_as(&s, &d.path().join("missing/dir/x.rashomon")).unwrap_err();
    assert!(e.message.contains("does not exist"), "{}", e.message);
    let leftovers: Vec<_> = std::fs::read_dir(d.path()).unwrap().filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
    assert!(leftovers.is_empty());
}
