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

/// A transfer code drawn as an app draws it (4 pixels a module, 4 light modules around it), in
/// the middle of a light frame twice as wide, as a camera sees another phone's screen.
func cameraFrame(_ code: TransferQr) -> Frame {
    let size = Int(code.size())
    let modules = [UInt8](code.modules())
    let side = (size + 8) * 4
    let frameSide = side * 2
    var luma = [UInt8](repeating: 255, count: frameSide * frameSide)
    for y in 0..<size {
        for x in 0..<size where modules[y * size + x] == 1 {
            for py in 0..<4 {
                let start = (side / 2 + (y + 4) * 4 + py) * frameSide + side / 2 + (x + 4) * 4
                for i in start..<start + 4 { luma[i] = 0 }
            }
        }
    }
    return Frame(luma: Data(luma), width: Int32(frameSide), height: Int32(frameSide), payload: "")
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
        try expect(codes[0].corners().count == 4, "corners \(codes[0].corners())")
        let vault = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now)
        try expectEqual(try vault.addScanned(code: codes[0]).added.count, 1)
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

    suite.test("a three-code transfer scanned out of order, with a repeat and a code of another export, is tracked part by part") {
        let source = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now)
        var added = 0
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        while try added == 0 || source.transferQrCodes(accountIds: nil).count < 3 {
            let secret = "JBSWY3DPEHPK3PXPAAAAAA\(letters[added / 26])\(letters[added % 26])"
            _ = try source.addUri(uri: "otpauth://totp/ACME:user\(added)@example.com?secret=\(secret)&issuer=ACME")
            added += 1
        }
        let codes = try source.transferQrCodes(accountIds: nil)
        try expectEqual(codes.map { $0.index() }, [0, 1, 2])
        try expect(codes.allSatisfy { $0.count() == 3 && $0.batchId() == codes[0].batchId() }, "one export of 3")
        try expectEqual(codes.reduce(0) { $0 + Int($1.accountCount()) }, added)
        let others = try source.transferQrCodes(accountIds: [source.accounts()[0].accountId])
        try expectEqual(others.count, 1)
        let other = others[0]
        try expect(other.batchId() != codes[0].batchId(), "each transfer has its own batch id")

        let scanner = QrScanner()
        let tracker = ExportBatchTracker()
        func scan(_ code: TransferQr) throws -> ExportProgress {
            let frame = cameraFrame(code)
            let found = try scanner.scanLuma(
                luma: frame.luma, width: frame.width, height: frame.height, rowStride: frame.width, rotationDegrees: 0)
            try expectEqual(found.count, 1)
            return try tracker.record(code: found[0])
        }
        let id = codes[0].batchId()
        try expectEqual(try scan(codes[2]), ExportProgress(batchId: id, size: 3, seen: [2], missing: [0, 1], complete: false))
        try expectEqual(try scan(codes[2]), ExportProgress(batchId: id, size: 3, seen: [2], missing: [0, 1], complete: false))
        try expectEqual(
            try scan(other), ExportProgress(batchId: other.batchId(), size: 1, seen: [0], missing: [], complete: true))
        try expectEqual(try scan(codes[0]), ExportProgress(batchId: id, size: 3, seen: [0, 2], missing: [1], complete: false))
        try expect(tracker.takeComplete(batchId: id) == nil, "code 2 is missing")
        try expectEqual(try scan(codes[1]), ExportProgress(batchId: id, size: 3, seen: [0, 1, 2], missing: [], complete: true))
        guard let export = tracker.takeComplete(batchId: id) else { throw Failure(description: "no complete export") }
        try expectEqual(export.partCount(), 3)
        try expectEqual(tracker.progress().map(\.batchId), [other.batchId()])
        tracker.reset()
        try expect(tracker.progress().isEmpty, "reset forgets every export")

        let target = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now)
        try expectEqual(try target.addScannedExport(export: export).added.count, added)
        func shown(_ v: Vault) -> [String] {
            v.accounts().map { "\($0.issuer ?? "") \($0.label) \($0.digits) \($0.periodSeconds ?? 0) \($0.algorithm)" }
        }
        try expectEqual(shown(target), shown(source))
        try expectEqual(
            try target.codesAt(atUnixSeconds: 1_700_000_000).map(\.code),
            try source.codesAt(atUnixSeconds: 1_700_000_000).map(\.code))
        let clean = try frames.of("clean")
        let account = try scanner.scanLuma(
            luma: clean.luma, width: clean.width, height: clean.height, rowStride: clean.width, rotationDegrees: 0)
        let refused = try expectOtpKitError { try tracker.record(code: account[0]) }
        guard case .InvalidInput = refused else { throw Failure(description: "\(refused)") }
        try expectReason(refused, .notAnExportCode)
    }

    suite.test("a transfer code's text form shows no secret") {
        let vault = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now)
        _ = try vault.addUri(uri: "otpauth://totp/ACME:jane?secret=JBSWY3DPEHPK3PXP&issuer=ACME")
        let codes = try vault.transferQrCodes(accountIds: nil)
        try expectEqual(codes.count, 1)
        try expect(codes[0].payload().hasPrefix("otpauth-migration://offline?data="), "payload")
        let shown = "\(codes[0]) \(String(describing: codes))"
        try expect(!shown.contains("data=") && !shown.contains("JBSWY3DP"), shown)
        try expectEqual(codes[0].modules().count, Int(codes[0].size() * codes[0].size()))
        _ = try vault.addUri(uri: "otpauth://totp/Slow?secret=JBSWY3DPEHPK3PXPAA&period=60")
        let refused = try expectOtpKitError { try vault.transferQrCodes(accountIds: nil) }
        guard case .InvalidInput(_, _, let message) = refused, message.hasPrefix("account 2 cannot be exported") else {
            throw Failure(description: "\(refused)")
        }
        try expectReason(refused, .exportUnsupportedPeriod, ErrorDetails(position: 2, value: 60))
    }
}
