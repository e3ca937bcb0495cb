//! Reading and atomically replacing the vault file, through a small [`FileSystem`] seam so tests
//! can make any step fail.
//!
//! A save writes a temporary file in the vault's folder, flushes it (fsync), reads it back,
//! puts it in place and flushes the folder. Replacing a vault renames the temporary file over
//! it; creating one (a new vault, a backup) links it to the new name, which fails if anything
//! appeared there meanwhile, so two creators never overwrite each other. A crash at any moment
//! leaves the old or the new vault, never a torn one; a failure before the file is in place
//! leaves the old vault and removes the temporary file.
//!
//! Paths are resolved once (symbolic links followed) when a vault is opened or created, so a
//! save replaces the real file, not a link to it, and the lock file sits next to the real file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::aead;
use super::container::MAX_FILE_LEN;
use super::error::{IoStep, VaultError};

/// How long a save waits for another process's save to finish before it reports the vault busy.
/// A save holds the lock for milliseconds (one write and two fsyncs); ten seconds allows for
/// slow flash storage, and still tells a user facing a stuck process what is going on.
pub(crate) const LOCK_WAIT: Duration = Duration::from_secs(10);

/// How often a waiting save tries the lock again.
const LOCK_RETRY: Duration = Duration::from_millis(20);

/// The file operations a save and an open need. [`RealFs`] is the operating system; tests wrap
/// it to inject failures.
pub trait FileSystem: Send + Sync {
    /// Reads at most `limit` bytes of the file (more means the file is not a vault). Refuses,
    /// without blocking, anything that is not a regular file (a folder, a device, a pipe).
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
    /// True when something exists at `path`, a dangling symbolic link included.
    fn exists(&self, path: &Path) -> bool;
    /// Gives the file at `from` the second name `to`, failing with
    /// [`io::ErrorKind::AlreadyExists`] if anything is at `to`: publishes a new file without
    /// ever replacing one.
    fn link_new(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::hard_link(from, to)
    }
    /// The real path of the existing file at `path`, every symbolic link resolved.
    fn resolve(&self, path: &Path) -> io::Result<PathBuf> {
        fs::canonicalize(path)
    }
    /// Takes the exclusive lock that serialises saves of the vault at `path` across processes:
    /// a `.NAME.lock` file next to it, locked until the returned file is dropped (or the process
    /// ends). Gives up with [`io::ErrorKind::WouldBlock`] once `wait` has passed. `None` where
    /// the file system has no locks.
    fn lock(&self, path: &Path, wait: Duration) -> io::Result<Option<File>> {
        let file = open_lock_file(&lock_path(path)?)?;
        let deadline = Instant::now() + wait;
        loop {
            match after_try(file.try_lock(), Instant::now(), deadline) {
                LockStep::Locked => return Ok(Some(file)),
                LockStep::NoLocks => return Ok(None),
                LockStep::Retry => std::thread::sleep(LOCK_RETRY),
                LockStep::Busy => return Err(io::Error::from(io::ErrorKind::WouldBlock)),
                LockStep::Failed(err) => return Err(err),
            }
        }
    }
    /// How long [`FileSystem::lock`] waits (`LOCK_WAIT`; tests shorten it).
    fn lock_wait(&self) -> Duration {
        LOCK_WAIT
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
    /// The wall clock, for telling how old a temporary file is.
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// What a save does after one try of the lock.
#[derive(Debug)]
enum LockStep {
    /// It holds the lock.
    Locked,
    /// The file system has no locks: go on without.
    NoLocks,
    /// Another process holds it and the deadline has not come: try again shortly.
    Retry,
    /// Another process still holds it at the deadline.
    Busy,
    /// Locking failed.
    Failed(io::Error),
}

/// Decides [`LockStep`] from one `try_lock` at `now`.
fn after_try(tried: Result<(), fs::TryLockError>, now: Instant, deadline: Instant) -> LockStep {
    match tried {
        Ok(()) => LockStep::Locked,
        Err(fs::TryLockError::WouldBlock) if now < deadline => LockStep::Retry,
        Err(fs::TryLockError::WouldBlock) => LockStep::Busy,
        Err(fs::TryLockError::Error(err)) if err.kind() == io::ErrorKind::Unsupported => {
            LockStep::NoLocks
        }
        Err(fs::TryLockError::Error(err)) => LockStep::Failed(err),
    }
}

/// A link planted as the lock file is not followed; a pipe there does not block the open.
#[cfg(unix)]
const LOCK_OPEN_FLAGS: i32 = libc::O_NOFOLLOW | libc::O_NONBLOCK;

/// Opens (creating if needed) the lock file, private to the user. It must be a regular file:
/// a symbolic link planted there is not followed, and a pipe is refused instead of blocking.
fn open_lock_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(LOCK_OPEN_FLAGS);
    }
    match options.open(path) {
        Ok(file) => regular_file(file),
        // A pipe with no reader, opened for writing without blocking.
        #[cfg(unix)]
        Err(err) if err.raw_os_error() == Some(libc::ENXIO) => Err(not_a_regular_file()),
        Err(err) => Err(err),
    }
}

