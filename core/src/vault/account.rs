//! Accounts in the vault: what each holds, how it is edited, and when two are duplicates.

use std::fmt;

use crate::otp::{Algorithm, OtpParams, OtpType};
#[cfg(test)]
use crate::secret::Secret;
use crate::uri::AccountDraft;

/// A stable account id, unique within one vault and never reused after a removal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId(pub u64);

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Delegate so width and alignment (`{:>4}`) apply.
        fmt::Display::fmt(&self.0, f)
    }
}

/// Longest issuer, label, group or note we store, in bytes: longer text is a paste accident.
pub(crate) const MAX_TEXT_LEN: usize = 1024;

/// One account. `Debug` shows the secret as `<redacted>`; the secret is read only through
/// [`Account::params`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub(crate) id: AccountId,
    pub(crate) params: OtpParams,
    pub(crate) issuer: Option<String>,
    pub(crate) label: String,
    pub(crate) group: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) order: u32,
    pub(crate) created: u64,
}

/// What an app may set besides the code parameters when adding an account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountExtras {
    /// A folder-like group name.
    pub group: Option<String>,
    /// A free-form note.
    pub note: Option<String>,
}

/// Changes to an account's descriptive fields. `None` leaves a field alone; `Some(None)` clears
/// an optional one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountEdit {
    /// New issuer.
    pub issuer: Option<Option<String>>,
    /// New label.
    pub label: Option<String>,
    /// New group.
    pub group: Option<Option<String>>,
    /// New note.
    pub note: Option<Option<String>>,
}

impl AccountExtras {
    /// Refuses a group or note no account may hold ([`crate::uri::check_name`]).
    pub(crate) fn check(&self) -> Result<(), crate::uri::UriError> {
        check_optional("group", self.group.as_deref())?;
        check_optional("note", self.note.as_deref())
    }
}

impl AccountEdit {
    /// Refuses new text no account may hold ([`crate::uri::check_name`]), the same rule as
    /// for a scanned or imported account: an edit cannot put in what a URI may not.
    pub(crate) fn check(&self) -> Result<(), crate::uri::UriError> {
        check_optional("issuer", self.issuer.as_ref().and_then(Option::as_deref))?;
        check_optional("label", self.label.as_deref())?;
        check_optional("group", self.group.as_ref().and_then(Option::as_deref))?;
        check_optional("note", self.note.as_ref().and_then(Option::as_deref))
    }
}

fn check_optional(field: &'static str, text: Option<&str>) -> Result<(), crate::uri::UriError> {
    text.map_or(Ok(()), |text| crate::uri::check_name(field, text))
}

impl Account {
    /// Builds an account from a draft, validating its code parameters.
    pub(crate) fn from_draft(
        id: AccountId,
        draft: &AccountDraft,
        extras: AccountExtras,
        order: u32,
        created: u64,
    ) -> Result<Self, crate::otp::OtpError> {
        Ok(Account {
            id,
            params: draft.params()?,
            issuer: clip(draft.issuer.clone()),
            label: clip_str(draft.label.clone()),
            group: clip(extras.group),
            note: clip(extras.note),
            order,
            created,
        })
    }

    /// The account's id.
    pub fn id(&self) -> AccountId {
        self.id
    }
    /// TOTP, HOTP or Steam.
    pub fn otp_type(&self) -> OtpType {
        self.params.otp_type()
    }
    /// The service.
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }
    /// The account at the service.
    pub fn label(&self) -> &str {
        &self.label
    }
    /// The HMAC hash.
    pub fn algorithm(&self) -> Algorithm {
        self.params.algorithm()
    }
    /// Code length.
    pub fn digits(&self) -> u8 {
        self.params.digits()
    }
    /// Period in seconds (time-based kinds).
    pub fn period(&self) -> u32 {
        self.params.period()
    }
    /// The HOTP counter: the counter of the next code to show.
    pub fn counter(&self) -> u64 {
        self.params.counter()
    }
    /// The group, if any.
    pub fn group(&self) -> Option<&str> {
        self.group.as_deref()
    }
    /// The note, if any.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// Position in the user's list (0 first).
    pub fn order(&self) -> u32 {
        self.order
    }
    /// When the account was added, in Unix seconds.
    pub fn created(&self) -> u64 {
        self.created
    }
    /// The validated code parameters, secret included: for code generation and export only.
    pub fn params(&self) -> &OtpParams {
        &self.params
    }
    /// The name to show: `Issuer: label`, or the label alone.
    pub fn display_name(&self) -> String {
        display_name(self.issuer.as_deref(), &self.label)
    }

    /// The account as a draft (with every field written), for export.
    pub fn to_draft(&self) -> AccountDraft {
        AccountDraft {
            otp_type: self.params.otp_type(),
            issuer: self.issuer.clone(),
            label: self.label.clone(),
            secret: self.params.secret().clone(),
            algorithm: Some(self.params.algorithm()),
            digits: Some(self.params.digits()),
            period: Some(self.params.period()),
            counter: Some(self.params.counter()),
        }
    }

    pub(crate) fn apply(&mut self, edit: AccountEdit) {
        if let Some(issuer) = edit.issuer {
            self.issuer = clip(issuer);
        }
        if let Some(label) = edit.label {
            self.label = clip_str(label);
        }
        if let Some(group) = edit.group {
            self.group = clip(group);
        }
        if let Some(note) = edit.note {
            self.note = clip(note);
        }
    }

    /// True when `params` would produce the same codes as this account: same kind, key,
    /// algorithm, digits and (for time-based kinds) period. The HOTP counter is left out: the
    /// same key at another counter is the same account further along.
    pub fn same_codes_as(&self, params: &OtpParams) -> bool {
        let mine = &self.params;
        mine.otp_type() == params.otp_type()
            && mine.algorithm() == params.algorithm()
            && mine.digits() == params.digits()
            && (!mine.otp_type().is_time_based() || mine.period() == params.period())
            && mine.secret() == params.secret()
    }
}

