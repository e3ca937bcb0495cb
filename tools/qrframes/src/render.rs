//! Scene, code placement and camera effects.

use crate::{Category, Frame, Rng};
use qrcode::{Color, EcLevel, QrCode};

/// Modules of light margin around the code (the QR standard's quiet zone).
const QUIET: usize = 4;

/// How a dark data module is drawn.
#[derive(Clone, Copy, PartialEq)]
enum ModuleShape {
    Square,
    /// A dot of this radius, in modules.
    Dot(f32),
    /// A square with corners of this radius, in modules.
    Rounded(f32),
}

/// How the three finder patterns are drawn.
#[derive(Clone, Copy, PartialEq)]
enum FinderShape {
    Square,
    /// Rounded rings and centre (messaging apps, printed flyers).
    Rounded,
    /// Concentric circles.
    Circle,
}

/// What the code looks like, beyond its modules' colours.
#[derive(Clone, Copy)]
struct Art {
    /// Modules of light margin drawn around the code.
    quiet: f32,
    modules: ModuleShape,
    finders: FinderShape,
    /// A logo over the middle: its side as a fraction of the code's.
    logo: Option<f32>,
    /// A picture behind the modules: how much darker (light modules) or lighter (dark ones)
    /// it makes them at most, in grey levels.
    picture: f32,
}

impl Default for Art {
    fn default() -> Self {
        Art {
            quiet: QUIET as f32,
            modules: ModuleShape::Square,
            finders: FinderShape::Square,
            logo: None,
            picture: 0.0,
        }
    }
}

/// How one frame is rendered; drawn at random per category.
struct Look {
    /// Code side including the quiet zone, as a fraction of the frame height (ignored when
    /// `module_px` is set).
    side_frac: f32,
    /// Pixels per module, when the category fixes the module size instead of the code size.
    module_px: Option<f32>,
    rotation_deg: f32,
    tilt_x_deg: f32,
    tilt_y_deg: f32,
    /// Luma of dark and light modules (dark > light for inverted codes).
    dark: f32,
    light: f32,
    /// Dark-mode scene (for inverted codes).
    dark_scene: bool,
    scene_bg: f32,
    /// Optical blur (Gaussian sigma in pixels); `None` uses a module-relative sigma.
    blur_px: f32,
    blur_modules: Option<f32>,
    noise: f32,
    gradient: f32,
    glare: f32,
    moire: f32,
    jpeg_quality: Option<u8>,
    /// Motion blur: length in pixels and direction in radians.
    motion: Option<(f32, f32)>,
    art: Art,
}

fn deg(rng: &mut Rng, lo: f32, hi: f32) -> f32 {
    let magnitude = rng.range(lo, hi);
    if rng.unit() < 0.5 {
        -magnitude
    } else {
        magnitude
    }
}