fn not_a_regular_file() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")
}

/// `file`, if it is a regular file.
fn regular_file(file: File) -> io::Result<File> {
    if file.metadata()?.is_file() {
        Ok(file)
    } else {
        Err(not_a_regular_file())
    }
}

/// The operating system's file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl FileSystem for RealFs {
    fn read(&self, path: &Path, limit: usize) -> io::Result<Vec<u8>> {
        let mut options = OpenOptions::new();
        options.read(true);
        // A pipe at the path would block the open until a writer came: never wait for one.
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NONBLOCK);
        }
        let file = regular_file(options.open(path)?)?;
        let len = file.metadata()?.len();
        // One allocation of the right size (the file may still grow: `take` bounds it).
        let mut bytes = Vec::with_capacity(len.min(limit as u64 + 1) as usize);
        file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
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
        fs::symlink_metadata(path).is_ok()
    }
}

/// Reads a vault file, bounded by the largest possible vault.
pub(crate) fn read(fs: &dyn FileSystem, path: &Path) -> Result<Vec<u8>, VaultError> {
    match fs.read(path, MAX_FILE_LEN) {
        Ok(bytes) if bytes.len() > MAX_FILE_LEN => Err(VaultError::Corrupt {
            reason: "the file is larger than any vault",
        }),
        Ok(bytes) => Ok(bytes),
        Err(err) => Err(open_error(path, err)),
    }
}

/// The error for a vault file that could not be opened or resolved.
fn open_error(path: &Path, err: io::Error) -> VaultError {
    match err.kind() {
        io::ErrorKind::NotFound => VaultError::NotFound {
            path: path.to_path_buf(),
        },
        io::ErrorKind::InvalidInput => VaultError::NotAFile {
            path: path.to_path_buf(),
        },
        _ => VaultError::Io {
            step: IoStep::Read,
            path: path.to_path_buf(),
            source: err,
        },
    }
}

/// The real path of an existing vault (symbolic links resolved), so saves replace the file the
/// link points to instead of the link.
pub(crate) fn resolve_existing(fs: &dyn FileSystem, path: &Path) -> Result<PathBuf, VaultError> {
    fs.resolve(path).map_err(|err| open_error(path, err))
}

/// The real path for a new file at `path`: its folder resolved, its own name kept. Whatever is
/// at `path` itself (even a link to nowhere) makes the creation fail later, never followed.
pub(crate) fn resolve_new(fs: &dyn FileSystem, path: &Path) -> Result<PathBuf, VaultError> {
    let name = path.file_name().ok_or_else(|| VaultError::NotAFile {
        path: path.to_path_buf(),
    })?;
    let folder = folder_of(path);
    let folder = fs.resolve(&folder).map_err(|source| VaultError::Io {
        step: IoStep::Write,
        path: folder,
        source,
    })?;
    Ok(folder.join(name))
}

