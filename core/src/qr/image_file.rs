//! PNG and JPEG files to a luma plane ("import from screenshot", the CLI).

use super::frame::MAX_PIXELS;
use super::QrError;

/// Decodes a PNG or JPEG into packed luma; refuses other formats and images above
/// [`MAX_PIXELS`] before decoding their pixels.
pub(crate) fn decode_luma(bytes: &[u8]) -> Result<(Vec<u8>, usize, usize), QrError> {
    let unsupported = |reason: String| QrError::UnsupportedImage { reason };
    let format =
        image::guess_format(bytes).map_err(|_| unsupported("not a PNG or JPEG file".into()))?;
    if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
        return Err(unsupported(format!(
            "{format:?} images are not supported; use PNG or JPEG"
        )));
    }
    let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let (width, height) = reader
        .into_dimensions()
        .map_err(|err| unsupported(err.to_string()))?;
    let (width, height) = (width as usize, height as usize);
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err(QrError::TooLarge {
            width,
            height,
            max: MAX_PIXELS,
        });
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.limits(limits_for(width, height));
    let image = reader
        .decode()
        .map_err(|err| unsupported(err.to_string()))?;
    Ok((image.into_luma8().into_raw(), width, height))
}

/// Allocation limit for decoding a `width` x `height` image: its pixels at 16-bit RGBA plus the
/// luma copy.
fn limits_for(width: usize, height: usize) -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some((width * height * 9) as u64);
    limits
}
