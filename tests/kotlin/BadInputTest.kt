// The bad-input corpus (tests/vectors/bad, shared with the Rust CLI suite) through the generated
// Kotlin: every input throws the OtpKitException subclass, ErrorReason and ErrorDetails the
// corpus names, never crashes, and no message echoes the corpus's secret.

import dev.otpkit.BackupFormat
import dev.otpkit.ErrorDetails
import dev.otpkit.ErrorReason
import dev.otpkit.OtpKitException
import dev.otpkit.Vault
import dev.otpkit.codeForUri
import dev.otpkit.parseUri
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import kotlin.test.fail

/** The valid secret the corpus's URIs carry (tests/vectors/bad/generate.py's GOOD). */
private const val CORPUS_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

private fun corpus(file: File): List<List<String>> =
    file.readLines().filter { it.isNotBlank() && !it.startsWith("#") }.map { it.split('\t') }

/** One field of [ErrorDetails] as the corpus writes it (enums by name). */
fun detailOf(details: ErrorDetails, key: String): String? = when (key) {
    "position" -> details.position?.toString()
    "value" -> details.value?.toString()
    "length" -> details.length?.toString()
    "limit" -> details.limit?.toString()
    "field" -> details.field
    "found" -> details.found
    "server" -> details.server
    "format" -> details.format?.name
    "slot" -> details.slot?.name
    "accountId" -> details.accountId
    else -> error("unknown detail $key")
}

/**
 * Runs `body`, which must throw the OtpKitException subclass named `expected`, with `reason`
 * and the `details` (`key=value,...` or `-`) the corpus names.
 */
private suspend fun expectRejected(case: String, expected: String, reason: String, details: String, body: suspend () -> Unit) {
    try {
        body()
    } catch (e: OtpKitException) {
        assertEquals(expected, e::class.simpleName, "$case: ${e.message}")
        assertEquals(ErrorReason.valueOf(reason), e.reason(), case)
        if (details != "-") {
            for ((key, value) in details.split(',').map { it.split('=', limit = 2) }) {
                assertEquals(value, detailOf(e.details(), key), "$case: $key")
            }
        }
        for (message in listOf(e.text(), e.message.orEmpty())) {
            assertTrue(message.isNotEmpty(), "$case: empty message")
            assertFalse(message.uppercase().contains(CORPUS_SECRET), "$case: the message echoes the secret")
        }
        return
    }
    fail("$case: accepted")
}

private fun formatOf(name: String): BackupFormat? = when (name) {
    "auto" -> null
    "otpkit" -> BackupFormat.OTPKIT
    "aegis" -> BackupFormat.AEGIS
    "2fas" -> BackupFormat.TWO_FAS
    "uris" -> BackupFormat.URI_LIST
    "proton" -> BackupFormat.PROTON
    "bitwarden" -> BackupFormat.BITWARDEN
    "freeotp-plus" -> BackupFormat.FREE_OTP_PLUS
    "freeotp" -> BackupFormat.FREE_OTP
    "andotp" -> BackupFormat.AND_OTP
    "authenticator-pro" -> BackupFormat.AUTHENTICATOR_PRO
    "ente" -> BackupFormat.ENTE
    else -> error("files.tsv: unknown format $name")
}

fun badInputTests(suite: Suite, vectorsDir: File) = with(suite) {
    val bad = File(vectorsDir, "bad")
    val repo = vectorsDir.absoluteFile.parentFile.parentFile

    test("every bad URI in the corpus throws its typed exception from parseUri and codeForUri") {
        val rows = corpus(File(bad, "uris.tsv"))
        assertTrue(rows.size >= 10, "corpus too small")
        for (row in rows) {
            val (name, _, binding, reason, details) = row
            val input = row[5]
            expectRejected("$name (parseUri)", binding, reason, details) { parseUri(input) }
            expectRejected("$name (codeForUri)", binding, reason, details) { codeForUri(input, 59L) }
        }
    }

    test("every bad file in the corpus throws its typed exception and changes nothing") {
        val rows = corpus(File(bad, "files.tsv"))
        assertTrue(rows.size >= 10, "corpus too small")
        val at = FixedWallClock(1_700_000_000_000L)
        Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), at).use { target ->
            for (row in rows) {
                val (path, openedAs, password, _, binding) = row
                val (reason, details) = row.drop(5)
                val file = File(repo, path)
                val before = file.readBytes()
                if (openedAs == "vault") {
                    expectRejected(path, binding, reason, details) { Vault.openWithPassphrase(file.path, password, at).close() }
                } else {
                    val format = formatOf(openedAs.removePrefix("import:"))
                    val secret = if (password == "-") null else password
                    expectRejected(path, binding, reason, details) { target.importFile(before, format, secret) }
                }
                assertTrue(before.contentEquals(file.readBytes()), "$path: the file was changed")
            }
            assertEquals(0, target.accounts().size, "a refused import added accounts")
        }
    }
}
