//! QR scanning rate and speed per frame category, on frames from the seeded generator
//! (`tools/qrframes`), the same frames `scripts/qr_bench_zxing.py` decodes with zxing-cpp.
//!
//! Run on one core: `taskset -c 1 cargo bench -p otpkit-core --bench qr -- [--per-category N]
//! [--seed S] [--category NAME] [--decoder ours|plain-rqrr|plain-rxing] [--json]`, or
//! `scripts/qr_bench.sh` for the side-by-side table. A frame counts as read when the scanner
//! returns its exact payload; a `no_code` frame when it returns nothing. `plain-rqrr` and
//! `plain-rxing` run that decoder alone on the raw frame, as a baseline. The last row,
//! `all_codes`, is every frame that holds a code.

use std::time::Instant;

use otpkit_core::qr::{LumaFrame, QrScanner};
use qrframes::{frame, Category, Frame};

/// What decodes the frames: our scanner, or a decoder alone on the raw frame as a baseline.
#[derive(Clone, Copy, PartialEq)]
enum Subject {
    Scanner,
    PlainRqrr,
    PlainRxing,
}

fn decode(subject: Subject, scanner: &mut QrScanner, f: &Frame) -> Vec<String> {
    match subject {
        // A transparent PNG goes in as the file, as an app hands over a saved image.
        Subject::Scanner => match &f.png {
            Some(png) => scanner.scan_image_bytes(png).expect("a valid PNG"),
            None => scanner
                .scan_luma(LumaFrame::packed(&f.luma, f.width, f.height))
                .expect("valid frame"),
        }
        .iter()
        .map(|c| c.text.to_string())
        .collect(),
        Subject::PlainRqrr => std::panic::catch_unwind(|| {
            let image = image::GrayImage::from_raw(f.width as u32, f.height as u32, f.luma.clone())
                .unwrap();
            let mut prepared = rqrr::PreparedImage::prepare(image);
            prepared
                .detect_grids()
                .iter()
                .filter_map(|g| g.decode().ok().map(|(_, text)| text))
                .collect()
        })
        .unwrap_or_default(),
        Subject::PlainRxing => {
            // QrReader's QR steps on the whole frame (rxing is built without character sets, so
            // its own results cannot make text: core does the same in src/qr/decode.rs).
            use rxing::common::{DetectorRXingResult, HybridBinarizer};
            use rxing::qrcode::cpp_port::{decoder, detector};
            use rxing::{BinaryBitmap, Luma8LuminanceSource};
            let source =
                Luma8LuminanceSource::new(f.luma.clone(), f.width as u32, f.height as u32).unwrap();
            let bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
            let matrix = bitmap.get_black_matrix();
            let mut patterns = detector::FindFinderPatterns(matrix, false, 0);
            detector::GenerateFinderPatternSets(&mut patterns)
                .iter()
                .filter_map(|set| detector::SampleQR(matrix, set).ok())
                .filter_map(|detected| decoder::Decode(detected.getBits()).ok())
                .filter(|result| result.isValid())
                .map(|result| String::from_utf8_lossy(result.content().bytes()).into_owned())
                .take(1)
                .collect()
        }
    }
}

/// One line of the report: name, frames read, frames, median, p95, and the same two over the
/// 1280x720 frames, and the frames missed.
type Row = (
    &'static str,
    usize,
    usize,
    f64,
    f64,
    Option<f64>,
    Option<f64>,
    Vec<u32>,
);

fn row(name: &'static str, read: usize, ms: &[f64], ms_720p: &[f64], missed: Vec<u32>) -> Row {
    let mut sorted = ms.to_vec();
    sorted.sort_by(f64::total_cmp);
    (
        name,
        read,
        ms.len(),
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.95),
        quantile(ms_720p, 0.5),
        quantile(ms_720p, 0.95),
        missed,
    )
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((q * (sorted.len() - 1) as f64).round() as usize).min(sorted.len() - 1)]
}

fn quantile(values: &[f64], q: f64) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    (!v.is_empty()).then(|| percentile(&v, q))
}

