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
import dev.otpkit.presentation.ScannedKind
import dev.otpkit.presentation.ScannedQr
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

class RustQrScannerTest {
    private val dir: File = Files.createTempDirectory("otpkit-qr").toFile()
    private val repository = RustAccountsRepository(
        Vault.createWithPassphrase(File(dir, "vault").path, "correct horse battery"),
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
            assertEquals("Added 1 account", done.report.title)
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
        }
        val refused = assertFailsWith<OtpKitFailure> { repository.addScanned(forged) }
        assertEquals(FailureKind.InvalidInput, refused.kind)
    }

    @Test
    fun `a bad frame geometry is a typed failure`() {
        val (clean, _) = frame("clean")
        val bad = LumaFrame(clean.luma, clean.width, clean.height, clean.rowStride, rotationDegrees = 45)
        assertEquals(FailureKind.InvalidInput, assertFailsWith<OtpKitFailure> { scanner.scanLuma(bad) }.kind)
    }
}
