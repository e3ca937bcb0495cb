package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/** The settings screen. */
sealed interface SettingsUiState {
    data object Loading : SettingsUiState

    data class Ready(
        /** Biometric unlock is on (the vault has a biometric key slot). */
        val biometrics: Boolean,
        val autoLock: AutoLockDelay,
        /** The clock correction in ms while on; null when off. */
        val clockCorrectionMs: Long?,
        /** The last clock check, in words ("Your phone's clock is 47 s fast"); null before any. */
        val lastCheck: UiText?,
        /** A change is under way: the switches wait. */
        val working: Boolean,
        /** The outcome of the last change, or why it was refused; null when there is nothing to say. */
        val message: UiText?,
    ) : SettingsUiState {
        val autoLockChoices: List<AutoLockDelay> get() = AutoLockDelay.entries

        /** "On: codes use the time servers' clock (...)" or "Off". */
        val clockCorrectionText: UiText
            get() = clockCorrectionMs?.let { Texts.settingsClockCorrectionOn(DriftBanner.title(it)) }
                ?: Texts.settingsClockCorrectionOff
    }

    /** The settings could not be read (the vault locked meanwhile): [text] says why; [SettingsViewModel.retry]. */
    data class Failed(val text: UiText) : SettingsUiState
}

/**
 * Settings: biometric unlock on and off, the auto-lock delay, the clock correction. Changing
 * the passphrase, exporting a backup and the transfer to another phone are screens of their own
 * (see [AppRoutes.open]). [reset] starts a new visit of the screen (the settings read again);
 * a change an earlier visit started still finishes, without showing in the new one.
 */
class SettingsViewModel(
    private val repository: AccountsRepository,
    private val settings: SettingsStore,
    private val scope: CoroutineScope,
) {
    /** One visit of the screen; work remembers the visit it was started in. */
    private class Visit

    private var visit = Visit()

    private val _state = MutableStateFlow<SettingsUiState>(SettingsUiState.Loading)
    val state: StateFlow<SettingsUiState> = _state.asStateFlow()

    /** The vault's unlock methods as last read: turning biometrics off needs another way in. */
    private var methods: Set<UnlockMethod> = emptySet()

    init {
        load()
    }

    fun retry() {
        if (_state.value is SettingsUiState.Failed) load()
    }

    /** A new visit of the screen: the settings are read again, no message. */
    fun reset() {
        visit = Visit()
        load()
    }

    /**
     * Biometric unlock on (a new key; the prompt shows) or off (its slot removed). Off is refused,
     * with why, while biometrics are the only way to open the vault.
     */
    fun setBiometrics(on: Boolean) = change { ready ->
        if (on) {
            repository.enableBiometricUnlock()
            settings.biometricUnlock = true
            methods = methods + UnlockMethod.Biometrics
            ready.copy(biometrics = true, message = Texts.settingsBiometricsTurnedOn)
        } else {
            if (UnlockMethod.Passphrase !in methods) return@change ready.copy(message = Texts.settingsBiometricsOnlyWay)
            try {
                repository.disableBiometricUnlock()
            } catch (failure: OtpKitFailure) {
                if (failure.kind != FailureKind.LastKeySlot) throw failure
                return@change ready.copy(message = Texts.settingsBiometricsOnlyWay)
            }
            settings.biometricUnlock = false
            methods = methods - UnlockMethod.Biometrics
            ready.copy(biometrics = false, message = Texts.settingsBiometricsTurnedOff)
        }
    }

    /** Stored at once; it applies from the next time the app leaves the screen. */
    fun setAutoLock(delay: AutoLockDelay) {
        val ready = _state.value as? SettingsUiState.Ready ?: return
        settings.autoLock = delay
        _state.value = ready.copy(autoLock = delay, message = null)
    }

    /**
     * Clock correction on: the clock is checked first (the servers are asked at most once a
     * minute), then codes use the time they agreed on. Refused, with the reason, when the check
     * is not good enough (offline, servers disagree, too imprecise, the clock too far off).
     */
    fun setClockCorrection(on: Boolean) = change { ready ->
        if (on) {
            val checked = lastCheckText(repository.checkClock(manual = true))
            val correction = try {
                repository.turnOnClockCorrection()
            } catch (failure: OtpKitFailure) {
                if (failure.kind == FailureKind.Cancelled) throw failure
                return@change ready.copy(lastCheck = checked, message = failure.text)
            }
            ready.copy(clockCorrectionMs = correction, lastCheck = checked, message = null)
        } else {
            repository.turnOffClockCorrection()
            ready.copy(clockCorrectionMs = null, message = null)
        }
    }

    /** "Check now": asks the time servers (at most once a minute; in between the last answer). */
    fun checkClock() = change { ready ->
        ready.copy(lastCheck = lastCheckText(repository.checkClock(manual = true)), message = null)
    }

    fun dismissMessage() {
        val ready = _state.value as? SettingsUiState.Ready ?: return
        _state.value = ready.copy(message = null)
    }

    private fun load() {
        val from = visit
        _state.value = SettingsUiState.Loading
        scope.launch {
            val ready = try {
                methods = repository.unlockMethods()
                SettingsUiState.Ready(
                    biometrics = UnlockMethod.Biometrics in methods,
                    autoLock = settings.autoLock,
                    clockCorrectionMs = repository.clockCorrectionMs(),
                    lastCheck = null,
                    working = false,
                    message = null,
                )
            } catch (failure: OtpKitFailure) {
                if (from === visit) _state.value = SettingsUiState.Failed(failure.text)
                return@launch
            }
            if (from !== visit) return@launch
            _state.value = ready
            // The last check, without asking the servers more than once a day.
            try {
                val report = repository.checkClock(manual = false)
                if (from === visit) {
                    (_state.value as? SettingsUiState.Ready)?.let { _state.value = it.copy(lastCheck = lastCheckText(report)) }
                }
            } catch (ignored: OtpKitFailure) {
                // No report to show: the line stays empty.
            }
        }
    }

    /**
     * Runs one change at a time (taps while one runs are ignored). A failure shows its text; a
     * cancelled one (the prompt closed, the vault locked) says nothing and changes nothing.
     */
    private fun change(block: suspend (SettingsUiState.Ready) -> SettingsUiState.Ready) {
        val ready = _state.value as? SettingsUiState.Ready ?: return
        if (ready.working) return
        val before = ready.copy(message = null)
        val from = visit
        _state.value = before.copy(working = true)
        scope.launch {
            val after = try {
                block(before)
            } catch (failure: OtpKitFailure) {
                before.copy(message = failure.text.takeIf { failure.kind != FailureKind.Cancelled })
            }
            if (from === visit) _state.value = after
        }
    }

    companion object {
        /** A clock check in words: how far off, the clock is right, or it could not be checked. */
        fun lastCheckText(report: DriftReport): UiText {
            val offset = report.offsetMs
            return when {
                offset == null || report.status == DriftStatus.Unknown -> Texts.driftUnknown
                report.status == DriftStatus.Ok -> Texts.driftClockFine
                else -> DriftBanner.title(offset)
            }
        }
    }
}
