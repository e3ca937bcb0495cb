package dev.otpkit.android

import android.content.Context
import androidx.fragment.app.FragmentActivity
import dev.otpkit.ClockChecker
import dev.otpkit.ClockCheckerInterface
import dev.otpkit.QrScanner
import dev.otpkit.Vault
import dev.otpkit.VaultInterface
import dev.otpkit.presentation.AccountsRepository
import dev.otpkit.presentation.QrFrameScanner
import dev.otpkit.presentation.VaultOpener
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.io.File

/**
 * The only place that constructs the generated Rust objects; it hands them out as interfaces.
 * The vault lives in the app's no-backup folder (it is the user's to export, never Google's to
 * copy). It is created with the user's passphrase; biometric unlock ([BiometricKeyStore]) is a
 * second slot added on top, so a new fingerprint or face never locks the user out.
 */
class OtpKitModule(private val context: Context, currentActivity: () -> FragmentActivity?) : VaultOpener {
    val keyStore = BiometricKeyStore(currentActivity)
    private val vaultPath = File(context.noBackupFilesDir, "vault.otpkit").path
    private val clockChecker: ClockCheckerInterface by lazy { ClockChecker.withDefaultServers() }

    override val vaultExists: Boolean get() = File(vaultPath).exists()

    // Each opener suspends while Rust derives the key or the biometric prompt waits.
    override suspend fun openWithBiometrics(): AccountsRepository = open { Vault.openWithPlatformKeyStore(vaultPath, keyStore, AndroidClock) }

    override suspend fun openWithPassphrase(passphrase: String): AccountsRepository =
        open { Vault.openWithPassphrase(vaultPath, passphrase, AndroidClock) }

    override suspend fun create(passphrase: String): AccountsRepository =
        open { Vault.createWithPassphrase(vaultPath, passphrase, AndroidClock) }

    private suspend fun open(call: suspend () -> VaultInterface): AccountsRepository = withContext(Dispatchers.Default) {
        RustAccountsRepository(mapped { call() }, clockChecker, AndroidClock, context.noBackupFilesDir, keyStore = keyStore)
    }

    /** One scanner per camera session: it keeps its buffers between frames. */
    fun qrScanner(): QrFrameScanner = RustQrScanner(QrScanner())
}
