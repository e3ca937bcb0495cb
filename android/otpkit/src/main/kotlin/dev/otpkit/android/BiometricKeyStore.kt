package dev.otpkit.android

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.StrongBoxUnavailableException
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import dev.otpkit.KeyStore
import dev.otpkit.PlatformKeyException
import java.security.GeneralSecurityException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * The vault's platform slot: an AES-256-GCM key in the Android Keystore (StrongBox when the
 * device has one) that needs a strong biometric for every use and dies when a new fingerprint or
 * face is enrolled (the vault's passphrase slot still opens it then). Rust calls [wrap]/[unwrap]
 * on a worker thread; each blocks that thread while a BiometricPrompt, bound to the cipher by a
 * CryptoObject, runs on the main thread. Wrapped blob: 12-byte IV, then ciphertext and tag.
 */
class BiometricKeyStore(
    private val activity: () -> FragmentActivity?,
    private val alias: String = "otpkit-vault-slot",
) : KeyStore {
    /**
     * Always with a new key: a new platform slot replaces the old one, whose key may have been
     * invalidated by a new enrollment (it would fail here) and is never needed again.
     */
    override fun wrap(masterKey: ByteArray): ByteArray {
        keystoreCall { deleteKey() }
        val cipher = keystoreCall { Cipher.getInstance(TRANSFORMATION).apply { init(Cipher.ENCRYPT_MODE, key(create = true)) } }
        val sealed = authenticated(cipher, "Turn on unlock with biometrics").doFinal(masterKey)
        return cipher.iv + sealed
    }

    override fun unwrap(wrapped: ByteArray): ByteArray {
        if (wrapped.size <= IV_BYTES) throw PlatformKeyException.WrongKey()
        val cipher = keystoreCall {
            Cipher.getInstance(TRANSFORMATION).apply {
                init(Cipher.DECRYPT_MODE, key(create = false), GCMParameterSpec(128, wrapped, 0, IV_BYTES))
            }
        }
        return try {
            authenticated(cipher, "Unlock your accounts").doFinal(wrapped, IV_BYTES, wrapped.size - IV_BYTES)
        } catch (e: AEADBadTagException) {
            throw PlatformKeyException.WrongKey()
        }
    }

    /** Removes the key (the user turned biometric unlock off). */
    fun deleteKey() {
        java.security.KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }.deleteEntry(alias)
    }

    private fun key(create: Boolean): SecretKey {
        val store = java.security.KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
        (store.getKey(alias, null) as? SecretKey)?.let { return it }
        if (!create) throw PlatformKeyException.Unavailable("the biometric key is gone: unlock with the passphrase")
        return try {
            generate(strongBox = true)
        } catch (e: StrongBoxUnavailableException) {
            generate(strongBox = false)
        }
    }

    private fun generate(strongBox: Boolean): SecretKey {
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(256)
            .setUserAuthenticationRequired(true)
            .setUserAuthenticationParameters(0, KeyProperties.AUTH_BIOMETRIC_STRONG)
            .setInvalidatedByBiometricEnrollment(true)
            .setIsStrongBoxBacked(strongBox)
            .build()
        return KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE).run {
            init(spec)
            generateKey()
        }
    }

    /** Shows the prompt on the main thread and waits (on this worker thread) for its cipher. */
    private fun authenticated(cipher: Cipher, title: String): Cipher {
        val host = activity() ?: throw PlatformKeyException.Unavailable("the app is not in the foreground")
        val result = CompletableFuture<Cipher>()
        host.runOnUiThread {
            val prompt = BiometricPrompt(
                host,
                ContextCompat.getMainExecutor(host),
                object : BiometricPrompt.AuthenticationCallback() {
                    override fun onAuthenticationSucceeded(auth: BiometricPrompt.AuthenticationResult) {
                        auth.cryptoObject?.cipher?.let(result::complete)
                            ?: result.completeExceptionally(PlatformKeyException.Failed("no cipher after authentication"))
                    }

                    override fun onAuthenticationError(code: Int, message: CharSequence) {
                        result.completeExceptionally(PlatformKeyException.Unavailable(message.toString()))
                    }
                },
            )
            val info = BiometricPrompt.PromptInfo.Builder()
                .setTitle(title)
                .setNegativeButtonText("Use passphrase")
                .setAllowedAuthenticators(BIOMETRIC_STRONG)
                .build()
            prompt.authenticate(info, BiometricPrompt.CryptoObject(cipher))
        }
        return try {
            result.get()
        } catch (e: ExecutionException) {
            throw (e.cause as? PlatformKeyException) ?: PlatformKeyException.Failed(e.cause.toString())
        }
    }

    private inline fun <T> keystoreCall(call: () -> T): T = try {
        call()
    } catch (e: KeyPermanentlyInvalidatedException) {
        throw PlatformKeyException.Unavailable("biometrics changed since unlock was set up: unlock with the passphrase")
    } catch (e: GeneralSecurityException) {
        throw PlatformKeyException.Failed(e.javaClass.simpleName)
    }

    private companion object {
        const val ANDROID_KEYSTORE = "AndroidKeyStore"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val IV_BYTES = 12
    }
}
