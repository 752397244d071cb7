//! Property tests over every parser of the engine (one test crate, one module per part).
//! Default case counts keep the whole run well under a minute in debug; `tests/props-long.sh`
//! runs the same properties with the counts scaled up (see `gen.rs`).

mod gen;

mod align;
mod claims;
mod decode;
mod extract;
mod numbers;
mod search;
mod text;
