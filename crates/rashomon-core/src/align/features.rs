//! What the aligner knows about one unit (a clause or sentence): tokens with spans, folded forms,
//! stems, character n-grams, numbers, negation, actors.

use std::collections::HashSet;

use crate::span::Span;
use crate::text::Lang;

#[derive(Debug)]
pub struct Token {
    /// Byte span in the page text.
    pub span: Span,
    /// Folded form (matching).
    pub norm: String,
    /// Light stem of the folded form.
    pub stem: String,
    /// A function word ([`is_stop`]): found once, as the relation checks ask it of every word of
    /// every pair they look at.
    pub stop: bool,
}

impl Clone for Token {
    fn clone(&self) -> Token {
        Token { span: self.span, norm: self.norm.clone(), stem: self.stem.clone(), stop: self.stop }
    }

    /// In place, keeping the strings' buffers (the aligner rebuilds merged units this way).
    fn clone_from(&mut self, source: &Token) {
        self.span = source.span;
        self.stop = source.stop;
        self.norm.clone_from(&source.norm);
        self.stem.clone_from(&source.stem);
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub value: f64,
    /// `more_than`, `at_least`, `about`, `up_to`, `less_than`.
    pub qualifier: Option<String>,
    /// The counted noun's lemma, if any.
    pub counted: Option<String>,
    /// killed / wounded / neutralised …
    pub event: Option<String>,
    /// "dozens", "several": not a precise count.
    pub vague: bool,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub span: Span,
    pub tokens: Vec<Token>,
    pub numbers: Vec<Number>,
    pub negated: bool,
    pub actors: HashSet<String>,
    /// The speaker's side (russian / turkish / …) when known.
    pub side: Option<String>,
    /// Character trigrams of the words (hashed), sorted and deduplicated.
    pub grams: Vec<u64>,
    /// Sentence embedding (L2-normalised), when available.
    pub vector: Option<std::sync::Arc<[f32]>>,
    /// Actors named in the unit other than its speaker: (actor id, side, display name).
    pub agents: Vec<(String, String, String)>,
    /// The unit assigns blame or cause ("X is responsible for", "accuses", "led to", "виноваты").
    pub blame: bool,
    /// It names parties of two sides joined by "and" ("موسكو وأنقرة", "Moscow and Ankara"): a
    /// blame in it lands on both at once ("يضع موسكو وأنقرة في دائرة الاتهام", puts both in the
    /// circle of accusation), on neither in particular.
    pub joint_parties: bool,
    /// Stems of the content words a negation governs (the few words after each cue).
    pub neg_scope: Vec<String>,
    /// The predicate concepts ([`predicate`]) of the act a negation denies: the negated word, or
    /// the word after a verb of ability, intent or doing ("could not agree").
    pub neg_head: Vec<u8>,
    /// The stem of the denied word itself (the first governed word, past a verb of ability).
    pub neg_verb: Vec<String>,
    /// Spans of the actors' names in the unit.
    pub named: Vec<Span>,
    /// The predicate concepts ([`predicate`]) of all its words, sorted and distinct.
    pub acts: Vec<u8>,
    /// Some word states a failure or refusal ([`is_failure_word`]; "failed to curb", "فشلت في إقناع"):
    /// such a unit agrees with a denial of the act rather than contradicting it. Found once, when
    /// the unit is built.
    pub failure: bool,
    /// The set phrases of `data/concepts.json` it names ([`super::concepts`]: ceasefire,
    /// sovereignty, …), as sorted, distinct indices.
    pub notions: Vec<u8>,
    /// The common words of `data/concepts.json` it names (tier "word": aircraft, airspace,
    /// killed, …), as sorted, distinct indices: across languages, evidence of similarity only.
    pub words: Vec<u8>,
}

impl Unit {
    /// A unit from a claim: numbers, negation and speaker come from the claim analysis.
    pub fn from_claim(text: &str, claim: &crate::claims::Claim, lang: Lang) -> Unit {
        let mut u = Unit::build(text, claim.span, lang);
        u.numbers = claim
            .numbers
            .iter()
            .map(|n| Number {
                value: n.value,
                qualifier: n.qualifier.clone(),
                counted: n.counted.clone(),
                event: n.event.clone(),
                vague: n.vague,
                span: n.span,
            })
            .collect();
        u.negated = claim.negated;
        if let Some(sp) = &claim.speaker {
            if let Some(a) = &sp.actor_id {
                u.actors.insert(a.clone());
                u.agents.retain(|(id, _, _)| id != a);
            }
            u.side = sp.side.clone();
        }
        for cue in &claim.negation_cues {
            // A negative verb (Turkish "bilgilendirmedi") is its own act.
            let own = u.tokens.iter().position(|t| t.span.start < cue.end && t.span.end > cue.start);
            u.neg_head.extend(own.and_then(|k| predicate(&u.tokens[k].norm)));
            // A negative Turkish light verb denies the noun before it: "ihlal etmedi", "entegre
            // edilmeyeceğini", "izin vermedi".
            if lang == Lang::Tr {
                if let Some(k) = own.filter(|&k| k > 0 && tr_light_verb(&u.tokens[k].norm)) {
                    u.neg_head.extend(predicate(&u.tokens[k - 1].norm));
                }
            }
            // The governed words: up to the end of the clause's phrase (a comma, colon or
            // quote closes it), names of actors aside.
            let mut prev = cue.end;
            let mut scope = Vec::new();
            for t in u.tokens.iter().filter(|t| t.span.start >= cue.end) {
                let gap = text.get(prev..t.span.start).unwrap_or("");
                // A comma before a preposition only sets off an aside ("unable, on Thursday,
                // to agree on …"; "عدم تمكن الرئيسين اليوم، من الاتفاق").
                let aside = gap.contains([',', '،']) && is_preposition(&t.norm);
                if gap.contains([';', '؛', ':', '"', '«', '»', '“', '”']) || (gap.contains([',', '،']) && !aside) {
                    break;
                }
                prev = t.span.end;
                if u.is_term(t) {
                    scope.push(t);
                }
                if scope.len() == NEG_SCOPE {
                    break;
                }
            }
            // The act denied is the negated word itself, or, after a verb of ability, intent or
            // doing, its complement: the first act in the phrase ("could not agree", "لم يتم
            // الاتفاق", "لا يعتزمان عقد لقاء", "عدم تمكن الرئيسين من الاتفاق"); not what a full
            // verb governs ("did not prevent the attacks" does not deny the attacks).
            match scope.first() {
                Some(t) if is_light_verb(&t.norm) => {
                    u.neg_head.extend(scope[1..].iter().find_map(|t| predicate(&t.norm)));
                    u.neg_verb.extend(scope.get(1).map(|t| t.stem.clone()));
                }
                Some(t) => {
                    u.neg_head.extend(predicate(&t.norm));
                    u.neg_verb.push(t.stem.clone());
                }
                None => {}
            }
            u.neg_scope.extend(scope.into_iter().map(|t| t.stem.clone()));
        }
        u
    }

