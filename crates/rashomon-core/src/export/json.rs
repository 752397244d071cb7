//! `--format json`: [`ExportData`] as-is, pretty-printed; schema in `data/export.schema.json`.

use std::io::Write;

use super::ExportData;
use crate::error::Result;

/// The JSON Schema of the export (draft 2020-12).
pub const SCHEMA: &str = include_str!("../../data/export.schema.json");

pub fn write(data: &ExportData, w: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *w, data)?;
    w.write_all(b"\n")?;
    Ok(())
}
