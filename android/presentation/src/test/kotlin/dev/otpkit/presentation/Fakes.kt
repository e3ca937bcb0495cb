package dev.otpkit.presentation

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/** The test clock: Unix milliseconds, moved by hand. */
class TestClock(var nowMs: Long) {
    val read: () -> Long = { nowMs }
}

/** A ticker that ticks only when the test says so. */
class ManualTicker : Ticker {
    private val ticks = Channel<Unit>(Channel.UNLIMITED)
    override suspend fun awaitTick() = ticks.receive()
    fun tick() {
        ticks.trySend(Unit)
    }
}

/**
 * An in-memory vault. Codes are computed from a per-account seed and the clock, so a new time
 * step gives a new code; `send` hooks let a test decide what the next call answers or throws.
 */
class TestAccountsRepository(private val clock: TestClock) : AccountsRepository {
    val accounts = mutableListOf<Account>()
    val calls = mutableListOf<String>()
    var failNext: OtpKitFailure? = null
    var driftReport = DriftReport(DriftStatus.Ok, "Your phone's clock is right.", 120, fresh = true)
    var previewResult: UriPreview? = null
    var addResult = ImportResult(listOf("GitHub: ada@example.com"), emptyList(), emptyList(), emptyList())
    val importPasswords = mutableListOf<String?>()
    var importPassword: String? = null
    var hotpCounter = 0

    private val changeFlow = MutableSharedFlow<Unit>(extraBufferCapacity = 16)
    override val changes: Flow<Unit> = changeFlow

    private fun record(call: String) {
        calls += call
        if (closed) throw OtpKitFailure(FailureKind.Cancelled, Texts.failureLocked)
        failNext?.let {
            failNext = null
            throw it
        }
    }

    fun count(call: String) = calls.count { it == call }

    override suspend fun accounts(): List<Account> {
        record("accounts")
        return accounts.toList()
    }

    /** Accounts another process saved, taken in by the next [reloadIfChanged]. */
    val savedElsewhere = mutableListOf<Account>()

    override suspend fun reloadIfChanged() {
        record("reloadIfChanged")
        if (savedElsewhere.isEmpty()) return
        accounts += savedElsewhere
        savedElsewhere.clear()
        changeFlow.emit(Unit)
    }

    override suspend fun codes(): List<AccountCode> {
        record("codes")
        val unix = clock.nowMs / 1000
        return accounts.map { account ->
            val period = account.periodSeconds
            if (period == null) {
                AccountCode(account.id, null)
            } else {
                val step = unix / period
                AccountCode(account.id, Code(codeFor(account.id, step), codeFor(account.id, step + 1), (step + 1) * period, period))
            }
        }
    }

    override suspend fun nextHotpCode(accountId: String): Code {
        record("nextHotpCode")
        hotpCounter++
        return Code(codeFor(accountId, hotpCounter.toLong()), codeFor(accountId, hotpCounter + 1L), null, null)
    }

    override suspend fun rename(accountId: String, label: String) {
        record("rename")
        val i = accounts.indexOfFirst { it.id == accountId }
        accounts[i] = accounts[i].copy(label = label)
        changeFlow.emit(Unit)
    }

    override suspend fun remove(accountId: String) {
        record("remove")
        accounts.removeAll { it.id == accountId }
        changeFlow.emit(Unit)
    }

    /** Set: the next previews wait until it completes (work in flight, for tests of a reset). */
    var previewGate: CompletableDeferred<Unit>? = null

    override suspend fun previewUri(uri: String): UriPreview {
        record("previewUri")
        previewGate?.await()
        return previewResult ?: error("no preview set")
    }

    val addedUris = mutableListOf<String>()

    override suspend fun addUri(uri: String): ImportResult {
        record("addUri")
        addedUris += uri
        return addResult
    }

    override suspend fun addScanned(code: ScannedQr): ImportResult {
        record("addScanned")
        val qr = code as? TestQr
        check(qr == null || qr.closed == 0) { "a closed code was added" }
        return qr?.addResult ?: addResult
    }

