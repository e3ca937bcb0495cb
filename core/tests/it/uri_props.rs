//! Properties: formatting then parsing gives the same account; no input panics the parsers.

use base64::Engine as _;
use otpkit_core::otp::{Algorithm, OtpType};
use otpkit_core::secret::Secret;
use otpkit_core::uri::{self, migration, AccountDraft};
use proptest::prelude::*;

/// Names as a person or service writes them: any text a name may hold (no control, line
/// separator or text-direction character: `uri::is_unsafe_char`) without surrounding
/// whitespace (which the parser trims, with a warning).
fn name() -> impl Strategy<Value = String> {
    "\\PC{0,24}".prop_filter("a name may hold it, untrimmed", |s| {
        s.trim() == s && !s.chars().any(otpkit_core::uri::is_unsafe_char)
    })
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha512)
    ]
}

fn draft() -> impl Strategy<Value = AccountDraft> {
    let kind = prop_oneof![
        Just(OtpType::Totp),
        Just(OtpType::Hotp),
        Just(OtpType::Steam)
    ];
    (
        kind,
        proptest::option::of(name().prop_filter("non-empty", |s| !s.is_empty())),
        name(),
        proptest::collection::vec(any::<u8>(), 1..64),
        proptest::option::of(algorithm()),
        proptest::option::of(6u8..=8),
        proptest::option::of(1u32..),
        any::<u64>(),
    )
        .prop_filter_map(
            "a TOTP account named Steam reads back as Steam",
            |(otp_type, issuer, label, secret, algorithm, digits, period, counter)| {
                let steam_named = issuer
                    .as_deref()
                    .is_some_and(|i| i.eq_ignore_ascii_case("steam"));
                if otp_type == OtpType::Totp && steam_named {
                    return None;
                }
                let draft = AccountDraft {
                    otp_type,
                    issuer,
                    label,
                    secret: Secret::from_bytes(secret),
                    algorithm: match otp_type {
                        OtpType::Steam => algorithm.map(|_| Algorithm::Sha1),
                        _ => algorithm,
                    },
                    digits: match otp_type {
                        OtpType::Steam => digits.map(|_| 5),
                        _ => digits,
                    },
                    period: period.filter(|_| otp_type.is_time_based()),
                    counter: (otp_type == OtpType::Hotp).then_some(counter),
                };
                Some(draft)
            },
        )
}

/// Drafts Google's export can carry unchanged.
fn encodable_draft() -> impl Strategy<Value = AccountDraft> {
    draft().prop_map(|mut draft| {
        if draft.otp_type == OtpType::Steam {
            draft.otp_type = OtpType::Totp;
            draft.digits = None;
            draft.algorithm = None;
        }
        if draft.digits == Some(7) {
            draft.digits = Some(8);
        }
        draft.period = None;
        if let Some(counter) = draft.counter.as_mut() {
            *counter >>= 1;
        }
        draft
    })
}

proptest! {
    #[test]
    fn format_then_parse_gives_the_same_account(draft in draft()) {
        let formatted = uri::format(&draft);
        let parsed = uri::parse(&formatted).map_err(|e| {
            TestCaseError::fail(format!("{e} for {}", uri::redact_uri(&formatted)))
        })?;
        prop_assert_eq!(parsed.accounts.len(), 1);
        prop_assert_eq!(&parsed.accounts[0], &draft);
        // The canonical form needs no normalisation: at most the weak-key notice.
        prop_assert!(parsed.warnings.iter().all(|w| w.kind() == "weak_secret"));
        prop_assert_eq!(uri::format(&parsed.accounts[0]), formatted);
    }

    #[test]
    fn redacted_uris_keep_no_secret_or_name(draft in draft()) {
        let formatted = uri::format(&draft);
        let redacted = uri::redact_uri(&formatted);
        prop_assert!(!redacted.contains(draft.secret.to_base32().as_str()));
        if draft.label.chars().count() > 3 {
            prop_assert!(!redacted.contains(&draft.label));
        }
    }

    #[test]
    fn migration_encode_then_decode_gives_the_same_accounts(
        drafts in proptest::collection::vec(encodable_draft(), 1..12),
        batch_id in any::<i32>(),
        per_payload in 1usize..5,
    ) {
        let uris = migration::encode(&drafts, batch_id, per_payload)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut decoded = Vec::new();
        for (index, uri) in uris.iter().enumerate() {
            let parsed = uri::parse(uri).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let batch = parsed.batch.unwrap();
            prop_assert_eq!(batch.batch_id, batch_id);
            prop_assert_eq!(batch.index as usize, index);
            prop_assert_eq!(batch.size as usize, uris.len());
            decoded.extend(parsed.accounts);
        }
        prop_assert_eq!(decoded, drafts);
    }

    #[test]
    fn no_string_panics_the_parser(input in any::<String>()) {
        let _ = uri::parse(&input);
        let _ = uri::redact_uri(&input);
    }

    #[test]
    fn no_otpauth_string_panics_the_parser(rest in any::<String>()) {
        let _ = uri::parse(&format!("otpauth://{rest}"));
        let _ = uri::parse(&format!("otpauth-migration://offline?data={rest}"));
    }

    #[test]
    fn no_near_miss_otpauth_uri_panics_the_parser(
        kind in "(totp|hotp|steam|TOTP|x)",
        label in "[%:A-Za-z0-9 +@.\u{e9}-]{0,12}",
        params in proptest::collection::vec(
            ("(secret|issuer|digits|period|counter|algorithm|encoder|image|SECRET)",
             "[%=A-Za-z0-9 +/.:-]{0,20}"),
            0..6,
        ),
        fragment in proptest::option::of("[#A-Za-z]{0,4}"),
    ) {
        let query: Vec<_> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut text = format!("otpauth://{kind}/{label}?{}", query.join("&"));
        if let Some(fragment) = fragment {
            text.push('#');
            text.push_str(&fragment);
        }
        if let Ok(parsed) = uri::parse(&text) {
            // Whatever was accepted can be used and written back.
            let draft = &parsed.accounts[0];
            prop_assert!(draft.params().is_ok());
            let again = uri::parse(&uri::format(draft)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&again.accounts[0], draft);
        }
    }

    #[test]
    fn no_bytes_panic_the_migration_decoder(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = migration::decode_payload(&bytes);
        let data = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        let _ = uri::parse(&format!("otpauth-migration://offline?data={data}"));
    }
}
