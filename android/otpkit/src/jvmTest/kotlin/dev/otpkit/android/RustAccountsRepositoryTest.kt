package dev.otpkit.android

import dev.otpkit.ClockChecker
import dev.otpkit.PlatformKeyStore
import dev.otpkit.PlatformKeyException
import dev.otpkit.Vault
import dev.otpkit.WallClock
import dev.otpkit.presentation.DriftStatus
import dev.otpkit.presentation.ErrorText
import dev.otpkit.presentation.FailureKind
import dev.otpkit.presentation.NoteText
import dev.otpkit.presentation.OtpKitFailure
import dev.otpkit.presentation.OtpType
import dev.otpkit.presentation.Texts
import dev.otpkit.presentation.UiText
import dev.otpkit.presentation.UnlockMethod
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import java.io.File
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

// The mapping and RustAccountsRepository against the real library on the desktop JVM (JNA), run
// by scripts/test-app-bridge-kotlin.sh. Not a Gradle source set: Android unit tests have no host
// build of the Rust library.

/** 2023-11-14T22:13:20Z, 20 s into a 30 s step; the boot clock is not known. */
class FixedClock(private val millis: Long = 1_700_000_000_000) : WallClock {
    override fun nowUnixMillis() = millis
    override fun millisSinceBoot() = -1L
}

class RustAccountsRepositoryTest {
    private val dir: File = Files.createTempDirectory("otpkit-bridge").toFile()
    private val github = "otpauth://totp/GitHub:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"

    private suspend fun repository(name: String = "vault", clock: WallClock = FixedClock()): RustAccountsRepository {
        val vault = Vault.createWithPassphrase(File(dir, name).path, "correct horse battery", clock)
        // Two loopback ports with nothing listening: the check ends quickly, offline.
        val checker = ClockChecker(listOf("127.0.0.1:9", "127.0.0.1:10"), 300)
        return RustAccountsRepository(vault, checker, clock, dir, Dispatchers.Unconfined)
    }

    /**
     * XOR with [pad], the pad appended: another pad is a key made after a biometric change.
     * [aliases] are the keys it holds; with [cancel], the wrap prompt is cancelled by the user.
     */
    private class PadKeyStore(private val pad: Byte, var cancel: Boolean = false) : PlatformKeyStore {
        val aliases = java.util.concurrent.ConcurrentHashMap.newKeySet<String>()
        override suspend fun createKey(alias: String) {
            aliases.add(alias)
        }
        override suspend fun wrap(alias: String, masterKey: ByteArray): ByteArray {
            if (cancel) throw PlatformKeyException.Cancelled()
            return ByteArray(masterKey.size) { (masterKey[it].toInt() xor pad.toInt()).toByte() } + pad
        }
        override suspend fun unwrap(alias: String, wrapped: ByteArray): ByteArray {
            if (wrapped.last() != pad) throw PlatformKeyException.Unavailable("KeyPermanentlyInvalidatedException")
            return ByteArray(wrapped.size - 1) { (wrapped[it].toInt() xor pad.toInt()).toByte() }
        }
        override suspend fun deleteKey(alias: String) {
            aliases.remove(alias)
        }
    }

    @Test
    fun `biometrics go on top of the passphrase, and after a biometric change the passphrase opens the vault`() = runBlocking {
        val path = File(dir, "slots").path
        val checker = ClockChecker(listOf("127.0.0.1:9", "127.0.0.1:10"), 300)
        val first = PadKeyStore(0x5A)
        val repo = RustAccountsRepository(
            Vault.createWithPassphrase(path, "correct horse battery", FixedClock()), checker, FixedClock(), dir, Dispatchers.Unconfined, first,
        )
        assertEquals(setOf(UnlockMethod.Passphrase), repo.unlockMethods())
        repo.addUri(github)
        repo.enableBiometricUnlock()
        assertEquals(setOf(UnlockMethod.Passphrase, UnlockMethod.Biometrics), repo.unlockMethods())
        assertEquals(1, Vault.openWithPlatformKeyStore(path, first, FixedClock()).accounts().size)

        val changed = PadKeyStore(0x33)
        val lost = assertFailsWith<dev.otpkit.OtpKitException.KeyUnavailable> { Vault.openWithPlatformKeyStore(path, changed, FixedClock()) }
        assertTrue("KeyPermanentlyInvalidatedException" in lost.text(), lost.text())
        val reopened = RustAccountsRepository(
            Vault.openWithPassphrase(path, "correct horse battery", FixedClock()), checker, FixedClock(), dir, Dispatchers.Unconfined, changed,
        )
        assertEquals(listOf("ada@example.com"), reopened.accounts().map { it.label })
        reopened.enableBiometricUnlock()
        assertEquals(1, Vault.openWithPlatformKeyStore(path, changed, FixedClock()).accounts().size)
        // A cancelled prompt while turning it on again keeps the key in use and no new one.
        val inUse = changed.aliases.toSet()
        changed.cancel = true
        val cancelled = assertFailsWith<OtpKitFailure> { reopened.enableBiometricUnlock() }
        assertEquals(FailureKind.Cancelled, cancelled.kind, "a closed prompt is the user's choice, not a broken key")
        assertEquals(ErrorText.of("key_prompt_cancelled"), cancelled.text)
        assertEquals(inUse, changed.aliases.toSet())
        changed.cancel = false
        assertEquals(1, Vault.openWithPlatformKeyStore(path, changed, FixedClock()).accounts().size)

        val noKeyStore = repository("no-key-store")
        assertEquals(FailureKind.KeyUnavailable, assertFailsWith<OtpKitFailure> { noKeyStore.enableBiometricUnlock() }.kind)
        val empty = assertFailsWith<OtpKitFailure> { noKeyStore.setPassphrase("") }
        assertEquals(FailureKind.InvalidInput, empty.kind)
    }

