use rxing::{LuminanceSource, BinaryBitmap, DecodeHints, Luma8LuminanceSource, Reader, common::HybridBinarizer, qrcode::cpp_port::QrReader};
use std::time::Instant;
fn main() {
    let n: u32 = std::env::args().nth(1).unwrap().parse().unwrap();
    let try_harder = std::env::args().nth(2).is_some();
    for c in qrframes::Category::ALL {
        let (mut ok, mut ms) = (0, vec![]);
        for i in 0..n {
            let f = qrframes::frame(c, i, 1);
            let t = Instant::now();
            let mut texts = vec![];
            for invert in [false, true] {
                let mut src = Luma8LuminanceSource::new(f.luma.clone(), f.width as u32, f.height as u32).unwrap();
                if invert { src.invert(); }
                let mut bmp = BinaryBitmap::new(HybridBinarizer::new(src));
                let mut hints = DecodeHints::default();
                hints.TryHarder = Some(try_harder);
                if let Ok(r) = QrReader.decode_with_hints(&mut bmp, &hints) { texts.push(r.getText().to_string()); break; }
            }
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            let good = if c == qrframes::Category::NoCode { texts.is_empty() } else { texts.iter().any(|t| *t == f.payload) };
            ok += good as u32;
        }
        ms.sort_by(f64::total_cmp);
        println!("{:<14} {ok}/{n} median {:.2} p95 {:.2}", c.name(), ms[ms.len()/2], ms[(ms.len()*95/100).min(ms.len()-1)]);
    }
}