fn look(rng: &mut Rng, category: Category) -> Look {
    let mut look = Look {
        side_frac: rng.range(0.3, 0.6),
        module_px: None,
        rotation_deg: rng.range(-8.0, 8.0),
        tilt_x_deg: rng.range(-8.0, 8.0),
        tilt_y_deg: rng.range(-8.0, 8.0),
        dark: rng.range(15.0, 45.0),
        light: rng.range(200.0, 240.0),
        dark_scene: false,
        scene_bg: rng.range(150.0, 235.0),
        blur_px: rng.range(0.5, 0.9),
        blur_modules: None,
        noise: rng.range(2.0, 4.0),
        gradient: rng.range(0.0, 0.2),
        glare: 0.0,
        moire: 0.0,
        jpeg_quality: None,
        motion: None,
        art: Art::default(),
    };
    match category {
        Category::Clean | Category::NoCode => {}
        Category::Rotated => look.rotation_deg = rng.range(0.0, 360.0),
        Category::Perspective => {
            look.rotation_deg = rng.range(-20.0, 20.0);
            look.tilt_x_deg = deg(rng, 20.0, 40.0);
            look.tilt_y_deg = deg(rng, 20.0, 40.0);
        }
        Category::Noisy => look.noise = rng.range(16.0, 26.0),
        Category::LowContrast => {
            look.light = rng.range(165.0, 195.0);
            look.dark = look.light - rng.range(25.0, 45.0);
            look.scene_bg = rng.range(200.0, 240.0);
        }
        Category::Inverted => {
            look.dark = rng.range(190.0, 235.0);
            look.light = rng.range(15.0, 45.0);
            look.dark_scene = true;
            look.scene_bg = rng.range(15.0, 50.0);
        }
        Category::Small => look.module_px = Some(rng.range(2.3, 3.2)),
        Category::Dense => look.side_frac = rng.range(0.6, 0.85),
        Category::UnevenLight => {
            look.gradient = rng.range(0.5, 0.7);
            look.glare = rng.range(40.0, 90.0);
        }
        Category::Blurred => {
            look.module_px = Some(rng.range(5.0, 9.0));
            look.blur_modules = Some(rng.range(0.28, 0.4));
        }
        Category::Photo => {
            look.rotation_deg = rng.range(-20.0, 20.0);
            look.tilt_x_deg = deg(rng, 5.0, 30.0);
            look.tilt_y_deg = deg(rng, 5.0, 30.0);
            look.blur_px = rng.range(0.8, 1.6);
            look.moire = rng.range(6.0, 16.0);
            look.gradient = rng.range(0.2, 0.5);
            look.glare = rng.range(0.0, 50.0);
            look.noise = rng.range(4.0, 9.0);
            look.jpeg_quality = Some(rng.range_u32(45, 85) as u8);
        }
        Category::SteepPerspective => {
            look.rotation_deg = rng.range(-20.0, 20.0);
            look.tilt_x_deg = deg(rng, 35.0, 50.0);
            look.tilt_y_deg = deg(rng, 35.0, 50.0);
        }
        Category::HeavyBlur => {
            look.module_px = Some(rng.range(6.0, 10.0));
            look.blur_px = rng.range(2.0, 3.5);
        }
        Category::MotionBlur => {
            look.module_px = Some(rng.range(5.0, 9.0));
            look.motion = Some((rng.range(4.0, 12.0), rng.range(0.0, std::f32::consts::PI)));
        }
        Category::NoQuietZone => {
            look.module_px = Some(rng.range(3.0, 8.0));
            look.rotation_deg = 0.0;
            look.tilt_x_deg = 0.0;
            look.tilt_y_deg = 0.0;
            look.art.quiet = rng.range(0.0, 0.5);
        }
        Category::Styled => {
            look.art.modules = if rng.unit() < 0.5 {
                ModuleShape::Dot(rng.range(0.35, 0.5))
            } else {
                ModuleShape::Rounded(rng.range(0.2, 0.5))
            };
            look.art.finders = if rng.unit() < 0.5 {
                FinderShape::Rounded
            } else {
                FinderShape::Circle
            };
        }
        Category::Logo => look.art.logo = Some(rng.range(0.18, 0.28)),
        Category::ImageBehind => look.art.picture = rng.range(50.0, 90.0),
        Category::HighVersion => look.side_frac = rng.range(0.75, 0.95),
        Category::BigPhoto => {
            look.rotation_deg = rng.range(-20.0, 20.0);
            look.tilt_x_deg = deg(rng, 5.0, 25.0);
            look.tilt_y_deg = deg(rng, 5.0, 25.0);
            look.blur_px = rng.range(1.0, 2.0);
            look.moire = rng.range(4.0, 12.0);
            look.gradient = rng.range(0.2, 0.5);
            look.noise = rng.range(3.0, 7.0);
            look.jpeg_quality = Some(rng.range_u32(60, 90) as u8);
            // About 5% of the photo's area: a 775-pixel square in 4000x3000.
            look.side_frac = rng.range(0.23, 0.29);
        }
        // Drawn by `transparent_png`, not through the camera.
        Category::Transparent => {}
    }
    look
}

/// A projective map from the unit square to a quadrilateral (Heckbert's square-to-quad).
#[derive(Clone, Copy)]
struct Homography([f32; 9]);

impl Homography {
    fn square_to_quad(q: [(f32, f32); 4]) -> Self {
        let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = q;
        let (dx1, dx2, dx3) = (x1 - x2, x3 - x2, x0 - x1 + x2 - x3);
        let (dy1, dy2, dy3) = (y1 - y2, y3 - y2, y0 - y1 + y2 - y3);
        let det = dx1 * dy2 - dx2 * dy1;
        let g = (dx3 * dy2 - dx2 * dy3) / det;
        let h = (dx1 * dy3 - dx3 * dy1) / det;
        Homography([
            x1 - x0 + g * x1,
            x3 - x0 + h * x3,
            x0,
            y1 - y0 + g * y1,
            y3 - y0 + h * y3,
            y0,
            g,
            h,
            1.0,
        ])
    }

