//! Rashomon's engine. See ARCHITECTURE.md for the map; `api` is the only entry point the shells use.

pub mod align;
pub mod analysis;
pub mod api;
pub mod claims;
pub mod error;
pub mod export;
pub mod extract;
pub mod semantic;
pub mod span;
pub mod store;
pub mod text;

pub use error::{Error, ErrorCode, Result};
pub use span::Span;
