//! Every input a fuzz target crashed on (kept in fuzz/regressions/TARGET/), replayed with the
//! target's own checks, plus the limits the fixes introduced. See SECURITY.md for the runs.

use crate::support;

use otpkit_core::base32;
use otpkit_core::otp::OtpType;
use otpkit_core::secret::Secret;
use otpkit_core::uri::{self, AccountDraft, MAX_NAME_LEN, MAX_SECRET_BYTES, MAX_URI_LEN};

fn regressions(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = support::core_dir().join("../fuzz/regressions").join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    inputs
}

/// fuzz/fuzz_targets/uri_parse.rs's checks.
fn check_uri(text: &str) {
    let _ = uri::redact_uri(text);
    if let Ok(parsed) = uri::parse(text) {
        for draft in &parsed.accounts {
            assert!(draft.params().is_ok());
            if parsed.batch.is_none() {
                let again = uri::parse(&uri::format(draft)).expect("formatted URI reads back");
                assert_eq!(&again.accounts[0], draft);
            }
        }
    }
}

#[test]
fn uri_parse_crashes_stay_fixed() {
    for (name, bytes) in regressions("uri_parse") {
        let text = String::from_utf8(bytes).expect(&name);
        check_uri(&text);
    }
}

#[test]
fn base32_crashes_stay_fixed() {
    for (name, bytes) in regressions("base32") {
        let text = std::str::from_utf8(&bytes).expect(&name);
        if let Ok((decoded, _)) = base32::decode(text) {
            if decoded.is_empty() {
                continue; // one lone character: no whole byte, refused by the callers
            }
            let (again, cleanup) = base32::decode(&base32::encode(&decoded)).unwrap();
            assert_eq!(again.as_slice(), decoded.as_slice(), "{name}");
            assert!(cleanup.is_clean(), "{name}");
        }
    }
}

/// The largest account a URI may carry (names of 4-byte characters, each percent-encoded to 12
/// bytes, the issuer written twice) formats under MAX_URI_LEN and reads back.
#[test]
fn the_largest_accepted_account_formats_to_a_uri_that_reads_back() {
    let draft = AccountDraft {
        otp_type: OtpType::Hotp,
        issuer: Some("\u{1D11E}".repeat(MAX_NAME_LEN / 4)),
        label: "\u{1D11E}".repeat(MAX_NAME_LEN / 4),
        secret: Secret::from_bytes(vec![0xA5; MAX_SECRET_BYTES]),
        algorithm: Some(otpkit_core::otp::Algorithm::Sha512),
        digits: Some(8),
        period: None,
        counter: Some(u64::MAX),
    };
    let text = uri::format(&draft);
    assert!(text.len() <= MAX_URI_LEN, "{} bytes", text.len());
    assert_eq!(uri::parse(&text).unwrap().accounts[0], draft);
}

#[test]
fn names_and_secrets_over_the_limits_are_refused_with_their_kind() {
    let long_name = "A".repeat(MAX_NAME_LEN + 1);
    let long_secret = Secret::from_bytes(vec![1; MAX_SECRET_BYTES + 1]).to_base32();
    let cases = [
        (
            format!("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&issuer={long_name}"),
            "name_too_long",
        ),
        (
            format!("otpauth://totp/{long_name}?secret=JBSWY3DPEHPK3PXP"),
            "name_too_long",
        ),
        (
            format!("otpauth://totp/x?secret={}", long_secret.as_str()),
            "secret_too_long",
        ),
    ];
    for (text, kind) in cases {
        let err = uri::parse(&text).unwrap_err();
        assert_eq!(err.kind(), kind, "{err}");
        assert!(!err.to_string().contains("AAAAAAAA"), "{err}");
    }
    // At the limit, accepted.
    let at_limit = format!(
        "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&issuer={}",
        &long_name[1..]
    );
    check_uri(&at_limit);
    assert!(uri::parse(&at_limit).is_ok());
}
