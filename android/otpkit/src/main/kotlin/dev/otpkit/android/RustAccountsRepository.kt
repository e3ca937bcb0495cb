package dev.otpkit.android

import dev.otpkit.BackupFormat
import dev.otpkit.CheckTrigger
import dev.otpkit.ClockChecker
import dev.otpkit.ClockCheckerInterface
import dev.otpkit.PlatformKeyStore
import dev.otpkit.SlotKind
import dev.otpkit.VaultInterface
import dev.otpkit.WallClock
import dev.otpkit.presentation.AccountsRepository
import dev.otpkit.presentation.BackupDestination
import dev.otpkit.presentation.Code
import dev.otpkit.presentation.FailureKind
import dev.otpkit.presentation.ImportResult
import dev.otpkit.presentation.OtpKitFailure
import dev.otpkit.presentation.ScannedExport
import dev.otpkit.presentation.ScannedQr
import dev.otpkit.presentation.Texts
import dev.otpkit.presentation.TransferCode
import dev.otpkit.presentation.UnlockMethod
import dev.otpkit.presentation.UriPreview
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.withContext
import java.io.File
import java.io.IOException
import java.util.concurrent.ConcurrentHashMap

/**
 * The app's [AccountsRepository] over the Rust vault. The slow Rust calls (Argon2, the biometric
 * prompt, the clock servers) suspend while they run on Rust's own threads (with Rust's deadline:
 * 120 s for a prompt, the checker's for the time servers), holding no thread here and no lock on
 * the vault. The quick ones block while the vault file is read or saved, so every call runs on
 * [dispatcher]: the I/O pool, not `Dispatchers.Default`, whose few threads are for computing. The
 * generated objects come in as their interfaces from [OtpKitModule], so tests can pass the real
 * library or fakes.
 */
