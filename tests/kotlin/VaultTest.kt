// The vault through the generated Kotlin: opened with a Kotlin PlatformKeyStore (AES-GCM through
// javax.crypto, as an Android Keystore implementation does), accounts added from URIs, codes
// for the whole list in one call, and every failure as a typed OtpKitException.

import dev.otpkit.AccountCode
import dev.otpkit.BackupFormat
import dev.otpkit.PlatformKeyStore
import dev.otpkit.OtpKind
import dev.otpkit.ErrorDetails
import dev.otpkit.ErrorReason
import dev.otpkit.ExportFormat
import dev.otpkit.OtpKitException
import dev.otpkit.PlatformKeyException
import dev.otpkit.Vault
import dev.otpkit.parseUri
import java.nio.file.Files
import java.nio.file.Path
import java.security.SecureRandom
import javax.crypto.Cipher
import javax.crypto.spec.GCMParameterSpec
import javax.crypto.spec.SecretKeySpec
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * Wraps with AES-256-GCM under keys held in Kotlin, one per alias: what an Android Keystore
 * wrapper does. [aliases] are the keys it holds now.
 */
class AesKeyStore : PlatformKeyStore {
    private val keys = java.util.concurrent.ConcurrentHashMap<String, ByteArray>()
    val aliases: Set<String> get() = keys.keys.toSet()

    @Volatile var unwrapCalls = 0
        private set

    override suspend fun createKey(alias: String) {
        check(keys.putIfAbsent(alias, ByteArray(32).also { SecureRandom().nextBytes(it) }) == null) { "$alias exists" }
    }

    private fun key(alias: String) = keys[alias] ?: throw PlatformKeyException.Unavailable("no key $alias")

    override suspend fun wrap(alias: String, masterKey: ByteArray): ByteArray {
        val iv = ByteArray(12).also { SecureRandom().nextBytes(it) }
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeySpec(key(alias), "AES"), GCMParameterSpec(128, iv))
        return iv + cipher.doFinal(masterKey)
    }

    override suspend fun unwrap(alias: String, wrapped: ByteArray): ByteArray {
        unwrapCalls++
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.DECRYPT_MODE, SecretKeySpec(key(alias), "AES"), GCMParameterSpec(128, wrapped, 0, 12))
        return try {
            cipher.doFinal(wrapped, 12, wrapped.size - 12)
        } catch (e: javax.crypto.AEADBadTagException) {
            throw PlatformKeyException.WrongKey()
        }
    }

    override suspend fun deleteKey(alias: String) {
        keys.remove(alias)
    }
}

/**
 * [inner], but its unwrap (or, with [onWrap], its wrap) throws: what Android throws when the
 * user has not authenticated, or cancels the prompt.
 */
class ThrowingKeyStore(
    private val inner: PlatformKeyStore,
    private val onWrap: Boolean = false,
    private val error: () -> Exception,
) : PlatformKeyStore {
    override suspend fun createKey(alias: String) = inner.createKey(alias)
    override suspend fun wrap(alias: String, masterKey: ByteArray): ByteArray =
        if (onWrap) throw error() else inner.wrap(alias, masterKey)
    override suspend fun unwrap(alias: String, wrapped: ByteArray): ByteArray =
        if (onWrap) inner.unwrap(alias, wrapped) else throw error()
    override suspend fun deleteKey(alias: String) = inner.deleteKey(alias)
}

const val RFC_TOTP_URI = "otpauth://totp/RFC:totp@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&issuer=RFC"
const val RFC_HOTP_URI = "otpauth://hotp/RFC:hotp@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0"

fun tempVaultPath(): String {
    val dir = Files.createTempDirectory("otpkit-kotlin")
    // deleteOnExit() leaves a folder that is not empty: the vault and its backups stayed behind.
    Runtime.getRuntime().addShutdownHook(Thread { dir.toFile().deleteRecursively() })
    return dir.resolve("vault").toString()
}

