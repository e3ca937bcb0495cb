//! Google Authenticator export (`otpauth-migration://offline?data=`): payloads built with prost
//! here, decoded by the parser; drafts encoded and decoded back; one public export string.
//!
//! Codes use the RFC 6238 appendix B keys at T = 59 s and RFC 4226 appendix D (counter 5).

use base64::Engine as _;
use otpkit_core::otp::{self, Algorithm, OtpType};
use otpkit_core::secret::Secret;
use otpkit_core::uri::migration::proto::{
    MigrationAlgorithm, MigrationDigits, MigrationPayload, MigrationType, OtpParameters,
};
use otpkit_core::uri::migration::{self, EncodeError, Unsupported, MAX_PAYLOAD_BYTES};
use otpkit_core::uri::{self, AccountDraft, BatchInfo, MAX_URI_LEN};
use prost::Message as _;

const AT: u64 = 59;
const RFC_SHA1: &[u8] = b"12345678901234567890";
const RFC_SHA256: &[u8] = b"12345678901234567890123456789012";

/// The URI Google Authenticator would show for `payload`.
fn uri_for(payload: &MigrationPayload) -> String {
    let data = base64::engine::general_purpose::STANDARD.encode(payload.encode_to_vec());
    let escaped = data
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    format!("otpauth-migration://offline?data={escaped}")
}

fn account(name: &str, issuer: &str, secret: &[u8]) -> OtpParameters {
    OtpParameters {
        secret: secret.to_vec(),
        name: name.into(),
        issuer: issuer.into(),
        algorithm: MigrationAlgorithm::Sha1 as i32,
        digits: MigrationDigits::Six as i32,
        r#type: MigrationType::Totp as i32,
        counter: 0,
    }
}

fn kinds(parsed: &uri::Parsed) -> Vec<(Option<usize>, &'static str)> {
    parsed
        .warnings
        .iter()
        .map(|w| (w.account, w.kind()))
        .collect()
}

fn code(draft: &AccountDraft) -> String {
    otp::code(&draft.params().unwrap(), AT).value
}

