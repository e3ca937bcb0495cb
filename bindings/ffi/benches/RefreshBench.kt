// How long one screen refresh takes from Kotlin: `vault.codesAt(now)` for 100 TOTP accounts,
// through JNA and the generated bindings, after the JIT has warmed up. Not a test: run by
// scripts/bench-kotlin.sh, which builds the release library the apps ship.

import dev.otpkit.PlatformKeyStore
import dev.otpkit.Vault
import dev.otpkit.WallClock
import java.nio.file.Files
import kotlinx.coroutines.runBlocking

private const val ACCOUNTS = 100
private const val WARMUP_REFRESHES = 20_000
private const val MEASURED_REFRESHES = 5_000

private class XorKeyStore : PlatformKeyStore {
    override suspend fun createKey(alias: String) {}
    override suspend fun wrap(alias: String, masterKey: ByteArray) =
        ByteArray(masterKey.size) { (masterKey[it].toInt() xor 0x5a).toByte() }
    override suspend fun unwrap(alias: String, wrapped: ByteArray) = wrap(alias, wrapped)
    override suspend fun deleteKey(alias: String) {}
}

/** The vault's clock (given once, at open); the benchmark sets the time before each refresh. */
private class Settable(@Volatile var millis: Long) : WallClock {
    override fun nowUnixMillis() = millis
    override fun millisSinceBoot() = 1_000L
}

fun main() {
    val dir = Files.createTempDirectory("otpkit-bench")
    val clock = Settable(0)
    val vault = runBlocking { Vault.createWithPlatformKeyStore(dir.resolve("vault").toString(), XorKeyStore(), clock) }
    val alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    repeat(ACCOUNTS) { i ->
        // 160-bit keys that differ per account (no duplicates), half SHA1, some SHA256/SHA512.
        val secret = "GEZDGNBVGY3TQOJQGEZDGNBV" + alphabet[i % 32] + alphabet[i / 32] + "Y3TQOJQ"
        val algorithm = listOf("SHA1", "SHA1", "SHA256", "SHA512")[i % 4]
        vault.addUri("otpauth://totp/Service$i:user$i@example.com?secret=$secret&algorithm=$algorithm")
    }
    check(vault.accounts().size == ACCOUNTS)

    var sink = 0
    val start = 1_700_000_000L

    fun report(what: String, refresh: (Int) -> List<dev.otpkit.AccountCode>) {
        repeat(WARMUP_REFRESHES) { sink += refresh(it).size }
        val samples = LongArray(MEASURED_REFRESHES)
        for (i in samples.indices) {
            val t0 = System.nanoTime()
            val codes = refresh(i)
            samples[i] = System.nanoTime() - t0
            sink += codes[i % ACCOUNTS].code!!.code.length
        }
        samples.sort()
        fun us(ns: Long) = "%.1f".format(ns / 1000.0)
        println("$what: one refresh of $ACCOUNTS accounts' codes, $MEASURED_REFRESHES refreshes after $WARMUP_REFRESHES warm-up:")
        println("  median ${us(samples[samples.size / 2])} us, p90 ${us(samples[samples.size * 9 / 10])} us, " +
            "p99 ${us(samples[samples.size * 99 / 100])} us, min ${us(samples[0])} us")
    }
    report("vault.codesAt(unixSeconds)") { vault.codesAt(start + it) }
    report("vault.codes(), the vault's Kotlin clock called back") {
        clock.millis = (start + it) * 1000
        vault.codes()
    }
    println("(sink $sink)")
    vault.close()
    dir.toFile().deleteRecursively()
}