/// The name to show for an issuer and label.
pub(crate) fn display_name(issuer: Option<&str>, label: &str) -> String {
    match issuer {
        Some(issuer) if !issuer.is_empty() && !label.is_empty() => format!("{issuer}: {label}"),
        Some(issuer) if !issuer.is_empty() => issuer.to_string(),
        _ => label.to_string(),
    }
}

/// The first account in `accounts` with the same codes as `params`.
pub(crate) fn find_duplicate<'a>(
    accounts: &'a [Account],
    params: &OtpParams,
) -> Option<&'a Account> {
    accounts.iter().find(|a| a.same_codes_as(params))
}

/// Pairs of accounts already in a list that produce the same codes (first id, later id), in
/// list order. Linear in the number of accounts, like [`DuplicateIndex`].
pub(crate) fn duplicate_pairs(accounts: &[Account]) -> Vec<(AccountId, AccountId)> {
    let mut index = DuplicateIndex::default();
    let mut pairs = Vec::new();
    for (later, account) in accounts.iter().enumerate() {
        for earlier in index.matches(accounts, &account.params) {
            pairs.push((earlier, later));
        }
        index.insert(later, &account.params);
    }
    pairs.sort_unstable();
    pairs
        .into_iter()
        .map(|(a, b)| (accounts[a].id, accounts[b].id))
        .collect()
}

/// Finds the accounts of a list that produce the same codes as given parameters, in constant
/// time per look-up, so an import of tens of thousands of entries stays linear. Accounts are
/// bucketed by a hash of their code parameters, keyed at random for each index (it means
/// nothing outside this process); a hit is confirmed with [`Account::same_codes_as`], whose
/// secret comparison is constant-time.
#[derive(Default)]
pub(crate) struct DuplicateIndex {
    keys: std::collections::hash_map::RandomState,
    /// Parameter hash -> positions in the account list.
    buckets: std::collections::HashMap<u64, Vec<usize>>,
}

impl DuplicateIndex {
    /// An index of every account in `accounts`.
    pub(crate) fn of(accounts: &[Account]) -> Self {
        let mut index = DuplicateIndex::default();
        for (position, account) in accounts.iter().enumerate() {
            index.insert(position, &account.params);
        }
        index
    }

    /// Records that the account at `position` has `params`.
    pub(crate) fn insert(&mut self, position: usize, params: &OtpParams) {
        let hash = self.hash(params);
        self.buckets.entry(hash).or_default().push(position);
    }

    /// The first account of `accounts` (the list this index was built over) with the same codes
    /// as `params`.
    pub(crate) fn find<'a>(
        &self,
        accounts: &'a [Account],
        params: &OtpParams,
    ) -> Option<&'a Account> {
        self.matches(accounts, params).next().map(|p| &accounts[p])
    }

    /// The positions of every account with the same codes as `params`, in list order.
    fn matches<'a>(
        &'a self,
        accounts: &'a [Account],
        params: &'a OtpParams,
    ) -> impl Iterator<Item = usize> + 'a {
        self.buckets
            .get(&self.hash(params))
            .into_iter()
            .flatten()
            .copied()
            .filter(move |&p| accounts[p].same_codes_as(params))
    }

    /// A hash of exactly what [`Account::same_codes_as`] compares.
    fn hash(&self, params: &OtpParams) -> u64 {
        use std::hash::{BuildHasher, Hash, Hasher};
        let mut hasher = self.keys.build_hasher();
        params.otp_type().hash(&mut hasher);
        params.algorithm().hash(&mut hasher);
        params.digits().hash(&mut hasher);
        params
            .otp_type()
            .is_time_based()
            .then(|| params.period())
            .hash(&mut hasher);
        params.secret().expose_bytes().hash(&mut hasher);
        hasher.finish()
    }
}

