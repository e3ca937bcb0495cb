//! The CLI's integration tests, one module per concern, in one test binary: each binary links
//! the whole core (the QR decoder, the key derivations), so one binary builds and links once.
//! Every module runs the real `otpkit` binary.

mod bad_inputs;
mod code_scripting;
mod completions;
mod crash_safety;
mod drift_verify;
mod golden;
mod hostile;
mod messages;
mod secret_hygiene;
mod support;
mod transfer_qr;
mod vault_commands;
mod vault_races;
