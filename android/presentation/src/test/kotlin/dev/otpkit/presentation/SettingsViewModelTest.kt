package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

class SettingsViewModelTest {
    private val repository = TestAccountsRepository(TestClock(0))
    private val settings = TestSettingsStore()

    private val SettingsViewModel.ready: SettingsUiState.Ready get() = state.value as SettingsUiState.Ready

    private suspend fun SettingsViewModel.settled() = state.await { it is SettingsUiState.Ready && !it.working } as SettingsUiState.Ready

    @Test
    fun `the settings show the vault's unlock methods, the delay, the correction and the last check`() = vmTest { scope ->
        repository.methods += UnlockMethod.Biometrics
        settings.autoLock = AutoLockDelay.Minutes5
        repository.driftReport = DriftReport(DriftStatus.Warn, "core's English", -12_000, fresh = true)
        val vm = SettingsViewModel(repository, settings, scope)
        val ready = vm.state.await { (it as? SettingsUiState.Ready)?.lastCheck != null } as SettingsUiState.Ready
        assertTrue(ready.biometrics)
        assertEquals(AutoLockDelay.Minutes5, ready.autoLock)
        assertNull(ready.clockCorrectionMs)
        assertEquals(Texts.settingsClockCorrectionOff, ready.clockCorrectionText)
        assertEquals(DriftBanner.title(-12_000), ready.lastCheck)
        assertEquals(AutoLockDelay.entries, ready.autoLockChoices)
        assertTrue(repository.calls.contains("checkClock"))
    }

    @Test
    fun `biometric unlock turns off, then on again, and the choice is remembered`() = vmTest { scope ->
        repository.methods += UnlockMethod.Biometrics
        val vm = SettingsViewModel(repository, settings, scope)
        vm.settled()
        vm.setBiometrics(false)
        val off = vm.settled()
        assertFalse(off.biometrics)
        assertEquals(Texts.settingsBiometricsTurnedOff, off.message)
        assertEquals(setOf(UnlockMethod.Passphrase), repository.methods)
        assertFalse(settings.biometricUnlock)

        vm.dismissMessage()
        assertNull(vm.ready.message)
        vm.setBiometrics(true)
        val on = vm.state.await { (it as? SettingsUiState.Ready)?.biometrics == true } as SettingsUiState.Ready
        assertEquals(Texts.settingsBiometricsTurnedOn, on.message)
        assertTrue(settings.biometricUnlock)
    }

    @Test
    fun `biometrics cannot be turned off while they are the only way in`() = vmTest { scope ->
        repository.methods.clear()
        repository.methods += UnlockMethod.Biometrics
        val vm = SettingsViewModel(repository, settings, scope)
        vm.settled()
        vm.setBiometrics(false)
        assertEquals(Texts.settingsBiometricsOnlyWay, vm.settled().message)
        assertEquals(0, repository.count("disableBiometricUnlock"), "refused before asking the vault")
        assertTrue(settings.biometricUnlock)
    }

    @Test
    fun `the vault's own last-slot refusal is explained the same way`() = vmTest { scope ->
        repository.methods += UnlockMethod.Biometrics
        val vm = SettingsViewModel(repository, settings, scope)
        vm.settled()
        // Another process removed the passphrase meanwhile: the vault refuses.
        repository.methods.remove(UnlockMethod.Passphrase)
        vm.setBiometrics(false)
        val refused = vm.settled()
        assertEquals(Texts.settingsBiometricsOnlyWay, refused.message)
        assertTrue(refused.biometrics)
        assertEquals(1, repository.count("disableBiometricUnlock"))
    }

    @Test
    fun `a failed or cancelled biometric change keeps the switch as it was`() = vmTest { scope ->
        val vm = SettingsViewModel(repository, settings, scope)
        vm.settled()
        repository.biometricKeyWorks = false
        vm.setBiometrics(true)
        val failed = vm.settled()
        assertFalse(failed.biometrics)
        assertEquals(ErrorText.of("keystore_unavailable"), failed.message)

        repository.failNext = OtpKitFailure(FailureKind.Cancelled, ErrorText.of("cancelled"))
        vm.setBiometrics(true)
        val cancelled = vm.settled()
        assertFalse(cancelled.biometrics)
        assertNull(cancelled.message, "a closed prompt says nothing")

        repository.methods += UnlockMethod.Biometrics
        val storage = OtpKitFailure(FailureKind.Storage, ErrorText.of("io"))
        val vm2 = SettingsViewModel(repository, settings, scope)
        vm2.settled()
        repository.failNext = storage
        vm2.setBiometrics(false)
        assertEquals(storage.text, vm2.settled().message)
        assertTrue(vm2.ready.biometrics)
        assertTrue(settings.biometricUnlock)
    }

    @Test
    fun `the auto-lock delay is stored at once`() = vmTest { scope ->
        val vm = SettingsViewModel(repository, settings, scope)
        vm.settled()
        vm.setAutoLock(AutoLockDelay.Immediately)
        assertEquals(AutoLockDelay.Immediately, vm.ready.autoLock)
        assertEquals(AutoLockDelay.Immediately, settings.autoLock)
    }

