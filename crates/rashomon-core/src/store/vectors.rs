//! Claim embeddings: one vector per claim span, per model, computed in the background after
//! import (or on first use) and kept so an alignment never embeds a claim twice.

use std::collections::HashMap;

use rusqlite::params;

use super::Store;
use crate::error::Result;
use crate::span::Span;

fn to_blob(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn from_blob(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

impl Store {
    /// Stored vectors of an article's claims under `model`, by claim span.
    pub fn claim_vectors(&self, article_id: i64, model: &str) -> Result<HashMap<Span, Vec<f32>>> {
        let mut st = self.conn.prepare_cached("SELECT start, end, vec FROM claim_vectors WHERE article_id = ?1 AND model = ?2")?;
        let rows = st.query_map(params![article_id, model], |r| {
            Ok((Span::new(r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize), from_blob(&r.get::<_, Vec<u8>>(2)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Store vectors of an article's claims and mark the article embedded under `model` (one
    /// transaction; existing vectors are kept).
    pub fn put_claim_vectors(&self, article_id: i64, model: &str, vectors: &[(Span, Vec<f32>)], complete: bool) -> Result<()> {
        // `&self`: also called as a cache from read paths; the store never nests transactions there.
        let tx = self.conn.unchecked_transaction()?;
        {
            let mut st = tx.prepare_cached("INSERT OR IGNORE INTO claim_vectors (article_id, model, start, end, vec) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for (sp, v) in vectors {
                st.execute(params![article_id, model, sp.start as i64, sp.end as i64, to_blob(v)])?;
            }
            if complete {
                tx.execute("INSERT OR IGNORE INTO embedded_articles (article_id, model) VALUES (?1, ?2)", params![article_id, model])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Ids of articles whose claims are not all embedded under `model`, oldest first.
    pub fn articles_to_embed(&self, model: &str) -> Result<Vec<i64>> {
        let mut st = self.conn.prepare(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM embedded_articles WHERE model = ?1) ORDER BY id",
        )?;
        let ids = st.query_map([model], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }
}
