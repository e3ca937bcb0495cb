//! The vault with 1,000 accounts. Targets: open with the platform key at most 5 ms;
//! a save including fsync at most 15 ms; unlock with the default passphrase KDF (Argon2id,
//! 128 MiB, t = 6, p = 1) between 0.3 and 1.5 s; one refresh of every code under 0.5 ms. Run: `cargo bench -p otpkit-core --bench vault`.
//! The vault lives in a temporary folder on the disk (`$TMPDIR`), so the fsyncs are real.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use otpkit_core::otp::{Algorithm, OtpType};
use otpkit_core::secret::Secret;
use otpkit_core::uri::AccountDraft;
use otpkit_core::vault::import::{ImportBatch, ImportEntry};
use otpkit_core::vault::{AccountExtras, AccountId, KdfParams, NewSlot, RawKey, Unlock, Vault};

const PASS: &[u8] = b"benchmark passphrase";

/// A heavy user's list: mostly SHA1 TOTP with 20-byte keys, some SHA256 / 8 digits, some HOTP
/// and Steam; issuers, email labels, a few groups and notes.
fn batch(count: usize) -> ImportBatch {
    let entries = (0..count)
        .map(|i| {
            let mut key: Vec<u8> = (0..20).map(|b| (i * 31 + b * 7) as u8).collect();
            key[..4].copy_from_slice(&(i as u32).to_le_bytes()); // unique per account
            let otp_type = match i % 20 {
                0 => OtpType::Steam,
                1 => OtpType::Hotp,
                _ => OtpType::Totp,
            };
            ImportEntry {
                draft: AccountDraft {
                    otp_type,
                    issuer: Some(format!("Service number {i}")),
                    label: format!("user.name+{i}@example.com"),
                    secret: Secret::from_bytes(key),
                    algorithm: (i % 10 == 2).then_some(Algorithm::Sha256),
                    digits: (i % 10 == 2).then_some(8),
                    period: None,
                    counter: (otp_type == OtpType::Hotp).then_some(i as u64),
                },
                extras: AccountExtras {
                    group: (i % 7 == 0).then(|| "Work".to_string()),
                    note: (i % 13 == 0).then(|| "backup codes in the safe".to_string()),
                },
                warnings: Vec::new(),
            }
        })
        .collect();
    ImportBatch {
        entries,
        rejected: Vec::new(),
    }
}

fn vault_1000(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(std::env::temp_dir()).expect("temporary folder");
    let path = dir.path().join("vault");
    let key = RawKey::new([7; 32]);
    let mut vault = Vault::create(&path, NewSlot::KeyStore(&key)).expect("create");
    vault
        .set_passphrase(PASS, KdfParams::DEFAULT)
        .expect("passphrase slot");
    let report = vault.import(batch(1000), 1_764_000_000).expect("import");
    assert_eq!(report.added.len(), 1000);
    println!(
        "vault file: {} bytes",
        std::fs::metadata(&path).expect("metadata").len()
    );

    c.bench_function("vault_open_platform_key_1000", |b| {
        b.iter(|| Vault::open(black_box(&path), Unlock::KeyStore(&key)).expect("open"))
    });

    // One screen refresh through the vault: every account's code (HOTP codes are only shown on
    // request, after their counter is saved). Target for the list: under 0.5 ms.
    c.bench_function("vault_codes_1000", |b| {
        b.iter(|| vault.codes(black_box(1_764_000_000)))
    });

    let mut flip = false;
    c.bench_function("vault_save_with_fsync_1000", |b| {
        b.iter(|| {
            flip = !flip;
            let label = if flip { "renamed a" } else { "renamed b" };
            vault.rename(AccountId(500), label).expect("save")
        })
    });

    let mut group = c.benchmark_group("vault_unlock_default_kdf");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("argon2id_128mib_t6_p1_1000", |b| {
        b.iter(|| Vault::open(black_box(&path), Unlock::Passphrase(PASS)).expect("open"))
    });
    group.finish();
}

/// Importing 40,000 accounts into an empty vault, each checked for duplicates against the vault
/// and the entries before it (a hash index: a quadratic scan took 25 s), then one
/// save of the 40,000-account file.
fn import_40000(c: &mut Criterion) {
    let key = RawKey::new([7; 32]);
    let entries = batch(40_000);
    let mut group = c.benchmark_group("vault_import");
    group.sample_size(10);
    group.bench_function("import_40000_into_empty", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir_in(std::env::temp_dir()).expect("temporary folder");
                let vault = Vault::create(dir.path().join("vault"), NewSlot::KeyStore(&key))
                    .expect("create");
                (dir, vault, entries.clone())
            },
            |(_dir, mut vault, entries)| {
                let report = vault.import(entries, 1_764_000_000).expect("import");
                assert_eq!(report.added.len(), 40_000);
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, vault_1000, import_40000);
criterion_main!(benches);