    /// A unit from a bare span (no claim analysis): words and the actors named in it.
    pub fn build(text: &str, span: Span, lang: Lang) -> Unit {
        let raw = crate::text::tokenize::tokens(text, span, lang);
        let gaz = crate::claims::actors::Gazetteer::active();
        let mentions = gaz.find(&raw, lang);
        let named = mentions.iter().map(|m| m.span).collect();
        let actors = mentions.iter().map(|m| gaz.actors[m.actor].id.clone()).collect();
        let mut agents: Vec<(String, String, String)> = mentions
            .iter()
            .map(|m| {
                let d = &gaz.actors[m.actor];
                (d.id.clone(), d.side.clone(), d.name.clone())
            })
            .collect();
        agents.sort();
        agents.dedup();
        let joint_parties = mentions.windows(2).any(|w| {
            let (x, y) = (&gaz.actors[w[0].actor], &gaz.actors[w[1].actor]);
            let party = |d: &crate::claims::actors::ActorDef| d.kind != "person" && d.side != "other";
            // "و" glued to the second name ("وأنقرة") or a conjunction between the two.
            let joined = match &raw[w[0].tok_end..w[1].tok_start] {
                [] => raw[w[1].tok_start].norm.starts_with('و'),
                [c] => matches!(c.norm.as_str(), "و" | "and" | "и" | "ve"),
                _ => false,
            };
            party(x) && party(y) && x.side != y.side && joined
        });
        let tokens = words(raw, lang);
        let blame = has_blame_cue(&tokens);
        let failure = tokens.iter().any(|t| is_failure_word(&t.norm));
        let mut acts: Vec<u8> = tokens.iter().filter_map(|t| predicate(&t.norm)).collect();
        acts.sort_unstable();
        acts.dedup();
        let (notions, words) = super::concepts::named(&tokens);
        let numbers = Vec::new();
        let negated = false;
        let mut grams = Vec::new();
        let mut padded: Vec<char> = Vec::new();
        // Function words' trigrams say nothing about content and dominate short-word scripts.
        for t in tokens.iter().filter(|t| !t.stop) {
            padded.clear();
            padded.push('#');
            padded.extend(t.norm.chars());
            padded.push('#');
            for w in padded.windows(3) {
                grams.push(hash_chars(w));
            }
        }
        grams.sort_unstable();
        grams.dedup();
        Unit { span, tokens, numbers, negated, actors, side: None, grams, vector: None, agents, blame, joint_parties, neg_scope: Vec::new(), neg_head: Vec::new(), neg_verb: Vec::new(), named, acts, failure, notions, words }
    }

