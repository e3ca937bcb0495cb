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
    // The categories below came with issue 13 (real photos the scanner missed). They are
    // declared after `NoCode` so that the frames of the ones above stay as they were (the
    // seed mixes in the declaration order).
    /// A phone held at 35 to 50 degrees to the screen, in both yaw and pitch.
    SteepPerspective,
    /// Badly out of focus: Gaussian blur of 2 to 3.5 pixels on 6 to 10 pixel modules.
    HeavyBlur,
    /// A shaking hand: motion blur of 4 to 12 pixels in any direction.
    MotionBlur,
    /// A code cropped tight (no light margin at all, or half a module): a cut-out image.
    NoQuietZone,
    /// Styled codes: dot or rounded modules, rounded or circular finder patterns.
    Styled,
    /// A logo over the middle of the code (error correction level H).
    Logo,
    /// A picture behind the modules: light modules 90 grey levels darker in places.
    ImageBehind,
    /// Versions 21 to 40 (long payloads) filling most of the frame height.
    HighVersion,
    /// A 12-megapixel photo (4000x3000) in which the code fills about 5% of the area.
    BigPhoto,
    /// A PNG of a code drawn on a transparent background (its luma ignores alpha).
    Transparent,
}

impl Category {
    /// Every category, in the order reports list them.
    pub const ALL: [Category; 22] = [
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
        Category::SteepPerspective,
        Category::HeavyBlur,
        Category::MotionBlur,
        Category::NoQuietZone,
        Category::Styled,
        Category::Logo,
        Category::ImageBehind,
        Category::HighVersion,
        Category::BigPhoto,
        Category::Transparent,
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
            Category::SteepPerspective => "steep_perspective",
            Category::HeavyBlur => "heavy_blur",
            Category::MotionBlur => "motion_blur",
            Category::NoQuietZone => "no_quiet_zone",
            Category::Styled => "styled",
            Category::Logo => "logo",
            Category::ImageBehind => "image_behind",
            Category::HighVersion => "high_version",
            Category::BigPhoto => "big_photo",
            Category::Transparent => "transparent",
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
    /// For `Photo` and `BigPhoto`: the JPEG file the luma was decoded from.
    pub jpeg: Option<Vec<u8>>,
    /// For `Transparent`: the RGBA PNG file (decoders must read this, not `luma`).
    pub png: Option<Vec<u8>>,
}

/// Frame sizes: camera frames alternate 720p and 1080p; photos are 4:3. Tight crops and
/// transparent PNGs take the size of their code instead.
fn frame_size(category: Category, index: u32) -> (usize, usize) {
    match (category, index % 2) {
        (Category::Photo, _) => (1920, 1440),
        (Category::BigPhoto, _) => (4000, 3000),
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
        // 7 to 22 accounts of about 100 bytes: versions 21 to 40 (level M, or L for the longest).
        Category::HighVersion => {
            let accounts = rng.range_u32(7, 22);
            migration_uri(&mut rng, accounts)
        }
        _ => otpauth_uri(&mut rng),
    };
    render::render(&mut rng, category, width, height, &payload)
}
