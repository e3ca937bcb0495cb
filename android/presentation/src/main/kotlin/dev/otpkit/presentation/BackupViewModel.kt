package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlin.coroutines.CoroutineContext

/** The backup screen: export for a new phone, import a backup or another app's export. */
sealed interface BackupUiState {
    data object Idle : BackupUiState

    data object Working : BackupUiState

    data object Exported : BackupUiState

    /** The picked file is encrypted: ask for its password ([wrongPassword]: the last one was wrong). */
    data class PasswordNeeded(val message: UiText, val wrongPassword: Boolean) : BackupUiState

    data class Imported(val report: ImportReportUi) : BackupUiState

    data class Failed(val message: UiText) : BackupUiState
}

/**
 * A file the user picked to import (Android: a document URI). [read] blocks (a cloud document
 * may come over the network): [BackupViewModel.import] calls it on its worker, never on the
 * main thread. It throws (an `IOException`, a `SecurityException`) when the file cannot be read.
 */
fun interface ImportSource {
    fun read(): ByteArray
}

/**
 * The backup screen's logic. Like the add screen's, the view model may outlive one visit of the
 * screen: [reset] starts the next visit afresh, and what an earlier visit started finishes
 * without showing its result in the new one.
 */
class BackupViewModel(
    private val repository: AccountsRepository,
    private val scope: CoroutineScope,
    /** Where picked files are read. */
    private val worker: CoroutineContext = Dispatchers.IO,
) {
    /** One visit of the screen; work remembers the visit it was started in. */
    private class Visit

    private val _state = MutableStateFlow<BackupUiState>(BackupUiState.Idle)
    val state: StateFlow<BackupUiState> = _state.asStateFlow()

    private var visit = Visit()

    /** The file being imported, kept while its password is asked for; wiped when done. */
    private var pendingImport: ByteArray? = null

    /** Exports to the file the user picked, once the passphrase is strong enough and repeated. */
    fun export(passphrase: String, repeated: String, destination: BackupDestination) {
        passphraseProblem(passphrase, repeated)?.let {
            _state.value = BackupUiState.Failed(it)
            return
        }
        perform {
            repository.exportBackup(passphrase, destination)
            BackupUiState.Exported
        }
    }

    /**
     * Reads the picked file on the worker, then imports it; an encrypted one moves to
     * [BackupUiState.PasswordNeeded].
     */
    fun import(source: ImportSource) = perform { from ->
        val contents = withContext(worker) { readOrNull(source) } ?: return@perform BackupUiState.Failed(Texts.backupFileUnreadable)
        if (from !== visit) {
            contents.fill(0)
            return@perform BackupUiState.Idle
        }
        clearPending()
        pendingImport = contents
        attemptImport(contents, null)
    }

    fun submitPassword(password: String) {
        val contents = pendingImport ?: return
        perform { attemptImport(contents, password) }
    }

    /** A new visit of the screen: nothing pending, nothing shown. Call it when the screen opens. */
    fun reset() {
        visit = Visit()
        clearPending()
        _state.value = BackupUiState.Idle
    }

    private suspend fun attemptImport(contents: ByteArray, password: String?): BackupUiState = try {
        val report = ImportReportUi.from(repository.importBackup(contents, password))
        wipe(contents)
        BackupUiState.Imported(report)
    } catch (failure: OtpKitFailure) {
        when (failure.kind) {
            FailureKind.PasswordRequired -> BackupUiState.PasswordNeeded(failure.text, wrongPassword = false)
            FailureKind.WrongPassphrase -> BackupUiState.PasswordNeeded(failure.text, wrongPassword = true)
            FailureKind.InvalidInput, FailureKind.ClockUnusable, FailureKind.VaultNotFound,
            FailureKind.KeyUnavailable, FailureKind.LastKeySlot, FailureKind.VaultCorrupt, FailureKind.NewerVersion,
            FailureKind.Storage, FailureKind.Cancelled, FailureKind.Internal,
            -> {
                wipe(contents)
                BackupUiState.Failed(failure.text)
            }
        }
    }

    /** The file, or null when it cannot be read. Runs on the worker. */
    private fun readOrNull(source: ImportSource): ByteArray? = try {
        source.read()
    } catch (unreadable: Exception) {
        null
    }

    /** Wipes [contents] (done with them) and forgets them if they are the pending file. */
    private fun wipe(contents: ByteArray) {
        if (pendingImport === contents) pendingImport = null
        contents.fill(0)
    }

    private fun clearPending() {
        pendingImport?.let(::wipe)
    }

    private fun perform(block: suspend (Visit) -> BackupUiState) {
        val from = visit
        _state.value = BackupUiState.Working
        scope.launch {
            val next = try {
                block(from)
            } catch (failure: OtpKitFailure) {
                BackupUiState.Failed(failure.text)
            }
            if (from === visit) _state.value = next
        }
    }

    companion object {
        /** A backup leaves the phone: its passphrase is all that protects the secrets. */
        const val MIN_PASSPHRASE_LENGTH = 10

        fun passphraseProblem(passphrase: String, repeated: String): UiText? = when {
            passphrase.length < MIN_PASSPHRASE_LENGTH -> Texts.backupPassphraseTooShort(MIN_PASSPHRASE_LENGTH.toLong())
            passphrase != repeated -> Texts.passphrasesDiffer
            else -> null
        }
    }
}