/// From the README of digitalduke/otpauth-migration-decoder (also used by GAuthDecrypt's and
/// other decoders' tests). Hand-decoded: one OtpParameters with secret "Hello!" DE AD BE EF
/// (base32 JBSWY3DPEHPK3PXP), name "Example:alice@google.com", issuer "Example", type 2 (TOTP),
/// no algorithm, digits, version or batch fields.
#[test]
fn public_example_export_decodes_to_its_one_account() {
    let parsed = uri::parse(
        "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC",
    )
    .unwrap();
    assert_eq!(parsed.accounts.len(), 1);
    let draft = &parsed.accounts[0];
    assert_eq!(draft.otp_type, OtpType::Totp);
    assert_eq!(draft.issuer.as_deref(), Some("Example"));
    assert_eq!(draft.label, "alice@google.com");
    assert_eq!(draft.secret.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
    assert_eq!(
        (draft.algorithm, draft.digits, draft.period, draft.counter),
        (None, None, None, None)
    );
    assert_eq!(
        kinds(&parsed),
        [
            (Some(0), "algorithm_assumed"),
            (Some(0), "digits_assumed"),
            (Some(0), "period_assumed"),
            (Some(0), "weak_secret"),
        ]
    );
    assert_eq!(
        parsed.batch,
        Some(BatchInfo {
            batch_id: 0,
            index: 0,
            size: 0,
            version: 0
        })
    );
}

#[test]
fn several_accounts_with_hotp_counter_and_sha256_eight_digits() {
    let payload = MigrationPayload {
        otp_parameters: vec![
            account("ACME:jane@example.com", "ACME", RFC_SHA1),
            OtpParameters {
                r#type: MigrationType::Hotp as i32,
                counter: 5,
                ..account("bob", "", RFC_SHA1)
            },
            OtpParameters {
                algorithm: MigrationAlgorithm::Sha256 as i32,
                digits: MigrationDigits::Eight as i32,
                ..account("carol", "Bank", RFC_SHA256)
            },
        ],
        version: 1,
        batch_size: 1,
        batch_index: 0,
        batch_id: 12345,
    };
    let parsed = uri::parse(&uri_for(&payload)).unwrap();
    assert!(parsed.rejected.is_empty());
    let [jane, bob, carol] = parsed.accounts.as_slice() else {
        panic!("expected 3 accounts, got {}", parsed.accounts.len());
    };

    assert_eq!(
        (jane.issuer.as_deref(), jane.label.as_str()),
        (Some("ACME"), "jane@example.com")
    );
    assert_eq!(
        (jane.algorithm, jane.digits),
        (Some(Algorithm::Sha1), Some(6))
    );
    assert_eq!(code(jane), "287082");

    assert_eq!(
        (bob.otp_type, bob.counter, bob.period),
        (OtpType::Hotp, Some(5), None)
    );
    assert_eq!((bob.issuer.as_deref(), bob.label.as_str()), (None, "bob"));
    assert_eq!(code(bob), "254676");

    assert_eq!(carol.issuer.as_deref(), Some("Bank"));
    assert_eq!(
        (carol.algorithm, carol.digits),
        (Some(Algorithm::Sha256), Some(8))
    );
    assert_eq!(code(carol), "46119246");

    // No period in the format: one warning per time-based account, none for HOTP.
    assert_eq!(
        kinds(&parsed),
        [(Some(0), "period_assumed"), (Some(2), "period_assumed")]
    );
    assert_eq!(
        parsed.batch,
        Some(BatchInfo {
            batch_id: 12345,
            index: 0,
            size: 1,
            version: 1
        })
    );
}

fn draft(label: &str, issuer: Option<&str>, secret: &[u8]) -> AccountDraft {
    AccountDraft {
        otp_type: OtpType::Totp,
        issuer: issuer.map(str::to_owned),
        label: label.to_owned(),
        secret: Secret::from_bytes(secret.to_vec()),
        algorithm: Some(Algorithm::Sha1),
        digits: Some(6),
        period: None,
        counter: None,
    }
}

fn sample_drafts() -> Vec<AccountDraft> {
    vec![
        draft("jane@example.com", Some("ACME"), RFC_SHA1),
        AccountDraft {
            otp_type: OtpType::Hotp,
            counter: Some(42),
            ..draft("bob", None, RFC_SHA1)
        },
        AccountDraft {
            algorithm: Some(Algorithm::Sha256),
            digits: Some(8),
            ..draft("carol", Some("Bank"), RFC_SHA256)
        },
        AccountDraft {
            algorithm: None,
            digits: None,
            ..draft("a:b", Some("Colon Co"), b"0123456789abcdef")
        },
        AccountDraft {
            algorithm: Some(Algorithm::Sha512),
            ..draft("", Some("Nameless"), b"0123456789")
        },
    ]
}

#[test]
fn two_batches_share_an_id_and_say_their_place() {
    let drafts = sample_drafts();
    let uris = migration::encode(&drafts[..3], 777, 2).unwrap();
    assert_eq!(uris.len(), 2);
    let mut decoded = Vec::new();
    for (index, uri) in uris.iter().enumerate() {
        let parsed = uri::parse(uri).unwrap();
        assert_eq!(
            parsed.batch,
            Some(BatchInfo {
                batch_id: 777,
                index: index as u32,
                size: 2,
                version: migration::PAYLOAD_VERSION
            })
        );
        decoded.extend(parsed.accounts);
    }
    assert_eq!(decoded, drafts[..3]);
}

#[test]
fn encode_then_decode_round_trips_every_field_it_can_carry() {
    let drafts = sample_drafts();
    let uris = migration::encode(&drafts, -5, 10).unwrap();
    assert_eq!(uris.len(), 1);
    let parsed = uri::parse(&uris[0]).unwrap();
    assert_eq!(parsed.accounts, drafts);
    assert_eq!(parsed.batch.unwrap().batch_id, -5);
    // Unset algorithm and digits stay unset, with the assumption stated.
    let for_account_3: Vec<_> = kinds(&parsed)
        .into_iter()
        .filter(|(account, _)| *account == Some(3))
        .map(|(_, kind)| kind)
        .collect();
    assert_eq!(
        for_account_3,
        ["algorithm_assumed", "digits_assumed", "period_assumed"]
    );
}

#[test]
fn large_exports_are_split_and_every_part_reads_back_in_order() {
    let drafts: Vec<_> = (0..25)
        .map(|i| draft(&format!("user{i}@example.com"), Some("ACME"), RFC_SHA1))
        .collect();
    let uris = migration::encode(&drafts, 1, 10).unwrap();
    assert_eq!(uris.len(), 3);
    let mut decoded = Vec::new();
    for uri in &uris {
        assert!(uri.len() <= MAX_URI_LEN);
        let parsed = uri::parse(uri).unwrap();
        assert_eq!(parsed.batch.unwrap().size, 3);
        decoded.extend(parsed.accounts);
    }
    assert_eq!(decoded, drafts);
}

#[test]
fn an_md5_account_is_rejected_alone_and_named() {
    let payload = MigrationPayload {
        otp_parameters: vec![
            OtpParameters {
                algorithm: MigrationAlgorithm::Md5 as i32,
                ..account("old@example.com", "Legacy", RFC_SHA1)
            },
            account("jane", "ACME", RFC_SHA1),
        ],
        ..Default::default()
    };
    let parsed = uri::parse(&uri_for(&payload)).unwrap();
    assert_eq!(parsed.accounts.len(), 1);
    assert_eq!(parsed.accounts[0].label, "jane");
    assert_eq!(parsed.rejected.len(), 1);
    let rejected = &parsed.rejected[0];
    assert_eq!(rejected.position, 0);
    assert_eq!(rejected.name, "Legacy: old@example.com");
    assert_eq!(rejected.error.kind(), "unknown_algorithm");
    // Warnings point at the accepted account's index, not its place in the export.
    assert_eq!(kinds(&parsed), [(Some(0), "period_assumed")]);

    let only_md5 = MigrationPayload {
        otp_parameters: vec![payload.otp_parameters[0].clone()],
        ..Default::default()
    };
    let error = uri::parse(&uri_for(&only_md5)).unwrap_err();
    assert_eq!(error.kind(), "unknown_algorithm");
}

#[test]
fn malformed_accounts_are_rejected_with_their_reason() {
    let cases = [
        (
            OtpParameters {
                r#type: MigrationType::Hotp as i32,
                counter: -1,
                ..account("a", "", RFC_SHA1)
            },
            "invalid_number",
        ),
        (
            OtpParameters {
                digits: 3,
                ..account("a", "", RFC_SHA1)
            },
            "unknown_migration_value",
        ),
        (
            OtpParameters {
                r#type: 9,
                ..account("a", "", RFC_SHA1)
            },
            "unknown_migration_value",
        ),
        (account("a", "", b""), "empty_secret"),
        (account("a\u{0}b", "", RFC_SHA1), "control_character"),
    ];
    for (params, kind) in cases {
        let payload = MigrationPayload {
            otp_parameters: vec![params, account("ok", "", RFC_SHA1)],
            ..Default::default()
        };
        let parsed = uri::parse(&uri_for(&payload)).unwrap();
        assert_eq!(parsed.accounts.len(), 1, "{kind}");
        assert_eq!(parsed.rejected[0].error.kind(), kind);
        assert!(!parsed.rejected[0].name.contains('\u{0}'));
    }
}

#[test]
fn unspecified_type_is_read_as_totp_with_a_warning() {
    let payload = MigrationPayload {
        otp_parameters: vec![OtpParameters {
            r#type: MigrationType::Unspecified as i32,
            ..account("a", "", RFC_SHA1)
        }],
        ..Default::default()
    };
    let parsed = uri::parse(&uri_for(&payload)).unwrap();
    assert_eq!(parsed.accounts[0].otp_type, OtpType::Totp);
    assert!(kinds(&parsed).contains(&(Some(0), "type_assumed")));
}

#[test]
fn url_safe_and_unpadded_data_are_read_with_warnings() {
    // Secret bytes chosen so that the base64 holds '+' or '/' and needs padding.
    let payload = MigrationPayload {
        otp_parameters: vec![account(
            "jane",
            "ACME",
            &[0xfb, 0xff, 0xbf, 0xfe, 0xfa, 0x01],
        )],
        ..Default::default()
    };
    let standard = base64::engine::general_purpose::STANDARD.encode(payload.encode_to_vec());
    assert!(standard.contains(['+', '/']) && standard.ends_with('='));
    let url_safe = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload.encode_to_vec());
    let parsed = uri::parse(&format!("otpauth-migration://offline?data={url_safe}")).unwrap();
    assert_eq!(parsed.accounts.len(), 1);
    assert_eq!(
        parsed.accounts[0].secret.expose_bytes(),
        [0xfb, 0xff, 0xbf, 0xfe, 0xfa, 0x01]
    );
    let whole: Vec<_> = kinds(&parsed)
        .into_iter()
        .filter(|(account, _)| account.is_none())
        .map(|(_, kind)| kind)
        .collect();
    assert_eq!(whole, ["base64_url_safe", "base64_padding"]);

    // A raw '+' (not percent-encoded) is base64, never a space.
    let raw = format!("otpauth-migration://offline?data={standard}");
    assert_eq!(uri::parse(&raw).unwrap().accounts.len(), 1);
}