/// SHA-256 of a vault file's bytes: tells whether the file is still the one a [`super::Vault`]
/// read or wrote last.
pub(crate) fn fingerprint(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

/// Locks the vault at `path` against saves by other processes (see [`FileSystem::lock`]),
/// waiting at most [`FileSystem::lock_wait`].
pub(crate) fn lock(fs: &dyn FileSystem, path: &Path) -> Result<Option<File>, VaultError> {
    let wait = fs.lock_wait();
    fs.lock(path, wait).map_err(|source| {
        if source.kind() == io::ErrorKind::WouldBlock {
            VaultError::Busy {
                path: path.to_path_buf(),
                waited_s: wait.as_secs(),
            }
        } else {
            VaultError::Io {
                step: IoStep::Lock,
                path: path.to_path_buf(),
                source,
            }
        }
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

/// How a save puts its temporary file in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Publish {
    /// Rename over the file at the path (or create it).
    Replace,
    /// Create the file, refusing if anything appeared at the path.
    CreateNew,
}

/// Atomically replaces (or creates) the file at `path` with `bytes`.
pub(crate) fn save_atomic(
    fs: &dyn FileSystem,
    path: &Path,
    bytes: &[u8],
) -> Result<(), VaultError> {
    save(fs, path, bytes, Publish::Replace)
}

/// Atomically creates the file at `path` holding `bytes`; [`VaultError::AlreadyExists`] if
/// anything is there, even something that appeared while the caller was preparing `bytes`.
pub(crate) fn save_new(fs: &dyn FileSystem, path: &Path, bytes: &[u8]) -> Result<(), VaultError> {
    if fs.exists(path) {
        return Err(already_exists(path));
    }
    save(fs, path, bytes, Publish::CreateNew)
}

fn already_exists(path: &Path) -> VaultError {
    VaultError::AlreadyExists {
        path: path.to_path_buf(),
    }
}

fn io_err(step: IoStep, path: &Path) -> impl FnOnce(io::Error) -> VaultError + '_ {
    move |source| VaultError::Io {
        step,
        path: path.to_path_buf(),
        source,
    }
}

fn save(
    fs: &dyn FileSystem,
    path: &Path,
    bytes: &[u8],
    publish: Publish,
) -> Result<(), VaultError> {
    let temp = temp_path(path)?;
    let before_in_place = fs
        .write_new(&temp, bytes)
        .map_err(io_err(IoStep::Write, &temp))
        .and_then(|()| fs.sync_file(&temp).map_err(io_err(IoStep::SyncFile, &temp)))
        .and_then(|()| check_written(fs, &temp, bytes).map_err(io_err(IoStep::Write, &temp)))
        .and_then(|()| match publish {
            Publish::Replace => fs.rename(&temp, path).map_err(io_err(IoStep::Rename, path)),
            Publish::CreateNew => publish_new(fs, &temp, path),
        });
    if let Err(err) = before_in_place {
        // Best effort: the temporary file may not exist, and the error that matters is `err`.
        let _ = fs.remove_file(&temp);
        return Err(err);
    }
    let dir = folder_of(path);
    fs.sync_dir(&dir).map_err(io_err(IoStep::SyncDir, &dir))?;
    remove_stale_temps(fs, path);
    Ok(())
}

/// Gives the finished temporary file the name `path` without replacing anything there.
fn publish_new(fs: &dyn FileSystem, temp: &Path, path: &Path) -> Result<(), VaultError> {
    match fs.link_new(temp, path) {
        Ok(()) => {
            // The vault is in place under its own name; a temporary name left by a failure here
            // is a second name for the same file, removed by a later save as stale.
            let _ = fs.remove_file(temp);
            Ok(())
        }
        // Something is at the name (the usual refusal), or: file systems without hard links
        // (FAT memory cards, some network shares) get a rename after a last look. The vault
        // lock keeps two OtpKit creators apart there.
        Err(_) if !fs.exists(path) => fs.rename(temp, path).map_err(io_err(IoStep::Rename, path)),
        Err(_) => Err(already_exists(path)),
    }
}

/// Removes temporary files that killed saves left next to `path`. They hold an encrypted copy of
/// an older vault, whose passphrase slot may be one the user has since changed. Best effort: a
/// failure here never fails the save that just succeeded.
fn remove_stale_temps(fs: &dyn FileSystem, path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let Ok(entries) = fs.list_dir(&folder_of(path)) else {
        return;
    };
    let now = fs.now();
    for (entry, modified) in entries {
        let Some(file) = entry.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        if is_temp_of(&file, &name) && is_stale(modified, now) {
            let _ = fs.remove_file(&entry);
        }
    }
}

/// True when `file` is named like the temporary files of the vault called `vault`:
/// `.VAULT.<16 hex digits>.tmp`.
fn is_temp_of(file: &str, vault: &str) -> bool {
    file.strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(vault))
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(|random| {
            random.len() == TEMP_RANDOM_HEX && random.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// True when a file last modified at `modified` is older than [`STALE_TEMP_AGE`] at `now`.
fn is_stale(modified: SystemTime, now: SystemTime) -> bool {
    now.duration_since(modified)
        .is_ok_and(|age| age > STALE_TEMP_AGE)
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

    /// The real file system, counting flushes and able to misbehave in the ways a save must
    /// catch.
    #[derive(Default)]
    struct Recording {
        synced_files: std::sync::Mutex<Vec<PathBuf>>,
        synced_dirs: std::sync::Mutex<Vec<PathBuf>>,
        /// The write changes the last byte and reports success.
        flip_last_byte: bool,
        /// Hard links fail as on a FAT memory card.
        no_links: bool,
        /// Something is put at the target path just before the new file is published.
        plant_before_publish: Option<PathBuf>,
        /// The clock for stale temporary files.
        now: Option<SystemTime>,
    }

    impl FileSystem for Recording {
        fn read(&self, path: &Path, limit: usize) -> io::Result<Vec<u8>> {
            RealFs.read(path, limit)
        }
        fn write_new(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            let mut bytes = bytes.to_vec();
            if self.flip_last_byte {
                *bytes.last_mut().unwrap() ^= 1;
            }
            RealFs.write_new(path, &bytes)
        }
        fn sync_file(&self, path: &Path) -> io::Result<()> {
            self.synced_files.lock().unwrap().push(path.to_path_buf());
            RealFs.sync_file(path)
        }
        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            RealFs.rename(from, to)
        }
        fn sync_dir(&self, dir: &Path) -> io::Result<()> {
            self.synced_dirs.lock().unwrap().push(dir.to_path_buf());
            RealFs.sync_dir(dir)
        }
        fn remove_file(&self, path: &Path) -> io::Result<()> {
            RealFs.remove_file(path)
        }
        fn exists(&self, path: &Path) -> bool {
            RealFs.exists(path)
        }
        fn link_new(&self, from: &Path, to: &Path) -> io::Result<()> {
            if let Some(planted) = &self.plant_before_publish {
                fs::write(planted, b"someone else's vault")?;
            }
            if self.no_links {
                return Err(io::Error::from(io::ErrorKind::PermissionDenied));
            }
            RealFs.link_new(from, to)
        }
        fn lock_wait(&self) -> Duration {
            Duration::from_millis(100)
        }
        fn now(&self) -> SystemTime {
            self.now.unwrap_or_else(SystemTime::now)
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_save_flushes_the_new_file_and_then_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        let fs = Recording::default();
        save_atomic(&fs, &path, b"one").unwrap();
        let files = fs.synced_files.lock().unwrap().clone();
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(is_temp_of(
            &files[0].file_name().unwrap().to_string_lossy(),
            "vault"
        ));
        assert_eq!(*fs.synced_dirs.lock().unwrap(), [dir.path().to_path_buf()]);
        save_new(&fs, &dir.path().join("backup"), b"two").unwrap();
        assert_eq!(fs.synced_files.lock().unwrap().len(), 2);
        assert_eq!(fs.synced_dirs.lock().unwrap().len(), 2);
    }

    #[test]
    fn a_write_that_comes_back_different_never_becomes_the_vault() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        save_atomic(&RealFs, &path, b"old vault").unwrap();
        let fs = Recording {
            flip_last_byte: true,
            ..Recording::default()
        };
        let err = save_atomic(&fs, &path, b"new vault").unwrap_err();
        assert!(
            matches!(&err, VaultError::Io { step: IoStep::Write, source, .. }
                if source.to_string() == "the file does not hold the bytes written"),
            "{err:?}"
        );
        assert_eq!(fs::read(&path).unwrap(), b"old vault");
        assert_eq!(names(dir.path()), ["vault"]);
    }

    #[test]
    fn a_short_read_back_says_how_much_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join("t");
        fs::write(&temp, b"abc").unwrap();
        let err = check_written(&RealFs, &temp, b"abcdef").unwrap_err();
        assert_eq!(err.to_string(), "the file holds 3 of the 6 bytes written");
        assert!(check_written(&RealFs, &temp, b"abc").is_ok());
    }

    #[test]
    fn a_file_larger_than_any_vault_is_refused_and_one_at_the_limit_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        let file = File::create(&path).unwrap();
        file.set_len(MAX_FILE_LEN as u64 + 1).unwrap();
        assert!(matches!(
            read(&RealFs, &path),
            Err(VaultError::Corrupt {
                reason: "the file is larger than any vault"
            })
        ));
        file.set_len(MAX_FILE_LEN as u64).unwrap();
        assert_eq!(read(&RealFs, &path).unwrap().len(), MAX_FILE_LEN);
    }

    #[test]
    fn creating_never_replaces_what_appears_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        for no_links in [false, true] {
            let _ = fs::remove_file(&path);
            let fs = Recording {
                no_links,
                plant_before_publish: Some(path.clone()),
                ..Recording::default()
            };
            let err = save_new(&fs, &path, b"mine").unwrap_err();
            assert!(
                matches!(&err, VaultError::AlreadyExists { path: p } if *p == path),
                "{err:?}"
            );
            assert_eq!(fs::read(&path).unwrap(), b"someone else's vault");
            assert_eq!(names(dir.path()), ["vault"], "no temporary file left");
        }
        assert!(matches!(
            save_new(&RealFs, &path, b"mine"),
            Err(VaultError::AlreadyExists { .. })
        ));
    }

    #[test]
    fn creating_works_without_hard_links_and_leaves_one_name() {
        let dir = tempfile::tempdir().unwrap();
        for no_links in [false, true] {
            let path = dir.path().join(format!("vault-{no_links}"));
            let fs = Recording {
                no_links,
                ..Recording::default()
            };
            save_new(&fs, &path, b"new").unwrap();
            assert_eq!(fs::read(&path).unwrap(), b"new");
        }
        assert_eq!(names(dir.path()), ["vault-false", "vault-true"]);
    }

    #[test]
    fn temporary_names_are_recognised_exactly() {
        assert!(is_temp_of(".vault.0123456789abcdef.tmp", "vault"));
        assert!(is_temp_of(".vault.0123456789ABCDEF.tmp", "vault"));
        for other in [
            "vault.0123456789abcdef.tmp",
            ".vault.0123456789abcde.tmp",
            ".vault.0123456789abcdef0.tmp",
            ".vault.0123456789abcdeg.tmp",
            ".vault.0123456789abcdef.tmpx",
            ".vault-0123456789abcdef.tmp",
            ".other.0123456789abcdef.tmp",
            ".vault.lock",
        ] {
            assert!(!is_temp_of(other, "vault"), "{other}");
        }
    }

    #[test]
    fn a_temporary_file_is_stale_only_past_the_age_limit() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert!(!is_stale(now - STALE_TEMP_AGE, now));
        assert!(is_stale(now - STALE_TEMP_AGE - Duration::from_secs(1), now));
        assert!(
            !is_stale(now + Duration::from_secs(5), now),
            "from the future"
        );
        // Minutes old: it may belong to a save on slow storage; ten minutes, none takes that.
        assert!(!is_stale(now - Duration::from_secs(5 * 60), now));
        assert!(is_stale(now - Duration::from_secs(11 * 60), now));
    }

    #[test]
    fn stale_temporary_files_are_judged_by_the_injected_clock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        let temp = dir.path().join(".vault.0123456789abcdef.tmp");
        fs::write(&temp, b"old").unwrap();
        let modified = fs::metadata(&temp).unwrap().modified().unwrap();
        let fs = Recording {
            now: Some(modified + STALE_TEMP_AGE),
            ..Recording::default()
        };
        save_atomic(&fs, &path, b"one").unwrap();
        assert!(temp.exists(), "not older than the limit yet");
        let fs = Recording {
            now: Some(modified + STALE_TEMP_AGE + Duration::from_secs(1)),
            ..Recording::default()
        };
        save_atomic(&fs, &path, b"two").unwrap();
        assert!(!temp.exists());
    }

    #[test]
    fn each_try_of_the_lock_leads_to_its_step() {
        let now = Instant::now();
        let later = now + Duration::from_millis(1);
        let step = |tried, at| format!("{:?}", after_try(tried, at, later));
        assert_eq!(step(Ok(()), later), "Locked");
        assert_eq!(step(Err(fs::TryLockError::WouldBlock), now), "Retry");
        assert_eq!(step(Err(fs::TryLockError::WouldBlock), later), "Busy");
        let unsupported = io::Error::from(io::ErrorKind::Unsupported);
        assert_eq!(
            step(Err(fs::TryLockError::Error(unsupported)), now),
            "NoLocks"
        );
        let other = io::Error::other("no locks left");
        assert!(step(Err(fs::TryLockError::Error(other)), now).starts_with("Failed"));
    }

    #[test]
    fn the_lock_gives_up_with_busy_after_its_wait() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        let held = lock(&RealFs, &path)
            .unwrap()
            .expect("locks on this file system");
        let started = Instant::now();
        let err = lock(&Recording::default(), &path).unwrap_err();
        assert!(
            matches!(&err, VaultError::Busy { path: p, waited_s: 0 } if *p == path),
            "{err:?}"
        );
        assert!(started.elapsed() >= Duration::from_millis(100), "waited");
        drop(held);
        assert!(lock(&Recording::default(), &path).unwrap().is_some());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_as_the_lock_file_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        let target = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&target, dir.path().join(".vault.lock")).unwrap();
        let err = lock(&RealFs, &path).unwrap_err();
        assert!(
            matches!(&err, VaultError::Io { step: IoStep::Lock, source, .. }
                if source.raw_os_error() == Some(libc::ELOOP)),
            "{err:?}"
        );
        assert!(!target.exists(), "the link's target was created");
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_refused_at_once_as_vault_or_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .arg(dir.path().join(".vault.lock"))
            .status()
            .unwrap();
        assert!(made.success());
        assert!(matches!(
            read(&RealFs, &path),
            Err(VaultError::NotAFile { path: p }) if p == path
        ));
        assert!(matches!(
            lock(&RealFs, &path),
            Err(VaultError::Io { step: IoStep::Lock, source, .. })
                if source.kind() == io::ErrorKind::InvalidInput
        ));
    }

    #[test]
    fn a_new_path_is_resolved_through_its_folder_only() {
        let dir = tempfile::tempdir().unwrap();
        let real = fs::canonicalize(dir.path()).unwrap();
        let resolved = resolve_new(&RealFs, &dir.path().join("sub/../vault"));
        assert!(resolved.is_err(), "a folder that does not exist");
        fs::create_dir(dir.path().join("sub")).unwrap();
        assert_eq!(
            resolve_new(&RealFs, &dir.path().join("sub/../vault")).unwrap(),
            real.join("vault")
        );
        assert!(matches!(
            resolve_new(&RealFs, Path::new("/")),
            Err(VaultError::NotAFile { .. })
        ));
        assert!(matches!(
            resolve_existing(&RealFs, &dir.path().join("nope")),
            Err(VaultError::NotFound { .. })
        ));
    }

    #[test]
    fn the_real_flushes_open_what_they_flush() {
        // fsync itself leaves no trace a test can see; a missing file or folder shows that
        // the flush is not skipped.
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        assert_eq!(
            RealFs.sync_file(&missing).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
        fs::write(dir.path().join("file"), b"x").unwrap();
        RealFs.sync_file(&dir.path().join("file")).unwrap();
        RealFs.sync_dir(dir.path()).unwrap();
        #[cfg(unix)]
        assert_eq!(
            RealFs.sync_dir(&missing).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
    }

    #[test]
    fn a_bare_file_name_lives_in_the_current_folder() {
        assert_eq!(folder_of(Path::new("vault")), PathBuf::from("."));
        assert_eq!(folder_of(Path::new("a/vault")), PathBuf::from("a"));
        assert_eq!(
            lock_path(Path::new("vault")).unwrap(),
            PathBuf::from("./.vault.lock")
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
