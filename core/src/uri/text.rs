//! Text helpers shared by the otpauth and migration parsers: strict percent-decoding, the
//! `Issuer:label` split, and the percent-encoding the formatters use.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use zeroize::{Zeroize, Zeroizing};

use super::error::UriError;
use super::warning::WarningKind;

/// Characters escaped in labels and parameter values: everything but RFC 3986's unreserved
/// characters and `@` (left readable in e-mail addresses, as Google's own examples do). `+`
/// is escaped because query values read it as a space.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`, as query strings do). A `%`
/// not followed by two hex digits is an error rather than literal text, so nothing is guessed.
/// The result zeroizes on drop, as it may be the secret.
pub(crate) fn percent_decode(
    raw: &str,
    plus_is_space: bool,
    field: &'static str,
) -> Result<Zeroizing<String>, UriError> {
    let bytes = raw.as_bytes();
    let mut out = Zeroizing::new(Vec::with_capacity(bytes.len()));
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let high = bytes.get(i + 1).copied().and_then(hex_value);
                let low = bytes.get(i + 2).copied().and_then(hex_value);
                let (Some(high), Some(low)) = (high, low) else {
                    let position = raw[..i].chars().count() + 1;
                    return Err(UriError::BadPercentEncoding { field, position });
                };
                out.push(high << 4 | low);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    match String::from_utf8(std::mem::take(&mut *out)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(error) => {
            error.into_bytes().zeroize();
            Err(UriError::NotUtf8 { field })
        }
    }
}

/// Takes the text out of a zeroizing buffer, for values that are not secret.
pub(crate) fn into_plain(mut text: Zeroizing<String>) -> String {
    std::mem::take(&mut *text)
}

/// True for the characters no name may hold: C0 and C1 controls and DEL (escape sequences,
/// carriage returns, line breaks), the Unicode line and paragraph separators, and the explicit
/// bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which
/// can make a name display as another. They would garble or spoof account lists, terminals and
/// logs.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Rejects the characters of [`is_unsafe_char`].
pub(crate) fn reject_control(text: &str, field: &'static str) -> Result<(), UriError> {
    match text.chars().position(is_unsafe_char) {
        Some(index) => Err(UriError::ControlCharacter {
            field,
            position: index + 1,
        }),
        None => Ok(()),
    }
}

/// Longest name shown in a report of rejected entries, in characters.
pub(crate) const MAX_SHOWN_NAME_CHARS: usize = 64;

/// `text` made safe to print in a report: each [`is_unsafe_char`] replaced by U+FFFD, and cut
/// after `MAX_SHOWN_NAME_CHARS` characters with an ellipsis.
pub fn printable(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(MAX_SHOWN_NAME_CHARS)
        .map(|c| if is_unsafe_char(c) { '\u{FFFD}' } else { c })
        .collect();
    if text.chars().nth(MAX_SHOWN_NAME_CHARS).is_some() {
        out.push('\u{2026}');
    }
    out
}

/// Trims surrounding whitespace, with a warning when there was any.
fn trimmed(text: &str, field: &'static str, warnings: &mut Vec<WarningKind>) -> String {
    let trimmed = text.trim();
    if trimmed.len() != text.len() {
        warnings.push(WarningKind::WhitespaceTrimmed { field });
    }
    trimmed.to_owned()
}

/// The issuer and label an account ends up with.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Names {
    pub issuer: Option<String>,
    pub label: String,
}

/// Splits `Issuer:label` (at the first colon; spaces after it are allowed by Google's spec and
/// dropped without a warning) and reconciles it with the issuer parameter, which wins.
/// `label_text` and `issuer_param` are already percent-decoded.
pub(crate) fn resolve_names(
    label_text: &str,
    label_field: &'static str,
    issuer_param: Option<&str>,
    warnings: &mut Vec<WarningKind>,
) -> Result<Names, UriError> {
    reject_control(label_text, label_field)?;
    let (path_issuer, label) = match label_text.split_once(':') {
        Some((prefix, account)) => {
            let prefix = trimmed(prefix, "issuer", warnings);
            let account = trimmed(account.trim_start_matches(' '), "label", warnings);
            ((!prefix.is_empty()).then_some(prefix), account)
        }
        None => (None, trimmed(label_text, "label", warnings)),
    };
    let param_issuer = match issuer_param {
        Some(param) => {
            reject_control(param, "issuer")?;
            let param = trimmed(param, "issuer", warnings);
            (!param.is_empty()).then_some(param)
        }
        None => None,
    };
    let issuer = match (path_issuer, param_issuer) {
        (Some(path), Some(param)) => {
            if path != param {
                warnings.push(WarningKind::IssuerMismatch {
                    path,
                    param: param.clone(),
                });
            }
            Some(param)
        }
        (path, param) => param.or(path),
    };
    Ok(Names { issuer, label })
}

