//! Moving accounts to another phone by QR code: Google Authenticator's export
//! (`otpauth-migration://`), batched over as many codes as it takes, each with its module
//! matrix, so an app draws them without a QR library and any authenticator that imports Google's
//! export (OtpKit's own scanner included) reads them.

use std::hash::{BuildHasher, Hasher};

use zeroize::Zeroizing;

use super::encode::{QrMatrix, MAX_QR_BYTES};
use crate::uri::migration::{self, EncodeError};
use crate::uri::AccountDraft;

/// Longest URI packed into one code with other accounts: 331 bytes is what a version 13 code
/// (69 modules a side) holds at level M. Such a code, with its quiet zone, is 77 characters wide
/// in a terminal (one character per module) and fits an 80-column window; on a phone screen its
/// modules stay large enough for a camera at arm's length. That is 3 to 5 ordinary accounts
/// (a 20-byte key, a name and an issuer take about 90 bytes of URI). Google packs 10 per code
/// into denser codes, which a terminal cannot show. An account that alone is longer gets a
/// bigger code of its own.
pub const TRANSFER_URI_BUDGET: usize = 331;

/// One QR code of a transfer: its place in the export and its content. The URI and the
/// modules hold the secrets: zeroized on drop, never in `Debug`.
pub struct TransferCode {
    /// The same in all codes of one export.
    pub batch_id: i32,
    /// Which code this is, from 0.
    pub index: u32,
    /// How many codes the export has.
    pub count: u32,
    /// How many accounts this code holds.
    pub accounts: usize,
    /// The `otpauth-migration://` URI the code holds.
    pub uri: Zeroizing<String>,
    /// The code's modules.
    pub matrix: QrMatrix,
}

impl std::fmt::Debug for TransferCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransferCode")
            .field("batch_id", &self.batch_id)
            .field("index", &self.index)
            .field("count", &self.count)
            .field("accounts", &self.accounts)
            .field("uri", &"<redacted>")
            .field("size", &self.matrix.size())
            .finish()
    }
}

/// The QR codes that move `accounts` (in order) to another phone, tagged with `batch_id` (take
/// a fresh one per export: [`new_batch_id`]). Refuses the whole set if one account cannot be
/// carried unchanged or alone is more than a QR code holds, naming it by its index.
pub fn transfer_codes(
    accounts: &[AccountDraft],
    batch_id: i32,
) -> Result<Vec<TransferCode>, EncodeError> {
    let parts = migration::encode_within(accounts, batch_id, TRANSFER_URI_BUDGET)?;
    let count = u32::try_from(parts.len()).unwrap_or(u32::MAX);
    let mut codes = Vec::with_capacity(parts.len());
    let mut first_account = 0;
    for ((uri, accounts), index) in parts.into_iter().zip(0..) {
        // Only a part of one account can exceed the budget, so only it can fail here.
        let matrix = QrMatrix::encode(uri.as_bytes()).ok_or(EncodeError::AccountTooLarge {
            index: first_account,
            len: uri.len(),
            max: MAX_QR_BYTES,
        })?;
        first_account += accounts;
        codes.push(TransferCode {
            batch_id,
            index,
            count,
            accounts,
            uri,
            matrix,
        });
    }
    Ok(codes)
}

/// A batch id for a new export: random, not negative (a negative number costs protobuf 10
/// bytes). It is no secret; it only keeps two exports' codes apart, so the standard library's
/// randomly seeded hasher is enough and cannot fail.
pub fn new_batch_id() -> i32 {
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    (random & 0x7fff_ffff) as i32
}