fn main() {
    // `cargo test --all-targets` runs this without `--bench`: a smoke run of one frame per
    // category, so the test suite stays fast.
    let benching = std::env::args().any(|a| a == "--bench");
    let mut args = std::env::args().skip(1);
    let (mut per_category, mut seed, mut json, mut only) = (30u32, 1u64, false, None);
    let mut subject = Subject::Scanner;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--per-category" => {
                per_category = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--per-category N")
            }
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed S"),
            "--category" => only = Category::from_name(&args.next().expect("--category NAME")),
            "--json" => json = true,
            "--decoder" => {
                subject = match args.next().as_deref() {
                    Some("ours") => Subject::Scanner,
                    Some("plain-rqrr") => Subject::PlainRqrr,
                    Some("plain-rxing") => Subject::PlainRxing,
                    other => {
                        panic!("--decoder ours|plain-rqrr|plain-rxing, not {other:?}")
                    }
                }
            }
            _ => {} // cargo passes --bench (or test-harness flags)
        }
    }
    if !benching {
        per_category = per_category.min(1);
    }
    let mut scanner = QrScanner::new();
    let mut report = Vec::new();
    let (mut all_read, mut all_ms, mut all_ms_720p) = (0, Vec::new(), Vec::new());
    for category in Category::ALL
        .into_iter()
        .filter(|c| only.is_none_or(|o| o == *c))
    {
        let (mut read, mut ms, mut ms_720p, mut missed) = (0, Vec::new(), Vec::new(), Vec::new());
        for index in 0..per_category {
            let f = frame(category, index, seed);
            let start = Instant::now();
            let found = decode(subject, &mut scanner, &f);
            let elapsed = start.elapsed().as_secs_f64() * 1000.0;
            let ok = if category == Category::NoCode {
                found.is_empty()
            } else {
                found.contains(&f.payload)
            };
            read += usize::from(ok);
            if !ok {
                missed.push(index);
            }
            ms.push(elapsed);
            if elapsed > 12.0 && !json {
                eprintln!(
                    "slow: {} {index} {}x{} {elapsed:.1} ms read={ok}",
                    category.name(),
                    f.width,
                    f.height
                );
            }
            if (f.width, f.height) == (1280, 720) {
                ms_720p.push(elapsed);
            }
        }
        if category != Category::NoCode {
            all_read += read;
            all_ms.extend_from_slice(&ms);
            all_ms_720p.extend_from_slice(&ms_720p);
        }
        report.push(row(category.name(), read, &ms, &ms_720p, missed));
    }
    if !all_ms.is_empty() {
        report.push(row(
            "all_codes",
            all_read,
            &all_ms,
            &all_ms_720p,
            Vec::new(),
        ));
    }
    if json {
        let entries: Vec<String> = report
            .iter()
            .map(|(c, read, n, med, p95, med720, p95_720, _)| {
                let or_null = |v: &Option<f64>| v.map_or("null".to_string(), |m| format!("{m:.3}"));
                format!(
                    "\"{}\": {{\"read\": {read}, \"frames\": {n}, \"median_ms\": {med:.3}, \"p95_ms\": {p95:.3}, \"median_720p_ms\": {}, \"p95_720p_ms\": {}}}",
                    c,
                    or_null(med720),
                    or_null(p95_720)
                )
            })
            .collect();
        println!("{{{}}}", entries.join(", "));
        return;
    }
    println!(
        "{:<14}{:>9}{:>11}{:>9}{:>13}{:>10}  missed",
        "category", "read", "median ms", "p95 ms", "720p median", "720p p95"
    );
    for (c, read, n, med, p95, med720, p95_720, missed) in &report {
        let or_dash = |v: &Option<f64>| v.map_or("-".to_string(), |m| format!("{m:.2}"));
        println!(
            "{:<14}{:>4}/{:<4}{:>11.2}{:>9.2}{:>13}{:>10}  {missed:?}",
            c,
            read,
            n,
            med,
            p95,
            or_dash(med720),
            or_dash(p95_720)
        );
    }
}
