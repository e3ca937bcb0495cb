//! Key slots: each one wraps the vault's master key under one credential.
//!
//! - The **passphrase slot** derives a key with Argon2id (parameters and salt stored in the slot,
//!   so a vault opens whatever defaults a later build has, within [`MAX_KDF_WORK_MIB`]) and wraps
//!   the master key with AES-256-GCM.
//! - The **platform slot** holds whatever the platform's keystore returned when asked to wrap the
//!   master key with the key it keeps under an alias (stored in the slot): Android Keystore or
//!   iOS Keychain through [`KeyStore`], or [`RawKey`] for a 32-byte key the app hands over.
//!   Slots written before aliases existed (container format 1) use [`LEGACY_KEY_ALIAS`].

use std::fmt;

use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::Zeroizing;

use super::aead::{self, AeadFailure, KEY_LEN, NONCE_BYTES, TAG_LEN};
use super::error::VaultError;

/// The vault's master key: random, 256 bits, zeroized on drop.
pub(crate) type MasterKey = Zeroizing<[u8; KEY_LEN]>;

/// Length of the random salt in a passphrase slot.
pub(crate) const SALT_LEN: usize = 32;
/// Length of a wrapped master key: nonce, encrypted key, tag.
pub(crate) const WRAPPED_LEN: usize = NONCE_BYTES + KEY_LEN + TAG_LEN;
/// Largest platform-slot blob we accept: keystores add a little metadata, never kilobytes.
pub(crate) const MAX_PLATFORM_BLOB: usize = 4096;
/// Longest platform key alias.
pub(crate) const MAX_KEY_ALIAS_LEN: usize = 64;
/// The alias of the platform key of a slot written before slots kept their alias: the apps kept
/// their one key under this name (Android `otpkit-` + it, iOS `dev.otpkit.` + it).
pub const LEGACY_KEY_ALIAS: &str = "vault-slot";
/// Random hex digits in a new alias (`vault-slot-` and 64 random bits).
const ALIAS_RANDOM_HEX: usize = 16;

/// Largest Argon2 memory we accept, in KiB (1 GiB): a damaged or hostile header must not make a
/// phone try to allocate more than it has.
pub(crate) const MAX_M_COST_KIB: u32 = 1024 * 1024;
/// Most Argon2 passes we accept: more would lock the user out for minutes.
pub(crate) const MAX_T_COST: u32 = 64;
/// Most Argon2 lanes we accept.
pub(crate) const MAX_P_COST: u32 = 16;
/// Most Argon2 work we run for one passphrase, as memory (MiB) times passes: four times
/// [`KdfParams::DEFAULT`] (128 MiB x 6 passes = 768), so about 2 s on a laptop core where the
/// default takes 0.45 s. The bounds above alone would allow 1 GiB x 64 passes, over a minute
/// and a half per attempt. Lanes do not change the total work.
pub(crate) const MAX_KDF_WORK_MIB: u64 = 4 * 128 * 6;

/// Associated data for wrapping the master key in a passphrase slot (the slot's parameters are
/// appended, so they cannot be swapped without detection).
const PASSPHRASE_AAD: &[u8] = b"otpkit passphrase slot v1";
/// Associated data for wrapping the master key with a [`RawKey`].
const RAW_KEY_AAD: &[u8] = b"otpkit platform raw key v1";

/// The kinds of key slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlotKind {
    /// Unlocked with a passphrase through Argon2id.
    Passphrase,
    /// Unlocked by the platform keystore (or a raw 32-byte key).
    Platform,
}

impl fmt::Display for SlotKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SlotKind::Passphrase => "passphrase",
            SlotKind::Platform => "platform key",
        })
    }
}

/// How much key-derivation work a file asked for, when it is more than OtpKit runs: what was
/// measured, the amount asked and the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfCost {
    /// What is counted: `"Argon2 memory (MiB) x passes"`, `"scrypt N x r x p"` or
    /// `"password slots"`.
    pub what: &'static str,
    /// The amount the file asks for.
    pub asked: u64,
    /// The most OtpKit accepts.
    pub limit: u64,
}

