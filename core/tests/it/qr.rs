//! QR scanning on generated camera-like frames (tools/qrframes, seed 1) and on bad input.

use otpkit_core::qr::{LumaFrame, PayloadKind, QrError, QrScanner, Rotation};
use otpkit_core::uri::BatchInfo;
use qrframes::{frame, Category};

fn scan(scanner: &mut QrScanner, f: &qrframes::Frame) -> Vec<String> {
    scanner
        .scan_luma(LumaFrame::packed(&f.luma, f.width, f.height))
        .expect("a valid frame")
        .iter()
        .map(|found| found.text.to_string())
        .collect()
}

#[test]
fn a_720p_and_a_1080p_frame_of_every_category_decode() {
    let mut scanner = QrScanner::new();
    // Transparent PNGs are files (below).
    let hard = [Category::NoCode, Category::Transparent];
    for category in Category::ALL.into_iter().filter(|c| !hard.contains(c)) {
        for index in 0..2 {
            let f = frame(category, index, 1);
            let texts = scan(&mut scanner, &f);
            assert_eq!(
                texts,
                std::slice::from_ref(&f.payload),
                "{} frame {index} ({}x{})",
                category.name(),
                f.width,
                f.height
            );
        }
    }
}

/// Frames the scanner once missed, each for its own reason (BENCHMARKS.md).
#[test]
fn frames_once_missed_decode() {
    let cases = [
        // Dim codes whose cut-out region is almost all code: the noise measure took the
        // modules for noise.
        (Category::LowContrast, 2, 1),
        (Category::LowContrast, 10, 1),
        // A big dim code: read only once binarised again at about 6 pixels per module.
        (Category::LowContrast, 3, 1),
        // 45-degree codes: the fourth corner lay outside the box around the finder patterns.
        (Category::Rotated, 12, 1),
        (Category::Rotated, 15, 1),
        // Small blurred codes with one finder pattern lost: found from the other two.
        (Category::Small, 0, 1),
        (Category::Small, 18, 1),
        (Category::Small, 17, 2),
        // Versions 21 to 40: the data's false finder patterns filled the candidate list before
        // the scan reached the bottom-left finder pattern.
        (Category::HighVersion, 1, 1),
        (Category::HighVersion, 3, 1),
        (Category::HighVersion, 9, 1),
        // A steep tilt and rounded finder patterns: rxing's finder rejected the patterns; read
        // from the triple ours found.
        (Category::SteepPerspective, 29, 1),
        (Category::Styled, 27, 2),
        // Codes tilted 35 to 50 degrees. Their finder patterns' triangle is near equilateral:
        // the pattern opposite the longest side was not the corner one.
        (Category::SteepPerspective, 4, 1),
        // rxing's finder found all three patterns, but its sets rejected their triangle.
        (Category::SteepPerspective, 2, 1),
        // The code reached beyond 12 modules around its patterns.
        (Category::SteepPerspective, 19, 1),
        // A code cropped tight: its modules' contrast measured as the frame's noise.
        (Category::NoQuietZone, 43, 1),
        // Heavy blur hid the alignment patterns, and rxing's grid to the parallelogram's corner
        // drifted: read with the corner where the traced finder pattern edges cross.
        (Category::HeavyBlur, 17, 1),
        (Category::HeavyBlur, 8, 2),
        // Heavy blur: neither binarisation of ours left a readable code; zxing's block
        // thresholds (rxing's HybridBinarizer) do.
        (Category::HeavyBlur, 45, 1),
    ];
    let mut scanner = QrScanner::new();
    for (category, index, seed) in cases {
        let f = frame(category, index, seed);
        assert_eq!(
            scan(&mut scanner, &f),
            std::slice::from_ref(&f.payload),
            "{} frame {index}, seed {seed}",
            category.name()
        );
    }
}

