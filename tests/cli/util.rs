use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

pub fn samples() -> PathBuf {
    repo().join("samples")
}

/// A temporary directory with a database path inside it.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("rashomon.db")
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_rashomon"))
            .args(args)
            .env("RASHOMON_DB", self.db())
            .output()
            .unwrap()
    }
    pub fn run_ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.status.success(), "rashomon {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    }
    /// `rashomon eval --pairs GOLD --json` (repo-relative path), optionally with the model off.
    pub fn eval(&self, gold: &str, no_model: bool) -> serde_json::Value {
        let gold = repo().join(gold);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rashomon"));
        cmd.args(["eval", "--pairs", s(&gold), "--json"]).env("RASHOMON_DB", self.db());
        if no_model {
            cmd.env("RASHOMON_NO_MODEL", "1");
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    }
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.run_ok(args)).unwrap()
    }
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A digest of everything stored: every row of every table (FTS shadow tables included) and the
/// schema version. Equal digests: nothing stored changed.
pub fn db_digest(db: &Path) -> String {
    use sha2::Digest;
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut h = sha2::Sha256::new();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    h.update(format!("user_version {v}\n"));
    for t in tables {
        let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let mut rows: Vec<String> = st
            .query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        h.update(format!("{t} {}\n{}\n", rows.len(), rows.join("\n")));
    }
    hex::encode(h.finalize())
}

/// Run the binary and return its output and its peak resident set size in KiB (wait4 rusage).
// The child is reaped by wait4 (for its rusage), which clippy does not see.
#[allow(clippy::zombie_processes)]
pub fn run_measured(env: &Env, args: &[&str]) -> (Output, u64) {
    // The binary reports its own peak (VmHWM of its memory after exec): a child's `ru_maxrss`
    // would also hold this test process's peak at the time of the spawn, which other tests in the
    // same process raise (a page of 50 MB read here is 50 MB in every later child's figure).
    let peak = env.path(&format!("peak-rss-{}", std::process::id() as u64 * 1000 + COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)));
    let o = Command::new(env!("CARGO_BIN_EXE_rashomon")).args(args).env("RASHOMON_DB", env.db()).env("RASHOMON_PEAK_RSS_TO", &peak).output().unwrap();
    let kib = std::fs::read_to_string(&peak).unwrap_or_else(|e| panic!("{}: {e}", peak.display())).trim().parse().unwrap();
    (o, kib)
}

static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
