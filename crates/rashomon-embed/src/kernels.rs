//! The hot path: Y = X·Wᵀ + b with 4-bit weights (Q4_0) and 8-bit activations (Q8_0), as ggml and
//! the reference engine do — integer multiply-adds, one float scale per 32-value block pair.
//!
//! Layout. Inputs are cut into groups of 4 blocks (128 values). Within a group the bytes are
//! interleaved so that 32-bit lane `k` of a 256-bit vector always sees block `k % 4`, half `k / 4`
//! (16 values): four integer dot-product instructions then leave lane `k` holding that half-block's
//! whole dot product, one int→float conversion and one FMA with the 8 per-lane scales
//! (weight scale × activation scale) finish the group. The −8 offset of the unsigned nibbles is
//! folded in by starting each integer accumulator at −8·Σa (computed when activations are quantised).
//!
//! Three implementations of the same arithmetic, chosen once at load by runtime detection:
//! AVX-512 VNNI (`vpdpbusd` on 256-bit vectors), AVX2 (`vpmaddubsw` + `vpmaddwd`), and portable
//! scalar code. Integer sums are exact in all three; only the order of float additions differs.

use crate::model::{f16_to_f32, Q4_BLOCK_BYTES, QK};

pub const GROUP: usize = 128;
const LANES: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    Scalar,
    Avx2,
    Vnni,
}

impl Kernel {
    /// The fastest kernel this CPU runs; `RASHOMON_EMBED_KERNEL=scalar|avx2|vnni` may ask for a
    /// slower one (never one the CPU lacks).
    pub fn detect() -> Kernel {
        let best = Self::best_supported();
        match std::env::var("RASHOMON_EMBED_KERNEL").as_deref() {
            Ok("scalar") => Kernel::Scalar,
            Ok("avx2") if best != Kernel::Scalar => Kernel::Avx2,
            _ => best,
        }
    }

    pub fn best_supported() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        {
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                if is_x86_feature_detected!("avx512vnni") && is_x86_feature_detected!("avx512vl") {
                    return Kernel::Vnni;
                }
                return Kernel::Avx2;
            }
        }
        Kernel::Scalar
    }

    pub fn name(self) -> &'static str {
        match self {
            Kernel::Scalar => "scalar",
            Kernel::Avx2 => "avx2",
            Kernel::Vnni => "avx512-vnni",
        }
    }
}

/// Position of value `i` (0..32) of block `kb` (0..4) inside its group's 128 interleaved bytes.
#[inline(always)]
fn slot(kb: usize, i: usize) -> usize {
    let half = i / 16;
    let j = i % 16;
    (j / 4) * 32 + (half * 4 + kb) * 4 + j % 4
}

/// A Q4_0 weight matrix [rows, cols], nibbles widened to bytes in the interleaved layout.
pub struct QMatrix {
    pub rows: usize,
    pub cols: usize,
    groups: usize,
    w: Vec<u8>,    // rows × groups × 128, values 0..15
    d: Vec<f32>,   // rows × groups × 8 lane scales
    bias: Vec<f32>,
}

impl QMatrix {
    /// From the file's Q4_0 rows (`rows × cols/32` blocks of 18 bytes) and a bias.
    pub fn from_q4(raw: &[u8], rows: usize, cols: usize, bias: Vec<f32>) -> QMatrix {
        assert!(cols.is_multiple_of(GROUP) && bias.len() == rows);
        let nb = cols / QK;
        assert_eq!(raw.len(), rows * nb * Q4_BLOCK_BYTES);
        let groups = cols / GROUP;
        let mut w = vec![0u8; rows * cols];
        let mut d = vec![0f32; rows * groups * LANES];
        for r in 0..rows {
            for g in 0..groups {
                let dst = &mut w[(r * groups + g) * GROUP..][..GROUP];
                for kb in 0..4 {
                    let blk = &raw[(r * nb + g * 4 + kb) * Q4_BLOCK_BYTES..][..Q4_BLOCK_BYTES];
                    let scale = f16_to_f32(u16::from_le_bytes([blk[0], blk[1]]));
                    d[(r * groups + g) * LANES + kb] = scale;
                    d[(r * groups + g) * LANES + kb + 4] = scale;
                    for j in 0..16 {
                        dst[slot(kb, j)] = blk[2 + j] & 0x0f;
                        dst[slot(kb, j + 16)] = blk[2 + j] >> 4;
                    }
                }
            }
        }
        QMatrix { rows, cols, groups, w, d, bias }
    }