    @AfterEach
    fun cleanUp() {
        dir.deleteRecursively()
    }

    @Test
    fun `an added URI is listed with its code, mapped field by field`() = runBlocking {
        val repo = repository()
        val result = repo.addUri(github)
        assertEquals(listOf("GitHub: ada@example.com"), result.added)
        val account = repo.accounts().single()
        assertEquals(OtpType.Totp, account.type)
        assertEquals("GitHub", account.issuer)
        assertEquals("ada@example.com", account.label)
        assertEquals(6, account.digits)
        assertEquals(30, account.periodSeconds)
        val code = repo.codes().single { it.accountId == account.id }.code!!
        assertEquals(6, code.value.length)
        assertEquals(1_700_000_010L, code.validUntilUnix)
        assertEquals(30, code.periodSeconds)
    }

    @Test
    fun `every error reason of the library has the user's text in the app's resources`() {
        for (reason in dev.otpkit.ErrorReason.entries) {
            val key = reason.toText(dev.otpkit.ErrorDetails()).key
            assertTrue(key in Texts.keys, "$reason has no text ($key)")
        }
    }

    @Test
    fun `a bad URI fails with the core's message, not the binding's field dump`() = runBlocking {
        val repo = repository()
        val failure = assertFailsWith<OtpKitFailure> { repo.addUri("otpauth://totp/x?secret=ABC1") }
        assertEquals(FailureKind.InvalidInput, failure.kind)
        assertTrue(failure.message.contains("base32"), failure.message)
        assertFalse(failure.message.startsWith("message="), failure.message)
        assertFalse(failure.message.contains("ABC1"), "the secret stays out of the message")
        assertEquals(ErrorText.of("secret_not_base32", position = 4), failure.text, "the user's text: the reason and where")
        assertTrue(repo.accounts().isEmpty(), "a failed add changes nothing")
    }

    @Test
    fun `a duplicate is reported and a preview adds nothing`() = runBlocking {
        val repo = repository()
        val preview = repo.previewUri(github)
        assertEquals("GitHub: ada@example.com", preview.accounts.single().displayName)
        assertNull(preview.exportPart)
        assertTrue(repo.accounts().isEmpty())
        repo.addUri(github)
        val again = repo.addUri(github)
        assertTrue(again.added.isEmpty())
        assertEquals(listOf("GitHub: ada@example.com"), again.duplicates)
    }

    @Test
    fun `a preview's warnings keep their kind, which the app translates`() = runBlocking {
        val repo = repository()
        val preview = repo.previewUri("otpauth://totp/GitHub:ada?secret=jbswy3dpehpk3pxp&issuer=GitHub")
        val lowercase = preview.warnings.single { it.kind == "secret_lowercase" }
        assertTrue(lowercase.message.contains("lowercase"), lowercase.message)
        assertEquals(Texts.uriWarningSecretLowercase, NoteText.of(lowercase))
        for (warning in preview.warnings) {
            assertEquals(UiText("uri_warning_${warning.kind}"), NoteText.of(warning), "every kind core gives has its text")
        }
    }

    @Test
    fun `an added entry's normalisations keep their kind too, so the report is translated`() = runBlocking {
        val repo = repository()
        val result = repo.addUri("otpauth://totp/GitHub:ada?secret=jbswy3dpehpk3pxp&issuer=GitHub")
        assertEquals(listOf("secret_lowercase", "weak_secret"), result.normalised.map { it.warning.kind })
        assertEquals(setOf("GitHub: ada"), result.normalised.map { it.name }.toSet())
        assertEquals(
            Texts.reportLineWarning("GitHub: ada", Texts.uriWarningSecretLowercase),
            NoteText.of(result.normalised[0]),
        )
    }

