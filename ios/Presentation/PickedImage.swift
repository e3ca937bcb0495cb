import Foundation

/// An image the user picked (a screenshot or a photo of a QR code). The platform decodes it
/// (`CGImageSource`, which also reads HEIC, drawn into an 8-bit grey `CGContext`): the Rust
/// scanner reads only luma planes. `AddAccountViewModel.onImage` calls `decode()` off the main
/// thread and off the view model's actor.
public protocol PickedImage: Sendable {
    /// Decodes the image to a luma plane of at most `PickedImages.maxDecodePixels` pixels (see
    /// `PickedImages.decodeSize`); blocking. Throws when the platform cannot read it.
    func decode() throws -> LumaFrame
}

/// A width x height in pixels.
public struct PixelSize: Sendable, Equatable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// The platform-neutral half of decoding a picked image: how large to decode it.
public enum PickedImages {
    /// Most pixels a picked image is decoded at: 16 MP (4096 x 4096). A 12 MP photo and any
    /// screenshot (scrolling ones too) keep every pixel; a 48 or 200 MP photo is scaled down,
    /// which keeps its codes readable and the grey buffer at 16 MB. Far below the scanner's own
    /// limit (64 Mi pixels, `MAX_PIXELS` in core).
    public static let maxDecodePixels = 4096 * 4096

    /// The size to decode a `width` x `height` image at: as it is up to `maxDecodePixels`
    /// pixels, else scaled down keeping its aspect ratio to at most that many, each side at least
    /// 1. Nil for an image without pixels (a side of 0 or less).
    public static func decodeSize(width: Int, height: Int) -> PixelSize? {
        guard width > 0, height > 0 else { return nil }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        if !overflow, pixels <= maxDecodePixels { return PixelSize(width: width, height: height) }
        let scale = (Double(maxDecodePixels) / (Double(width) * Double(height))).squareRoot()
        var w = max(1, Int(Double(width) * scale))
        var h = max(1, Int(Double(height) * scale))
        // Rounding (or a side clamped to 1) can leave the product above the limit: trim the
        // longer side to fit.
        if w * h > maxDecodePixels {
            if w >= h { w = maxDecodePixels / h } else { h = maxDecodePixels / w }
        }
        return PixelSize(width: w, height: h)
    }

    /// The longer side of `decodeSize`, for `kCGImageSourceThumbnailMaxPixelSize` (which bounds
    /// both sides): nil for an image without pixels.
    public static func maxPixelSide(width: Int, height: Int) -> Int? {
        decodeSize(width: width, height: height).map { max($0.width, $0.height) }
    }
}