    fn inverse(&self) -> Self {
        let [a, b, c, d, e, f, g, h, i] = self.0;
        let adj = [
            e * i - f * h,
            c * h - b * i,
            b * f - c * e,
            f * g - d * i,
            a * i - c * g,
            c * d - a * f,
            d * h - e * g,
            b * g - a * h,
            a * e - b * d,
        ];
        Homography(adj)
    }

    fn map(&self, x: f32, y: f32) -> (f32, f32) {
        let m = &self.0;
        let w = m[6] * x + m[7] * y + m[8];
        (
            (m[0] * x + m[1] * y + m[2]) / w,
            (m[3] * x + m[4] * y + m[5]) / w,
        )
    }
}

/// The code's corners in the frame: a square of `side` pixels, rotated, tilted and projected
/// by a pinhole camera, then moved to a random place that keeps it inside the frame.
fn place(rng: &mut Rng, look: &Look, side: f32, width: usize, height: usize) -> [(f32, f32); 4] {
    let (rot, ax, ay) = (
        look.rotation_deg.to_radians(),
        look.tilt_x_deg.to_radians(),
        look.tilt_y_deg.to_radians(),
    );
    let focal = 1.2 * width.max(height) as f32;
    let half = side / 2.0;
    let corners = [(-half, -half), (half, -half), (half, half), (-half, half)].map(|(x, y)| {
        let (x, y) = (x * rot.cos() - y * rot.sin(), x * rot.sin() + y * rot.cos());
        let (y, z) = (y * ax.cos(), y * ax.sin());
        let (x, z) = (x * ay.cos() + z * ay.sin(), -x * ay.sin() + z * ay.cos());
        (focal * x / (focal + z), focal * y / (focal + z))
    });
    let min_x = corners.iter().map(|c| c.0).fold(f32::MAX, f32::min);
    let max_x = corners.iter().map(|c| c.0).fold(f32::MIN, f32::max);
    let min_y = corners.iter().map(|c| c.1).fold(f32::MAX, f32::min);
    let max_y = corners.iter().map(|c| c.1).fold(f32::MIN, f32::max);
    let margin = 8.0;
    let cx = rng.range(
        margin - min_x,
        (width as f32 - margin - max_x).max(margin - min_x + 1.0),
    );
    let cy = rng.range(
        margin - min_y,
        (height as f32 - margin - max_y).max(margin - min_y + 1.0),
    );
    corners.map(|(x, y)| (x + cx, y + cy))
}

fn scene(rng: &mut Rng, look: &Look, width: usize, height: usize) -> Vec<f32> {
    let mut img = vec![look.scene_bg; width * height];
    let fill = |img: &mut Vec<f32>, x0: usize, y0: usize, w: usize, h: usize, v: f32| {
        for y in y0..(y0 + h).min(height) {
            img[y * width + x0.min(width)..y * width + (x0 + w).min(width)].fill(v);
        }
    };
    for _ in 0..rng.range_u32(3, 7) {
        let (w, h) = (
            rng.range(0.1, 0.5) * width as f32,
            rng.range(0.1, 0.5) * height as f32,
        );
        let (x0, y0) = (
            rng.range(0.0, width as f32 - w) as usize,
            rng.range(0.0, height as f32 - h) as usize,
        );
        let level = if look.dark_scene {
            rng.range(20.0, 70.0)
        } else {
            rng.range(look.scene_bg - 80.0, look.scene_bg + 15.0)
                .min(250.0)
        };
        fill(&mut img, x0, y0, w as usize, h as usize, level);
        let text = if look.dark_scene {
            level + rng.range(80.0, 160.0)
        } else {
            level - rng.range(60.0, 120.0)
        };
        let line_h = rng.range_u32(3, 5) as usize;
        let spacing = line_h + rng.range_u32(6, 12) as usize;
        let mut y = y0 + 6;
        while y + line_h < y0 + h as usize {
            let mut x = x0 + 6;
            while x + 10 < x0 + w as usize - 6 {
                let word = rng.range_u32(8, 50) as usize;
                fill(&mut img, x, y, word.min(x0 + w as usize - x), line_h, text);
                x += word + rng.range_u32(4, 9) as usize;
            }
            y += spacing;
        }
    }
    img
}

