//! Core's integration tests, one binary (each file a module) so that rxing, argon2 and the rest
//! are linked once. Run one file's tests with a filter: `cargo test -p otpkit-core --test it
//! vault::` (scripts/mutants.sh maps core files to such filters). Proptest keeps its regressions in
//! core/tests/proptest-regressions/ (it looks beside the directory holding main.rs).

#[path = "../support/mod.rs"]
mod support;

mod clock_drift;
mod clock_verify;
mod fuzz_regressions;
mod hostile_clock;
mod hostile_import;
mod hostile_vault;
mod import;
mod import_apps;
mod key_rotation;
mod migration;
mod otp_params;
mod qr;
mod rfc_vectors;
mod transfer;
mod uri_props;
mod uri_table;
mod vault;
mod zeroizing;
