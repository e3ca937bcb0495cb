//! Writes generated frames as binary PGM files (transparent codes as the PNG files they are)
//! plus `manifest.tsv` (file, category, width,
//! height, payload) for decoders outside Rust (scripts/qr_bench_zxing.py).
//!
//! Also `qrframes --code TEXT OUT.png` and `qrframes --migration-part INDEX SIZE BATCH_ID OUT.png`
//! for clean single codes (the CLI's test fixtures).
//!
//! Usage: `qrframes OUT_DIR [--per-category N] [--seed S] [--png]` (`--png` also writes PNG previews)

use qrframes::{frame, Category};
use std::io::Write;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let all: Vec<String> = std::env::args().skip(1).collect();
    // `qrframes --code TEXT OUT.png`: one clean code (fixtures).
    // `qrframes --migration-part INDEX SIZE BATCH_ID OUT.png`: part of a 2-account export.
    match all
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["--code", text, out] => {
            return Ok(std::fs::write(out, qrframes::clean_code_png(text, 4))?)
        }
        ["--migration-part", index, size, batch_id, out] => {
            let mut rng = qrframes::Rng::new(u64::from(index.parse::<u32>()?));
            let text = qrframes::migration_part_uri(
                &mut rng,
                2,
                index.parse()?,
                size.parse()?,
                Some(batch_id.parse()?),
            );
            return Ok(std::fs::write(out, qrframes::clean_code_png(&text, 4))?);
        }
        _ => {}
    }
    let mut args = all.into_iter();
    let mut out: Option<PathBuf> = None;
    let (mut per_category, mut seed, mut png) = (30u32, 1u64, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--per-category" => {
                per_category = args.next().ok_or("--per-category needs N")?.parse()?
            }
            "--png" => png = true,
            "--seed" => seed = args.next().ok_or("--seed needs S")?.parse()?,
            _ if out.is_none() => out = Some(arg.into()),
            _ => return Err(format!("unexpected argument {arg}").into()),
        }
    }
    let out = out.ok_or("usage: qrframes OUT_DIR [--per-category N] [--seed S]")?;
    std::fs::create_dir_all(&out)?;
    let mut manifest = std::fs::File::create(out.join("manifest.tsv"))?;
    for category in Category::ALL {
        for index in 0..per_category {
            let f = frame(category, index, seed);
            // A transparent PNG is the file itself: its luma would lose the alpha.
            let name = if let Some(png) = &f.png {
                let name = format!("{}-{index:03}.png", category.name());
                std::fs::write(out.join(&name), png)?;
                name
            } else {
                let name = format!("{}-{index:03}.pgm", category.name());
                let mut file = std::fs::File::create(out.join(&name))?;
                write!(file, "P5\n{} {}\n255\n", f.width, f.height)?;
                file.write_all(&f.luma)?;
                name
            };
            if png && f.png.is_none() {
                let img =
                    image::GrayImage::from_raw(f.width as u32, f.height as u32, f.luma.clone())
                        .ok_or("frame size")?;
                img.save(out.join(name.replace(".pgm", ".png")))?;
            }
            if let Some(jpeg) = &f.jpeg {
                std::fs::write(
                    out.join(format!("{}-{index:03}.jpg", category.name())),
                    jpeg,
                )?;
            }
            writeln!(
                manifest,
                "{name}\t{}\t{}\t{}\t{}",
                category.name(),
                f.width,
                f.height,
                f.payload
            )?;
        }
    }
    Ok(())
}
