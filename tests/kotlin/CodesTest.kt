// Codes for typed-in keys, through the generated Kotlin: RFC vectors at fixed instants, the
// app's clock, and bad input arriving as typed exceptions with their messages.

import dev.otpkit.CodeView
import dev.otpkit.ErrorDetails
import dev.otpkit.ErrorReason
import dev.otpkit.HashAlgorithm
import dev.otpkit.ManualEntry
import dev.otpkit.SetupKey
import dev.otpkit.OtpKind
import dev.otpkit.OtpKitException
import dev.otpkit.WallClock
import dev.otpkit.codeAt
import dev.otpkit.codeNow
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** Clocks the test sets: the app's `WallClock`, implemented in Kotlin. */
class FixedWallClock(private val millis: Long, private val bootMillis: Long = 3_600_000L) : WallClock {
    override fun nowUnixMillis(): Long = millis
    override fun millisSinceBoot(): Long = bootMillis
}

fun codesTests(suite: Suite, vectors: Vectors) = with(suite) {
    test("RFC 6238 SHA1, SHA256 and SHA512 vectors at their instants") {
        for (v in vectors.totp) {
            val view = codeAt(ManualEntry(SetupKey(v.key), algorithm = v.algorithm, digits = 8), v.at)
            assertEquals(v.code, view.code, "${v.algorithm} at ${v.at}")
        }
    }

    test("a code view carries the next code, seconds left and period") {
        val view = codeAt(ManualEntry(SetupKey(RfcKeys.SHA1), digits = 8), 59L)
        // 59 is the last second of step 1; step 2 starts at 60.
        val next = codeAt(ManualEntry(SetupKey(RfcKeys.SHA1), digits = 8), 60L)
        assertEquals(CodeView("94287082", next.code, 1, 30, 60L), view)
    }

    test("RFC 4226 HOTP vectors, each with the next counter's code") {
        for ((counter, expected) in vectors.hotp.withIndex()) {
            val view = codeAt(ManualEntry(SetupKey(RfcKeys.SHA1), kind = OtpKind.HOTP, counter = counter.toLong()), 0L)
            assertEquals(expected, view.code, "counter $counter")
            vectors.hotp.getOrNull(counter + 1)?.let { assertEquals(it, view.nextCode, "next after $counter") }
            assertNull(view.secondsLeft, "HOTP codes do not expire")
            assertNull(view.periodSeconds)
        }
    }

    test("a key typed lowercase with spaces gives the same code") {
        val typed = codeAt(ManualEntry(SetupKey("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), digits = 8), 59L)
        assertEquals("94287082", typed.code)
    }

    test("Steam entries default to 5 characters from Steam's alphabet") {
        val view = codeAt(ManualEntry(SetupKey(RfcKeys.SHA1), kind = OtpKind.STEAM), 59L)
        assertEquals(5, view.code.length)
        assert(view.code.all { it in "23456789BCDFGHJKMNPQRTVWXY" }) { "not Steam's alphabet: ${view.code}" }
    }

    test("codeNow reads the app's Kotlin clock") {
        val view = codeNow(ManualEntry(SetupKey(RfcKeys.SHA1), digits = 8), FixedWallClock(1_111_111_109_500L))
        assertEquals("07081804", view.code)
        assertEquals(1111111110L, view.validUntilUnix)
        assertEquals(1, view.secondsLeft)
    }

    test("a secret that is not base32 is InvalidInput with its position") {
        val e = assertFailsWith<OtpKitException.InvalidInput> { codeAt(ManualEntry(SetupKey("JBSW1DPE")), 0L) }
        assertEquals("secret is not base32: '1' at position 5 (allowed: A-Z, 2-7)", e.text())
        // What an app translates: the reason and the position, the same on every variant.
        val any: OtpKitException = e
        assertEquals(ErrorReason.SECRET_NOT_BASE32, any.reason())
        assertEquals(ErrorDetails(position = 5L), any.details())
        assertEquals(ErrorReason.SECRET_NOT_BASE32, e.reason)
        assertTrue(e.message.contains("SECRET_NOT_BASE32"), e.message)
    }

    test("an empty secret is InvalidInput saying what to enter") {
        val e = assertFailsWith<OtpKitException.InvalidInput> { codeAt(ManualEntry(SetupKey("  ")), 0L) }
        assertEquals("secret is empty (it must be base32 text such as JBSWY3DPEHPK3PXP)", e.text())
    }

    test("out-of-range parameters are InvalidInput with the fix") {
        val digits = assertFailsWith<OtpKitException.InvalidInput> {
            codeAt(ManualEntry(SetupKey(RfcKeys.SHA1), digits = 9), 0L)
        }
        assertEquals("digits is 9: use 6, 7 or 8", digits.text())
        assertEquals(ErrorReason.DIGITS_OUT_OF_RANGE to ErrorDetails(value = 9L), digits.reason() to digits.details())
        val period = assertFailsWith<OtpKitException.InvalidInput> {
            codeAt(ManualEntry(SetupKey(RfcKeys.SHA1), periodSeconds = 0), 0L)
        }
        assertEquals("period is 0 seconds: use 1 or more (30 is the usual value)", period.text())
        val negative = assertFailsWith<OtpKitException.InvalidInput> {
            codeAt(ManualEntry(SetupKey(RfcKeys.SHA1), periodSeconds = -30), 0L)
        }
        assertEquals("period is -30 seconds: use 1 or more (30 is the usual value)", negative.text())
        assertEquals(ErrorReason.PERIOD_OUT_OF_RANGE to ErrorDetails(value = -30L), negative.reason() to negative.details())
        assertEquals(ErrorReason.PERIOD_OUT_OF_RANGE to ErrorDetails(value = 0L), period.reason() to period.details())
        val steam = assertFailsWith<OtpKitException.InvalidInput> {
            codeAt(ManualEntry(SetupKey(RfcKeys.SHA1), kind = OtpKind.STEAM, digits = 6), 0L)
        }
        assertEquals("digits is 6: Steam Guard codes have exactly 5 characters, use 5", steam.text())
        assertEquals(ErrorReason.STEAM_DIGITS to ErrorDetails(value = 6L), steam.reason() to steam.details())
    }

    test("an instant before 1970 is InvalidInput") {
        val e = assertFailsWith<OtpKitException.InvalidInput> { codeAt(ManualEntry(SetupKey(RfcKeys.SHA1)), -1L) }
        assertEquals(
            "time -1 is before 1970: pass Unix seconds (seconds since 1 January 1970 UTC)",
            e.text(),
        )
        assertEquals(ErrorDetails(field = "atUnixSeconds", value = -1L), e.details())
        assertEquals(ErrorReason.INVALID_ARGUMENT, e.reason())
    }

    test("a device clock before 1970 is ClockUnusable, telling the user what to set") {
        val e = assertFailsWith<OtpKitException.ClockUnusable> {
            codeNow(ManualEntry(SetupKey(RfcKeys.SHA1)), FixedWallClock(-5_000L))
        }
        assertEquals(
            "the device clock is set before 1970: set the date and time (turn on automatic date and time)",
            e.text(),
        )
        assertEquals(ErrorReason.CLOCK_BEFORE_EPOCH, e.reason())
    }

    test("exceptions from the library are OtpKitException, so one catch handles them all") {
        val e: Exception = assertFailsWith<OtpKitException> { codeAt(ManualEntry(SetupKey("!")), 0L) }
        val shown = when (e) {
            is OtpKitException.InvalidInput -> "fix: ${e.text()}"
            is OtpKitException.ClockUnusable -> "clock: ${e.text()}"
            else -> "other"
        }
        assertEquals("fix: secret is not base32: '!' at position 1 (allowed: A-Z, 2-7)", shown)
    }

    test("a typed-in key never shows in ManualEntry's or SetupKey's toString") {
        SetupKey(RfcKeys.SHA1).use { key ->
            val entry = ManualEntry(key, digits = 8)
            for (shown in listOf(entry.toString(), key.toString(), "$entry")) {
                assertFalse(shown.contains(RfcKeys.SHA1), shown)
            }
            assertTrue(entry.toString().contains("digits=8"), entry.toString())
            // The key still works after being printed.
            assertEquals("94287082", codeAt(entry, 59L).code)
        }
    }
}
