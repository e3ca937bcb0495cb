//! What an import did: every entry of the source ends up in exactly one list (a normalised entry
//! is also in `added`).

use super::account::AccountId;
use crate::uri::WarningKind;

/// The outcome of one import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Accounts added to the vault.
    pub added: Vec<Added>,
    /// Entries skipped because the vault already had an account with the same codes.
    pub duplicates: Vec<Duplicate>,
    /// Values that were normalised on the way in, each with the warning to show.
    pub normalised: Vec<Normalised>,
    /// Entries that could not be imported, each with the reason.
    pub rejected: Vec<Rejected>,
}

/// An added account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// Its new id.
    pub id: AccountId,
    /// Its display name.
    pub name: String,
}

/// A skipped duplicate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The entry's display name.
    pub entry: String,
    /// The account already in the vault.
    pub existing: AccountId,
}

/// A normalisation warning for an added entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    /// The entry's display name.
    pub entry: String,
    /// What was changed: the same kinds (and `Display` texts) as the otpauth parser's.
    pub warning: WarningKind,
}

/// A rejected entry. Neither field ever holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The entry's display name, or its position when it has none.
    pub entry: String,
    /// Why it was rejected.
    pub reason: String,
}
