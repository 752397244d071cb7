//! The one way exports reach the disk: a temporary file in the destination's folder, fsync, then
//! rename over the destination. A failed or interrupted export leaves the old file as it was and
//! no temporary file behind (a crash may leave a `.NAME.*.tmp`, never a torn NAME).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorCode, Result};

/// Write `path` atomically with what `fill` writes.
pub fn write(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| Error::new(ErrorCode::Io, format!("{name}: {e}"));
    let dir: PathBuf = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::new(ErrorCode::NotFound, format!("{name}: the folder {} does not exist", dir.display())));
    }
    if path.is_dir() {
        return Err(Error::bad_input(format!("{name}: is a folder; give a file name")));
    }
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
    let tmp = dir.join(format!(".{file}.{}.{}.tmp", std::process::id(), crate::store::findings::unique()));
    let result = (|| -> Result<()> {
        let f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(io)?;
        let mut w = BufWriter::new(f);
        fill(&mut w).map_err(|e| if e.message.starts_with(&name) { e } else { e.in_file(&name) })?;
        let f = w.into_inner().map_err(|e| io(e.into_error()))?;
        f.sync_all().map_err(io)?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(io)?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".tmp")).collect()
    }

    #[test]
    fn a_failed_export_leaves_the_old_file_intact() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("report.html");
        write(&p, |w| Ok(w.write_all(b"old report")?)).unwrap();
        // Fails after writing a lot (more than the buffer: bytes reached the temp file).
        let e = write(&p, |w| {
            w.write_all(&vec![b'x'; 1 << 20])?;
            Err(Error::new(ErrorCode::Internal, "renderer failed"))
        })
        .unwrap_err();
        assert!(e.message.starts_with(&p.display().to_string()), "{}", e.message);
        assert!(e.message.contains("renderer failed"));
        assert_eq!(std::fs::read(&p).unwrap(), b"old report");
        assert!(leftovers(d.path()).is_empty(), "temp file removed: {:?}", leftovers(d.path()));
        // A panic mid-export (an interrupted export) also leaves the old file.
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = write(&p, |w| {
                w.write_all(b"half")?;
                panic!("killed");
            });
        }));
        assert!(r.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"old report");
        write(&p, |w| Ok(w.write_all(b"new")?)).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
    }

    #[test]
    fn missing_folder_is_a_clear_error() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("nope/report.csv");
        let e = write(&p, |_| Ok(())).unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
        assert!(e.message.contains("does not exist"), "{}", e.message);
    }
}