#[test]
fn found_codes_are_classified() {
    let mut scanner = QrScanner::new();
    let account = frame(Category::Clean, 0, 1);
    let found = scanner
        .scan_luma(LumaFrame::packed(
            &account.luma,
            account.width,
            account.height,
        ))
        .unwrap();
    assert_eq!(found[0].kind, PayloadKind::Account);
    assert_eq!(found[0].authenticator_uri().unwrap(), account.payload);
    let batch = frame(Category::Dense, 0, 1);
    let found = scanner
        .scan_luma(LumaFrame::packed(&batch.luma, batch.width, batch.height))
        .unwrap();
    assert_eq!(found[0].kind, PayloadKind::MigrationBatch);
    let parsed = found[0].parse().unwrap();
    assert!(
        parsed.accounts.len() >= 8,
        "{} accounts",
        parsed.accounts.len()
    );
    // The generated export is a one-part batch: seen whole.
    let info = found[0]
        .batch
        .expect("a migration code has its batch position");
    assert_eq!((info.index, info.size), (0, 1));
    let progress = scanner.batch_progress();
    assert_eq!((progress.len(), progress[0].is_complete()), (1, true));
    assert!(scanner.take_complete_batch(info.batch_id).is_some());
}

#[test]
fn scenes_without_a_code_noise_black_and_tiny_frames_give_no_code() {
    let mut scanner = QrScanner::new();
    for index in 0..3 {
        let f = frame(Category::NoCode, index, 1);
        assert!(scan(&mut scanner, &f).is_empty(), "no-code scene {index}");
    }
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let noise: Vec<u8> = (0..1280 * 720)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let black = vec![0u8; 1280 * 720];
    let white = vec![255u8; 640 * 480];
    for (name, data, w, h) in [
        ("noise", &noise[..], 1280, 720),
        ("black", &black[..], 1280, 720),
        ("white", &white[..], 640, 480),
        ("1x1", &[7u8][..], 1, 1),
        ("20x20", &black[..400], 20, 20),
    ] {
        let found = scanner
            .scan_luma(LumaFrame::packed(data, w, h))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(found.is_empty(), "{name}");
    }
}

#[test]
fn frame_geometry_that_does_not_fit_the_buffer_is_a_typed_error() {
    let mut scanner = QrScanner::new();
    let data = vec![128u8; 100 * 50];
    let frame = |data, width, height, stride| LumaFrame {
        data,
        width,
        height,
        stride,
        rotation: Rotation::Deg0,
    };
    assert_eq!(
        scanner
            .scan_luma(frame(&data[..], 100, 51, 100))
            .unwrap_err(),
        QrError::BufferTooSmall {
            needed: 5100,
            got: 5000
        }
    );
    assert_eq!(
        scanner
            .scan_luma(frame(&data[..], 100, 50, 99))
            .unwrap_err(),
        QrError::StrideBelowWidth {
            stride: 99,
            width: 100
        }
    );
    assert_eq!(
        scanner.scan_luma(frame(&data[..], 0, 50, 100)).unwrap_err(),
        QrError::ZeroSize {
            width: 0,
            height: 50
        }
    );
    assert_eq!(
        scanner.scan_luma(frame(&[], 0, 0, 0)).unwrap_err(),
        QrError::ZeroSize {
            width: 0,
            height: 0
        }
    );
    assert!(matches!(
        scanner.scan_luma(frame(&data[..], usize::MAX / 2, 3, usize::MAX / 2)),
        Err(QrError::TooLarge { .. })
    ));
    // A plane whose last row ends right after its pixels (as Android's often do) is fine.
    assert!(scanner.scan_luma(frame(&data[..4960], 60, 50, 100)).is_ok());
    assert_eq!(
        Rotation::from_degrees(45).unwrap_err(),
        QrError::BadRotation { degrees: 45 }
    );
}

#[test]
fn a_padded_stride_and_a_rotation_still_decode_and_points_follow_the_rotation() {
    let f = frame(Category::Clean, 0, 1);
    let stride = f.width + 64;
    let mut padded = vec![0u8; stride * f.height];
    for y in 0..f.height {
        padded[y * stride..y * stride + f.width]
            .copy_from_slice(&f.luma[y * f.width..(y + 1) * f.width]);
    }
    let mut scanner = QrScanner::new();
    let upright = scanner
        .scan_luma(LumaFrame::packed(&f.luma, f.width, f.height))
        .unwrap();
    let turned = scanner
        .scan_luma(LumaFrame {
            data: &padded,
            width: f.width,
            height: f.height,
            stride,
            rotation: Rotation::Deg90,
        })
        .unwrap();
    assert_eq!(turned[0].text, upright[0].text);
    let ((x, y), (tx, ty)) = (upright[0].points[0], turned[0].points[0]);
    assert!(
        (tx - (f.height as f32 - y)).abs() < 0.01 && (ty - x).abs() < 0.01,
        "{:?} vs {:?}",
        upright[0].points,
        turned[0].points
    );
}

