// QR codes from camera frames through the generated Kotlin: luma planes rendered by
// tools/qrframes (the same generator the Rust QR tests use; payloads in its manifest.tsv), fed
// to a QrScanner as CameraX hands them over, and added to a vault without the secret leaving Rust.

import dev.otpkit.ErrorDetails
import dev.otpkit.ErrorReason
import dev.otpkit.ExportBatchTracker
import dev.otpkit.ExportProgress
import dev.otpkit.OtpKitException
import dev.otpkit.QrScanner
import dev.otpkit.ScannedKind
import dev.otpkit.TransferQr
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

/**
 * A transfer code drawn as an app draws it (4 pixels a module, 4 light modules around it), in
 * the middle of a light frame twice as wide, as a camera sees another phone's screen.
 */
fun cameraFrame(code: TransferQr): Frame {
    val size = code.size().toInt()
    val modules = code.modules()
    val side = (size + 8) * 4
    val frameSide = side * 2
    val luma = ByteArray(frameSide * frameSide) { 255.toByte() }
    for (y in 0 until size) for (x in 0 until size) {
        if (modules[y * size + x].toInt() == 1) {
            for (py in 0 until 4) {
                val start = (side / 2 + (y + 4) * 4 + py) * frameSide + side / 2 + (x + 4) * 4
                luma.fill(0, start, start + 4)
            }
        }
    }
    return Frame(luma, frameSide, frameSide, "")
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
        assertEquals(4, code.corners().size, "corners ${code.corners()}")
        Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), now).use { vault ->
            val report = vault.addScanned(code)
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

    test("a three-code transfer scanned out of order, with a repeat and a code of another export, is tracked part by part") {
        val source = Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), now)
        var added = 0
        while (added == 0 || source.transferQrCodes(null).size < 3) {
            val secret = "JBSWY3DPEHPK3PXPAAAAAA" + ('A' + added / 26) + ('A' + added % 26)
            source.addUri("otpauth://totp/ACME:user$added@example.com?secret=$secret&issuer=ACME")
            added++
        }
        val codes = source.transferQrCodes(null)
        assertEquals(listOf(0u, 1u, 2u), codes.map { it.index() })
        assertTrue(codes.all { it.count() == 3u && it.batchId() == codes[0].batchId() })
        assertEquals(added, codes.sumOf { it.accountCount().toInt() })
        val other = source.transferQrCodes(listOf(source.accounts()[0].accountId)).single()
        assertTrue(other.batchId() != codes[0].batchId(), "each transfer has its own batch id")

        val scanner = QrScanner()
        val tracker = ExportBatchTracker()
        fun scan(code: TransferQr): ExportProgress {
            val frame = cameraFrame(code)
            return tracker.record(scanner.scanLuma(frame.luma, frame.width, frame.height, frame.width, 0).single())
        }
        val id = codes[0].batchId()
        assertEquals(ExportProgress(id, 3, listOf(2), listOf(0, 1), false), scan(codes[2]))
        assertEquals(ExportProgress(id, 3, listOf(2), listOf(0, 1), false), scan(codes[2]), "a repeat changes nothing")
        assertEquals(ExportProgress(other.batchId(), 1, listOf(0), emptyList(), true), scan(other))
        assertEquals(ExportProgress(id, 3, listOf(0, 2), listOf(1), false), scan(codes[0]))
        assertEquals(null, tracker.takeComplete(id), "code 2 is missing")
        assertEquals(ExportProgress(id, 3, listOf(0, 1, 2), emptyList(), true), scan(codes[1]))
        val export = tracker.takeComplete(id)!!
        assertEquals(3, export.partCount())
        assertEquals(listOf(other.batchId()), tracker.progress().map { it.batchId }, "the other export is still tracked")
        tracker.reset()
        assertTrue(tracker.progress().isEmpty())

        Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), now).use { target ->
            assertEquals(added, target.addScannedExport(export).added.size)
            fun shown(v: Vault) = v.accounts().map { listOf(it.issuer, it.label, it.digits, it.periodSeconds, it.algorithm) }
            assertEquals(shown(source), shown(target))
            assertEquals(source.codesAt(1_700_000_000L).map { it.code }, target.codesAt(1_700_000_000L).map { it.code })
        }
        val clean = frames.of("clean")
        val account = scanner.scanLuma(clean.luma, clean.width, clean.height, clean.width, 0).single()
        val notExport = assertFailsWith<OtpKitException.InvalidInput> { tracker.record(account) }
        assertEquals(ErrorReason.NOT_AN_EXPORT_CODE, notExport.reason())
        source.close()
    }

    test("a transfer code's text form shows no secret") {
        Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), now).use { vault ->
            vault.addUri("otpauth://totp/ACME:jane?secret=JBSWY3DPEHPK3PXP&issuer=ACME")
            val code = vault.transferQrCodes(null).single()
            assertTrue(code.payload().startsWith("otpauth-migration://offline?data="))
            val shown = code.toString()
            assertFalse(shown.contains("data=") || shown.contains("JBSWY3DP"), shown)
            assertEquals(code.size().toInt() * code.size().toInt(), code.modules().size)
            val slow = vault.addUri("otpauth://totp/Slow?secret=JBSWY3DPEHPK3PXPAA&period=60")
            assertEquals(1, slow.added.size)
            val refused = assertFailsWith<OtpKitException.InvalidInput> { vault.transferQrCodes(null) }
            assertTrue(refused.text().startsWith("account 2 cannot be exported"), refused.text())
            assertEquals(ErrorReason.EXPORT_UNSUPPORTED_PERIOD to ErrorDetails(position = 2L, value = 60L), refused.reason() to refused.details())
        }
    }
}
