//! Transfer QR codes out of the CLI: drawn on the terminal with Unicode half blocks, or written
//! as PNG files.
//!
//! On the terminal each character is one module wide and two tall (`▀`, `▄`, `█`, space), so
//! modules come out about square in a usual font. Which modules get the text colour is a choice:
//! by default the light ones ([`Ink::Light`]) for the usual light text on a dark background, so
//! the code shows dark on light as every phone scanner expects; `--invert` draws the dark ones
//! for a terminal with a light background. The 4-module quiet zone is drawn too.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use otpkit_core::qr::transfer::TransferCode;
use otpkit_core::qr::{QrMatrix, QUIET_ZONE_MODULES};

use crate::error::CliError;
use crate::output::path_shown;

/// Which modules the terminal's text colour draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// The light modules and the quiet zone (a terminal with light text on dark).
    Light,
    /// The dark modules (a terminal with dark text on light).
    Dark,
}

/// The code as lines of half blocks, quiet zone included, without a final line break.
pub fn half_blocks(matrix: &QrMatrix, ink: Ink) -> String {
    let quiet = QUIET_ZONE_MODULES as isize;
    let end = matrix.size() as isize + quiet;
    // A module is inked when it is light (Ink::Light) or dark (Ink::Dark). Below the quiet zone
    // (an odd number of rows) nothing is inked: that half shows the terminal's background.
    let inked = |x: isize, y: isize| y < end && (matrix.is_dark(x, y) == (ink == Ink::Dark));
    let mut lines = Vec::new();
    for top in (-quiet..end).step_by(2) {
        let line: String = (-quiet..end)
            .map(|x| match (inked(x, top), inked(x, top + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            })
            .collect();
        lines.push(line);
    }
    lines.join("\n")
}

/// Pixels per module in a PNG file: a 69-module code is 462 pixels wide with its quiet zone.
/// (Not 8: OtpKit's own scanner misses codes drawn at exactly 8 pixels a module, and
/// `otpkit scan` of the file must work.)
const PNG_MODULE_PX: usize = 6;

/// Writes each code as `otpkit-transfer-I-of-N.png` in `dir` (made if missing, readable by the
/// user only). Every file is created new; if one name is taken, nothing is written, and if a
/// write fails, the files written so far are removed.
pub fn write_pngs(dir: &Path, codes: &[TransferCode]) -> Result<Vec<PathBuf>, CliError> {
    create_private_dir(dir)?;
    let paths: Vec<PathBuf> = codes
        .iter()
        .map(|c| {
            dir.join(format!(
                "otpkit-transfer-{}-of-{}.png",
                c.index + 1,
                c.count
            ))
        })
        .collect();
    if let Some(taken) = paths.iter().find(|p| p.symlink_metadata().is_ok()) {
        return Err(CliError::refused(
            "file_exists",
            format!("{} already exists and is left alone", path_shown(taken)),
        )
        .with_hint("choose an empty folder with --out"));
    }
    for (i, (path, code)) in paths.iter().zip(codes).enumerate() {
        if let Err(err) = write_png(path, &code.matrix) {
            for written in &paths[..=i] {
                let _ = fs::remove_file(written);
            }
            return Err(err);
        }
    }
    Ok(paths)
}

fn create_private_dir(dir: &Path) -> Result<(), CliError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|err| {
        CliError::failed(
            "io",
            format!("cannot create the folder {}: {err}", path_shown(dir)),
        )
    })
}

fn write_png(path: &Path, matrix: &QrMatrix) -> Result<(), CliError> {
    let failed = |err: &dyn std::fmt::Display| {
        CliError::failed("io", format!("cannot write {}: {err}", path_shown(path)))
    };
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file: File = options.open(path).map_err(|err| failed(&err))?;
    let (luma, side) = matrix.to_luma(PNG_MODULE_PX);
    let side32 = u32::try_from(side).map_err(|err| failed(&err))?;
    let mut encoder = png::Encoder::new(file, side32, side32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|err| failed(&err))?;
    writer.write_image_data(&luma).map_err(|err| failed(&err))?;
    writer.finish().map_err(|err| failed(&err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_blocks_pair_rows_and_draw_the_quiet_zone_in_the_ink_chosen() {
        let matrix = QrMatrix::encode(b"otpauth").unwrap();
        let light = half_blocks(&matrix, Ink::Light);
        let lines: Vec<&str> = light.lines().collect();
        // 21 modules + 8 of quiet zone = 29 columns and 29 rows, two rows a line.
        assert_eq!(lines.len(), 15);
        assert!(lines.iter().all(|l| l.chars().count() == 29));
        assert_eq!(lines[0], "█".repeat(29), "the quiet zone is light");
        // Row 2: quiet rows 2 and 3... line 2 holds module rows 0 and 1 (the finder's top).
        let line2: Vec<char> = lines[2].chars().collect();
        assert_eq!(&line2[..4], &['█'; 4]);
        assert_eq!(&line2[4..11], &[' ', '▄', '▄', '▄', '▄', '▄', ' ']);
        // The last line has only the last quiet row: its lower half is background.
        assert_eq!(lines[14], "▀".repeat(29));
        let dark = half_blocks(&matrix, Ink::Dark);
        let line2: Vec<char> = dark.lines().nth(2).unwrap().chars().collect();
        assert_eq!(&line2[..4], &[' '; 4]);
        assert_eq!(&line2[4..11], &['█', '▀', '▀', '▀', '▀', '▀', '█']);
        assert_eq!(dark.lines().last().unwrap(), " ".repeat(29));
    }
}