#[test]
fn every_code_of_a_picture_of_several_reads_with_its_corners() {
    // Four accounts' codes on a sheet, as a service's recovery printout or a screen of an
    // export: each is read, once, and its points are its own four corners.
    let uris: Vec<String> = (0..4)
        .map(|i| format!("otpauth://totp/Example:user{i}@example.com?secret=JBSWY3DPEHPK3PX{i}"))
        .collect();
    let (width, height) = (1280, 720);
    let mut luma = vec![235u8; width * height];
    let mut corners = Vec::new();
    for (i, uri) in uris.iter().enumerate() {
        let (code, side) = render_luma(&qrcode::QrCode::new(uri).unwrap(), 5);
        let (x0, y0) = (60 + (i % 2) * 600, 40 + (i / 2) * 340);
        for y in 0..side {
            luma[(y0 + y) * width + x0..][..side].copy_from_slice(&code[y * side..][..side]);
        }
        // The code inside its 4-module quiet zone (a point is within half a module).
        let (lo, hi) = (20.0, (side - 20) as f32);
        corners.push(
            [(lo, lo), (hi, lo), (hi, hi), (lo, hi)].map(|(x, y)| (x0 as f32 + x, y0 as f32 + y)),
        );
    }
    let found = QrScanner::new()
        .scan_luma(LumaFrame::packed(&luma, width, height))
        .unwrap();
    let mut read: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
    read.sort_unstable();
    assert_eq!(read, uris.iter().map(String::as_str).collect::<Vec<_>>());
    for f in &found {
        let i = uris.iter().position(|u| *u == *f.text).unwrap();
        assert_eq!(f.points.len(), 4, "code {i}: {:?}", f.points);
        // In order around the code, from its top left: an overlay draws them as they come.
        for (p, e) in f.points.iter().zip(corners[i]) {
            assert!(
                (p.0 - e.0).abs() < 2.5 && (p.1 - e.1).abs() < 2.5,
                "code {i}: {:?}, expected near {:?}",
                f.points,
                corners[i]
            );
        }
    }
}

#[test]
fn other_text_is_not_an_authenticator_code() {
    let code = qrcode::QrCode::new("https://example.com/login").unwrap();
    let image = render(&code, 6);
    let found = QrScanner::new().scan_image_bytes(&image).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, PayloadKind::Other);
    let err = found[0].authenticator_uri().unwrap_err();
    assert_eq!(
        err,
        QrError::NotAnAuthenticatorCode {
            kind: "a web address"
        }
    );
    assert!(
        err.to_string().contains("not an authenticator code"),
        "{err}"
    );
    assert!(
        !err.to_string().contains("example.com"),
        "the message must not quote the content"
    );
}

/// The text comes from the code's bytes: UTF-8 when they are, ISO-8859-1 otherwise; numeric and
/// alphanumeric segments and a UTF-8 character-set declaration (ECI 26) read as they should.
#[test]
fn payload_bytes_become_text_in_every_segment_mode() {
    use qrcode::bits::Bits;
    use qrcode::{EcLevel, QrCode, Version};

    let scan_code = |code: &QrCode| {
        let (luma, side) = render_luma(code, 4);
        let found = QrScanner::new()
            .scan_luma(LumaFrame::packed(&luma, side, side))
            .unwrap();
        assert_eq!(found.len(), 1);
        found[0].text.to_string()
    };
    let secret = "secret=JBSWY3DPEHPK3PXP";
    // Raw UTF-8, no declaration (what most generators write).
    let utf8 = format!("otpauth://totp/Caf\u{e9}%20\u{1f511}:b?{secret}");
    assert_eq!(scan_code(&QrCode::new(utf8.as_bytes()).unwrap()), utf8);
    // ISO-8859-1 bytes, QR's default character set.
    let mut latin1 = b"otpauth://totp/Caf\xe9:b?".to_vec();
    latin1.extend_from_slice(secret.as_bytes());
    assert_eq!(
        scan_code(&QrCode::new(&latin1).unwrap()),
        format!("otpauth://totp/Caf\u{e9}:b?{secret}")
    );
    // Segments in three modes: the encoder picks numeric for the digits and alphanumeric for
    // the upper-case run.
    let mixed = "otpauth://totp/ACME%20CORPORATION%20EUROPE:b?secret=JBSWY3DPEHPK3PXP&counter=12345678901234567890";
    assert_eq!(scan_code(&QrCode::new(mixed).unwrap()), mixed);
    // A UTF-8 declaration before the byte segment.
    let mut bits = Bits::new(Version::Normal(5));
    bits.push_eci_designator(26).unwrap();
    bits.push_byte_data(utf8.as_bytes()).unwrap();
    bits.push_terminator(EcLevel::M).unwrap();
    assert_eq!(
        scan_code(&QrCode::with_bits(bits, EcLevel::M).unwrap()),
        utf8
    );
}

