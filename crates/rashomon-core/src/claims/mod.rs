//! Claims: who says what, with which numbers, negated or not. Placeholder, filled below.
pub mod actors;
pub(crate) mod lexicon;
pub mod numbers;

use crate::span::Span;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NumberMention {
    pub span: Span,
    pub value: f64,
    pub value_max: Option<f64>,
    pub qualifier: Option<String>,
    pub counted: Option<String>,
    pub event: Option<String>,
    pub vague: bool,
}
