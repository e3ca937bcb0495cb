import Foundation
import OtpKit
import OtpKitPresentation

/// The bindings' QrScanner as the add screen's `QrFrameScanner`. One per camera session. Picked
/// images come as luma planes too (see `PlatformPickedImage`).
public final class RustQrScanner: QrFrameScanner, @unchecked Sendable {
    private let scanner: any QrScannerProtocol

    public init(scanner: any QrScannerProtocol = QrScanner()) {
        self.scanner = scanner
    }

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

    func add(to vault: any VaultProtocol, clock: any WallClock) throws -> OtpKit.ImportReport {
        try vault.addScanned(code: code, now: clock)
    }
}
