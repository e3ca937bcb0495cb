package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/**
 * The unlock screen. The vault is always protected by a passphrase the user chose; biometric
 * unlock is a second key slot on top. A new fingerprint or face destroys the biometric key, so
 * the passphrase still opens the vault and the app then offers to turn biometrics on again.
 */
sealed interface UnlockUiState {
    /** First run: ask for the passphrase (twice) that will always open the vault. */
    data class ChoosePassphrase(val problem: UiText?) : UnlockUiState

    /** A vault exists: offer biometrics and the passphrase. [message]: why the last try failed. */
    data class Locked(val message: UiText?) : UnlockUiState

    data object Working : UnlockUiState

    /**
     * Open. With a [suggestion], show it (with [message]) before the codes; without one, go
     * to the codes.
     */
    data class Unlocked(
        val repository: AccountsRepository,
        val suggestion: UnlockSuggestion?,
        val message: UiText?,
    ) : UnlockUiState
}

/** What the app suggests right after unlocking. */
enum class UnlockSuggestion {
    /** Biometric unlock is off (it failed, or was never set up): offer to turn it on. */
    EnableBiometrics,

    /** The vault has no passphrase (made by an older first run): ask for one. */
    SetPassphrase,
}

class UnlockViewModel(
    private val opener: VaultOpener,
    private val scope: CoroutineScope,
    /** The user's choices; with biometric unlock turned off there, a passphrase unlock does not offer it again. */
    private val settings: SettingsStore? = null,
) {
    private val _state = MutableStateFlow<UnlockUiState>(
        if (opener.vaultExists) UnlockUiState.Locked(null) else UnlockUiState.ChoosePassphrase(null),
    )
    val state: StateFlow<UnlockUiState> = _state.asStateFlow()

    /** Set when biometric unlock failed this session: after the passphrase, offer to re-enable it. */
    private var biometricsFailed = false

    /** First run: creates the vault with [passphrase], then tries to add biometric unlock. */
    fun create(passphrase: String, repeated: String) {
        passphraseProblem(passphrase, repeated)?.let {
            _state.value = UnlockUiState.ChoosePassphrase(it)
            return
        }
        perform(onFailure = { UnlockUiState.ChoosePassphrase(it.text) }) {
            val repository = opener.create(passphrase)
            try {
                repository.enableBiometricUnlock()
                UnlockUiState.Unlocked(repository, null, null)
            } catch (failure: OtpKitFailure) {
                // The vault is made and the passphrase opens it; biometrics can be added later.
                UnlockUiState.Unlocked(repository, UnlockSuggestion.EnableBiometrics, Texts.unlockBiometricsNotOnAndroid(failure.text))
            }
        }
    }

    fun unlockWithBiometrics() = perform(onFailure = ::biometricFailure) {
        val repository = opener.openWithBiometrics()
        biometricsFailed = false
        val suggestion = if (UnlockMethod.Passphrase in repository.unlockMethods()) null else UnlockSuggestion.SetPassphrase
        UnlockUiState.Unlocked(repository, suggestion, suggestion?.let { Texts.unlockNoPassphraseAndroid })
    }

    fun unlockWithPassphrase(passphrase: String) {
        if (passphrase.isEmpty()) {
            _state.value = UnlockUiState.Locked(Texts.unlockPassphraseEmpty)
            return
        }
        perform(onFailure = { UnlockUiState.Locked(it.text) }) {
            val repository = opener.openWithPassphrase(passphrase)
            val off = UnlockMethod.Biometrics !in repository.unlockMethods() && settings?.biometricUnlock != false
            if (biometricsFailed || off) {
                val message = if (biometricsFailed) Texts.unlockBiometricsBrokenAndroid else Texts.unlockBiometricsOffAndroid
                UnlockUiState.Unlocked(repository, UnlockSuggestion.EnableBiometrics, message)
            } else {
                UnlockUiState.Unlocked(repository, null, null)
            }
        }
    }

    /** Turns biometric unlock on (again) with a new key; on failure the suggestion stays, with the reason. */
    fun enableBiometrics() = onSuggestion(UnlockSuggestion.EnableBiometrics) { repository ->
        repository.enableBiometricUnlock()
        biometricsFailed = false
        settings?.biometricUnlock = true
    }

    /** Gives a vault without a passphrase one, so that it survives a biometric change. */
    fun setPassphrase(passphrase: String, repeated: String) {
        val unlocked = _state.value as? UnlockUiState.Unlocked ?: return
        passphraseProblem(passphrase, repeated)?.let {
            _state.value = unlocked.copy(message = it)
            return
        }
        onSuggestion(UnlockSuggestion.SetPassphrase) { it.setPassphrase(passphrase) }
    }

    /** "Not now": go to the codes. */
    fun dismissSuggestion() {
        val unlocked = _state.value as? UnlockUiState.Unlocked ?: return
        _state.value = unlocked.copy(suggestion = null, message = null)
    }

    private fun biometricFailure(failure: OtpKitFailure): UnlockUiState {
        // Closing the prompt is a choice, not a failure: back to the choices, nothing to explain.
        if (failure.kind == FailureKind.Cancelled) return UnlockUiState.Locked(null)
        if (failure.kind == FailureKind.KeyUnavailable) biometricsFailed = true
        // The reasons a biometric unlock fails with say to use the passphrase (errors.toml).
        return UnlockUiState.Locked(failure.text)
    }

    private fun onSuggestion(suggestion: UnlockSuggestion, action: suspend (AccountsRepository) -> Unit) {
        val unlocked = _state.value as? UnlockUiState.Unlocked ?: return
        if (unlocked.suggestion != suggestion) return
        perform(onFailure = { unlocked.copy(message = it.text) }) {
            action(unlocked.repository)
            UnlockUiState.Unlocked(unlocked.repository, null, null)
        }
    }

    private fun perform(onFailure: (OtpKitFailure) -> UnlockUiState, block: suspend () -> UnlockUiState) {
        _state.value = UnlockUiState.Working
        scope.launch {
            _state.value = try {
                block()
            } catch (failure: OtpKitFailure) {
                onFailure(failure)
            }
        }
    }

    companion object {
        /** The passphrase is the way back in when the biometric key is lost: long enough to guess slowly. */
        const val MIN_PASSPHRASE_LENGTH = 10

        fun passphraseProblem(passphrase: String, repeated: String): UiText? = when {
            passphrase.length < MIN_PASSPHRASE_LENGTH -> Texts.passphraseTooShort(MIN_PASSPHRASE_LENGTH.toLong())
            passphrase != repeated -> Texts.passphrasesDiffer
            else -> null
        }
    }
}
