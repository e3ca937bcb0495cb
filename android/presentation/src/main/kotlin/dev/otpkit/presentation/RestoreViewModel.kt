package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlin.coroutines.CoroutineContext

/** A file the user picked (Android SAF, the iOS file importer), read by the platform on a worker thread. */
fun interface PickedFile {
    /** Its bytes; throws when the file cannot be read (gone, no access). */
    fun readBytes(): ByteArray
}

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
 * The file is read on [worker] and its bytes overwritten once done.
 */
class RestoreViewModel(
    private val repository: AccountsRepository,
    private val scope: CoroutineScope,
    private val worker: CoroutineContext = Dispatchers.IO,
) {
    private val _state = MutableStateFlow<RestoreUiState>(RestoreUiState.PickFile(null))
    val state: StateFlow<RestoreUiState> = _state.asStateFlow()

    /** The file's bytes while its passphrase is asked for. */
    private var contents: ByteArray? = null

    fun filePicked(file: PickedFile) {
        if (_state.value !is RestoreUiState.PickFile) return
        _state.value = RestoreUiState.Working
        scope.launch {
            val bytes = try {
                withContext(worker) { file.readBytes() }
            } catch (unreadable: Exception) {
                _state.value = RestoreUiState.PickFile(Texts.restoreFileUnreadable)
                return@launch
            }
            drop()
            contents = bytes
            attempt(null)
        }
    }

    fun submitPassword(password: String) {
        val asking = _state.value as? RestoreUiState.Password ?: return
        if (password.isEmpty()) {
            _state.value = asking.copy(problem = Texts.restoreTypePassword)
            return
        }
        _state.value = RestoreUiState.Working
        scope.launch { attempt(password) }
    }

    /** Back from the passphrase, or "Pick another file" after a restore that added nothing. */
    fun pickAnother() {
        val current = _state.value
        if (current !is RestoreUiState.Password && current !is RestoreUiState.Restored) return
        drop()
        _state.value = RestoreUiState.PickFile(null)
    }

    private suspend fun attempt(password: String?) {
        val bytes = contents ?: return
        _state.value = try {
            val report = ImportReportUi.from(repository.importBackup(bytes, password))
            drop()
            RestoreUiState.Restored(report)
        } catch (failure: OtpKitFailure) {
            when (failure.kind) {
                FailureKind.PasswordRequired -> RestoreUiState.Password(wrong = false, problem = null)
                FailureKind.WrongPassphrase -> RestoreUiState.Password(wrong = true, problem = failure.text)
                else -> {
                    drop()
                    RestoreUiState.PickFile(failure.text.takeIf { failure.kind != FailureKind.Cancelled })
                }
            }
        }
    }

    private fun drop() {
        contents?.fill(0)
        contents = null
    }
}
