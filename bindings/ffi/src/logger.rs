//! The app's log as a foreign trait. Core reports events through the `log` facade (refused
//! time-server answers, a clock correction dropped); [`set_logger`] forwards OtpKit's records
//! to the app's [`Logger`], and adds a panic hook so that a panic (which uniffi turns into an
//! exception) leaves a line too. Nothing logged carries a secret, a passphrase or an account
//! name: servers as configured, numbers, and core's error texts, which never hold one either.

use std::panic::{self, PanicHookInfo};
use std::sync::{Arc, Once, RwLock};

/// How serious a log line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LogLevel {
    /// Something failed that should not have (a panic).
    Error,
    /// Something went wrong that OtpKit worked around (a time server's answer refused).
    Warn,
    /// A notable event (a clock check's outcome, a correction dropped).
    Info,
    /// Detail for debugging.
    Debug,
}

/// Why the app's logger failed; anything it throws arrives as this and is ignored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum LoggerError {
    /// What the app's logger threw.
    #[error("the logger failed: {reason}")]
    Failed {
        /// Its text.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for LoggerError {
    fn from(err: uniffi::UnexpectedUniFFICallbackError) -> Self {
        LoggerError::Failed { reason: err.reason }
    }
}

/// The app's log (Android `Log`, iOS `Logger`). Called from any thread, also while a panic is
/// being reported: keep it quick, and never call OtpKit from it.
#[uniffi::export(with_foreign)]
pub trait Logger: Send + Sync {
    /// Writes one line. An error thrown here is ignored (it cannot be logged).
    fn log(&self, level: LogLevel, message: String) -> Result<(), LoggerError>;
}

static SINK: RwLock<Option<Arc<dyn Logger>>> = RwLock::new(None);
static INSTALL: Once = Once::new();

/// Sends OtpKit's log lines to `logger` from now on (replacing any logger set before).
#[uniffi::export]
pub fn set_logger(logger: Arc<dyn Logger>) {
    *SINK
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(logger);
    INSTALL.call_once(|| {
        // Fails only if the process already has a `log` logger (not ours to replace).
        if log::set_logger(&Forward).is_ok() {
            log::set_max_level(log::LevelFilter::Debug);
        }
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            write(LogLevel::Error, &panic_line(info));
            previous(info);
        }));
    });
}

/// One line for a panic: where, and the message only when it is a literal in the code (a
/// formatted message may hold runtime data, so it is left out).
fn panic_line(info: &PanicHookInfo<'_>) -> String {
    let place = info.location().map_or_else(
        || "an unknown place".to_owned(),
        |at| format!("{}:{}", at.file(), at.line()),
    );
    match info.payload().downcast_ref::<&'static str>() {
        Some(message) => format!("panic at {place}: {message}"),
        None => format!("panic at {place} (message not logged)"),
    }
}

fn write(level: LogLevel, message: &str) {
    let sink = SINK
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone();
    if let Some(sink) = sink {
        // Nothing to do if the app's logger fails: there is nowhere else to report it.
        let _ = sink.log(level, message.to_owned());
    }
}

/// The `log` facade's logger: OtpKit's own records only (other crates' are not ours to pass on).
struct Forward;

impl log::Log for Forward {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("otpkit")
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let level = match record.level() {
            log::Level::Error => LogLevel::Error,
            log::Level::Warn => LogLevel::Warn,
            log::Level::Info => LogLevel::Info,
            log::Level::Debug | log::Level::Trace => LogLevel::Debug,
        };
        write(level, &format!("{}: {}", record.target(), record.args()));
    }

    fn flush(&self) {}
}

#[cfg(test)]
mod tests {
    use std::net::UdpSocket;
    use std::sync::Mutex;

    use super::*;

    #[derive(Default)]
    struct Lines(Mutex<Vec<(LogLevel, String)>>);

    impl Logger for Lines {
        fn log(&self, level: LogLevel, message: String) -> Result<(), LoggerError> {
            self.0.lock().unwrap().push((level, message));
            Ok(())
        }
    }

    impl Lines {
        fn find(&self, part: &str) -> Option<(LogLevel, String)> {
            let lines = self.0.lock().unwrap();
            lines.iter().find(|(_, line)| line.contains(part)).cloned()
        }
    }

    /// An SNTP server on loopback that answers once with leap indicator 3 ("my clock is not
    /// synchronised"), which the client must refuse.
    fn unsynchronised_server() -> (String, std::thread::JoinHandle<()>) {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        let address = socket.local_addr().unwrap().to_string();
        let thread = std::thread::spawn(move || {
            let mut request = [0u8; 48];
            let Ok((len, from)) = socket.recv_from(&mut request) else {
                return;
            };
            assert_eq!(len, 48);
            let mut reply = [0u8; 48];
            reply[0] = (3 << 6) | (4 << 3) | 4; // leap 3, version 4, mode 4 (server)
            reply[1] = 2; // stratum
            reply[24..32].copy_from_slice(&request[40..48]); // origin = the client's transmit
            reply[32..40].copy_from_slice(&request[40..48]); // receive
            reply[40..48].copy_from_slice(&request[40..48]); // transmit
            socket.send_to(&reply, from).unwrap();
        });
        (address, thread)
    }

    struct SystemClock;
    impl crate::WallClock for SystemClock {
        fn now_unix_millis(&self) -> i64 {
            i64::try_from(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_millis(),
            )
            .unwrap()
        }
        fn millis_since_boot(&self) -> i64 {
            1_000
        }
    }

    /// One test, because the logger is global to the process.
    #[test]
    fn refused_server_answers_and_panics_reach_the_apps_logger() {
        let lines = Arc::new(Lines::default());
        set_logger(lines.clone());

        let (server, thread) = unsynchronised_server();
        let checker = crate::ClockChecker::new(vec![server.clone()], 2_000).unwrap();
        let check = checker.check(crate::CheckTrigger::Manual, Arc::new(SystemClock));
        crate::worker::run(check);
        thread.join().unwrap();
        let (level, line) = lines
            .find(&format!("time server {server}"))
            .expect("no line");
        assert_eq!(level, LogLevel::Warn);
        assert!(line.contains("not synchronised"), "{line}");
        assert!(line.starts_with("otpkit_core::clock::checker: "), "{line}");
        assert!(lines.find("clock check: Unknown").is_some());

        let secret = "JBSWY3DPEHPK3PXP".to_owned();
        let _ = panic::catch_unwind(|| panic!("a literal message"));
        let _ = panic::catch_unwind(|| panic!("formatted with {secret}"));
        let (level, literal) = lines.find("a literal message").expect("no panic line");
        assert_eq!(level, LogLevel::Error);
        assert!(
            literal.starts_with("panic at bindings/ffi/src/logger.rs:"),
            "{literal}"
        );
        assert!(lines.find("(message not logged)").is_some());
        assert!(lines.find(&secret).is_none());
    }
}
