//! The property alignment relies on: a sentence and its translations are nearer to each other than
//! to anything unrelated, across Arabic, Russian, Turkish and English scripts.

mod common;
use rashomon_embed::Prefix;

#[test]
fn translations_are_nearer_than_unrelated_sentences() {
    let Some(e) = common::embedder() else { return };
    let event = [
        "قتل 33 جنديا تركيا في غارة جوية على إدلب يوم الخميس.",
        "Тридцать три турецких военнослужащих погибли в результате авиаудара в Идлибе в четверг.",
        "Perşembe günü İdlib'e düzenlenen hava saldırısında 33 Türk askeri hayatını kaybetti.",
        "Thirty-three Turkish soldiers were killed in an air strike in Idlib on Thursday.",
    ];
    let unrelated = [
        "ارتفعت أسعار الذهب في الأسواق المحلية اليوم مع تراجع الدولار.",
        "В Москве открылась выставка современного искусства.",
        "Galatasaray dün akşam deplasmanda 2-1 kazandı.",
        "The weather in Lisbon was sunny and warm all week, perfect for the beach.",
    ];
    let v = e.embed(&event, Prefix::Passage);
    let u = e.embed(&unrelated, Prefix::Passage);
    for i in 0..event.len() {
        let nearest_unrelated = u.iter().map(|x| common::dot(&v[i], x)).fold(f32::MIN, f32::max);
        for j in 0..event.len() {
            if i == j {
                continue;
            }
            let sim = common::dot(&v[i], &v[j]);
            assert!(
                sim > nearest_unrelated,
                "{:?} ~ {:?} = {sim}, but an unrelated sentence scores {nearest_unrelated}",
                event[i],
                event[j]
            );
        }
    }
    // and the vectors are unit length
    for x in v.iter().chain(&u) {
        assert!((common::dot(x, x) - 1.0).abs() < 1e-4);
    }
}

#[test]
fn query_and_passage_prefixes_differ() {
    let Some(e) = common::embedder() else { return };
    let q = e.embed_one("how many soldiers died in Idlib", Prefix::Query);
    let p = e.embed_one("how many soldiers died in Idlib", Prefix::Passage);
    let c = common::dot(&q, &p);
    assert!(c < 0.9999 && c > 0.8, "query vs passage cosine {c}");
    let qi = e.token_ids("x", Prefix::Query);
    let pi = e.token_ids("x", Prefix::Passage);
    let text = |ids: &[u32]| ids[1..ids.len() - 1].iter().map(|&i| e.piece(i).unwrap()).collect::<String>();
    assert_eq!(text(&qi), "\u{2581}query:\u{2581}x");
    assert_eq!(text(&pi), "\u{2581}passage:\u{2581}x");
    assert_eq!((qi[0], *qi.last().unwrap()), (0, 2), "<s> … </s>");
}
