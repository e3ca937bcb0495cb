// Calls from several Kotlin threads at once, as an app's coroutine dispatchers make them.

import dev.otpkit.ManualEntry
import dev.otpkit.OtpKitException
import dev.otpkit.codeAt
import dev.otpkit.codeNow
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertTrue

private const val THREADS = 8
private const val CALLS_PER_THREAD = 300

fun threadsTests(suite: Suite, vectors: Vectors) = with(suite) {
    test("$THREADS threads computing codes, clocks and errors at once all get the right answers") {
        val pool = Executors.newFixedThreadPool(THREADS)
        val start = CountDownLatch(1)
        try {
            val jobs = (0 until THREADS).map { thread ->
                pool.submit(Callable {
                    start.await()
                    var checked = 0
                    repeat(CALLS_PER_THREAD) { i ->
                        val v = vectors.totp[(thread + i) % vectors.totp.size]
                        when (i % 3) {
                            0 -> assertEquals(
                                v.code,
                                codeAt(ManualEntry(v.key, algorithm = v.algorithm, digits = 8), v.at).code,
                            )
                            1 -> assertEquals(
                                v.code,
                                codeNow(ManualEntry(v.key, algorithm = v.algorithm, digits = 8), FixedWallClock(v.at * 1000)).code,
                            )
                            else -> try {
                                codeAt(ManualEntry(v.key, digits = 4), v.at)
                                error("digits = 4 was accepted")
                            } catch (e: OtpKitException.InvalidInput) {
                                assertEquals("digits is 4: use 6, 7 or 8", e.message)
                            }
                        }
                        checked++
                    }
                    checked
                })
            }
            start.countDown()
            val total = jobs.sumOf { it.get(60, TimeUnit.SECONDS) }
            assertEquals(THREADS * CALLS_PER_THREAD, total)
        } finally {
            pool.shutdownNow()
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "worker threads did not stop")
        }
    }
}
