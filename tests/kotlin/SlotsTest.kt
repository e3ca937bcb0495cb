// Key slots through the generated Kotlin: a vault made with a PlatformKeyStore gets a passphrase
// slot, and the passphrase alone opens it, with its accounts, after the platform key is lost
// (what a new fingerprint does to an Android Keystore key). A new platform key never costs the
// old one before the vault is saved with it, and a cancelled prompt is its own error. The vault
// never loses its last slot.

import dev.otpkit.ErrorReason
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

    test("a passphrase slot opens a PlatformKeyStore vault with its accounts after the KeyStore's key is lost") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        Vault.createWithPlatformKeyStore(path, keyStore, at).use { vault ->
            vault.addUri(RFC_TOTP_URI)
            assertEquals(listOf(SlotKind.PLATFORM), vault.slotKinds())
            vault.setPassphrase("correct horse battery")
            assertEquals(setOf(SlotKind.PASSPHRASE, SlotKind.PLATFORM), vault.slotKinds().toSet())
        }
        val lost = ThrowingKeyStore(keyStore, error = invalidated)
        val err = assertFailsWith<OtpKitException.KeyUnavailable> { Vault.openWithPlatformKeyStore(path, lost, at) }
        assertTrue("KeyPermanentlyInvalidatedException" in err.text(), err.text())
        Vault.openWithPassphrase(path, "correct horse battery", at).use { vault ->
            assertEquals(listOf("totp@example.com"), vault.accounts().map { it.label })
            // Re-enabling biometrics with a new key replaces the dead slot.
            vault.setPlatformKey(AesKeyStore())
            assertEquals(2, vault.slotKinds().size)
        }
        assertFailsWith<OtpKitException.WrongPassphrase> { Vault.openWithPassphrase(path, "wrong", at) }
    }

    test("a vault created with a passphrase gets a platform slot that opens it") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        Vault.createWithPassphrase(path, "recovery words here", at).use { vault ->
            vault.addUri(RFC_HOTP_URI)
            vault.setPlatformKey(keyStore)
        }
        Vault.openWithPlatformKeyStore(path, keyStore, at).use { vault ->
            assertEquals(listOf("hotp@example.com"), vault.accounts().map { it.label })
        }
    }

    test("removing the last slot is OtpKitException.LastKeySlot and the vault still opens") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        Vault.createWithPlatformKeyStore(path, keyStore, at).use { vault ->
            assertFailsWith<OtpKitException.LastKeySlot> { vault.removeSlot(SlotKind.PLATFORM) }
            assertFailsWith<OtpKitException.InvalidInput> { vault.removeSlot(SlotKind.PASSPHRASE) }
            assertEquals(listOf(SlotKind.PLATFORM), vault.slotKinds())
            vault.setPassphrase("pass phrase")
            vault.removeSlot(SlotKind.PLATFORM)
            assertEquals(listOf(SlotKind.PASSPHRASE), vault.slotKinds())
        }
        Vault.openWithPassphrase(path, "pass phrase", at).close()
        assertFailsWith<OtpKitException.InvalidInput> { Vault.openWithPlatformKeyStore(path, keyStore, at) }
    }

    test("a cancelled prompt during a key rotation is OtpKitException.Cancelled and keeps the old key") {
        val path = tempVaultPath()
        val keyStore = AesKeyStore()
        Vault.createWithPassphrase(path, "recovery words", at).use { vault ->
            assertEquals(null, vault.setPlatformKey(keyStore))
            val old = keyStore.aliases.single()
            assertTrue(old.startsWith("vault-slot-"), old)
            val cancelling = ThrowingKeyStore(keyStore, onWrap = true) { PlatformKeyException.Cancelled() }
            val err = assertFailsWith<OtpKitException.Cancelled> { vault.setPlatformKey(cancelling) }
            assertEquals(ErrorReason.KEY_PROMPT_CANCELLED, err.reason())
            assertEquals(setOf(old), keyStore.aliases, "the new key is deleted, the old one kept")
            // The vault still opens with the old key; a rotation that succeeds then replaces it.
            Vault.openWithPlatformKeyStore(path, keyStore, at).close()
            assertEquals(null, vault.setPlatformKey(keyStore))
            val new = keyStore.aliases.single()
            assertTrue(new != old, "rotated to $new")
        }
        Vault.openWithPlatformKeyStore(path, keyStore, at).close()
        val cancelled = ThrowingKeyStore(keyStore) { PlatformKeyException.Cancelled() }
        val err = assertFailsWith<OtpKitException.Cancelled> { Vault.openWithPlatformKeyStore(path, cancelled, at) }
        assertEquals(ErrorReason.KEY_PROMPT_CANCELLED, err.reason())
    }

    test("an empty passphrase is OtpKitException.InvalidInput and adds no slot") {
        val path = tempVaultPath()
        Vault.createWithPlatformKeyStore(path, AesKeyStore(), at).use { vault ->
            val err = assertFailsWith<OtpKitException.InvalidInput> { vault.setPassphrase("") }
            assertTrue("empty" in err.text(), err.text())
            assertEquals(listOf(SlotKind.PLATFORM), vault.slotKinds())
        }
    }
}
