import Foundation
import OtpKitPresentation

func pickedImageTests(_ suite: Suite) async {
    await suite.test("picked image: up to 16 MP is decoded as it is") {
        try expectEqual(PickedImages.decodeSize(width: 4032, height: 3024), PixelSize(width: 4032, height: 3024), "a 12 MP photo")
        try expectEqual(PickedImages.decodeSize(width: 1290, height: 2796), PixelSize(width: 1290, height: 2796), "a screenshot")
        try expectEqual(PickedImages.decodeSize(width: 4096, height: 4096), PixelSize(width: 4096, height: 4096), "the limit")
        try expectEqual(PickedImages.decodeSize(width: 1, height: 1), PixelSize(width: 1, height: 1))
    }

    await suite.test("picked image: larger images are scaled down to at most 16 MP, keeping their shape") {
        for (width, height) in [(4097, 4096), (16_320, 12_240), (8_160, 6_120), (1_080, 20_000), (12_240, 16_320)] {
            guard let size = PickedImages.decodeSize(width: width, height: height) else { throw Failure(description: "no size") }
            let pixels = size.width * size.height
            try expect(pixels <= PickedImages.maxDecodePixels, "\(width) x \(height) -> \(size)")
            try expect(pixels > PickedImages.maxDecodePixels * 99 / 100, "\(width) x \(height) -> \(size): scaled no more than needed")
            let ratio = (Double(width) / Double(height)) / (Double(size.width) / Double(size.height))
            try expect(abs(ratio - 1) < 0.001, "\(width) x \(height) -> \(size) keeps its shape")
        }
        try expectEqual(PickedImages.decodeSize(width: 16_320, height: 12_240), PixelSize(width: 4729, height: 3547), "200 MP")
        try expectEqual(PickedImages.maxPixelSide(width: 16_320, height: 12_240), 4729)
        try expectEqual(PickedImages.maxPixelSide(width: 1290, height: 2796), 2796)
    }

    await suite.test("picked image: a side that would scale to nothing keeps one pixel, within the limit") {
        try expectEqual(PickedImages.decodeSize(width: 1, height: 100_000_000), PixelSize(width: 1, height: 16_777_216))
        try expectEqual(PickedImages.decodeSize(width: 100_000_000, height: 1), PixelSize(width: 16_777_216, height: 1))
        try expectEqual(PickedImages.decodeSize(width: Int.max, height: Int.max)?.width, 4096, "no overflow")
    }

    await suite.test("picked image: an image without pixels has no decode size") {
        try expectEqual(PickedImages.decodeSize(width: 0, height: 100), nil)
        try expectEqual(PickedImages.decodeSize(width: 100, height: -1), nil)
        try expectEqual(PickedImages.maxPixelSide(width: 0, height: 0), nil)
    }
}