/// Which pixels of `code` are dark at `scale` pixels per module with a 4-module quiet zone,
/// row by row, and the side in pixels.
fn dark_pixels(code: &qrcode::QrCode, scale: usize) -> (Vec<bool>, usize) {
    let (dark, width, _) = dark_pixels_stretched(code, (scale, scale), 4);
    (dark, width)
}

/// Which pixels of `code` are dark at `scale` (across, down) pixels per module with a quiet
/// zone of `quiet` modules, row by row, and the width and height in pixels.
fn dark_pixels_stretched(
    code: &qrcode::QrCode,
    (sx, sy): (usize, usize),
    quiet: usize,
) -> (Vec<bool>, usize, usize) {
    let n = code.width();
    let (width, height) = ((n + 2 * quiet) * sx, (n + 2 * quiet) * sy);
    let colors = code.to_colors();
    let dark = (0..width * height)
        .map(|i| {
            let (mx, my) = (
                (i % width / sx) as isize - quiet as isize,
                (i / width / sy) as isize - quiet as isize,
            );
            (0..n as isize).contains(&mx)
                && (0..n as isize).contains(&my)
                && colors[my as usize * n + mx as usize] == qrcode::Color::Dark
        })
        .collect();
    (dark, width, height)
}

#[test]
fn drawn_codes_read_at_any_scale_stretched_and_without_a_quiet_zone() {
    let uri = "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";
    let code = qrcode::QrCode::new(uri).unwrap();
    let mut scanner = QrScanner::new();
    for (scale, quiet) in [
        ((3, 3), 4),
        // Blocks of the threshold grid that are each one flat module: the edges fall between
        // blocks.
        ((8, 8), 4),
        ((16, 16), 2),
        // Cropped tight: every threshold block holds code, none is flat background to measure
        // the noise on.
        ((4, 4), 0),
        ((8, 8), 0),
        // A photo squeezed to a square, as some apps and datasets store them.
        ((6, 4), 4),
        ((4, 6), 4),
    ] {
        let (dark, width, height) = dark_pixels_stretched(&code, scale, quiet);
        let luma: Vec<u8> = dark.iter().map(|&d| if d { 20 } else { 235 }).collect();
        let found = scanner
            .scan_luma(LumaFrame::packed(&luma, width, height))
            .unwrap();
        assert_eq!(
            found.first().map(|f| f.text.as_str()),
            Some(uri),
            "{scale:?} pixels per module, quiet zone {quiet}"
        );
    }
}

/// `code` as a luma plane at `scale` pixels per module with a 4-module quiet zone, and its side.
fn render_luma(code: &qrcode::QrCode, scale: usize) -> (Vec<u8>, usize) {
    let (dark, side) = dark_pixels(code, scale);
    let luma = dark.iter().map(|&d| if d { 20 } else { 235 }).collect();
    (luma, side)
}

/// A PNG of `code` at `scale` pixels per module with a 4-module quiet zone.
fn render(code: &qrcode::QrCode, scale: usize) -> Vec<u8> {
    render_rgba(code, scale, [20, 20, 20, 255], [235, 235, 235, 255])
}

