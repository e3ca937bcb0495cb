//! Reading and atomically replacing the vault file, through a small [`FileSystem`] seam so tests
//! can make any step fail.
//!
//! A save writes a temporary file in the vault's folder, flushes it (fsync), reads it back,
//! renames it over the vault and flushes the folder. A crash at any moment leaves the old or the new vault, never a
//! torn one; a failure before the rename leaves the old vault and removes the temporary file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::aead;
use super::container::MAX_FILE_LEN;
use super::error::{IoStep, VaultError};

/// The file operations a save and an open need. [`RealFs`] is the operating system; tests wrap
/// it to inject failures.
pub trait FileSystem: Send + Sync {
    /// Reads at most `limit` bytes of the file (more means the file is not a vault).
    fn read(&self, path: &Path, limit: usize) -> io::Result<Vec<u8>>;
    /// Creates a new file (failing if it exists), readable only by the owner, holding `bytes`.
    fn write_new(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Flushes a file's data and metadata to the disk.
    fn sync_file(&self, path: &Path) -> io::Result<()>;
    /// Atomically replaces `to` with `from`.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Flushes a folder, so a rename in it survives a power loss.
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
    /// Removes a file (cleanup of a failed save).
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    /// True when something exists at `path`.
    fn exists(&self, path: &Path) -> bool;
}

/// The operating system's file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl FileSystem for RealFs {
    fn read(&self, path: &Path, limit: usize) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        File::open(path)?
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn write_new(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        options.open(path)?.write_all(bytes)
    }

    fn sync_file(&self, path: &Path) -> io::Result<()> {
        File::open(path)?.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        #[cfg(unix)]
        {
            File::open(dir)?.sync_all()
        }
        #[cfg(not(unix))]
        {
            // Windows cannot open a folder for flushing; rename there is durable once it returns.
            let _ = dir;
            Ok(())
        }
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }

    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }
}

/// Reads a vault file, bounded by the largest possible vault.
pub(crate) fn read(fs: &dyn FileSystem, path: &Path) -> Result<Vec<u8>, VaultError> {
    match fs.read(path, MAX_FILE_LEN) {
        Ok(bytes) if bytes.len() > MAX_FILE_LEN => Err(VaultError::Corrupt {
            reason: "the file is larger than any vault",
        }),
        Ok(bytes) => Ok(bytes),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Err(VaultError::NotFound {
            path: path.to_path_buf(),
        }),
        Err(source) => Err(VaultError::Io {
            step: IoStep::Read,
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The folder holding `path` (the current folder for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A temporary name next to `path`: hidden, with a random part so two saves never collide.
fn temp_path(path: &Path) -> Result<PathBuf, VaultError> {
    let mut random = [0u8; 8];
    aead::fill_random(&mut random).map_err(|_| VaultError::Random)?;
    let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vault".into());
    Ok(folder_of(path).join(format!(".{name}.{suffix}.tmp")))
}

/// Reads the temporary file back before it replaces the vault: a write that came up short
/// without an error (a file system breaking its promise) must never become the vault.
fn check_written(fs: &dyn FileSystem, temp: &Path, bytes: &[u8]) -> io::Result<()> {
    let written = fs.read(temp, bytes.len())?;
    if written == bytes {
        Ok(())
    } else {
        let what = if written.len() < bytes.len() {
            format!(
                "the file holds {} of the {} bytes written",
                written.len(),
                bytes.len()
            )
        } else {
            "the file does not hold the bytes written".to_owned()
        };
        Err(io::Error::new(io::ErrorKind::WriteZero, what))
    }
}

/// Atomically replaces (or creates) the file at `path` with `bytes`.
pub(crate) fn save_atomic(
    fs: &dyn FileSystem,
    path: &Path,
    bytes: &[u8],
) -> Result<(), VaultError> {
    let temp = temp_path(path)?;
    fn io_err(step: IoStep, path: &Path) -> impl FnOnce(io::Error) -> VaultError + '_ {
        move |source| VaultError::Io {
            step,
            path: path.to_path_buf(),
            source,
        }
    }
    let before_rename = fs
        .write_new(&temp, bytes)
        .map_err(io_err(IoStep::Write, &temp))
        .and_then(|()| fs.sync_file(&temp).map_err(io_err(IoStep::SyncFile, &temp)))
        .and_then(|()| check_written(fs, &temp, bytes).map_err(io_err(IoStep::Write, &temp)))
        .and_then(|()| fs.rename(&temp, path).map_err(io_err(IoStep::Rename, path)));
    if let Err(err) = before_rename {
        // Best effort: the temporary file may not exist, and the error that matters is `err`.
        let _ = fs.remove_file(&temp);
        return Err(err);
    }
    let dir = folder_of(path);
    fs.sync_dir(&dir).map_err(io_err(IoStep::SyncDir, &dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_creates_then_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        save_atomic(&RealFs, &path, b"one").unwrap();
        save_atomic(&RealFs, &path, b"two").unwrap();
        assert_eq!(read(&RealFs, &path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("vault")]);
    }

    #[cfg(unix)]
    #[test]
    fn saved_file_is_private_to_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        save_atomic(&RealFs, &path, b"one").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn missing_file_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read(&RealFs, &dir.path().join("nope")),
            Err(VaultError::NotFound { .. })
        ));
    }
}
