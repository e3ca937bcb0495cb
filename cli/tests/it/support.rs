//! What the modules share.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use otpkit_core::vault::{KdfParams, NewSlot, Vault};

/// Creates an empty vault at `path` with key derivation cheap enough that a test spends its
/// time in the command under test, not in Argon2.
pub fn cheap_vault(path: &Path, passphrase: &[u8]) -> Vault {
    Vault::create(
        path,
        NewSlot::Passphrase(passphrase, KdfParams::new(64, 1, 1).unwrap()),
    )
    .unwrap()
}

/// [`cheap_vault`] at `dir/name`, with its path.
pub fn cheap_vault_in(dir: &Path, name: &str, passphrase: &[u8]) -> PathBuf {
    let path = dir.join(name);
    cheap_vault(&path, passphrase);
    path
}

/// `otpkit`, with nothing on standard input and none of otpkit's variables inherited from the
/// environment the tests run in.
pub fn otpkit() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_otpkit"));
    command
        .env_remove("OTPKIT_VAULT")
        .env_remove("OTPKIT_PASSPHRASE")
        .env_remove("OTPKIT_BACKUP_PASSPHRASE")
        .env_remove("OTPKIT_NEW_PASSPHRASE")
        .stdin(Stdio::null());
    command
}

/// Whether `name` runs (`name --version`): the tests that drive bash, groff or script need them.
pub fn has_program(name: &str) -> bool {
    Command::new(name).arg("--version").output().is_ok()
}

/// [`otpkit`] on `vault`, whose passphrase is in the environment.
pub fn otpkit_on(vault: &Path, passphrase: &str) -> Command {
    let mut command = otpkit();
    command
        .arg("--vault")
        .arg(vault)
        .env("OTPKIT_PASSPHRASE", passphrase);
    command
}
