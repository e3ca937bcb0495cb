// Clock drift through the generated Kotlin: a ClockChecker asks SNTP responders on 127.0.0.1
// (written here in Kotlin, independently of the Rust client) whose clocks run ahead of this one.

import dev.otpkit.CheckTrigger
import dev.otpkit.ClockChecker
import dev.otpkit.DriftStatus
import dev.otpkit.ErrorDetails
import dev.otpkit.ErrorReason
import dev.otpkit.LogLevel
import dev.otpkit.Logger
import dev.otpkit.setLogger
import dev.otpkit.OtpKitException
import dev.otpkit.Vault
import dev.otpkit.WallClock
import java.net.DatagramSocket
import java.net.InetAddress
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** The device clocks as an app passes them (nanoTime stands in for elapsedRealtime). */
object SystemWallClock : WallClock {
    override fun nowUnixMillis(): Long = System.currentTimeMillis()
    override fun millisSinceBoot(): Long = System.nanoTime() / 1_000_000
}

/** The device clocks after somebody moved the date `jumpMs` ahead: the boot clock did not move. */
class JumpedClock(private val jumpMs: Long) : WallClock {
    override fun nowUnixMillis(): Long = System.currentTimeMillis() + jumpMs
    override fun millisSinceBoot(): Long = System.nanoTime() / 1_000_000
}

/** A clock the test can swap while a vault holds it (a vault takes its clock once, at open). */
class SwitchedClock(@Volatile var to: WallClock) : WallClock {
    override fun nowUnixMillis(): Long = to.nowUnixMillis()
    override fun millisSinceBoot(): Long = to.millisSinceBoot()
}

/** Keeps every line OtpKit logs. */
class RecordingLogger : Logger {
    val lines = java.util.concurrent.CopyOnWriteArrayList<Pair<LogLevel, String>>()
    override fun log(level: LogLevel, message: String) {
        lines += level to message
    }
}