/// True if the point (`x`, `y`) of a rectangle from (0, 0) to (`w`, `h`) with corners of
/// radius `r` lies inside it.
fn in_rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> bool {
    if !(0.0..w).contains(&x) || !(0.0..h).contains(&y) {
        return false;
    }
    let (cx, cy) = (x.clamp(r, w - r), y.clamp(r, h - r));
    (x - cx).hypot(y - cy) <= r
}

/// A smooth picture (a few soft blobs and a soft stripe) over the code, 0 to 1.
struct Picture(Vec<(f32, f32, f32, f32)>);

impl Picture {
    fn new(rng: &mut Rng) -> Self {
        Picture(
            (0..6)
                .map(|_| {
                    (
                        rng.unit(),
                        rng.unit(),
                        rng.range(0.08, 0.3),
                        rng.range(0.4, 1.0),
                    )
                })
                .collect(),
        )
    }

    fn at(&self, u: f32, v: f32) -> f32 {
        let blobs: f32 = self
            .0
            .iter()
            .map(|&(x, y, r, a)| a * (-((u - x).powi(2) + (v - y).powi(2)) / (2.0 * r * r)).exp())
            .sum();
        (blobs + 0.3 * (0.5 + 0.5 * (9.0 * (u + 0.6 * v)).sin())).min(1.0)
    }
}

/// The code as a drawing: whether a point, in modules from the code's top-left corner
/// (outside the quiet zone), is dark.
struct Drawing<'a> {
    colors: &'a [Color],
    n: usize,
    art: Art,
    /// The picture behind the modules, when the art has one.
    picture: Option<&'a Picture>,
}

impl Drawing<'_> {
    fn is_dark(&self, x: f32, y: f32) -> bool {
        let n = self.n as f32;
        if !(0.0..n).contains(&x) || !(0.0..n).contains(&y) {
            return false;
        }
        if let Some(fraction) = self.art.logo {
            let (half, centre) = (fraction * n / 2.0, n / 2.0);
            if (x - centre).abs() < half && (y - centre).abs() < half {
                // A ring on a light square.
                let d = (x - centre).hypot(y - centre);
                return (0.4 * half..0.75 * half).contains(&d);
            }
        }
        for (ox, oy) in [(0.0, 0.0), (n - 7.0, 0.0), (0.0, n - 7.0)] {
            let (lx, ly) = (x - ox, y - oy);
            if (0.0..7.0).contains(&lx) && (0.0..7.0).contains(&ly) {
                match self.art.finders {
                    FinderShape::Square => break,
                    FinderShape::Rounded => {
                        let ring = in_rounded_rect(lx, ly, 7.0, 7.0, 2.2)
                            && !in_rounded_rect(lx - 1.0, ly - 1.0, 5.0, 5.0, 1.4);
                        return ring || in_rounded_rect(lx - 2.0, ly - 2.0, 3.0, 3.0, 1.0);
                    }
                    FinderShape::Circle => {
                        let d = (lx - 3.5).hypot(ly - 3.5);
                        return (2.5..=3.5).contains(&d) || d <= 1.5;
                    }
                }
            }
        }
        let (mx, my) = (x as usize, y as usize);
        if self.colors[my * self.n + mx] != Color::Dark {
            return false;
        }
        let (fx, fy) = (x.fract(), y.fract());
        match self.art.modules {
            ModuleShape::Square => true,
            ModuleShape::Dot(r) => (fx - 0.5).hypot(fy - 0.5) <= r,
            ModuleShape::Rounded(r) => in_rounded_rect(fx, fy, 1.0, 1.0, r),
        }
    }
}

