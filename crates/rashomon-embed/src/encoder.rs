//! The 12-layer BERT (XLM-R) encoder of multilingual-e5-small: embeddings + LayerNorm, then per
//! layer self-attention (within each text only) and a GELU feed-forward, both with residual +
//! LayerNorm; the output is the mean of the last hidden states of each text's tokens.
//!
//! Several texts run as one [tokens, hidden] matrix so every weight matrix is streamed once per
//! batch; attention is restricted to each text's own span.

use crate::kernels::{matmul, Kernel, QActs, QMatrix};
use crate::model::{f16_to_f32, Parsed, Q4_BLOCK_BYTES, QK};
use crate::Error;
use std::path::Path;

pub struct Layer {
    q: QMatrix,
    k: QMatrix,
    v: QMatrix,
    ao: QMatrix,
    aln_w: Vec<f32>,
    aln_b: Vec<f32>,
    fi: QMatrix,
    fo: QMatrix,
    oln_w: Vec<f32>,
    oln_b: Vec<f32>,
}

pub struct Encoder {
    pub hidden: usize,
    pub heads: usize,
    pub ff: usize,
    pub max_pos: usize,
    eps: f32,
    /// Byte range of the Q4_0 word-embedding rows inside the mapped file (not copied).
    word: std::ops::Range<usize>,
    pos: Vec<f32>,
    typ: Vec<f32>,
    eln_w: Vec<f32>,
    eln_b: Vec<f32>,
    layers: Vec<Layer>,
    pub kernel: Kernel,
}

impl Encoder {
    /// `file` is the whole model image `p` was parsed from.
    pub fn new(p: &Parsed, file: &[u8], path: &Path, kernel: Kernel) -> Result<Encoder, Error> {
        let h = &p.header;
        let (hd, ff) = (h.hidden, h.ff);
        let mat = |name: &str, rows: usize, cols: usize| -> Result<QMatrix, Error> {
            let raw = p.tensor(&format!("{name}.w"), 1, rows * cols, path)?;
            let bias = p.f32s(&format!("{name}.b"), rows, path)?;
            Ok(QMatrix::from_q4(raw, rows, cols, bias))
        };
        let mut layers = Vec::with_capacity(h.layers);
        for l in 0..h.layers {
            layers.push(Layer {
                q: mat(&format!("l{l}.q"), hd, hd)?,
                k: mat(&format!("l{l}.k"), hd, hd)?,
                v: mat(&format!("l{l}.v"), hd, hd)?,
                ao: mat(&format!("l{l}.ao"), hd, hd)?,
                aln_w: p.f32s(&format!("l{l}.aln.w"), hd, path)?,
                aln_b: p.f32s(&format!("l{l}.aln.b"), hd, path)?,
                fi: mat(&format!("l{l}.fi"), ff, hd)?,
                fo: mat(&format!("l{l}.fo"), hd, ff)?,
                oln_w: p.f32s(&format!("l{l}.oln.w"), hd, path)?,
                oln_b: p.f32s(&format!("l{l}.oln.b"), hd, path)?,
            });
        }
        Ok(Encoder {
            hidden: hd,
            heads: h.heads,
            ff,
            max_pos: h.max_pos,
            eps: h.eps,
            word: {
                let w = p.tensor("emb.word", 1, h.vocab_rows * hd, path)?;
                let start = w.as_ptr() as usize - file.as_ptr() as usize;
                start..start + w.len()
            },
            pos: p.f32s("emb.pos", h.max_pos * hd, path)?,
            typ: p.f32s("emb.type", h.type_rows * hd, path)?,
            eln_w: p.f32s("emb.ln.w", hd, path)?,
            eln_b: p.f32s("emb.ln.b", hd, path)?,
            layers,
            kernel,
        })
    }

    pub fn vocab_rows(&self) -> usize {
        self.word.len() / (self.hidden / QK * Q4_BLOCK_BYTES)
    }

