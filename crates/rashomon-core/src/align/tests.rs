use super::*;
use crate::claims::analyze;
use crate::text::segment::sentences;

/// Align two small texts (one sentence per line) and return the rows.
fn run(a: &str, la: Lang, b: &str, lb: Lang, pa: Option<&str>, pb: Option<&str>) -> Vec<AlignedPair> {
    let spans = |t: &str, l: Lang| sentences(t, Span::new(0, t.len()), l);
    let (sa, sb) = (spans(a, la), spans(b, lb));
    let (ca, cb) = (analyze(a, &sa, la), analyze(b, &sb, lb));
    let da = Doc { text: a, lang: la, claims: &ca, published: pa, vectors: None };
    let db = Doc { text: b, lang: lb, claims: &cb, published: pb, vectors: None };
    align(&da, &db, &Params::default())
}

fn row<'a>(rows: &'a [AlignedPair], a_has: &str, b_has: &str) -> &'a AlignedPair {
    rows.iter()
        .find(|r| r.a.as_ref().is_some_and(|x| x.text.contains(a_has)) && r.b.as_ref().is_some_and(|y| y.text.contains(b_has)))
        .unwrap_or_else(|| panic!("no row pairing «{a_has}» with «{b_has}»: {rows:#?}"))
}

const EN_A: &str = "Turkish officials said 33 soldiers were killed in the air strike in Idlib. \
    Ankara said it had informed Moscow of the positions of its troops. \
    The talks in Moscow will continue next week, the ministry said.";
const EN_B: &str = "The talks in Moscow will continue next week, the ministry said. \
    Russian officials said 36 soldiers were killed in the air strike in Idlib. \
    Ankara did not inform Moscow of the positions of its troops. \
    The Kremlin expressed condolences to the families of the dead.";

#[test]
fn numeric_polarity_same_and_omission_in_english() {
    let rows = run(EN_A, Lang::En, EN_B, Lang::En, None, None);
    let n = row(&rows, "33 soldiers", "36 soldiers");
    assert_eq!((n.relation, n.kind), (Relation::Contradiction, ContradictionKind::Numeric), "{n:#?}");
    assert!(n.explanation.as_deref().unwrap().contains("33 vs 36"), "{:?}", n.explanation);
    let p = row(&rows, "had informed", "did not inform");
    assert_eq!((p.relation, p.kind), (Relation::Contradiction, ContradictionKind::Polarity), "{p:#?}");
    let s = row(&rows, "talks in Moscow", "talks in Moscow");
    assert_eq!(s.relation, Relation::Same);
    assert!(s.diff.iter().all(|d| d.op == DiffOpKind::Equal));
    let om = rows.iter().find(|r| r.a.is_none() && r.b.as_ref().is_some_and(|y| y.text.contains("condolences"))).expect("omission row");
    assert_eq!(om.relation, Relation::Omission);
    // Every unit appears exactly once.
    assert_eq!(rows.iter().filter(|r| r.a.is_some()).count(), 3);
    assert_eq!(rows.iter().filter(|r| r.b.is_some()).count(), 4);
}