    /// The words that say what is claimed: not stop words, not the names and titles of actors.
    pub fn term_tokens(&self) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(|t| self.is_term(t))
    }

    /// Is `t` one of [`Unit::term_tokens`]?
    fn is_term(&self, t: &Token) -> bool {
        !t.stop && !self.named.iter().any(|n| n.start <= t.span.start && t.span.end <= n.end)
    }

    /// Content-bearing tokens (not stop words), used to weigh omissions.
    pub fn content_len(&self) -> usize {
        self.tokens.iter().filter(|t| !t.stop).count()
    }
}

/// Prepositions that continue a phrase after a comma.
fn is_preposition(w: &str) -> bool {
    matches!(w, "من" | "على" | "الى" | "الي" | "في" | "عن" | "مع" | "ب" | "ل" | "to" | "of" | "on" | "in" | "with" | "about" | "в" | "на" | "о" | "об" | "с" | "по" | "к")
}

/// Verbs of ability, intent or doing that carry a denied act rather than being it: "could not
/// agree", "لم يتم الاتفاق", "لم تتمكن من الاتفاق", "لا يعتزمان عقد لقاء", "не смогли договориться".
fn is_light_verb(w: &str) -> bool {
    ar_any(w, |a| {
        matches!(a, "يتم" | "تم" | "تتم" | "يمكن" | "تمكن" | "يتمكن" | "تتمكن" | "تمكنت" | "يتمكنا" | "تتمكنا" | "يتمكنوا" | "تمكنا" | "تمكنوا" | "يستطيع" | "تستطيع" | "يستطيعا" | "تستطيعا" | "يستطيعوا" | "استطاع" | "استطاعت" | "استطاعا" | "استطاعوا" | "يعتزم" | "يعتزمان" | "تعتزم" | "تعتزمان" | "ينوي" | "تنوي" | "يريد" | "تريد" | "عقد" | "اجراء" | "يجري" | "تجري" | "يقوم" | "تقوم" | "قيام" | "نيه" | "يكون" | "تكون" | "يكونوا" | "كان" | "كانت")
    }) || matches!(w, "able" | "going" | "plan" | "planning" | "intend" | "intending" | "want" | "wish" | "hold" | "manage" | "managed" | "be" | "been" | "have" | "make" | "reach" | "expect")
        || w.starts_with("смог") || w.starts_with("смож") || w.starts_with("мог") || w.starts_with("намер") || w.starts_with("собира") || w.starts_with("удал") || w.starts_with("стал") || w.starts_with("провод") || w.starts_with("будут") || w == "будет"
}

