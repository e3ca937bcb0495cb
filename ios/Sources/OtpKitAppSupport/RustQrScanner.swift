import Foundation
import OtpKit
import OtpKitPresentation

/// The bindings' QrScanner, with their ExportBatchTracker for Google exports spread over several
/// codes, as the add screen's `QrFrameScanner`. One per camera session. Picked images come as
/// luma planes too (see `PlatformPickedImage`).
public final class RustQrScanner: QrFrameScanner, @unchecked Sendable {
    private let scanner: any QrScannerProtocol
    private let tracker: any ExportBatchTrackerProtocol

    public init(
        scanner: any QrScannerProtocol = QrScanner(), tracker: any ExportBatchTrackerProtocol = ExportBatchTracker()
    ) {
        self.scanner = scanner
        self.tracker = tracker
    }

    public func recordExportPart(_ code: any ScannedQr) throws -> ExportBatchProgress {
        // Only the scanner's own codes can be tracked: their content never left Rust.
        guard let scanned = code as? RustScannedQr else {
            throw OtpKitFailure(.invalidInput, Texts.failureForeignCode)
        }
        let progress = try mapped { try tracker.record(code: scanned.code) }
        return ExportBatchProgress(
            batchId: Int(progress.batchId), size: Int(progress.size), seen: progress.seen.map(Int.init),
            missing: progress.missing.map(Int.init), complete: progress.complete)
    }

    public func takeCompleteExport(batchId: Int) -> (any OtpKitPresentation.ScannedExport)? {
        tracker.takeComplete(batchId: Int32(clamping: batchId)).map(RustScannedExport.init)
    }

    public func resetExports() { tracker.reset() }

    public func scanLuma(_ frame: LumaFrame) throws -> [any ScannedQr] {
        try mapped {
            try scanner.scanLuma(
                luma: frame.luma, width: Int32(frame.width), height: Int32(frame.height),
                rowStride: Int32(frame.rowStride), rotationDegrees: Int32(frame.rotationDegrees))
        }.map(RustScannedQr.init)
    }
}

/// A scanned code; its text stays in Rust, inside `code`.
struct RustScannedQr: VaultScannedCode, @unchecked Sendable {
    let code: ScannedCode

    var kind: OtpKitPresentation.ScannedKind {
        switch code.kind() {
        case .account: return .account
        case .exportPart: return .exportPart
        case .other: return .other
        }
    }

    func preview() throws -> UriPreview { try mapped { try code.preview() }.preview }

    func add(to vault: any VaultProtocol) throws -> OtpKit.ImportReport {
        try vault.addScanned(code: code)
    }
}

/// A complete export; its codes stay in Rust, inside `export`.
struct RustScannedExport: OtpKitPresentation.ScannedExport, @unchecked Sendable {
    let export: OtpKit.ScannedExport

    var batchId: Int { Int(export.batchId()) }
    var partCount: Int { Int(export.partCount()) }

    func add(to vault: any VaultProtocol) throws -> OtpKit.ImportReport {
        try vault.addScannedExport(export: export)
    }
}
