//! PNG and JPEG files to a luma plane ("import from screenshot", the CLI).
//!
//! The `png` and `zune-jpeg` decoders are called directly, not through the `image` crate: its
//! format dispatch and pixel conversions cost the apps' library 0.16 MB.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use super::frame::MAX_PIXELS;
use super::QrError;

/// Largest image file read: 64 MiB. A phone photo (12 to 50 megapixels) is 3 to 20 MB as JPEG
/// and a screenshot a few MB as PNG; an image of the most pixels the scanner takes
/// ([`MAX_PIXELS`]) compresses below this unless it is noise. The bound keeps a huge file from
/// costing its size in memory before a single pixel is looked at.
pub const MAX_IMAGE_FILE_LEN: u64 = 64 * 1024 * 1024;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG_SIGNATURE: &[u8] = &[0xFF, 0xD8, 0xFF];

/// Reads an image file for [`decode_luma`]. Refuses, each before reading more than the first 8
/// bytes: anything but a regular file (a folder; a device such as `/dev/zero`, which never
/// ends; a FIFO, whose opening would wait for a writer), a file above [`MAX_IMAGE_FILE_LEN`],
/// and a file that does not start like a PNG or JPEG.
pub(crate) fn read_image_file(path: &Path) -> Result<Vec<u8>, QrError> {
    let cannot_read =
        |err: std::io::Error| unsupported(format!("cannot read {}: {err}", path.display()));
    // Looked at before opening: opening a FIFO blocks until something writes to it.
    check_regular(&std::fs::metadata(path).map_err(cannot_read)?)?;
    let file = File::open(path).map_err(cannot_read)?;
    // The path may name another file by now: check the one opened.
    let metadata = file.metadata().map_err(cannot_read)?;
    check_regular(&metadata)?;
    read_bounded(file, metadata.len(), MAX_IMAGE_FILE_LEN).map_err(|err| match err {
        ReadError::Io(err) => cannot_read(err),
        ReadError::Refused(err) => err,
    })
}

fn check_regular(metadata: &Metadata) -> Result<(), QrError> {
    if metadata.is_dir() {
        return Err(unsupported("it is a folder, not an image file"));
    }
    if !metadata.is_file() {
        return Err(unsupported(
            "it is not a regular file (a device, a pipe or a socket)",
        ));
    }
    Ok(())
}

/// Why [`read_bounded`] stopped.
enum ReadError {
    Io(std::io::Error),
    Refused(QrError),
}

