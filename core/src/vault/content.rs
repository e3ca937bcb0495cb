//! The encrypted payload: a versioned JSON document (schema [`SCHEMA_VERSION`]).
//!
//! It is only ever serialised into, and parsed from, zeroizing buffers; secrets go through the
//! explicit [`secret_base32`] helper because [`Secret`] deliberately has no `Serialize`.

use std::io;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::account::{Account, AccountId};
use super::error::VaultError;
use crate::clock::ClockSettings;
use crate::otp::{Algorithm, OtpParams, OtpType};
use crate::secret::Secret;

/// The content schema this build writes and the newest it reads.
pub const SCHEMA_VERSION: u32 = 1;
/// Most accounts a vault may hold: far above any real user, low enough to bound memory.
pub const MAX_ACCOUNTS: usize = 100_000;

/// Settings stored with the accounts. New fields need `#[serde(default)]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Clock-drift settings, owned by [`crate::clock`].
    #[serde(default)]
    pub clock: ClockSettings,
}

/// Everything inside the encryption.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Content {
    pub accounts: Vec<Account>,
    pub settings: Settings,
    /// The id the next account gets; ids are never reused.
    pub next_id: u64,
}

#[derive(Serialize, Deserialize)]
struct SchemaProbe {
    schema: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredContent {
    schema: u32,
    next_id: u64,
    accounts: Vec<StoredAccount>,
    #[serde(default)]
    settings: Settings,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredAccount {
    id: u64,
    #[serde(rename = "type")]
    otp_type: String,
    issuer: Option<String>,
    label: String,
    algorithm: String,
    digits: u8,
    period: u32,
    counter: u64,
    #[serde(with = "secret_base32")]
    secret: Secret,
    group: Option<String>,
    note: Option<String>,
    order: u32,
    created: u64,
}

/// Serialises a [`Secret`] as canonical base32, only inside the encrypted payload.
pub(crate) mod secret_base32 {
    use serde::{de, Deserializer, Serializer};

    use crate::secret::Secret;

    /// Writes the secret as base32 text.
    pub(crate) fn serialize<S: Serializer>(
        secret: &Secret,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&secret.to_base32())
    }

    /// Reads base32 text into a secret. The error never repeats the text.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Secret, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Secret;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a base32 secret")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Secret, E> {
                Secret::from_base32(text)
                    .map(|(secret, _)| secret)
                    .map_err(|_| E::custom("a secret is not valid base32"))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

fn otp_type_from(name: &str) -> Option<OtpType> {
    match name {
        "totp" => Some(OtpType::Totp),
        "hotp" => Some(OtpType::Hotp),
        "steam" => Some(OtpType::Steam),
        _ => None,
    }
}

impl From<&Account> for StoredAccount {
    fn from(a: &Account) -> Self {
        StoredAccount {
            id: a.id.0,
            otp_type: a.otp_type().as_str().to_string(),
            issuer: a.issuer.clone(),
            label: a.label.clone(),
            algorithm: a.algorithm().as_str().to_string(),
            digits: a.digits(),
            period: a.period(),
            counter: a.counter(),
            secret: a.params.secret().clone(),
            group: a.group.clone(),
            note: a.note.clone(),
            order: a.order,
            created: a.created,
        }
    }
}

impl StoredAccount {
    fn into_account(self) -> Result<Account, VaultError> {
        let otp_type = otp_type_from(&self.otp_type).ok_or(VaultError::Corrupt {
            reason: "an account has an unknown type",
        })?;
        let algorithm = Algorithm::from_name(&self.algorithm).ok_or(VaultError::Corrupt {
            reason: "an account has an unknown algorithm",
        })?;
        let params = OtpParams::new(
            otp_type,
            self.secret,
            algorithm,
            self.digits,
            self.period,
            self.counter,
        )
        .map_err(|_| VaultError::Corrupt {
            reason: "an account has invalid code parameters",
        })?;
        Ok(Account {
            id: AccountId(self.id),
            params,
            issuer: self.issuer,
            label: self.label,
            group: self.group,
            note: self.note,
            order: self.order,
            created: self.created,
        })
    }
}

/// A writer into a zeroizing buffer that also zeroizes the old buffer whenever it grows, so no
/// copy of the plaintext is left behind in freed memory.
pub(crate) struct ZeroizingWriter(pub(crate) Zeroizing<Vec<u8>>);

impl io::Write for ZeroizingWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let needed = self.0.len() + data.len();
        if needed > self.0.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(needed.max(self.0.capacity() * 2)));
            bigger.extend_from_slice(&self.0);
            self.0 = bigger; // the old buffer is zeroized as it drops
        }
        self.0.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Content {
    /// The plaintext payload, in a zeroizing buffer.
    pub(crate) fn to_plaintext(&self) -> Zeroizing<Vec<u8>> {
        let stored = StoredContent {
            schema: SCHEMA_VERSION,
            next_id: self.next_id,
            accounts: self.accounts.iter().map(StoredAccount::from).collect(),
            settings: self.settings.clone(),
        };
        let mut writer = ZeroizingWriter(Zeroizing::new(Vec::with_capacity(
            4096 + 320 * self.accounts.len(),
        )));
        // Serialising plain structs into memory cannot fail.
        serde_json::to_writer(&mut writer, &stored).expect("in-memory JSON serialisation");
        writer.0
    }

    /// Parses a decrypted payload. A newer schema is refused before anything else is read.
    pub(crate) fn from_plaintext(plaintext: &[u8]) -> Result<Self, VaultError> {
        let probe: SchemaProbe =
            serde_json::from_slice(plaintext).map_err(|_| VaultError::Corrupt {
                reason: "the decrypted content is not a vault document",
            })?;
        if probe.schema > SCHEMA_VERSION {
            return Err(VaultError::NewerVersion {
                what: "schema",
                found: probe.schema,
                supported: SCHEMA_VERSION,
            });
        }
        if probe.schema == 0 {
            return Err(VaultError::Corrupt {
                reason: "content schema 0 does not exist",
            });
        }
        let stored: StoredContent =
            serde_json::from_slice(plaintext).map_err(|_| VaultError::Corrupt {
                reason: "the decrypted content does not match the vault schema",
            })?;
        if stored.accounts.len() > MAX_ACCOUNTS {
            return Err(VaultError::Corrupt {
                reason: "more accounts than a vault may hold",
            });
        }
        let mut accounts = stored
            .accounts
            .into_iter()
            .map(StoredAccount::into_account)
            .collect::<Result<Vec<_>, _>>()?;
        crate::order::sort_by_u64(&mut accounts, |a| u64::from(a.order));
        let max_id = accounts.iter().map(|a| a.id.0).max();
        let mut ids: Vec<u64> = accounts.iter().map(|a| a.id.0).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() != accounts.len() || max_id.is_some_and(|max| max >= stored.next_id) {
            return Err(VaultError::Corrupt {
                reason: "account ids are repeated or out of range",
            });
        }
        Ok(Content {
            accounts,
            settings: stored.settings,
            next_id: stored.next_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::account::AccountExtras;

    fn sample() -> Content {
        let draft = crate::uri::AccountDraft {
            otp_type: OtpType::Hotp,
            issuer: Some("Example".into()),
            label: "alice".into(),
            secret: Secret::from_bytes(b"12345678901234567890".to_vec()),
            algorithm: Some(Algorithm::Sha256),
            digits: Some(8),
            period: None,
            counter: Some(42),
        };
        let account = Account::from_draft(
            AccountId(3),
            &draft,
            AccountExtras {
                group: Some("Work".into()),
                note: Some("recovery codes in the safe".into()),
            },
            0,
            1_700_000_000,
        )
        .unwrap();
        Content {
            accounts: vec![account],
            settings: Settings::default(),
            next_id: 4,
        }
    }

    #[test]
    fn round_trips_every_field() {
        let content = sample();
        let plaintext = content.to_plaintext();
        assert_eq!(Content::from_plaintext(&plaintext).unwrap(), content);
    }

    #[test]
    fn newer_schema_is_refused() {
        let text = String::from_utf8(sample().to_plaintext().to_vec())
            .unwrap()
            .replace("\"schema\":1", "\"schema\":2");
        assert!(matches!(
            Content::from_plaintext(text.as_bytes()),
            Err(VaultError::NewerVersion {
                what: "schema",
                found: 2,
                ..
            })
        ));
    }

    #[test]
    fn repeated_ids_are_corrupt() {
        let text = String::from_utf8(sample().to_plaintext().to_vec())
            .unwrap()
            .replace("\"next_id\":4", "\"next_id\":3");
        assert!(matches!(
            Content::from_plaintext(text.as_bytes()),
            Err(VaultError::Corrupt { .. })
        ));
    }

    #[test]
    fn zeroizing_writer_keeps_all_bytes_across_growth() {
        use std::io::Write;
        let mut w = ZeroizingWriter(Zeroizing::new(Vec::with_capacity(1)));
        for i in 0..100u8 {
            w.write_all(&[i; 7]).unwrap();
        }
        assert_eq!(w.0.len(), 700);
        assert_eq!(w.0[699], 99);
    }
}
