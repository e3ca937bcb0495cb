package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** The unlock screen and the biometric choice made in the settings. */
class UnlockPreferenceTest {
    private val repository = TestAccountsRepository(TestClock(0)).apply { passphrase = "correct horse battery" }

    @Test
    fun `biometrics turned off in the settings are not offered again after a passphrase unlock`() = vmTest { scope ->
        val settings = TestSettingsStore(biometricUnlock = false)
        val vm = UnlockViewModel(TestVaultOpener(repository, exists = true), scope, settings)
        vm.unlockWithPassphrase("correct horse battery")
        assertEquals(UnlockUiState.Unlocked(repository, null, null), vm.state.await { it is UnlockUiState.Unlocked })
    }

    @Test
    fun `biometrics wanted but off are offered, and turning them on is remembered`() = vmTest { scope ->
        val settings = TestSettingsStore(biometricUnlock = true)
        val vm = UnlockViewModel(TestVaultOpener(repository, exists = true), scope, settings)
        vm.unlockWithPassphrase("correct horse battery")
        val unlocked = vm.state.await { it is UnlockUiState.Unlocked } as UnlockUiState.Unlocked
        assertEquals(UnlockSuggestion.EnableBiometrics, unlocked.suggestion)
        settings.biometricUnlock = false
        vm.enableBiometrics()
        vm.state.await { (it as? UnlockUiState.Unlocked)?.suggestion == null }
        assertTrue(settings.biometricUnlock)
    }

    @Test
    fun `a biometric key lost after a change is offered again even when the choice was off`() = vmTest { scope ->
        repository.methods += UnlockMethod.Biometrics
        val settings = TestSettingsStore(biometricUnlock = false)
        val opener = TestVaultOpener(repository, exists = true).apply { biometricKeyLost = true }
        val vm = UnlockViewModel(opener, scope, settings)
        vm.unlockWithBiometrics()
        vm.state.await { it is UnlockUiState.Locked && it.message != null }
        vm.unlockWithPassphrase("correct horse battery")
        val unlocked = vm.state.await { it is UnlockUiState.Unlocked } as UnlockUiState.Unlocked
        assertEquals(UnlockSuggestion.EnableBiometrics, unlocked.suggestion, "the user just tried biometrics")
    }
}