fn draw_code(
    img: &mut [f32],
    width: usize,
    height: usize,
    drawing: &Drawing<'_>,
    quad: [(f32, f32); 4],
    look: &Look,
    supersample: usize,
) {
    let quiet = drawing.art.quiet;
    let total = drawing.n as f32 + 2.0 * quiet;
    let inverse = Homography::square_to_quad(quad).inverse();
    let x_lo = quad
        .iter()
        .map(|c| c.0)
        .fold(f32::MAX, f32::min)
        .floor()
        .max(0.0) as usize;
    let x_hi = (quad.iter().map(|c| c.0).fold(f32::MIN, f32::max).ceil() as usize).min(width - 1);
    let y_lo = quad
        .iter()
        .map(|c| c.1)
        .fold(f32::MAX, f32::min)
        .floor()
        .max(0.0) as usize;
    let y_hi = (quad.iter().map(|c| c.1).fold(f32::MIN, f32::max).ceil() as usize).min(height - 1);
    let samples = (supersample * supersample) as f32;
    // Which way the picture shifts each colour: towards the other one.
    let towards = if look.dark < look.light { 1.0 } else { -1.0 };
    for y in y_lo..=y_hi {
        for x in x_lo..=x_hi {
            // Counted, not summed per sample: the frames of the categories without a picture
            // stay bit for bit what they were.
            let (mut dark, mut light, mut shades) = (0.0, 0.0, 0.0);
            for sy in 0..supersample {
                for sx in 0..supersample {
                    let px = x as f32 + (sx as f32 + 0.5) / supersample as f32;
                    let py = y as f32 + (sy as f32 + 0.5) / supersample as f32;
                    let (u, v) = inverse.map(px, py);
                    if !(0.0..1.0).contains(&u) || !(0.0..1.0).contains(&v) {
                        continue;
                    }
                    let shade = drawing
                        .picture
                        .map_or(0.0, |p| drawing.art.picture * p.at(u, v) * towards);
                    if drawing.is_dark(u * total - quiet, v * total - quiet) {
                        dark += 1.0;
                        shades += 0.5 * shade;
                    } else {
                        light += 1.0;
                        shades -= shade;
                    }
                }
            }
            if dark + light > 0.0 {
                let pixel = &mut img[y * width + x];
                let outside = samples - dark - light;
                *pixel =
                    (*pixel * outside + look.dark * dark + look.light * light + shades) / samples;
            }
        }
    }
}

/// Motion blur: the mean along a line of `length` pixels at `angle`, sampled every pixel.
fn motion_blur(img: &mut [f32], width: usize, height: usize, length: f32, angle: f32) {
    let steps = length.ceil() as usize + 1;
    let (dx, dy) = (angle.cos(), angle.sin());
    let source = img.to_vec();
    let at = |x: f32, y: f32| {
        let (x, y) = (
            x.round().clamp(0.0, width as f32 - 1.0) as usize,
            y.round().clamp(0.0, height as f32 - 1.0) as usize,
        );
        source[y * width + x]
    };
    for y in 0..height {
        for x in 0..width {
            let sum: f32 = (0..steps)
                .map(|i| {
                    let t = length * (i as f32 / (steps - 1) as f32 - 0.5);
                    at(x as f32 + t * dx, y as f32 + t * dy)
                })
                .sum();
            img[y * width + x] = sum / steps as f32;
        }
    }
}

fn gaussian_blur(img: &mut [f32], width: usize, height: usize, sigma: f32) {
    if sigma < 0.2 {
        return;
    }
    let radius = (3.0 * sigma).ceil() as isize;
    let kernel: Vec<f32> = (-radius..=radius)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let sum: f32 = kernel.iter().sum();
    let kernel: Vec<f32> = kernel.iter().map(|k| k / sum).collect();
    let mut tmp = vec![0.0; img.len()];
    let clamp = |v: isize, hi: usize| v.clamp(0, hi as isize - 1) as usize;
    for y in 0..height {
        let row = &img[y * width..(y + 1) * width];
        for x in 0..width {
            tmp[y * width + x] = kernel
                .iter()
                .enumerate()
                .map(|(k, w)| w * row[clamp(x as isize + k as isize - radius, width)])
                .sum();
        }
    }
    for y in 0..height {
        for x in 0..width {
            img[y * width + x] = kernel
                .iter()
                .enumerate()
                .map(|(k, w)| w * tmp[clamp(y as isize + k as isize - radius, height) * width + x])
                .sum();
        }
    }
}