fun vaultTests(suite: Suite, vectors: Vectors) = with(suite) {
    val at = FixedWallClock(1_700_000_000_000L)

    test("a vault created with a Kotlin PlatformKeyStore reopens with it, keeping its accounts") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        Vault.createWithPlatformKeyStore(path, keyStore, at).use { vault ->
            val report = vault.addUri(RFC_TOTP_URI)
            assertEquals(listOf("RFC: totp@example.com"), report.added.map { it.name })
        }
        Vault.openWithPlatformKeyStore(path, keyStore, at).use { vault ->
            val account = vault.accounts().single()
            assertEquals(OtpKind.TOTP, account.kind)
            assertEquals("RFC", account.issuer)
            assertEquals("totp@example.com", account.label)
            assertEquals(8, account.digits)
            assertEquals(30, account.periodSeconds)
        }
        assertEquals(1, keyStore.unwrapCalls)
    }

    test("codes for the whole list in one call equal the RFC 6238 vectors at fixed instants") {
        Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), at).use { vault ->
            for (key in listOf(RfcKeys.SHA1, RfcKeys.SHA256, RfcKeys.SHA512)) {
                val algorithm = when (key) { RfcKeys.SHA1 -> "SHA1"; RfcKeys.SHA256 -> "SHA256"; else -> "SHA512" }
                vault.addUri("otpauth://totp/RFC:$algorithm?secret=$key&algorithm=$algorithm&digits=8")
            }
            vault.addUri(RFC_HOTP_URI)
            val ids = vault.accounts().map { it.accountId }
            for (instant in vectors.totp.map { it.at }.distinct()) {
                val codes: List<AccountCode> = vault.codesAt(instant)
                assertEquals(ids, codes.map { it.accountId }, "one entry per account, in order")
                val expected = vectors.totp.filter { it.at == instant }.map { it.code }
                assertEquals(expected, codes.take(3).map { it.code?.code }, "at $instant")
                assertNull(codes[3].code, "HOTP codes come only from nextHotpCode")
            }
        }
    }

    test("HOTP codes follow RFC 4226, and the counter is saved before each code") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        Vault.createWithPlatformKeyStore(path, keyStore, at).use { vault ->
            val id = vault.addUri(RFC_HOTP_URI).added.single().accountId
            assertEquals(vectors.hotp.take(3), List(3) { vault.nextHotpCode(id).code })
        }
        Vault.openWithPlatformKeyStore(path, keyStore, at).use { vault ->
            val account = vault.accounts().single()
            assertEquals(3L, account.counter)
            assertEquals(vectors.hotp[3], vault.nextHotpCode(account.accountId).code)
        }
    }

    test("adding an account twice is reported as a duplicate, not added") {
        Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), at).use { vault ->
            val first = vault.addUri(RFC_TOTP_URI).added.single()
            val again = vault.addUri(RFC_TOTP_URI)
            assertEquals(emptyList(), again.added)
            assertEquals(first.accountId, again.duplicates.single().existingAccountId)
            assertEquals(1, vault.accounts().size)
        }
    }

    test("no account view, code or report carries the secret") {
        Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), at).use { vault ->
            val report = vault.addUri("otpauth://totp/x?secret=jbswy3dpehpk3pxp")
            val shown = listOf(report, vault.accounts(), vault.codesAt(59L)).joinToString()
            assertFalse(shown.contains("JBSWY3DPEHPK3PXP", ignoreCase = true), shown)
            assertTrue(report.normalised.isNotEmpty(), "the lowercase secret is reported: $report")
        }
    }

    test("an added entry's normalisations carry the kinds and texts parseUri gives") {
        Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), at).use { vault ->
            val uri = "otpauth://totp/ACME:jane?secret=jbswy3dpehpk3pxp"
            val parsed = parseUri(uri).warnings
            val report = vault.addUri(uri)
            assertEquals(listOf("secret_lowercase", "weak_secret"), report.normalised.map { it.kind })
            assertEquals(parsed.map { it.kind to it.message }, report.normalised.map { it.kind to it.message })
            assertEquals(setOf("ACME: jane"), report.normalised.map { it.name }.toSet())
        }
    }

    test("a PlatformKeyStore that throws gives OtpKitException.KeyUnavailable with its text, not a crash") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        Vault.createWithPlatformKeyStore(path, keyStore, at).use { it.addUri(RFC_TOTP_URI) }
        val bytesBefore = Files.readAllBytes(Path.of(path))
        val unexpected = assertFailsWith<OtpKitException.KeyUnavailable> {
            Vault.openWithPlatformKeyStore(path, ThrowingKeyStore(keyStore) { IllegalStateException("User not authenticated") }, at)
        }
        assertTrue(unexpected.text().contains("User not authenticated"), unexpected.text())
        val typed = assertFailsWith<OtpKitException.KeyUnavailable> {
            Vault.openWithPlatformKeyStore(path, ThrowingKeyStore(keyStore) { PlatformKeyException.Unavailable("device is locked") }, at)
        }
        assertTrue(typed.text().contains("device is locked"), typed.text())
        val wrongKey = assertFailsWith<OtpKitException.KeyUnavailable> {
            Vault.openWithPlatformKeyStore(path, ThrowingKeyStore(keyStore) { PlatformKeyException.WrongKey() }, at)
        }
        assertEquals("wrong platform key: this vault was locked with another device key", wrongKey.text())
        assertEquals(ErrorReason.WRONG_PLATFORM_KEY, wrongKey.reason())
        assertEquals(ErrorReason.KEYSTORE_FAILED, unexpected.reason())
        assertEquals(ErrorReason.KEYSTORE_UNAVAILABLE, typed.reason())
        // Another device's key under the same alias: javax.crypto's AEADBadTagException arrives
        // as WrongKey, then KeyUnavailable.
        val another = AesKeyStore().apply { createKey(keyStore.aliases.single()) }
        val wrong = assertFailsWith<OtpKitException.KeyUnavailable> { Vault.openWithPlatformKeyStore(path, another, at) }
        assertEquals("wrong platform key: this vault was locked with another device key", wrong.text())
        assertEquals(ErrorReason.WRONG_PLATFORM_KEY, wrong.reason())
        assertTrue(bytesBefore.contentEquals(Files.readAllBytes(Path.of(path))), "a failed open changed the file")
        Vault.openWithPlatformKeyStore(path, keyStore, at).use { assertEquals(1, it.accounts().size) }
    }

    test("vault failures arrive as typed exceptions with their messages") {
        val missing = tempVaultPath()
        val notFound = assertFailsWith<OtpKitException.VaultNotFound> { Vault.openWithPlatformKeyStore(missing, AesKeyStore(), at) }
        assertTrue(notFound.text().startsWith("no vault at "), notFound.text())
        val path = tempVaultPath()
        Vault.createWithPlatformKeyStore(path, AesKeyStore(), at).use { vault ->
            val exists = assertFailsWith<OtpKitException.InvalidInput> { Vault.createWithPlatformKeyStore(path, AesKeyStore(), at) }
            assertTrue(exists.text().endsWith("already exists: choose another file name or remove it first"), exists.text())
            val badUri = assertFailsWith<OtpKitException.InvalidInput> { vault.addUri("otpauth://totp/x?secret=JBSW1") }
            assertEquals("secret is not base32: '1' at position 5 (allowed: A-Z, 2-7)", badUri.text())
            val noAccount = assertFailsWith<OtpKitException.InvalidInput> { vault.removeAccount("42") }
            assertTrue(noAccount.text().startsWith("no account with id 42"), noAccount.text())
            val notAnId = assertFailsWith<OtpKitException.InvalidInput> { vault.renameAccount("x", "y") }
            assertEquals("this is not an account id: use the accountId of an AccountView", notAnId.text())
            assertEquals(ErrorReason.INVALID_ARGUMENT to ErrorDetails(field = "accountId"), notAnId.reason() to notAnId.details())
            assertEquals(ErrorReason.NO_SUCH_ACCOUNT to ErrorDetails(accountId = "42"), noAccount.reason() to noAccount.details())
            assertEquals(ErrorReason.SECRET_NOT_BASE32 to ErrorDetails(position = 5L), badUri.reason() to badUri.details())
            assertEquals(ErrorReason.FILE_EXISTS, exists.reason())
        }
        Files.write(Path.of(path), "not a vault at all".toByteArray())
        assertFailsWith<OtpKitException.VaultCorrupt> { Vault.openWithPlatformKeyStore(path, AesKeyStore(), at) }
    }

    test("the vault reads the clock it was opened with at every call, and refuses one before 1970") {
        val clock = SwitchedClock(FixedWallClock(59_000L))
        Vault.createWithPassphrase(tempVaultPath(), "pass phrase", clock).use { vault ->
            vault.addUri(RFC_TOTP_URI)
            assertEquals("94287082", vault.codes().single().code?.code)
            clock.to = FixedWallClock(1_111_111_109_000L)
            assertEquals("07081804", vault.codes().single().code?.code)
            clock.to = FixedWallClock(-1_000L)
            val early = assertFailsWith<OtpKitException.ClockUnusable> { vault.codes() }
            assertEquals(ErrorReason.CLOCK_BEFORE_EPOCH, early.reason())
            assertFailsWith<OtpKitException.ClockUnusable> { vault.addUri(RFC_HOTP_URI) }
            assertEquals(1, vault.accounts().size)
        }
    }

    test("rename and remove change the list and survive a reopen") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        Vault.createWithPlatformKeyStore(path, keyStore, at).use { vault ->
            val totp = vault.addUri(RFC_TOTP_URI).added.single().accountId
            val hotp = vault.addUri(RFC_HOTP_URI).added.single().accountId
            vault.renameAccount(totp, "work")
            vault.removeAccount(hotp)
        }
        Vault.openWithPlatformKeyStore(path, keyStore, at).use { vault ->
            assertEquals(listOf("work"), vault.accounts().map { it.label })
        }
    }

    test("a save over a vault another process saved is refused; reload picks up its change") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        Vault.createWithPlatformKeyStore(path, keyStore, at).use { app ->
            Vault.openWithPlatformKeyStore(path, keyStore, at).use { widget ->
                widget.addUri(RFC_TOTP_URI)
            }
            val e = assertFailsWith<OtpKitException.ChangedElsewhere> { app.addUri(RFC_HOTP_URI) }
            assertTrue(e.text().contains("changed by another app or process"), e.text())
            assertEquals(ErrorReason.VAULT_CHANGED_ELSEWHERE, e.reason())
            assertEquals(emptyList(), app.accounts().map { it.label })
            app.reload()
            assertEquals(listOf("totp@example.com"), app.accounts().map { it.label })
            app.addUri(RFC_HOTP_URI)
            assertFalse(app.reloadIfChanged(), "its own save is no change by another process")
            Vault.openWithPlatformKeyStore(path, keyStore, at).use { widget -> widget.renameAccount(app.accounts()[0].accountId, "work") }
            assertTrue(app.reloadIfChanged())
            assertEquals("work", app.accounts()[0].label)
        }
        Vault.openWithPlatformKeyStore(path, keyStore, at).use { vault ->
            assertEquals(listOf("work", "hotp@example.com"), vault.accounts().map { it.label })
        }
    }

    test("rekey gives the vault a new master key: an old copy of the file no longer reads later saves") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        val oldCopy = "$path.old"
        Vault.createWithPassphrase(path, "old passphrase", at).use { vault ->
            vault.setPlatformKey(keyStore)
            vault.addUri(RFC_TOTP_URI)
            Files.copy(Path.of(path), Path.of(oldCopy))
            assertFailsWith<OtpKitException.LastKeySlot> { vault.rekey(null, null) }
            assertEquals(null, vault.rekey("new passphrase", keyStore))
            vault.addUri(RFC_HOTP_URI)
        }
        // The re-key made a new platform key and deleted the old one: the old copy's platform
        // slot opens nothing now.
        assertFailsWith<OtpKitException.KeyUnavailable> { Vault.openWithPlatformKeyStore(oldCopy, keyStore, at) }
        // Its passphrase slot gives the old master key, which decrypts nothing newer.
        Vault.openWithPassphrase(oldCopy, "old passphrase", at).use { stolen ->
            Files.copy(Path.of(path), Path.of(oldCopy), java.nio.file.StandardCopyOption.REPLACE_EXISTING)
            assertFailsWith<OtpKitException.VaultCorrupt> { stolen.reload() }
        }
        Vault.openWithPassphrase(path, "new passphrase", at).use { vault ->
            assertEquals(listOf("totp@example.com", "hotp@example.com"), vault.accounts().map { it.label })
        }
        Vault.openWithPlatformKeyStore(path, keyStore, at).use { vault -> assertEquals(2, vault.accounts().size) }
    }

    test("a backup the user exports imports into a new vault, and its password is required") {
        val backup = tempVaultPath() + ".backup"
        Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), at).use { vault ->
            vault.addUri(RFC_TOTP_URI)
            vault.addUri(RFC_HOTP_URI)
            vault.exportBackup(backup, "correct horse battery staple")
        }
        val bytes = Files.readAllBytes(Path.of(backup))
        Vault.createWithPlatformKeyStore(tempVaultPath(), AesKeyStore(), at).use { vault ->
            assertFailsWith<OtpKitException.PasswordRequired> { vault.importFile(bytes, null, null) }
            assertFailsWith<OtpKitException.WrongPassphrase> { vault.importFile(bytes, BackupFormat.OTPKIT, "wrong") }
            val report = vault.importFile(bytes, null, "correct horse battery staple")
            assertEquals(2, report.added.size)
            assertEquals("94287082", vault.codesAt(59L).first().code?.code)
        }
    }

    test("exports for other apps (a URI list, Aegis plain and encrypted) import back with the same codes") {
        Vault.createWithPassphrase(tempVaultPath(), "old phone", at).use { vault ->
            vault.addUri(RFC_TOTP_URI)
            val list = vault.exportBytes(ExportFormat.URI_LIST, null)
            assertTrue(String(list, Charsets.UTF_8).startsWith("otpauth://totp/"))
            val refused = assertFailsWith<OtpKitException.InvalidInput> { vault.exportBytes(ExportFormat.URI_LIST, "pw") }
            assertEquals(ErrorReason.INVALID_ARGUMENT, refused.reason())
            val encrypted = vault.exportBytes(ExportFormat.AEGIS, "export password")
            assertFalse(String(encrypted, Charsets.ISO_8859_1).contains("GEZDGNBV"), "the encrypted export holds the key in clear")
            for ((bytes, password) in listOf(list to null, vault.exportBytes(ExportFormat.AEGIS, null) to null, encrypted to "export password")) {
                Vault.createWithPassphrase(tempVaultPath(), "new phone", at).use { copy ->
                    assertEquals(1, copy.importFile(bytes, null, password).added.size)
                    assertEquals("94287082", copy.codesAt(59L).first().code?.code)
                }
            }
        }
    }

    test("a backup exported as bytes needs no file and imports on the new phone") {
        val bytes = Vault.createWithPassphrase(tempVaultPath(), "old phone", at).use { vault ->
            vault.addUri(RFC_TOTP_URI)
            vault.exportBackupBytes("correct horse battery staple")
        }
        assertFalse(String(bytes, Charsets.ISO_8859_1).contains("GEZDGNBV"), "the backup holds the key in clear")
        Vault.createWithPassphrase(tempVaultPath(), "new phone", at).use { vault ->
            assertFailsWith<OtpKitException.WrongPassphrase> { vault.importFile(bytes, null, "wrong") }
            val report = vault.importFile(bytes, BackupFormat.OTPKIT, "correct horse battery staple")
            assertEquals(1, report.added.size)
            assertEquals("94287082", vault.codesAt(59L).first().code?.code)
        }
    }
}
