//! Seeded generator of camera-like QR frames for the scanner's tests and benchmarks.
//!
//! Each frame is a luma plane as a phone camera would hand it over when pointed at a laptop
//! screen: a cluttered scene (windows, text lines) with a QR code placed by a perspective
//! transform, then camera effects (blur, uneven light, noise, moiré, JPEG). The same
//! `(category, index, seed)` always gives the same frame, so Rust and Python decode the same
//! pixels. The `Photo` category is a simulation of a phone photo of a screen (perspective, blur,
//! moiré, uneven light, noise, JPEG compression), not a real photo.

mod payload;
mod render;
mod rng;

pub use payload::{migration_part_uri, migration_uri, otpauth_uri};
pub use render::clean_code_png;
pub use rng::Rng;

/// What a frame stresses. Every category except `NoCode` holds exactly one QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Upright, sharp enough, even light.
    Clean,
    /// Any in-plane rotation.
    Rotated,
    /// Strong tilt: the code is a trapezoid.
    Perspective,
    /// Heavy sensor noise.
    Noisy,
    /// Dim screen: 25 to 45 grey levels between dark and light modules in a bright scene.
    LowContrast,
    /// Light modules on a dark background (dark-mode apps).
    Inverted,
    /// A small code in a big frame: 2.3 to 3.2 pixels per module.
    Small,
    /// A Google Authenticator export (migration batch of 8 to 12 accounts): a dense code.
    Dense,
    /// A steep light gradient and glare across the code.
    UnevenLight,
    /// Out of focus: blur of 0.28 to 0.4 module widths.
    Blurred,
    /// Simulated phone photo of a screen: 1920x1440, tilt, blur, moiré, uneven light, noise,
    /// JPEG quality 45 to 85.
    Photo,
    /// A scene without any QR code: the scanner must reject it quickly.
    NoCode,
}

impl Category {
    /// Every category, in the order reports list them.
    pub const ALL: [Category; 12] = [
        Category::Clean,
        Category::Rotated,
        Category::Perspective,
        Category::Noisy,
        Category::LowContrast,
        Category::Inverted,
        Category::Small,
        Category::Dense,
        Category::UnevenLight,
        Category::Blurred,
        Category::Photo,
        Category::NoCode,
    ];

    /// A stable name for file names and reports.
    pub fn name(self) -> &'static str {
        match self {
            Category::Clean => "clean",
            Category::Rotated => "rotated",
            Category::Perspective => "perspective",
            Category::Noisy => "noisy",
            Category::LowContrast => "low_contrast",
            Category::Inverted => "inverted",
            Category::Small => "small",
            Category::Dense => "dense",
            Category::UnevenLight => "uneven_light",
            Category::Blurred => "blurred",
            Category::Photo => "photo",
            Category::NoCode => "no_code",
        }
    }

    /// The category with this [`Category::name`].
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One generated frame.
#[derive(Clone)]
pub struct Frame {
    /// What it stresses.
    pub category: Category,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Luma, one byte per pixel, row stride = width.
    pub luma: Vec<u8>,
    /// The text the code holds; empty for `NoCode`.
    pub payload: String,
    /// For `Photo`: the JPEG file the luma was decoded from.
    pub jpeg: Option<Vec<u8>>,
}

/// Frame sizes: camera frames alternate 720p and 1080p; photos are 4:3.
pub fn frame_size(category: Category, index: u32) -> (usize, usize) {
    match (category, index % 2) {
        (Category::Photo, _) => (1920, 1440),
        (_, 0) => (1280, 720),
        _ => (1920, 1080),
    }
}

/// Renders frame `index` of `category`; the same arguments always give the same pixels.
pub fn frame(category: Category, index: u32, seed: u64) -> Frame {
    let mut rng = Rng::new(
        seed ^ (category as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(index) << 20,
    );
    let (width, height) = frame_size(category, index);
    let payload = match category {
        Category::NoCode => String::new(),
        Category::Dense => {
            let accounts = rng.range_u32(8, 12);
            migration_uri(&mut rng, accounts)
        }
        _ => otpauth_uri(&mut rng),
    };
    render::render(&mut rng, category, width, height, &payload)
}
