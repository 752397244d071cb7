//! XLM-R SentencePiece unigram tokenizer over the vocabulary packed in the model file.
//!
//! Same pipeline as the reference engine (and so the same ids): every code point goes through the
//! file's normalisation map (NFKC-like folding, control characters dropped, odd spaces to U+0020),
//! runs of spaces collapse to one, a leading space is added, spaces become the metaspace U+2581,
//! and a Viterbi search picks the segmentation with the highest sum of piece scores; a character
//! no piece covers becomes `<unk>` with score min−10. Ids are XLM-R ids (the vocabulary is stored
//! in id order: `<s>`=0, `<pad>`=1, `</s>`=2, `<unk>`=3, then the SentencePiece pieces shifted by 1).

use crate::model::VocabRaw;

const META: char = '\u{2581}';

pub struct Tokenizer {
    offsets: Vec<u32>,
    scores: Vec<f32>,
    blob: Vec<u8>,
    table: Vec<u32>, // open addressing: piece index + 1, 0 = empty
    mask: usize,
    norm_cp: Vec<u32>,
    norm_off: Vec<u32>,
    norm_out: Vec<char>,
    pub bos: u32,
    pub eos: u32,
    unk: u32,
    unk_score: f32,
    max_piece_bytes: usize,
}

fn fnv1a(s: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl Tokenizer {
    pub fn new(v: &VocabRaw) -> Tokenizer {
        let n = v.n_pieces;
        let mut bits = 1;
        while (1usize << bits) < n * 2 {
            bits += 1;
        }
        let mask = (1usize << bits) - 1;
        let mut table = vec![0u32; mask + 1];
        let mut min_score = f32::INFINITY;
        let mut max_piece_bytes = 1;
        for i in 0..n {
            let piece = &v.blob[v.offsets[i] as usize..v.offsets[i + 1] as usize];
            min_score = min_score.min(v.scores[i]);
            max_piece_bytes = max_piece_bytes.max(piece.len());
            if piece.is_empty() {
                continue;
            }
            let mut h = fnv1a(piece) as usize & mask;
            while table[h] != 0 {
                h = (h + 1) & mask;
            }
            table[h] = i as u32 + 1;
        }
        let mut norm_cp = Vec::with_capacity(v.norm.len());
        let mut norm_off = Vec::with_capacity(v.norm.len() + 1);
        let mut norm_out = Vec::new();
        for (cp, out) in &v.norm {
            norm_cp.push(*cp);
            norm_off.push(norm_out.len() as u32);
            // A replacement that is not a scalar value cannot come out of a well-formed file; U+FFFD stands in.
            norm_out.extend(out.iter().map(|&c| char::from_u32(c).unwrap_or('\u{fffd}')));
        }
        norm_off.push(norm_out.len() as u32);
        Tokenizer {
            offsets: v.offsets.clone(),
            scores: v.scores.clone(),
            blob: v.blob.to_vec(),
            table,
            mask,
            norm_cp,
            norm_off,
            norm_out,
            bos: v.bos,
            eos: v.eos,
            unk: v.unk,
            unk_score: min_score - 10.0,
            max_piece_bytes,
        }
    }

    fn lookup(&self, s: &[u8]) -> Option<u32> {
        let mut h = fnv1a(s) as usize & self.mask;
        loop {
            let v = self.table[h];
            if v == 0 {
                return None;
            }
            let idx = (v - 1) as usize;
            if &self.blob[self.offsets[idx] as usize..self.offsets[idx + 1] as usize] == s {
                return Some(idx as u32);
            }
            h = (h + 1) & self.mask;
        }
    }

    /// The text as the model sees it before segmentation: normalised, spaces collapsed, a leading
    /// metaspace, every space a metaspace.
    pub fn normalize(&self, text: &str) -> String {
        let mut cps: Vec<char> = Vec::with_capacity(text.len() + 1);
        for ch in text.chars() {
            // The reference reads a C string: an embedded NUL ends the text.
            if ch == '\0' {
                break;
            }
            match self.norm_cp.binary_search(&(ch as u32)) {
                Ok(i) => cps.extend_from_slice(
                    &self.norm_out[self.norm_off[i] as usize..self.norm_off[i + 1] as usize],
                ),
                Err(_) => cps.push(ch),
            }
        }
        let mut out = String::with_capacity(cps.len() * 3 + 3);
        if cps.first() != Some(&' ') {
            out.push(META);
        }
        let mut prev_space = false;
        for &c in &cps {
            if c == ' ' {
                if prev_space {
                    continue;
                }
                out.push(META);
            } else {
                out.push(c);
            }
            prev_space = c == ' ';
        }
        out
    }

    /// Content ids (no `<s>`/`</s>`) of `text`.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let buf = self.normalize(text);
        let bytes = buf.as_bytes();
        let mut cs: Vec<usize> = buf.char_indices().map(|(i, _)| i).collect();
        cs.push(bytes.len());
        let n = cs.len() - 1;
        const NONE: f32 = -1e30;
        let mut best = vec![NONE; n + 1];
        let mut back_id = vec![u32::MAX; n + 1]; // u32::MAX = unknown character
        let mut back_from = vec![0usize; n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] <= -1e29 {
                continue;
            }
            let bi = cs[i];
            for e in i + 1..=n {
                let len = cs[e] - bi;
                if len > self.max_piece_bytes {
                    break;
                }
                if let Some(idx) = self.lookup(&bytes[bi..cs[e]]) {
                    if idx != self.unk {
                        let sc = best[i] + self.scores[idx as usize];
                        if sc > best[e] {
                            best[e] = sc;
                            back_id[e] = idx;
                            back_from[e] = i;
                        }
                    }
                }
            }
            let us = best[i] + self.unk_score;
            if us > best[i + 1] {
                best[i + 1] = us;
                back_id[i + 1] = u32::MAX;
                back_from[i + 1] = i;
            }
        }
        let mut ids = Vec::new();
        let mut i = n;
        while i > 0 {
            ids.push(if back_id[i] == u32::MAX { self.unk } else { back_id[i] });
            i = back_from[i];
        }
        ids.reverse();
        ids
    }

    pub fn piece_count(&self) -> usize {
        self.scores.len()
    }
    pub fn blob_len(&self) -> usize {
        self.blob.len()
    }
    pub fn table_len(&self) -> usize {
        self.table.len()
    }

    /// The piece text of an id (for display and debugging).
    pub fn piece(&self, id: u32) -> Option<&str> {
        let i = id as usize;
        if i + 1 >= self.offsets.len() {
            return None;
        }
        std::str::from_utf8(&self.blob[self.offsets[i] as usize..self.offsets[i + 1] as usize]).ok()
    }
}