    pub fn heap_bytes(&self) -> usize {
        let mats: usize = self
            .layers
            .iter()
            .map(|l| [&l.q, &l.k, &l.v, &l.ao, &l.fi, &l.fo].iter().map(|m| m.heap_bytes()).sum::<usize>())
            .sum();
        mats + (self.pos.len() + self.typ.len()) * 4
    }

    /// Mean-pooled (not normalised) last hidden state of every segment. `ids` holds the segments'
    /// tokens back to back (each framed by `<s>` … `</s>`, at most `max_pos` long); `seg` their
    /// start offsets plus the total length.
    pub fn forward(&self, file: &[u8], ids: &[u32], seg: &[usize], ws: &mut Workspace) -> Vec<f32> {
        #[cfg(target_arch = "x86_64")]
        if self.kernel != Kernel::Scalar {
            // SAFETY: a SIMD kernel is only chosen after detecting AVX2 and FMA.
            return unsafe { self.forward_avx2(file, ids, seg, ws) };
        }
        self.forward_impl(file, ids, seg, ws)
    }

    /// The same code compiled with AVX2/FMA, so the element-wise parts vectorise too.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn forward_avx2(&self, file: &[u8], ids: &[u32], seg: &[usize], ws: &mut Workspace) -> Vec<f32> {
        self.forward_impl(file, ids, seg, ws)
    }

    #[inline(always)]
    fn forward_impl(&self, file: &[u8], ids: &[u32], seg: &[usize], ws: &mut Workspace) -> Vec<f32> {
        let word = &file[self.word.clone()];
        let (h, ff) = (self.hidden, self.ff);
        let hd = h / self.heads;
        let t_total = ids.len();
        debug_assert_eq!(*seg.last().unwrap(), t_total);
        ws.resize(t_total, h, ff);
        let Workspace { x, q, k, v, ctx, tmp, mid, acts, prob } = ws;

        // embeddings: word + position + token type 0, then LayerNorm
        let nb = h / QK;
        for s in 0..seg.len() - 1 {
            for (p, t) in (seg[s]..seg[s + 1]).enumerate() {
                let row = &word[ids[t] as usize * nb * Q4_BLOCK_BYTES..][..nb * Q4_BLOCK_BYTES];
                let xr = &mut x[t * h..][..h];
                for (b, blk) in row.chunks_exact(Q4_BLOCK_BYTES).enumerate() {
                    let d = f16_to_f32(u16::from_le_bytes([blk[0], blk[1]]));
                    for j in 0..16 {
                        xr[b * QK + j] = ((blk[2 + j] & 0x0f) as i32 - 8) as f32 * d;
                        xr[b * QK + j + 16] = ((blk[2 + j] >> 4) as i32 - 8) as f32 * d;
                    }
                }
                let pp = &self.pos[p * h..][..h];
                for i in 0..h {
                    xr[i] += pp[i] + self.typ[i];
                }
            }
        }
        layer_norm(x, None, &self.eln_w, &self.eln_b, h, self.eps);

        let scale = 1.0 / (hd as f32).sqrt();
        for ly in &self.layers {
            acts.quantize(self.kernel, x, t_total, h);
            matmul(self.kernel, &ly.q, acts, q);
            matmul(self.kernel, &ly.k, acts, k);
            matmul(self.kernel, &ly.v, acts, v);
            if hd == 32 {
                attention::<32>(q, k, v, ctx, prob, seg, h, scale);
            } else {
                attention_any(q, k, v, ctx, prob, seg, h, hd, scale);
            }
            acts.quantize(self.kernel, ctx, t_total, h);
            matmul(self.kernel, &ly.ao, acts, tmp);
            layer_norm(x, Some(tmp), &ly.aln_w, &ly.aln_b, h, self.eps);

            acts.quantize(self.kernel, x, t_total, h);
            matmul(self.kernel, &ly.fi, acts, mid);
            gelu(&mut mid[..t_total * ff]);
            acts.quantize(self.kernel, mid, t_total, ff);
            matmul(self.kernel, &ly.fo, acts, tmp);
            layer_norm(x, Some(tmp), &ly.oln_w, &ly.oln_b, h, self.eps);
        }

        // mean pool each segment
        let nseg = seg.len() - 1;
        let mut out = vec![0f32; nseg * h];
        for s in 0..nseg {
            let o = &mut out[s * h..][..h];
            for t in seg[s]..seg[s + 1] {
                for (oi, xi) in o.iter_mut().zip(&x[t * h..][..h]) {
                    *oi += xi;
                }
            }
            let inv = 1.0 / (seg[s + 1] - seg[s]) as f32;
            o.iter_mut().for_each(|v| *v *= inv);
        }
        out
    }
}

