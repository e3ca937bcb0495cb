//! One module per subcommand: its clap `Args` and its `run`.

pub mod add;
pub mod code;
pub mod codes;
pub mod completions;
pub mod drift;
pub mod export;
pub mod import;
pub mod list;
pub mod parse;
pub mod passwd;
pub mod remove;
pub mod rename;
pub mod scan;
pub mod verify;
pub mod watch;

use std::io::Read;

use otpkit_core::otp::{self, Algorithm, OtpParams, OtpType};
use otpkit_core::secret::Secret;
use otpkit_core::uri::{self, UriError};
use zeroize::Zeroizing;

use crate::args::ValueError;
use crate::error::CliError;

/// Longest URI read from standard input; real ones are well under 4 KiB (migration exports with
/// many accounts are split by Google into several QR codes).
const MAX_STDIN_URI: usize = 64 * 1024;

/// The URI argument: as given, or read from standard input when it is `-` (which keeps the secret
/// out of shell history and the process list).
pub fn uri_argument(arg: &str) -> Result<Zeroizing<String>, CliError> {
    if arg != "-" {
        return Ok(Zeroizing::new(arg.to_owned()));
    }
    let unreadable = |reason: String| {
        CliError::refused(
            "unreadable_input",
            format!("cannot read the URI from standard input: {reason}"),
        )
    };
    // One byte over the limit tells a URI that is too long from one that fits. Reads into a
    // buffer this large also bypass stdin's own 8 KiB buffer (std reads straight into a
    // destination larger than it), so the URI is only ever in ours.
    let bytes = read_once(std::io::stdin().lock(), MAX_STDIN_URI + 1)
        .map_err(|err| unreadable(err.to_string()))?;
    if bytes.len() > MAX_STDIN_URI {
        return Err(CliError::refused(
            "uri_too_long",
            format!("the URI on standard input is longer than {MAX_STDIN_URI} bytes"),
        ));
    }
    let text =
        std::str::from_utf8(&bytes).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
    Ok(Zeroizing::new(text.trim().to_owned()))
}

/// Reads at most `capacity` bytes into a buffer allocated once at that size and wiped on drop:
/// a buffer that grows as it reads would leave copies of what it held (a secret) in the memory
/// it gave back.
pub fn read_once(mut reader: impl Read, capacity: usize) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let mut buffer = Zeroizing::new(vec![0; capacity]);
    let mut filled = 0;
    while filled < capacity {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    // Shortening keeps the allocation, which `Zeroizing` wipes whole on drop.
    buffer.truncate(filled);
    Ok(buffer)
}

/// The shortest bare secret taken: 80 bits, the least services use (RFC 4226 asks for 128).
const MIN_BARE_SECRET_BITS: usize = 80;

/// The code parameters `code` and `verify` take beside their URI or secret argument.
#[derive(Debug, clap::Args)]
pub struct CodeOptions {
    /// HOTP: use this counter (a URI's is replaced; a bare secret becomes an HOTP account).
    #[arg(long, value_name = "N")]
    pub counter: Option<u64>,
    /// Bare secret only: code length [default: 6].
    #[arg(long, value_name = "N", value_parser = digits)]
    pub digits: Option<u8>,
    /// Bare secret only (TOTP): seconds per code [default: 30].
    #[arg(long, value_name = "SECONDS", value_parser = period, conflicts_with = "counter")]
    pub period: Option<u32>,
    /// Bare secret only: the HMAC hash [default: sha1].
    #[arg(long, value_name = "NAME", value_parser = algorithm)]
    pub algorithm: Option<Algorithm>,
}

/// The code parameters of the one account an argument names: an otpauth URI (`code` and
/// `verify` take one; a migration export with several is refused, pointing to the commands
/// that take them all), or a bare base32 secret as `oathtool -b` takes it, with `options`.
pub fn one_account(arg: &str, options: &CodeOptions, command: &str) -> Result<OtpParams, CliError> {
    let text = uri_argument(arg)?;
    // A URI has a scheme; base32 has no colon.
    if !text.contains(':') {
        return bare_secret(&text, options);
    }
    if let Some(flag) = [
        options.digits.map(|_| "--digits"),
        options.period.map(|_| "--period"),
        options.algorithm.map(|_| "--algorithm"),
    ]
    .into_iter()
    .flatten()
    .next()
    {
        return Err(CliError::refused(
            "option_for_secret",
            format!("{flag} applies to a bare secret; a URI says it itself"),
        )
        .with_hint("drop the flag, or change the URI's parameter"));
    }
    let params = uri_account(&text, command)?;
    match options.counter {
        None => Ok(params),
        Some(counter) if params.otp_type() == OtpType::Hotp => Ok(params.with_counter(counter)),
        Some(_) => Err(CliError::refused(
            "counter_not_hotp",
            format!(
                "--counter applies to hotp accounts; this one is {}",
                params.otp_type().as_str()
            ),
        )
        .with_hint("use --at to pick the instant of a time-based code")),
    }
}