impl fmt::Display for KdfCost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}, over the limit of {}",
            self.what, self.asked, self.limit
        )
    }
}

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    m_cost_kib: u32,
    t_cost: u32,
    p_cost: u32,
}

impl KdfParams {
    /// The default for new vaults: 128 MiB, 6 passes, 1 lane. Well above OWASP's minimum
    /// (19 MiB, t = 2) and the 64 MiB, t = 3 a vault must cost at the least. 64 MiB with t = 3
    /// took only about 0.11 s on an idle laptop core, too cheap; this takes about 0.45 s there
    /// (BENCHMARKS.md) and stays near 1 to 1.5 s on a mid-range phone, with a memory use phones
    /// can afford.
    pub const DEFAULT: KdfParams = KdfParams {
        m_cost_kib: 128 * 1024,
        t_cost: 6,
        p_cost: 1,
    };

    /// Checked parameters: memory in KiB (at least 8 per lane, at most `MAX_M_COST_KIB`),
    /// passes (1 to `MAX_T_COST`) and lanes (1 to `MAX_P_COST`). Cheap values are for tests.
    /// Their product is bounded when a key is derived ([`KdfParams::check_cost`]).
    pub fn new(m_cost_kib: u32, t_cost: u32, p_cost: u32) -> Result<Self, VaultError> {
        if !(1..=MAX_P_COST).contains(&p_cost) {
            return Err(VaultError::KdfParams("lanes (p) must be 1 to 16"));
        }
        if !(1..=MAX_T_COST).contains(&t_cost) {
            return Err(VaultError::KdfParams("passes (t) must be 1 to 64"));
        }
        if m_cost_kib < 8 * p_cost || m_cost_kib > MAX_M_COST_KIB {
            return Err(VaultError::KdfParams(
                "memory (m) must be at least 8 KiB per lane and at most 1 GiB",
            ));
        }
        Ok(KdfParams {
            m_cost_kib,
            t_cost,
            p_cost,
        })
    }

    /// Memory in KiB.
    pub fn m_cost_kib(&self) -> u32 {
        self.m_cost_kib
    }
    /// Passes.
    pub fn t_cost(&self) -> u32 {
        self.t_cost
    }
    /// Lanes.
    pub fn p_cost(&self) -> u32 {
        self.p_cost
    }

    /// Refuses parameters whose work (memory times passes) is over `MAX_KDF_WORK_MIB`, with
    /// [`VaultError::ExpensiveKdf`]. [`KdfParams::new`] accepts them, so that a file asking for
    /// them is read and refused with this error rather than called corrupt.
    pub fn check_cost(&self) -> Result<(), VaultError> {
        let work_kib = u64::from(self.m_cost_kib) * u64::from(self.t_cost);
        if work_kib > MAX_KDF_WORK_MIB * 1024 {
            return Err(VaultError::ExpensiveKdf(KdfCost {
                what: "Argon2 memory (MiB) x passes",
                asked: work_kib.div_ceil(1024),
                limit: MAX_KDF_WORK_MIB,
            }));
        }
        Ok(())
    }

    /// Derives a 256-bit key from the passphrase, after [`KdfParams::check_cost`].
    pub(crate) fn derive(
        &self,
        passphrase: &[u8],
        salt: &[u8],
    ) -> Result<Zeroizing<[u8; KEY_LEN]>, VaultError> {
        self.check_cost()?;
        let params = Params::new(self.m_cost_kib, self.t_cost, self.p_cost, Some(KEY_LEN))
            .map_err(|_| VaultError::KdfParams("rejected by Argon2"))?;
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase, salt, key.as_mut())
            .map_err(|_| VaultError::KdfParams("rejected by Argon2"))?;
        Ok(key)
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        KdfParams::DEFAULT
    }
}

