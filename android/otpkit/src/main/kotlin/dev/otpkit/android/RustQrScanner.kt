package dev.otpkit.android

import dev.otpkit.QrScannerInterface
import dev.otpkit.ScannedCode
import dev.otpkit.ScannedKind as RustScannedKind
import dev.otpkit.VaultInterface
import dev.otpkit.WallClock
import dev.otpkit.presentation.LumaFrame
import dev.otpkit.presentation.QrFrameScanner
import dev.otpkit.presentation.ScannedKind
import dev.otpkit.presentation.ScannedQr
import dev.otpkit.presentation.UriPreview

/**
 * The bindings' QrScanner as the add screen's [QrFrameScanner]. One per camera session. Picked
 * images come as luma planes too (see [PlatformPickedImage]).
 */
class RustQrScanner(private val scanner: QrScannerInterface) : QrFrameScanner {
    override fun scanLuma(frame: LumaFrame): List<ScannedQr> = mapped {
        scanner.scanLuma(frame.luma, frame.width, frame.height, frame.rowStride, frame.rotationDegrees)
            .map(::RustScannedQr)
    }
}

/** A scanned code; its text stays in Rust, inside [code]. */
internal class RustScannedQr(private val code: ScannedCode) : VaultScannedCode {
    override val kind: ScannedKind = when (code.kind()) {
        RustScannedKind.ACCOUNT -> ScannedKind.Account
        RustScannedKind.EXPORT_PART -> ScannedKind.ExportPart
        RustScannedKind.OTHER -> ScannedKind.Other
    }

    override fun preview(): UriPreview = mapped { code.preview().toUriPreview() }

    override fun addTo(vault: VaultInterface, clock: WallClock) = vault.addScanned(code, clock)
}
