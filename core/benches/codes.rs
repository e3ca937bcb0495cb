//! One screen refresh: the current and next code of a 1,000-account list.
//! Target: under 0.5 ms on the reference machine. Run: `cargo bench -p otpkit-core --bench codes`.

use criterion::{criterion_group, criterion_main, Criterion};
use otpkit_core::otp::{self, Algorithm, OtpParams};
use otpkit_core::secret::Secret;

/// A list like a heavy user's: mostly SHA1 with 20-byte keys, some SHA256/SHA512, some 8 digits,
/// a few Steam and HOTP accounts.
fn accounts(count: usize) -> Vec<OtpParams> {
    (0..count)
        .map(|i| {
            let key: Vec<u8> = (0..20).map(|b| (i * 31 + b * 7) as u8).collect();
            let secret = Secret::from_bytes(key);
            match i % 20 {
                0 => OtpParams::steam(secret),
                1 => OtpParams::hotp(secret, Algorithm::Sha1, 6, i as u64),
                2 | 3 => OtpParams::totp(secret, Algorithm::Sha256, 8, 30),
                4 => OtpParams::totp(secret, Algorithm::Sha512, 6, 60),
                _ => OtpParams::totp(secret, Algorithm::Sha1, 6, 30),
            }
            .expect("valid parameters")
        })
        .collect()
}

fn refresh(c: &mut Criterion) {
    let list = accounts(1000);
    c.bench_function("codes_1000_accounts", |b| {
        b.iter(|| {
            list.iter()
                .map(|params| otp::code(params, std::hint::black_box(1_764_000_000)))
                .collect::<Vec<_>>()
        })
    });
}

criterion_group!(benches, refresh);
criterion_main!(benches);