/// A bare secret: TOTP (SHA1, 6 digits, 30 s unless `options` say otherwise), or HOTP at
/// `--counter`. oathtool defaults to HOTP; nearly every service uses TOTP.
fn bare_secret(text: &str, options: &CodeOptions) -> Result<OtpParams, CliError> {
    let (secret, _cleanup) = Secret::from_base32(text).map_err(UriError::from)?;
    // Base32 is lenient (any case, spaces): a word typed by mistake decodes too. No service's
    // secret is that short.
    if secret.bits() < MIN_BARE_SECRET_BITS {
        return Err(CliError::refused(
            "secret_too_short",
            format!(
                "the secret holds {} bits, fewer than any service's ({MIN_BARE_SECRET_BITS} bits, 16 base32 characters): is it the whole secret, or a mistyped argument?",
                secret.bits()
            ),
        )
        .with_hint("an otpauth:// URI takes a shorter secret as it is"));
    }
    let algorithm = options.algorithm.unwrap_or(otp::DEFAULT_ALGORITHM);
    let digits = options.digits.unwrap_or(otp::DEFAULT_DIGITS);
    Ok(match options.counter {
        Some(counter) => OtpParams::hotp(secret, algorithm, digits, counter)?,
        None => OtpParams::totp(
            secret,
            algorithm,
            digits,
            options.period.unwrap_or(otp::DEFAULT_PERIOD),
        )?,
    })
}

/// Parses `--digits`: 6, 7 or 8, as RFC 4226 allows.
fn digits(text: &str) -> Result<u8, ValueError> {
    text.parse()
        .ok()
        .filter(|digits| otp::DIGITS_RANGE.contains(digits))
        .ok_or(ValueError("use 6, 7 or 8"))
}

/// Parses `--period`: whole seconds, at least 1.
fn period(text: &str) -> Result<u32, ValueError> {
    text.parse()
        .ok()
        .filter(|seconds| *seconds > 0)
        .ok_or(ValueError(
            "whole seconds, 1 or more (30 is the usual value)",
        ))
}

/// Parses `--algorithm`: sha1, sha256 or sha512 (any case, as in URIs).
fn algorithm(text: &str) -> Result<Algorithm, ValueError> {
    Algorithm::from_name(text).ok_or(ValueError("use sha1, sha256 or sha512"))
}

fn uri_account(text: &str, command: &str) -> Result<OtpParams, CliError> {
    let parsed = uri::parse(text)?;
    let [draft] = parsed.accounts.as_slice() else {
        return Err(CliError::refused(
            "several_accounts",
            format!(
                "this URI holds {} accounts; `{command}` takes one",
                parsed.accounts.len()
            ),
        )
        .with_hint(
            "list them with `otpkit parse`, or add them all to the vault with `otpkit add`",
        ));
    };
    Ok(draft.params()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives at most `chunk` bytes per read, and an interruption before each.
    struct Trickle<'a> {
        data: &'a [u8],
        chunk: usize,
        interrupt: bool,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.interrupt = !self.interrupt;
            if self.interrupt {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let n = buf.len().min(self.chunk).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn read_once_fills_the_one_buffer_it_allocated_and_stops_at_its_end() {
        let data: Vec<u8> = (0..=255).cycle().take(1000).collect();
        for (capacity, expected) in [(2000, &data[..]), (1000, &data[..]), (999, &data[..999])] {
            let reader = Trickle {
                data: &data,
                chunk: 7,
                interrupt: false,
            };
            let read = read_once(reader, capacity).unwrap();
            assert_eq!(&read[..], expected, "{capacity}");
            // Never grown: the allocation made up front is the one that holds the bytes.
            assert_eq!(read.capacity(), capacity);
        }
    }

    #[test]
    fn read_once_passes_on_a_read_error() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::PermissionDenied.into())
            }
        }
        let err = read_once(Broken, 10).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::PermissionDenied);
    }
}
