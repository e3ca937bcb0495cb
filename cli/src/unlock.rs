//! Passphrases and opening the vault: `OTPKIT_PASSPHRASE` (or `OTPKIT_BACKUP_PASSPHRASE` for
//! backups) for scripts, else a prompt on the terminal. Passphrases live in [`Passphrase`],
//! which zeroizes on drop and never prints.

use std::fmt;
use std::path::{Path, PathBuf};

use otpkit_core::vault::{KdfParams, NewSlot, Unlock, Vault, VaultError};
use zeroize::Zeroizing;

use crate::context::Context;
use crate::error::CliError;

/// Environment variable holding the vault passphrase, for scripts.
pub const PASSPHRASE_ENV: &str = "OTPKIT_PASSPHRASE";
/// Environment variable holding a backup's passphrase (export and import), for scripts.
pub const BACKUP_PASSPHRASE_ENV: &str = "OTPKIT_BACKUP_PASSPHRASE";
/// Environment variable holding the new vault passphrase for `otpkit passwd`, for scripts.
pub const NEW_PASSPHRASE_ENV: &str = "OTPKIT_NEW_PASSPHRASE";

/// A passphrase: zeroized on drop, `<redacted>` in Debug.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// The bytes, for key derivation.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// Its only field is a [`Zeroizing`] string, which wipes the text when it drops.
impl zeroize::ZeroizeOnDrop for Passphrase {}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

/// Whether a prompt should ask twice (a new passphrase) or once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// An existing passphrase.
    Once,
    /// A new passphrase: typed twice so a typo cannot lock the user out.
    Confirm,
}

/// The passphrase from `env_var`, else from a prompt on the terminal.
pub fn passphrase(env_var: &str, prompt: &str, ask: Ask) -> Result<Passphrase, CliError> {
    if let Some(value) = std::env::var_os(env_var) {
        let value = value.into_string().map_err(|_| {
            CliError::refused(
                "invalid_passphrase",
                format!("{env_var} is not valid UTF-8"),
            )
        })?;
        return Ok(Passphrase(Zeroizing::new(value)));
    }
    let read = |text: &str| {
        rpassword::prompt_password(text)
            .map(Zeroizing::new)
            .map_err(|err| {
                CliError::refused(
                    "passphrase_required",
                    format!("cannot prompt for the passphrase: {err}"),
                )
                .with_hint(format!("set {env_var}, or run otpkit in a terminal"))
            })
    };
    let first = read(prompt)?;
    if ask == Ask::Confirm {
        let second = read("Repeat it: ")?;
        if *first != *second {
            return Err(
                CliError::refused("passphrase_mismatch", "the two passphrases differ")
                    .with_hint("type the same passphrase twice"),
            );
        }
    }
    Ok(Passphrase(first))
}

/// The vault file, or an error when no data folder can be found.
pub fn vault_path(ctx: &Context) -> Result<PathBuf, CliError> {
    ctx.vault_path().ok_or_else(|| {
        CliError::refused("no_vault_path", "cannot find a data folder for the vault")
            .with_hint("pass --vault PATH or set OTPKIT_VAULT")
    })
}

/// Opens the vault with the passphrase.
pub fn open(ctx: &Context) -> Result<Vault, CliError> {
    let path = vault_path(ctx)?;
    if !path.exists() {
        return Err(VaultError::NotFound { path }.into());
    }
    let pass = passphrase(PASSPHRASE_ENV, "Vault passphrase: ", Ask::Once)?;
    Ok(Vault::open(&path, Unlock::Passphrase(pass.as_bytes()))?)
}

/// Opens the vault, or creates it (with the default key derivation) when it does not exist.
/// When another otpkit or app creates it first, while this one derives its key, that vault is
/// opened with the same passphrase instead: nothing it holds is overwritten.
pub fn open_or_create(ctx: &Context) -> Result<Vault, CliError> {
    let path = vault_path(ctx)?;
    if path.exists() {
        return open(ctx);
    }
    let pass = passphrase(PASSPHRASE_ENV, "New vault passphrase: ", Ask::Confirm)?;
    create_parent(&path)?;
    match Vault::create(
        &path,
        NewSlot::Passphrase(pass.as_bytes(), KdfParams::DEFAULT),
    ) {
        Err(created @ VaultError::AlreadyExists { .. }) => {
            match Vault::open(&path, Unlock::Passphrase(pass.as_bytes())) {
                Ok(vault) => Ok(vault),
                Err(VaultError::WrongPassphrase) => Err(CliError::refused(
                    "vault_appeared",
                    format!(
                        "a vault appeared at {} while this one was being created, under another passphrase: nothing was saved",
                        path.display()
                    ),
                )
                .with_hint("run the command again with that vault's passphrase, or choose another --vault")),
                // Not a vault we can open (a link to nowhere, a folder): say what is in the way.
                Err(VaultError::NotFound { .. } | VaultError::NotAFile { .. }) => {
                    Err(created.into())
                }
                Err(err) => Err(err.into()),
            }
        }
        created => Ok(created?),
    }
}

/// Runs `change` on the vault; when another otpkit or app saved the vault since it was opened
/// (`ChangedElsewhere`, nothing saved), takes in that version and runs `change` once more, as the
/// apps do. Two commands adding accounts at once then both keep theirs.
pub fn redo_if_changed<T>(
    vault: &mut Vault,
    mut change: impl FnMut(&mut Vault) -> Result<T, VaultError>,
) -> Result<T, VaultError> {
    match change(vault) {
        Err(VaultError::ChangedElsewhere { .. }) => {
            vault.reload()?;
            change(vault)
        }
        done => done,
    }
}

/// Creates the vault's folder, private to the user.
fn create_parent(path: &Path) -> Result<(), CliError> {
    let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(parent).map_err(|err| {
        CliError::failed(
            "io",
            format!("cannot create the folder {}: {err}", parent.display()),
        )
    })
}

/// Unix seconds now, for `created` times.
pub fn now() -> Result<u64, CliError> {
    Ok(otpkit_core::clock::unix_seconds(
        &otpkit_core::clock::SystemClock,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_lives_in_a_zeroizing_string_and_never_prints() {
        // Type-level: compiles only while the field is the `Zeroizing` string that backs the
        // `ZeroizeOnDrop` claim.
        fn field(passphrase: &Passphrase) -> &Zeroizing<String> {
            &passphrase.0
        }
        fn zeroizes_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) {}
        let passphrase = Passphrase(Zeroizing::new("hunter2 hunter2".into()));
        zeroizes_on_drop(field(&passphrase));
        zeroizes_on_drop(&passphrase);
        assert_eq!(format!("{passphrase:?}"), "Passphrase(<redacted>)");
        assert_eq!(passphrase.as_bytes(), b"hunter2 hunter2");
    }
}