/// Reads an image of `len` bytes (as the file system says) from `reader`, refusing it before
/// reading when `len` is above `max`, after its first bytes when they are not a PNG or JPEG
/// signature, and as soon as more than `max` bytes come (the file grew meanwhile).
fn read_bounded(reader: impl Read, len: u64, max: u64) -> Result<Vec<u8>, ReadError> {
    let too_large = |len| ReadError::Refused(QrError::FileTooLarge { len, max });
    if len > max {
        return Err(too_large(len));
    }
    // `len` is at most `max`, which fits in memory.
    let mut bytes = Vec::with_capacity(len as usize);
    let mut reader = reader.take(max + 1);
    (&mut reader)
        .take(PNG_SIGNATURE.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if !is_image_signature(&bytes) {
        return Err(ReadError::Refused(unsupported("not a PNG or JPEG file")));
    }
    reader.read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Whether `head` starts like a PNG or a JPEG file.
fn is_image_signature(head: &[u8]) -> bool {
    head.starts_with(PNG_SIGNATURE) || head.starts_with(JPEG_SIGNATURE)
}

/// Decodes a PNG or JPEG into packed luma; refuses other formats and images above
/// [`MAX_PIXELS`] before decoding their pixels.
pub(crate) fn decode_luma(bytes: &[u8]) -> Result<(Vec<u8>, usize, usize), QrError> {
    if bytes.starts_with(PNG_SIGNATURE) {
        decode_png(bytes)
    } else if bytes.starts_with(JPEG_SIGNATURE) {
        decode_jpeg(bytes)
    } else {
        Err(unsupported("not a PNG or JPEG file"))
    }
}

fn decode_png(bytes: &[u8]) -> Result<(Vec<u8>, usize, usize), QrError> {
    // png's default limits bound its own buffers; the pixels are bounded by `check_size`.
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    // Palette and low bit depths to 8-bit samples, 16-bit samples to their high byte.
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(invalid)?;
    let (width, height) = (reader.info().width as usize, reader.info().height as usize);
    check_size(width, height)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| unsupported("the PNG's pixels do not fit in memory"))?;
    let mut pixels = vec![0; size];
    let frame = reader.next_frame(&mut pixels).map_err(invalid)?;
    let samples = frame.color_type.samples();
    let luma_alpha: Vec<(u8, u8)> = pixels[..frame.buffer_size()]
        .chunks_exact(frame.line_size)
        .flat_map(|row| row.chunks_exact(samples).take(width))
        .map(|pixel| match *pixel {
            // Grey, grey + alpha, RGB, RGBA (EXPAND turned a tRNS chunk into alpha too).
            [grey] => (grey, u8::MAX),
            [grey, alpha] => (grey, alpha),
            [r, g, b] => (rec709_luma(r, g, b), u8::MAX),
            [r, g, b, alpha, ..] => (rec709_luma(r, g, b), alpha),
            [] => (0, u8::MAX),
        })
        .collect();
    Ok((flatten_alpha(&luma_alpha), width, height))
}

/// Composites pixels over the background a viewer would show them on. Transparent pixels carry
/// no colour of their own (often black, RGBA 0,0,0,0), so a code drawn dark on a transparent
/// background would read as all dark: the background is white behind a dark drawing and black
/// behind a light one (a white code for dark mode), which the scanner reads as inverted.
fn flatten_alpha(luma_alpha: &[(u8, u8)]) -> Vec<u8> {
    let (weighted, weight) =
        luma_alpha
            .iter()
            .fold((0u64, 0u64), |(sum, total), &(luma, alpha)| {
                let alpha = u64::from(alpha);
                (sum + u64::from(luma) * alpha, total + alpha)
            });
    // Fully transparent: nothing to see; white keeps it blank rather than black.
    let drawing_is_light = weight > 0 && weighted / weight >= 128;
    let background: u32 = if drawing_is_light { 0 } else { 255 };
    luma_alpha
        .iter()
        .map(|&(luma, alpha)| {
            let (luma, alpha) = (u32::from(luma), u32::from(alpha));
            ((luma * alpha + background * (255 - alpha) + 127) / 255) as u8
        })
        .collect()
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
    use std::io::Write;

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

    /// A palette PNG of `indices.len()` x 1 pixels whose entries have the alphas of `trns`.
    fn png_with_trns(palette: &[u8], trns: &[u8], indices: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, indices.len() as u32, 1);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_palette(palette.to_vec());
        encoder.set_trns(trns.to_vec());
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(indices).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn alpha_blends_over_the_background_that_contrasts_with_the_drawing() {
        // Dark drawing: white behind; half-transparent dark grey lands halfway to white.
        assert_eq!(flatten_alpha(&[(0, 255), (0, 0), (40, 128)]), [0, 255, 147]);
        // Light drawing: black behind.
        assert_eq!(
            flatten_alpha(&[(250, 255), (250, 0), (200, 128)]),
            [250, 0, 100]
        );
        // The turn is at mid-grey.
        assert_eq!(flatten_alpha(&[(128, 255), (0, 0)]), [128, 0]);
        assert_eq!(flatten_alpha(&[(127, 255), (0, 0)]), [127, 255]);
        // Opaque pixels keep their luma whatever the drawing.
        assert_eq!(flatten_alpha(&[(10, 255), (240, 255)]), [10, 240]);
        // Nothing drawn at all: blank white, not black.
        assert_eq!(flatten_alpha(&[(0, 0), (0, 0)]), [255, 255]);
        // The drawing's lightness is weighted by alpha: a faint light haze over a dark code is
        // still a dark drawing.
        assert_eq!(flatten_alpha(&[(0, 255), (255, 20), (0, 255)]), [0, 255, 0]);
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
                png(2, GrayscaleAlpha, Eight, None, &[90, 255, 90, 0]),
                vec![90, 255],
            ),
            ("rgb", png(2, Rgb, Eight, None, &red_blue), vec![54, 18]),
            (
                "rgba",
                png(2, Rgba, Eight, None, &[0, 255, 0, 255, 0, 0, 0, 0]),
                vec![182, 0],
            ),
            (
                "palette with transparency",
                png_with_trns(&red_blue, &[255, 0], &[0, 1]),
                vec![54, 255],
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

    /// Counts the bytes read through it.
    struct Counting<R> {
        inner: R,
        read: u64,
    }

    impl<R: Read> Read for Counting<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.read += n as u64;
            Ok(n)
        }
    }

    fn refusal(result: Result<Vec<u8>, ReadError>) -> QrError {
        match result {
            Err(ReadError::Refused(err)) => err,
            Err(ReadError::Io(err)) => panic!("I/O error {err}"),
            Ok(bytes) => panic!("read {} bytes", bytes.len()),
        }
    }

    /// `len` bytes that start like a PNG (or a JPEG).
    fn image_bytes(signature: &[u8], len: usize) -> Vec<u8> {
        let mut bytes = signature.to_vec();
        bytes.resize(len, 7);
        bytes
    }

    #[test]
    fn an_image_file_up_to_the_limit_is_read_whole() {
        for signature in [PNG_SIGNATURE, JPEG_SIGNATURE] {
            let bytes = image_bytes(signature, 100);
            let read = read_bounded(&bytes[..], 100, 100).ok().unwrap();
            assert_eq!(read, bytes);
        }
    }

    #[test]
    fn a_file_above_the_limit_is_refused_before_a_byte_is_read() {
        let mut reader = Counting {
            inner: std::io::repeat(0),
            read: 0,
        };
        let err = refusal(read_bounded(&mut reader, 101, 100));
        assert_eq!(err, QrError::FileTooLarge { len: 101, max: 100 });
        assert_eq!(reader.read, 0);
    }

    #[test]
    fn a_file_that_grows_past_the_limit_is_refused_one_byte_past_it() {
        // The file system said 10 bytes; 100 are fine, 101 are not.
        let fits = image_bytes(PNG_SIGNATURE, 100);
        assert_eq!(read_bounded(&fits[..], 10, 100).ok().unwrap(), fits);
        let mut reader = Counting {
            inner: PNG_SIGNATURE.chain(std::io::repeat(7)),
            read: 0,
        };
        let err = refusal(read_bounded(&mut reader, 10, 100));
        assert_eq!(err, QrError::FileTooLarge { len: 101, max: 100 });
        assert_eq!(reader.read, 101);
    }

    #[test]
    fn a_file_that_does_not_start_like_an_image_is_refused_after_its_first_bytes() {
        let mut reader = Counting {
            inner: std::io::repeat(0),
            read: 0,
        };
        let err = refusal(read_bounded(&mut reader, 0, MAX_IMAGE_FILE_LEN));
        assert_eq!(err, unsupported("not a PNG or JPEG file"));
        assert_eq!(reader.read, PNG_SIGNATURE.len() as u64);
    }

    #[test]
    fn an_image_of_exactly_max_pixels_is_accepted_one_more_is_not() {
        assert_eq!(check_size(MAX_PIXELS / 2, 2), Ok(()));
        assert_eq!(
            check_size(MAX_PIXELS + 1, 1),
            Err(QrError::TooLarge {
                width: MAX_PIXELS + 1,
                height: 1,
                max: MAX_PIXELS
            })
        );
    }

    #[test]
    fn the_limit_is_64_mib_a_file_of_that_size_is_read_one_byte_more_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.png");
        // Sparse: no disk used.
        let file = File::create(&path).unwrap();
        (&file).write_all(PNG_SIGNATURE).unwrap();
        file.set_len(64 * 1024 * 1024).unwrap();
        assert_eq!(read_image_file(&path).unwrap().len(), 64 * 1024 * 1024);
        file.set_len(64 * 1024 * 1024 + 1).unwrap();
        assert_eq!(
            read_image_file(&path).unwrap_err(),
            QrError::FileTooLarge {
                len: 67_108_865,
                max: 67_108_864
            }
        );
    }

    #[test]
    #[cfg(unix)]
    fn only_regular_files_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            (
                dir.path().to_path_buf(),
                "it is a folder, not an image file",
            ),
            (
                "/dev/zero".into(),
                "it is not a regular file (a device, a pipe or a socket)",
            ),
        ];
        for (path, reason) in cases {
            assert_eq!(read_image_file(&path).unwrap_err(), unsupported(reason));
        }
        let missing = read_image_file(&dir.path().join("missing.png")).unwrap_err();
        assert!(
            matches!(&missing, QrError::UnsupportedImage { reason } if reason.starts_with("cannot read ")),
            "{missing:?}"
        );
        let file = dir.path().join("code.png");
        let bytes = image_bytes(PNG_SIGNATURE, 1000);
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(read_image_file(&file).unwrap(), bytes);
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