    pub fn heap_bytes(&self) -> usize {
        self.w.len() + (self.d.len() + self.bias.len()) * 4
    }
}

/// Activations [tokens, cols] quantised per 32-value block to int8, in the interleaved layout.
#[derive(Default)]
pub struct QActs {
    tokens: usize,
    groups: usize,
    q: Vec<i8>,   // tokens × groups × 128
    d: Vec<f32>,  // tokens × groups × 8 lane scales
    nc: Vec<i32>, // tokens × groups × 8: −8·Σq over the lane's 16 values
}

impl QActs {
    /// Quantise `x` ([tokens, cols], row-major) exactly as the reference does: scale amax/127,
    /// round half to even, clamp to i8.
    pub fn quantize(&mut self, kernel: Kernel, x: &[f32], tokens: usize, cols: usize) {
        assert!(cols.is_multiple_of(GROUP) && x.len() >= tokens * cols);
        let groups = cols / GROUP;
        self.tokens = tokens;
        self.groups = groups;
        self.q.resize(tokens * cols, 0);
        self.d.resize(tokens * groups * LANES, 0.0);
        self.nc.resize(tokens * groups * LANES, 0);
        for t in 0..tokens {
            for g in 0..groups {
                let base = (t * groups + g) * GROUP;
                let lanes = (t * groups + g) * LANES;
                for kb in 0..4 {
                    let xs: &[f32; QK] = x[t * cols + g * GROUP + kb * QK..][..QK].try_into().unwrap();
                    let mut qv = [0i8; QK];
                    let (dd, sums) = match kernel {
                        #[cfg(target_arch = "x86_64")]
                        // SAFETY: SIMD kernels are only chosen on CPUs with AVX2.
                        Kernel::Avx2 | Kernel::Vnni => unsafe { x86::quantize_block(xs, &mut qv) },
                        _ => quantize_block(xs, &mut qv),
                    };
                    // 4 consecutive values stay together: chunk c of the block goes to its lane
                    for c in 0..8 {
                        let at = base + slot(kb, c * 4);
                        self.q[at..at + 4].copy_from_slice(&qv[c * 4..c * 4 + 4]);
                    }
                    self.d[lanes + kb] = dd;
                    self.d[lanes + kb + 4] = dd;
                    self.nc[lanes + kb] = -8 * sums[0];
                    self.nc[lanes + kb + 4] = -8 * sums[1];
                }
            }
        }
    }
}

/// One block of 32: the int8 values, the scale and the sums of each half.
fn quantize_block(xs: &[f32; QK], qv: &mut [i8; QK]) -> (f32, [i32; 2]) {
    let amax = xs.iter().fold(0f32, |m, v| m.max(v.abs()));
    let dd = amax / 127.0;
    let id = if dd > 0.0 { 1.0 / dd } else { 0.0 };
    let mut sums = [0i32; 2];
    for (i, &v) in xs.iter().enumerate() {
        let r = (v * id).round_ties_even().clamp(-128.0, 127.0) as i32;
        qv[i] = r as i8;
        sums[i / 16] += r;
    }
    (dd, sums)
}

/// y[tokens, rows] = acts · wᵀ + bias.
pub fn matmul(kernel: Kernel, w: &QMatrix, a: &QActs, y: &mut [f32]) {
    assert_eq!(w.groups, a.groups, "matmul: inner dimensions differ");
    assert!(y.len() >= a.tokens * w.rows);
    match kernel {
        #[cfg(target_arch = "x86_64")]
        Kernel::Vnni => unsafe { x86::matmul_vnni(w, a, y) },
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2 => unsafe { x86::matmul_avx2(w, a, y) },
        _ => matmul_scalar(w, a, y),
    }
}

