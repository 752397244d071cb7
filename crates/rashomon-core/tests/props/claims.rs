//! The claim extractor on realistic hostile text: one claim per clause, every span (claim,
//! speaker, quote, numbers, negation cues, times) inside the text on char boundaries, claims in
//! order inside their sentence, numbers finite with ranges the right way round.

use proptest::test_runner::TestCaseError;
use rashomon_core::claims::analyze;
use rashomon_core::text::segment::{clauses, sentences};
use rashomon_core::text::Lang;
use rashomon_core::Span;

use crate::ensure;
use crate::gen::check;

pub fn claims_ok(s: &str, lang: Lang) -> Result<(), TestCaseError> {
    let sents = sentences(s, Span::new(0, s.len()), lang);
    let claims = analyze(s, &sents, lang);
    let n_clauses: usize = sents.iter().map(|&sp| clauses(s, sp, lang).len()).sum();
    ensure!(claims.len() == n_clauses, "{} claims for {n_clauses} clauses", claims.len());
    let mut prev = 0;
    for c in &claims {
        ensure!(c.sentence < sents.len(), "sentence index {} of {}", c.sentence, sents.len());
        let sent = sents[c.sentence];
        ensure!(c.span.is_valid_in(s), "claim span {:?}", c.span);
        ensure!(c.span.start >= sent.start && c.span.end <= sent.end, "claim {:?} outside its sentence {sent:?}", c.span);
        ensure!(c.span.start >= prev, "claims out of order");
        prev = c.span.end;
        if let Some(sp) = &c.speaker {
            ensure!(sp.span.is_valid_in(s), "speaker span {:?}", sp.span);
        }
        if let Some(q) = c.quote {
            ensure!(q.is_valid_in(s), "quote span {q:?}");
        }
        for m in &c.numbers {
            ensure!(m.span.is_valid_in(s) && !m.span.is_empty(), "number span {:?}", m.span);
            ensure!(m.span.start >= sent.start && m.span.end <= sent.end, "number {:?} outside its sentence", m.span);
            ensure!(m.value.is_finite(), "value {}", m.value);
            if let Some(mx) = m.value_max {
                ensure!(mx.is_finite() && mx >= m.value, "range {}..{mx}", m.value);
            }
        }
        for x in c.negation_cues.iter().chain(c.times.iter()) {
            ensure!(x.is_valid_in(s), "cue/time span {x:?}");
        }
    }
    Ok(())
}

#[test]
fn claim_extractor() {
    check("claims_extractor", 400, crate::text::input(), |(lang, s)| claims_ok(&s, lang));
}

#[test]
fn claim_extractor_on_accounts() {
    check("claims_accounts", 200, crate::align::account(), |(lang, s)| claims_ok(&s, lang));
}
