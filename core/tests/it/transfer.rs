//! Moving accounts to another phone by QR code, end to end: our encoder (Google's export format,
//! packed by size) -> our QR matrix -> a luma picture -> our scanner -> the batch tracker -> the
//! same accounts, every field that decides the codes.

use otpkit_core::otp::{Algorithm, OtpType};
use otpkit_core::qr::transfer::{new_batch_id, transfer_codes, TransferCode, TRANSFER_URI_BUDGET};
use otpkit_core::qr::{BatchTracker, LumaFrame, QrScanner, MAX_BATCH_SIZE, MAX_QR_BYTES};
use otpkit_core::secret::Secret;
use otpkit_core::uri::migration::EncodeError;
use otpkit_core::uri::{self, AccountDraft};
use proptest::prelude::*;

fn draft(issuer: Option<&str>, label: &str, secret: &[u8]) -> AccountDraft {
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

/// What decides an account's codes and names, as the other phone will have it.
fn fields(
    d: &AccountDraft,
) -> (
    OtpType,
    Option<String>,
    String,
    Vec<u8>,
    Algorithm,
    u8,
    u32,
    u64,
) {
    (
        d.otp_type,
        d.issuer.clone(),
        d.label.clone(),
        d.secret.expose_bytes().to_vec(),
        d.algorithm(),
        d.digits(),
        d.period(),
        d.counter(),
    )
}

/// The code's picture (4 pixels a module, with its quiet zone) in the middle of a light frame
/// twice as wide, as a camera sees a code on a screen. (The scanner misses some pictures whose
/// 4-module quiet zone reaches the frame's edge: no camera frame is cropped that tightly.)
fn camera_frame(code: &TransferCode) -> (Vec<u8>, usize) {
    let (luma, side) = code.matrix.to_luma(4);
    let (frame_side, offset) = (side * 2, side / 2);
    let mut frame = vec![255u8; frame_side * frame_side];
    for (y, row) in luma.chunks_exact(side).enumerate() {
        let start = (y + offset) * frame_side + offset;
        frame[start..start + side].copy_from_slice(row);
    }
    (frame, frame_side)
}

/// Scans each code's picture, in `order`, into one tracker, and gives the accounts of the
/// complete batch in part order.
fn scan_back(codes: &[TransferCode], order: &[usize]) -> Vec<AccountDraft> {
    let mut scanner = QrScanner::new();
    let mut tracker = BatchTracker::new();
    for &i in order {
        let (luma, side) = camera_frame(&codes[i]);
        let found = scanner
            .scan_luma(LumaFrame::packed(&luma, side, side))
            .unwrap();
        assert_eq!(found.len(), 1, "code {i} was not read");
        let info = found[0].batch.expect("a migration code");
        tracker.record(info, &found[0].text).unwrap();
    }
    let batch_id = codes[0].batch_id;
    let parts = tracker.take_complete(batch_id).expect("every part seen");
    parts
        .iter()
        .flat_map(|uri| uri::parse(uri).unwrap().accounts)
        .collect()
}

fn sample() -> Vec<AccountDraft> {
    vec![
        draft(Some("GitHub"), "ada@example.com", b"12345678901234567890"),
        AccountDraft {
            otp_type: OtpType::Hotp,
            counter: Some(42),
            ..draft(None, "bob", b"0123456789")
        },
        AccountDraft {
            algorithm: Some(Algorithm::Sha512),
            digits: Some(8),
            ..draft(
                Some("Bank"),
                "carol",
                b"1234567890123456789012345678901234567890123456789012345678901234",
            )
        },
        draft(Some("Ünïcødé 日本"), "a:b", b"0123456789abcdef"),
    ]
}

#[test]
fn accounts_come_back_whole_through_the_picture_and_the_scanner() {
    let accounts = sample();
    let codes = transfer_codes(&accounts, 4242).unwrap();
    assert!(codes.iter().all(|c| c.batch_id == 4242));
    let back = scan_back(&codes, &(0..codes.len()).rev().collect::<Vec<_>>());
    assert_eq!(
        back.iter().map(fields).collect::<Vec<_>>(),
        accounts.iter().map(fields).collect::<Vec<_>>()
    );
}

#[test]
fn forty_accounts_make_several_codes_each_within_the_budget_and_read_back_in_any_order() {
    let accounts: Vec<_> = (0..40)
        .map(|i| {
            draft(
                Some("ACME Corporation"),
                &format!("user{i}@example.com"),
                format!("secret-key-{i:09}").as_bytes(),
            )
        })
        .collect();
    let codes = transfer_codes(&accounts, new_batch_id()).unwrap();
    let count = codes.len();
    assert!((8..=14).contains(&count), "{count} codes");
    for (i, code) in codes.iter().enumerate() {
        assert_eq!((code.index as usize, code.count as usize), (i, count));
        assert!(
            code.uri.len() <= TRANSFER_URI_BUDGET,
            "code {i}: {}",
            code.uri.len()
        );
        // Version 13 at most: 69 modules, 77 with the quiet zone, in an 80-column terminal.
        assert!(code.matrix.size() <= 69, "code {i}: {}", code.matrix.size());
        // Packed full: each code but the last has no room for the next account.
        assert!(
            code.accounts >= 3 || i == count - 1,
            "code {i} holds {}",
            code.accounts
        );
    }
    assert_eq!(codes.iter().map(|c| c.accounts).sum::<usize>(), 40);
    // Every second part first, then the rest, with repeats: the camera sees them as it may.
    let mut order: Vec<usize> = (0..count).step_by(2).chain((1..count).step_by(2)).collect();
    order.extend([0, count - 1]);
    let back = scan_back(&codes, &order);
    assert_eq!(
        back.iter().map(fields).collect::<Vec<_>>(),
        accounts.iter().map(fields).collect::<Vec<_>>()
    );
}

#[test]
fn an_account_too_long_for_the_budget_gets_a_bigger_code_of_its_own() {
    let mut accounts = sample();
    accounts.insert(1, draft(Some("Long"), &"x".repeat(600), b"0123456789"));
    let codes = transfer_codes(&accounts, 7).unwrap();
    let alone = codes
        .iter()
        .find(|c| c.uri.len() > TRANSFER_URI_BUDGET)
        .unwrap();
    assert_eq!(alone.accounts, 1);
    assert!(alone.matrix.size() > 69);
    let back = scan_back(&codes, &(0..codes.len()).collect::<Vec<_>>());
    assert_eq!(back.len(), accounts.len());
    assert_eq!(back[1].label, "x".repeat(600));
}

#[test]
fn an_account_no_qr_code_holds_is_refused_by_its_index() {
    let mut accounts = sample();
    accounts.push(draft(
        Some(&"i".repeat(1024)),
        &"l".repeat(1024),
        &[7; 1024],
    ));
    match transfer_codes(&accounts, 7).unwrap_err() {
        EncodeError::AccountTooLarge { index, len, max } => {
            assert_eq!((index, max), (4, MAX_QR_BYTES));
            assert!(len > MAX_QR_BYTES, "{len}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn more_codes_than_an_import_tracks_are_refused_and_nothing_is_lost_silently() {
    // Accounts of about 400 bytes of URI: one per code.
    let accounts: Vec<_> = (0..=MAX_BATCH_SIZE)
        .map(|i| draft(None, &format!("{i}{}", "y".repeat(280)), b"0123456789"))
        .collect();
    assert_eq!(
        transfer_codes(&accounts, 1).unwrap_err(),
        EncodeError::TooManyBatches {
            parts: MAX_BATCH_SIZE + 1,
            max: MAX_BATCH_SIZE
        }
    );
    assert_eq!(
        transfer_codes(&accounts[1..], 1).unwrap().len(),
        MAX_BATCH_SIZE as usize
    );
    let steam = AccountDraft {
        otp_type: OtpType::Steam,
        ..draft(None, "gaben", b"0123456789")
    };
    assert!(matches!(
        transfer_codes(&[sample().remove(0), steam], 1).unwrap_err(),
        EncodeError::Unsupported { index: 1, .. }
    ));
    assert_eq!(
        transfer_codes(&[], 1).unwrap_err(),
        EncodeError::NothingToEncode
    );
}

#[test]
fn a_code_never_shows_its_secret_and_batch_ids_differ_and_are_not_negative() {
    let codes = transfer_codes(&sample(), 9).unwrap();
    let shown = format!("{codes:?}");
    assert!(
        shown.contains("<redacted>") && !shown.contains("data="),
        "{shown}"
    );
    let ids: std::collections::BTreeSet<i32> = (0..20).map(|_| new_batch_id()).collect();
    assert!(ids.len() > 15, "{ids:?}");
    assert!(ids.iter().all(|&id| id >= 0));
}

fn any_account() -> impl Strategy<Value = AccountDraft> {
    (
        prop_oneof![Just(OtpType::Totp), Just(OtpType::Hotp)],
        proptest::option::of("[A-Za-z0-9 .é日-]{1,20}"),
        "[A-Za-z0-9@.:_ -]{0,30}",
        proptest::collection::vec(any::<u8>(), 10..=64),
        prop_oneof![
            Just(Algorithm::Sha1),
            Just(Algorithm::Sha256),
            Just(Algorithm::Sha512)
        ],
        prop_oneof![Just(6u8), Just(8u8)],
        0u64..=i64::MAX as u64,
    )
        .prop_map(
            |(otp_type, issuer, label, secret, algorithm, digits, counter)| AccountDraft {
                otp_type,
                issuer: issuer
                    .map(|i| i.trim().to_owned())
                    .filter(|i| !i.is_empty()),
                label: label.trim().to_owned(),
                secret: Secret::from_bytes(secret),
                algorithm: Some(algorithm),
                digits: Some(digits),
                period: None,
                counter: (otp_type == OtpType::Hotp).then_some(counter),
            },
        )
        .prop_filter("a name the parser takes back unchanged", |d| {
            uri::check(d).is_ok()
                && !d.label.starts_with(':')
                && d.issuer.as_deref().is_none_or(|i| !i.contains(':'))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any set of accounts the format carries comes back field for field, through pictures.
    #[test]
    fn any_accounts_come_back_through_pictures(accounts in proptest::collection::vec(any_account(), 1..12)) {
        let codes = transfer_codes(&accounts, new_batch_id()).unwrap();
        let back = scan_back(&codes, &(0..codes.len()).rev().collect::<Vec<_>>());
        prop_assert_eq!(
            back.iter().map(fields).collect::<Vec<_>>(),
            accounts.iter().map(fields).collect::<Vec<_>>()
        );
    }
}
