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
///
/// Only pairs that share a key are scored: each article's cosines are summed over the postings of
/// its keys (an inverted index), so the work is the shared keys, not every pair of the library
/// (10,000 articles: every pair was 50 million map lookups, over a minute).
pub fn group(inputs: &[StoryInput<'_>], p: &StoryParams) -> Vec<(Vec<i64>, Vec<Vec<i64>>)> {
    let n = inputs.len();
    // Each article tokenized once: its content stems (within one language) and what it names
    // (across languages: words do not meet, what the articles name alike does).
    let (docs, names): (Vec<Vec<String>>, Vec<Vec<String>>) = inputs.iter().map(|x| keys_of(x.text, x.lang)).unzip();
    let words = Postings::of(tfidf(&docs));
    let names = Postings::of(tfidf(&names));
    let days: Vec<Option<i64>> = inputs.iter().map(|x| super::day_number(x.published)).collect();
    let near = |i: usize, j: usize| match (days[i], days[j]) {
        (Some(a), Some(b)) => (a - b).abs() <= p.max_days,
        _ => true,
    };
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
    let (mut cos, mut touched) = (vec![0.0f64; n], Vec::new());
    let (mut cross, mut shared, mut met) = (vec![0.0f64; n], vec![0u32; n], Vec::new());
    for i in 0..n {
        // Cosines of i with every later article sharing a stem.
        words.sum_with(i, &mut cos, &mut touched, |_| true);
        // Across languages: what they name alike, three names in common at least (one number or
        // one name is a coincidence).
        names.sum_with(i, &mut cross, &mut met, |j| inputs[j].lang != inputs[i].lang);
        names.count_with(i, &mut shared, |j| inputs[j].lang != inputs[i].lang);
        // Every article met: by a stem (its cosine is positive), or across languages only by a
        // name. (Stories and reprints do not depend on the order the pairs are joined in.)
        touched.extend(met.iter().copied().filter(|&j| cos[j] == 0.0));
        for &j in &touched {
            if !near(i, j) {
                continue;
            }
            let c = cos[j];
            let cr = if shared[j] >= 3 { cross[j] } else { 0.0 };
            if c >= p.link || (inputs[i].lang != inputs[j].lang && cr >= p.cross_link) {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri] = rj;
            }
            if c >= p.duplicate {
                dup_pairs.push((i, j));
            }
        }
        for &j in &touched {
            cos[j] = 0.0;
            cross[j] = 0.0;
            shared[j] = 0;
        }
        touched.clear();
        met.clear();
    }
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        match group_of.get(&r) {
            Some(&g) => groups[g].1.push(i),
            None => {
                group_of.insert(r, groups.len());
                groups.push((r, vec![i]));
            }
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

/// TF-IDF vectors of the articles as term ids, and each term's postings (article, weight), the
/// articles in ascending order.
struct Postings {
    vecs: Vec<Vec<(u32, f64)>>,
    lists: Vec<Vec<(u32, f64)>>,
}

impl Postings {
    fn of(vecs: Vec<Vec<(u32, f64)>>) -> Postings {
        let terms = vecs.iter().flat_map(|v| v.iter().map(|&(t, _)| t as usize + 1)).max().unwrap_or(0);
        let mut lists: Vec<Vec<(u32, f64)>> = vec![Vec::new(); terms];
        for (d, v) in vecs.iter().enumerate() {
            for &(t, w) in v {
                lists[t as usize].push((d as u32, w));
            }
        }
        Postings { vecs, lists }
    }

    /// Adds to `acc[j]` the products of article `i`'s weights with every later article `j`'s
    /// (those `keep` lets through), listing each `j` met in `touched` once.
    fn sum_with(&self, i: usize, acc: &mut [f64], touched: &mut Vec<usize>, keep: impl Fn(usize) -> bool) {
        for &(t, w) in &self.vecs[i] {
            let list = &self.lists[t as usize];
            let from = list.partition_point(|&(d, _)| d as usize <= i);
            for &(j, w2) in &list[from..] {
                let j = j as usize;
                if !keep(j) {
                    continue;
                }
                if acc[j] == 0.0 {
                    touched.push(j);
                }
                acc[j] += w * w2;
            }
        }
    }

    /// Adds to `count[j]` the number of keys article `i` shares with every later article `j`.
    fn count_with(&self, i: usize, count: &mut [u32], keep: impl Fn(usize) -> bool) {
        for &(t, _) in &self.vecs[i] {
            let list = &self.lists[t as usize];
            let from = list.partition_point(|&(d, _)| d as usize <= i);
            for &(j, _) in &list[from..] {
                if keep(j as usize) {
                    count[j as usize] += 1;
                }
            }
        }
    }
}

/// TF-IDF vectors (L2-normalised) of bags of keys, keys as ids (in order of first appearance),
/// each vector by ascending id.
fn tfidf(docs: &[Vec<String>]) -> Vec<Vec<(u32, f64)>> {
    let n = docs.len();
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let docs: Vec<Vec<u32>> = docs
        .iter()
        .map(|d| {
            d.iter()
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(w.as_str()).or_insert(next)
                })
                .collect()
        })
        .collect();
    let mut df = vec![0usize; ids.len()];
    for d in &docs {
        let mut seen = d.clone();
        seen.sort_unstable();
        seen.dedup();
        for w in seen {
            df[w as usize] += 1;
        }
    }
    docs.iter()
        .map(|d| {
            let mut v: Vec<(u32, f64)> = Vec::new();
            let mut sorted = d.clone();
            sorted.sort_unstable();
            for w in sorted {
                match v.last_mut() {
                    Some((last, x)) if *last == w => *x += 1.0,
                    _ => v.push((w, 1.0)),
                }
            }
            for (w, x) in v.iter_mut() {
                *x = (1.0 + x.ln()) * (1.0 + n as f64 / (1.0 + df[*w as usize] as f64)).ln();
            }
            let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt().max(1e-9);
            v.iter_mut().for_each(|(_, x)| *x /= norm);
            v
        })
        .collect()
}

