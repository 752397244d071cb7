//! `rashomon`: the command-line shell over `rashomon_core::api`. No logic lives here: each verb
//! parses its arguments, calls one API function and renders the result (text or `--json`).

mod render;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use rashomon_core::api::{self, ImportEvent, ImportOptions};
use rashomon_core::Error;

#[derive(Parser)]
#[command(name = "rashomon", version, about = "Compare how outlets tell the same event", propagate_version = true)]
struct Cli {
    /// Database file (default: the platform data directory; env RASHOMON_DB).
    #[arg(long, global = true, env = "RASHOMON_DB")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Import pages: .txt, .html, .json/.jsonl records, or directories (recursive, with manifest.json).
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long)]
        outlet: Option<String>,
        /// russian | turkish | syrian_government | syrian_opposition | other
        #[arg(long)]
        side: Option<String>,
        /// Language code (ar, ru, tr, en); detected when omitted.
        #[arg(long = "lang")]
        language: Option<String>,
        /// Publication date (YYYY-MM-DD or RFC 3339).
        #[arg(long)]
        published: Option<String>,
        #[arg(long)]
        url: Option<String>,
        /// Also embed the new articles' claims for cross-language alignment (as `rashomon embed`).
        #[arg(long)]
        embed: bool,
        #[arg(long)]
        json: bool,
    },
    /// Embed the claims of articles not embedded yet (multilingual model; what aligns accounts in
    /// different languages). Compare embeds on demand too; this does it ahead, with progress.
    Embed {
        #[arg(long)]
        json: bool,
    },
    /// List stored articles.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one article: metadata, title, clean body, sentences with byte spans.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Extract the article from one file without touching the database.
    Extract {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search (Arabic folding: أ/إ/آ=ا, ة=ه, ى=ي, no harakat).
    Search {
        query: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Sentences → clauses → claims (speaker, side, verb, quote, numbers, negation) of an article id or a file.
    Claims {
        /// An article id, or a file path (analysed without the database).
        target: String,
        #[arg(long)]
        json: bool,
    },
    /// Align two articles claim by claim: relations, contradictions, word-level differences.
    Compare {
        a: i64,
        b: i64,
        #[arg(long)]
        json: bool,
        /// Terminal width for the two columns (default: $COLUMNS or 160).
        #[arg(long)]
        width: Option<usize>,
    },
    /// Stories (articles about one event); with an id, what each side's officials say across it.
    Story {
        id: Option<usize>,
        /// With an id: the claim matrix (claims × articles) and each side's framing terms.
        #[arg(long, requires = "id")]
        matrix: bool,
        #[arg(long)]
        json: bool,
    },
    /// Score alignment against a gold pairs file (the format of shared/gold/seed-pairs.jsonl).
    Eval {
        #[arg(long)]
        pairs: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// List outlets with their side.
    Outlets {
        #[arg(long)]
        json: bool,
    },
    /// Serve the web UI and the JSON API on loopback.
    Serve {
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Address to bind; loopback unless given explicitly.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Directory holding the built UI (default: ui/dist next to the executable's repo).
        #[arg(long, env = "RASHOMON_UI_DIR")]
        ui_dir: Option<PathBuf>,
        /// Import these paths before serving (e.g. the sample corpus).
        #[arg(long)]
        import: Vec<PathBuf>,
        /// Open the UI in the default browser once serving.
        #[arg(long)]
        open: bool,
        /// Use this fixed token instead of a random one (tests).
        #[arg(long, env = "RASHOMON_TOKEN", hide = true)]
        token: Option<String>,
    },
}

fn main() -> ExitCode {
    // `rashomon list | head` ends quietly, as Unix tools do, instead of panicking on a closed pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let json = matches!(
        &cli.cmd,
        Cmd::Import { json: true, .. }
            | Cmd::Embed { json: true }
            | Cmd::List { json: true }
            | Cmd::Show { json: true, .. }
            | Cmd::Extract { json: true, .. }
            | Cmd::Search { json: true, .. }
            | Cmd::Outlets { json: true }
            | Cmd::Compare { json: true, .. }
            | Cmd::Claims { json: true, .. }
            | Cmd::Story { json: true, .. }
            | Cmd::Eval { json: true, .. }
    );
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if json {
                println!("{}", serde_json::to_string(&e).unwrap_or_default());
            }
            eprintln!("error: {}", e.message);
            ExitCode::from(2)
        }
    }
}

fn db_path(cli_db: &Option<PathBuf>) -> PathBuf {
    cli_db.clone().unwrap_or_else(api::default_db_path)
}