/// Scratch buffers reused across forward passes of one thread.
#[derive(Default)]
pub struct Workspace {
    x: Vec<f32>,
    q: Vec<f32>,
    k: Vec<f32>,
    v: Vec<f32>,
    ctx: Vec<f32>,
    tmp: Vec<f32>,
    mid: Vec<f32>,
    acts: QActs,
    prob: Vec<f32>,
}

impl Workspace {
    fn resize(&mut self, t: usize, h: usize, ff: usize) {
        for b in [&mut self.x, &mut self.q, &mut self.k, &mut self.v, &mut self.ctx, &mut self.tmp] {
            b.resize(t * h, 0.0);
        }
        self.mid.resize(t * ff, 0.0);
        self.prob.resize(t, 0.0);
    }
}

/// Scaled dot-product attention of every head, each token attending to its own segment only.
/// `HD` (the head size) is a constant so the per-head vectors stay in registers.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn attention<const HD: usize>(
    q: &[f32],
    k: &[f32],
    v: &[f32],
    ctx: &mut [f32],
    prob: &mut [f32],
    seg: &[usize],
    h: usize,
    scale: f32,
) {
    let nh = h / HD;
    for s in 0..seg.len() - 1 {
        let (s0, s1) = (seg[s], seg[s + 1]);
        for t in s0..s1 {
            for head in 0..nh {
                let off = head * HD;
                let qh: &[f32; HD] = q[t * h + off..][..HD].try_into().unwrap();
                let pr = &mut prob[..s1 - s0];
                for (u, pv) in (s0..s1).zip(pr.iter_mut()) {
                    let kh: &[f32; HD] = k[u * h + off..][..HD].try_into().unwrap();
                    *pv = dot(qh, kh) * scale;
                }
                let mx = pr.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
                for pv in pr.iter_mut() {
                    *pv = fast_exp(*pv - mx);
                }
                let inv = 1.0 / pr.iter().sum::<f32>();
                let mut acc = [0f32; HD];
                for (u, pv) in (s0..s1).zip(pr.iter()) {
                    let p = pv * inv;
                    let vh: &[f32; HD] = v[u * h + off..][..HD].try_into().unwrap();
                    for e in 0..HD {
                        acc[e] += p * vh[e];
                    }
                }
                ctx[t * h + off..][..HD].copy_from_slice(&acc);
            }
        }
    }
}

/// [`attention`] for any head size.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn attention_any(
    q: &[f32],
    k: &[f32],
    v: &[f32],
    ctx: &mut [f32],
    prob: &mut [f32],
    seg: &[usize],
    h: usize,
    hd: usize,
    scale: f32,
) {
    for s in 0..seg.len() - 1 {
        let (s0, s1) = (seg[s], seg[s + 1]);
        for t in s0..s1 {
            for head in 0..h / hd {
                let off = head * hd;
                let qh = &q[t * h + off..][..hd];
                let pr = &mut prob[..s1 - s0];
                for (u, pv) in (s0..s1).zip(pr.iter_mut()) {
                    *pv = dot(qh, &k[u * h + off..][..hd]) * scale;
                }
                let mx = pr.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
                for pv in pr.iter_mut() {
                    *pv = fast_exp(*pv - mx);
                }
                let inv = 1.0 / pr.iter().sum::<f32>();
                let ch = &mut ctx[t * h + off..][..hd];
                ch.fill(0.0);
                for (u, pv) in (s0..s1).zip(pr.iter()) {
                    let p = pv * inv;
                    for (c, x) in ch.iter_mut().zip(&v[u * h + off..][..hd]) {
                        *c += p * x;
                    }
                }
            }
        }
    }
}

