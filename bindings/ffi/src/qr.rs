//! QR codes from the camera: a `QrScanner` fed the luma (Y) plane of each frame finds the
//! codes in it. What a code holds may be a secret, so it stays in Rust: the app gets a
//! `ScannedCode` handle it can preview and hand to `Vault.addScanned`.

use std::sync::{Arc, Mutex, MutexGuard};

use otpkit_core::qr::{self, LumaFrame, PayloadKind, QrError, Rotation};
use otpkit_core::uri;
use zeroize::Zeroizing;

use crate::error::OtpKitError;
use crate::reason::{ErrorDetails, ErrorReason};
use crate::uri::{parsed_view, ParsedUri};

/// What a scanned code holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ScannedKind {
    /// An `otpauth://` URI: one account.
    Account,
    /// An `otpauth-migration://` URI: one QR code of a Google Authenticator export.
    ExportPart,
    /// Anything else: not an authenticator code.
    Other,
}

/// A point in the upright picture, in frame pixels.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct FramePoint {
    /// Pixels from the left.
    pub x: f32,
    /// Pixels from the top.
    pub y: f32,
}

/// One QR code found in a frame. Its content stays in Rust (it may hold a secret): preview it,
/// or add it with `Vault.addScanned`.
#[derive(uniffi::Object)]
pub struct ScannedCode {
    text: Zeroizing<String>,
    kind: ScannedKind,
    corners: Vec<FramePoint>,
}

impl std::fmt::Debug for ScannedCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScannedCode")
            .field("text", &"<redacted>")
            .field("kind", &self.kind)
            .finish()
    }
}

#[uniffi::export]
impl ScannedCode {
    /// What the code holds.
    pub fn kind(&self) -> ScannedKind {
        self.kind
    }

    /// Where the code is in the picture, for an overlay: its four corners, in order around it
    /// from the top left of the code as printed.
    pub fn corners(&self) -> Vec<FramePoint> {
        self.corners.clone()
    }

    /// The accounts the code holds, without their secrets (the "add this account?" screen).
    /// A code that is not an authenticator code is `InvalidInput` saying what it is.
    pub fn preview(&self) -> Result<ParsedUri, OtpKitError> {
        Ok(parsed_view(&uri::parse(&self.text)?))
    }
}

impl ScannedCode {
    /// The code's text, for the vault. Never leaves Rust.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }
}

/// Finds QR codes in camera frames. Keep one per camera session: it reuses its buffers from
/// frame to frame. Calls queue up if made from several threads. A picked image (screenshot,
/// photo) is decoded by the platform (Android `ImageDecoder`, iOS `CGImageSource`) and its luma
/// plane handed to `scan_luma` as a frame with rotation 0.
#[derive(uniffi::Object)]
pub struct QrScanner {
    inner: Mutex<qr::QrScanner>,
}

#[uniffi::export]
impl QrScanner {
    /// A scanner with empty buffers.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(QrScanner {
            inner: Mutex::new(qr::QrScanner::new()),
        })
    }

    /// The codes in one camera frame's luma plane: `width` x `height` pixels, rows
    /// `row_stride` bytes apart (CameraX `rowStride`, AVFoundation `bytesPerRow`), turned
    /// `rotation_degrees` clockwise from upright. An empty list when there is none.
    pub fn scan_luma(
        &self,
        luma: Vec<u8>,
        width: i32,
        height: i32,
        row_stride: i32,
        rotation_degrees: i32,
    ) -> Result<Vec<Arc<ScannedCode>>, OtpKitError> {
        let size = |value: i32, what: &str, argument: &str| {
            usize::try_from(value).map_err(|_| {
                OtpKitError::invalid_argument(
                    argument,
                    Some(value.into()),
                    format!("{what} {value} is negative: pass the camera plane's real {what}"),
                )
            })
        };
        let rotation = u32::try_from(rotation_degrees)
            .map_err(|_| QrError::BadRotation { degrees: 360 })
            .and_then(Rotation::from_degrees)
            .map_err(|_| {
                OtpKitError::new(
                    ErrorReason::FrameRotationInvalid,
                    ErrorDetails::default().value(rotation_degrees),
                    format!("rotation {rotation_degrees} is not 0, 90, 180 or 270 degrees"),
                )
            })?;
        let frame = LumaFrame {
            data: &luma,
            width: size(width, "width", "width")?,
            height: size(height, "height", "height")?,
            stride: size(row_stride, "row stride", "rowStride")?,
            rotation,
        };
        let found = self.lock().scan_luma(frame)?;
        Ok(found.into_iter().map(scanned).collect())
    }
}

impl QrScanner {
    fn lock(&self) -> MutexGuard<'_, qr::QrScanner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn scanned(found: qr::Found) -> Arc<ScannedCode> {
    Arc::new(ScannedCode {
        kind: match found.kind {
            PayloadKind::Account => ScannedKind::Account,
            PayloadKind::MigrationBatch => ScannedKind::ExportPart,
            PayloadKind::Other => ScannedKind::Other,
        },
        corners: found
            .points
            .iter()
            .map(|&(x, y)| FramePoint { x, y })
            .collect(),
        text: found.text,
    })
}