#[test]
fn inconsistent_batch_information_is_refused() {
    let payload = MigrationPayload {
        otp_parameters: vec![account("a", "", RFC_SHA1)],
        batch_size: 2,
        batch_index: 2,
        ..Default::default()
    };
    assert_eq!(
        uri::parse(&uri_for(&payload)).unwrap_err().kind(),
        "invalid_batch"
    );
}

#[test]
fn oversized_payloads_are_refused_before_decoding() {
    let bytes = vec![0u8; MAX_PAYLOAD_BYTES + 1];
    assert_eq!(
        migration::decode_payload(&bytes).unwrap_err().kind(),
        "payload_too_large"
    );
}

#[test]
fn accounts_the_format_cannot_carry_are_refused_by_index() {
    let good = draft("jane", Some("ACME"), RFC_SHA1);
    let cases = [
        (
            AccountDraft {
                period: Some(60),
                ..good.clone()
            },
            Unsupported::Period(60),
        ),
        (
            AccountDraft {
                digits: Some(7),
                ..good.clone()
            },
            Unsupported::Digits(7),
        ),
        (
            AccountDraft {
                otp_type: OtpType::Steam,
                digits: None,
                ..good.clone()
            },
            Unsupported::Steam,
        ),
        (
            AccountDraft {
                otp_type: OtpType::Hotp,
                counter: Some(u64::MAX),
                ..good.clone()
            },
            Unsupported::Counter(u64::MAX),
        ),
    ];
    for (bad, reason) in cases {
        let error = migration::encode(&[good.clone(), bad], 1, 10).unwrap_err();
        assert_eq!(error, EncodeError::Unsupported { index: 1, reason });
        assert!(error
            .to_string()
            .starts_with("account 2 cannot be exported"));
        assert!(error.kind().starts_with("unsupported_"));
    }
    assert_eq!(
        migration::encode(&[], 1, 10).unwrap_err(),
        EncodeError::NothingToEncode
    );
    assert_eq!(
        migration::encode(&[good], 1, 0).unwrap_err(),
        EncodeError::ZeroBatchLimit
    );
}

#[test]
fn an_explicit_thirty_second_period_is_carried_but_comes_back_unset() {
    let written = AccountDraft {
        period: Some(30),
        ..draft("jane", Some("ACME"), RFC_SHA1)
    };
    let uris = migration::encode(std::slice::from_ref(&written), 1, 10).unwrap();
    let parsed = uri::parse(&uris[0]).unwrap();
    assert_eq!(parsed.accounts[0].period, None);
    assert_eq!(parsed.accounts[0].period(), 30);
}

#[test]
fn a_batch_too_large_for_one_uri_is_refused() {
    let long_label = "x".repeat(MAX_URI_LEN / 4);
    let drafts: Vec<_> = (0..4).map(|_| draft(&long_label, None, RFC_SHA1)).collect();
    let error = migration::encode(&drafts, 1, 4).unwrap_err();
    assert!(matches!(
        error,
        EncodeError::PayloadTooLarge { batch_index: 0, .. }
    ));
    assert_eq!(migration::encode(&drafts, 1, 1).unwrap().len(), 4);
}