/// `api::embed_pending` with a progress bar; Ctrl-C stops between articles, keeping what is done.
fn embed_with_progress(store: &rashomon_core::store::Store, quiet: bool) -> Result<api::EmbedReport, Error> {
    let bar = if quiet { ProgressBar::hidden() } else { ProgressBar::new(0) };
    bar.set_style(ProgressStyle::with_template("{spinner} embedding claims [{bar:30}] {pos}/{len} articles").expect("template").progress_chars("=> "));
    let cancel = AtomicBool::new(false);
    let r = api::embed_pending(store, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    }, &cancel);
    bar.finish_and_clear();
    r
}

fn print_json<T: serde::Serialize>(v: &T) {
    println!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let db = db_path(&cli.db);
    match cli.cmd {
        Cmd::Embed { json } => {
            let store = api::open(&db)?;
            let report = embed_with_progress(&store, json)?;
            if json { print_json(&report) } else { render::embed(&report) }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Import { paths, outlet, side, language, published, url, embed, json } => {
            let mut store = api::open(&db)?;
            let opts = ImportOptions { outlet, side, language, published, url, title: None };
            let bar = if json { ProgressBar::hidden() } else { ProgressBar::new(0) };
            bar.set_style(
                ProgressStyle::with_template("{spinner} importing [{bar:30}] {pos}/{len} {wide_msg}")
                    .expect("template")
                    .progress_chars("=> "),
            );
            let cancel = Arc::new(AtomicBool::new(false));
            let report = api::import(
                &mut store,
                &paths,
                &opts,
                &mut |ev| match ev {
                    ImportEvent::Started { total } => bar.set_length(*total as u64),
                    ImportEvent::Item { done, item, .. } => {
                        bar.set_position(*done as u64);
                        if !json {
                            bar.suspend(|| render::import_item(item));
                        }
                    }
                    ImportEvent::Finished { .. } => bar.finish_and_clear(),
                },
                &cancel,
            )?;
            if json {
                print_json(&report);
            } else {
                println!(
                    "{} imported, {} already imported, {} failed",
                    report.imported, report.already_imported, report.failed
                );
            }
            if embed && !report.cancelled {
                let e = embed_with_progress(&store, json)?;
                if !json {
                    render::embed(&e);
                }
            }
            Ok(if report.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Cmd::List { json } => {
            let store = api::open(&db)?;
            let list = api::list_articles(&store)?;
            if json { print_json(&list) } else { render::article_list(&list) }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Show { id, json } => {
            let store = api::open(&db)?;
            let a = api::get_article(&store, id)?;
            if json { print_json(&a) } else { render::article(&a) }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Extract { file, json } => {
            let r = api::extract_file(&file)?;
            if json { print_json(&r) } else { render::extract(&r) }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Search { query, limit, json } => {
            let store = api::open(&db)?;
            let hits = api::search(&store, &query, limit)?;
            if json { print_json(&hits) } else { render::search(&hits) }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Claims { target, json } => {
            let r = match target.parse::<i64>() {
                Ok(id) if !std::path::Path::new(&target).exists() => api::claims_of_article(&api::open(&db)?, id)?,
                _ => api::claims_of_file(std::path::Path::new(&target))?,
            };
            if json { print_json(&r) } else { render::claims(&r) }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Compare { a, b, json, width } => {
            let store = api::open(&db)?;
            let c = api::compare(&store, a, b)?;
            if json {
                print_json(&c)
            } else {
                let w = width
                    .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
                    .unwrap_or(160);
                render::comparison(&c, w)
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Story { id, matrix, json } => {
            let store = api::open(&db)?;
            match id {
                None => {
                    let s = api::stories(&store)?;
                    if json { print_json(&s) } else { render::stories(&s) }
                }
                Some(id) if matrix => {
                    let m = api::story_matrix(&store, id)?;
                    if json { print_json(&m) } else { render::matrix(&m) }
                }
                Some(id) => {
                    let n = api::story_narratives(&store, id)?;
                    if json { print_json(&n) } else { render::narratives(&n) }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Eval { pairs, json } => {
            let store = api::open(&db)?;
            let r = api::eval_pairs(&store, &pairs)?;
            if json { print_json(&r) } else { render::eval(&r) }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Outlets { json } => {
            let store = api::open(&db)?;
            let o = api::list_outlets(&store)?;
            if json { print_json(&o) } else { render::outlets(&o) }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Serve { port, bind, ui_dir, import, open, token } => {
            serve::run(serve::Config { db, port, bind, ui_dir, import, open, token })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
