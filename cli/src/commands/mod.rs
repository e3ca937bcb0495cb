//! One module per subcommand: its clap `Args` and its `run`.

pub mod add;
pub mod code;
pub mod codes;
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

use otpkit_core::otp::OtpParams;
use otpkit_core::uri;
use zeroize::Zeroizing;

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

/// The code parameters of the one account a URI argument holds (`code` and `verify` take one;
/// a migration export with several is refused, pointing to the commands that take them all).
pub fn one_account(arg: &str, command: &str) -> Result<OtpParams, CliError> {
    let text = uri_argument(arg)?;
    let parsed = uri::parse(&text)?;
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