/// The `Issuer:label` text that [`resolve_names`] reads back as `issuer` and `label`. The
/// prefix is written when `with_issuer` and the issuer has no colon; a label with a colon and
/// no prefix gets an empty one (`:a:b`) so its own colon is not taken for the separator.
pub(crate) fn compose_label(issuer: Option<&str>, label: &str, with_issuer: bool) -> String {
    match issuer {
        Some(issuer) if with_issuer && !issuer.is_empty() && !issuer.contains(':') => {
            format!("{issuer}:{label}")
        }
        _ if label.contains(':') => format!(":{label}"),
        _ => label.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_is_strict_and_optionally_reads_plus_as_space() {
        assert_eq!(
            percent_decode("Teamleader%20Focus", false, "label")
                .unwrap()
                .as_str(),
            "Teamleader Focus"
        );
        assert_eq!(
            percent_decode("a+b", true, "issuer").unwrap().as_str(),
            "a b"
        );
        assert_eq!(
            percent_decode("a+b", false, "label").unwrap().as_str(),
            "a+b"
        );
        assert_eq!(
            percent_decode("caf%c3%a9%7e%2f%3a%4b%5d", false, "label")
                .unwrap()
                .as_str(),
            "café~/:K]"
        );
        assert_eq!(
            percent_decode("caf%C3%A9", false, "label")
                .unwrap()
                .as_str(),
            "café"
        );
        assert_eq!(
            percent_decode("ab%2", false, "label").unwrap_err(),
            UriError::BadPercentEncoding {
                field: "label",
                position: 3
            }
        );
        assert_eq!(
            percent_decode("é%zz", false, "label").unwrap_err(),
            UriError::BadPercentEncoding {
                field: "label",
                position: 2
            }
        );
        assert_eq!(
            percent_decode("%FF", false, "issuer").unwrap_err(),
            UriError::NotUtf8 { field: "issuer" }
        );
    }

    #[test]
    fn names_split_at_the_first_colon_and_the_parameter_wins() {
        let mut warnings = Vec::new();
        let names = resolve_names("GitHub: jane", "label", Some("GitHub"), &mut warnings).unwrap();
        assert_eq!(names.issuer.as_deref(), Some("GitHub"));
        assert_eq!(names.label, "jane");
        assert!(warnings.is_empty());

        let names = resolve_names("Old:jane:x", "label", Some("New"), &mut warnings).unwrap();
        assert_eq!(names.issuer.as_deref(), Some("New"));
        assert_eq!(names.label, "jane:x");
        assert_eq!(
            warnings,
            [WarningKind::IssuerMismatch {
                path: "Old".into(),
                param: "New".into()
            }]
        );

        warnings.clear();
        let names = resolve_names(" jane ", "label", Some(""), &mut warnings).unwrap();
        assert_eq!(names.issuer, None);
        assert_eq!(names.label, "jane");
        assert_eq!(
            warnings,
            [WarningKind::WhitespaceTrimmed { field: "label" }]
        );

        assert_eq!(
            resolve_names("a\nb", "label", None, &mut warnings).unwrap_err(),
            UriError::ControlCharacter {
                field: "label",
                position: 2
            }
        );
    }

    #[test]
    fn unsafe_characters_are_controls_line_separators_and_bidi_overrides_only() {
        let refused = [
            '\0', '\u{1b}', '\r', '\n', '\u{7f}', '\u{85}', '\u{9b}', '\u{2028}', '\u{2029}',
            '\u{202a}', '\u{202c}', '\u{202e}', '\u{2066}', '\u{2068}', '\u{2069}',
        ];
        for c in refused {
            assert!(is_unsafe_char(c), "{c:?}");
        }
        // Neighbours of the ranges, and the implicit marks that right-to-left names use.
        let kept = [
            'a',
            ' ',
            'é',
            '\u{a0}',
            '\u{200e}',
            '\u{200f}',
            '\u{2027}',
            '\u{202f}',
            '\u{2065}',
            '\u{206a}',
            '\u{1d11e}',
        ];
        for c in kept {
            assert!(!is_unsafe_char(c), "{c:?}");
        }
        assert_eq!(
            reject_control("ab\u{202e}c", "issuer").unwrap_err(),
            UriError::ControlCharacter {
                field: "issuer",
                position: 3
            }
        );
    }

    #[test]
    fn printable_replaces_unsafe_characters_and_cuts_after_64() {
        assert_eq!(printable("a\u{1b}]52;b\u{7}"), "a\u{fffd}]52;b\u{fffd}");
        let exact = "é".repeat(MAX_SHOWN_NAME_CHARS);
        assert_eq!(printable(&exact), exact);
        let longer = format!("{exact}x");
        assert_eq!(printable(&longer), format!("{exact}\u{2026}"));
        assert_eq!(printable(""), "");
    }

    #[test]
    fn composed_labels_read_back_unchanged() {
        let cases = [
            (Some("ACME"), "jane"),
            (Some("ACME"), "a:b"),
            (Some("A:B"), "jane"),
            (Some("A:B"), "a:b"),
            (None, "a:b"),
            (None, "jane"),
            (None, ""),
            (Some("ACME"), ""),
        ];
        for (issuer, label) in cases {
            for with_issuer in [true, false] {
                let text = compose_label(issuer, label, with_issuer);
                let mut warnings = Vec::new();
                let names = resolve_names(&text, "label", issuer, &mut warnings).unwrap();
                assert_eq!(names.issuer.as_deref(), issuer, "{text}");
                assert_eq!(names.label, label, "{text}");
                assert!(warnings.is_empty(), "{text}: {warnings:?}");
            }
        }
    }
}