    /** Adds an export as Rust does: every part's accounts in one save, one report. */
    override suspend fun addExport(export: ScannedExport): ImportResult {
        record("addExport")
        val whole = export as TestExport
        check(whole.closed == 0) { "a closed export was added" }
        val results = whole.parts.map { it.addResult ?: addResult }
        return ImportResult(
            added = results.flatMap { it.added },
            duplicates = results.flatMap { it.duplicates },
            normalised = results.flatMap { it.normalised },
            rejected = results.flatMap { it.rejected },
        )
    }

    override suspend fun exportBackup(passphrase: String, destination: BackupDestination) {
        record("exportBackup")
        destination.writeFrom("/tmp/backup.otpkit")
    }

    override suspend fun importBackup(contents: ByteArray, password: String?): ImportResult {
        record("importBackup")
        importPasswords += password
        when {
            importPassword == null -> {}
            password == null -> throw OtpKitFailure(FailureKind.PasswordRequired, ErrorText.of("import_password_required"), "the file is encrypted: enter its password")
            password != importPassword -> throw OtpKitFailure(FailureKind.WrongPassphrase, ErrorText.of("import_wrong_password"), "wrong password for the file")
        }
        return addResult
    }

    override suspend fun checkClock(manual: Boolean): DriftReport {
        record("checkClock")
        return driftReport
    }

    /** The vault's key slots; [biometricKeyWorks] false: the platform refuses to make a key. */
    val methods = mutableSetOf(UnlockMethod.Passphrase)
    var biometricKeyWorks = true
    var passphrase: String? = null

    override suspend fun unlockMethods(): Set<UnlockMethod> {
        record("unlockMethods")
        return methods.toSet()
    }

    /** When set, turning biometrics on waits for it, as the prompt does. */
    var biometricPrompt: kotlinx.coroutines.CompletableDeferred<Unit>? = null

    override suspend fun enableBiometricUnlock() {
        record("enableBiometricUnlock")
        biometricPrompt?.await()
        if (!biometricKeyWorks) throw OtpKitFailure(FailureKind.KeyUnavailable, ErrorText.of("keystore_unavailable"), "unavailable: no biometrics enrolled")
        methods += UnlockMethod.Biometrics
    }

    override suspend fun setPassphrase(passphrase: String) {
        record("setPassphrase")
        this.passphrase = passphrase
        methods += UnlockMethod.Passphrase
    }

    override suspend fun disableBiometricUnlock() {
        record("disableBiometricUnlock")
        if (methods == setOf(UnlockMethod.Biometrics)) {
            throw OtpKitFailure(FailureKind.LastKeySlot, ErrorText.of("last_slot"), "this is the vault's last key slot")
        }
        methods -= UnlockMethod.Biometrics
    }

    /** The re-keys made: the passphrase and whether biometrics were kept. */
    val rekeys = mutableListOf<Pair<String, Boolean>>()

    /** When set, a re-key that keeps biometrics fails so (the prompt closed, the key store refused). */
    var rekeyBiometricFailure: OtpKitFailure? = null

    override suspend fun changePassphrase(passphrase: String, keepBiometrics: Boolean) {
        record("changePassphrase")
        if (keepBiometrics) rekeyBiometricFailure?.let { throw it }
        rekeys += passphrase to keepBiometrics
        this.passphrase = passphrase
        methods.clear()
        methods += UnlockMethod.Passphrase
        if (keepBiometrics) methods += UnlockMethod.Biometrics
    }

    /** The clock correction in use; [correctionRefusal] refuses turning it on, as the vault does without a good check. */
    var correctionMs: Long? = null
    var correctionRefusal: OtpKitFailure? = null

    override suspend fun clockCorrectionMs(): Long? {
        record("clockCorrectionMs")
        return correctionMs
    }

    override suspend fun turnOnClockCorrection(): Long {
        record("turnOnClockCorrection")
        correctionRefusal?.let { throw it }
        val offset = driftReport.offsetMs ?: throw OtpKitFailure(FailureKind.InvalidInput, ErrorText.of("correction_no_agreement"), "no agreement")
        correctionMs = offset
        return offset
    }

    override suspend fun turnOffClockCorrection() {
        record("turnOffClockCorrection")
        correctionMs = null
    }

    /** The codes handed out by [transferCodes], to check they are cleared. */
    val transferred = mutableListOf<TransferCode>()
    val transferRequests = mutableListOf<List<String>>()

    /** Accounts per code in [transferCodes]. */
    var accountsPerCode = 2

