//! OtpKit's UniFFI facade. Thin: each export converts arguments, calls `otpkit-core`, and maps
//! the result. The bindings issue fills it; for now it exposes the library version.

uniffi::setup_scaffolding!("otpkit");

/// The version of the OtpKit core the app is running.
#[uniffi::export]
pub fn otpkit_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
