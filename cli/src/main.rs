//! `otpkit`: OtpKit's command-line companion.
#![forbid(unsafe_code)]

fn main() {}