    override suspend fun transferCodes(accountIds: List<String>): List<TransferCode> {
        record("transferCodes")
        transferRequests += accountIds
        val chunks = accountIds.chunked(accountsPerCode)
        return chunks.mapIndexed { i, chunk ->
            TransferCode(i, chunks.size, chunk.size, 21, ByteArray(21 * 21) { ((it + i) % 2).toByte() })
        }.also { transferred += it }
    }

    var closed = false

    override fun close() {
        calls += "close"
        closed = true
    }

    private fun codeFor(id: String, step: Long) = ((id.hashCode().toLong() * 31 + step * 7919) % 1_000_000 + 1_000_000).rem(1_000_000).toString().padStart(6, '0')
}

/**
 * Opens [repository] the way the Rust module does: the passphrase must match the one the vault
 * was created with; the biometric key can be invalidated ([biometricKeyLost]) as a new
 * enrollment does.
 */
class TestVaultOpener(val repository: TestAccountsRepository, exists: Boolean) : VaultOpener {
    override var vaultExists = exists
        private set
    var biometricKeyLost = false

    /** The user closes the biometric prompt instead of answering it. */
    var promptClosed = false
    val calls = mutableListOf<String>()

    override suspend fun create(passphrase: String): AccountsRepository {
        calls += "create"
        check(!vaultExists) { "create over an existing vault" }
        vaultExists = true
        repository.methods.clear()
        repository.methods += UnlockMethod.Passphrase
        repository.passphrase = passphrase
        return repository
    }

    override suspend fun openWithPassphrase(passphrase: String): AccountsRepository {
        calls += "openWithPassphrase"
        if (UnlockMethod.Passphrase !in repository.methods) {
            throw OtpKitFailure(FailureKind.InvalidInput, ErrorText.of("no_such_slot"), "this vault has no passphrase slot: unlock it another way")
        }
        if (passphrase != repository.passphrase) throw OtpKitFailure(FailureKind.WrongPassphrase, ErrorText.of("wrong_passphrase"), "wrong passphrase")
        return repository
    }

    override suspend fun openWithBiometrics(): AccountsRepository {
        calls += "openWithBiometrics"
        if (promptClosed) throw OtpKitFailure(FailureKind.Cancelled, ErrorText.of("key_prompt_cancelled"), "the user closed the prompt")
        if (biometricKeyLost || UnlockMethod.Biometrics !in repository.methods) {
            throw OtpKitFailure(FailureKind.KeyUnavailable, ErrorText.of("keystore_unavailable"), "unavailable: biometrics changed since unlock was set up")
        }
        return repository
    }
}

class TestQr(
    override val kind: ScannedKind,
    private val preview: UriPreview?,
    val addResult: ImportResult? = null,
) : ScannedQr {
    /** How many times the view model closed it (Rust's handle: once, after its last use). */
    var closed = 0

    /** The same code seen again: a scan gives a new handle each time. */
    fun fresh() = TestQr(kind, preview, addResult)

    override fun preview(): UriPreview {
        check(closed == 0) { "preview of a closed code" }
        return preview ?: throw OtpKitFailure(FailureKind.InvalidInput, ErrorText.of("not_an_authenticator_code"), "not an authenticator code")
    }

    override fun close() {
        closed++
    }
}

class TestExport(override val batchId: Int, val parts: List<TestQr>) : ScannedExport {
    override val partCount: Int get() = parts.size
    var closed = 0

    override fun close() {
        closed++
    }
}

/**
 * Gives (new handles to) [next] for every frame, and tracks export codes as Rust's ExportBatchTracker does:
 * several exports at once, a code seen before changes nothing, a code whose part count disagrees
 * with its export's earlier codes is refused, a complete export leaves the tracker when taken.
 */
class TestScanner : QrFrameScanner {
    var next: List<ScannedQr> = emptyList()
    var frames = 0
    /** The thread of the last scan. */
    var thread: String? = null
    val exports = sortedMapOf<Int, Pair<Int, MutableMap<Int, TestQr>>>()

    /** Every code a scan gave, in order: each must be closed once, after its last use. */
    val handedOut = mutableListOf<TestQr>()

    override fun scanLuma(frame: LumaFrame): List<ScannedQr> {
        frames++
        thread = Thread.currentThread().name
        return next.map { code -> (code as? TestQr)?.fresh()?.also { handedOut += it } ?: code }
    }

