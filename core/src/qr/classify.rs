//! What a decoded QR code holds: one account, part of a migration batch, or something else.

/// The kind of content, from the URI scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumCount)]
#[strum(serialize_all = "snake_case")]
pub enum PayloadKind {
    /// An `otpauth://` URI: one account.
    Account,
    /// An `otpauth-migration://` URI: one part of a Google Authenticator export.
    MigrationBatch,
    /// Anything else: not an authenticator code.
    Other,
}

impl PayloadKind {
    /// Classifies by scheme (case-insensitive, surrounding whitespace ignored).
    pub fn of(text: &str) -> PayloadKind {
        let text = text.trim_start();
        let has_scheme = |scheme: &str| {
            text.get(..scheme.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
        };
        if has_scheme("otpauth://") {
            PayloadKind::Account
        } else if has_scheme("otpauth-migration://") {
            PayloadKind::MigrationBatch
        } else {
            PayloadKind::Other
        }
    }

    /// A stable snake_case name for JSON output.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A coarse description of non-authenticator content, for the error message; never the content
/// itself.
pub(crate) fn describe_other(text: &str) -> &'static str {
    let lower: String = text
        .trim_start()
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        "a web address"
    } else if lower.starts_with("wifi:") {
        "Wi-Fi settings"
    } else if lower.starts_with("mailto:") {
        "an email address"
    } else if lower.contains("://") {
        "a link of another kind"
    } else {
        "plain text"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::assert_names;
    use strum::EnumCount;

    #[test]
    fn schemes_are_classified_case_insensitively() {
        assert_eq!(
            PayloadKind::of("otpauth://totp/x?secret=AA"),
            PayloadKind::Account
        );
        assert_eq!(PayloadKind::of("OTPAUTH://TOTP/x"), PayloadKind::Account);
        assert_eq!(
            PayloadKind::of("otpauth-migration://offline?data=x"),
            PayloadKind::MigrationBatch
        );
        assert_eq!(
            PayloadKind::of("https://example.com/otpauth://"),
            PayloadKind::Other
        );
        assert_eq!(PayloadKind::of("otpauth:"), PayloadKind::Other);
        assert_eq!(PayloadKind::of(""), PayloadKind::Other);
    }

    #[test]
    fn other_content_is_described_without_quoting_it() {
        assert_eq!(
            describe_other("https://example.com/login?token=abc"),
            "a web address"
        );
        assert_eq!(
            describe_other("WIFI:S:home;T:WPA;P:secret;;"),
            "Wi-Fi settings"
        );
        assert_eq!(describe_other("hello"), "plain text");
    }

    #[test]
    fn kinds_keep_their_names() {
        let kinds = [
            (PayloadKind::Account, "account"),
            (PayloadKind::MigrationBatch, "migration_batch"),
            (PayloadKind::Other, "other"),
        ];
        assert_names(&kinds, |k| k.as_str(), PayloadKind::COUNT);
    }
}
