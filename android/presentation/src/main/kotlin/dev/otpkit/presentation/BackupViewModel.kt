package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

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

class BackupViewModel(
    private val repository: AccountsRepository,
    private val scope: CoroutineScope,
) {
    private val _state = MutableStateFlow<BackupUiState>(BackupUiState.Idle)
    val state: StateFlow<BackupUiState> = _state.asStateFlow()

    /** The file being imported, kept while the password is asked for; dropped when done. */
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

    /** Imports the picked file; an encrypted one moves to [BackupUiState.PasswordNeeded]. */
    fun import(contents: ByteArray) {
        pendingImport = contents
        attemptImport(null)
    }

    fun submitPassword(password: String) = attemptImport(password)

    fun reset() {
        clearPending()
        _state.value = BackupUiState.Idle
    }

    private fun attemptImport(password: String?) {
        val contents = pendingImport ?: return
        perform {
            try {
                val report = ImportReportUi.from(repository.importBackup(contents, password))
                clearPending()
                BackupUiState.Imported(report)
            } catch (failure: OtpKitFailure) {
                when (failure.kind) {
                    FailureKind.PasswordRequired -> BackupUiState.PasswordNeeded(failure.text, wrongPassword = false)
                    FailureKind.WrongPassphrase -> BackupUiState.PasswordNeeded(failure.text, wrongPassword = true)
                    FailureKind.InvalidInput, FailureKind.ClockUnusable, FailureKind.VaultNotFound,
                    FailureKind.KeyUnavailable, FailureKind.LastKeySlot, FailureKind.VaultCorrupt, FailureKind.NewerVersion,
                    FailureKind.Storage, FailureKind.Cancelled, FailureKind.Internal,
                    -> {
                        clearPending()
                        BackupUiState.Failed(failure.text)
                    }
                }
            }
        }
    }

    private fun clearPending() {
        pendingImport?.fill(0)
        pendingImport = null
    }

    private fun perform(block: suspend () -> BackupUiState) {
        _state.value = BackupUiState.Working
        scope.launch {
            _state.value = try {
                block()
            } catch (failure: OtpKitFailure) {
                BackupUiState.Failed(failure.text)
            }
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
