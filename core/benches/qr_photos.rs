//! QR scanning rate and speed on real photos: the pinned set `scripts/qr_photos_fetch.sh` puts
//! in `target/qr-photos/` (sources and licences: `scripts/qr_photos/`), the same photos
//! `scripts/qr_photos_zxing.py` decodes with zxing-cpp.
//!
//! Run on one core: `taskset -c 1 cargo bench -p otpkit-core --bench qr_photos -- [--dir DIR]
//! [--source NAME] [--json | --reads]`, or `scripts/qr_photos_bench.sh` for the side-by-side
//! table. Each photo is decoded to luma with the `image` crate first; only `scan_luma` is timed.
//! A photo counts as read when the scanner returns every payload the manifest expects; a photo
//! with no expected payload (neither decoder read it) is a miss. `--reads` prints what the
//! scanner read in each photo instead (for `scripts/qr_photos/relabel.py`). Without the set (as
//! in `cargo test --all-targets`) it says so and exits 0; without `--bench` it reads one photo
//! per source, as a smoke run.

use std::path::{Path, PathBuf};
use std::time::Instant;

use otpkit_core::qr::{LumaFrame, QrScanner};

/// One row of `manifest.tsv`: file (relative to the set), source, label, expected payloads.
struct Photo {
    file: String,
    source: String,
    payloads: Vec<String>,
}

/// The manifest escapes `\`, tab, newline and carriage return in payloads.
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn read_manifest(path: &Path) -> Vec<Photo> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|line| !line.is_empty())
        .map(|line| {
            let mut fields = line.split('\t');
            let file = fields.next().expect("file column").to_string();
            let source = fields.next().expect("source column").to_string();
            let _label = fields.next().expect("label column");
            Photo {
                file,
                source,
                payloads: fields.map(unescape).collect(),
            }
        })
        .collect()
}

/// Read count, timings and misses of one source; `codes_read` of `codes` counts the expected
/// payloads returned, so a photo of several codes read in part shows there.
#[derive(Default)]
struct Tally {
    read: usize,
    codes: usize,
    codes_read: usize,
    ms: Vec<f64>,
    missed: Vec<String>,
}

impl Tally {
    fn add(&mut self, photo: &Photo, texts: &[String], ms: f64) {
        let codes_read = photo.payloads.iter().filter(|p| texts.contains(p)).count();
        let ok = !photo.payloads.is_empty() && codes_read == photo.payloads.len();
        self.read += usize::from(ok);
        self.codes += photo.payloads.len();
        self.codes_read += codes_read;
        self.ms.push(ms);
        if !ok {
            self.missed.push(photo.file.clone());
        }
    }

    fn quantile(&self, q: f64) -> f64 {
        let mut sorted = self.ms.clone();
        sorted.sort_by(f64::total_cmp);
        sorted[((q * (sorted.len() - 1) as f64).round() as usize).min(sorted.len() - 1)]
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "read": self.read,
            "photos": self.ms.len(),
            "codes_read": self.codes_read,
            "codes": self.codes,
            "median_ms": self.quantile(0.5),
            "p95_ms": self.quantile(0.95),
            "missed": self.missed,
        })
    }
}

fn main() {
    // `cargo test --all-targets` runs this without `--bench`: one photo per source at most.
    let benching = std::env::args().any(|a| a == "--bench");
    let mut args = std::env::args().skip(1);
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/qr-photos");
    let (mut json, mut reads, mut only) = (false, false, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dir" => dir = PathBuf::from(args.next().expect("--dir DIR")),
            "--source" => only = Some(args.next().expect("--source NAME")),
            "--json" => json = true,
            "--reads" => reads = true,
            _ => {} // cargo passes --bench (or test-harness flags)
        }
    }
    let manifest = dir.join("manifest.tsv");
    if !manifest.is_file() {
        println!(
            "qr_photos: no photo set at {} (scripts/qr_photos_fetch.sh makes it): nothing measured",
            manifest.display()
        );
        return;
    }
    let mut photos = read_manifest(&manifest);
    photos.retain(|p| only.as_ref().is_none_or(|s| *s == p.source));
    if !benching {
        let mut seen = std::collections::HashSet::new();
        photos.retain(|p| seen.insert(p.source.clone()));
    }

    let mut scanner = QrScanner::new();
    // Sources in manifest order, then the total.
    let mut tallies: Vec<(String, Tally)> = Vec::new();
    let mut total = Tally::default();
    for photo in &photos {
        let luma = image::open(dir.join(&photo.file))
            .unwrap_or_else(|e| panic!("cannot decode {}: {e}", photo.file))
            .to_luma8();
        let (width, height) = (luma.width() as usize, luma.height() as usize);
        let start = Instant::now();
        let found = scanner
            .scan_luma(LumaFrame::packed(luma.as_raw(), width, height))
            .expect("valid frame");
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let texts: Vec<String> = found.iter().map(|c| c.text.to_string()).collect();
        if reads {
            let fields: Vec<String> = texts.iter().map(|t| escape(t)).collect();
            println!("{}\t{}", photo.file, fields.join("\t"));
            continue;
        }
        let index = match tallies.iter().position(|(s, _)| *s == photo.source) {
            Some(index) => index,
            None => {
                tallies.push((photo.source.clone(), Tally::default()));
                tallies.len() - 1
            }
        };
        tallies[index].1.add(photo, &texts, ms);
        total.add(photo, &texts, ms);
    }
    if reads || photos.is_empty() {
        return;
    }
    if json {
        let mut summary = serde_json::Map::new();
        for (source, tally) in &tallies {
            summary.insert(source.clone(), tally.json());
        }
        summary.insert("total".into(), total.json());
        println!("{}", serde_json::Value::Object(summary));
        return;
    }
    println!(
        "{:<18}{:>10}{:>10}{:>11}{:>9}  missed",
        "source", "read", "codes", "median ms", "p95 ms"
    );
    let rows = tallies.iter().map(|(s, t)| (s.as_str(), t));
    for (source, tally) in rows.chain([("total", &total)]) {
        println!(
            "{:<18}{:>5}/{:<4}{:>5}/{:<4}{:>11.2}{:>9.2}  {}",
            source,
            tally.read,
            tally.ms.len(),
            tally.codes_read,
            tally.codes,
            tally.quantile(0.5),
            tally.quantile(0.95),
            if source == "total" {
                String::new()
            } else {
                tally.missed.join(" ")
            }
        );
    }
}
