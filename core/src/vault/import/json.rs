//! Helpers the JSON importers share: parsing without echoing content, zeroizing secret text,
//! hex and base64 fields.

use base64::Engine;
use serde::de::{self, Deserialize, Deserializer};
use zeroize::Zeroizing;

use super::{ImportError, ImportFormat};

/// Secret text from an export, zeroized on drop and never printed. Read with zeroize's serde
/// support: the deserialized `String` itself moves into the wrapper, no copy of it is made.
/// (Text with JSON escapes passes through serde_json's scratch buffer, which is not wiped.)
#[derive(Clone, Default, serde::Deserialize)]
#[serde(transparent)]
pub(crate) struct SecretText(pub Zeroizing<String>);

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A secret written as a JSON array of bytes, signed (Java's `byte`, -128 to 127, as Gson writes
/// a `byte[]`) or unsigned (0 to 255): zeroized on drop and never printed. A number outside
/// -128 to 255 leaves it `None`, so that the entry, not the whole file, is rejected.
pub(crate) struct SecretBytes(pub Option<Zeroizing<Vec<u8>>>);

/// A missing array is an empty secret (which the importer refuses as such).
impl Default for SecretBytes {
    fn default() -> Self {
        SecretBytes(Some(Zeroizing::new(Vec::new())))
    }
}

impl std::fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<'de> Deserialize<'de> for SecretBytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = SecretBytes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of bytes")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<SecretBytes, A::Error> {
                // Bounded by the input: the hint is at most what the parser has seen.
                let mut bytes = Zeroizing::new(Vec::with_capacity(
                    seq.size_hint()
                        .unwrap_or(0)
                        .min(crate::uri::MAX_SECRET_BYTES),
                ));
                let mut valid = true;
                while let Some(n) = seq.next_element::<i64>()? {
                    match n {
                        -128..=-1 => bytes.push((n + 256) as u8),
                        0..=255 => bytes.push(n as u8),
                        _ => valid = false,
                    }
                }
                Ok(SecretBytes(valid.then_some(bytes)))
            }
        }
        deserializer.deserialize_seq(Visitor)
    }
}

/// Parses JSON; an error names the position only (serde's messages can quote content).
pub(crate) fn parse<'a, T: Deserialize<'a>>(
    format: ImportFormat,
    text: &'a [u8],
) -> Result<T, ImportError> {
    serde_json::from_slice(text).map_err(|err| ImportError::Malformed {
        format,
        reason: match err.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => format!(
                "invalid JSON at line {} column {}",
                err.line(),
                err.column()
            ),
            _ => format!(
                "unexpected structure at line {} column {}",
                err.line(),
                err.column()
            ),
        },
    })
}

/// Decodes a hex field of exactly `N` bytes.
pub(crate) fn hex_array<const N: usize>(
    format: ImportFormat,
    field: &'static str,
    text: &str,
) -> Result<[u8; N], ImportError> {
    let bytes = hex(format, field, text)?;
    bytes
        .as_slice()
        .try_into()
        .map_err(|_| ImportError::Malformed {
            format,
            reason: format!("{field} must be {N} bytes"),
        })
}

/// Decodes a hex field.
pub(crate) fn hex(
    format: ImportFormat,
    field: &'static str,
    text: &str,
) -> Result<Vec<u8>, ImportError> {
    hex::decode(text).map_err(|_| ImportError::Malformed {
        format,
        reason: format!("{field} is not hexadecimal"),
    })
}

/// Decodes a standard (padded) base64 field.
pub(crate) fn base64(
    format: ImportFormat,
    field: &'static str,
    text: &str,
) -> Result<Vec<u8>, ImportError> {
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| ImportError::Malformed {
            format,
            reason: format!("{field} is not base64"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_decodes_and_rejects() {
        let f = ImportFormat::Aegis;
        assert_eq!(hex(f, "x", "00ff10").unwrap(), vec![0, 255, 16]);
        assert!(hex(f, "x", "0").is_err());
        assert_eq!(hex(f, "x", "ABcd").unwrap(), vec![0xab, 0xcd]);
        assert!(hex(f, "x", "zz").is_err());
        assert!(hex_array::<2>(f, "x", "0011").is_ok());
        assert!(hex_array::<3>(f, "x", "0011").is_err());
    }

    #[test]
    fn secret_text_reads_json_strings_and_prints_redacted() {
        let text: SecretText = serde_json::from_str(r#""JBSW\u0059 3DP""#).unwrap();
        assert_eq!(text.0.as_str(), "JBSWY 3DP");
        assert_eq!(format!("{text:?}"), "<redacted>");
        assert!(serde_json::from_str::<SecretText>("12").is_err());
    }

    #[test]
    fn json_errors_never_quote_content() {
        #[derive(serde::Deserialize, Debug)]
        struct T {
            #[allow(dead_code)]
            n: u32,
        }
        let err = parse::<T>(ImportFormat::Aegis, br#"{"n": "JBSWY3DPEHPK3PXP"}"#).unwrap_err();
        assert!(!err.to_string().contains("JBSWY3DP"), "{err}");
    }
}