/// Why the platform keystore could not wrap or unwrap. The message comes from the platform and
/// must not hold key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyStoreError {
    /// The key does not unwrap this blob (another device, or the key was replaced).
    #[error("wrong platform key")]
    WrongKey,
    /// The user cancelled the prompt (biometric sheet, passcode): nothing is wrong with the key.
    #[error("the platform key prompt was cancelled")]
    Cancelled,
    /// The prompt got no answer in time; it was dismissed.
    #[error("the platform key prompt got no answer within {waited_s} s: try again, or unlock with the passphrase")]
    TimedOut {
        /// How long it waited, in seconds.
        waited_s: u64,
    },
    /// The keystore cannot be used right now (locked device, key gone or invalidated).
    #[error("the platform keystore is unavailable: {0}")]
    Unavailable(String),
    /// Any other keystore failure.
    #[error("the platform keystore failed: {0}")]
    Failed(String),
}

/// The platform's keystore: wraps and unwraps the vault's master key with keys that never leave
/// the secure hardware (Android Keystore, iOS Keychain / Secure Enclave), each kept under an
/// alias the vault chooses. A new platform slot gets a new key: `create_key`, `wrap`, the vault
/// is saved, and only then is the old key deleted (see `super::rotation`), so a cancelled
/// prompt or a failed save never leaves the vault pointing at a deleted key.
pub trait KeyStore {
    /// Makes a new key under `alias` (never used before).
    fn create_key(&self, alias: &str) -> Result<(), KeyStoreError>;
    /// Encrypts the master key with the key under `alias`; the result is stored in the vault's
    /// platform slot with the alias.
    fn wrap(&self, alias: &str, master_key: &[u8]) -> Result<Vec<u8>, KeyStoreError>;
    /// Decrypts what [`KeyStore::wrap`] returned. A blob the key does not open is
    /// [`KeyStoreError::WrongKey`]; a cancelled prompt [`KeyStoreError::Cancelled`].
    fn unwrap(&self, alias: &str, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyStoreError>;
    /// Deletes the key under `alias`; a key that is already gone is not an error.
    fn delete_key(&self, alias: &str) -> Result<(), KeyStoreError>;
}

/// A fresh alias for a new platform key: `vault-slot-` and 16 random hex digits.
pub(crate) fn new_key_alias() -> Result<String, VaultError> {
    let mut random = [0u8; ALIAS_RANDOM_HEX / 2];
    aead::fill_random(&mut random).map_err(|_| VaultError::Random)?;
    let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{LEGACY_KEY_ALIAS}-{hex}"))
}

/// True for an alias a vault may store: 1 to [`MAX_KEY_ALIAS_LEN`] ASCII letters, digits, `.`,
/// `_` or `-` (a valid Android Keystore alias and iOS application tag).
pub(crate) fn is_key_alias(alias: &str) -> bool {
    (1..=MAX_KEY_ALIAS_LEN).contains(&alias.len())
        && alias
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// A 32-byte platform key given by the app, used as a [`KeyStore`] with AES-256-GCM.
pub struct RawKey(Zeroizing<[u8; KEY_LEN]>);

impl RawKey {
    /// Takes the key bytes.
    pub fn new(key: [u8; KEY_LEN]) -> Self {
        RawKey(Zeroizing::new(key))
    }

    /// Takes the key from a slice, which must be exactly 32 bytes.
    pub fn from_slice(key: &[u8]) -> Result<Self, KeyStoreError> {
        let key: [u8; KEY_LEN] = key
            .try_into()
            .map_err(|_| KeyStoreError::Failed("a raw platform key must be 32 bytes".into()))?;
        Ok(RawKey::new(key))
    }
}

/// Its only field is a [`Zeroizing`] array, which wipes the key when it drops.
impl zeroize::ZeroizeOnDrop for RawKey {}

impl fmt::Debug for RawKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RawKey(<redacted>)")
    }
}

