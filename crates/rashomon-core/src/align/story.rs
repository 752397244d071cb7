//! Stories: articles about one event, grouped by content similarity and publication dates
//! (within one language the words, across languages what they name alike: actors, set phrases,
//! numbers);
//! near-duplicate reprints (the same wire text) grouped inside a story so they are not counted as
//! independent confirmations.

use std::collections::HashMap;

use crate::span::Span;
use crate::text::Lang;

/// What the grouping needs of one article.
pub struct StoryInput<'a> {
    pub id: i64,
    pub text: &'a str,
    pub lang: Lang,
    /// YYYY-MM-DD… when known.
    pub published: Option<&'a str>,
}

#[derive(Debug, Clone, Copy)]
pub struct StoryParams {
    /// Minimum cosine similarity (TF-IDF over stems) to link two articles.
    pub link: f64,
    /// Minimum cosine similarity of what two articles in different languages name alike (actors
    /// of the gazetteer, set phrases of the concept lexicon, numbers; TF-IDF weighted) to link them.
    pub cross_link: f64,
    /// At or above: near-duplicates (reprints).
    pub duplicate: f64,
    /// Articles further apart than this many days are not linked.
    pub max_days: i64,
}

/// See [`StoryParams::cross_link`]. On the sample library, accounts of one week's events in
/// different languages score 0.38–0.84, and accounts of events months apart (the same
/// presidents, countries and places; kept apart by dates anyway) up to 0.46: the names alone do
/// not tell two events of one week apart, as the words within one language do not either.
const CROSS_LINK: f64 = 0.35;

impl Default for StoryParams {
    fn default() -> Self {
        StoryParams { link: 0.12, cross_link: CROSS_LINK, duplicate: 0.8, max_days: 7 }
    }
}

/// Groups of article ids (stories), each with its groups of near-duplicates. Single-link
/// clustering over the similarity graph; stories in order of their first article.
pub fn group(inputs: &[StoryInput<'_>], p: &StoryParams) -> Vec<(Vec<i64>, Vec<Vec<i64>>)> {
    let n = inputs.len();
    // Each article tokenized once: its content stems (within one language) and what it names
    // (across languages: words do not meet, what the articles name alike does).
    let (docs, names): (Vec<Vec<String>>, Vec<Vec<String>>) = inputs.iter().map(|x| keys_of(x.text, x.lang)).unzip();
    let vecs = tfidf(&docs);
    let cos = |i: usize, j: usize| -> f64 { vecs[i].iter().filter_map(|(k, w)| vecs[j].get(k).map(|w2| w * w2)).sum() };
    let names = tfidf(&names);
    // (Three names in common at least: one number or one name is a coincidence.)
    let cross = |i: usize, j: usize| -> f64 {
        let shared: Vec<f64> = names[i].iter().filter_map(|(k, w)| names[j].get(k).map(|w2| w * w2)).collect();
        if shared.len() >= 3 { shared.iter().sum() } else { 0.0 }
    };
    let day = |s: Option<&str>| -> Option<i64> {
        let d = chrono::NaiveDate::parse_from_str(s?.get(..10)?, "%Y-%m-%d").ok()?;
        Some(d.signed_duration_since(chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days())
    };
    let days: Vec<Option<i64>> = inputs.iter().map(|x| day(x.published)).collect();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        let mut y = x;
        while p[y] != r {
            let next = p[y];
            p[y] = r;
            y = next;
        }
        r
    }
    let mut dup_pairs = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            if let (Some(a), Some(b)) = (days[i], days[j]) {
                if (a - b).abs() > p.max_days {
                    continue;
                }
            }
            let c = cos(i, j);
            let linked = c >= p.link || (inputs[i].lang != inputs[j].lang && cross(i, j) >= p.cross_link);
            if linked {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri] = rj;
            }
            if c >= p.duplicate {
                dup_pairs.push((i, j));
            }
        }
    }
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        match groups.iter_mut().find(|(root, _)| *root == r) {
            Some((_, v)) => v.push(i),
            None => groups.push((r, vec![i])),
        }
    }
    // Near-duplicate groups inside each story (connected components of duplicate pairs).
    let mut dparent: Vec<usize> = (0..n).collect();
    for (i, j) in dup_pairs {
        let (ri, rj) = (find(&mut dparent, i), find(&mut dparent, j));
        dparent[ri] = rj;
    }
    groups
        .into_iter()
        .map(|(_, members)| {
            let mut dups: Vec<(usize, Vec<i64>)> = Vec::new();
            for &m in &members {
                let r = find(&mut dparent, m);
                match dups.iter_mut().find(|(root, _)| *root == r) {
                    Some((_, v)) => v.push(inputs[m].id),
                    None => dups.push((r, vec![inputs[m].id])),
                }
            }
            let dups = dups.into_iter().map(|(_, v)| v).filter(|v| v.len() > 1).collect();
            (members.iter().map(|&m| inputs[m].id).collect(), dups)
        })
        .collect()
}

