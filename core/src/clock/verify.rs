//! Which time step a typed code belongs to, and so how far the clock that made it is off.
//!
//! Every candidate in the window is computed and compared in constant time, with no early exit,
//! so the time taken says nothing about which step (if any) matched.

use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use crate::otp::{self, OtpParams, OtpType};

/// Steps either side of now (TOTP, Steam) or counters ahead (HOTP) tried by default: at 30 s,
/// a clock up to 5 minutes off is found.
pub const DEFAULT_WINDOW: u32 = 10;
/// The widest window: 2 hours at 30 s. Each extra candidate is another chance that a wrong
/// code matches (1 in a million for 6 digits), so it stays bounded.
pub const MAX_WINDOW: u32 = 240;

/// Why a typed code could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// Nothing typed.
    #[error("the code is empty: type the code the app shows")]
    Empty,
    /// Not as many characters as the account's codes have.
    #[error("the code has {got} characters; this account's codes have {expected}")]
    WrongLength {
        /// The account's code length.
        expected: u8,
        /// What was typed (spaces and dashes not counted).
        got: usize,
    },
    /// A character codes of this kind never contain.
    #[error("character {position} of the code is not allowed: {hint}")]
    BadCharacter {
        /// 1-based position among the characters kept.
        position: usize,
        /// What the codes are made of.
        hint: &'static str,
    },
    /// A window above [`MAX_WINDOW`].
    #[error("window {window} is too wide: use at most 240 steps")]
    WindowTooWide {
        /// The refused window.
        window: u32,
    },
}

/// A typed code that matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyMatch {
    /// Steps from the step at `at` (TOTP, Steam: negative = earlier), or counters ahead of the
    /// stored one (HOTP).
    pub step_offset: i64,
    /// For time-based codes: what the clock that made the code read, minus `at`, in seconds,
    /// as an inclusive range (the code is valid for a whole step). Typing takes a few seconds,
    /// which moves the truth towards the upper end.
    pub clock_error_s: Option<(i64, i64)>,
}

/// Checks `typed` against the codes within `window` of `at` (Unix seconds). `Ok(None)` when no
/// candidate matched. Spaces and dashes are ignored; Steam codes are case-insensitive.
pub fn verify(
    params: &OtpParams,
    typed: &str,
    at: u64,
    window: u32,
) -> Result<Option<VerifyMatch>, VerifyError> {
    if window > MAX_WINDOW {
        return Err(VerifyError::WindowTooWide { window });
    }
    let typed = normalise(params, typed)?;
    let typed = typed.as_bytes();

    let mut found = Choice::from(0);
    let mut matched: i64 = 0;
    for offset in candidate_offsets(params.otp_type(), window) {
        let (candidate, valid) = candidate_code(params, at, offset);
        let equal = candidate.as_bytes().ct_eq(typed) & Choice::from(u8::from(valid));
        // Offsets come nearest-first, so the first match is the smallest clock error.
        let take = equal & !found;
        matched = i64::conditional_select(&matched, &offset, take);
        found |= equal;
    }
    if !bool::from(found) {
        return Ok(None);
    }
    Ok(Some(VerifyMatch {
        step_offset: matched,
        clock_error_s: clock_error(params, at, matched),
    }))
}

/// 0, -1, 1, -2, 2, ... for time-based codes; 0, 1, 2, ... for HOTP (counters only go forward).
fn candidate_offsets(kind: OtpType, window: u32) -> Vec<i64> {
    let window = i64::from(window);
    if kind.is_time_based() {
        std::iter::once(0)
            .chain((1..=window).flat_map(|k| [-k, k]))
            .collect()
    } else {
        (0..=window).collect()
    }
}

/// The code at `offset` steps or counters from `at`, and whether that step exists (a step
/// before 1970 or past the end of time is computed anyway, so every candidate costs the same).
fn candidate_code(params: &OtpParams, at: u64, offset: i64) -> (String, bool) {
    if params.otp_type().is_time_based() {
        let period = u64::from(params.period());
        let step = (at / period).checked_add_signed(offset);
        let time = step.and_then(|s| s.checked_mul(period));
        (otp::code(params, time.unwrap_or(0)).value, time.is_some())
    } else {
        let counter = params.counter().checked_add_signed(offset);
        let shifted = params.with_counter(counter.unwrap_or(0));
        (otp::code(&shifted, at).value, counter.is_some())
    }
}

fn clock_error(params: &OtpParams, at: u64, offset: i64) -> Option<(i64, i64)> {
    if !params.otp_type().is_time_based() {
        return None;
    }
    let period = i128::from(params.period());
    let at = i128::from(at);
    let start = (at / period + i128::from(offset)) * period;
    let low = i64::try_from(start - at).ok()?;
    let high = i64::try_from(start + period - 1 - at).ok()?;
    Some((low, high))
}

/// Drops spaces and dashes, upper-cases Steam codes, and checks length and alphabet.
fn normalise(params: &OtpParams, typed: &str) -> Result<String, VerifyError> {
    let kept: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| {
            if params.otp_type() == OtpType::Steam {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect();
    if kept.is_empty() {
        return Err(VerifyError::Empty);
    }
    let (allowed, hint): (fn(char) -> bool, &'static str) = match params.otp_type() {
        OtpType::Steam => (
            |c| "23456789BCDFGHJKMNPQRTVWXY".contains(c),
            "Steam codes use 2-9 and the letters BCDFGHJKMNPQRTVWXY",
        ),
        OtpType::Totp | OtpType::Hotp => (|c| c.is_ascii_digit(), "codes are digits 0-9"),
    };
    if let Some(position) = kept.chars().position(|c| !allowed(c)) {
        return Err(VerifyError::BadCharacter {
            position: position + 1,
            hint,
        });
    }
    let got = kept.chars().count();
    if got != usize::from(params.digits()) {
        return Err(VerifyError::WrongLength {
            expected: params.digits(),
            got,
        });
    }
    Ok(kept)
}
