package dev.otpkit.android

import dev.otpkit.ClockChecker
import dev.otpkit.QrScanner
import dev.otpkit.Vault
import dev.otpkit.presentation.AddAccountUiState
import dev.otpkit.presentation.AddAccountViewModel
import dev.otpkit.presentation.FailureKind
import dev.otpkit.presentation.LumaFrame
import dev.otpkit.presentation.OtpKitFailure
import dev.otpkit.presentation.PickedImage
import dev.otpkit.presentation.PickedImages
import dev.otpkit.presentation.QrFrameScanner
import dev.otpkit.presentation.ScannedKind
import dev.otpkit.presentation.ScannedQr
import dev.otpkit.presentation.Texts
import dev.otpkit.presentation.UriPreview
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import java.io.File
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

// The camera path end to end on the desktop JVM: luma frames rendered by tools/qrframes (the
// folder comes in as -Dotpkit.frames), through RustQrScanner and the add flow into a real vault.

/** The first frame of a qrframes category as CameraX would hand it: rows [padding] bytes longer than the picture. */
private fun frame(category: String, padding: Int = 0): Pair<LumaFrame, String> {
    val dir = File(System.getProperty("otpkit.frames") ?: error("set -Dotpkit.frames to the qrframes folder"))
    val (file, payload) = File(dir, "manifest.tsv").readLines().filter { it.isNotBlank() }
        .map { it.split('\t') }.first { it[1] == category }.let { it[0] to it.getOrElse(4) { "" } }
    val bytes = File(dir, file).readBytes()
    // "P5\n<width> <height>\n255\n", then the pixels.
    var pos = 0
    val fields = mutableListOf<String>()
    while (fields.size < 4) {
        val start = pos
        while (!bytes[pos].toInt().toChar().isWhitespace()) pos++
        fields += String(bytes, start, pos - start)
        pos++
    }
    val (width, height) = fields[1].toInt() to fields[2].toInt()
    val stride = width + padding
    val padded = ByteArray(stride * height)
    for (row in 0 until height) System.arraycopy(bytes, pos + row * width, padded, row * stride, width)
    return LumaFrame(padded, width, height, stride, rotationDegrees = 0) to payload
}

/** A transfer code drawn 4 pixels a module, with its quiet zone, in a light frame twice as wide. */
private fun transferFrame(code: dev.otpkit.TransferQr): LumaFrame {
    val size = code.size().toInt()
    val modules = code.modules()
    return drawnQr(size) { row, column -> modules[row * size + column].toInt() == 1 }
}

/**
 * A QR code as a shell draws one for another phone to scan: 4 pixels a module, its 4-module
 * quiet zone, centred in a light frame twice as wide. [isDark] tells the modules.
 */
internal fun drawnQr(size: Int, isDark: (row: Int, column: Int) -> Boolean): LumaFrame {
    val side = (size + 8) * 4
    val frameSide = side * 2
    val luma = ByteArray(frameSide * frameSide) { 255.toByte() }
    for (row in 0 until size) for (column in 0 until size) {
        if (!isDark(row, column)) continue
        for (py in 0 until 4) {
            val start = (side / 2 + (row + 4) * 4 + py) * frameSide + side / 2 + (column + 4) * 4
            luma.fill(0, start, start + 4)
        }
    }
    return LumaFrame(luma, frameSide, frameSide, frameSide, rotationDegrees = 0)
}

class RustQrScannerTest {
    private val dir: File = Files.createTempDirectory("otpkit-qr").toFile()
    private val repository = RustAccountsRepository(
        runBlocking { Vault.createWithPassphrase(File(dir, "vault").path, "correct horse battery", FixedClock()) },
        ClockChecker(listOf("127.0.0.1:9", "127.0.0.1:10"), 300),
        FixedClock(),
        dir,
        Dispatchers.Unconfined,
    )
    private val scanner = RustQrScanner(QrScanner())

    @AfterEach
    fun cleanUp() {
        dir.deleteRecursively()
    }

    @Test
    fun `a camera frame goes from the scanner through the add flow into the vault`() = runBlocking {
        val (luma, payload) = frame("clean", padding = 64)
        val scope = CoroutineScope(Dispatchers.Unconfined + Job())
        try {
            val vm = AddAccountViewModel(repository, scanner, scope)
            vm.onFrame(luma)
            val confirm = withTimeout(5_000) { vm.state.first { it is AddAccountUiState.Confirm } } as AddAccountUiState.Confirm
            assertEquals(repository.previewUri(payload).accounts, confirm.accounts)
            assertTrue(repository.accounts().isEmpty(), "nothing is added before the user confirms")
            vm.confirm()
            val done = withTimeout(5_000) { vm.state.first { it is AddAccountUiState.Done } } as AddAccountUiState.Done
            assertEquals(Texts.reportAdded(1), done.report.title)
            assertEquals(confirm.accounts.single().displayName, repository.accounts().single().displayName)
        } finally {
            scope.cancel()
        }
    }

