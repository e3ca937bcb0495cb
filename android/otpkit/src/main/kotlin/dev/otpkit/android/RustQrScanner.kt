package dev.otpkit.android

import dev.otpkit.ExportBatchTracker
import dev.otpkit.ExportBatchTrackerInterface
import dev.otpkit.QrScannerInterface
import dev.otpkit.ScannedCode
import dev.otpkit.ScannedExport as RustExport
import dev.otpkit.ScannedKind as RustScannedKind
import dev.otpkit.VaultInterface
import dev.otpkit.WallClock
import dev.otpkit.presentation.ExportBatchProgress
import dev.otpkit.presentation.FailureKind
import dev.otpkit.presentation.LumaFrame
import dev.otpkit.presentation.OtpKitFailure
import dev.otpkit.presentation.QrFrameScanner
import dev.otpkit.presentation.ScannedExport
import dev.otpkit.presentation.ScannedKind
import dev.otpkit.presentation.ScannedQr
import dev.otpkit.presentation.Texts
import dev.otpkit.presentation.UriPreview

/**
 * The bindings' QrScanner, with their ExportBatchTracker for Google exports spread over several
 * codes, as the add screen's [QrFrameScanner]. One per camera session. Picked images come as
 * luma planes too (see [PlatformPickedImage]).
 */
class RustQrScanner(
    private val scanner: QrScannerInterface,
    private val tracker: ExportBatchTrackerInterface = ExportBatchTracker(),
) : QrFrameScanner {
    override fun scanLuma(frame: LumaFrame): List<ScannedQr> = mapped {
        scanner.scanLuma(frame.luma, frame.width, frame.height, frame.rowStride, frame.rotationDegrees)
            .map(::RustScannedQr)
    }

    override fun recordExportPart(code: ScannedQr): ExportBatchProgress {
        // Only the scanner's own codes can be tracked: their content never left Rust.
        val scanned = code as? RustScannedQr
            ?: throw OtpKitFailure(FailureKind.InvalidInput, Texts.failureForeignCode)
        return mapped { tracker.record(scanned.code).toExportBatchProgress() }
    }

    override fun takeCompleteExport(batchId: Int): ScannedExport? = tracker.takeComplete(batchId)?.let(::RustScannedExport)

    override fun resetExports() = tracker.reset()
}

/** A scanned code; its text stays in Rust, inside [code]. */
internal class RustScannedQr(internal val code: ScannedCode) : VaultScannedCode {
    override val kind: ScannedKind = when (code.kind()) {
        RustScannedKind.ACCOUNT -> ScannedKind.Account
        RustScannedKind.EXPORT_PART -> ScannedKind.ExportPart
        RustScannedKind.OTHER -> ScannedKind.Other
    }

    override fun preview(): UriPreview = mapped { code.preview().toUriPreview() }

    override fun addTo(vault: VaultInterface) = vault.addScanned(code)

    /** Frees the Rust handle now rather than at the next collection; the vault keeps what it added. */
    override fun close() = code.close()
}

/** A complete export; its codes stay in Rust, inside [export]. */
internal class RustScannedExport(internal val export: RustExport) : ScannedExport {
    override val batchId: Int get() = export.batchId()
    override val partCount: Int get() = export.partCount()

    fun addTo(vault: VaultInterface) = vault.addScannedExport(export)

    override fun close() = export.close()
}

internal fun dev.otpkit.ExportProgress.toExportBatchProgress() =
    ExportBatchProgress(batchId, size, seen, missing, complete)