/// One key for every alias: creating and deleting do nothing.
impl KeyStore for RawKey {
    fn create_key(&self, _alias: &str) -> Result<(), KeyStoreError> {
        Ok(())
    }

    fn delete_key(&self, _alias: &str) -> Result<(), KeyStoreError> {
        Ok(())
    }

    fn wrap(&self, _alias: &str, master_key: &[u8]) -> Result<Vec<u8>, KeyStoreError> {
        let mut nonce = [0u8; NONCE_BYTES];
        aead::fill_random(&mut nonce)
            .map_err(|_| KeyStoreError::Failed("random generator failed".into()))?;
        let sealed = aead::seal(self.0.as_ref(), &nonce, RAW_KEY_AAD, master_key)
            .map_err(|_| KeyStoreError::Failed("encryption failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    fn unwrap(&self, _alias: &str, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        if wrapped.len() < NONCE_BYTES + TAG_LEN {
            return Err(KeyStoreError::WrongKey);
        }
        let (nonce, sealed) = wrapped.split_at(NONCE_BYTES);
        aead::open(self.0.as_ref(), nonce, RAW_KEY_AAD, sealed).map_err(|_| KeyStoreError::WrongKey)
    }
}

/// A passphrase slot as stored: parameters, salt and the wrapped master key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PassphraseSlot {
    pub params: KdfParams,
    pub salt: [u8; SALT_LEN],
    pub wrapped: [u8; WRAPPED_LEN],
}

/// A platform slot as stored: the alias of the key that wrapped it (`None` in a slot written
/// before aliases, whose key is [`LEGACY_KEY_ALIAS`]) and the keystore's opaque blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlatformSlot {
    pub alias: Option<String>,
    pub blob: Vec<u8>,
}

/// One key slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Slot {
    Passphrase(PassphraseSlot),
    Platform(PlatformSlot),
}

impl Slot {
    pub(crate) fn kind(&self) -> SlotKind {
        match self {
            Slot::Passphrase(_) => SlotKind::Passphrase,
            Slot::Platform(_) => SlotKind::Platform,
        }
    }
}

impl PassphraseSlot {
    /// Wraps `master_key` under a key derived from `passphrase` with a fresh salt and nonce.
    pub(crate) fn wrap(
        master_key: &MasterKey,
        passphrase: &[u8],
        params: KdfParams,
    ) -> Result<Self, VaultError> {
        if passphrase.is_empty() {
            return Err(VaultError::EmptyPassphrase);
        }
        let mut salt = [0u8; SALT_LEN];
        let mut nonce = [0u8; NONCE_BYTES];
        aead::fill_random(&mut salt).map_err(|_| VaultError::Random)?;
        aead::fill_random(&mut nonce).map_err(|_| VaultError::Random)?;
        let kek = params.derive(passphrase, &salt)?;
        let sealed = aead::seal(
            kek.as_ref(),
            &nonce,
            &passphrase_aad(&params, &salt),
            master_key.as_ref(),
        )
        .map_err(|_| VaultError::Encryption)?;
        let mut wrapped = [0u8; WRAPPED_LEN];
        wrapped[..NONCE_BYTES].copy_from_slice(&nonce);
        wrapped[NONCE_BYTES..].copy_from_slice(&sealed);
        Ok(PassphraseSlot {
            params,
            salt,
            wrapped,
        })
    }

    /// Recovers the master key, or [`VaultError::WrongPassphrase`].
    pub(crate) fn unwrap(&self, passphrase: &[u8]) -> Result<MasterKey, VaultError> {
        let kek = self.params.derive(passphrase, &self.salt)?;
        let (nonce, sealed) = self.wrapped.split_at(NONCE_BYTES);
        let key = aead::open(
            kek.as_ref(),
            nonce,
            &passphrase_aad(&self.params, &self.salt),
            sealed,
        )
        .map_err(|AeadFailure| VaultError::WrongPassphrase)?;
        to_master_key(&key).ok_or(VaultError::WrongPassphrase)
    }
}

