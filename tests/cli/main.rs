//! End-to-end tests: the real `rashomon` binary on real files and a real SQLite database file.

mod util;

mod extract_gold;
mod import;
mod bad_input;
mod crash;
mod story;
mod crosslang;
mod align_gold;
mod hostile;
mod schema;
mod findings;
mod edit;
mod lexicon;