/// A PNG of `code` with its dark modules in `dark` and the rest (quiet zone included) in `light`.
fn render_rgba(code: &qrcode::QrCode, scale: usize, dark: [u8; 4], light: [u8; 4]) -> Vec<u8> {
    let (is_dark, side) = dark_pixels(code, scale);
    let image = image::RgbaImage::from_fn(side as u32, side as u32, |x, y| {
        image::Rgba(if is_dark[y as usize * side + x as usize] {
            dark
        } else {
            light
        })
    });
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

#[test]
fn codes_drawn_on_a_transparent_background_scan() {
    let uri = "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP";
    let code = qrcode::QrCode::new(uri).unwrap();
    let transparent = [0, 0, 0, 0];
    let mut scanner = QrScanner::new();
    for (name, dark, light) in [
        // Black modules on nothing: transparent pixels hold black, as most tools write them.
        ("dark code", [0, 0, 0, 255], transparent),
        // A white code for dark backgrounds: its "dark" modules are the transparent ones.
        ("light code", transparent, [255, 255, 255, 255]),
    ] {
        let found = scanner
            .scan_image_bytes(&render_rgba(&code, 4, dark, light))
            .unwrap();
        assert_eq!(found.first().map(|f| f.text.as_str()), Some(uri), "{name}");
    }
}

#[test]
fn png_and_jpeg_files_decode_and_other_bytes_are_refused() {
    let f = frame(Category::Photo, 0, 1);
    let jpeg = f.jpeg.as_ref().expect("photos come as JPEG");
    let mut scanner = QrScanner::new();
    let found = scanner.scan_image_bytes(jpeg).unwrap();
    assert_eq!(found[0].text.as_str(), f.payload);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("code.png");
    std::fs::write(
        &path,
        render(
            &qrcode::QrCode::new("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP").unwrap(),
            4,
        ),
    )
    .unwrap();
    let found = scanner.scan_image_file(&path).unwrap();
    assert_eq!(
        found[0].text.as_str(),
        "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"
    );

    assert!(matches!(
        scanner.scan_image_bytes(b"GIF89a...."),
        Err(QrError::UnsupportedImage { .. })
    ));
    assert!(matches!(
        scanner.scan_image_bytes(b"not an image"),
        Err(QrError::UnsupportedImage { .. })
    ));
    // A truncated JPEG must come back (decoded as far as it goes, or refused), never panic.
    let _ = scanner.scan_image_bytes(&jpeg[..jpeg.len() / 2]);
    assert!(matches!(
        scanner.scan_image_file(&dir.path().join("missing.png")),
        Err(QrError::UnsupportedImage { .. })
    ));
}

#[test]
fn an_incomplete_migration_batch_says_which_parts_are_missing() {
    let mut scanner = QrScanner::new();
    assert!(scanner
        .record_batch_part(
            BatchInfo {
                batch_id: 42,
                index: 0,
                size: 3,
                version: 1
            },
            "otpauth-migration://offline?data=a"
        )
        .is_ok());
    assert!(scanner
        .record_batch_part(
            BatchInfo {
                batch_id: 42,
                index: 2,
                size: 3,
                version: 1
            },
            "otpauth-migration://offline?data=c"
        )
        .is_ok());
    let progress = scanner.batch_progress();
    assert_eq!(progress.len(), 1);
    assert_eq!(progress[0].missing, vec![1]);
    assert!(scanner.take_complete_batch(42).is_none());
    scanner
        .record_batch_part(
            BatchInfo {
                batch_id: 42,
                index: 1,
                size: 3,
                version: 1,
            },
            "otpauth-migration://offline?data=b",
        )
        .unwrap();
    assert_eq!(scanner.take_complete_batch(42).unwrap().len(), 3);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any geometry over any bytes gives codes, nothing or a typed error, never a panic or an
    /// out-of-bounds read (the fuzz target `qr_scan` does the same at depth).
    #[test]
    fn any_geometry_and_bytes_give_a_result_never_a_panic(
        width in 0usize..300,
        height in 0usize..300,
        padding in 0usize..8,
        quarter_turns in 0u32..4,
        data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40_000),
    ) {
        let mut scanner = QrScanner::new();
        let rotation = Rotation::from_degrees(quarter_turns * 90).unwrap();
        let frame = LumaFrame { data: &data, width, height, stride: width + padding, rotation };
        let needed = if width == 0 || height == 0 { 0 } else { (height - 1) * (width + padding) + width };
        match scanner.scan_luma(frame) {
            Ok(_) => proptest::prop_assert!(width > 0 && height > 0 && data.len() >= needed),
            Err(QrError::ZeroSize { .. }) => proptest::prop_assert!(width == 0 || height == 0),
            Err(QrError::BufferTooSmall { needed: n, got }) => proptest::prop_assert_eq!((n, got), (needed, data.len())),
            Err(other) => proptest::prop_assert!(false, "unexpected {other}"),
        }
        let _ = scanner.scan_image_bytes(&data);
    }
}