#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    // eight partial sums so the compiler can keep them in one vector register
    let mut acc = [0f32; 8];
    for (ca, cb) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for i in 0..8 {
            acc[i] += ca[i] * cb[i];
        }
    }
    let mut s = acc.iter().sum::<f32>();
    for i in a.len() / 8 * 8..a.len() {
        s += a[i] * b[i];
    }
    s
}

/// x = LayerNorm(x + y) row by row (y = None: LayerNorm(x)).
#[inline(always)]
fn layer_norm(x: &mut [f32], y: Option<&[f32]>, w: &[f32], b: &[f32], h: usize, eps: f32) {
    let rows = x.len() / h;
    for t in 0..rows {
        let r = &mut x[t * h..][..h];
        if let Some(y) = y {
            for (ri, yi) in r.iter_mut().zip(&y[t * h..][..h]) {
                *ri += yi;
            }
        }
        let mean = r.iter().sum::<f32>() / h as f32;
        let var = r.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for i in 0..h {
            r[i] = (r[i] - mean) * inv * w[i] + b[i];
        }
    }
}

/// e^x for x ≤ ~88, relative error ~2e-7 (Cephes polynomial), branch-free so loops vectorise.
#[inline(always)]
pub fn fast_exp(x: f32) -> f32 {
    // max/min rather than clamp: a NaN becomes -87, so the cast below is always in range
    #[allow(clippy::manual_clamp)]
    let x = x.max(-87.0).min(88.0);
    let n = (x * std::f32::consts::LOG2_E + 0.5).floor();
    let r = x - n * 0.693_359_4 + n * 2.121_944_4e-4;
    let p = ((((1.987_569_1e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5;
    let e = p * r * r + r + 1.0;
    // SAFETY: n is finite and within [-126, 127] after the bounds above.
    let n = unsafe { n.to_int_unchecked::<i32>() };
    e * f32::from_bits(((n + 127) as u32) << 23)
}

/// Exact-form GELU, x·Φ(x), with erf from Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7).
#[inline(always)]
fn gelu(v: &mut [f32]) {
    for x in v.iter_mut() {
        let z = *x * std::f32::consts::FRAC_1_SQRT_2;
        let a = z.abs();
        let t = 1.0 / (1.0 + 0.327_591_1 * a);
        let poly = ((((1.061_405_4 * t - 1.453_152_1) * t + 1.421_413_7) * t - 0.284_496_74) * t + 0.254_829_6) * t;
        let erf_abs = 1.0 - poly * fast_exp(-a * a);
        let erf = erf_abs.copysign(z);
        *x = 0.5 * *x * (1.0 + erf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_exp_is_close() {
        for i in -800..=800 {
            let x = i as f32 / 10.0;
            let (got, want) = (fast_exp(x), x.exp());
            assert!((got - want).abs() <= 1e-6 * want, "exp({x}) = {got}, want {want}");
        }
    }

    #[test]
    fn gelu_matches_erf_form() {
        // reference values of x·Φ(x)
        let cases = [(-3.0f32, -0.004_049_7), (-1.0, -0.158_655_25), (0.0, 0.0), (0.5, 0.345_731_14), (2.0, 1.954_5)];
        for (x, want) in cases {
            let mut v = [x];
            gelu(&mut v);
            assert!((v[0] - want).abs() < 1e-4, "gelu({x}) = {}, want {want}", v[0]);
        }
    }
}
