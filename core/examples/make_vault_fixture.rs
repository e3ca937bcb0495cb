//! Wrote `tests/fixtures/vault/format1-schema1.otpkit` once: a vault of container format 1 and
//! content schema 1 that every later build must still open (see `tests/it/vault.rs` and the CLI's
//! golden files). Its salt and nonces are random, so a rerun writes a different file: do not
//! regenerate it; add a new fixture for a new format instead.
//! Run: `cargo run -p otpkit-core --example make_vault_fixture -- PATH`.

use otpkit_core::otp::{Algorithm, OtpType};
use otpkit_core::secret::Secret;
use otpkit_core::uri::AccountDraft;
use otpkit_core::vault::{AccountExtras, KdfParams, NewSlot, RawKey, Vault};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: make_vault_fixture PATH");
    let params = KdfParams::new(64, 1, 1).expect("cheap parameters for a test fixture");
    let mut vault =
        Vault::create(&path, NewSlot::Passphrase(b"fixture passphrase", params)).expect("create");
    vault
        .set_platform_key(&RawKey::new([0x42; 32]))
        .expect("platform slot");
    let draft = |otp_type, issuer: &str, label: &str, secret: &[u8]| AccountDraft {
        otp_type,
        issuer: Some(issuer.into()),
        label: label.into(),
        secret: Secret::from_bytes(secret.to_vec()),
        algorithm: None,
        digits: None,
        period: None,
        counter: (otp_type == OtpType::Hotp).then_some(5),
    };
    vault
        .add_with(
            &draft(
                OtpType::Totp,
                "ACME",
                "jane@example.com",
                b"12345678901234567890",
            ),
            AccountExtras {
                group: Some("Work".into()),
                note: Some("fixture".into()),
            },
            1_700_000_000,
        )
        .expect("add");
    let mut sha256 = draft(
        OtpType::Totp,
        "Cloud",
        "ops",
        b"12345678901234567890123456789012",
    );
    sha256.algorithm = Some(Algorithm::Sha256);
    sha256.digits = Some(8);
    vault.add(&sha256, 1_700_000_100).expect("add");
    vault
        .add(
            &draft(OtpType::Hotp, "Bank", "carol", b"fixture-hotp-secret!"),
            1_700_000_200,
        )
        .expect("add");
    vault
        .add(
            &draft(OtpType::Steam, "Steam", "gamer", b"fixture-steam-secret"),
            1_700_000_300,
        )
        .expect("add");
}