/// An article's content stems (no stop words, over two letters), and what it names that reads
/// the same in any language: actors of the gazetteer, set phrases of the concept lexicon, and
/// numbers (not years).
fn keys_of(text: &str, lang: Lang) -> (Vec<String>, Vec<String>) {
    let raw = crate::text::tokenize::tokens(text, Span::new(0, text.len()), lang);
    let gaz = crate::claims::actors::Gazetteer::active();
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

    /// Every pair scored, as the grouping did before its inverted index: the reference.
    fn group_every_pair(inputs: &[StoryInput<'_>], p: &StoryParams) -> Vec<(Vec<i64>, Vec<Vec<i64>>)> {
        let n = inputs.len();
        let (docs, names): (Vec<Vec<String>>, Vec<Vec<String>>) = inputs.iter().map(|x| keys_of(x.text, x.lang)).unzip();
        let (w, nm) = (tfidf(&docs), tfidf(&names));
        let dot = |x: &[(u32, f64)], y: &[(u32, f64)]| -> (f64, usize) {
            let shared: Vec<f64> = x.iter().filter_map(|(k, a)| y.iter().find(|(k2, _)| k2 == k).map(|(_, b)| a * b)).collect();
            (shared.iter().sum(), shared.len())
        };
        let day = |s: Option<&str>| chrono::NaiveDate::parse_from_str(s?.get(..10)?, "%Y-%m-%d").ok();
        let mut parent: Vec<usize> = (0..n).collect();
        let mut dparent: Vec<usize> = (0..n).collect();
        fn root(p: &[usize], mut x: usize) -> usize {
            while p[x] != x {
                x = p[x];
            }
            x
        }
        for i in 0..n {
            for j in i + 1..n {
                if let (Some(a), Some(b)) = (day(inputs[i].published), day(inputs[j].published)) {
                    if (a - b).num_days().abs() > p.max_days {
                        continue;
                    }
                }
                let c = dot(&w[i], &w[j]).0;
                let (cr, k) = dot(&nm[i], &nm[j]);
                if c >= p.link || (inputs[i].lang != inputs[j].lang && k >= 3 && cr >= p.cross_link) {
                    let (ri, rj) = (root(&parent, i), root(&parent, j));
                    parent[ri] = rj;
                }
                if c >= p.duplicate {
                    let (ri, rj) = (root(&dparent, i), root(&dparent, j));
                    dparent[ri] = rj;
                }
            }
        }
        let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
        for i in 0..n {
            let r = root(&parent, i);
            match out.iter_mut().find(|(x, _)| *x == r) {
                Some((_, v)) => v.push(i),
                None => out.push((r, vec![i])),
            }
        }
        out.into_iter()
            .map(|(_, m)| {
                let mut dups: Vec<(usize, Vec<i64>)> = Vec::new();
                for &x in &m {
                    let r = root(&dparent, x);
                    match dups.iter_mut().find(|(y, _)| *y == r) {
                        Some((_, v)) => v.push(inputs[x].id),
                        None => dups.push((r, vec![inputs[x].id])),
                    }
                }
                (m.iter().map(|&x| inputs[x].id).collect(), dups.into_iter().map(|(_, v)| v).filter(|v| v.len() > 1).collect())
            })
            .collect()
    }

    #[test]
    fn the_inverted_index_groups_as_every_pair_scored() {
        // Random libraries over a small vocabulary in four languages (words, actors, set phrases,
        // numbers), dates over three weeks, some reprints: the same stories and reprints.
        let words = [
            ["Putin", "Erdogan", "Idlib", "ceasefire", "agreed", "Moscow", "soldiers", "killed", "strike", "talks", "army", "convoy"],
            ["بوتين", "أردوغان", "إدلب", "وقف إطلاق النار", "اتفق", "موسكو", "جنود", "قتلى", "غارة", "محادثات", "الجيش", "قافلة"],
            ["Путин", "Эрдоган", "Идлиб", "прекращение огня", "договорились", "Москве", "военных", "погибли", "удар", "переговоры", "армия", "колонна"],
            ["Putin", "Erdoğan", "İdlib", "ateşkes", "anlaştı", "Moskova", "asker", "öldü", "saldırı", "görüşme", "ordu", "konvoy"],
        ];
        let langs = [Lang::En, Lang::Ar, Lang::Ru, Lang::Tr];
        let mut rng = crate::align::XorShift(0x9e3779b97f4a7c15);
        let mut next = |m: u64| rng.below(m) as usize;
        for round in 0..20 {
            let n = 10 + next(30);
            let mut texts: Vec<(String, Lang, String)> = Vec::new();
            for _ in 0..n {
                if !texts.is_empty() && next(6) == 0 {
                    let k = next(texts.len() as u64);
                    let copy = texts[k].clone();
                    texts.push(copy);
                    continue;
                }
                let l = next(4);
                let len = 4 + next(10);
                let mut t: Vec<String> = (0..len).map(|_| words[l][next(12)].to_string()).collect();
                if next(2) == 0 {
                    t.push(format!("{}", 10 + next(40)));
                }
                texts.push((t.join(" ") + ".", langs[l], format!("2020-03-{:02}", 1 + next(21))));
            }
            let inputs: Vec<StoryInput<'_>> = texts.iter().enumerate().map(|(i, (t, l, d))| StoryInput { id: i as i64 + 1, text: t, lang: *l, published: Some(d) }).collect();
            let p = StoryParams::default();
            assert_eq!(group(&inputs, &p), group_every_pair(&inputs, &p), "round {round}");
        }
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