impl PlatformSlot {
    /// Asks the keystore to wrap `master_key` with the key under `alias` (already created).
    pub(crate) fn wrap(
        master_key: &MasterKey,
        store: &dyn KeyStore,
        alias: String,
    ) -> Result<Self, VaultError> {
        let blob = store.wrap(&alias, master_key.as_ref())?;
        if blob.is_empty() || blob.len() > MAX_PLATFORM_BLOB {
            return Err(VaultError::KeyStore(KeyStoreError::Failed(
                "the keystore returned an empty or oversized blob".into(),
            )));
        }
        Ok(PlatformSlot {
            alias: Some(alias),
            blob,
        })
    }

    /// The alias of the key that unwraps this slot.
    pub(crate) fn key_alias(&self) -> &str {
        self.alias.as_deref().unwrap_or(LEGACY_KEY_ALIAS)
    }

    /// Asks the keystore to unwrap the master key.
    pub(crate) fn unwrap(&self, store: &dyn KeyStore) -> Result<MasterKey, VaultError> {
        let key = store.unwrap(self.key_alias(), &self.blob)?;
        to_master_key(&key).ok_or(VaultError::WrongKey)
    }
}

fn to_master_key(bytes: &[u8]) -> Option<MasterKey> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    if bytes.len() != KEY_LEN {
        return None;
    }
    key.copy_from_slice(bytes);
    Some(key)
}