/// Turkish light verbs (et-, edil-, ver-, getir-, yap-, ol-) that take their act from the noun
/// before them.
fn tr_light_verb(w: &str) -> bool {
    ["et", "edil", "ver", "getir", "yap", "ol"].iter().any(|p| w.starts_with(p))
}

/// Content words after a negation cue that it is taken to govern.
const NEG_SCOPE: usize = 8;

/// Does `f` hold for a form of the word: itself, without a conjunction و/ف, and either of those
/// without the article (بال، ال، لل). A stripped form keeps at least two letters, and the word
/// itself is always tried ("فشل" is not و/ف + "شل"). Other scripts have only the word itself.
fn ar_any(w: &str, f: impl Fn(&str) -> bool) -> bool {
    let long = |r: &&str| r.chars().nth(1).is_some();
    let conj = w.strip_prefix('و').or_else(|| w.strip_prefix('ف')).filter(long);
    [Some(w), conj].into_iter().flatten().any(|v| {
        f(v) || ["بال", "ال", "لل"].iter().find_map(|p| v.strip_prefix(p)).filter(long).is_some_and(&f)
    })
}

/// Does a unit assign blame or cause? Cues in the four languages, on folded words (Arabic
/// through [`ar_any`]): responsibility, accusation, causing ("led to", "because of"), and violating
/// or breaking an agreement.
pub fn has_blame_cue(tokens: &[Token]) -> bool {
    let ws: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
    ws.iter().enumerate().any(|(k, w)| {
        let next = ws.get(k + 1).copied().unwrap_or("");
        let prev = if k > 0 { ws[k - 1] } else { "" };
        let carry = ar_any(w, |a| matches!(a, "حمل" | "يحمل" | "تحمل" | "حملت"));
        // Arabic: responsible, responsibility, accuses / accusation, caused, blame, holds
        // responsible, led to.
        ar_any(w, |a| {
            // "باتهام", "بمسؤولية": also behind the preposition ب.
            let a = a.strip_prefix('ب').filter(|r| r.chars().count() > 2).unwrap_or(a);
            // Responsibility ("مسؤولية", "مسؤوليته"), or responsible for ("مسؤول عن"); not
            // "مسؤولون أتراك", Turkish officials.
            let responsible = ["مسؤول", "مسوول", "مسئول"].iter().find_map(|p| a.strip_prefix(p));
            responsible.is_some_and(|rest| rest.starts_with("يه") || rest.starts_with("يت") || rest.starts_with("يات") || next == "عن")
                || matches!(a, "اتهم" | "يتهم" | "تتهم" | "اتهمت" | "اتهموا" | "يتهمون" | "اتهام" | "اتهامات" | "تسبب" | "يتسبب" | "تسببت" | "تتسبب" | "لوم" | "يلوم" | "تلوم")
                // Violated, breached (an agreement, a truce): blame by its act.
                || a.starts_with("انتهاك") || matches!(a, "انتهك" | "ينتهك" | "تنتهك" | "انتهكت" | "خرق" | "يخرق" | "تخرق" | "خرقت" | "خروقات")
        })
            || (carry && (next.contains("مسوولي") || next.contains("مسؤولي")))
            || (ar_any(w, |a| matches!(a, "ادت" | "ادي" | "يودي" | "تودي")) && matches!(next, "الي" | "الى" | "لي"))
            // Because of (a cause laid on someone: "обмен затянулся из-за позиции Киева").
            || ar_any(w, |a| a == "بسبب")
            // English.
            || w.starts_with("blam") || w.starts_with("accus") || matches!(*w, "responsible" | "responsibility" | "caused" | "provoked")
            // Who is behind an act ("FETÖ is behind the attack", "причастность боевиков",
            // "saldırının arkasında FETÖ'nün olduğunu", "يقف وراء الهجوم"); not a place behind
            // something ("withdraw behind the positions", "إلى ما وراء مواقع").
            || (*w == "behind" && matches!(prev, "is" | "was" | "are" | "were" | "be" | "been" | "being"))
            || (ar_any(prev, |a| matches!(a, "يقف" | "تقف" | "وقف" | "وقفت" | "يقفون" | "تقفان" | "يقفان")) && ar_any(w, |a| a.starts_with("ورا")))
            || w.starts_with("violat") || w.starts_with("breach") || w.starts_with("sabotag")
            || (matches!(*w, "led" | "leading") && next == "to")
            || (*w == "because" && next == "of")
            // Russian.
            || w.starts_with("винов") || w.starts_with("ответственн") || w.starts_with("обвин") || w.starts_with("спровоцир") || w.starts_with("причастн")
            || w.starts_with("нарушил") || w.starts_with("нарушени") || w.starts_with("сорвал")
            || (w.starts_with("привел") && next == "к")
            || *w == "из-за" || (*w == "из" && next == "за")
            // Turkish.
            || w.starts_with("sorumlu") || w.starts_with("suçla") || w.starts_with("yol aç") || (*w == "yol" && next.starts_with("aç"))
            || w.starts_with("ihlal") || w.starts_with("bozdu") || w.starts_with("bozma") || w.starts_with("bozan")
            || (*w == "neden" && next.starts_with("ol"))
            || w.starts_with("yüzünden")
            || (w.starts_with("arkasında") && ws[k + 1..].iter().take(3).any(|v| v.starts_with("ol") || *v == "var"))
    })
}

