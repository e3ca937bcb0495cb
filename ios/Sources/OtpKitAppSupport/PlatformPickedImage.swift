#if canImport(ImageIO) && canImport(CoreGraphics)
    import CoreGraphics
    import Foundation
    import ImageIO
    import OtpKitPresentation

    /// A picked image decoded by ImageIO (PNG, JPEG, HEIC, ...; the EXIF orientation applied),
    /// scaled to at most `PickedImages.maxDecodePixels` pixels and drawn into an 8-bit grey
    /// `CGContext`: the luma plane the scanner reads. `decode()` blocks:
    /// `AddAccountViewModel.onImage` calls it in a detached task.
    public struct PlatformPickedImage: PickedImage {
        private let data: Data

        public init(data: Data) {
            self.data = data
        }

        public func decode() throws -> LumaFrame {
            guard let source = CGImageSourceCreateWithData(data as CFData, nil),
                let properties = CGImageSourceCopyPropertiesAtIndex(source, 0, nil) as? [CFString: Any],
                let width = properties[kCGImagePropertyPixelWidth] as? Int,
                let height = properties[kCGImagePropertyPixelHeight] as? Int,
                // The longer side bounds both sides whatever the EXIF orientation turns.
                let maxSide = PickedImages.maxPixelSide(width: width, height: height)
            else { throw Unreadable(step: "reading the image's size") }
            let options: [CFString: Any] = [
                kCGImageSourceCreateThumbnailFromImageAlways: true,
                kCGImageSourceCreateThumbnailWithTransform: true,
                kCGImageSourceThumbnailMaxPixelSize: maxSide,
                kCGImageSourceShouldCacheImmediately: true,
            ]
            guard let image = CGImageSourceCreateThumbnailAtIndex(source, 0, options as CFDictionary) else {
                throw Unreadable(step: "decoding the pixels")
            }
            let (w, h) = (image.width, image.height)
            // 8-bit grey without alpha (a format CGBitmapContext supports); CoreGraphics picks the
            // row length (bytesPerRow 0), which the scanner reads as the stride.
            guard
                let context = CGContext(
                    data: nil, width: w, height: h, bitsPerComponent: 8, bytesPerRow: 0,
                    space: CGColorSpaceCreateDeviceGray(), bitmapInfo: CGImageAlphaInfo.none.rawValue)
            else { throw Unreadable(step: "making a \(w)x\(h) grey buffer") }
            let all = CGRect(x: 0, y: 0, width: w, height: h)
            // White first: a dark code on a transparent background stays dark on light.
            context.setFillColor(gray: 1, alpha: 1)
            context.fill(all)
            context.draw(image, in: all)
            guard let pixels = context.data else { throw Unreadable(step: "reading the grey buffer") }
            let stride = context.bytesPerRow
            return LumaFrame(
                luma: Data(bytes: pixels, count: stride * h), width: w, height: h, rowStride: stride,
                rotationDegrees: 0)
        }

        /// The platform could not read the image (not an image, damaged, too large for memory).
        struct Unreadable: Error, CustomStringConvertible {
            let step: String
            var description: String { "the image could not be read (\(step))" }
        }
    }
#endif