fn matmul_scalar(w: &QMatrix, a: &QActs, y: &mut [f32]) {
    let groups = w.groups;
    for t in 0..a.tokens {
        for r in 0..w.rows {
            let mut facc = [0f32; LANES];
            for g in 0..groups {
                let wq = &w.w[(r * groups + g) * GROUP..][..GROUP];
                let aq = &a.q[(t * groups + g) * GROUP..][..GROUP];
                let wd = &w.d[(r * groups + g) * LANES..][..LANES];
                let ad = &a.d[(t * groups + g) * LANES..][..LANES];
                let nc = &a.nc[(t * groups + g) * LANES..][..LANES];
                let mut acc = [0i32; LANES];
                acc.copy_from_slice(nc);
                for v in 0..4 {
                    for (lane, slot) in acc.iter_mut().enumerate() {
                        for b in 0..4 {
                            let p = v * 32 + lane * 4 + b;
                            *slot += wq[p] as i32 * aq[p] as i32;
                        }
                    }
                }
                for l in 0..LANES {
                    facc[l] = (acc[l] as f32).mul_add(wd[l] * ad[l], facc[l]);
                }
            }
            y[t * w.rows + r] = w.bias[r] + facc.iter().sum::<f32>();
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{QActs, QMatrix, GROUP, LANES};
    use std::arch::x86_64::*;

    /// Rows (R) × tokens (TTT) per register tile (6×2 measured fastest on Zen 4); tokens are
    /// walked in blocks of TB that stay in L1 while every row passes over them.
    const R: usize = 6;
    const TTT: usize = 2;
    const TB: usize = 32;

    #[inline(always)]
    unsafe fn hsum(v: __m256) -> f32 {
        let lo = _mm256_castps256_ps128(v);
        let hi = _mm256_extractf128_ps(v, 1);
        let s = _mm_add_ps(lo, hi);
        let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        let s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
        _mm_cvtss_f32(s)
    }

    /// One tile: `RR` weight rows × `TT` tokens, over every group.
    #[inline(always)]
    unsafe fn tile<const RR: usize, const TT: usize, F: Fn(__m256i, __m256i, __m256i) -> __m256i>(
        w: &QMatrix,
        a: &QActs,
        y: *mut f32,
        r0: usize,
        t0: usize,
        dot: &F,
    ) {
        let groups = w.groups;
        let mut facc = [[_mm256_setzero_ps(); TT]; RR];
        for g in 0..groups {
            let mut av = [[_mm256_setzero_si256(); 4]; TT];
            for (t, avt) in av.iter_mut().enumerate() {
                let p = a.q.as_ptr().add(((t0 + t) * groups + g) * GROUP);
                for (v, slot) in avt.iter_mut().enumerate() {
                    *slot = _mm256_loadu_si256(p.add(v * 32) as *const __m256i);
                }
            }
            for (r, facc_r) in facc.iter_mut().enumerate() {
                let wp = w.w.as_ptr().add(((r0 + r) * groups + g) * GROUP);
                let wv = [
                    _mm256_loadu_si256(wp as *const __m256i),
                    _mm256_loadu_si256(wp.add(32) as *const __m256i),
                    _mm256_loadu_si256(wp.add(64) as *const __m256i),
                    _mm256_loadu_si256(wp.add(96) as *const __m256i),
                ];
                let wd = _mm256_loadu_ps(w.d.as_ptr().add(((r0 + r) * groups + g) * LANES));
                for t in 0..TT {
                    let li = ((t0 + t) * groups + g) * LANES;
                    let mut acc = _mm256_loadu_si256(a.nc.as_ptr().add(li) as *const __m256i);
                    acc = dot(acc, wv[0], av[t][0]);
                    acc = dot(acc, wv[1], av[t][1]);
                    acc = dot(acc, wv[2], av[t][2]);
                    acc = dot(acc, wv[3], av[t][3]);
                    let s = _mm256_mul_ps(wd, _mm256_loadu_ps(a.d.as_ptr().add(li)));
                    facc_r[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(acc), s, facc_r[t]);
                }
            }
        }
        for (r, facc_r) in facc.iter().enumerate() {
            for (t, f) in facc_r.iter().enumerate() {
                *y.add((t0 + t) * w.rows + r0 + r) = w.bias[r0 + r] + hsum(*f);
            }
        }
    }

    #[inline(always)]
    unsafe fn run<F: Fn(__m256i, __m256i, __m256i) -> __m256i>(w: &QMatrix, a: &QActs, y: &mut [f32], dot: F) {
        assert!(y.len() >= a.tokens * w.rows && a.q.len() >= a.tokens * a.groups * GROUP);
        let y = y.as_mut_ptr();
        let mut b0 = 0;
        while b0 < a.tokens {
            let b1 = (b0 + TB).min(a.tokens);
            let mut r0 = 0;
            while r0 < w.rows {
                let mut t0 = b0;
                if r0 + R <= w.rows {
                    while t0 + TTT <= b1 {
                        tile::<R, TTT, F>(w, a, y, r0, t0, &dot);
                        t0 += TTT;
                    }
                    while t0 < b1 {
                        tile::<R, 1, F>(w, a, y, r0, t0, &dot);
                        t0 += 1;
                    }
                    r0 += R;
                } else {
                    // rows left over when R does not divide the row count
                    while t0 < b1 {
                        tile::<1, 1, F>(w, a, y, r0, t0, &dot);
                        t0 += 1;
                    }
                    r0 += 1;
                }
            }
            b0 = b1;
        }
    }

    /// [`super::quantize_block`] in AVX2: `cvtps2dq` rounds half to even like `lrintf`, and the
    /// saturating packs clamp.
    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn quantize_block(xs: &[f32; 32], qv: &mut [i8; 32]) -> (f32, [i32; 2]) {
        let p = xs.as_ptr();
        let v = [_mm256_loadu_ps(p), _mm256_loadu_ps(p.add(8)), _mm256_loadu_ps(p.add(16)), _mm256_loadu_ps(p.add(24))];
        let sign = _mm256_set1_ps(-0.0);
        let m = _mm256_max_ps(
            _mm256_max_ps(_mm256_andnot_ps(sign, v[0]), _mm256_andnot_ps(sign, v[1])),
            _mm256_max_ps(_mm256_andnot_ps(sign, v[2]), _mm256_andnot_ps(sign, v[3])),
        );
        let m4 = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
        let m2 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        let amax = _mm_cvtss_f32(_mm_max_ss(m2, _mm_shuffle_ps(m2, m2, 1)));
        let dd = amax / 127.0;
        let id = _mm256_set1_ps(if dd > 0.0 { 1.0 / dd } else { 0.0 });
        let q: [__m256i; 4] = [
            _mm256_cvtps_epi32(_mm256_mul_ps(v[0], id)),
            _mm256_cvtps_epi32(_mm256_mul_ps(v[1], id)),
            _mm256_cvtps_epi32(_mm256_mul_ps(v[2], id)),
            _mm256_cvtps_epi32(_mm256_mul_ps(v[3], id)),
        ];
        let hsum_i = |a: __m256i| {
            let s = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
            let s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0b01_00_11_10));
            let s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0b10_11_00_01));
            _mm_cvtsi128_si32(s)
        };
        let sums = [hsum_i(_mm256_add_epi32(q[0], q[1])), hsum_i(_mm256_add_epi32(q[2], q[3]))];
        let w01 = _mm256_packs_epi32(q[0], q[1]);
        let w23 = _mm256_packs_epi32(q[2], q[3]);
        let b = _mm256_packs_epi16(w01, w23);
        let b = _mm256_permutevar8x32_epi32(b, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        _mm256_storeu_si256(qv.as_mut_ptr() as *mut __m256i, b);
        (dd, sums)
    }

    #[target_feature(enable = "avx2,fma,avx512vnni,avx512vl")]
    pub unsafe fn matmul_vnni(w: &QMatrix, a: &QActs, y: &mut [f32]) {
        run(w, a, y, |acc, wv, av| _mm256_dpbusd_epi32(acc, wv, av))
    }

    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn matmul_avx2(w: &QMatrix, a: &QActs, y: &mut [f32]) {
        let ones = _mm256_set1_epi16(1);
        run(w, a, y, |acc, wv, av| _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(wv, av), ones)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(seed: &mut u64) -> u32 {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (*seed >> 33) as u32
    }

    /// Plain f32 reference: dequantised weights times dequantised activations.
    fn naive(raw: &[u8], rows: usize, cols: usize, bias: &[f32], a: &QActs, x: &[f32]) -> Vec<f32> {
        let nb = cols / QK;
        let tokens = x.len() / cols;
        let mut out = vec![0f32; tokens * rows];
        for t in 0..tokens {
            for r in 0..rows {
                let mut s = 0f64;
                for b in 0..nb {
                    let blk = &raw[(r * nb + b) * Q4_BLOCK_BYTES..][..Q4_BLOCK_BYTES];
                    let dw = f16_to_f32(u16::from_le_bytes([blk[0], blk[1]])) as f64;
                    let xs = &x[t * cols + b * QK..][..QK];
                    let amax = xs.iter().fold(0f32, |m, v| m.max(v.abs()));
                    let dd = amax / 127.0;
                    let id = if dd > 0.0 { 1.0 / dd } else { 0.0 };
                    for i in 0..QK {
                        let q = if i < 16 { blk[2 + i] & 15 } else { blk[2 + i - 16] >> 4 } as i32 - 8;
                        let qa = (xs[i] * id).round_ties_even().clamp(-128.0, 127.0) as i32;
                        s += dw * (q as f64) * (dd as f64) * (qa as f64);
                    }
                }
                out[t * rows + r] = bias[r] + s as f32;
            }
        }
        let _ = a;
        out
    }

    #[test]
    fn every_kernel_computes_the_same_product() {
        let (rows, cols, tokens) = (13, 256, 7); // 13 rows: two 6-row tiles and a leftover row
        let mut seed = 42u64;
        let mut raw = vec![0u8; rows * cols / QK * Q4_BLOCK_BYTES];
        for blk in raw.chunks_exact_mut(Q4_BLOCK_BYTES) {
            // scales between 2^-8 and 2^-4 as half floats; random nibbles
            let e = 7 + lcg(&mut seed) % 4;
            let h = ((e as u16) << 10) | (lcg(&mut seed) as u16 & 0x3ff);
            blk[..2].copy_from_slice(&h.to_le_bytes());
            for b in &mut blk[2..] {
                *b = lcg(&mut seed) as u8;
            }
        }
        let bias: Vec<f32> = (0..rows).map(|i| i as f32 * 0.25 - 0.5).collect();
        let x: Vec<f32> =
            (0..tokens * cols).map(|_| (lcg(&mut seed) % 20001) as f32 / 1000.0 - 10.0).collect();
        let w = QMatrix::from_q4(&raw, rows, cols, bias.clone());
        let mut a = QActs::default();
        a.quantize(Kernel::Scalar, &x, tokens, cols);
        let want = naive(&raw, rows, cols, &bias, &a, &x);
        let mut kernels = vec![Kernel::Scalar];
        if Kernel::best_supported() != Kernel::Scalar {
            kernels.push(Kernel::Avx2);
        }
        if Kernel::best_supported() == Kernel::Vnni {
            kernels.push(Kernel::Vnni);
        }
        for k in kernels {
            let mut ak = QActs::default();
            ak.quantize(k, &x, tokens, cols);
            assert_eq!((&ak.q, &ak.d, &ak.nc), (&a.q, &a.d, &a.nc), "{k:?} quantises differently");
            let mut y = vec![0f32; tokens * rows];
            matmul(k, &w, &a, &mut y);
            for (i, (got, want)) in y.iter().zip(&want).enumerate() {
                assert!((got - want).abs() <= 1e-4 * want.abs().max(1.0), "{k:?} [{i}]: {got} vs {want}");
            }
        }
    }
}