/// The predicate concepts up to this one (meet … violate) are acts a blame can be for.
pub const BLAME_ACTS: u8 = 8;

/// The predicate concept of a folded word, across languages: 1 meet, 2 agree, 3 inform / warn /
/// contact, 4 withdraw, 5 strike / attack, 6 support, 7 enter, 8 violate / breach, 9 receive, 10 allow,
/// 11 take part, 12 extend / renew, 13 fulfil / implement, 14 return, 15 visit, 16 kill, 17 use, 18 suspend /
/// halt, 19 shoot down, 20 integrate (into a system, an alliance). A denial of "meeting" meets a report that they
/// "will meet" although the words differ.
/// (Word beginnings, so each entry must not begin a common unrelated word: Russian "согласно",
/// "according to", is why "agree" lists "согласил", not "соглас".)
pub fn predicate(w: &str) -> Option<u8> {
    const TABLE: &[(u8, &[&str])] = &[
        (1, &["لقاء", "لقاءات", "اجتماع", "يجتمع", "سيجتمع", "تجتمع", "اجتمع", "يلتقي", "سيلتقي", "التقي", "التقى", "قمه", "meet", "summit", "встреч", "встрет", "саммит", "görüş", "zirve", "buluş"]),
        (2, &["اتفاق", "اتفق", "يتفق", "تتفق", "توصل", "يتوصل", "التوصل", "توافق", "مذكره", "agree", "deal", "memorandum", "договор", "соглашен", "согласил", "согласовал", "меморандум", "anlaş", "mutabakat", "uzlaş"]),
        (3, &["ابلغ", "يبلغ", "تبلغ", "ابلاغ", "اخطر", "يخطر", "اخطار", "اعلم", "تحذير", "حذر", "inform", "notif", "warn", "contacted", "уведом", "информир", "предупред", "связат", "связал", "связыв", "bilgilendir", "haber ver", "uyar", "irtibat"]),
        (4, &["انسحاب", "سحب", "ينسحب", "تنسحب", "انسحب", "withdr", "pull", "вывод", "вывест", "отвод", "çekil", "çekme"]),
        (5, &["قصف", "غاره", "غارات", "هجوم", "هجمات", "استهداف", "استهدف", "ضربه", "strike", "attack", "shell", "bomb", "удар", "обстрел", "атак", "saldır", "bombal"]),
        (6, &["دعم", "يدعم", "تدعم", "مساند", "support", "поддерж", "destek"]),
        (7, &["دخول", "يدخل", "ستدخل", "سيدخل", "دخلت", "enter", "войд", "вошл", "вступ", "girme", "girmey", "girece", "girdi", "giriyor"]),
        (8, &["انتهك", "ينتهك", "تنتهك", "انتهاك", "خرق", "يخرق", "تخرق", "violat", "breach", "наруш", "ihlal"]),
        (9, &["حصل", "يحصل", "تحصل", "حصلت", "تلقي", "تلقت", "تلقى", "receiv", "obtain", "получ", "elde"]),
        (10, &["سمح", "يسمح", "تسمح", "سنسمح", "نسمح", "السماح", "allow", "permit", "допус", "разреш", "izin", "müsaade"]),
        (11, &["شارك", "يشارك", "تشارك", "مشاركه", "participat", "участв", "участие", "участия", "участии", "katıl"]),
        (12, &["مدد", "يمدد", "تمديد", "extend", "renew", "продл", "uzat"]),
        (13, &["نفذ", "ينفذ", "تنفذ", "تنفيذ", "fulfil", "implement", "comply", "complied", "выполн", "соблюд", "uygula"]),
        (14, &["يعود", "تعود", "ستعود", "سيعود", "عوده", "return", "вернет", "вернут", "вернул", "возвращ", "dönecek", "döndü", "dönmeyecek", "dönüş"]),
        (15, &["زياره", "يزور", "سيزور", "تزور", "visit", "посет", "визит", "ziyaret"]),
        (16, &["قتل", "مقتل", "kill", "убил", "убит", "öldür"]),
        (17, &["استخدم", "يستخدم", "تستخدم", "استخدام", "used", "uses", "using", "использ", "kullan"]),
        (18, &["اوقف", "يوقف", "ايقاف", "suspend", "halt", "приостанов", "askıya", "durdur"]),
        (19, &["اسقط", "يسقط", "اسقاط", "downed", "сбил", "сбит", "düşür"]),
        (20, &["دمج", "يدمج", "تدمج", "ستدمج", "سيدمج", "ادماج", "اندماج", "integrat", "интегр", "entegr"]),
    ];
    // Irregular English past forms, whole words only ("met" begins "metal").
    match w {
        "met" => return Some(1),
        "struck" => return Some(5),
        // The bare verb after "did not", "will not" ("did not use the plane as cover"); as a
        // word beginning "use" would take "useful", "user".
        "use" => return Some(17),
        _ => {}
    }
    TABLE.iter().find(|(_, ws)| ar_any(w, |a| ws.iter().any(|p| a.starts_with(p)))).map(|(c, _)| *c)
}