/// Camera response: gradient and vignette, glare, moiré beat pattern, sensor noise.
fn light_and_noise(
    rng: &mut Rng,
    img: &mut [f32],
    width: usize,
    height: usize,
    look: &Look,
    glare_at: (f32, f32),
) {
    let angle = rng.range(0.0, std::f32::consts::TAU);
    let (dx, dy) = (angle.cos(), angle.sin());
    let extent = (width as f32 * dx.abs() + height as f32 * dy.abs()).max(1.0);
    let offset = if dx < 0.0 { -(width as f32) * dx } else { 0.0 }
        + if dy < 0.0 { -(height as f32) * dy } else { 0.0 };
    let glare_r = rng.range(0.08, 0.2) * width as f32;
    let (m1, m2) = (
        rng.range(0.0, std::f32::consts::PI),
        rng.range(0.0, std::f32::consts::PI),
    );
    let (p1, p2) = (rng.range(8.0, 40.0), rng.range(8.0, 40.0));
    let half_diag = ((width * width + height * height) as f32).sqrt() / 2.0;
    for y in 0..height {
        for x in 0..width {
            let (fx, fy) = (x as f32, y as f32);
            let t = (fx * dx + fy * dy + offset) / extent;
            let r = ((fx - width as f32 / 2.0).hypot(fy - height as f32 / 2.0)) / half_diag;
            let gain = (1.0 - look.gradient * t) * (1.0 - 0.2 * r * r);
            let mut v = img[y * width + x] * gain;
            if look.glare > 0.0 {
                let d2 = (fx - glare_at.0).powi(2) + (fy - glare_at.1).powi(2);
                v += look.glare * (-d2 / (2.0 * glare_r * glare_r)).exp();
            }
            if look.moire > 0.0 {
                let a = (std::f32::consts::TAU * (fx * m1.cos() + fy * m1.sin()) / p1).sin();
                let b = (std::f32::consts::TAU * (fx * m2.cos() + fy * m2.sin()) / p2).sin();
                v += look.moire * a * b;
            }
            img[y * width + x] = v + look.noise * rng.normal();
        }
    }
}

fn jpeg_round_trip(luma: &[u8], width: usize, height: usize, quality: u8) -> (Vec<u8>, Vec<u8>) {
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, quality)
        .encode(
            luma,
            width as u32,
            height as u32,
            image::ExtendedColorType::L8,
        )
        .expect("encoding an in-memory luma image as JPEG");
    let decoded = image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg)
        .expect("decoding the JPEG just written")
        .to_luma8()
        .into_raw();
    (decoded, jpeg)
}

/// The error correction level a category's codes use: what their makers choose (a logo or a
/// picture needs level H; Google's exports use L).
fn ec_level(category: Category, payload: &str) -> EcLevel {
    match category {
        Category::Dense => EcLevel::L,
        // The longest exports only fit at level L, as Google's own do.
        Category::HighVersion
            if QrCode::with_error_correction_level(payload, EcLevel::M).is_err() =>
        {
            EcLevel::L
        }
        Category::Logo | Category::ImageBehind => EcLevel::H,
        Category::Styled => EcLevel::Q,
        _ => EcLevel::M,
    }
}

pub(crate) fn render(
    rng: &mut Rng,
    category: Category,
    mut width: usize,
    mut height: usize,
    payload: &str,
) -> Frame {
    let look = look(rng, category);
    if category == Category::Transparent {
        return transparent_png(rng, payload);
    }
    let code = (category != Category::NoCode).then(|| {
        QrCode::with_error_correction_level(payload, ec_level(category, payload))
            .expect("payload fits in a QR code")
    });
    let total = code
        .as_ref()
        .map_or(0.0, |c| c.width() as f32 + 2.0 * look.art.quiet);
    let side = match look.module_px {
        Some(px) => px * total,
        None => look.side_frac * height as f32,
    };
    if category == Category::NoQuietZone {
        // The frame is the code, cut out.
        (width, height) = (side.ceil() as usize, side.ceil() as usize);
    }
    let mut img = scene(rng, &look, width, height);
    let mut glare_at = (rng.range(0.0, width as f32), rng.range(0.0, height as f32));
    let mut blur = look.blur_px;
    if let Some(code) = &code {
        let quad = if category == Category::NoQuietZone {
            [(0.0, 0.0), (side, 0.0), (side, side), (0.0, side)]
        } else {
            place(rng, &look, side, width, height)
        };
        let supersample = if side / total < 4.0 { 4 } else { 2 };
        let picture = (look.art.picture > 0.0).then(|| Picture::new(rng));
        let colors = code.to_colors();
        let drawing = Drawing {
            colors: &colors,
            n: code.width(),
            art: look.art,
            picture: picture.as_ref(),
        };
        draw_code(&mut img, width, height, &drawing, quad, &look, supersample);
        glare_at = (
            quad.iter().map(|c| c.0).sum::<f32>() / 4.0 + rng.range(-0.3, 0.3) * side,
            quad.iter().map(|c| c.1).sum::<f32>() / 4.0 + rng.range(-0.3, 0.3) * side,
        );
        if let Some(modules) = look.blur_modules {
            blur = modules * side / total;
        }
    }
    gaussian_blur(&mut img, width, height, blur);
    if let Some((length, angle)) = look.motion {
        motion_blur(&mut img, width, height, length, angle);
    }
    light_and_noise(rng, &mut img, width, height, &look, glare_at);
    let mut luma: Vec<u8> = img
        .iter()
        .map(|v| v.round().clamp(0.0, 255.0) as u8)
        .collect();
    let mut jpeg = None;
    if let Some(quality) = look.jpeg_quality {
        let (decoded, file) = jpeg_round_trip(&luma, width, height, quality);
        luma = decoded;
        jpeg = Some(file);
    }
    Frame {
        category,
        width,
        height,
        luma,
        payload: payload.to_string(),
        jpeg,
        png: None,
    }
}

