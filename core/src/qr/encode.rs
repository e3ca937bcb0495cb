//! QR codes out: the module matrix of a text (the transfer codes another phone scans). The
//! `qrcode` crate encodes; this module keeps the result in a zeroizing buffer (a transfer code
//! holds secrets) and draws it as a luma picture.

use zeroize::Zeroizing;

/// Error correction of the codes we draw: level M (15% of the code may be lost) reads through
/// the glare and moiré of a phone photographing a screen; level L saves a version or two but
/// fails sooner.
const EC_LEVEL: qrcode::EcLevel = qrcode::EcLevel::M;

/// The most bytes one code holds at `EC_LEVEL`: version 40, byte mode.
pub const MAX_QR_BYTES: usize = 2331;

/// Light modules the QR standard asks around a code (its quiet zone).
pub const QUIET_ZONE_MODULES: usize = 4;

/// A QR code's modules: `size` x `size`, row-major, 1 = dark, without the quiet zone. The
/// modules spell out the text, so they are zeroized on drop and never in `Debug`.
pub struct QrMatrix {
    size: usize,
    modules: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for QrMatrix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QrMatrix")
            .field("size", &self.size)
            .field("modules", &"<redacted>")
            .finish()
    }
}

impl QrMatrix {
    /// The smallest code (level M) holding `text` in byte mode, or `None` when it is longer than
    /// [`MAX_QR_BYTES`]. Byte mode throughout: the crate's mixed-mode optimiser makes some
    /// base64 texts a version larger than byte mode alone (a 331-byte URI became version 14).
    pub fn encode(text: &[u8]) -> Option<QrMatrix> {
        let code = (1..=40).find_map(|version| {
            let mut bits = qrcode::bits::Bits::new(qrcode::Version::Normal(version));
            bits.push_byte_data(text).ok()?;
            bits.push_terminator(EC_LEVEL).ok()?;
            qrcode::QrCode::with_bits(bits, EC_LEVEL).ok()
        })?;
        let size = code.width();
        let modules = code
            .into_colors()
            .into_iter()
            .map(|color| u8::from(color == qrcode::Color::Dark))
            .collect();
        Some(QrMatrix {
            size,
            modules: Zeroizing::new(modules),
        })
    }

    /// Modules per side (21 for version 1, 4 more per version).
    pub fn size(&self) -> usize {
        self.size
    }

    /// Every module, row-major, 1 = dark.
    pub fn modules(&self) -> &[u8] {
        &self.modules
    }

    /// Whether the module at column `x`, row `y` is dark; outside the code (the quiet zone),
    /// false.
    pub fn is_dark(&self, x: isize, y: isize) -> bool {
        let inside = |v: isize| usize::try_from(v).ok().filter(|&v| v < self.size);
        match (inside(x), inside(y)) {
            (Some(x), Some(y)) => self.modules[y * self.size + x] == 1,
            _ => false,
        }
    }

    /// The code drawn dark on light with a [`QUIET_ZONE_MODULES`] margin, `module_px` pixels per
    /// module: a square luma picture (0 dark, 255 light) and its side in pixels.
    pub fn to_luma(&self, module_px: usize) -> (Zeroizing<Vec<u8>>, usize) {
        let modules = self.size + 2 * QUIET_ZONE_MODULES;
        let side = modules * module_px;
        let mut luma = Zeroizing::new(vec![255u8; side * side]);
        let quiet = QUIET_ZONE_MODULES as isize;
        for (py, row) in luma.chunks_exact_mut(side).enumerate() {
            let y = (py / module_px) as isize - quiet;
            for (px, pixel) in row.iter_mut().enumerate() {
                if self.is_dark((px / module_px) as isize - quiet, y) {
                    *pixel = 0;
                }
            }
        }
        (luma, side)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_a_version_1_code_with_its_finder_patterns() {
        let matrix = QrMatrix::encode(b"otpauth").unwrap();
        assert_eq!(matrix.size(), 21);
        assert_eq!(matrix.modules().len(), 21 * 21);
        // The top-left finder pattern: a dark ring, a light ring, a dark 3x3 centre.
        let row = |y: isize| -> Vec<bool> { (0..7).map(|x| matrix.is_dark(x, y)).collect() };
        assert_eq!(row(0), [true; 7]);
        assert_eq!(row(1), [true, false, false, false, false, false, true]);
        assert_eq!(row(3), [true, false, true, true, true, false, true]);
        // Separator and quiet zone are light.
        assert!(!matrix.is_dark(7, 0) && !matrix.is_dark(-1, 0) && !matrix.is_dark(0, 21));
        assert!(!matrix.is_dark(21, 0) && !matrix.is_dark(0, -1));
        assert!(format!("{matrix:?}").contains("<redacted>"));
    }

    #[test]
    fn the_level_m_capacity_is_the_largest_text_encoded() {
        assert_eq!(QrMatrix::encode(&[b'a'; MAX_QR_BYTES]).unwrap().size(), 177);
        assert!(QrMatrix::encode(&[b'a'; MAX_QR_BYTES + 1]).is_none());
    }

    #[test]
    fn a_transfer_uri_of_331_bytes_is_version_13_whatever_its_characters() {
        // Runs of digits and capitals, as base64 has, made the mixed-mode optimiser choose
        // version 14 for this text.
        let text = "otpauth-migration://offline?data=99%q3lJZcqzIZpL%BOz0QgioE8Y3X9dKMZ7PfnXcbP46AKjRYWTQIJ60QtZHgQvPSS0y4q3jtVWKbyAVJgpYImbXRWYhA3RMSU5Rp6Vo5zeDTLEuEk3jbdlc53vjgiopmlznAk8aMbqNXOetfTpktthDHJ%9OeGOWEUaFCaqeBpDvlCEWcaMhgS0mZbQov4lYrl1rCPZcDoHFXk8OfErEcIfMwf%p5wKawlzbongVgnHFhDxS%EdUcd036bg8rgPWltsqyBreYNEPYcy9G%E57FRdloAyq%pSICrUpoAKm";
        assert_eq!(text.len(), 331);
        assert_eq!(QrMatrix::encode(text.as_bytes()).unwrap().size(), 69);
        assert_eq!(
            QrMatrix::encode(&text.as_bytes()[..330]).unwrap().size(),
            69
        );
        let mut longer = text.to_owned();
        longer.push('x');
        assert_eq!(QrMatrix::encode(longer.as_bytes()).unwrap().size(), 73);
    }

    #[test]
    fn the_luma_picture_has_the_quiet_zone_and_scaled_modules() {
        let matrix = QrMatrix::encode(b"otpauth").unwrap();
        let (luma, side) = matrix.to_luma(3);
        assert_eq!(side, (21 + 8) * 3);
        assert_eq!(luma.len(), side * side);
        let at = |x: usize, y: usize| luma[y * side + x];
        // Quiet zone light; the finder pattern's corner module dark, all 3x3 of its pixels.
        assert_eq!(at(11, 11), 255);
        for (x, y) in [(12, 12), (14, 14), (12, 14)] {
            assert_eq!(at(x, y), 0, "({x}, {y})");
        }
        // The light ring of the finder pattern.
        assert_eq!(at(15, 15), 255);
        assert!(luma.iter().all(|&p| p == 0 || p == 255));
    }
}
