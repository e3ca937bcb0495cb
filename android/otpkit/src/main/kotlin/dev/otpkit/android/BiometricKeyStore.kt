package dev.otpkit.android

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.StrongBoxUnavailableException
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import dev.otpkit.PlatformKeyException
import dev.otpkit.PlatformKeyStore
import dev.otpkit.presentation.Texts
import dev.otpkit.presentation.UiText
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext
import java.security.GeneralSecurityException
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * The vault's platform slot: AES-256-GCM keys in the Android Keystore (StrongBox when the device
 * has one), one per alias the vault gives (stored as [prefix] + alias), each needing a strong
 * biometric for every use and dying when a new fingerprint or face is enrolled (the vault's
 * passphrase slot still opens it then). The vault creates a new key, wraps with it, saves, and
 * only then deletes the old one, so a cancelled prompt never costs the key in use. The methods
 * suspend while a BiometricPrompt, bound to the cipher by a CryptoObject, runs on the main
 * thread; no thread is blocked, and Rust cancels the call (dismissing the prompt) after its
 * timeout. The Keystore's own calls block (a StrongBox key takes a while to make), and UniFFI
 * runs these methods on `Dispatchers.Default`: they go to the I/O pool ([keystoreCall]).
 * Wrapped blob: 12-byte IV, then ciphertext and tag.
 *
 * Vaults from before aliases use the alias `vault-slot`, so the default prefix gives the key
 * name those versions used, `otpkit-vault-slot`.
 */
class BiometricKeyStore(
    private val activity: () -> FragmentActivity?,
    private val prefix: String = "otpkit-",
) : PlatformKeyStore {
    override suspend fun createKey(alias: String) {
        keystoreCall {
            try {
                generate(prefix + alias, strongBox = true)
            } catch (e: StrongBoxUnavailableException) {
                generate(prefix + alias, strongBox = false)
            }
        }
    }

    override suspend fun wrap(alias: String, masterKey: ByteArray): ByteArray {
        val cipher = keystoreCall { Cipher.getInstance(TRANSFORMATION).apply { init(Cipher.ENCRYPT_MODE, key(alias)) } }
        val authenticated = authenticated(cipher, Texts.unlockTurnOnBiometricsAndroid)
        val sealed = keystoreCall { authenticated.doFinal(masterKey) }
        return cipher.iv + sealed
    }

    override suspend fun unwrap(alias: String, wrapped: ByteArray): ByteArray {
        if (wrapped.size <= IV_BYTES) throw PlatformKeyException.WrongKey()
        val cipher = keystoreCall {
            Cipher.getInstance(TRANSFORMATION).apply {
                init(Cipher.DECRYPT_MODE, key(alias), GCMParameterSpec(128, wrapped, 0, IV_BYTES))
            }
        }
        val authenticated = authenticated(cipher, Texts.biometricPromptUnlock)
        return keystoreCall {
            try {
                authenticated.doFinal(wrapped, IV_BYTES, wrapped.size - IV_BYTES)
            } catch (e: AEADBadTagException) {
                throw PlatformKeyException.WrongKey()
            }
        }
    }

    /** Removes the key under [alias]; one already gone is fine. */
    override suspend fun deleteKey(alias: String) {
        keystoreCall { androidKeyStore().deleteEntry(prefix + alias) }
    }

    private fun androidKeyStore() = java.security.KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }

    private fun key(alias: String): SecretKey = androidKeyStore().getKey(prefix + alias, null) as? SecretKey
        ?: throw PlatformKeyException.Unavailable("the biometric key is gone: unlock with the passphrase")

    private fun generate(name: String, strongBox: Boolean): SecretKey {
        val spec = KeyGenParameterSpec.Builder(name, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
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

    /**
     * Shows the prompt on the main thread and suspends until it answers with the cipher. A
     * cancelled coroutine (Rust's timeout) dismisses the prompt; the user's own cancel is
     * [PlatformKeyException.Cancelled].
     */
    private suspend fun authenticated(cipher: Cipher, title: UiText): Cipher = withContext(Dispatchers.Main) {
        val host = activity() ?: throw PlatformKeyException.Unavailable("the app is not in the foreground")
        suspendCancellableCoroutine { continuation ->
            val prompt = BiometricPrompt(
                host,
                ContextCompat.getMainExecutor(host),
                object : BiometricPrompt.AuthenticationCallback() {
                    override fun onAuthenticationSucceeded(auth: BiometricPrompt.AuthenticationResult) {
                        val authenticated = auth.cryptoObject?.cipher
                        if (authenticated != null) {
                            continuation.resume(authenticated)
                        } else {
                            continuation.resumeWithException(PlatformKeyException.Failed("no cipher after authentication"))
                        }
                    }

                    override fun onAuthenticationError(code: Int, message: CharSequence) {
                        val error = if (code in CANCELLED) {
                            PlatformKeyException.Cancelled()
                        } else {
                            PlatformKeyException.Unavailable(message.toString())
                        }
                        if (continuation.isActive) continuation.resumeWithException(error)
                    }
                },
            )
            val info = BiometricPrompt.PromptInfo.Builder()
                .setTitle(host.words(title))
                .setNegativeButtonText(host.words(Texts.biometricPromptUsePassphrase))
                .setAllowedAuthenticators(BIOMETRIC_STRONG)
                .build()
            continuation.invokeOnCancellation { host.runOnUiThread { prompt.cancelAuthentication() } }
            prompt.authenticate(info, BiometricPrompt.CryptoObject(cipher))
        }
    }

    /**
     * [text] in the activity's language: the app's string resources (this module has none of its
     * own), read by name as the app's `Resources.render` does.
     */
    private fun FragmentActivity.words(text: UiText): String = text.render { key ->
        resources.getIdentifier(key, "string", packageName).takeIf { it != 0 }?.let { resources.getString(it) }
    }

    /** A blocking Keystore call, on the I/O pool, its exceptions as the vault's. */
    private suspend fun <T> keystoreCall(call: () -> T): T = withContext(Dispatchers.IO) {
        try {
            call()
        } catch (e: KeyPermanentlyInvalidatedException) {
            throw PlatformKeyException.Unavailable("biometrics changed since unlock was set up: unlock with the passphrase")
        } catch (e: GeneralSecurityException) {
            throw PlatformKeyException.Failed(e.javaClass.simpleName)
        }
    }

    private companion object {
        const val ANDROID_KEYSTORE = "AndroidKeyStore"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val IV_BYTES = 12

        /** The user closed the prompt: its cancel or "Use passphrase" button, or went away. */
        val CANCELLED = setOf(
            BiometricPrompt.ERROR_USER_CANCELED,
            BiometricPrompt.ERROR_NEGATIVE_BUTTON,
            BiometricPrompt.ERROR_CANCELED,
        )
    }
}
