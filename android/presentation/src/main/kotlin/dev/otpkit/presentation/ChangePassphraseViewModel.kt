package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/** The "change passphrase" screen (from the settings). */
sealed interface ChangePassphraseUiState {
    /**
     * Typing the new passphrase twice. [problem]: why the last try did not change it. With
     * [offerWithoutBiometrics], the biometric key could not be made for the new passphrase
     * (prompt closed, sensor unusable): the user may change it and turn biometric unlock off.
     */
    data class Editing(val problem: UiText?, val offerWithoutBiometrics: Boolean = false) : ChangePassphraseUiState

    data object Working : ChangePassphraseUiState

    /** Changed. [biometricsKept]: biometric unlock stays on (with a new key). */
    data class Done(val biometricsKept: Boolean) : ChangePassphraseUiState {
        val text: UiText get() = if (biometricsKept) Texts.changePassphraseDone else Texts.changePassphraseDoneNoBiometrics
    }
}

/**
 * Changes the passphrase with a re-key: the vault is encrypted again under a new key, so a copy
 * of the old file (a device backup) opened with the old passphrase shows nothing saved since.
 * Biometric unlock stays on when it was on: it gets a new key in the same step (one prompt).
 * [reset] starts a new visit of the screen.
 */
class ChangePassphraseViewModel(
    private val repository: AccountsRepository,
    private val settings: SettingsStore,
    private val scope: CoroutineScope,
) {
    /** One visit of the screen; work remembers the visit it was started in. */
    private class Visit

    private var visit = Visit()

    private val _state = MutableStateFlow<ChangePassphraseUiState>(ChangePassphraseUiState.Editing(null))
    val state: StateFlow<ChangePassphraseUiState> = _state.asStateFlow()

    /** A new visit of the screen: nothing typed, nothing said. A change under way still finishes. */
    fun reset() {
        visit = Visit()
        _state.value = ChangePassphraseUiState.Editing(null)
    }

    /** "Change passphrase": the same rules as the first one (long enough, typed twice). */
    fun submit(passphrase: String, repeated: String) {
        if (_state.value !is ChangePassphraseUiState.Editing) return
        problem(passphrase, repeated)?.let {
            _state.value = ChangePassphraseUiState.Editing(it)
            return
        }
        run {
            val keep = UnlockMethod.Biometrics in repository.unlockMethods()
            try {
                repository.changePassphrase(passphrase, keepBiometrics = keep)
            } catch (failure: OtpKitFailure) {
                // Nothing changed. Without a usable biometric key the user may still change it.
                if (!keep || (failure.kind != FailureKind.Cancelled && failure.kind != FailureKind.KeyUnavailable)) throw failure
                val why = if (failure.kind == FailureKind.Cancelled) Texts.changePassphrasePromptClosed else failure.text
                return@run ChangePassphraseUiState.Editing(why, offerWithoutBiometrics = true)
            }
            ChangePassphraseUiState.Done(biometricsKept = keep)
        }
    }

    /** After a failed biometric step: change the passphrase and turn biometric unlock off. */
    fun submitWithoutBiometrics(passphrase: String, repeated: String) {
        val editing = _state.value as? ChangePassphraseUiState.Editing ?: return
        if (!editing.offerWithoutBiometrics) return
        problem(passphrase, repeated)?.let {
            _state.value = editing.copy(problem = it)
            return
        }
        run {
            repository.changePassphrase(passphrase, keepBiometrics = false)
            settings.biometricUnlock = false
            ChangePassphraseUiState.Done(biometricsKept = false)
        }
    }

    private fun run(block: suspend () -> ChangePassphraseUiState) {
        val from = visit
        _state.value = ChangePassphraseUiState.Working
        scope.launch {
            val next = try {
                block()
            } catch (failure: OtpKitFailure) {
                ChangePassphraseUiState.Editing(failure.text)
            }
            if (from === visit) _state.value = next
        }
    }

    companion object {
        /** Why [passphrase] cannot be the new one, or null: the first passphrase's rules ([UnlockViewModel.passphraseProblem]). */
        fun problem(passphrase: String, repeated: String): UiText? = UnlockViewModel.passphraseProblem(passphrase, repeated)
    }
}