    @Test
    fun `a picked image's ARGB pixels become a luma plane the scanner reads`() = runBlocking {
        val (gray, payload) = frame("clean")
        // What Bitmap.getPixels hands over for a grey picture: opaque ARGB.
        val argb = IntArray(gray.width * gray.height) { (0xFF shl 24) or ((gray.luma[it].toInt() and 0xFF) * 0x010101) }
        val picked = PickedImage {
            PickedImages.luma(gray.width, gray.height) { buffer, y, rows ->
                System.arraycopy(argb, y * gray.width, buffer, 0, rows * gray.width)
            }
        }
        val scope = CoroutineScope(Dispatchers.Unconfined + Job())
        try {
            val vm = AddAccountViewModel(repository, scanner, scope)
            vm.onImage(picked)
            val confirm = withTimeout(5_000) { vm.state.first { it is AddAccountUiState.Confirm } } as AddAccountUiState.Confirm
            assertEquals(repository.previewUri(payload).accounts, confirm.accounts)
        } finally {
            scope.cancel()
        }
    }

    @Test
    fun `a frame without a code gives nothing, and only scanner codes can be added`() = runBlocking {
        val (empty, _) = frame("no_code")
        assertTrue(scanner.scanLuma(empty).isEmpty())
        val (clean, _) = frame("clean")
        assertEquals(ScannedKind.Account, scanner.scanLuma(clean).single().kind)
        val forged = object : ScannedQr {
            override val kind = ScannedKind.Account
            override fun preview() = UriPreview(emptyList(), emptyList(), emptyList(), null)
            override fun close() {}
        }
        val refused = assertFailsWith<OtpKitFailure> { repository.addScanned(forged) }
        assertEquals(FailureKind.InvalidInput, refused.kind)
    }

    /** The scanner, keeping every handle it gives out. */
    private class Recording(private val inner: RustQrScanner) : QrFrameScanner by inner {
        val codes = mutableListOf<RustScannedQr>()
        val exports = mutableListOf<RustScannedExport>()

        override fun scanLuma(frame: LumaFrame) = inner.scanLuma(frame).also { found -> codes += found.map { it as RustScannedQr } }

        override fun takeCompleteExport(batchId: Int) = inner.takeCompleteExport(batchId)?.also { exports += it as RustScannedExport }
    }

    @Test
    fun `the add flow frees every Rust handle once it is done with it`() = runBlocking {
        val recording = Recording(scanner)
        val scope = CoroutineScope(Dispatchers.Unconfined + Job())
        val source = Vault.createWithPassphrase(File(dir, "old-phone").path, "correct horse battery", FixedClock())
        try {
            val vm = AddAccountViewModel(repository, recording, scope)
            val (clean, _) = frame("clean")
            vm.onFrame(clean)
            withTimeout(5_000) { vm.state.first { it is AddAccountUiState.Confirm } }
            assertEquals(listOf(false), recording.codes.map { it.code.uniffiIsDestroyed }, "kept until the user answers")
            vm.confirm()
            withTimeout(5_000) { vm.state.first { it is AddAccountUiState.Done } }
            assertEquals(listOf(true), recording.codes.map { it.code.uniffiIsDestroyed }, "freed once added")

            vm.scanAgain()
            source.addUri("otpauth://totp/ACME:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME")
            vm.onFrame(transferFrame(source.transferQrCodes(null).single()))
            withTimeout(5_000) { vm.state.first { it is AddAccountUiState.Done } }
            assertTrue(recording.codes.all { it.code.uniffiIsDestroyed }, "the export code too")
            assertEquals(listOf(true), recording.exports.map { it.export.uniffiIsDestroyed }, "and the whole export, once added")
        } finally {
            scope.cancel()
            source.close()
        }
    }

    @Test
    fun `a bad frame geometry is a typed failure`() {
        val (clean, _) = frame("clean")
        val bad = LumaFrame(clean.luma, clean.width, clean.height, clean.rowStride, rotationDegrees = 45)
        assertEquals(FailureKind.InvalidInput, assertFailsWith<OtpKitFailure> { scanner.scanLuma(bad) }.kind)
    }

    @Test
    fun `a transfer from another phone goes code by code through the tracker into the vault`() = runBlocking {
        val source = Vault.createWithPassphrase(File(dir, "old-phone").path, "correct horse battery", FixedClock())
        var added = 0
        while (added == 0 || source.transferQrCodes(null).size < 3) {
            val secret = "JBSWY3DPEHPK3PXPAAAAAA" + ('A' + added / 26) + ('A' + added % 26)
            source.addUri("otpauth://totp/ACME:user$added@example.com?secret=$secret&issuer=ACME")
            added++
        }
        val codes = source.transferQrCodes(null)
        val scope = CoroutineScope(Dispatchers.Unconfined + Job())
        try {
            val vm = AddAccountViewModel(repository, scanner, scope)
            vm.onFrame(transferFrame(codes[1]))
            val progress = withTimeout(5_000) { vm.state.first { it is AddAccountUiState.ExportProgress } }
            assertEquals(AddAccountUiState.ExportProgress(1, 3, listOf(0, 2)), progress)
            vm.onFrame(transferFrame(codes[1]))
            vm.onFrame(transferFrame(codes[2]))
            assertEquals(AddAccountUiState.ExportProgress(2, 3, listOf(0)), vm.state.value)
            assertTrue(repository.accounts().isEmpty(), "nothing is added before every code is in")
            vm.onFrame(transferFrame(codes[0]))
            val done = withTimeout(5_000) { vm.state.first { it is AddAccountUiState.Done } } as AddAccountUiState.Done
            assertEquals(Texts.reportAdded(added.toLong()), done.report.title)
            assertEquals(source.accounts().map { it.label }, repository.accounts().map { it.label })
        } finally {
            scope.cancel()
            source.close()
        }
    }
}
