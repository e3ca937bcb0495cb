package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

class ChangePassphraseViewModelTest {
    private val repository = TestAccountsRepository(TestClock(0))
    private val settings = TestSettingsStore()
    private val new = "a new passphrase"

    @Test
    fun `a short or mistyped passphrase is refused before anything changes`() = vmTest { scope ->
        val vm = ChangePassphraseViewModel(repository, settings, scope)
        vm.submit("short", "short")
        assertEquals(ChangePassphraseUiState.Editing(Texts.passphraseTooShort(10)), vm.state.value)
        vm.submit(new, "a new passfrase")
        assertEquals(ChangePassphraseUiState.Editing(Texts.passphrasesDiffer), vm.state.value)
        assertEquals(0, repository.count("changePassphrase"))
        assertEquals(
            "Utilisez au moins 10 caractères : cette phrase secrète ouvre vos comptes même si vos empreintes ou votre visage changent.",
            Catalogs.render(Texts.passphraseTooShort(10), "fr"),
        )
    }

    @Test
    fun `the passphrase is changed by a re-key that keeps biometrics when they are on`() = vmTest { scope ->
        repository.methods += UnlockMethod.Biometrics
        val vm = ChangePassphraseViewModel(repository, settings, scope)
        vm.submit(new, new)
        val done = vm.state.await { it is ChangePassphraseUiState.Done } as ChangePassphraseUiState.Done
        assertTrue(done.biometricsKept)
        assertEquals(Texts.changePassphraseDone, done.text)
        assertEquals(listOf(new to true), repository.rekeys)
        assertEquals(setOf(UnlockMethod.Passphrase, UnlockMethod.Biometrics), repository.methods)
        vm.submit("another one!", "another one!")
        assertEquals(1, repository.count("changePassphrase"), "done: nothing more to submit")
    }

    @Test
    fun `without biometrics the re-key is passphrase only`() = vmTest { scope ->
        val vm = ChangePassphraseViewModel(repository, settings, scope)
        vm.submit(new, new)
        val done = vm.state.await { it is ChangePassphraseUiState.Done } as ChangePassphraseUiState.Done
        assertFalse(done.biometricsKept)
        assertEquals(Texts.changePassphraseDoneNoBiometrics, done.text)
        assertEquals(listOf(new to false), repository.rekeys)
    }

    @Test
    fun `a closed prompt changes nothing, and the user may change it without biometrics`() = vmTest { scope ->
        repository.methods += UnlockMethod.Biometrics
        repository.rekeyBiometricFailure = OtpKitFailure(FailureKind.Cancelled, ErrorText.of("cancelled"))
        val vm = ChangePassphraseViewModel(repository, settings, scope)
        vm.submitWithoutBiometrics(new, new)
        assertEquals(0, repository.count("changePassphrase"), "not offered yet")
        vm.submit(new, new)
        assertEquals(
            ChangePassphraseUiState.Editing(Texts.changePassphrasePromptClosed, offerWithoutBiometrics = true),
            vm.state.await { it is ChangePassphraseUiState.Editing },
        )
        assertTrue(repository.rekeys.isEmpty())
        vm.submitWithoutBiometrics(new, "typo")
        assertEquals(
            ChangePassphraseUiState.Editing(Texts.passphrasesDiffer, offerWithoutBiometrics = true),
            vm.state.value,
            "the offer stays while the passphrase is fixed",
        )
        vm.submitWithoutBiometrics(new, new)
        val done = vm.state.await { it is ChangePassphraseUiState.Done } as ChangePassphraseUiState.Done
        assertFalse(done.biometricsKept)
        assertEquals(listOf(new to false), repository.rekeys)
        assertFalse(settings.biometricUnlock, "remembered: biometrics are not offered at unlock")
        assertEquals(setOf(UnlockMethod.Passphrase), repository.methods)
    }

    @Test
    fun `a key store that refuses says why and offers the same way out`() = vmTest { scope ->
        repository.methods += UnlockMethod.Biometrics
        val refused = OtpKitFailure(FailureKind.KeyUnavailable, ErrorText.of("keystore_unavailable"))
        repository.rekeyBiometricFailure = refused
        val vm = ChangePassphraseViewModel(repository, settings, scope)
        vm.submit(new, new)
        assertEquals(ChangePassphraseUiState.Editing(refused.text, offerWithoutBiometrics = true), vm.state.await { it is ChangePassphraseUiState.Editing })
    }

    @Test
    fun `any other failure shows its text and the user can try again`() = vmTest { scope ->
        val storage = OtpKitFailure(FailureKind.Storage, ErrorText.of("io"))
        repository.failNext = storage
        val vm = ChangePassphraseViewModel(repository, settings, scope)
        vm.submit(new, new)
        assertEquals(ChangePassphraseUiState.Editing(storage.text), vm.state.await { it is ChangePassphraseUiState.Editing })
        vm.submit(new, new)
        assertTrue(vm.state.await { it is ChangePassphraseUiState.Done } is ChangePassphraseUiState.Done)

        repository.methods += UnlockMethod.Biometrics
        repository.rekeyBiometricFailure = OtpKitFailure(FailureKind.Cancelled, ErrorText.of("cancelled"))
        val again = ChangePassphraseViewModel(repository, settings, scope)
        again.submit(new, new)
        again.state.await { it is ChangePassphraseUiState.Editing }
        repository.failNext = storage
        again.submitWithoutBiometrics(new, new)
        assertEquals(ChangePassphraseUiState.Editing(storage.text), again.state.await { it is ChangePassphraseUiState.Editing && it.problem == storage.text })
        assertTrue(settings.biometricUnlock, "nothing changed, nothing remembered")
    }

    @Test
    fun `a new visit starts with nothing typed and nothing said`() = vmTest { scope ->
        val vm = ChangePassphraseViewModel(repository, settings, scope)
        vm.submit("short", "short")
        vm.reset()
        assertEquals(ChangePassphraseUiState.Editing(null), vm.state.value)
        vm.submit(new, new)
        vm.state.await { it is ChangePassphraseUiState.Done }
        vm.reset()
        assertEquals(ChangePassphraseUiState.Editing(null), vm.state.value)
        vm.submit(new, new)
        assertEquals(2, repository.count("changePassphrase"), "a second change on the next visit")
    }
}
