//! Google Authenticator's export: `otpauth-migration://offline?data=BASE64`, where the data is a
//! protobuf `MigrationPayload` (decoded with prost derive; no protoc, no hand-written decoder).
//!
//! Decoding gives every account with the batch it came in. Normalisations, each a warning: no
//! period in the format (30 s assumed), unspecified algorithm, digits or type (defaults assumed),
//! base64 without padding or in the URL-safe alphabet. An account the core cannot use (MD5,
//! values the format does not define, an empty key, control characters in its name) is rejected
//! on its own and listed in [`Parsed::rejected`](crate::uri::Parsed::rejected), so one bad account does not block the others;
//! only when no account is usable is the whole URI an error.
//!
//! Encoding splits accounts into batches, as Google does for large exports: at most
//! `max_per_payload` accounts each ([`encode`]) or as many as fit a size ([`encode_within`],
//! for QR codes), and refuses accounts the format cannot carry ([`EncodeError`]).

use super::MAX_URI_LEN;

/// Largest decoded payload accepted: what base64 in a [`MAX_URI_LEN`] URI can carry. Real
/// export QR codes hold a few hundred bytes (a QR code holds at most 2,953).
pub const MAX_PAYLOAD_BYTES: usize = MAX_URI_LEN / 4 * 3;

/// The `version` field Google Authenticator writes.
pub const PAYLOAD_VERSION: i32 = 1;

pub mod proto;

mod decode;
mod encode;

pub use decode::decode_payload;
pub(crate) use decode::parse_uri;
pub use encode::{check_encodable, encode, encode_within, EncodeError, Unsupported};