fn clip(text: Option<String>) -> Option<String> {
    text.map(clip_str).filter(|t| !t.is_empty())
}

/// Trims and bounds descriptive text, cutting on a character boundary.
fn clip_str(text: String) -> String {
    let text = text.trim();
    let mut end = text.len().min(MAX_TEXT_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret_from(bytes: &[u8]) -> Secret {
        Secret::from_bytes(bytes.to_vec())
    }

    fn draft(secret: &[u8], otp_type: OtpType) -> AccountDraft {
        AccountDraft {
            otp_type,
            issuer: Some("Example".into()),
            label: "alice@example.com".into(),
            secret: secret_from(secret),
            algorithm: None,
            digits: None,
            period: None,
            counter: None,
        }
    }

    fn account(id: u64, secret: &[u8]) -> Account {
        Account::from_draft(
            AccountId(id),
            &draft(secret, OtpType::Totp),
            AccountExtras::default(),
            0,
            0,
        )
        .unwrap()
    }

    #[test]
    fn duplicate_pairs_lists_every_pair_in_list_order() {
        let list = [
            account(1, b"key-one-0000000000"),
            account(2, b"key-two-0000000000"),
            account(3, b"key-one-0000000000"),
            account(4, b"key-one-0000000000"),
            account(5, b"key-two-0000000000"),
        ];
        let pairs: Vec<(u64, u64)> = duplicate_pairs(&list)
            .into_iter()
            .map(|(a, b)| (a.0, b.0))
            .collect();
        assert_eq!(pairs, [(1, 3), (1, 4), (2, 5), (3, 4)]);
        assert!(duplicate_pairs(&list[..2]).is_empty());
    }

    #[test]
    fn the_index_confirms_a_hit_with_the_parameters_themselves() {
        let list = [account(1, b"key-one-0000000000")];
        let other = draft(b"key-two-0000000000", OtpType::Totp)
            .params()
            .unwrap();
        let mut index = DuplicateIndex::of(&list);
        assert_eq!(
            index.find(&list, &list[0].params).map(Account::id),
            Some(AccountId(1))
        );
        assert!(index.find(&list, &other).is_none());
        // Recorded under the other parameters' hash (as a collision would be): still no match.
        index.insert(0, &other);
        assert!(index.find(&list, &other).is_none());
    }

    #[test]
    fn duplicates_are_same_key_and_code_parameters() {
        let a = Account::from_draft(
            AccountId(1),
            &draft(b"12345678901234567890", OtpType::Totp),
            AccountExtras::default(),
            0,
            0,
        )
        .unwrap();
        let same = draft(b"12345678901234567890", OtpType::Totp);
        assert!(a.same_codes_as(&same.params().unwrap()));
        let mut other_period = same.clone();
        other_period.period = Some(60);
        assert!(!a.same_codes_as(&other_period.params().unwrap()));
        let other_key = draft(b"12345678901234567891", OtpType::Totp);
        assert!(!a.same_codes_as(&other_key.params().unwrap()));
        let hotp = draft(b"12345678901234567890", OtpType::Hotp);
        assert!(!a.same_codes_as(&hotp.params().unwrap()));
    }

    #[test]
    fn edits_trim_clear_and_bound_text() {
        let mut a = Account::from_draft(
            AccountId(1),
            &draft(b"12345678901234567890", OtpType::Totp),
            AccountExtras {
                group: Some("Work".into()),
                note: None,
            },
            0,
            0,
        )
        .unwrap();
        a.apply(AccountEdit {
            label: Some("  bob  ".into()),
            group: Some(None),
            note: Some(Some("é".repeat(MAX_TEXT_LEN))),
            ..AccountEdit::default()
        });
        assert_eq!(a.label(), "bob");
        assert_eq!(a.group(), None);
        assert!(a.note().unwrap().len() <= MAX_TEXT_LEN);
        assert_eq!(a.display_name(), "Example: bob");
    }

    #[test]
    fn debug_redacts_the_secret() {
        let a = Account::from_draft(
            AccountId(1),
            &draft(b"12345678901234567890", OtpType::Totp),
            AccountExtras::default(),
            0,
            0,
        )
        .unwrap();
        let debug = format!("{a:?}");
        assert!(debug.contains("<redacted>"));
        assert!(!debug.contains("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
    }
}