/// Words that state a failure or refusal: a unit saying "X failed to curb Y" agrees with one
/// saying "X did not prevent Y".
pub fn is_failure_word(w: &str) -> bool {
    ar_any(w, |a| matches!(a, "فشل" | "فشلت" | "يفشل" | "تفشل" | "فشلوا" | "اخفاق" | "اخفق" | "اخفقت" | "عجز" | "عجزت"))
        || w.starts_with("fail") || w == "unable"
        || w.starts_with("провал") || w == "неспособн" || w.starts_with("не удал")
        || w.starts_with("başarısız")
}

/// Two stems meet when equal, or when one is the other behind a one-letter Arabic proclitic
/// (ل، ب، ك، و، ف: "لاطلاق" / "اطلاق"; the future prefix س: "ستستانف" / "تستانف").
#[inline]
pub fn stems_meet(x: &str, y: &str) -> bool {
    // Every proclitic is two bytes in UTF-8, so only lengths equal or two apart can meet.
    let (lx, ly) = (x.len(), y.len());
    if lx == ly {
        // Most stems asked about differ; their last bytes usually already do (the first ones
        // are often one script's lead byte).
        return lx == 0 || (x.as_bytes()[lx - 1] == y.as_bytes()[lx - 1] && x == y);
    }
    // (The cheap test first: the remainder equal to the short stem is rare.)
    // ل ب ك و ف س are D9 84, D8 A8, D9 83, D9 88, D9 81, D8 B3 in UTF-8.
    let behind = |long: &str, short: &str| {
        let l = long.as_bytes();
        matches!((l[0], l[1]), (0xD9, 0x84) | (0xD8, 0xA8) | (0xD9, 0x83) | (0xD9, 0x88) | (0xD9, 0x81) | (0xD8, 0xB3)) && &l[2..] == short.as_bytes() && short.chars().count() >= 3
    };
    (lx == ly + 2 && behind(x, y)) || (ly == lx + 2 && behind(y, x))
}

