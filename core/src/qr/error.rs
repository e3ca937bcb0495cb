//! Why a frame or an image could not be scanned. Names the problem and the fix; never carries
//! the payload (it may hold a secret).

/// A frame or image the scanner refused. "No code in the picture" is not an error: the scan
/// returns an empty list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// Width or height is zero.
    #[error(
        "the frame is empty ({width}x{height}); pass the camera's luma plane with its real size"
    )]
    ZeroSize {
        /// Width given.
        width: usize,
        /// Height given.
        height: usize,
    },
    /// The row stride is smaller than the width.
    #[error(
        "row stride {stride} is smaller than the width {width}; pass the plane's bytes-per-row"
    )]
    StrideBelowWidth {
        /// Stride given.
        stride: usize,
        /// Width given.
        width: usize,
    },
    /// The buffer ends before the last row.
    #[error("the luma buffer holds {got} bytes but {needed} are needed for this width, height and stride")]
    BufferTooSmall {
        /// Bytes the frame's geometry needs.
        needed: usize,
        /// Bytes given.
        got: usize,
    },
    /// Larger than any camera frame or screenshot the scanner accepts.
    #[error("the image is {width}x{height}, larger than the {max} pixels the scanner accepts")]
    TooLarge {
        /// Width given.
        width: usize,
        /// Height given.
        height: usize,
        /// Largest pixel count accepted.
        max: usize,
    },
    /// The rotation is not a multiple of 90 degrees.
    #[error("rotation {degrees} is not 0, 90, 180 or 270 degrees")]
    BadRotation {
        /// Degrees given.
        degrees: u32,
    },
    /// An image file larger than any screenshot or photo of a code.
    #[error("the image file is larger than the {max} bytes the scanner reads (at least {len} bytes): scale the image down or crop it to the code")]
    FileTooLarge {
        /// The file's length, or as many bytes as were read before it was refused.
        len: u64,
        /// The largest file read (`MAX_IMAGE_FILE_LEN`, feature `image-files`).
        max: u64,
    },
    /// An image file that is not a PNG or JPEG the decoder can read.
    #[error("cannot read the image: {reason}")]
    UnsupportedImage {
        /// What the image decoder said.
        reason: String,
    },
    /// The code was read but holds something other than an `otpauth://` or
    /// `otpauth-migration://` URI.
    #[error("the QR code is not an authenticator code (it holds {kind}, not an otpauth:// URI)")]
    NotAnAuthenticatorCode {
        /// A coarse description of the content, e.g. "a web address" (never the content).
        kind: &'static str,
    },
}
