// The bad-input corpus (tests/vectors/bad, shared with the Rust CLI suite) through the generated
// Kotlin: every input throws the OtpKitException subclass the corpus names, never crashes, and
// no message echoes the corpus's secret.

import dev.otpkit.BackupFormat
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

/** Runs `body`, which must throw the OtpKitException subclass named `expected`. */
private suspend fun expectRejected(case: String, expected: String, body: suspend () -> Unit) {
    try {
        body()
    } catch (e: OtpKitException) {
        assertEquals(expected, e::class.simpleName, "$case: ${e.message}")
        val message = e.message.orEmpty()
        assertTrue(message.isNotEmpty(), "$case: empty message")
        assertFalse(message.uppercase().contains(CORPUS_SECRET), "$case: the message echoes the secret")
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
    else -> error("files.tsv: unknown format $name")
}

fun badInputTests(suite: Suite, vectorsDir: File) = with(suite) {
    val bad = File(vectorsDir, "bad")
    val repo = vectorsDir.absoluteFile.parentFile.parentFile

    test("every bad URI in the corpus throws its typed exception from parseUri and codeForUri") {
        val rows = corpus(File(bad, "uris.tsv"))
        assertTrue(rows.size >= 10, "corpus too small")
        for ((name, _, binding, input) in rows) {
            expectRejected("$name (parseUri)", binding) { parseUri(input) }
            expectRejected("$name (codeForUri)", binding) { codeForUri(input, 59L) }
        }
    }

    test("every bad file in the corpus throws its typed exception and changes nothing") {
        val rows = corpus(File(bad, "files.tsv"))
        assertTrue(rows.size >= 10, "corpus too small")
        val at = FixedWallClock(1_700_000_000_000L)
        Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore()).use { target ->
            for ((path, openedAs, password, _, binding) in rows) {
                val file = File(repo, path)
                val before = file.readBytes()
                if (openedAs == "vault") {
                    expectRejected(path, binding) { Vault.openWithPassphrase(file.path, password).close() }
                } else {
                    val format = formatOf(openedAs.removePrefix("import:"))
                    val secret = if (password == "-") null else password
                    expectRejected(path, binding) { target.importFile(before, format, secret, at) }
                }
                assertTrue(before.contentEquals(file.readBytes()), "$path: the file was changed")
            }
            assertEquals(0, target.accounts().size, "a refused import added accounts")
        }
    }
}
