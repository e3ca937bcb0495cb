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
import java.io.File

/**
 * The only place that constructs the generated Rust objects; it hands them out as interfaces.
 * The vault lives in the app's no-backup folder (it is the user's to export, never Google's to
 * copy) and is unlocked by the biometric key ([BiometricKeyStore]) or its passphrase.
 */
class OtpKitModule(private val context: Context, currentActivity: () -> FragmentActivity?) {
    val keyStore = BiometricKeyStore(currentActivity)
    private val vaultPath = File(context.noBackupFilesDir, "vault.otpkit").path
    private val clockChecker: ClockCheckerInterface by lazy { ClockChecker.withDefaultServers() }

    val vaultExists: Boolean get() = File(vaultPath).exists()

    /** Each opener blocks (Argon2 or the biometric prompt): call it off the main thread. */
    fun openWithBiometrics(): AccountsRepository = repository(mapped { Vault.openWithKeyStore(vaultPath, keyStore) })

    fun openWithPassphrase(passphrase: String): AccountsRepository =
        repository(mapped { Vault.openWithPassphrase(vaultPath, passphrase) })

    fun create(): AccountsRepository = repository(mapped { Vault.createWithKeyStore(vaultPath, keyStore) })

    private fun repository(vault: VaultInterface): AccountsRepository =
        RustAccountsRepository(vault, clockChecker, AndroidClock, context.noBackupFilesDir)

    /** One scanner per camera session: it keeps its buffers between frames. */
    fun qrScanner(): QrFrameScanner = RustQrScanner(QrScanner())
}