/// A PNG of a code as web pages and apps save it: dark modules opaque, everything else fully
/// transparent (black or white underneath), 3 to 8 pixels per module, a quiet zone of 0 to 4
/// modules; one in three drawn light, for a dark page. The frame's luma is the naive reading
/// that ignores alpha.
fn transparent_png(rng: &mut Rng, payload: &str) -> Frame {
    let code = QrCode::with_error_correction_level(payload, EcLevel::M)
        .expect("payload fits in a QR code");
    let (n, colors) = (code.width(), code.to_colors());
    let scale = rng.range_u32(3, 8) as usize;
    let quiet = rng.range_u32(0, 4) as usize;
    let ink: [u8; 3] = if rng.unit() < 1.0 / 3.0 {
        [250, 250, 250]
    } else {
        [0, 0, 0]
    };
    let under: [u8; 3] = if rng.unit() < 0.5 {
        [0, 0, 0]
    } else {
        [255, 255, 255]
    };
    let side = (n + 2 * quiet) * scale;
    let image = image::RgbaImage::from_fn(side as u32, side as u32, |x, y| {
        let dark = is_dark_module(&colors, n, quiet, scale, (x, y));
        let [r, g, b] = if dark { ink } else { under };
        image::Rgba([r, g, b, if dark { 255 } else { 0 }])
    });
    let luma = image.pixels().map(|p| p.0[0]).collect();
    let png = encode_png(&image);
    Frame {
        category: Category::Transparent,
        width: side,
        height: side,
        luma,
        payload: payload.to_string(),
        jpeg: None,
        png: Some(png),
    }
}

/// A plain PNG of a QR code holding `text`: `scale` pixels per module, a 4-module quiet zone,
/// dark grey on near white (test fixtures, the CLI's examples).
pub fn clean_code_png(text: &str, scale: u32) -> Vec<u8> {
    let code =
        QrCode::with_error_correction_level(text, EcLevel::M).expect("text fits in a QR code");
    let (n, colors) = (code.width(), code.to_colors());
    let side = ((n + 2 * QUIET) * scale as usize) as u32;
    let image = image::GrayImage::from_fn(side, side, |x, y| {
        let dark = is_dark_module(&colors, n, QUIET, scale as usize, (x, y));
        image::Luma([if dark { 24 } else { 240 }])
    });
    encode_png(&image)
}

/// True if pixel (`x`, `y`) of a code drawn at `scale` pixels per module, with `quiet` modules
/// of margin, falls on a dark module of `colors` (`n` modules a side).
fn is_dark_module(
    colors: &[Color],
    n: usize,
    quiet: usize,
    scale: usize,
    (x, y): (u32, u32),
) -> bool {
    let (mx, my) = (
        (x as usize / scale).wrapping_sub(quiet),
        (y as usize / scale).wrapping_sub(quiet),
    );
    mx < n && my < n && colors[my * n + mx] == Color::Dark
}

/// `image` as the bytes of a PNG file.
fn encode_png<P: image::PixelWithColorType>(
    image: &image::ImageBuffer<P, Vec<P::Subpixel>>,
) -> Vec<u8>
where
    [P::Subpixel]: image::EncodableLayout,
{
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encoding a PNG in memory");
    png
}