class RustAccountsRepository(
    private val vault: VaultInterface,
    private val clockChecker: ClockCheckerInterface,
    private val clock: WallClock,
    /** Where a backup is written before it is copied to the user's file (app-private, no backup). */
    private val scratchDir: File,
    private val dispatcher: CoroutineDispatcher = Dispatchers.IO,
    /** The biometric key store for the platform slot; null where the device has none. */
    private val keyStore: PlatformKeyStore? = null,
) : AccountsRepository {
    private val changeFlow = MutableSharedFlow<Unit>(extraBufferCapacity = 1)
    override val changes: Flow<Unit> = changeFlow

    /** Set by [close]: the vault is destroyed, every later call fails as cancelled. */
    @Volatile
    private var closed = false

    /** The coroutines in a vault call now: [close] cancels them. */
    private val inFlight = ConcurrentHashMap.newKeySet<Job>()

    private suspend fun <T> rust(call: suspend () -> T): T {
        val job = currentCoroutineContext()[Job]
        job?.let(inFlight::add)
        try {
            if (closed) throw locked()
            return withContext(dispatcher) { mapped { reloadingOnce(call) } }
        } catch (destroyed: IllegalStateException) {
            // Closed during the call: the bindings refuse the destroyed object. A call [close]
            // cancelled ends as cancelled, one that started just then as locked.
            job?.ensureActive()
            throw if (closed) locked() else destroyed
        } finally {
            job?.let(inFlight::remove)
        }
    }

    /**
     * Runs [call]; if another process (a widget, a second app) saved the vault since it was read,
     * nothing was saved: takes that version (the screens refresh) and runs [call] once more.
     */
    private suspend fun <T> reloadingOnce(call: suspend () -> T): T = try {
        call()
    } catch (e: dev.otpkit.OtpKitException.ChangedElsewhere) {
        vault.reload()
        changeFlow.tryEmit(Unit)
        call()
    }

    private suspend fun <T> change(call: suspend () -> T): T = rust(call).also { changeFlow.tryEmit(Unit) }

    override suspend fun accounts() = rust { vault.accounts().map { it.toAccount() } }

    override suspend fun reloadIfChanged() {
        if (rust { vault.reloadIfChanged() }) changeFlow.tryEmit(Unit)
    }

    override suspend fun codes() = rust { vault.codes().map { it.toAccountCode() } }

    override suspend fun nextHotpCode(accountId: String): Code = rust { vault.nextHotpCode(accountId).toCode() }

    override suspend fun rename(accountId: String, label: String) = change { vault.renameAccount(accountId, label) }

    override suspend fun remove(accountId: String) = change { vault.removeAccount(accountId) }

    override suspend fun previewUri(uri: String): UriPreview = rust { dev.otpkit.parseUri(uri).toUriPreview() }

    override suspend fun addUri(uri: String): ImportResult = change { vault.addUri(uri).toImportResult() }

    override suspend fun addScanned(code: ScannedQr): ImportResult {
        // Only the scanner's own codes can be added: their content never left Rust.
        val scanned = code as? VaultScannedCode
            ?: throw OtpKitFailure(FailureKind.InvalidInput, Texts.failureForeignCode)
        return change { scanned.addTo(vault).toImportResult() }
    }

    override suspend fun addExport(export: ScannedExport): ImportResult {
        val scanned = export as? RustScannedExport
            ?: throw OtpKitFailure(FailureKind.InvalidInput, Texts.failureForeignCode)
        return change { scanned.addTo(vault).toImportResult() }
    }

    override suspend fun exportBackup(passphrase: String, destination: BackupDestination) {
        val file = File(scratchDir, "otpkit-backup-${System.nanoTime()}.otpkit")
        try {
            rust { vault.exportBackup(file.path, passphrase) }
            try {
                destination.writeFrom(file.path)
            } catch (unwritable: IOException) {
                throw OtpKitFailure(FailureKind.Storage, Texts.backupSaveFailed, unwritable.message ?: "the destination cannot be written")
            }
        } finally {
            file.delete()
        }
    }

    override suspend fun importBackup(contents: ByteArray, password: String?): ImportResult =
        change { vault.importFile(contents, null as BackupFormat?, password).toImportResult() }

    override suspend fun checkClock(manual: Boolean) = rust {
        val trigger = if (manual) CheckTrigger.MANUAL else CheckTrigger.AUTOMATIC
        clockChecker.check(trigger, clock).toDriftReport()
    }

    override suspend fun unlockMethods(): Set<UnlockMethod> = rust { vault.slotKinds().map { it.toUnlockMethod() }.toSet() }

    override suspend fun enableBiometricUnlock() {
        val store = keyStore ?: throw OtpKitFailure(FailureKind.KeyUnavailable, Texts.failureNoBiometricStore)
        // A new key: the vault is saved with it before the old one is deleted. A non-null answer
        // says the old key could not be deleted; the vault no longer needs it.
        rust { vault.setPlatformKey(store) }
    }

    override suspend fun setPassphrase(passphrase: String) = rust { vault.setPassphrase(passphrase) }

    override suspend fun disableBiometricUnlock() = rust { vault.removeSlot(SlotKind.PLATFORM) }

    override suspend fun changePassphrase(passphrase: String, keepBiometrics: Boolean) {
        val store = if (keepBiometrics) {
            keyStore ?: throw OtpKitFailure(FailureKind.KeyUnavailable, Texts.failureNoBiometricStore)
        } else {
            null
        }
        // A non-null answer says the old biometric key could not be deleted; the vault no longer needs it.
        rust { vault.rekey(passphrase, store) }
    }

    override suspend fun clockCorrectionMs(): Long? = rust { vault.clockCorrectionMs() }

    override suspend fun turnOnClockCorrection(): Long {
        // The vault reads the checker's last report; only the library's own checker has one.
        val checker = clockChecker as? ClockChecker ?: throw OtpKitFailure(FailureKind.Internal, Texts.failureUnexpected)
        return rust { vault.turnOnClockCorrection(checker) }
    }

    override suspend fun turnOffClockCorrection() = rust { vault.turnOffClockCorrection() }

    override suspend fun transferCodes(accountIds: List<String>): List<TransferCode> = rust {
        vault.transferQrCodes(accountIds).map { qr ->
            // Copied out and the Rust object freed at once (its payload is zeroed on drop).
            qr.use {
                TransferCode(it.index().toInt(), it.count().toInt(), it.accountCount().toInt(), it.size().toInt(), it.modules())
            }
        }
    }

    override fun close() {
        if (closed) return
        closed = true
        inFlight.toList().forEach { it.cancel() }
        // Freed once the calls still inside Rust return (the bindings count them).
        (vault as? AutoCloseable)?.close()
    }

    private fun locked() = OtpKitFailure(FailureKind.Cancelled, Texts.failureLocked)
}

/** A scanned code the vault can add directly (implemented in RustQrScanner.kt). */
internal interface VaultScannedCode : ScannedQr {
    fun addTo(vault: VaultInterface): dev.otpkit.ImportReport
}