fn passphrase_aad(params: &KdfParams, salt: &[u8]) -> Vec<u8> {
    let mut aad = PASSPHRASE_AAD.to_vec();
    aad.extend_from_slice(&params.m_cost_kib.to_le_bytes());
    aad.extend_from_slice(&params.t_cost.to_le_bytes());
    aad.extend_from_slice(&params.p_cost.to_le_bytes());
    aad.extend_from_slice(salt);
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_raw_key_lives_in_a_zeroizing_array() {
        // Type-level: compiles only while the field is the `Zeroizing` array that backs the
        // `ZeroizeOnDrop` claim.
        fn field(key: &RawKey) -> &Zeroizing<[u8; KEY_LEN]> {
            &key.0
        }
        fn zeroizes_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) {}
        let key = RawKey::new([7; KEY_LEN]);
        zeroizes_on_drop(field(&key));
        zeroizes_on_drop(&key);
        assert_eq!(format!("{key:?}"), "RawKey(<redacted>)");
    }

    fn cheap() -> KdfParams {
        KdfParams::new(8, 1, 1).unwrap()
    }

    #[test]
    fn passphrase_slot_round_trips_and_refuses_a_wrong_passphrase() {
        let master = aead::random_key().unwrap();
        let slot = PassphraseSlot::wrap(&master, b"correct horse", cheap()).unwrap();
        assert_eq!(*slot.unwrap(b"correct horse").unwrap(), *master);
        assert!(matches!(
            slot.unwrap(b"wrong horse"),
            Err(VaultError::WrongPassphrase)
        ));
    }

    #[test]
    fn raw_key_round_trips_and_refuses_another_key() {
        let master = aead::random_key().unwrap();
        let slot = PlatformSlot::wrap(&master, &RawKey::new([3; 32]), "k".into()).unwrap();
        assert_eq!(*slot.unwrap(&RawKey::new([3; 32])).unwrap(), *master);
        assert!(matches!(
            slot.unwrap(&RawKey::new([4; 32])),
            Err(VaultError::WrongKey)
        ));
    }

    #[test]
    fn kdf_params_are_bounded() {
        assert!(KdfParams::new(7, 1, 1).is_err());
        assert!(KdfParams::new(MAX_M_COST_KIB + 1, 1, 1).is_err());
        assert!(KdfParams::new(64, 0, 1).is_err());
        assert!(KdfParams::new(64, 1, 0).is_err());
        assert!(KdfParams::new(64, 1, 17).is_err());
        let d = KdfParams::DEFAULT;
        assert!(d.m_cost_kib() >= 64 * 1024 && d.t_cost() >= 3 && d.p_cost() >= 1);
    }

    #[test]
    fn the_default_costs_a_quarter_of_the_work_limit_and_the_limit_itself_is_accepted() {
        let d = KdfParams::DEFAULT;
        assert_eq!(
            u64::from(d.m_cost_kib()) * u64::from(d.t_cost()) * 4,
            MAX_KDF_WORK_MIB * 1024
        );
        assert!(d.check_cost().is_ok());
        assert!(KdfParams::new(512 * 1024, 6, 1)
            .unwrap()
            .check_cost()
            .is_ok());
        assert!(KdfParams::new(MAX_M_COST_KIB, 3, 1)
            .unwrap()
            .check_cost()
            .is_ok());
    }

    #[test]
    fn work_over_the_limit_is_refused_with_what_was_asked() {
        let just_over = KdfParams::new(512 * 1024 + 1, 6, 1).unwrap();
        let Err(VaultError::ExpensiveKdf(cost)) = just_over.check_cost() else {
            panic!("accepted {just_over:?}");
        };
        assert_eq!((cost.asked, cost.limit), (3073, MAX_KDF_WORK_MIB));
        let audit = KdfParams::new(MAX_M_COST_KIB, MAX_T_COST, 1).unwrap();
        let Err(err @ VaultError::ExpensiveKdf(cost)) = audit.check_cost() else {
            panic!("accepted {audit:?}");
        };
        assert_eq!((cost.asked, cost.limit), (1024 * 64, 3072));
        assert_eq!(err.kind(), "expensive_kdf");
        assert_eq!(
            err.to_string(),
            "this file asks for an unusually expensive key derivation (Argon2 memory (MiB) x \
             passes 65536, over the limit of 3072): it was not tried. OtpKit writes its files far \
             below the limit, so this one was made or changed by something else"
        );
    }

    #[test]
    fn an_expensive_slot_is_refused_before_any_derivation() {
        // 1 GiB x 64 passes would take well over a minute; refused at once instead.
        let slot = PassphraseSlot {
            params: KdfParams::new(MAX_M_COST_KIB, MAX_T_COST, 1).unwrap(),
            salt: [0; SALT_LEN],
            wrapped: [0; WRAPPED_LEN],
        };
        let started = std::time::Instant::now();
        assert!(matches!(
            slot.unwrap(b"any passphrase"),
            Err(VaultError::ExpensiveKdf(_))
        ));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let master = aead::random_key().unwrap();
        assert!(matches!(
            PassphraseSlot::wrap(&master, b"p", slot.params),
            Err(VaultError::ExpensiveKdf(_))
        ));
    }

    #[test]
    fn slot_kinds_and_parameters_read_back() {
        assert_eq!(SlotKind::Passphrase.to_string(), "passphrase");
        assert_eq!(SlotKind::Platform.to_string(), "platform key");
        let params = KdfParams::new(64, 3, 4).unwrap();
        assert_eq!(
            (params.m_cost_kib(), params.t_cost(), params.p_cost()),
            (64, 3, 4)
        );
    }

    #[test]
    fn a_raw_key_refuses_blobs_too_short_to_hold_a_nonce_and_tag() {
        let key = RawKey::new([5; 32]);
        for len in [0, 5, NONCE_BYTES, NONCE_BYTES + TAG_LEN] {
            assert!(
                matches!(key.unwrap("k", &vec![0; len]), Err(KeyStoreError::WrongKey)),
                "{len}"
            );
        }
        // The shortest real blob, nonce and tag around nothing, is read, not refused.
        let empty = key.wrap("k", &[]).unwrap();
        assert_eq!(empty.len(), NONCE_BYTES + TAG_LEN);
        assert!(key.unwrap("k", &empty).unwrap().is_empty());
    }

    /// A keystore that returns a blob of a set length.
    struct FixedBlob(usize);

    impl KeyStore for FixedBlob {
        fn create_key(&self, _: &str) -> Result<(), KeyStoreError> {
            Ok(())
        }
        fn wrap(&self, _: &str, _: &[u8]) -> Result<Vec<u8>, KeyStoreError> {
            Ok(vec![1; self.0])
        }
        fn unwrap(&self, _: &str, _: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
            Err(KeyStoreError::WrongKey)
        }
        fn delete_key(&self, _: &str) -> Result<(), KeyStoreError> {
            Ok(())
        }
    }

    #[test]
    fn a_platform_blob_must_be_1_to_max_bytes() {
        let master = aead::random_key().unwrap();
        for (len, ok) in [
            (0, false),
            (1, true),
            (MAX_PLATFORM_BLOB, true),
            (MAX_PLATFORM_BLOB + 1, false),
        ] {
            let slot = PlatformSlot::wrap(&master, &FixedBlob(len), "k".into());
            assert_eq!(slot.is_ok(), ok, "{len}");
            if let Ok(slot) = slot {
                assert_eq!(slot.blob.len(), len);
            } else {
                assert!(matches!(slot, Err(VaultError::KeyStore(_))));
            }
        }
    }

    #[test]
    fn empty_passphrase_is_refused() {
        let master = aead::random_key().unwrap();
        assert!(matches!(
            PassphraseSlot::wrap(&master, b"", cheap()),
            Err(VaultError::EmptyPassphrase)
        ));
    }

    #[test]
    fn raw_key_debug_is_redacted() {
        assert_eq!(format!("{:?}", RawKey::new([9; 32])), "RawKey(<redacted>)");
    }

    #[test]
    fn new_aliases_are_valid_random_and_distinct() {
        let a = new_key_alias().unwrap();
        let b = new_key_alias().unwrap();
        assert_ne!(a, b);
        for alias in [&a, &b] {
            assert!(alias.starts_with("vault-slot-"), "{alias}");
            assert_eq!(alias.len(), "vault-slot-".len() + 16);
            assert!(
                alias[11..].bytes().all(|c| c.is_ascii_hexdigit()),
                "{alias}"
            );
            assert!(is_key_alias(alias));
        }
    }

    #[test]
    fn aliases_are_short_plain_ascii() {
        for ok in [
            "a",
            LEGACY_KEY_ALIAS,
            "A.b_c-9",
            &"x".repeat(MAX_KEY_ALIAS_LEN),
        ] {
            assert!(is_key_alias(ok), "{ok}");
        }
        let too_long = "x".repeat(MAX_KEY_ALIAS_LEN + 1);
        for bad in ["", &too_long, "a b", "a/b", "é", "a\0", "a:b"] {
            assert!(!is_key_alias(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_slot_without_alias_uses_the_legacy_key() {
        let legacy = PlatformSlot {
            alias: None,
            blob: vec![1],
        };
        assert_eq!(legacy.key_alias(), "vault-slot");
        let named = PlatformSlot {
            alias: Some("vault-slot-0a".into()),
            blob: vec![1],
        };
        assert_eq!(named.key_alias(), "vault-slot-0a");
    }

    #[test]
    fn a_raw_key_is_one_key_under_every_alias() {
        let key = RawKey::new([6; 32]);
        assert_eq!(key.create_key("a"), Ok(()));
        let wrapped = key.wrap("a", &[1; 32]).unwrap();
        assert_eq!(*key.unwrap("b", &wrapped).unwrap(), vec![1; 32]);
        assert_eq!(key.delete_key("a"), Ok(()));
    }

    #[test]
    fn keystore_errors_say_what_happened() {
        assert_eq!(
            KeyStoreError::Cancelled.to_string(),
            "the platform key prompt was cancelled"
        );
        assert_eq!(
            KeyStoreError::TimedOut { waited_s: 120 }.to_string(),
            "the platform key prompt got no answer within 120 s: try again, or unlock with the \
             passphrase"
        );
    }
}