/// TF-IDF vectors (L2-normalised) of bags of keys.
fn tfidf(docs: &[Vec<String>]) -> Vec<HashMap<String, f64>> {
    let n = docs.len();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for d in docs {
        let mut seen: Vec<&str> = d.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for w in seen {
            *df.entry(w).or_default() += 1;
        }
    }
    docs.iter()
        .map(|d| {
            let mut v: HashMap<String, f64> = HashMap::new();
            for w in d {
                *v.entry(w.clone()).or_default() += 1.0;
            }
            for (w, x) in v.iter_mut() {
                *x = (1.0 + x.ln()) * (1.0 + n as f64 / (1.0 + df[w.as_str()] as f64)).ln();
            }
            let norm = v.values().map(|x| x * x).sum::<f64>().sqrt().max(1e-9);
            v.values_mut().for_each(|x| *x /= norm);
            v
        })
        .collect()
}

/// An article's content stems (no stop words, over two letters), and what it names that reads
/// the same in any language: actors of the gazetteer, set phrases of the concept lexicon, and
/// numbers (not years).
fn keys_of(text: &str, lang: Lang) -> (Vec<String>, Vec<String>) {
    let raw = crate::text::tokenize::tokens(text, Span::new(0, text.len()), lang);
    let gaz = crate::claims::actors::Gazetteer::builtin();
    let mut names: Vec<String> = gaz.find(&raw, lang).iter().map(|m| format!("actor:{}", gaz.actors[m.actor].id)).collect();
    for t in raw.iter().filter(|t| t.kind == crate::text::tokenize::TokKind::Number) {
        let digits: String = t.norm.chars().filter(|c| c.is_ascii_digit()).collect();
        let year = digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"));
        if digits.len() >= 2 && !year {
            names.push(format!("number:{digits}"));
        }
    }
    let words = super::features::words(raw, lang);
    names.extend(super::concepts::of_tokens(&words).into_iter().map(|c| format!("notion:{c}")));
    let stems = words.into_iter().filter(|t| !super::features::is_stop(&t.norm) && t.norm.chars().count() > 2).map(|t| t.stem).collect();
    (stems, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_content_and_date_and_finds_reprints() {
        let a = "Putin and Erdogan agreed a ceasefire in Idlib after talks in Moscow on Thursday.";
        let b = "Putin and Erdogan agreed a ceasefire in Idlib after talks in Moscow on Thursday.";
        let c = "Erdogan and Putin reached a ceasefire deal for Idlib during Moscow talks.";
        let d = "The central bank raised interest rates to fight inflation, the governor said.";
        let e = "Putin and Erdogan agreed a ceasefire in Idlib after talks in Moscow.";
        let inputs = [
            StoryInput { id: 1, text: a, lang: Lang::En, published: Some("2020-03-05") },
            StoryInput { id: 2, text: b, lang: Lang::En, published: Some("2020-03-05") },
            StoryInput { id: 3, text: c, lang: Lang::En, published: Some("2020-03-06") },
            StoryInput { id: 4, text: d, lang: Lang::En, published: Some("2020-03-05") },
            // Same words, a year later: another story.
            StoryInput { id: 5, text: e, lang: Lang::En, published: Some("2021-03-05") },
        ];
        let g = group(&inputs, &StoryParams::default());
        let story = g.iter().find(|(m, _)| m.contains(&1)).unwrap();
        assert_eq!(story.0, vec![1, 2, 3]);
        assert_eq!(story.1, vec![vec![1, 2]]);
        assert!(g.iter().any(|(m, _)| m == &vec![4]));
        assert!(g.iter().any(|(m, _)| m == &vec![5]));
    }

    #[test]
    fn accounts_in_different_languages_join_one_story_by_what_they_name() {
        let ar = "توصل بوتين وأردوغان في سوتشي إلى اتفاق ينص على انسحاب الوحدات الكردية مسافة 30 كيلومترا خلال 150 ساعة، مع احترام سيادة سوريا ووحدة أراضيها.";
        let ru = "Путин и Эрдоган договорились в Сочи: курдские отряды отойдут на 30 километров за 150 часов, Россия выступает за территориальную целостность Сирии.";
        let tr = "Erdoğan ile Putin Soçi'de anlaştı: YPG 150 saat içinde 30 kilometre uzaklaştırılacak.";
        // Another event of the same week, in another language: a bank and its rates.
        let en = "The central bank raised interest rates by 150 basis points to fight inflation, the governor said.";
        let inputs = [
            StoryInput { id: 1, text: ar, lang: Lang::Ar, published: Some("2019-10-22") },
            StoryInput { id: 2, text: ru, lang: Lang::Ru, published: Some("2019-10-22") },
            StoryInput { id: 3, text: tr, lang: Lang::Tr, published: Some("2019-10-23") },
            StoryInput { id: 4, text: en, lang: Lang::En, published: Some("2019-10-22") },
        ];
        let g = group(&inputs, &StoryParams::default());
        assert!(g.iter().any(|(m, _)| m == &vec![1, 2, 3]), "{g:?}");
        assert!(g.iter().any(|(m, _)| m == &vec![4]), "{g:?}");
        // Words alone would have left the three apart.
        let words_only = group(&inputs, &StoryParams { cross_link: f64::INFINITY, ..StoryParams::default() });
        assert!(words_only.iter().all(|(m, _)| m.len() == 1), "{words_only:?}");
    }
}