    @Test
    fun `a save another process made first is taken in, announced, and the call redone`() = runBlocking {
        val path = File(dir, "shared").path
        val checker = ClockChecker(listOf("127.0.0.1:9"), 300)
        val app = RustAccountsRepository(
            Vault.createWithPassphrase(path, "correct horse battery", FixedClock()), checker, FixedClock(), dir, Dispatchers.Unconfined,
        )
        val widget = RustAccountsRepository(
            Vault.openWithPassphrase(path, "correct horse battery", FixedClock()), checker, FixedClock(), dir, Dispatchers.Unconfined,
        )
        widget.addUri(github)
        val change = async(Dispatchers.Unconfined) { app.changes.first() }
        yield()
        val added = app.addUri("otpauth://totp/Mail:ada@example.com?secret=GEZDGNBVGY3TQOJQ&issuer=Mail")
        change.await()
        assertEquals(listOf("Mail: ada@example.com"), added.added)
        assertEquals(listOf("GitHub", "Mail"), app.accounts().map { it.issuer })
        val reopened = Vault.openWithPassphrase(path, "correct horse battery", FixedClock())
        assertEquals(2, reopened.accounts().size)

        // Back in the foreground, the widget's rename is taken in and announced.
        widget.reloadIfChanged()
        widget.rename(app.accounts().first().id, "work")
        val renamed = async(Dispatchers.Unconfined) { app.changes.first() }
        yield()
        app.reloadIfChanged()
        renamed.await()
        assertEquals("work", app.accounts().first().label)
    }

    @Test
    fun `rename and remove reach the vault and announce the change`() = runBlocking {
        val repo = repository()
        repo.addUri(github)
        val id = repo.accounts().single().id
        val change = async(Dispatchers.Unconfined) { repo.changes.first() }
        yield()
        repo.rename(id, "work")
        change.await()
        assertEquals("work", repo.accounts().single().label)
        repo.remove(id)
        assertTrue(repo.accounts().isEmpty())
        val missing = assertFailsWith<OtpKitFailure> { repo.remove(id) }
        assertEquals(FailureKind.InvalidInput, missing.kind)
    }

    @Test
    fun `an HOTP code has no countdown and advances`() = runBlocking {
        val repo = repository()
        repo.addUri("otpauth://hotp/router?secret=JBSWY3DPEHPK3PXP&counter=0")
        val id = repo.accounts().single().id
        assertNull(repo.codes().single().code, "HOTP codes come only on request")
        val first = repo.nextHotpCode(id)
        val second = repo.nextHotpCode(id)
        assertNull(first.validUntilUnix)
        assertEquals(first.next, second.value)
    }

    @Test
    fun `a backup goes to the destination and opens on a new vault with its passphrase`() = runBlocking {
        val repo = repository("old")
        repo.addUri(github)
        var exported: ByteArray? = null
        var scratch: File? = null
        repo.exportBackup("new phone passphrase") { path ->
            scratch = File(path)
            exported = File(path).readBytes()
        }
        assertFalse(scratch!!.exists(), "the scratch copy is deleted")
        val fresh = repository("new")
        val asked = assertFailsWith<OtpKitFailure> { fresh.importBackup(exported!!, null) }
        assertEquals(FailureKind.PasswordRequired, asked.kind)
        val wrong = assertFailsWith<OtpKitFailure> { fresh.importBackup(exported!!, "wrong one") }
        assertEquals(FailureKind.WrongPassphrase, wrong.kind)
        assertEquals(listOf("GitHub: ada@example.com"), fresh.importBackup(exported!!, "new phone passphrase").added)
    }

    @Test
    fun `a destination that cannot be written is a storage failure with the user's text, and no scratch copy stays`() = runBlocking {
        val repo = repository("unwritable")
        repo.addUri(github)
        var scratch: File? = null
        val failure = assertFailsWith<OtpKitFailure> {
            repo.exportBackup("new phone passphrase") { path ->
                scratch = File(path)
                throw java.io.IOException("the provider is gone")
            }
        }
        assertEquals(FailureKind.Storage, failure.kind)
        assertEquals(Texts.backupSaveFailed, failure.text)
        assertFalse(scratch!!.exists(), "the scratch copy is deleted")
        assertEquals(1, repo.accounts().size, "the vault is as it was")
    }

    @Test
    fun `an offline clock check maps to Unknown`() = runBlocking {
        val report = repository().checkClock(manual = true)
        assertEquals(DriftStatus.Unknown, report.status)
        assertNull(report.offsetMs)
    }

    @Test
    fun `every Rust enum value maps to its own app value`() {
        assertEquals(
            listOf(DriftStatus.Ok, DriftStatus.Warn, DriftStatus.Bad, DriftStatus.Unknown),
            dev.otpkit.DriftStatus.entries.map { it.toStatus() },
        )
        assertEquals(listOf(OtpType.Totp, OtpType.Hotp, OtpType.Steam), dev.otpkit.OtpKind.entries.map { it.toOtpType() })
    }
}
