//! The luma plane a camera hands over, checked before any pixel is read.

use super::QrError;

/// Largest frame or image accepted: 64 megapixels (a 12 MP phone photo is well under it); the
/// scanner's buffers are sized from the frame, so this bounds its memory.
pub const MAX_PIXELS: usize = 64 * 1024 * 1024;

/// How far the frame is turned from upright, clockwise, as the camera reports it. Decoding does
/// not need it (QR codes read at any angle); it maps the corners the scanner reports back to the
/// upright picture the user sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rotation {
    /// Upright.
    #[default]
    Deg0,
    /// Turned 90 degrees clockwise.
    Deg90,
    /// Upside down.
    Deg180,
    /// Turned 270 degrees clockwise.
    Deg270,
}

impl Rotation {
    /// The rotation for `degrees` (0, 90, 180 or 270), as CameraX's `rotationDegrees` gives it.
    pub fn from_degrees(degrees: u32) -> Result<Rotation, QrError> {
        match degrees {
            0 => Ok(Rotation::Deg0),
            90 => Ok(Rotation::Deg90),
            180 => Ok(Rotation::Deg180),
            270 => Ok(Rotation::Deg270),
            _ => Err(QrError::BadRotation { degrees }),
        }
    }

    /// Maps a point of a `width` x `height` frame to the upright picture.
    pub(crate) fn upright(self, (x, y): (f32, f32), width: usize, height: usize) -> (f32, f32) {
        let (w, h) = (width as f32, height as f32);
        match self {
            Rotation::Deg0 => (x, y),
            Rotation::Deg90 => (h - y, x),
            Rotation::Deg180 => (w - x, h - y),
            Rotation::Deg270 => (y, w - x),
        }
    }
}

/// A camera's luma (Y) plane, borrowed: one byte per pixel, rows `stride` bytes apart.
#[derive(Debug, Clone, Copy)]
pub struct LumaFrame<'a> {
    /// The pixels; at least `(height - 1) * stride + width` bytes.
    pub data: &'a [u8],
    /// Pixels per row.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Bytes from one row to the next (CameraX `rowStride`, AVFoundation `bytesPerRow`).
    pub stride: usize,
    /// How the frame is turned from upright.
    pub rotation: Rotation,
}

impl<'a> LumaFrame<'a> {
    /// An upright frame whose rows are packed (`stride == width`).
    pub fn packed(data: &'a [u8], width: usize, height: usize) -> Self {
        LumaFrame {
            data,
            width,
            height,
            stride: width,
            rotation: Rotation::Deg0,
        }
    }

    /// Checks the geometry against the buffer, so that no later read can go out of bounds.
    pub fn validate(&self) -> Result<(), QrError> {
        let (width, height, stride) = (self.width, self.height, self.stride);
        if width == 0 || height == 0 {
            return Err(QrError::ZeroSize { width, height });
        }
        if stride < width {
            return Err(QrError::StrideBelowWidth { stride, width });
        }
        if width.saturating_mul(height) > MAX_PIXELS {
            return Err(QrError::TooLarge {
                width,
                height,
                max: MAX_PIXELS,
            });
        }
        // The last row needs only `width` bytes: Android planes often end right after it.
        let needed = (height - 1) * stride + width;
        if self.data.len() < needed {
            return Err(QrError::BufferTooSmall {
                needed,
                got: self.data.len(),
            });
        }
        Ok(())
    }

    /// Row `y` (requires a validated frame).
    pub(crate) fn row(&self, y: usize) -> &'a [u8] {
        &self.data[y * self.stride..y * self.stride + self.width]
    }
}
