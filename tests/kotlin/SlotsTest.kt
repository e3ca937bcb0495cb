// Key slots through the generated Kotlin: a vault made with a KeyStore gets a passphrase slot,
// and the passphrase alone opens it, with its accounts, after the platform key is lost (what
// a new fingerprint does to an Android Keystore key). The vault never loses its last slot.

import dev.otpkit.OtpKitException
import dev.otpkit.PlatformKeyException
import dev.otpkit.SlotKind
import dev.otpkit.Vault
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

fun slotsTests(suite: Suite) = with(suite) {
    val at = FixedWallClock(1_700_000_000_000L)
    /** Android's answer once a new enrollment has invalidated the key. */
    val invalidated = { PlatformKeyException.Unavailable("KeyPermanentlyInvalidatedException") }

    test("a passphrase slot opens a KeyStore vault with its accounts after the KeyStore's key is lost") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        Vault.createWithKeyStore(path, keyStore).use { vault ->
            vault.addUri(RFC_TOTP_URI, at)
            assertEquals(listOf(SlotKind.PLATFORM), vault.slotKinds())
            vault.setPassphrase("correct horse battery")
            assertEquals(setOf(SlotKind.PASSPHRASE, SlotKind.PLATFORM), vault.slotKinds().toSet())
        }
        val lost = ThrowingKeyStore(keyStore, invalidated)
        val err = assertFailsWith<OtpKitException.KeyUnavailable> { Vault.openWithKeyStore(path, lost) }
        assertTrue("KeyPermanentlyInvalidatedException" in err.text(), err.text())
        Vault.openWithPassphrase(path, "correct horse battery").use { vault ->
            assertEquals(listOf("totp@example.com"), vault.accounts().map { it.label })
            // Re-enabling biometrics with a new key replaces the dead slot.
            vault.setPlatformKey(AesKeyStore())
            assertEquals(2, vault.slotKinds().size)
        }
        assertFailsWith<OtpKitException.WrongPassphrase> { Vault.openWithPassphrase(path, "wrong") }
    }

    test("a vault created with a passphrase gets a platform slot that opens it") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        Vault.createWithPassphrase(path, "recovery words here").use { vault ->
            vault.addUri(RFC_HOTP_URI, at)
            vault.setPlatformKey(keyStore)
        }
        Vault.openWithKeyStore(path, keyStore).use { vault ->
            assertEquals(listOf("hotp@example.com"), vault.accounts().map { it.label })
        }
    }

    test("removing the last slot is OtpKitException.LastKeySlot and the vault still opens") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        Vault.createWithKeyStore(path, keyStore).use { vault ->
            assertFailsWith<OtpKitException.LastKeySlot> { vault.removeSlot(SlotKind.PLATFORM) }
            assertFailsWith<OtpKitException.InvalidInput> { vault.removeSlot(SlotKind.PASSPHRASE) }
            assertEquals(listOf(SlotKind.PLATFORM), vault.slotKinds())
            vault.setPassphrase("pass phrase")
            vault.removeSlot(SlotKind.PLATFORM)
            assertEquals(listOf(SlotKind.PASSPHRASE), vault.slotKinds())
        }
        Vault.openWithPassphrase(path, "pass phrase").close()
        assertFailsWith<OtpKitException.InvalidInput> { Vault.openWithKeyStore(path, keyStore) }
    }

    test("an empty passphrase is OtpKitException.InvalidInput and adds no slot") {
        val path = tempVaultPath()
        Vault.createWithKeyStore(path, AesKeyStore()).use { vault ->
            val err = assertFailsWith<OtpKitException.InvalidInput> { vault.setPassphrase("") }
            assertTrue("empty" in err.text(), err.text())
            assertEquals(listOf(SlotKind.PLATFORM), vault.slotKinds())
        }
    }
}
