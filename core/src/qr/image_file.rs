//! PNG and JPEG files to a luma plane ("import from screenshot", the CLI).
//!
//! The `png` and `zune-jpeg` decoders are called directly, not through the `image` crate: its
//! format dispatch and pixel conversions cost the apps' library 0.16 MB.

use super::frame::MAX_PIXELS;
use super::QrError;

/// Decodes a PNG or JPEG into packed luma; refuses other formats and images above
/// [`MAX_PIXELS`] before decoding their pixels.
pub(crate) fn decode_luma(bytes: &[u8]) -> Result<(Vec<u8>, usize, usize), QrError> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        decode_png(bytes)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        decode_jpeg(bytes)
    } else {
        Err(unsupported("not a PNG or JPEG file"))
    }
}

fn decode_png(bytes: &[u8]) -> Result<(Vec<u8>, usize, usize), QrError> {
    // png's default limits bound its own buffers; the pixels are bounded by `check_size`.
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    // Palette and low bit depths to 8-bit samples, 16-bit samples to their high byte.
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(invalid)?;
    let (width, height) = (reader.info().width as usize, reader.info().height as usize);
    check_size(width, height)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| unsupported("the PNG's pixels do not fit in memory"))?;
    let mut pixels = vec![0; size];
    let frame = reader.next_frame(&mut pixels).map_err(invalid)?;
    let samples = frame.color_type.samples();
    let luma = pixels[..frame.buffer_size()]
        .chunks_exact(frame.line_size)
        .flat_map(|row| row.chunks_exact(samples).take(width))
        .map(|pixel| match pixel {
            // Grey, grey + alpha, RGB, RGBA: alpha is ignored (a QR code is opaque).
            [grey] | [grey, _] => *grey,
            [r, g, b, ..] => rec709_luma(*r, *g, *b),
            [] => 0,
        })
        .collect();
    Ok((luma, width, height))
}

fn decode_jpeg(bytes: &[u8]) -> Result<(Vec<u8>, usize, usize), QrError> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;

    // Not strict: phone cameras and editors write JPEGs with small format errors.
    let options = DecoderOptions::default()
        .set_strict_mode(false)
        .set_max_width(usize::MAX)
        .set_max_height(usize::MAX);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(invalid)?;
    let (width, height) = decoder
        .dimensions()
        .ok_or_else(|| unsupported("the JPEG has no dimensions"))?;
    check_size(width, height)?;
    // YCbCr and grey JPEGs give their luma plane directly; others (CMYK) go through RGB.
    let direct = matches!(
        decoder.input_colorspace(),
        Some(ColorSpace::YCbCr | ColorSpace::Luma | ColorSpace::LumaA)
    );
    let out = if direct {
        ColorSpace::Luma
    } else {
        ColorSpace::RGB
    };
    decoder.set_options(options.jpeg_set_out_colorspace(out));
    let pixels = decoder.decode().map_err(invalid)?;
    let luma = if direct {
        pixels
    } else {
        pixels
            .chunks_exact(3)
            .map(|rgb| rec709_luma(rgb[0], rgb[1], rgb[2]))
            .collect()
    };
    if luma.len() != width * height {
        return Err(unsupported(
            "the JPEG decoded to fewer pixels than it declares",
        ));
    }
    Ok((luma, width, height))
}

/// Luma of an sRGB pixel with the Rec. 709 weights (as the `image` crate computes it).
fn rec709_luma(r: u8, g: u8, b: u8) -> u8 {
    ((2126 * u32::from(r) + 7152 * u32::from(g) + 722 * u32::from(b)) / 10_000) as u8
}

fn check_size(width: usize, height: usize) -> Result<(), QrError> {
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err(QrError::TooLarge {
            width,
            height,
            max: MAX_PIXELS,
        });
    }
    Ok(())
}

fn unsupported(reason: impl Into<String>) -> QrError {
    QrError::UnsupportedImage {
        reason: reason.into(),
    }
}

fn invalid(err: impl std::fmt::Display) -> QrError {
    unsupported(err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `width` x 1 pixels with the given colour type, depth and sample bytes.
    fn png(
        width: u32,
        color: png::ColorType,
        depth: png::BitDepth,
        palette: Option<&[u8]>,
        data: &[u8],
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, 1);
        encoder.set_color(color);
        encoder.set_depth(depth);
        if let Some(palette) = palette {
            encoder.set_palette(palette.to_vec());
        }
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(data).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn every_png_colour_type_and_depth_becomes_8_bit_luma() {
        use png::{BitDepth::*, ColorType::*};
        let red_blue = [255, 0, 0, 0, 0, 255];
        let cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
            (
                "grey 8",
                png(2, Grayscale, Eight, None, &[7, 200]),
                vec![7, 200],
            ),
            // 1-bit grey is scaled to 0 and 255, 16-bit keeps its high byte.
            (
                "grey 1",
                png(2, Grayscale, One, None, &[0b0100_0000]),
                vec![0, 255],
            ),
            (
                "grey 16",
                png(1, Grayscale, Sixteen, None, &[0xAB, 0xCD]),
                vec![0xAB],
            ),
            (
                "grey alpha",
                png(1, GrayscaleAlpha, Eight, None, &[90, 0]),
                vec![90],
            ),
            ("rgb", png(2, Rgb, Eight, None, &red_blue), vec![54, 18]),
            (
                "rgba",
                png(1, Rgba, Eight, None, &[0, 255, 0, 10]),
                vec![182],
            ),
            (
                "palette",
                png(2, Indexed, Eight, Some(&red_blue), &[1, 0]),
                vec![18, 54],
            ),
        ];
        for (name, file, expected) in cases {
            let (luma, width, height) = decode_luma(&file).unwrap();
            assert_eq!(
                (luma, width, height),
                (expected.clone(), expected.len(), 1),
                "{name}"
            );
        }
    }

    #[test]
    fn a_png_above_the_pixel_limit_is_refused_before_its_pixels_are_decoded() {
        // Only the header and an empty data chunk: decoding the pixels would fail.
        let mut file = Vec::new();
        let mut writer = png::Encoder::new(&mut file, 10_000, 10_000)
            .write_header()
            .unwrap();
        writer.write_chunk(png::chunk::IDAT, &[]).unwrap();
        drop(writer);
        assert_eq!(
            decode_luma(&file).unwrap_err(),
            QrError::TooLarge {
                width: 10_000,
                height: 10_000,
                max: MAX_PIXELS
            }
        );
    }

    #[test]
    fn other_formats_and_broken_files_are_refused_with_a_reason() {
        for bytes in [
            &b"GIF89a...."[..],
            b"\x89PNG\r\n\x1a\n broken",
            b"\xFF\xD8\xFF broken",
        ] {
            let err = decode_luma(bytes).unwrap_err();
            assert!(
                matches!(&err, QrError::UnsupportedImage { reason } if !reason.is_empty()),
                "{err:?}"
            );
        }
    }
}