/// FNV-1a over the code points: fast, stable across runs, good enough for trigram sets.
fn hash_chars(w: &[char]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &c in w {
        h ^= c as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Words and numbers of `text[span]` (the text module's tokeniser), with stems.
pub fn tokenize(text: &str, span: Span, lang: Lang) -> Vec<Token> {
    words(crate::text::tokenize::tokens(text, span, lang), lang)
}

/// The stems of a lexicon's phrase in its language, as [`tokenize`] reads a text's words.
pub fn stems_of(phrase: &str, lang: Lang) -> Vec<String> {
    tokenize(phrase, Span::new(0, phrase.len()), lang).into_iter().map(|t| t.stem).collect()
}

pub(super) fn words(raw: Vec<crate::text::tokenize::Token>, lang: Lang) -> Vec<Token> {
    raw.into_iter()
        .filter(|t| t.kind != crate::text::tokenize::TokKind::Punct && !t.norm.is_empty())
        .map(|t| {
            let base = t.base().to_string();
            let stem = stem(&base, lang);
            Token { span: t.span, stop: is_stop(&base), norm: base, stem }
        })
        .collect()
}

/// Stem for matching. The language is taken from the word's script when it differs from the
/// document's (Latin names inside Arabic text).
pub fn stem(w: &str, lang: Lang) -> String {
    let is_ar = w.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let lang = if is_ar { Lang::Ar } else if lang == Lang::Ar { Lang::Other } else { lang };
    crate::text::stem::stem(w, lang)
}

/// Function words (Arabic, English, Russian, Turkish), left out of the content words.
#[inline]
pub fn is_stop(w: &str) -> bool {
    // One match (a switch on the length, then a few comparisons): this runs for every token of
    // every unit pair the contradiction checks look at. None is longer than 8 bytes.
    w.len() <= 8 && matches!(
        w,
        "في" | "من" | "على" | "الى" | "الي" | "عن" | "ان" | "او" | "ثم" | "مع" | "هذا" | "هذه" | "التي" | "الذي" | "ما" | "قد" | "كان" | "كانت" | "و" | "ب" | "ل"
        | "the" | "a" | "an" | "of" | "to" | "in" | "and" | "on" | "for" | "with" | "that" | "is" | "was" | "by" | "at" | "as" | "it"
        | "и" | "в" | "на" | "с" | "по" | "что" | "о" | "к" | "из" | "за" | "от" | "для"
        | "ve" | "bir" | "bu" | "ile" | "için" | "da" | "de" | "ki"
    )
}