    override fun recordExportPart(code: ScannedQr): ExportBatchProgress {
        val part = code.preview().exportPart ?: error("not an export code")
        val size = maxOf(part.size, 1)
        val (known, parts) = exports.getOrPut(part.batchId) { size to mutableMapOf() }
        if (known != size) {
            throw OtpKitFailure(FailureKind.InvalidInput, ErrorText.of("export_parts_disagree"), "this code says its export has $size parts, but the codes scanned before said $known")
        }
        parts.putIfAbsent(part.index, code as TestQr)
        return progress(part.batchId)
    }

    fun progress(batchId: Int): ExportBatchProgress {
        val (size, parts) = exports.getValue(batchId)
        val missing = (0 until size).filter { it !in parts }
        return ExportBatchProgress(batchId, size, parts.keys.sorted(), missing, missing.isEmpty())
    }

    /** The exports handed out, for their [TestExport.closed]. */
    val taken = mutableListOf<TestExport>()

    override fun takeCompleteExport(batchId: Int): ScannedExport? {
        if (exports[batchId]?.let { progress(batchId).complete } != true) return null
        val (_, parts) = exports.remove(batchId)!!
        return TestExport(batchId, parts.toSortedMap().values.toList()).also { taken += it }
    }

    override fun resetExports() = exports.clear()
}

fun account(id: String, issuer: String?, label: String, period: Int? = 30, group: String? = null) = Account(
    id = id,
    type = if (period == null) OtpType.Hotp else OtpType.Totp,
    issuer = issuer,
    label = label,
    displayName = if (issuer == null) label else "$issuer: $label",
    digits = 6,
    periodSeconds = period,
    group = group,
    note = null,
)

fun preview(vararg names: Pair<String?, String>, part: ExportPart? = null) = UriPreview(
    accounts = names.map { (issuer, label) -> AccountPreview(OtpType.Totp, issuer, label, 6, 30) },
    warnings = emptyList(),
    rejected = emptyList(),
    exportPart = part,
)

/**
 * Runs a view-model test: [body] gets a scope on the unconfined dispatcher (work starts at
 * once, in the caller's thread), cancelled at the end so no coroutine outlives the test.
 */
fun vmTest(body: suspend (CoroutineScope) -> Unit) = runBlocking {
    val scope = CoroutineScope(Dispatchers.Unconfined + Job())
    try {
        body(scope)
    } finally {
        scope.cancel()
    }
}

/** Waits (2 s at most: a guard, not a timing goal) for a state that satisfies [predicate]. */
suspend fun <T> StateFlow<T>.await(predicate: (T) -> Boolean): T = try {
    withTimeout(2_000) { first(predicate) }
} catch (e: kotlinx.coroutines.TimeoutCancellationException) {
    throw AssertionError("state never matched; last state: $value")
}

/** The app's preferences in memory. */
class TestSettingsStore(
    override var autoLock: AutoLockDelay = AutoLockDelay.DEFAULT,
    override var biometricUnlock: Boolean = true,
    override var pendingFirstRun: FirstRunWay? = null,
) : SettingsStore

/** A lock timer the test fires by hand: [fire] runs what is due after [elapsedMs]. */
class ManualLockTimer : LockTimer {
    class Scheduled(val afterMs: Long, val action: () -> Unit) {
        var cancelled = false
    }

    val scheduled = mutableListOf<Scheduled>()

    override fun schedule(afterMs: Long, action: () -> Unit): Cancellable {
        val entry = Scheduled(afterMs, action)
        scheduled += entry
        return Cancellable { entry.cancelled = true }
    }

    /** The timers still waiting. */
    val pending: List<Scheduled> get() = scheduled.filter { !it.cancelled }

    /** Runs every waiting timer set for [elapsedMs] or less, as the main thread would. */
    fun fire(elapsedMs: Long) {
        pending.filter { it.afterMs <= elapsedMs }.forEach {
            it.cancelled = true
            it.action()
        }
    }
}

/** A picked file: its bytes, or a read that fails. */
class TestFile(private val bytes: ByteArray?) : ImportSource {
    override fun read(): ByteArray = bytes ?: throw java.io.IOException("the file is gone")
}