#[test]
fn qualifiers_and_dates_soften_numbers() {
    let a = "More than 30 soldiers were killed in the strike, officials said.";
    let b = "33 soldiers were killed in the strike, officials said.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    assert_ne!(rows[0].relation, Relation::Contradiction, "more than 30 agrees with 33: {rows:#?}");
    let a = "33 soldiers were killed in the strike, officials said.";
    let b = "36 soldiers were killed in the strike, officials said.";
    let rows = run(a, Lang::En, b, Lang::En, Some("2020-02-28"), Some("2020-03-01"));
    let r = row(&rows, "33", "36");
    assert_eq!((r.relation, r.kind), (Relation::Related, ContradictionKind::Numeric), "different days: {r:#?}");
    assert!(r.explanation.as_deref().unwrap().contains("different days"));
}

#[test]
fn arabic_numbers_polarity_and_framing() {
    let a = "قال مسؤولون أتراك إن 33 جنديا قتلوا في غارة جوية للنظام السوري في إدلب.\n\
             وأكدت أنقرة أنها أبلغت موسكو بمواقع جنودها في المنطقة.";
    let b = "وأعلنت وزارة الدفاع أن 36 جنديا قتلوا في غارة جوية للجيش السوري في إدلب.\n\
             وقالت موسكو إن أنقرة لم تبلغ بمواقع جنودها في المنطقة.";
    let rows = run(a, Lang::Ar, b, Lang::Ar, None, None);
    let n = row(&rows, "33", "36");
    assert_eq!(n.kind, ContradictionKind::Numeric, "{n:#?}");
    let p = row(&rows, "أبلغت", "لم تبلغ");
    assert_eq!((p.relation, p.kind), (Relation::Contradiction, ContradictionKind::Polarity), "{p:#?}");
    // Framing is named even when the numbers differ too: the same pair, without numbers.
    let a = "قصفت قوات النظام مواقع في ريف إدلب الجنوبي صباح اليوم.";
    let b = "قصفت القوات السورية مواقع في ريف إدلب الجنوبي صباح اليوم.";
    let rows = run(a, Lang::Ar, b, Lang::Ar, None, None);
    assert_eq!(rows[0].kind, ContradictionKind::Framing, "{rows:#?}");
    assert!(rows[0].explanation.as_deref().unwrap().contains("قوات النظام"));
}

#[test]
fn order_of_units_does_not_change_the_pairs() {
    let rows1 = run(EN_A, Lang::En, EN_B, Lang::En, None, None);
    let pairs = |rows: &[AlignedPair]| -> Vec<(String, String, Relation)> {
        let mut v: Vec<_> = rows
            .iter()
            .filter_map(|r| Some((r.a.as_ref()?.text.clone(), r.b.as_ref()?.text.clone(), r.relation)))
            .collect();
        v.sort_by(|x, y| x.0.cmp(&y.0));
        v
    };
    // Reverse B's sentences.
    let mut sb: Vec<&str> = EN_B.split_inclusive(". ").collect();
    sb.reverse();
    let b2 = sb.iter().map(|s| s.trim()).collect::<Vec<_>>().join(" ");
    let rows2 = run(EN_A, Lang::En, &b2, Lang::En, None, None);
    assert_eq!(pairs(&rows1), pairs(&rows2));
}

#[test]
fn diff_spans_point_into_the_original_texts() {
    let rows = run(EN_A, Lang::En, EN_B, Lang::En, None, None);
    for r in &rows {
        for d in &r.diff {
            if let Some(s) = d.a_span {
                assert_eq!(&EN_A[s.start..s.end], d.a_text);
            }
            if let Some(s) = d.b_span {
                assert_eq!(&EN_B[s.start..s.end], d.b_text);
            }
        }
    }
    let n = row(&rows, "33 soldiers", "36 soldiers");
    assert!(n.diff.iter().any(|d| d.op == DiffOpKind::Replace && d.a_text.contains("33") && d.b_text.contains("36")), "{:#?}", n.diff);
}

#[test]
fn numbers_conflict_across_languages() {
    use crate::claims::analyze;
    let ru = "Турецкие военные: 33 военнослужащих погибли при авиаударе в Идлибе.";
    let tr = "Türk yetkililer: İdlib'deki hava saldırısında 36 asker hayatını kaybetti.";
    let (sr, st) = (sentences(ru, Span::new(0, ru.len()), Lang::Ru), sentences(tr, Span::new(0, tr.len()), Lang::Tr));
    let (cr, ct) = (analyze(ru, &sr, Lang::Ru), analyze(tr, &st, Lang::Tr));
    let ur = features::Unit::from_claim(ru, &cr[0], Lang::Ru);
    let ut = features::Unit::from_claim(tr, &ct[0], Lang::Tr);
    assert!(!ur.numbers.is_empty() && !ut.numbers.is_empty(), "{ur:?} {ut:?}");
    let da = Doc { text: ru, lang: Lang::Ru, claims: &cr, published: None, vectors: None };
    let db = Doc { text: tr, lang: Lang::Tr, claims: &ct, published: None, vectors: None };
    let (why, same_day) = numeric_conflict(&ur, &ut, &da, &db).expect("33 военнослужащих vs 36 asker conflict");
    assert!(same_day && why.contains("33 vs 36"), "{why}");
    // Durations never conflict: six hours of talks against 24 hours of shelling.
    let a = "The talks lasted 6 hours.";
    let b = "The shelling lasted 24 hours.";
    let (sa, sb) = (sentences(a, Span::new(0, a.len()), Lang::En), sentences(b, Span::new(0, b.len()), Lang::En));
    let (ca, cb) = (analyze(a, &sa, Lang::En), analyze(b, &sb, Lang::En));
    let (ua, ub) = (features::Unit::from_claim(a, &ca[0], Lang::En), features::Unit::from_claim(b, &cb[0], Lang::En));
    let (da, db) = (Doc { text: a, lang: Lang::En, claims: &ca, published: None, vectors: None }, Doc { text: b, lang: Lang::En, claims: &cb, published: None, vectors: None });
    assert!(numeric_conflict(&ua, &ub, &da, &db).is_none());
}

#[test]
fn a_denial_contradicts_only_what_it_denies() {
    // The denial governs "inform … positions"; the other side speaks of the talks.
    let a = "Ankara did not inform Moscow of the positions of its troops, officials said.";
    let b = "Ankara and Moscow will continue the talks next week, officials said.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    assert!(rows.iter().all(|r| r.kind != ContradictionKind::Polarity), "no shared act, no polarity: {rows:#?}");
    // A side that itself reports a failure agrees with the denial.
    let a = "Turkey did not prevent the attacks on the Russian base, the Kremlin said.";
    let b = "Moscow accused Turkey of failing to prevent the attacks on the Russian base.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    assert!(rows.iter().all(|r| r.kind != ContradictionKind::Polarity), "failure agrees with denial: {rows:#?}");
}

#[test]
fn a_contradiction_is_found_beyond_the_one_to_one_pairs() {
    // B's lede pairs with A's lede; A's second claim denies what B's lede affirms.
    let a = "Putin and Erdogan met in Moscow on Thursday for six hours. \
        Analysts said the two presidents could not agree on a ceasefire in Idlib.";
    let b = "Putin and Erdogan met in Moscow on Thursday and agreed on a ceasefire in Idlib from midnight.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    let r = row(&rows, "could not agree", "agreed on a ceasefire");
    assert_eq!((r.relation, r.kind), (Relation::Contradiction, ContradictionKind::Polarity), "{rows:#?}");
    // The lede still has its own pair.
    assert!(rows.iter().any(|r| r.a.as_ref().is_some_and(|x| x.text.contains("six hours")) && r.b.is_some()), "{rows:#?}");
}

#[test]
fn blame_laid_on_different_sides_is_an_attribution_contradiction() {
    let a = "Erdogan said the Syrian regime is responsible for the collapse of the Idlib agreements.";
    let b = "Putin said the actions of the militants led to the resumption of hostilities in Idlib.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    let r = row(&rows, "Syrian regime", "militants");
    assert_eq!((r.relation, r.kind), (Relation::Contradiction, ContradictionKind::Attribution), "{rows:#?}");
    // The same blame on both sides is no contradiction.
    let b = "Putin said the Syrian regime led to the resumption of hostilities in Idlib.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    assert!(rows.iter().all(|r| r.kind != ContradictionKind::Attribution), "{rows:#?}");
}

#[test]
fn accusations_of_different_acts_are_no_attribution_contradiction() {
    // Both lay blame on the other side, but one for attacks not prevented, the other for support
    // given: not the same act given to different actors.
    let a = "The Kremlin accused Turkey of failing to prevent the attacks on Russian bases in Idlib.";
    let b = "A Turkish official accused Russia of stepping up its support to the Syrian army near Idlib.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    assert!(rows.iter().all(|r| r.kind != ContradictionKind::Attribution), "{rows:#?}");
    // The same act (attacks), blamed on different sides, still is one.
    let b = "A Turkish official accused Russia of the attacks on Turkish posts in Idlib.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    assert!(rows.iter().any(|r| r.kind == ContradictionKind::Attribution), "{rows:#?}");
}

#[test]
fn predicate_concepts_across_languages() {
    use features::predicate;
    for (w, c) in [("سيجتمعان", Some(1)), ("لقاء", Some(1)), ("встретятся", Some(1)), ("görüşecek", Some(1)), ("meeting", Some(1))] {
        assert_eq!(predicate(w), c, "{w}");
    }
    for (w, c) in [("التوصل", Some(2)), ("согласились", Some(2)), ("anlaştı", Some(2)), ("agreed", Some(2))] {
        assert_eq!(predicate(w), c, "{w}");
    }
    // The conjunction and the article: "وبالاتفاق", "للاتفاق".
    assert_eq!(predicate("وبالاتفاق"), Some(2));
    assert_eq!(predicate("للاتفاق"), Some(2));
    // Failure words, the verb forms that begin with ف among them.
    for w in ["فشلت", "وفشل", "بالفشل", "failed"] {
        assert!(features::is_failure_word(w), "{w}");
    }
    // "according to" is not "agree"; "background" is not "support"; a ministry (وزارة) is no
    // visit (زيارة), a period (dönem) no return, a ceasefire (прекращение) no suspension.
    for w in ["согласно", "background", "قال", "وزاره", "dönem", "прекращение"] {
        assert_eq!(predicate(w), None, "{w}");
    }
    // The acts of session 6 across languages: receive, allow, suspend.
    for (w, c) in [("получила", Some(9)), ("حصلت", Some(9)), ("received", Some(9)), ("تسمح", Some(10)), ("допустит", Some(10)), ("izin", Some(10)), ("приостановила", Some(18)), ("askıya", Some(18))] {
        assert_eq!(predicate(w), c, "{w}");
    }
}

#[test]
fn officials_are_not_responsibility() {
    let blame = |s: &str| features::has_blame_cue(&features::tokenize(s, Span::new(0, s.len()), Lang::Ar));
    assert!(!blame("وأكد مسؤولون أتراك أن روسيا حصلت على ضمانات"));
    assert!(blame("وحمل أردوغان النظام السوري مسؤولية التصعيد"));
    assert!(blame("قال إن روسيا مسؤولة عن الهجوم"));
    assert!(blame("وطالب بمحاسبة المسؤولين عن الهجوم"));
}

#[test]
fn a_denial_of_the_same_act_between_the_same_parties_contradicts_across_languages() {
    // No words in common and no embeddings: the act (inform) and the parties (Moscow / Rusya,
    // Ankara / Türkiye) carry it.
    let a = "Putin said Moscow had quickly informed Ankara of all the attacks on the air base.";
    let b = "Türk yetkililer, Rusya'nın bu olaylar hakkında Türkiye'yi bilgilendirmediğini söyledi.";
    let rows = run(a, Lang::En, b, Lang::Tr, None, None);
    let r = row(&rows, "informed Ankara", "bilgilendirmediğini");
    assert_eq!((r.relation, r.kind), (Relation::Contradiction, ContradictionKind::Polarity), "{rows:#?}");
}

#[test]
fn a_denial_denies_its_verb_not_the_verbs_object() {
    let unit = |t: &str, l: Lang| {
        let c = analyze(t, &sentences(t, Span::new(0, t.len()), l), l);
        features::Unit::from_claim(t, &c[0], l)
    };
    // "did not prevent the attacks" does not deny that there were attacks …
    let u = unit("ولم تمنع الهجمات على المنشآت العسكرية الروسية في إدلب.", Lang::Ar);
    assert!(u.negated && u.neg_head.is_empty(), "{:?}", u.neg_head);
    let u = unit("Turkey did not prevent the attacks on the Russian base.", Lang::En);
    assert!(u.negated && u.neg_head.is_empty(), "{:?}", u.neg_head);
    // … while after a verb of ability or intent the act is its complement, past the subject.
    for (t, l, act) in [
        ("وعدم تمكّن الرئيسين اليوم الخميس من الاتفاق على وقف لإطلاق النار.", Lang::Ar, 2),
        ("الرئيسان لا يعتزمان عقد لقاء بشأن إدلب.", Lang::Ar, 1),
        ("The two presidents could not agree on a ceasefire.", Lang::En, 2),
        ("Президенты не смогли договориться о перемирии.", Lang::Ru, 2),
        ("Ankara did not inform Moscow of the positions.", Lang::En, 3),
    ] {
        let u = unit(t, l);
        assert_eq!(u.neg_head, vec![act], "{t}");
    }
    // So a denial of preventing attacks does not contradict a report of an attack.
    let a = "The Kremlin said Turkey did not prevent the attacks on Russian facilities in Idlib.";
    let b = "The second attack on Russian facilities in Idlib came during the talks, the Kremlin said.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    assert!(rows.iter().all(|r| r.kind != ContradictionKind::Polarity), "{rows:#?}");
}

#[test]
fn the_same_accusation_in_other_words_is_a_paraphrase() {
    let a = "Moscow accuses Turkey of failing to curb the militants in Idlib. \
        The Turkish army sent reinforcements to the border on Monday.";
    let b = "Officials reported heavy shelling near Saraqeb on Monday. \
        The Kremlin accused Turkey of not preventing attacks on Russian bases.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    let r = row(&rows, "Moscow accuses Turkey", "Kremlin accused Turkey");
    assert_eq!(r.relation, Relation::Paraphrase, "{rows:#?}");
    assert!(r.explanation.as_deref().is_some_and(|e| e.contains("both blame")), "{r:#?}");
    // Blame laid by speakers of opposite sides on one party is not the same claim retold.
    let b = "Officials reported heavy shelling near Saraqeb on Monday. \
        Ankara accused Turkey's own commanders of not preventing attacks on the bases.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    assert!(rows.iter().all(|r| !r.explanation.as_deref().is_some_and(|e| e.contains("both blame"))), "{rows:#?}");
}

#[test]
fn a_running_total_holds_the_count_of_one_attack() {
    for (a, b, l) in [
        ("Five Turkish soldiers were killed in the second attack on Monday.", "The clashes killed 13 Turkish soldiers in one week, a diplomat said.", Lang::En),
        ("وأسفر الهجوم الثاني عن مقتل خمسة جنود أتراك.", "وأودت الاشتباكات بحياة 13 جنديا تركيا خلال أسبوع واحد فقط.", Lang::Ar),
        ("Пять турецких военных погибли при втором ударе.", "За неделю погибли 13 турецких военных.", Lang::Ru),
    ] {
        let rows = run(a, l, b, l, None, None);
        assert!(rows.iter().all(|r| r.kind != ContradictionKind::Numeric), "{a} / {b}: {rows:#?}");
    }
    // Two totals of one period still disagree.
    let rows = run("The clashes killed 13 Turkish soldiers in one week.", Lang::En, "The clashes killed 17 Turkish soldiers in one week.", Lang::En, None, None);
    assert!(rows.iter().any(|r| r.kind == ContradictionKind::Numeric), "{rows:#?}");
}

#[test]
fn claims_that_share_only_names_are_related_not_paraphrases() {
    let a = "Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan will hold talks next week in Moscow.";
    let b = "Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan agreed on a ceasefire in Idlib from midnight.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    let r = row(&rows, "hold talks", "agreed on a ceasefire");
    assert_eq!(r.relation, Relation::Related, "{rows:#?}");
    // The same claim in other words, names and all, is a paraphrase.
    let b = "Vladimir Putin and Recep Tayyip Erdogan will hold talks in Moscow next week, the Kremlin said.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    let r = row(&rows, "hold talks", "hold talks");
    assert!(matches!(r.relation, Relation::Paraphrase | Relation::Same), "{rows:#?}");
}

#[test]
fn violating_an_agreement_lays_blame_in_four_languages() {
    let blame = |t: &str, l: Lang| features::has_blame_cue(&features::tokenize(t, Span::new(0, t.len()), l));
    assert!(blame("Erdoğan, rejimin saldırganlığının İdlib'deki mutabakatları bozduğunu söyledi.", Lang::Tr));
    assert!(blame("The regime violated the Sochi agreement, Ankara said.", Lang::En));
    assert!(blame("Анкара заявила, что режим нарушил сочинские договоренности.", Lang::Ru));
    assert!(blame("وقالت أنقرة إن النظام انتهك اتفاق سوتشي.", Lang::Ar));
    assert!(!blame("Fighting broke out near Saraqeb on Monday.", Lang::En));
    // The same blame told in English and Turkish, by the same speaker: one claim retold.
    let a = "Erdogan said the Syrian regime's aggression was responsible for the breakdown of the agreements on Idlib.";
    let b = "Erdoğan, rejimin saldırganlığının İdlib'deki mutabakatları bozduğunu söyledi.";
    let rows = run(a, Lang::En, b, Lang::Tr, None, None);
    let r = row(&rows, "Erdogan said", "Erdoğan");
    assert_eq!(r.relation, Relation::Paraphrase, "{rows:#?}");
}

#[test]
fn a_denial_and_an_affirmation_on_different_days_say_so() {
    let a = "Peskov said Putin and Erdogan do not plan to meet on Idlib.";
    let b = "Putin and Erdogan met in Moscow for six hours of talks on Idlib.";
    let rows = run(a, Lang::En, b, Lang::En, Some("2020-02-11"), Some("2020-03-05T10:00:00Z"));
    let r = rows.iter().find(|r| r.kind == ContradictionKind::Polarity).unwrap_or_else(|| panic!("{rows:#?}"));
    assert!(r.explanation.as_deref().is_some_and(|e| e.contains("reported on different days: 2020-02-11 / 2020-03-05")), "{r:#?}");
    let rows = run(a, Lang::En, b, Lang::En, Some("2020-03-05"), Some("2020-03-05"));
    assert!(rows.iter().all(|r| !r.explanation.as_deref().is_some_and(|e| e.contains("different days"))), "{rows:#?}");
}

#[test]
fn will_not_resume_against_will_resume_in_arabic() {
    // The future prefix س does not hide the denied verb: "لن تستأنف" / "ستستأنف".
    let a = "وقالت وزارة الدفاع التركية إن المحادثات مع موسكو ستستأنف غدا.";
    let b = "وقالت وزارة الخارجية الروسية إن المحادثات مع أنقرة لن تستأنف.";
    let rows = run(a, Lang::Ar, b, Lang::Ar, None, None);
    assert!(rows.iter().any(|r| r.kind == ContradictionKind::Polarity), "{rows:#?}");
    assert!(features::stems_meet("ستستانف", "تستانف"));
}

#[test]
fn two_shared_notions_make_a_paraphrase_across_languages() {
    // The embedding may score a long Arabic sentence low against a short Turkish one; the
    // ceasefire and the agreeing, named in both, make them one statement.
    let unit = |t: &str, l: Lang| features::Unit::build(t, Span::new(0, t.len()), l);
    let x = unit("من جانبه، أعلن أردوغان أن الطرفين توصلا إلى اتفاق حول وقف إطلاق نار في إدلب.", Lang::Ar);
    let y = unit("Erdoğan ile Putin, İdlib'de ateşkes konusunda anlaştı.", Lang::Tr);
    let (pa, pb) = (Prepared::new(vec![x.clone()]), Prepared::new(vec![y.clone()]));
    let common = common_stems(&pa, Some(&pb));
    assert!(paraphrased(&x, &y, false, (0.15, 0.1), &common, &Params::default()));
    // One notion is not enough: a ceasefire hoped for is not a ceasefire agreed.
    let y = unit("Erdoğan, ateşkesin yakında sağlanacağını umduğunu söyledi.", Lang::Tr);
    let pb = Prepared::new(vec![y.clone()]);
    let common = common_stems(&pa, Some(&pb));
    assert!(!paraphrased(&x, &y, false, (0.15, 0.1), &common, &Params::default()));
}

#[test]
fn the_same_set_phrases_paraphrase_in_one_language() {
    // Russia's position in two outlets: "security only through the sovereignty of Syria and its
    // territorial integrity" / "respect for the sovereignty of Syria and its territorial unity".
    // Few words in common; the two set phrases make them a paraphrase.
    let a = "لكنه قال إنه لا يمكن تحقيق الأمن في إدلب على المدى البعيد إلا من خلال سيادة سوريا واستقلال أراضيها.";
    let b = "وقال أردوغان إن النظام السوري يمنع تحقيق الأمن في إدلب على المدى البعيد. \
        ووصل الوفد التركي إلى موسكو مساء الأربعاء. \
        ننطلق من ضرورة الالتزام بمبدأ احترام سيادة سوريا ووحدة أراضيها.";
    let rows = run(a, Lang::Ar, b, Lang::Ar, None, None);
    // (Erdogan's claim shares more words and takes the pair; the statement of the same position
    // is then a link, and a paraphrase.)
    let r = rows.iter().find(|r| r.b.as_ref().is_some_and(|y| y.clauses == [2]) && r.a.is_some()).unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(r.relation, Relation::Paraphrase, "{rows:#?}");
}

#[test]
fn a_denial_contradicts_across_languages_through_the_act_and_a_set_phrase() {
    // Below the polarity score (no words meet), the denied act and the ceasefire named on the
    // other side make the contradiction; a second act would not ("did not inform before the
    // strike" / "informed of the attacks").
    let unit = |t: &str, l: Lang| {
        let s = sentences(t, Span::new(0, t.len()), l);
        let c = analyze(t, &s, l);
        features::Unit::from_claim(t, &c[0], l)
    };
    let x = unit("ويرى محللون أن الرئيسين لم يتمكنا من الاتفاق على وقف لإطلاق النار في إدلب.", Lang::Ar);
    let y = unit("Президенты России и Турции договорились о прекращении огня в Идлибе.", Lang::Ru);
    assert!(x.negated && !y.negated);
    assert!(denial_named_across(&x, &y));
    let x = unit("وقالت موسكو إن أنقرة لم تبلغ عن وجود جنودها في موقع القصف.", Lang::Ar);
    let y = unit("Putin said Moscow had quickly informed Ankara of all the attacks.", Lang::En);
    assert!(x.negated && !y.negated);
    assert!(!denial_named_across(&x, &y));
}

#[test]
fn terrorists_and_militants_are_one_count_and_entering_is_an_act() {
    // The Turkish ministry's "terrorists neutralised" and a Russian wire's "militants" count the
    // same people; a different number the same day contradicts.
    assert!(same_counted("боевик", "terörist") && same_counted("مسلح", "terrorist"));
    assert!(!same_counted("боевик", "asker"));
    // "will enter" / "will not enter", in two languages, is the same act.
    assert_eq!(features::predicate("войдут"), features::predicate("girmeyeceğini"));
    assert!(features::predicate("войдут").is_some());
    assert_eq!(features::predicate("girişim"), None, "an initiative is not entering");
}

#[test]
fn a_numeric_explanation_names_the_counted_word_without_punctuation() {
    assert_eq!(counted_word("765 боевиков.", "765 боевиков".len()), Some("боевиков"));
    assert_eq!(counted_word("33 soldiers were killed.", 2), Some("soldiers"));
    assert_eq!(counted_word("36 جنديا، وفق الوزارة", 2), Some("جنديا"));
    assert_eq!(counted_word("50.", 2), None);
}

#[test]
fn no_word_diff_across_languages() {
    // Every word differs across languages: the row carries no diff (numbers and speakers are
    // marked apart), where within one language it does.
    let a = "Putin and Erdogan met in Moscow on 5 March 2020 and agreed a ceasefire in Idlib.";
    let b = "Putin ve Erdoğan 5 March 2020 Moscow Idlib ceasefire anlaştı.";
    let rows = run(a, Lang::En, b, Lang::Tr, None, None);
    let r = rows.iter().find(|r| r.a.is_some() && r.b.is_some()).unwrap_or_else(|| panic!("{rows:#?}"));
    assert!(r.diff.is_empty(), "{r:#?}");
    let rows = run(a, Lang::En, "Putin and Erdogan met in Moscow and agreed a truce in Idlib.", Lang::En, None, None);
    assert!(rows.iter().any(|r| r.a.is_some() && r.b.is_some() && !r.diff.is_empty()), "{rows:#?}");
}

#[test]
fn a_clause_joins_its_neighbours_row_only_at_one_polarity() {
    // Unit 0 of A is best matched by B's 0 and 1 (adjacent); B's 1 joins the row only when the
    // joining rule lets it (in the aligner: same polarity, same speaker's side).
    let sim = Grid::from_cells(2, 2, vec![0.6, 0.5, 0.0, 0.0]);
    let p = Params::default();
    let joined = assign(&sim, 2, 2, &p, |_, _, _| true);
    assert_eq!(joined, vec![(0..1, 0..2)]);
    let apart = assign(&sim, 2, 2, &p, |on_a, x, y| on_a || (x, y) != (1, 0));
    assert_eq!(apart, vec![(0..1, 0..1)]);
    // Through the aligner: the Russian denial and the Arabic report of the Russian ministry are
    // one row; the Turkish army's claim beside it (affirmed, another side) is not joined to it.
    let ru = "По данным Министерства обороны России, самолет находился на высоте 6000 метров и не нарушал воздушное пространство Турции.";
    let ar = "وقال الجيش التركي إن الطائرة انتهكت المجال الجوي التركي.\nفي المقابل، أكدت وزارة الدفاع الروسية أن الطائرة لم تغادر الأجواء السورية.";
    let rows = run(ru, Lang::Ru, ar, Lang::Ar, None, None);
    row(&rows, "не нарушал", "لم تغادر");
    for r in rows.iter().filter(|r| r.a.is_some() && r.b.is_some()) {
        assert_eq!(r.b.as_ref().unwrap().clauses.len(), 1, "{rows:#?}");
    }
}

/// The units of `text`'s claims (one per clause), as the aligner builds them.
fn units_of(text: &str, lang: Lang) -> Vec<features::Unit> {
    let s = sentences(text, Span::new(0, text.len()), lang);
    analyze(text, &s, lang).iter().map(|c| features::Unit::from_claim(text, c, lang)).collect()
}

#[test]
fn both_parties_under_accusation_retell_no_one_sided_blame() {
    // "… puts Moscow and Ankara in the circle of accusation, between the implicated and the
    // rescuer": both are suspected, so it is not "Ukrainian officials blamed Moscow" retold.
    let circle = units_of("الأمر الذي يضع موسكو وأنقرة في دائرة الاتهام بين المتورط والمنقذ.", Lang::Ar);
    let blamed = units_of("Ukrainian officials blamed Moscow for delaying the exchange by several weeks.", Lang::En);
    assert!(circle[0].blame && blamed[0].blame);
    assert_eq!(same_blame(&circle[0], &blamed[0]), None);
    assert_eq!(same_blame(&blamed[0], &circle[0]), None);
    // One party accused by both still is the same blame.
    let kremlin = units_of("The Kremlin accused Turkey of not preventing attacks on Russian bases.", Lang::En);
    let moscow = units_of("Moscow accuses Turkey of failing to curb the militants in Idlib.", Lang::En);
    assert!(same_blame(&kremlin[0], &moscow[0]).is_some());
}

#[test]
fn integrate_is_an_act_in_four_languages_and_a_turkish_light_verb_denies_it() {
    use features::predicate;
    for w in ["ستدمج", "دمج", "integrated", "integrate", "интегрированы", "интеграция", "entegre", "entegrasyonu"] {
        assert_eq!(predicate(w), Some(20), "{w}");
    }
    // "will not be integrated into NATO systems": the light verb carries the denial, the noun
    // before it is the act denied.
    let u = units_of("Türkiye, S-400 sistemlerinin NATO sistemlerine entegre edilmeyeceğini vurguladı.", Lang::Tr);
    assert!(u[0].negated && u[0].neg_head.contains(&20), "{:?}", u[0].neg_head);
    let u = units_of("Rusya, Türk hava sahasını ihlal etmediğini açıkladı.", Lang::Tr);
    assert!(u[0].negated && u[0].neg_head.contains(&8), "{:?}", u[0].neg_head);
}

#[test]
fn sailors_are_one_count_in_four_languages() {
    // "24 sailors" / "22 моряка" / "24 denizci" count one crew (and are no soldiers in general).
    assert!(same_counted("sailor", "моряк") && same_counted("моряк", "denizci") && same_counted("بحار", "sailor"));
    assert!(!same_counted("моряк", "asker"));
    let a = "Among those freed by Russia were 24 sailors captured near the Kerch Strait.";
    let b = "Среди переданных Украине — 22 моряка, задержанных в Керченском проливе.";
    let (ua, ub) = (units_of(a, Lang::En), units_of(b, Lang::Ru));
    assert_eq!(ua[0].numbers[0].counted.as_deref(), Some("sailor"));
    assert_eq!(ub[0].numbers[0].counted.as_deref(), Some("моряк"));
}

#[test]
fn a_delay_blamed_on_each_other_is_an_attribution_contradiction_within_one_story_only() {
    // "Because of" lays a cause on someone: Kyiv blames Moscow, Moscow blames Kyiv.
    let a = "Ukrainian officials blamed Moscow for delaying the prisoner exchange by several weeks.";
    let b = "Moscow said the prisoner exchange was delayed by several weeks because of Kyiv.";
    let rows = run(a, Lang::En, b, Lang::En, Some("2019-09-07"), Some("2019-09-07"));
    let r = row(&rows, "blamed Moscow", "because of Kyiv");
    assert_eq!((r.relation, r.kind), (Relation::Contradiction, ContradictionKind::Attribution), "{rows:#?}");
    // Accounts published a year apart tell of two events: no blame of one act.
    let rows = run(a, Lang::En, b, Lang::En, Some("2019-09-07"), Some("2020-09-07"));
    assert!(rows.iter().all(|r| r.kind != ContradictionKind::Attribution), "{rows:#?}");
}

#[test]
fn day_numbers_are_chronos_days_and_nothing_else_is_a_date() {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let mut d = chrono::NaiveDate::from_ymd_opt(1999, 12, 1).unwrap();
    for _ in 0..9_000 {
        let s = d.format("%Y-%m-%d").to_string();
        let expected = Some((d - epoch).num_days());
        assert_eq!(super::day_number(Some(&s)), expected, "{s}");
        assert_eq!(super::day_number(Some(&format!("{s}T10:31:00Z"))), expected, "{s}");
        d = d.succ_opt().unwrap();
    }
    for s in ["2020-02-30", "2021-02-29", "2100-02-29", "1900-02-29", "2020-04-31", "2020-00-10", "2020-05-00", "2020-13-01", "2020-3-5", "2020/03/05", "20-03-2020", "", "2020-03", "٢٠٢٠-٠٣-٠٥", "اليوم الخميس", "2020-0a-05"] {
        assert_eq!(super::day_number(Some(s)), None, "{s}");
    }
    assert_eq!(super::day_number(None), None);
}

#[test]
fn a_merged_unit_takes_nothing_from_the_scratch_it_is_built_in() {
    let us = units_of("Moscow said the talks went well. It said the talks would go on. Ankara agreed.", Lang::En);
    assert!(us.len() >= 2 && us.iter().all(|u| !u.joint_parties && !u.blame), "{us:#?}");
    // The scratch last held a unit of another row that put two parties under suspicion.
    let mut stale = us[1].clone();
    (stale.joint_parties, stale.blame, stale.negated, stale.failure) = (true, true, true, true);
    let mut scratch = Some(stale);
    let m = super::merged(&us, &[0, 1], &mut scratch);
    assert!(!m.joint_parties && !m.blame && !m.negated && !m.failure, "{m:#?}");
    assert_eq!(m.tokens.len(), us[0].tokens.len() + us[1].tokens.len());
    // A part that does carries it to the whole.
    let mut parts = us.clone();
    parts[1].joint_parties = true;
    assert!(super::merged(&parts, &[0, 1], &mut scratch).joint_parties);
}

#[test]
fn a_denial_and_an_affirmation_months_apart_are_no_polarity_contradiction() {
    // One day: "informed" / "did not inform" contradict.
    let rows = run(EN_A, Lang::En, EN_B, Lang::En, Some("2020-03-05"), Some("2020-03-05"));
    assert!(rows.iter().any(|r| r.kind == ContradictionKind::Polarity), "{rows:#?}");
    // Four years apart (the Idlib summit of 2020, the Karlov killing of 2016) they tell of two
    // events: neither the aligned row nor a link beyond it is a polarity contradiction.
    let rows = run(EN_A, Lang::En, EN_B, Lang::En, Some("2020-03-05"), Some("2016-12-20"));
    assert!(rows.iter().all(|r| r.kind != ContradictionKind::Polarity), "{rows:#?}");
}

/// `Best` keeps what sorting all values (highest first, ties by place) and taking the first
/// LINK_CANDIDATES keeps: on random rows with many ties, signed zeros and fewer values than
/// candidates.
#[test]
fn the_best_candidates_are_the_first_of_the_sorted_values() {
    let mut rng = XorShift(0x5851f42d4c957f2d);
    for case in 0..20_000 {
        let len = rng.below(12) as usize;
        let levels = [2, 4, 1000][case % 3];
        let values: Vec<f64> = (0..len).map(|_| if rng.below(9) == 0 { -0.0 } else { rng.below(levels) as f64 / levels as f64 }).collect();
        let mut best = Best::EMPTY;
        for (k, &x) in values.iter().enumerate() {
            best.offer(Best::key(x), k as u32);
        }
        let mut order: Vec<usize> = (0..len).collect();
        order.sort_by(|&x, &y| values[y].total_cmp(&values[x]).then(x.cmp(&y)));
        order.truncate(LINK_CANDIDATES);
        let got: Vec<usize> = best.places(len).iter().map(|&k| k as usize).collect();
        assert_eq!(got, order, "{values:?}");
    }
}

/// The tails filter nothing that meets: on Arabic stems of the samples' kind and each behind
/// every proclitic (and non-proclitics), short and empty stems, every pair that
/// `features::stems_meet` meets passes `Tail::may_meet`, and most that do not are filtered.
#[test]
fn the_tails_of_stems_that_meet_may_meet() {
    let words = ["تستانف", "المفاوضات", "الجيش", "سوريا", "هدنه", "اتفاق", "ستستانف", "روسيا", "قال", "ab", "abc", "я", "ля", "переговоры", "müzakere"];
    let mut all: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    for w in words {
        for c in ['ل', 'ب', 'ك', 'و', 'ف', 'س', 'ا', 'x'] {
            all.push(format!("{c}{w}"));
            all.push(format!("{c}{c}{w}"));
        }
    }
    all.push(String::new());
    let (mut met, mut filtered) = (0, 0);
    for x in &all {
        for y in &all {
            let may = Tail::of(x).may_meet(&Tail::of(y));
            if features::stems_meet(x, y) {
                assert!(may, "{x} ~ {y}");
                met += 1;
            } else {
                filtered += !may as usize;
            }
        }
    }
    assert!(met > all.len() && filtered * 10 > all.len() * all.len() * 8, "{met} {filtered}");
}

#[test]
fn blame_on_parties_beyond_syria_russia_and_turkey_is_told_apart() {
    // Blame on Israel against blame on the Assad regime: two parties of different sides.
    let a = "Russia's defence ministry said Israel is fully responsible for the downing of the plane.";
    let b = "The Israeli army said it holds the Assad regime fully responsible for the downing of the plane.";
    let rows = run(a, Lang::En, b, Lang::En, Some("2018-09-18"), Some("2018-09-18"));
    let r = row(&rows, "Israel is fully", "Assad regime");
    assert_eq!((r.relation, r.kind), (Relation::Contradiction, ContradictionKind::Attribution), "{rows:#?}");
    // Who is behind an act is blame: the Gülen movement against militants fighting in Syria.
    let (ru, tr) = (units_of("Москва не исключает причастности боевиков к убийству посла.", Lang::Ru), units_of("Çavuşoğlu, saldırının arkasında FETÖ'nün olduğunu söyledi.", Lang::Tr));
    assert!(ru[0].blame && tr[0].blame, "{ru:#?} {tr:#?}");
    assert!(attribution_conflict(&ru[0], &tr[0]).is_some(), "{ru:#?} {tr:#?}");
    let en = units_of("Ankara said the Gulen movement was behind the attack on the ambassador.", Lang::En);
    assert!(en[0].blame && en[0].agents.iter().any(|a| a.0 == "gulen_movement"), "{en:#?}");
    // "Behind" a place is no blame: "the jets flew behind the mountain", "withdraw to beyond the
    // Turkish observation posts", "the soldiers waited behind the building".
    assert!(!units_of("The jets flew behind the mountain before the strike.", Lang::En)[0].blame);
    assert!(!units_of("قال إن من الضروري أن تنسحب القوات السورية إلى ما وراء مواقع مراقبة تركية.", Lang::Ar)[0].blame);
    assert!(!units_of("Askerler binanın arkasında bekledi.", Lang::Tr)[0].blame);
    assert!(units_of("قال المسؤول إن موسكو تقف وراء الهجوم.", Lang::Ar)[0].blame);
}

#[test]
fn a_bare_verb_after_did_not_is_the_act_denied() {
    let a = "The Israeli jets did not use the Russian plane as cover, the army said.";
    let b = "The ministry said the Israeli pilots used the Russian plane as cover.";
    let rows = run(a, Lang::En, b, Lang::En, None, None);
    let r = row(&rows, "did not use", "pilots used");
    assert_eq!((r.relation, r.kind), (Relation::Contradiction, ContradictionKind::Polarity), "{rows:#?}");
    assert_eq!(features::predicate("use"), Some(17));
    assert_eq!(features::predicate("useful"), None);
}

#[test]
fn a_warning_denied_in_advance_meets_one_given_in_advance_across_languages() {
    // "Did not warn in advance" / "informed in advance": the denied act (inform) and the word
    // it governs (in advance) named on the other side, in another language.
    let a = "Израиль не уведомил российское командование об ударе заранее.";
    let b = "Israel informed the Russian command of the strike in advance, the army said.";
    let rows = run(a, Lang::Ru, b, Lang::En, Some("2018-09-18"), Some("2018-09-18"));
    assert!(rows.iter().any(|r| (r.relation, r.kind) == (Relation::Contradiction, ContradictionKind::Polarity)), "{rows:#?}");
}

#[test]
fn the_russian_defence_ministry_spokesman_speaks_for_russia() {
    let ru = units_of("«Ответственность за гибель самолета лежит на израильской стороне», — заявил Конашенков.", Lang::Ru);
    let en = units_of("The Israeli army said it holds the Assad regime responsible for the loss of the plane.", Lang::En);
    assert_eq!(ru[0].side.as_deref(), Some("russian"), "{ru:#?}");
    assert!(attribution_conflict(&ru[0], &en[0]).is_some(), "{ru:#?} {en:#?}");
}
