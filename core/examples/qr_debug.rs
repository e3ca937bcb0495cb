use otpkit_core::qr::{LumaFrame, QrScanner};
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let c = qrframes::Category::from_name(&a[1]).unwrap();
    let i: u32 = a[2].parse().unwrap();
    let f = qrframes::frame(c, i, 1);
    let found = QrScanner::new().scan_luma(LumaFrame::packed(&f.luma, f.width, f.height)).unwrap();
    println!("found {}", found.len());
    image::GrayImage::from_raw(f.width as u32, f.height as u32, f.luma.clone()).unwrap().save("/tmp/dbg.png").unwrap();
}
