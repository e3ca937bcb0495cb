// Calls from several Kotlin threads at once, as an app's coroutine dispatchers make them, and
// calls that go on while a suspended one waits for the user.

import dev.otpkit.ManualEntry
import dev.otpkit.SetupKey
import dev.otpkit.OtpKitException
import dev.otpkit.codeAt
import dev.otpkit.codeNow
import dev.otpkit.PlatformKeyStore
import dev.otpkit.Vault
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withTimeout
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
        val checked = onThreadsAtOnce(timeoutSeconds = 60) { thread ->
            var checked = 0
            repeat(CALLS_PER_THREAD) { i ->
                val v = vectors.totp[(thread + i) % vectors.totp.size]
                when (i % 3) {
                    0 -> assertEquals(
                        v.code,
                        codeAt(ManualEntry(SetupKey(v.key), algorithm = v.algorithm, digits = 8), v.at).code,
                    )
                    1 -> assertEquals(
                        v.code,
                        codeNow(ManualEntry(SetupKey(v.key), algorithm = v.algorithm, digits = 8), FixedWallClock(v.at * 1000)).code,
                    )
                    else -> try {
                        codeAt(ManualEntry(SetupKey(v.key), digits = 4), v.at)
                        error("digits = 4 was accepted")
                    } catch (e: OtpKitException.InvalidInput) {
                        assertEquals("digits is 4: use 6, 7 or 8", e.text())
                    }
                }
                checked++
            }
            checked
        }
        assertEquals(THREADS * CALLS_PER_THREAD, checked.sum())
    }

    test("while setPlatformKey waits for the user's prompt, the same Vault reads and saves") {
        val keyStore = AesKeyStore()
        val shown = CompletableDeferred<Unit>()
        val answer = CompletableDeferred<Unit>()
        /** [keyStore], but wrap suspends like a biometric prompt until [answer] completes. */
        val prompting = object : PlatformKeyStore by keyStore {
            override suspend fun wrap(alias: String, masterKey: ByteArray): ByteArray {
                shown.complete(Unit)
                answer.await()
                return keyStore.wrap(alias, masterKey)
            }
        }
        val path = tempVaultPath()
        Vault.createWithPassphrase(path, "pass phrase", FixedWallClock(0L)).use { vault ->
            coroutineScope {
                val turningOn = async(Dispatchers.Default) { vault.setPlatformKey(prompting) }
                withTimeout(30_000) { shown.await() }
                // The prompt is up: these calls do not wait for it.
                assertEquals(listOf(dev.otpkit.SlotKind.PASSPHRASE), vault.slotKinds())
                assertEquals(1, vault.addUri(RFC_TOTP_URI).added.size)
                assertEquals("94287082", vault.codesAt(59L).single().code?.code)
                answer.complete(Unit)
                assertEquals(null, withTimeout(30_000) { turningOn.await() })
            }
        }
        Vault.openWithPlatformKeyStore(path, keyStore, FixedWallClock(0L)).use { assertEquals(1, it.accounts().size) }
    }

    test("$THREADS threads sharing one Vault: refreshes and adds at once, nothing lost or torn") {
        val vault = Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), FixedWallClock(0L))
        vault.addUri(RFC_TOTP_URI)
        try {
            onThreadsAtOnce(timeoutSeconds = 120) { thread ->
                repeat(20) { i ->
                    if (i % 5 == 0) {
                        // A distinct key per thread and round: 16 bytes from the thread and round.
                        val secret = "GEZDGNBV" + "ABCDEFGH"[thread] + "ABCDEFGH"[i / 5] + "GY3TQOJQGEZDGNBV"
                        val added = vault.addUri("otpauth://totp/T$thread:$i?secret=$secret").added
                        assertEquals(1, added.size, "thread $thread round $i")
                    }
                    val codes = vault.codesAt(59L)
                    assertEquals("94287082", codes.first().code?.code)
                    assertEquals(codes.size, codes.map { it.accountId }.toSet().size, "duplicate ids in a refresh")
                }
            }
            assertEquals(1 + THREADS * 4, vault.accounts().size)
        } finally {
            vault.close()
        }
    }
}

/** Runs [body] on [THREADS] threads released together; returns what each returned, in order. */
private fun <T> onThreadsAtOnce(timeoutSeconds: Long, body: (thread: Int) -> T): List<T> {
    val pool = Executors.newFixedThreadPool(THREADS)
    val start = CountDownLatch(1)
    try {
        val jobs = (0 until THREADS).map { thread ->
            pool.submit(Callable {
                start.await()
                body(thread)
            })
        }
        start.countDown()
        return jobs.map { it.get(timeoutSeconds, TimeUnit.SECONDS) }
    } finally {
        pool.shutdownNow()
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "worker threads did not stop")
    }
}
