// QR codes from camera frames through the generated Swift: luma planes rendered by
// tools/qrframes (payloads in its manifest.tsv), fed to a QrScanner as AVFoundation hands them
// over, and added to a vault without the secret leaving Rust.

import Foundation
import OtpKit

/// A luma frame from a binary PGM file, with the payload its code holds.
struct Frame {
    let luma: Data
    let width: Int32
    let height: Int32
    let payload: String

    /// The same picture with padded rows, as camera planes often have.
    func withRowStride(_ stride: Int) -> Data {
        var padded = Data(count: stride * Int(height))
        for row in 0..<Int(height) {
            let source = luma.subdata(in: row * Int(width)..<(row + 1) * Int(width))
            padded.replaceSubrange(row * stride..<row * stride + Int(width), with: source)
        }
        return padded
    }
}

struct Frames {
    let directory: String
    let entries: [String: (file: String, payload: String)]

    init(directory: String) throws {
        self.directory = directory
        let manifest = try String(contentsOfFile: directory + "/manifest.tsv", encoding: .utf8)
        var entries: [String: (String, String)] = [:]
        for line in manifest.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields.count >= 2, entries[fields[1]] == nil {
                entries[fields[1]] = (fields[0], fields.count > 4 ? fields[4] : "")
            }
        }
        self.entries = entries
    }

    /// The first frame of a qrframes category (clean, inverted, dense, no_code, ...).
    func of(_ category: String) throws -> Frame {
        guard let (file, payload) = entries[category] else {
            throw Failure(description: "no \(category) frame in \(directory)")
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file)))
        // "P5\n<width> <height>\n255\n" then the pixels.
        var fields: [String] = []
        var pos = 0
        while fields.count < 4 {
            let start = pos
            while !(bytes[pos] == 0x20 || bytes[pos] == 0x0a) { pos += 1 }
            fields.append(String(decoding: bytes[start..<pos], as: UTF8.self))
            pos += 1
        }
        guard fields[0] == "P5", fields[3] == "255", let width = Int32(fields[1]), let height = Int32(fields[2]) else {
            throw Failure(description: "\(file) is not an 8-bit binary PGM")
        }
        return Frame(
            luma: Data(bytes[pos..<pos + Int(width) * Int(height)]), width: width, height: height, payload: payload)
    }
}

func qrTests(_ suite: Suite, _ frames: Frames) {
    let now = FixedWallClock(millis: 1_700_000_000_000)

    suite.test("an account added from a luma frame gives the codes of the URI the QR code holds") {
        let frame = try frames.of("clean")
        let codes = try QrScanner().scanLuma(
            luma: frame.luma, width: frame.width, height: frame.height, rowStride: frame.width, rotationDegrees: 0)
        try expectEqual(codes.count, 1)
        try expectEqual(codes[0].kind(), .account)
        try expectEqual(try codes[0].preview(), try parseUri(uri: frame.payload))
        try expect(codes[0].corners().count >= 3, "corners \(codes[0].corners())")
        let vault = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore())
        try expectEqual(try vault.addScanned(code: codes[0], now: now).added.count, 1)
        try expectEqual(
            try vault.codesAt(atUnixSeconds: 1_700_000_000).map(\.code),
            [try codeForUri(uri: frame.payload, atUnixSeconds: 1_700_000_000)])
    }

    suite.test("padded rows, a rotated sensor, an inverted code and a Google export are read too") {
        let scanner = QrScanner()
        let clean = try frames.of("clean")
        let stride = clean.width + 64
        let padded = try scanner.scanLuma(
            luma: clean.withRowStride(Int(stride)), width: clean.width, height: clean.height, rowStride: stride,
            rotationDegrees: 90)
        try expectEqual(try padded.map { try $0.preview() }, [try parseUri(uri: clean.payload)])
        let inverted = try frames.of("inverted")
        let read = try scanner.scanLuma(
            luma: inverted.luma, width: inverted.width, height: inverted.height, rowStride: inverted.width,
            rotationDegrees: 0)
        try expectEqual(try read.map { try $0.preview() }, [try parseUri(uri: inverted.payload)])
        let dense = try frames.of("dense")
        let export = try scanner.scanLuma(
            luma: dense.luma, width: dense.width, height: dense.height, rowStride: dense.width, rotationDegrees: 0)
        try expectEqual(export.count, 1)
        try expectEqual(export[0].kind(), .exportPart)
        let preview = try export[0].preview()
        try expectEqual(preview, try parseUri(uri: dense.payload))
        try expect(preview.exportPart != nil && !preview.accounts.isEmpty, "\(preview)")
    }

    suite.test("a frame without a code gives an empty list, not an error") {
        let frame = try frames.of("no_code")
        let codes = try QrScanner().scanLuma(
            luma: frame.luma, width: frame.width, height: frame.height, rowStride: frame.width, rotationDegrees: 0)
        try expectEqual(codes.count, 0)
    }

    suite.test("a frame whose geometry does not match its buffer is InvalidInput with the fix") {
        let scanner = QrScanner()
        let short = try expectOtpKitError {
            try scanner.scanLuma(luma: Data(count: 100), width: 640, height: 480, rowStride: 640, rotationDegrees: 0)
        }
        try expectError(short, "InvalidInput", "the luma buffer holds 100 bytes but 307200 are needed for this width, height and stride")
        let rotation = try expectOtpKitError {
            try scanner.scanLuma(luma: Data(count: 640 * 480), width: 640, height: 480, rowStride: 640, rotationDegrees: 45)
        }
        try expectError(rotation, "InvalidInput", "rotation 45 is not 0, 90, 180 or 270 degrees")
        try expectReason(short, .frameBufferTooSmall, ErrorDetails(length: 100, limit: 307_200))
        try expectReason(rotation, .frameRotationInvalid, ErrorDetails(value: 45))
    }

    suite.test("a scanned code never shows its secret") {
        let frame = try frames.of("clean")
        let secret = frame.payload.components(separatedBy: "secret=")[1].prefix { $0 != "&" }
        let codes = try QrScanner().scanLuma(
            luma: frame.luma, width: frame.width, height: frame.height, rowStride: frame.width, rotationDegrees: 0)
        let shown = "\(codes) \(try codes.map { try $0.preview() }) \(codes.map { $0.corners() })"
        try expect(!shown.contains(String(secret)), shown)
    }
}
