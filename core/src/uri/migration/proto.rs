//! Google's protobuf messages, as prost structs. Public so that tests and tools can build
//! payloads. `Debug` never prints the secret bytes; the parser and encoder hold messages in
//! `Wiped`, which zeroizes them when dropped.

use std::fmt;

use zeroize::Zeroize;

/// The whole export (one QR code).
#[derive(Clone, PartialEq, prost::Message)]
pub struct MigrationPayload {
    /// The accounts in this QR code.
    #[prost(message, repeated, tag = "1")]
    pub otp_parameters: Vec<OtpParameters>,
    /// Format version (1).
    #[prost(int32, tag = "2")]
    pub version: i32,
    /// How many QR codes the export has.
    #[prost(int32, tag = "3")]
    pub batch_size: i32,
    /// Which one this is, from 0.
    #[prost(int32, tag = "4")]
    pub batch_index: i32,
    /// Identifies the export, the same in all its QR codes.
    #[prost(int32, tag = "5")]
    pub batch_id: i32,
}

/// One account.
#[derive(Clone, PartialEq, prost::Message)]
#[prost(skip_debug)]
pub struct OtpParameters {
    /// The raw key bytes.
    #[prost(bytes = "vec", tag = "1")]
    pub secret: Vec<u8>,
    /// The label, sometimes `Issuer:label`.
    #[prost(string, tag = "2")]
    pub name: String,
    /// The issuer.
    #[prost(string, tag = "3")]
    pub issuer: String,
    /// A [`MigrationAlgorithm`] code.
    #[prost(enumeration = "MigrationAlgorithm", tag = "4")]
    pub algorithm: i32,
    /// A [`MigrationDigits`] code.
    #[prost(enumeration = "MigrationDigits", tag = "5")]
    pub digits: i32,
    /// A [`MigrationType`] code.
    #[prost(enumeration = "MigrationType", tag = "6")]
    pub r#type: i32,
    /// The HOTP counter.
    #[prost(int64, tag = "7")]
    pub counter: i64,
}

impl fmt::Debug for OtpParameters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtpParameters")
            .field("secret", &"<redacted>")
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("type", &self.r#type)
            .field("counter", &self.counter)
            .finish()
    }
}

/// Algorithm codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum MigrationAlgorithm {
    /// Not set.
    Unspecified = 0,
    /// HMAC-SHA1.
    Sha1 = 1,
    /// HMAC-SHA256.
    Sha256 = 2,
    /// HMAC-SHA512.
    Sha512 = 3,
    /// HMAC-MD5 (defined by the format, not supported by OtpKit).
    Md5 = 4,
}

/// Digit-count codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum MigrationDigits {
    /// Not set.
    Unspecified = 0,
    /// Six digits.
    Six = 1,
    /// Eight digits.
    Eight = 2,
}

/// Type codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum MigrationType {
    /// Not set.
    Unspecified = 0,
    /// Counter-based.
    Hotp = 1,
    /// Time-based.
    Totp = 2,
}

/// Holds a payload and zeroizes every secret left in it when dropped, on every path out.
pub(crate) struct Wiped(pub(crate) MigrationPayload);

impl Drop for Wiped {
    fn drop(&mut self) {
        for params in &mut self.0.otp_parameters {
            params.secret.zeroize();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_a_decoded_account_hides_the_secret() {
        let params = OtpParameters {
            secret: b"hello world!".to_vec(),
            name: "jane".into(),
            ..Default::default()
        };
        let printed = format!("{params:?}");
        assert!(printed.contains("<redacted>") && printed.contains("jane"));
        assert!(!printed.contains("104"), "{printed}");
    }
}
