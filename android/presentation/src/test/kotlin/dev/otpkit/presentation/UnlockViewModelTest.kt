package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue

class UnlockViewModelTest {
    private val repository = TestAccountsRepository(TestClock(0))

    @Test
    fun `first run asks for a passphrase, creates the vault with it, then adds biometrics`() = vmTest { scope ->
        val opener = TestVaultOpener(repository, exists = false)
        val vm = UnlockViewModel(opener, scope)
        assertEquals(UnlockUiState.ChoosePassphrase(null), vm.state.value)
        vm.create("short", "short")
        assertTrue((vm.state.value as UnlockUiState.ChoosePassphrase).problem!!.startsWith("Use at least 10 characters"))
        vm.create("correct horse battery", "correct horse batery")
        assertEquals(UnlockUiState.ChoosePassphrase("The two passphrases differ: type the same one twice"), vm.state.value)
        assertEquals(emptyList(), opener.calls, "nothing is created until the passphrase is accepted")

        vm.create("correct horse battery", "correct horse battery")
        val unlocked = vm.state.await { it is UnlockUiState.Unlocked } as UnlockUiState.Unlocked
        assertSame(repository, unlocked.repository)
        assertNull(unlocked.suggestion)
        assertEquals("correct horse battery", repository.passphrase)
        assertEquals(setOf(UnlockMethod.Passphrase, UnlockMethod.Biometrics), repository.methods)
        assertEquals(listOf("enableBiometricUnlock"), repository.calls)
    }

    @Test
    fun `first run without usable biometrics still makes a passphrase vault and offers biometrics later`() = vmTest { scope ->
        val opener = TestVaultOpener(repository, exists = false)
        repository.biometricKeyWorks = false
        val vm = UnlockViewModel(opener, scope)
        vm.create("correct horse battery", "correct horse battery")
        val unlocked = vm.state.await { it is UnlockUiState.Unlocked } as UnlockUiState.Unlocked
        assertEquals(UnlockSuggestion.EnableBiometrics, unlocked.suggestion)
        assertTrue(unlocked.message!!.endsWith("no biometrics enrolled"), unlocked.message)
        assertEquals(setOf(UnlockMethod.Passphrase), repository.methods)
        vm.dismissSuggestion()
        assertEquals(UnlockUiState.Unlocked(repository, null, null), vm.state.value)
    }

    @Test
    fun `after a new fingerprint the passphrase opens the vault and biometrics can be turned on again`() = vmTest { scope ->
        repository.passphrase = "correct horse battery"
        repository.methods += UnlockMethod.Biometrics
        val opener = TestVaultOpener(repository, exists = true)
        val vm = UnlockViewModel(opener, scope)
        assertEquals(UnlockUiState.Locked(null), vm.state.value)

        opener.biometricKeyLost = true
        vm.unlockWithBiometrics()
        val locked = vm.state.await { it is UnlockUiState.Locked } as UnlockUiState.Locked
        assertTrue(locked.message!!.contains("biometrics changed"), locked.message)
        assertTrue(locked.message!!.endsWith(UnlockViewModel.USE_PASSPHRASE), locked.message)

        vm.unlockWithPassphrase("wrong passphrase")
        assertEquals(UnlockUiState.Locked("wrong passphrase"), vm.state.await { it is UnlockUiState.Locked && it.message == "wrong passphrase" })

        vm.unlockWithPassphrase("correct horse battery")
        val unlocked = vm.state.await { it is UnlockUiState.Unlocked } as UnlockUiState.Unlocked
        assertEquals(UnlockSuggestion.EnableBiometrics, unlocked.suggestion)
        assertEquals(UnlockViewModel.BIOMETRICS_BROKEN, unlocked.message)

        repository.biometricKeyWorks = false
        vm.enableBiometrics()
        val refused = vm.state.await { it is UnlockUiState.Unlocked && it.message != UnlockViewModel.BIOMETRICS_BROKEN } as UnlockUiState.Unlocked
        assertEquals(UnlockSuggestion.EnableBiometrics, refused.suggestion, "a failed re-enable keeps the offer")
        assertEquals("unavailable: no biometrics enrolled", refused.message)

        repository.biometricKeyWorks = true
        vm.enableBiometrics()
        assertEquals(UnlockUiState.Unlocked(repository, null, null), vm.state.await { (it as? UnlockUiState.Unlocked)?.suggestion == null })
        assertEquals(2, repository.count("enableBiometricUnlock"))
    }

    @Test
    fun `a passphrase unlock with biometrics working goes straight to the codes`() = vmTest { scope ->
        repository.passphrase = "correct horse battery"
        repository.methods += UnlockMethod.Biometrics
        val vm = UnlockViewModel(TestVaultOpener(repository, exists = true), scope)
        vm.unlockWithPassphrase("")
        assertEquals(UnlockUiState.Locked("Type your passphrase"), vm.state.value)
        vm.unlockWithPassphrase("correct horse battery")
        assertEquals(UnlockUiState.Unlocked(repository, null, null), vm.state.await { it is UnlockUiState.Unlocked })
        vm.unlockWithBiometrics()
        assertEquals(UnlockUiState.Unlocked(repository, null, null), vm.state.await { it is UnlockUiState.Unlocked })
    }

    @Test
    fun `a biometric-only vault from an older first run is asked for a passphrase`() = vmTest { scope ->
        repository.methods.clear()
        repository.methods += UnlockMethod.Biometrics
        val vm = UnlockViewModel(TestVaultOpener(repository, exists = true), scope)
        vm.unlockWithBiometrics()
        val unlocked = vm.state.await { it is UnlockUiState.Unlocked } as UnlockUiState.Unlocked
        assertEquals(UnlockSuggestion.SetPassphrase, unlocked.suggestion)
        vm.setPassphrase("correct horse battery", "other")
        assertEquals("The two passphrases differ: type the same one twice", (vm.state.value as UnlockUiState.Unlocked).message)
        assertEquals(0, repository.count("setPassphrase"))
        vm.setPassphrase("correct horse battery", "correct horse battery")
        assertEquals(UnlockUiState.Unlocked(repository, null, null), vm.state.await { (it as? UnlockUiState.Unlocked)?.suggestion == null })
        assertEquals("correct horse battery", repository.passphrase)
        assertEquals(setOf(UnlockMethod.Passphrase, UnlockMethod.Biometrics), repository.methods)
    }
}
