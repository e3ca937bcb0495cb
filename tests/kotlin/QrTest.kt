// QR codes from camera frames through the generated Kotlin: luma planes rendered by
// tools/qrframes (the same generator the Rust QR tests use; payloads in its manifest.tsv), fed
// to a QrScanner as CameraX hands them over, and added to a vault without the secret leaving Rust.

import dev.otpkit.ErrorDetails
import dev.otpkit.ErrorReason
import dev.otpkit.OtpKitException
import dev.otpkit.QrScanner
import dev.otpkit.ScannedKind
import dev.otpkit.Vault
import dev.otpkit.codeForUri
import dev.otpkit.parseUri
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/** A luma frame from a binary PGM file, with the payload its code holds. */
class Frame(val luma: ByteArray, val width: Int, val height: Int, val payload: String) {
    /** The same picture with padded rows, as CameraX planes often have. */
    fun withRowStride(stride: Int): ByteArray {
        val padded = ByteArray(stride * height)
        for (row in 0 until height) System.arraycopy(luma, row * width, padded, row * stride, width)
        return padded
    }
}

class Frames(private val dir: File) {
    private val payloads = File(dir, "manifest.tsv").readLines().filter { it.isNotBlank() }
        .associate { line -> line.split('\t').let { it[1] to (it[0] to it.getOrElse(4) { "" }) } }

    /** The first frame of a qrframes category (clean, inverted, dense, no_code, ...). */
    fun of(category: String): Frame {
        val (file, payload) = payloads[category] ?: error("no $category frame in $dir")
        val bytes = File(dir, file).readBytes()
        // "P5\n<width> <height>\n255\n" then the pixels.
        var pos = 0
        val fields = mutableListOf<String>()
        while (fields.size < 4) {
            val start = pos
            while (!bytes[pos].toInt().toChar().isWhitespace()) pos++
            fields += String(bytes, start, pos - start)
            pos++
        }
        check(fields[0] == "P5" && fields[3] == "255") { "$file is not an 8-bit binary PGM" }
        val (width, height) = fields[1].toInt() to fields[2].toInt()
        return Frame(bytes.copyOfRange(pos, pos + width * height), width, height, payload)
    }
}

fun qrTests(suite: Suite, frames: Frames) = with(suite) {
    val now = FixedWallClock(1_700_000_000_000L)

    test("an account added from a luma frame gives the codes of the URI the QR code holds") {
        val frame = frames.of("clean")
        val scanner = QrScanner()
        val codes = scanner.scanLuma(frame.luma, frame.width, frame.height, frame.width, 0)
        val code = codes.single()
        assertEquals(ScannedKind.ACCOUNT, code.kind())
        assertEquals(parseUri(frame.payload), code.preview())
        assertTrue(code.corners().size >= 3, "corners ${code.corners()}")
        Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore()).use { vault ->
            val report = vault.addScanned(code, now)
            assertEquals(1, report.added.size)
            assertEquals(codeForUri(frame.payload, 1_700_000_000L), vault.codesAt(1_700_000_000L).single().code)
        }
        scanner.close()
    }

    test("padded rows, a rotated sensor, an inverted code and a Google export are read too") {
        val scanner = QrScanner()
        val clean = frames.of("clean")
        val padded = scanner.scanLuma(clean.withRowStride(clean.width + 64), clean.width, clean.height, clean.width + 64, 90)
        assertEquals(parseUri(clean.payload), padded.single().preview())
        val inverted = frames.of("inverted")
        assertEquals(
            parseUri(inverted.payload),
            scanner.scanLuma(inverted.luma, inverted.width, inverted.height, inverted.width, 0).single().preview(),
        )
        val dense = frames.of("dense")
        val export = scanner.scanLuma(dense.luma, dense.width, dense.height, dense.width, 0).single()
        assertEquals(ScannedKind.EXPORT_PART, export.kind())
        val preview = export.preview()
        assertEquals(parseUri(dense.payload), preview)
        assertNotNull(preview.exportPart)
        assertTrue(preview.accounts.isNotEmpty())
    }

    test("a frame without a code gives an empty list, not an error") {
        val frame = frames.of("no_code")
        assertEquals(0, QrScanner().scanLuma(frame.luma, frame.width, frame.height, frame.width, 0).size)
    }

    test("a frame whose geometry does not match its buffer is InvalidInput with the fix") {
        val scanner = QrScanner()
        val short = assertFailsWith<OtpKitException.InvalidInput> { scanner.scanLuma(ByteArray(100), 640, 480, 640, 0) }
        assertEquals("the luma buffer holds 100 bytes but 307200 are needed for this width, height and stride", short.text())
        val stride = assertFailsWith<OtpKitException.InvalidInput> { scanner.scanLuma(ByteArray(640 * 480), 640, 480, 600, 0) }
        assertEquals("row stride 600 is smaller than the width 640; pass the plane's bytes-per-row", stride.text())
        val rotation = assertFailsWith<OtpKitException.InvalidInput> { scanner.scanLuma(ByteArray(640 * 480), 640, 480, 640, 45) }
        assertEquals("rotation 45 is not 0, 90, 180 or 270 degrees", rotation.text())
        val negative = assertFailsWith<OtpKitException.InvalidInput> { scanner.scanLuma(ByteArray(0), -1, 480, 640, 0) }
        assertEquals("width -1 is negative: pass the camera plane's real width", negative.text())
        assertEquals(ErrorReason.FRAME_BUFFER_TOO_SMALL to ErrorDetails(length = 100L, limit = 307_200L), short.reason() to short.details())
        assertEquals(ErrorReason.FRAME_STRIDE_TOO_SMALL to ErrorDetails(value = 600L, limit = 640L), stride.reason() to stride.details())
        assertEquals(ErrorReason.FRAME_ROTATION_INVALID to ErrorDetails(value = 45L), rotation.reason() to rotation.details())
        assertEquals(ErrorReason.INVALID_ARGUMENT to ErrorDetails(value = -1L, field = "width"), negative.reason() to negative.details())
    }

    test("a scanned code never shows its secret") {
        val frame = frames.of("clean")
        val secret = Regex("secret=([A-Z2-7]+)").find(frame.payload)!!.groupValues[1]
        val code = QrScanner().scanLuma(frame.luma, frame.width, frame.height, frame.width, 0).single()
        val shown = listOf(code.toString(), code.preview().toString(), code.corners().toString()).joinToString()
        assertFalse(shown.contains(secret), shown)
    }
}