fun driftTests(suite: Suite) = with(suite) {
    test("a clock 45 s slow is Bad, with the sentence to show; the outlier is outvoted") {
        SntpResponder(45_000).use { a -> SntpResponder(45_000).use { b -> SntpResponder(180_000).use { outlier ->
            val checker = ClockChecker(listOf(a.server, b.server, outlier.server), 2_000)
            val report = checker.check(CheckTrigger.MANUAL, SystemWallClock)
            assertEquals(DriftStatus.BAD, report.status)
            assertTrue(report.offsetMs!! in 44_800..45_200, "offset ${report.offsetMs}")
            assertEquals(
                "Your phone's clock is 45 seconds slow. Codes will be rejected. Turn on automatic date and time.",
                report.message,
            )
            assertEquals(listOf(true, true, false), report.servers.map { it.agrees })
            // The outlier answered far off, or (on a loaded machine) not before the deadline.
            val far = report.servers[2]
            assertTrue(far.offsetMs?.let { it in 179_800..180_200 } ?: (far.error != null), "outlier $far")
            assertTrue(report.fresh)

            // Asked again within a minute, the checker answers from memory and sends nothing.
            val asked = listOf(a, b, outlier).sumOf { it.requests.get() }
            val again = checker.check(CheckTrigger.MANUAL, SystemWallClock)
            assertEquals(false, again.fresh)
            assertEquals(report.copy(fresh = false), again)
            assertEquals(asked, listOf(a, b, outlier).sumOf { it.requests.get() })
            checker.close()
        } } }
    }

    test("no server answering is Unknown, not an error") {
        val silent = DatagramSocket(0, InetAddress.getLoopbackAddress()) // bound, never answers
        silent.use {
            val checker = ClockChecker(listOf("127.0.0.1:${it.localPort}", "127.0.0.1:${it.localPort}"), 300)
            val report = checker.check(CheckTrigger.MANUAL, SystemWallClock)
            assertEquals(DriftStatus.UNKNOWN, report.status)
            assertEquals(null, report.offsetMs)
            assertEquals("Could not check your phone's clock: no time server answered. Try again when you are online.", report.message)
            assertTrue(report.servers.all { !it.agrees && it.error != null }, "${report.servers}")
        }
    }

    test("a bad server list or deadline is InvalidInput with the fix") {
        val server = assertFailsWith<OtpKitException.InvalidInput> { ClockChecker(listOf("time.example.com:ntp"), 1_000) }
        assertEquals(
            "server 'time.example.com:ntp' is not HOST:PORT: write it like time.example.com:123 or [2001:db8::1]:123",
            server.text(),
        )
        val none = assertFailsWith<OtpKitException.InvalidInput> { ClockChecker(emptyList(), 1_000) }
        assertEquals("no time servers given: name at least two so their answers can be compared", none.text())
        val deadline = assertFailsWith<OtpKitException.InvalidInput> { ClockChecker(listOf("127.0.0.1:123"), 0) }
        assertEquals("deadline 0 ms is out of range: use 1 to 60000 ms (3000 is the default)", deadline.text())
        assertEquals(ErrorReason.SERVER_INVALID to ErrorDetails(server = "time.example.com:ntp"), server.reason() to server.details())
        assertEquals(ErrorReason.NO_SERVERS, none.reason())
        assertEquals(ErrorReason.DEADLINE_OUT_OF_RANGE to ErrorDetails(value = 0L, limit = 60_000L), deadline.reason() to deadline.details())
        val negative = assertFailsWith<OtpKitException.InvalidInput> { ClockChecker(listOf("127.0.0.1:123"), -1) }
        assertEquals(ErrorReason.DEADLINE_OUT_OF_RANGE to ErrorDetails(value = -1L, limit = 60_000L), negative.reason() to negative.details())
    }

    test("a correction the user turns on moves codes to the servers' time, and is dropped when the date is set") {
        SntpResponder(45_000).use { a -> SntpResponder(45_000).use { b ->
            val clock = SwitchedClock(SystemWallClock)
            Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), clock).use { vault ->
                vault.addUri(RFC_TOTP_URI)
                val checker = ClockChecker(listOf(a.server, b.server), 2_000)
                val none = assertFailsWith<OtpKitException.InvalidInput> { vault.turnOnClockCorrection(checker) }
                assertEquals("no clock check yet: check the clock first, then turn the correction on", none.text())
                assertEquals(ErrorReason.CLOCK_NOT_CHECKED, none.reason())
                assertEquals(DriftStatus.BAD, checker.check(CheckTrigger.MANUAL, SystemWallClock).status)

                val offset = vault.turnOnClockCorrection(checker)
                assertTrue(offset in 44_800..45_200, "offset $offset")
                assertEquals(offset, vault.clockCorrectionMs())
                val before = System.currentTimeMillis()
                val corrected = vault.codes().single().code
                val after = System.currentTimeMillis()
                val expected = listOf(before, after).map { vault.codesAt((it + offset) / 1000).single().code }
                assertTrue(corrected in expected, "$corrected is not one of $expected")

                // The date set 10 minutes ahead (the boot clock did not move): the correction is dropped.
                val jumped = JumpedClock(600_000)
                clock.to = jumped
                val t0 = jumped.nowUnixMillis()
                val plain = vault.codes().single().code
                val t1 = jumped.nowUnixMillis()
                assertEquals(null, vault.clockCorrectionMs())
                assertTrue(plain in listOf(t0, t1).map { vault.codesAt(it / 1000).single().code }, "$plain")
            }
        } }
    }

    test("a correction is refused when the servers did not agree") {
        SntpResponder(45_000).use { a -> SntpResponder(300_000).use { b ->
            Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), SystemWallClock).use { vault ->
                val checker = ClockChecker(listOf(a.server, b.server), 1_000)
                assertEquals(DriftStatus.UNKNOWN, checker.check(CheckTrigger.MANUAL, SystemWallClock).status)
                val refused = assertFailsWith<OtpKitException.InvalidInput> { vault.turnOnClockCorrection(checker) }
                assertEquals(
                    "the time servers did not agree on the time, so there is nothing to correct by: check again when online",
                    refused.text(),
                )
                assertEquals(ErrorReason.CORRECTION_NO_AGREEMENT, refused.reason())
                assertEquals(null, vault.clockCorrectionMs())
            }
        } }
    }

    test("a refused time-server answer leaves a line in the app's Logger, naming the server and why") {
        val logger = RecordingLogger()
        setLogger(logger)
        SntpResponder(0, unsynchronised = true).use { liar -> SntpResponder(0).use { a -> SntpResponder(0).use { b ->
            val checker = ClockChecker(listOf(liar.server, a.server, b.server), 2_000)
            checker.check(CheckTrigger.MANUAL, SystemWallClock)
            val refused = logger.lines.filter { it.second.contains("time server ${liar.server}") }
            assertEquals(1, refused.size, "${logger.lines}")
            assertEquals(LogLevel.WARN, refused[0].first)
            assertTrue(refused[0].second.contains("not synchronised"), refused[0].second)
            // The two that agree leave no line of their own; the outcome does.
            assertTrue(logger.lines.none { line -> listOf(a, b).any { line.second.contains("time server ${it.server}") } }, "${logger.lines}")
            assertTrue(logger.lines.any { it.first == LogLevel.INFO && it.second.contains("clock check: Ok") }, "${logger.lines}")
            checker.close()
        } } }
    }
}
