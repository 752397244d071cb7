//! `api::edit_article` with a language: an article imported under the wrong language is read
//! again by the right one's rules — sentences, search index, claims — exactly as an import under
//! that language would have read it, and nothing pointing at its bytes is lost (a real SQLite file).
use std::path::Path;
use std::sync::atomic::AtomicBool;

use rashomon_core::api::{self, ArticleEdit, ImportOptions};
use rashomon_core::span::Span;
use rashomon_core::store::findings::{CodingTarget, NewCode};
use rashomon_core::store::Store;

fn import_one(s: &mut Store, file: &Path, language: Option<&str>) -> i64 {
    let opts = ImportOptions { language: language.map(str::to_owned), ..Default::default() };
    let r = api::import(s, &[file.to_path_buf()], &opts, &mut |_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(r.imported, 1, "{r:?}");
    api::list_articles(s).unwrap().iter().find(|a| a.source_name == file.file_name().unwrap().to_string_lossy()).unwrap().id
}

fn spans(s: &Store, id: i64) -> Vec<(usize, usize)> {
    api::get_article(s, id).unwrap().sentences.iter().map(|x| (x.start, x.end)).collect()
}

#[test]
fn a_new_language_reads_the_article_again_as_an_import_in_it_would() {
    rashomon_core::semantic::disable();
    let dir = tempfile::tempdir().unwrap();
    // A Russian account whose abbreviations ("г.", "им.") only Russian rules read as such.
    let page = dir.path().join("peskov.txt");
    std::fs::write(
        &page,
        "Песков: встреча прошла в г. Москве им. Ленина\n\n\
         В 2020 г. в Идлибе погибли военные, т.е. 33 человека. Встреча прошла в г. Москве им. Ленина. \
         «Мы не знали о присутствии турецких военных», — заявил Песков. Анкара обвинила Дамаск в ударе.\n",
    )
    .unwrap();

    // The reference: the page imported as Russian.
    let mut right = Store::open(&dir.path().join("right.db")).unwrap();
    let rid = import_one(&mut right, &page, Some("ru"));
    // The same page imported as English (a wrong --lang, or a misdetected short page).
    let mut s = Store::open(&dir.path().join("library.db")).unwrap();
    let id = import_one(&mut s, &page, Some("en"));
    assert_ne!(spans(&s, id), spans(&right, rid), "the page must split differently by the two languages' rules for this test to mean anything");
    assert_ne!(api::claims_of(&api::get_article(&s, id).unwrap()), api::claims_of(&api::get_article(&right, rid).unwrap()));

    // Work on it that points at its bytes.
    let code = api::add_code(&mut s, &NewCode { name: "casualties".into(), colour: None, description: None, parent_id: None }).unwrap();
    let before = api::get_article(&s, id).unwrap();
    let first = &before.sentences[0];
    let coded = api::add_coding(&mut s, code.id, &CodingTarget::Selection { article_id: id, span: Span::new(first.start, first.end) }).unwrap();

    // A language Rashomon does not read: refused, nothing changed.
    for bad in ["fr", "xx", "Russian!"] {
        let e = api::edit_article(&mut s, id, &ArticleEdit { language: Some(bad.into()), ..Default::default() }).unwrap_err();
        assert!(e.message.contains("is not one Rashomon reads"), "{bad}: {}", e.message);
    }
    assert_eq!(spans(&s, id), before.sentences.iter().map(|x| (x.start, x.end)).collect::<Vec<_>>());

    let summary = api::edit_article(&mut s, id, &ArticleEdit { language: Some("ru".into()), ..Default::default() }).unwrap();
    assert_eq!(summary.language, "ru");
    let after = api::get_article(&s, id).unwrap();
    assert_eq!(spans(&s, id), spans(&right, rid), "sentences as the Russian import split them");
    assert_eq!(api::claims_of(&after), api::claims_of(&api::get_article(&right, rid).unwrap()), "claims as the Russian import reads them");
    // The page itself, and what points at it, are as they were.
    assert_eq!((&after.page_text, &after.raw_sha256, &after.clean_text), (&before.page_text, &before.raw_sha256, &before.clean_text));
    assert_eq!(api::list_codings(&s, Some(id)).unwrap(), vec![coded]);
    // The search index holds the new sentences, once each.
    let sentence_hits = |s: &Store| api::search(s, "Анкара", 100).unwrap().into_iter().filter(|h| h.sentence.is_some()).collect::<Vec<_>>();
    let hits = sentence_hits(&s);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.article_id == id && after.sentences.iter().any(|x| x.start == h.start && x.end == h.end)), "{hits:?}");
    assert_eq!(hits.len(), sentence_hits(&right).len());

    // The same language again changes nothing; a reopened store reads what was committed.
    api::edit_article(&mut s, id, &ArticleEdit { language: Some("Russian".into()), ..Default::default() }).unwrap();
    drop(s);
    let s = Store::open(&dir.path().join("library.db")).unwrap();
    assert_eq!(spans(&s, id), spans(&right, rid));
    assert_eq!(api::get_article(&s, id).unwrap().summary.language, "ru");
}
