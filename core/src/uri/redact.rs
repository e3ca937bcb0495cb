//! [`redact_uri`]: a URI's shape for logs and bug reports, never its content.
//!
//! Modelled on application-services' `redact_url`: keep what helps debugging (which scheme,
//! which type, how long) and replace everything a person or a secret could be in.

/// `otpauth://totp/<redacted> (83 bytes)` and the like. Only the known scheme and type words
/// are kept; anything else the input says is replaced.
pub fn redact_uri(uri: &str) -> String {
    let len = uri.len();
    let trimmed = uri.trim();
    let Some((scheme, rest)) = trimmed.split_once(':') else {
        return format!("<redacted: not a URI> ({len} bytes)");
    };
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme || scheme.len() > 32 {
        return format!("<redacted: not a URI> ({len} bytes)");
    }
    let scheme = scheme.to_ascii_lowercase();
    let shape = match scheme.as_str() {
        "otpauth" => {
            let kind = rest
                .strip_prefix("//")
                .and_then(|rest| rest.split(['/', '?', '#']).next())
                .map(str::to_ascii_lowercase);
            match kind.as_deref() {
                Some(kind @ ("totp" | "hotp" | "steam")) => format!("otpauth://{kind}/<redacted>"),
                _ => "otpauth:<redacted>".to_owned(),
            }
        }
        "otpauth-migration" => "otpauth-migration://<redacted>".to_owned(),
        _ => format!("{scheme}:<redacted>"),
    };
    format!("{shape} ({len} bytes)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_shape_and_drops_the_content() {
        let uri = "otpauth://TOTP/ACME:jane@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME";
        let redacted = redact_uri(uri);
        assert_eq!(
            redacted,
            format!("otpauth://totp/<redacted> ({} bytes)", uri.len())
        );
        assert_eq!(
            redact_uri("otpauth-migration://offline?data=CjEKCkhlbGxv"),
            "otpauth-migration://<redacted> (45 bytes)"
        );
        assert_eq!(
            redact_uri("otpauth://jane@example.com"),
            "otpauth:<redacted> (26 bytes)"
        );
        assert_eq!(
            redact_uri("https://x.test/?secret=A"),
            "https:<redacted> (24 bytes)"
        );
        assert_eq!(
            redact_uri("JBSWY3DPEHPK3PXP"),
            "<redacted: not a URI> (16 bytes)"
        );
        assert_eq!(
            redact_uri("jane doe:JBSWY3DP"),
            "<redacted: not a URI> (17 bytes)"
        );
    }
}
