//! Every type and return value that holds key material wipes it on drop: checked at the type
//! level (each must implement `ZeroizeOnDrop`), which is what can be tested soundly. Peeking at
//! freed memory would need unsafe code and would test the allocator, not us.

use otpkit_core::base32;
use otpkit_core::otp::OtpType;
use otpkit_core::secret::Secret;
use otpkit_core::uri::{self, migration, AccountDraft};
use otpkit_core::vault::{KeyStore, RawKey};
use zeroize::ZeroizeOnDrop;

fn zeroizes_on_drop<T: ZeroizeOnDrop>(_: &T) {}

fn draft() -> AccountDraft {
    AccountDraft {
        otp_type: OtpType::Totp,
        issuer: Some("ACME".into()),
        label: "alice".into(),
        secret: Secret::from_bytes(b"12345678901234567890".to_vec()),
        algorithm: None,
        digits: None,
        period: None,
        counter: None,
    }
}

#[test]
fn secrets_and_their_text_forms_zeroize_on_drop() {
    let draft = draft();
    zeroizes_on_drop(&draft.secret);
    zeroizes_on_drop(&draft.secret.to_base32());
    zeroizes_on_drop(&base32::decode("GEZDGNBVGY3TQOJQ").unwrap().0);
    zeroizes_on_drop(&base32::encode(b"12345678901234567890"));
    // A formatted URI and an export carry the secret: both wipe themselves.
    zeroizes_on_drop(&uri::format(&draft));
    for part in migration::encode(std::slice::from_ref(&draft), 1, 10).unwrap() {
        zeroizes_on_drop(&part);
    }
}

#[test]
fn keys_zeroize_on_drop() {
    let key = RawKey::new([7; 32]);
    zeroizes_on_drop(&key);
    let wrapped = key.wrap("k", &[1; 32]).unwrap();
    // What a keystore unwraps is the vault's master key.
    let unwrapped = key.unwrap("k", &wrapped).unwrap();
    zeroizes_on_drop(&unwrapped);
    assert_eq!(unwrapped.as_slice(), &[1; 32]);
}
