//! URI parsing on the scan path: one otpauth URI (every camera frame that holds a code), a
//! 10-account Google export (one migration QR code), and formatting.
//! Run: `cargo bench -p otpkit-core --bench uri`.

use criterion::{criterion_group, criterion_main, Criterion};
use otpkit_core::otp::{Algorithm, OtpType};
use otpkit_core::secret::Secret;
use otpkit_core::uri::{self, migration, AccountDraft};
use std::hint::black_box;

const TEAMLEADER: &str = "otpauth://totp/Teamleader%20Focus:jane%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Teamleader%20Focus";
const MESSY: &str = "OTPAUTH://TOTP/Old%20Name:%20jane%40example.com?secret=gezd%20gnbv%20gy3t%20qojq%3D%3D&issuer=New+Name&algorithm=sha-256&digits=8&period=60&image=x";

fn export_of_ten() -> String {
    let drafts: Vec<_> = (0..10)
        .map(|i| AccountDraft {
            otp_type: OtpType::Totp,
            issuer: Some(format!("Service {i}")),
            label: format!("user{i}@example.com"),
            secret: Secret::from_bytes((0..20).map(|b| (i * 31 + b) as u8).collect()),
            algorithm: Some(Algorithm::Sha1),
            digits: Some(6),
            period: None,
            counter: None,
        })
        .collect();
    migration::encode(&drafts, 1, 10).expect("encodable")[0].to_string()
}

fn parsing(c: &mut Criterion) {
    let export = export_of_ten();
    c.bench_function("parse_otpauth_canonical", |b| {
        b.iter(|| uri::parse(black_box(TEAMLEADER)).unwrap())
    });
    c.bench_function("parse_otpauth_messy", |b| {
        b.iter(|| uri::parse(black_box(MESSY)).unwrap())
    });
    c.bench_function("parse_migration_10_accounts", |b| {
        b.iter(|| uri::parse(black_box(&export)).unwrap())
    });
    let draft = uri::parse(TEAMLEADER).unwrap().accounts.remove(0);
    c.bench_function("format_otpauth", |b| {
        b.iter(|| uri::format(black_box(&draft)))
    });
}

criterion_group!(benches, parsing);
criterion_main!(benches);
