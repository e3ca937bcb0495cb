package dev.otpkit.presentation

import kotlinx.coroutines.flow.Flow

/**
 * The vault as the screens see it. Implemented over Rust by `RustAccountsRepository` (module
 * `otpkit`), and by a fake in tests. Every call may throw [OtpKitFailure].
 */
interface AccountsRepository {
    /** Emits after every change to the accounts (add, rename, remove, import). */
    val changes: Flow<Unit>

    suspend fun accounts(): List<Account>

    /**
     * Takes in what another process (a widget, an autofill service) saved since the vault was
     * read, emitting on [changes] if there was something. Call it when the app comes back to the
     * foreground.
     */
    suspend fun reloadIfChanged()

    /** Every account's current code, as the device clock (plus any opted-in correction) reads it. */
    suspend fun codes(): List<AccountCode>

    /** Advances an HOTP account's counter (saved first) and returns its code. */
    suspend fun nextHotpCode(accountId: String): Code

    suspend fun rename(accountId: String, label: String)

    suspend fun remove(accountId: String)

    /** Reads a pasted or linked `otpauth://` URI without adding anything. */
    suspend fun previewUri(uri: String): UriPreview

    suspend fun addUri(uri: String): ImportResult

    suspend fun addScanned(code: ScannedQr): ImportResult

    /** Adds every account of a complete export (see [QrFrameScanner.takeCompleteExport]) in one save. */
    suspend fun addExport(export: ScannedExport): ImportResult

    /** Writes a passphrase-protected backup of every account to [destination]. */
    suspend fun exportBackup(passphrase: String, destination: BackupDestination)

    /** Imports a backup or another app's export; [password] for encrypted files. */
    suspend fun importBackup(contents: ByteArray, password: String?): ImportResult

    /** Asks time servers how far off the device clock is ([manual]: the user tapped "check"). */
    suspend fun checkClock(manual: Boolean): DriftReport

    /** The ways the vault can be unlocked now (its key slots). */
    suspend fun unlockMethods(): Set<UnlockMethod>

    /**
     * Turns biometric unlock on with a new platform key (may show the biometric prompt); it
     * replaces an older biometric slot, e.g. one a new fingerprint or face invalidated.
     */
    suspend fun enableBiometricUnlock()

    /** Sets (or changes) the passphrase that opens the vault; the accounts are not re-encrypted. */
    suspend fun setPassphrase(passphrase: String)

    /**
     * Turns biometric unlock off: the platform slot is removed (and its key deleted). Refused
     * with [FailureKind.LastKeySlot] when it is the vault's only way to open.
     */
    suspend fun disableBiometricUnlock()

    /**
     * Changes the passphrase with a re-key: the accounts are encrypted again under a new key
     * that only [passphrase] and, with [keepBiometrics], a new biometric key open (the prompt
     * shows), so an old copy of the vault file opens with nothing saved from now on.
     */
    suspend fun changePassphrase(passphrase: String, keepBiometrics: Boolean)

    /** The clock correction in use, in ms (what is added to the device clock); null when off. */
    suspend fun clockCorrectionMs(): Long?

    /**
     * Turns the clock correction on from the last clock check (see [checkClock]); returns it in
     * ms. Refused, with the reason, without an agreeing and precise enough check.
     */
    suspend fun turnOnClockCorrection(): Long

    suspend fun turnOffClockCorrection()

    /**
     * The QR codes that move [accountIds] (in that order) to another phone in Google
     * Authenticator's export format. They hold every secret: [TransferCode.clear] when done.
     */
    suspend fun transferCodes(accountIds: List<String>): List<TransferCode>

    /**
     * Locks: the Rust vault is destroyed and calls still running are cancelled; any later call
     * fails with [FailureKind.Cancelled]. Closing twice does nothing.
     */
    fun close()
}

/** Creates or opens the vault (implemented over Rust by `OtpKitModule`). Each call may throw [OtpKitFailure]. */
interface VaultOpener {
    val vaultExists: Boolean

    /** Creates the vault, unlocked by [passphrase]; biometrics are added afterwards. */
    suspend fun create(passphrase: String): AccountsRepository

    suspend fun openWithPassphrase(passphrase: String): AccountsRepository

    /** Shows the biometric prompt; [FailureKind.KeyUnavailable] when the key is gone, [FailureKind.Cancelled] when the user closed it. */
    suspend fun openWithBiometrics(): AccountsRepository
}

/** Where an exported backup goes: the file the user picked (Android SAF, iOS file exporter). */
fun interface BackupDestination {
    /**
     * Copies the finished backup file at [path] to the destination; throws [java.io.IOException]
     * when the destination cannot be written (a full or gone provider, a revoked permission).
     */
    suspend fun writeFrom(path: String)
}

/**
 * Finds QR codes in camera frames and picked images' luma planes (the bindings' QrScanner
 * behind an interface; images are decoded by the platform, see [PickedImage]), and
 * tracks the codes of Google Authenticator exports across frames (the bindings'
 * ExportBatchTracker). One per scan screen.
 */
interface QrFrameScanner {
    fun scanLuma(frame: LumaFrame): List<ScannedQr>

    /**
     * Records an export code (one seen before changes nothing) and gives its export's progress.
     * Throws [OtpKitFailure] for a code that does not fit the codes of its export seen before.
     */
    fun recordExportPart(code: ScannedQr): ExportBatchProgress

    /** The whole export once every code is in (it leaves the tracker); null while codes are missing. */
    fun takeCompleteExport(batchId: Int): ScannedExport?

    /** Forgets every export in progress. */
    fun resetExports()
}

/**
 * One camera frame's luma (Y) plane: [width] x [height] pixels, rows [rowStride] bytes apart,
 * turned [rotationDegrees] clockwise from upright.
 */
class LumaFrame(
    val luma: ByteArray,
    val width: Int,
    val height: Int,
    val rowStride: Int,
    val rotationDegrees: Int,
)
