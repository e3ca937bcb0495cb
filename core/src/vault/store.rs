//! Reading and atomically replacing the vault file, through a small [`FileSystem`] seam so tests
//! can make any step fail.
//!
//! A save writes a temporary file in the vault's folder, flushes it (fsync), reads it back,
//! renames it over the vault and flushes the folder. A crash at any moment leaves the old or the new vault, never a
//! torn one; a failure before the rename leaves the old vault and removes the temporary file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

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
    /// Takes the exclusive lock that serialises saves of the vault at `path` across processes:
    /// a `.NAME.lock` file next to it, locked until the returned file is dropped (or the process
    /// ends). `None` where the file system has no locks.
    fn lock(&self, path: &Path) -> io::Result<Option<File>> {
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(lock_path(path)?)?;
        match file.lock() {
            Ok(()) => Ok(Some(file)),
            Err(err) if err.kind() == io::ErrorKind::Unsupported => Ok(None),
            Err(err) => Err(err),
        }
    }
    /// The files in `dir` with their modification times (for removing stale temporary files).
    fn list_dir(&self, dir: &Path) -> io::Result<Vec<(PathBuf, SystemTime)>> {
        fs::read_dir(dir)?
            .map(|entry| {
                let entry = entry?;
                Ok((entry.path(), entry.metadata()?.modified()?))
            })
            .collect()
    }
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

/// SHA-256 of a vault file's bytes: tells whether the file is still the one a [`super::Vault`]
/// read or wrote last.
pub(crate) fn fingerprint(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref());
    out
}

/// Locks the vault at `path` against saves by other processes (see [`FileSystem::lock`]).
pub(crate) fn lock(fs: &dyn FileSystem, path: &Path) -> Result<Option<File>, VaultError> {
    fs.lock(path).map_err(|source| VaultError::Io {
        step: IoStep::Lock,
        path: path.to_path_buf(),
        source,
    })
}

/// The lock file of the vault at `path`: `.NAME.lock` in the same folder.
fn lock_path(path: &Path) -> io::Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the vault path names no file")
    })?;
    Ok(folder_of(path).join(format!(".{}.lock", name.to_string_lossy())))
}

/// The folder holding `path` (the current folder for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A temporary file older than this was left by a save that was killed: no save takes this long.
const STALE_TEMP_AGE: Duration = Duration::from_secs(10 * 60);

/// Length of the random part of a temporary name, in hex digits.
const TEMP_RANDOM_HEX: usize = 16;

/// A temporary name next to `path`: hidden, with a random part so two saves never collide.
fn temp_path(path: &Path) -> Result<PathBuf, VaultError> {
    let mut random = [0u8; TEMP_RANDOM_HEX / 2];
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
    fs.sync_dir(&dir).map_err(io_err(IoStep::SyncDir, &dir))?;
    remove_stale_temps(fs, path);
    Ok(())
}

/// Removes temporary files that killed saves left next to `path`. They hold an encrypted copy of
/// an older vault, whose passphrase slot may be one the user has since changed. Best effort: a
/// failure here never fails the save that just succeeded.
fn remove_stale_temps(fs: &dyn FileSystem, path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs.list_dir(&folder_of(path)) else {
        return;
    };
    let now = SystemTime::now();
    for (entry, modified) in entries {
        let Some(file) = entry.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        let is_ours = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .is_some_and(|random| {
                random.len() == TEMP_RANDOM_HEX && random.bytes().all(|b| b.is_ascii_hexdigit())
            });
        let is_stale = now
            .duration_since(modified)
            .is_ok_and(|age| age > STALE_TEMP_AGE);
        if is_ours && is_stale {
            let _ = fs.remove_file(&entry);
        }
    }
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
    fn a_save_removes_temporary_files_that_killed_saves_left_long_ago() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        let stale = dir.path().join(".vault.0123456789abcdef.tmp");
        let fresh = dir.path().join(".vault.fedcba9876543210.tmp");
        let other = dir.path().join(".vault.notours.tmp");
        for file in [&stale, &fresh, &other] {
            fs::write(file, b"old").unwrap();
        }
        let long_ago = SystemTime::now() - Duration::from_secs(3600);
        for file in [&stale, &other] {
            File::options()
                .write(true)
                .open(file)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        save_atomic(&RealFs, &path, b"new").unwrap();
        assert!(!stale.exists(), "a stale temporary file was kept");
        assert!(
            fresh.exists(),
            "a recent one may belong to a save in progress"
        );
        assert!(
            other.exists(),
            "files not named like ours are never touched"
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
