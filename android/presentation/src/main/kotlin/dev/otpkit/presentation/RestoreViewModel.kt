package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlin.coroutines.CoroutineContext

/** The first run's restore step. */
sealed interface RestoreUiState {
    /** "Pick the backup file from your old phone"; [problem]: why the last file did not restore. */
    data class PickFile(val problem: UiText?) : RestoreUiState

    /** The file is protected: its passphrase. [wrong]: the last one did not open it ([problem] says so). */
    data class Password(val wrong: Boolean, val problem: UiText?) : RestoreUiState

    data object Working : RestoreUiState

    /**
     * The file is read: [report] says what came in. With [nothingAdded] the user is offered
     * another file (or another way) before going on to an empty list.
     */
    data class Restored(val report: ImportReportUi) : RestoreUiState {
        val nothingAdded: Boolean get() = report.addedCount == 0
    }
}

/**
 * First run, "Restore from a backup": the file the old phone exported (OtpKit's, or Aegis, 2FAS,
 * a list of otpauth:// links), then its passphrase if it has one. Every failure leads back to a
 * step the user can retry: a wrong passphrase asks again, an unreadable file asks for another.
 * The file is read on [worker] and its bytes overwritten once done. As the other screens' models
 * on Android, it may outlive one visit of the screen: [reset] starts the next one afresh.
 */
class RestoreViewModel(
    private val repository: AccountsRepository,
    private val scope: CoroutineScope,
    private val worker: CoroutineContext = Dispatchers.IO,
) {
    /** One visit of the screen; work remembers the visit it was started in. */
    private class Visit

    private var visit = Visit()

    private val _state = MutableStateFlow<RestoreUiState>(RestoreUiState.PickFile(null))
    val state: StateFlow<RestoreUiState> = _state.asStateFlow()

    /** The file's bytes while its passphrase is asked for. */
    private var contents: ByteArray? = null

    /** The file the user picked: read on the worker, then restored (or its passphrase asked for). */
    fun filePicked(file: ImportSource) {
        if (_state.value !is RestoreUiState.PickFile) return
        val from = visit
        _state.value = RestoreUiState.Working
        scope.launch {
            val bytes = try {
                withContext(worker) { file.read() }
            } catch (unreadable: Exception) {
                if (from === visit) _state.value = RestoreUiState.PickFile(Texts.restoreFileUnreadable)
                return@launch
            }
            if (from !== visit) return@launch bytes.fill(0)
            drop()
            contents = bytes
            attempt(null, from)
        }
    }

    fun submitPassword(password: String) {
        val asking = _state.value as? RestoreUiState.Password ?: return
        if (password.isEmpty()) {
            _state.value = asking.copy(problem = Texts.restoreTypePassword)
            return
        }
        val from = visit
        _state.value = RestoreUiState.Working
        scope.launch { attempt(password, from) }
    }

    /** Back from the passphrase, or "Pick another file" after a restore that added nothing. */
    fun pickAnother() {
        val current = _state.value
        if (current !is RestoreUiState.Password && current !is RestoreUiState.Restored) return
        drop()
        _state.value = RestoreUiState.PickFile(null)
    }

    /** A new visit of the screen: nothing pending, nothing shown. */
    fun reset() {
        visit = Visit()
        drop()
        _state.value = RestoreUiState.PickFile(null)
    }

    private suspend fun attempt(password: String?, from: Visit) {
        val bytes = contents ?: return
        val next = try {
            val report = ImportReportUi.from(repository.importBackup(bytes, password))
            wipe(bytes)
            RestoreUiState.Restored(report)
        } catch (failure: OtpKitFailure) {
            when (failure.kind) {
                FailureKind.PasswordRequired -> RestoreUiState.Password(wrong = false, problem = null)
                FailureKind.WrongPassphrase -> RestoreUiState.Password(wrong = true, problem = failure.text)
                else -> {
                    wipe(bytes)
                    RestoreUiState.PickFile(failure.text.takeIf { failure.kind != FailureKind.Cancelled })
                }
            }
        }
        // A restore of an earlier visit still saved what it read; this visit shows nothing of it.
        if (from === visit) _state.value = next
    }

    private fun drop() {
        contents?.let(::wipe)
    }

    /** Overwrites [bytes] (done with them) and forgets them if they are the file waiting for its passphrase. */
    private fun wipe(bytes: ByteArray) {
        if (contents === bytes) contents = null
        bytes.fill(0)
    }
}
