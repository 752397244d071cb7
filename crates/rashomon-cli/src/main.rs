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

/// mimalloc rather than glibc's malloc: a comparison builds a few hundred small vectors and
/// strings (rows, diff texts) and frees them, and with glibc that was about 15% of the time
/// (the seed gold's comparisons 0.92 -> 0.77 ms); imports and the server gain the same way.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// russian | turkish | syrian_government | syrian_opposition | ukrainian | other, or a side of your own
        /// (lowercase letters, digits and '_', e.g. armenian)
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
    /// Correct an article's details: move it to another outlet, set its outlet's side (every
    /// article of that outlet takes it), set or clear its publication date, set its language
    /// (its sentences are split again by that language's rules).
    Edit {
        id: i64,
        /// The outlet's name (made when there is none).
        #[arg(long)]
        outlet: Option<String>,
        /// The side of the article's outlet: russian | turkish | syrian_government |
        /// syrian_opposition | ukrainian | other, or a side of your own (lowercase, e.g. armenian).
        #[arg(long)]
        side: Option<String>,
        /// Publication date (YYYY-MM-DD or RFC 3339); "" clears it.
        #[arg(long)]
        published: Option<String>,
        /// The article's language: ar | ru | tr | en | und (another). Codings, notes and
        /// verdicts are kept (they point at bytes of the page).
        #[arg(long)]
        lang: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The project's own lexicons, merged on top of the built-in ones: `actors` (speakers and
    /// parties with their sides and names; TOML like data/actors.toml: `[[actor]]` id, name, side,
    /// kind, names.LANG, titles.LANG) or `framing` (loaded names of one referent; JSON like
    /// data/framing.json). Shows one, sets it from a file, or clears it.
    Lexicon {
        /// actors | framing
        #[arg(default_value = "actors")]
        kind: String,
        #[arg(long, value_name = "FILE", conflicts_with = "clear")]
        set: Option<PathBuf>,
        #[arg(long)]
        clear: bool,
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
    /// The codebook: add, list, delete (undoable) and restore codes.
    Code {
        #[command(subcommand)]
        cmd: CodeCmd,
    },
    /// Apply codes to a text selection (byte span) or an aligned pair.
    Coding {
        #[command(subcommand)]
        cmd: CodingCmd,
    },
    /// Notes (memos) on the project, an article, a selection, a pair or a story.
    Note {
        #[command(subcommand)]
        cmd: NoteCmd,
    },
    /// Confirm, reject or relabel a pair's computed relation.
    Verdict {
        #[command(subcommand)]
        cmd: VerdictCmd,
    },
    /// Export comparisons and findings: csv | json | html | md | qdpx | csl-json | bibtex.
    Export {
        #[arg(long)]
        format: String,
        /// One story (its number in `rashomon story`).
        #[arg(long, conflicts_with = "articles")]
        story: Option<usize>,
        /// Article ids, comma-separated: every pair among them is compared.
        #[arg(long, value_delimiter = ',')]
        articles: Option<Vec<i64>>,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Save the whole project (articles and findings) as one .rashomon file; open it with --db.
    SaveAs {
        file: PathBuf,
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

#[derive(Subcommand)]
enum CodeCmd {
    /// Add a code.
    Add {
        name: String,
        /// #RRGGBB
        #[arg(long, alias = "color")]
        colour: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// Parent code (id or name) for nesting.
        #[arg(long)]
        parent: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List the codebook.
    List {
        /// Include deleted codes (restorable).
        #[arg(long)]
        deleted: bool,
        #[arg(long)]
        json: bool,
    },
    /// Delete a code and its sub-codes (their codings are kept; `code restore` undoes it).
    Rm {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Restore a deleted code (and the sub-codes deleted with it).
    Restore {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum CodingCmd {
    /// Apply CODE (id or name) to `--article N --span START..END` or to `--pair A:S..E~B:S..E`.
    Add {
        code: String,
        #[arg(long, requires = "span", conflicts_with = "pair")]
        article: Option<i64>,
        /// Byte offsets into the article's page text.
        #[arg(long)]
        span: Option<String>,
        /// A pair as `rashomon compare --json` keys it: A:START..END~B:START..END.
        #[arg(long)]
        pair: Option<String>,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        article: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    Rm {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum NoteCmd {
    /// Add a note: on the project (no target), `--article N [--span S..E]`, `--pair KEY` or `--story N`.
    Add {
        text: String,
        #[arg(long, conflicts_with_all = ["pair", "story"])]
        article: Option<i64>,
        #[arg(long, requires = "article")]
        span: Option<String>,
        #[arg(long, conflicts_with = "story")]
        pair: Option<String>,
        #[arg(long)]
        story: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Rm {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum VerdictCmd {
    /// Set the verdict on PAIR (A:S..E~B:S..E): confirm | reject | relabel (with --relation, --kind).
    Set {
        pair: String,
        action: String,
        #[arg(long)]
        relation: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        /// The researcher's reason.
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remove the verdict on PAIR (back to the computed label).
    Clear {
        pair: String,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
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
            | Cmd::Edit { json: true, .. }
            | Cmd::Lexicon { json: true, .. }
            | Cmd::Extract { json: true, .. }
            | Cmd::Search { json: true, .. }
            | Cmd::Outlets { json: true }
            | Cmd::Compare { json: true, .. }
            | Cmd::Claims { json: true, .. }
            | Cmd::Story { json: true, .. }
            | Cmd::Eval { json: true, .. }
    ) || std::env::args().skip(1).any(|a| a == "--json");
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if json {
                println!("{}", serde_json::to_string(&e).unwrap_or_default());
            }
            eprintln!("error: {}", e.message);
            ExitCode::from(2)
        }
    };
    write_peak_rss();
    code
}

/// With `RASHOMON_PEAK_RSS_TO=FILE`, the process's peak resident memory (VmHWM, kB) is written
/// there at the end: the memory bounds of the tests and benches, measured in the process itself
/// (a child's `ru_maxrss` also holds its parent's peak at the time it was spawned).
fn write_peak_rss() {
    let Some(path) = std::env::var_os("RASHOMON_PEAK_RSS_TO") else { return };
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).map(|v| v.trim().trim_end_matches("kB").trim().to_string()).unwrap_or_default();
    let _ = std::fs::write(path, kb);
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
        Cmd::Edit { id, outlet, side, published, lang, json } => {
            let mut store = api::open(&db)?;
            let a = api::edit_article(&mut store, id, &api::ArticleEdit { outlet, side, published, language: lang })?;
            if json {
                print_json(&a)
            } else {
                println!("#{} {} [{}] {} {}", a.id, a.outlet.as_deref().unwrap_or("(no outlet)"), a.side, a.language, a.published.as_deref().unwrap_or("(no date)"));
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Lexicon { kind, set, clear, json } => {
            let kind = api::LexiconKind::parse(&kind)?;
            let mut store = api::open(&db)?;
            let lex = if set.is_some() || clear { api::set_lexicon(&mut store, kind, set.as_deref())? } else { api::lexicon(&store, kind)? };
            if json {
                print_json(&lex)
            } else {
                let (what, n) = match kind {
                    api::LexiconKind::Actors => ("actors", lex.actors.len()),
                    api::LexiconKind::Framing => ("framing groups", lex.groups.len()),
                };
                if let Some(problem) = &lex.problem {
                    eprintln!("warning: the project's {what}: {problem}");
                }
                match (&lex.text, &lex.source) {
                    (Some(text), Some(source)) => println!("# the project's own {what}: {n} (from {source})\n{text}"),
                    _ => println!("the project has no {what} of its own: the built-in lexicon alone (set some with `rashomon lexicon {} --set FILE`)", kind.as_str()),
                }
            }
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
        Cmd::Code { cmd } => {
            let mut store = api::open(&db)?;
            match cmd {
                CodeCmd::Add { name, colour, description, parent, json } => {
                    let parent_id = match parent {
                        Some(p) => Some(api::resolve_code(&store, &p)?.id),
                        None => None,
                    };
                    let c = api::add_code(&mut store, &api::NewCode { name, colour, description, parent_id })?;
                    if json { print_json(&c) } else { println!("code #{} {} {}", c.id, c.colour, c.name) }
                }
                CodeCmd::List { deleted, json } => {
                    let codes = api::list_codes(&store, deleted)?;
                    if json { print_json(&codes) } else { render::codes(&codes) }
                }
                CodeCmd::Rm { code, json } => {
                    let id = api::resolve_code(&store, &code)?.id;
                    let gone = api::delete_code(&mut store, id)?;
                    if json {
                        print_json(&gone)
                    } else {
                        for c in &gone {
                            println!("deleted code #{} {} (undo: rashomon code restore {})", c.id, c.name, c.id);
                        }
                    }
                }
                CodeCmd::Restore { id, json } => {
                    let back = api::restore_code(&mut store, id)?;
                    if json {
                        print_json(&back)
                    } else {
                        for c in &back {
                            println!("restored code #{} {}", c.id, c.name);
                        }
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Coding { cmd } => {
            let mut store = api::open(&db)?;
            match cmd {
                CodingCmd::Add { code, article, span, pair, json } => {
                    let code = api::resolve_code(&store, &code)?;
                    let target = match (article, span, pair) {
                        (Some(a), Some(s), None) => api::CodingTarget::Selection { article_id: a, span: api::parse_span(&s)? },
                        (None, None, Some(p)) => api::CodingTarget::Pair { pair: api::parse_pair_key(&p)? },
                        _ => return Err(Error::bad_input("give --article N --span START..END, or --pair A:S..E~B:S..E")),
                    };
                    let c = api::add_coding(&mut store, code.id, &target)?;
                    if json { print_json(&c) } else { println!("coding #{} {}", c.id, c.code_name) }
                }
                CodingCmd::List { article, json } => {
                    let list = api::list_codings(&store, article)?;
                    if json { print_json(&list) } else { render::codings(&list) }
                }
                CodingCmd::Rm { id, json } => {
                    let c = api::delete_coding(&mut store, id)?;
                    if json { print_json(&c) } else { println!("deleted coding #{}", c.id) }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Note { cmd } => {
            let mut store = api::open(&db)?;
            match cmd {
                NoteCmd::Add { text, article, span, pair, story, json } => {
                    let target = match (article, span, pair, story) {
                        (Some(a), Some(s), None, None) => api::NoteTarget::Selection { article_id: a, span: api::parse_span(&s)? },
                        (Some(a), None, None, None) => api::NoteTarget::Article { article_id: a },
                        (None, None, Some(p), None) => api::NoteTarget::Pair { pair: api::parse_pair_key(&p)? },
                        (None, None, None, Some(n)) => api::NoteTarget::Story { key_article_id: api::story_key(&store, n)? },
                        (None, None, None, None) => api::NoteTarget::Project,
                        _ => {
                            return Err(Error::bad_input(
                                "a note goes on one thing: --article ID [--span S..E], --pair KEY, --story N, or nothing (the project)",
                            ))
                        }
                    };
                    let n = api::add_note(&mut store, &target, &text)?;
                    if json { print_json(&n) } else { println!("note #{}", n.id) }
                }
                NoteCmd::List { json } => {
                    let list = api::list_notes(&store)?;
                    if json { print_json(&list) } else { render::notes(&list) }
                }
                NoteCmd::Rm { id, json } => {
                    let n = api::delete_note(&mut store, id)?;
                    if json { print_json(&n) } else { println!("deleted note #{}", n.id) }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Verdict { cmd } => {
            let mut store = api::open(&db)?;
            match cmd {
                VerdictCmd::Set { pair, action, relation, kind, text, json } => {
                    let action = match action.as_str() {
                        "confirm" => api::VerdictAction::Confirm,
                        "reject" => api::VerdictAction::Reject,
                        "relabel" => api::VerdictAction::Relabel,
                        other => return Err(Error::bad_input(format!("unknown verdict '{other}'; use confirm, reject or relabel"))),
                    };
                    let v = api::set_verdict(&mut store, &api::NewVerdict { pair: api::parse_pair_key(&pair)?, action, relation, kind, text })?;
                    if json { print_json(&v) } else { println!("verdict #{} {} on {}", v.id, v.action.as_str(), api::format_pair_key(&v.pair)) }
                }
                VerdictCmd::Clear { pair, json } => {
                    let v = api::clear_verdict(&mut store, &api::parse_pair_key(&pair)?)?;
                    if json {
                        print_json(&v)
                    } else if v.is_some() {
                        println!("verdict removed; the computed label is back")
                    } else {
                        println!("no verdict on that pair")
                    }
                }
                VerdictCmd::List { json } => {
                    let list = api::list_verdicts(&store)?;
                    if json { print_json(&list) } else { render::verdicts(&list) }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Export { format, story, articles, output, json } => {
            let store = api::open(&db)?;
            let req = api::ExportRequest {
                format: rashomon_core::export::ExportFormat::parse(&format)?,
                scope: rashomon_core::export::ExportScope { story, articles },
                path: output.display().to_string(),
            };
            let r = api::export(&store, &req)?;
            if json {
                print_json(&r)
            } else {
                println!("exported {} articles, {} pairs as {}:", r.articles, r.pairs, r.format.as_str());
                for f in &r.files {
                    println!("  {f}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::SaveAs { file, json } => {
            let store = api::open(&db)?;
            let r = api::save_as(&store, &file)?;
            if json { print_json(&r) } else { println!("saved {} ({} bytes); open it with --db {}", r.path, r.bytes, r.path) }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Serve { port, bind, ui_dir, import, open, token } => {
            serve::run(serve::Config { db, port, bind, ui_dir, import, open, token })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
