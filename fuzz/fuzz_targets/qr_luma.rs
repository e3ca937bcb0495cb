//! QR decoding of camera luma planes of random sizes, strides and rotations: never a panic (a
//! decoder panic must become "no code"), only a typed error for a
//! geometry that does not match the buffer, and found codes inside the frame. One scanner is
//! kept across inputs, as an app keeps it across camera frames, so reusing its scratch buffers
//! for frames of other sizes is fuzzed too.
//!
//! Input: width (u16), height (u16), a stride byte (high bit: narrower than the width, an error
//! case; else that many bytes of padding), a flags byte (low two bits: rotation; high bit: repeat
//! the pixels to fill the frame, so that decoding is reached), then the pixels.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use otpkit_core::qr::{LumaFrame, QrScanner, Rotation};

/// Larger frames only slow the search down; the size limits are tested in the unit tests.
const MAX_SIDE: usize = 640;
const MAX_BYTES: usize = 1 << 20;

thread_local! {
    static SCANNER: RefCell<QrScanner> = RefCell::new(QrScanner::new());
}

fuzz_target!(|data: &[u8]| {
    let Some((head, pixels)) = data.split_first_chunk::<6>() else {
        return;
    };
    let width = usize::from(u16::from_le_bytes([head[0], head[1]])) % (MAX_SIDE + 1);
    let height = usize::from(u16::from_le_bytes([head[2], head[3]])) % (MAX_SIDE + 1);
    let stride = if head[4] & 0x80 != 0 {
        width.saturating_sub(usize::from(head[4] & 0x7f))
    } else {
        width + usize::from(head[4])
    };
    let rotation = [
        Rotation::Deg0,
        Rotation::Deg90,
        Rotation::Deg180,
        Rotation::Deg270,
    ][usize::from(head[5] & 3)];
    let mut buffer = pixels.to_vec();
    let needed = height.saturating_sub(1) * stride + width;
    if head[5] & 0x80 != 0 && !pixels.is_empty() && needed <= MAX_BYTES {
        buffer = pixels.iter().copied().cycle().take(needed).collect();
    }
    let frame = LumaFrame {
        data: &buffer,
        width,
        height,
        stride,
        rotation,
    };
    let valid = frame.validate().is_ok();
    SCANNER.with(|scanner| match scanner.borrow_mut().scan_luma(frame) {
        Ok(found) => {
            assert!(valid, "a frame that fails validation was scanned");
            for code in &found {
                let _ = code.parse();
            }
        }
        Err(_) => assert!(!valid, "a valid frame gave an error"),
    });
});