    @Test
    fun `the clock correction goes on after a check, shows by how much, and goes off`() = vmTest { scope ->
        repository.driftReport = DriftReport(DriftStatus.Bad, "core's English", 47_000, fresh = true)
        val vm = SettingsViewModel(repository, settings, scope)
        vm.settled()
        vm.setClockCorrection(true)
        val on = vm.state.await { (it as? SettingsUiState.Ready)?.clockCorrectionMs != null } as SettingsUiState.Ready
        assertEquals(47_000L, on.clockCorrectionMs)
        assertEquals(Texts.settingsClockCorrectionOn(DriftBanner.title(47_000)), on.clockCorrectionText)
        assertEquals("On: codes use the time servers' time. Your phone's clock is 47 s slow.", Catalogs.render(on.clockCorrectionText, "en"))
        assertEquals(DriftBanner.title(47_000), on.lastCheck)
        val order = repository.calls.filter { it == "checkClock" || it == "turnOnClockCorrection" }
        assertEquals(listOf("checkClock", "checkClock", "turnOnClockCorrection"), order, "a manual check, then the correction")

        vm.setClockCorrection(false)
        val off = vm.state.await { (it as? SettingsUiState.Ready)?.clockCorrectionMs == null } as SettingsUiState.Ready
        assertNull(repository.correctionMs)
        assertNull(off.message)
    }

    @Test
    fun `a correction the vault refuses says why and stays off`() = vmTest { scope ->
        repository.driftReport = DriftReport(DriftStatus.Unknown, "offline", null, fresh = true)
        val refusal = OtpKitFailure(FailureKind.InvalidInput, ErrorText.of("correction_no_agreement"))
        repository.correctionRefusal = refusal
        val vm = SettingsViewModel(repository, settings, scope)
        vm.settled()
        vm.setClockCorrection(true)
        val refused = vm.state.await { (it as? SettingsUiState.Ready)?.message != null } as SettingsUiState.Ready
        assertEquals(refusal.text, refused.message)
        assertNull(refused.clockCorrectionMs)
        assertEquals(Texts.driftUnknown, refused.lastCheck)
    }

    @Test
    fun `a correction already on shows at load, and the clock can be checked by hand`() = vmTest { scope ->
        repository.correctionMs = -3_000
        repository.driftReport = DriftReport(DriftStatus.Ok, "fine", 200, fresh = true)
        val vm = SettingsViewModel(repository, settings, scope)
        val ready = vm.state.await { (it as? SettingsUiState.Ready)?.lastCheck != null } as SettingsUiState.Ready
        assertEquals(-3_000L, ready.clockCorrectionMs)
        assertEquals(Texts.driftClockFine, ready.lastCheck)
        repository.driftReport = DriftReport(DriftStatus.Bad, "off", -90_000, fresh = true)
        vm.checkClock()
        assertEquals(DriftBanner.title(-90_000), (vm.state.await { (it as? SettingsUiState.Ready)?.lastCheck != Texts.driftClockFine } as SettingsUiState.Ready).lastCheck)
    }

    @Test
    fun `taps while a change runs are ignored`() = vmTest { scope ->
        val vm = SettingsViewModel(repository, settings, scope)
        vm.settled()
        val prompt = kotlinx.coroutines.CompletableDeferred<Unit>()
        repository.biometricPrompt = prompt
        vm.setBiometrics(true)
        assertTrue(vm.ready.working, "the prompt is up")
        vm.setClockCorrection(true)
        vm.setBiometrics(false)
        prompt.complete(Unit)
        assertTrue(vm.settled().biometrics)
        assertEquals(0, repository.count("turnOnClockCorrection"))
        assertEquals(0, repository.count("disableBiometricUnlock"))
        assertEquals(1, repository.count("enableBiometricUnlock"))
    }

    @Test
    fun `settings that cannot be read say why and load again on retry`() = vmTest { scope ->
        repository.failNext = OtpKitFailure(FailureKind.Cancelled, Texts.failureLocked)
        val vm = SettingsViewModel(repository, settings, scope)
        assertEquals(SettingsUiState.Failed(Texts.failureLocked), vm.state.value)
        vm.setBiometrics(true)
        assertEquals(0, repository.count("enableBiometricUnlock"), "nothing to change while failed")
        vm.retry()
        vm.settled()
        vm.retry()
        assertEquals(2, repository.count("unlockMethods"), "retry only reloads after a failure")
    }

    @Test
    fun `an offline check leaves the last-check line at unknown`() {
        assertEquals(Texts.driftUnknown, SettingsViewModel.lastCheckText(DriftReport(DriftStatus.Warn, "", null, true)))
        assertEquals(Texts.driftUnknown, SettingsViewModel.lastCheckText(DriftReport(DriftStatus.Unknown, "", 5, true)))
        for (lang in Catalogs.languages) {
            val text = Catalogs.render(Texts.settingsClockCorrectionOn(DriftBanner.title(-61_000)), lang)
            assertTrue('{' !in text, "$lang: $text")
        }
    }

    @Test
    fun `a new visit reads the settings again, and a change of the last visit shows nothing in it`() = vmTest { scope ->
        val vm = SettingsViewModel(repository, settings, scope)
        vm.settled()
        val prompt = kotlinx.coroutines.CompletableDeferred<Unit>()
        repository.biometricPrompt = prompt
        vm.setBiometrics(true)
        vm.reset()
        val fresh = vm.settled()
        assertNull(fresh.message)
        assertEquals(2, repository.count("unlockMethods"), "read again")
        prompt.complete(Unit)
        assertEquals(fresh, vm.ready, "the last visit's change finished without showing here")
        assertTrue(UnlockMethod.Biometrics in repository.methods, "but it was made")
    }
}
