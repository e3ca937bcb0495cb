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
        assertEquals(UnlockUiState.ChoosePassphrase(Texts.passphraseTooShort(10)), vm.state.value)
        vm.create("correct horse battery", "correct horse batery")
        assertEquals(UnlockUiState.ChoosePassphrase(Texts.passphrasesDiffer), vm.state.value)
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
        assertEquals(Texts.unlockBiometricsNotOnAndroid(ErrorText.of("keystore_unavailable")), unlocked.message, "the reason follows")
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
        assertEquals(ErrorText.of("keystore_unavailable"), locked.message, "the reason, which says to use the passphrase")

        vm.unlockWithPassphrase("wrong passphrase")
        val wrong = UnlockUiState.Locked(ErrorText.of("wrong_passphrase"))
        assertEquals(wrong, vm.state.await { it == wrong })

        vm.unlockWithPassphrase("correct horse battery")
        val unlocked = vm.state.await { it is UnlockUiState.Unlocked } as UnlockUiState.Unlocked
        assertEquals(UnlockSuggestion.EnableBiometrics, unlocked.suggestion)
        assertEquals(Texts.unlockBiometricsBrokenAndroid, unlocked.message)

        repository.biometricKeyWorks = false
        vm.enableBiometrics()
        val refused = vm.state.await { it is UnlockUiState.Unlocked && it.message != Texts.unlockBiometricsBrokenAndroid } as UnlockUiState.Unlocked
        assertEquals(UnlockSuggestion.EnableBiometrics, refused.suggestion, "a failed re-enable keeps the offer")
        assertEquals(ErrorText.of("keystore_unavailable"), refused.message)

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
        assertEquals(UnlockUiState.Locked(Texts.unlockPassphraseEmpty), vm.state.value)
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
        assertEquals(Texts.unlockNoPassphraseAndroid, unlocked.message)
        vm.setPassphrase("correct horse battery", "other")
        assertEquals(Texts.passphrasesDiffer, (vm.state.value as UnlockUiState.Unlocked).message)
        assertEquals(0, repository.count("setPassphrase"))
        vm.setPassphrase("correct horse battery", "correct horse battery")
        assertEquals(UnlockUiState.Unlocked(repository, null, null), vm.state.await { (it as? UnlockUiState.Unlocked)?.suggestion == null })
        assertEquals("correct horse battery", repository.passphrase)
        assertEquals(setOf(UnlockMethod.Passphrase, UnlockMethod.Biometrics), repository.methods)
    }

    @Test
    fun `a biometric unlock that is off reads right in every language`() = vmTest { scope ->
        repository.passphrase = "correct horse battery"
        val vm = UnlockViewModel(TestVaultOpener(repository, exists = true), scope)
        vm.unlockWithPassphrase("correct horse battery")
        val unlocked = vm.state.await { it is UnlockUiState.Unlocked } as UnlockUiState.Unlocked
        assertEquals(Texts.unlockBiometricsOffAndroid, unlocked.message)
        assertEquals("Biometric unlock is off.", Catalogs.render(unlocked.message!!, "en"))
        assertEquals("Biometrische ontgrendeling staat uit.", Catalogs.render(unlocked.message!!, "nl"))
        assertEquals("Le déverrouillage biométrique est désactivé.", Catalogs.render(unlocked.message!!, "fr"))
    }

    @Test
    fun `the unlock screen's problems read right in Dutch and French, with the failure's own words`() {
        val short = UnlockViewModel.passphraseProblem("short", "short")!!
        assertEquals(
            "Gebruik minstens 10 tekens: deze wachtwoordzin opent je accounts, ook als je vingerafdrukken of gezicht veranderen.",
            Catalogs.render(short, "nl"),
        )
        assertEquals(
            "Utilisez au moins 10 caractères : cette phrase secrète ouvre vos comptes même si vos empreintes ou votre visage changent.",
            Catalogs.render(short, "fr"),
        )
        assertEquals("Les deux phrases secrètes sont différentes. Saisissez deux fois la même.", Catalogs.render(UnlockViewModel.passphraseProblem("correct horse", "correct house")!!, "fr"))
        val notOn = Texts.unlockBiometricsNotOnAndroid(ErrorText.of("keystore_unavailable"))
        assertEquals(
            "Je accounts zijn klaar en je wachtwoordzin opent ze. Biometrische ontgrendeling kon niet worden aangezet. " +
                Catalogs.render(ErrorText.of("keystore_unavailable"), "nl"),
            Catalogs.render(notOn, "nl"),
        )
        assertTrue(Catalogs.render(notOn, "fr").endsWith("Déverrouillez avec votre phrase secrète ; si vos empreintes ou votre visage ont changé, réactivez ensuite le déverrouillage biométrique."))
        for (text in listOf(Texts.unlockNoPassphraseAndroid, Texts.unlockBiometricsBrokenAndroid, Texts.unlockPassphraseEmpty)) {
            for (lang in Catalogs.languages) {
                val rendered = Catalogs.render(text, lang)
                assertTrue(rendered != text.key && '{' !in rendered, "$lang: $rendered")
            }
        }
    }

    @Test
    fun `closing the biometric prompt says nothing and does not count as a broken key`() = vmTest { scope ->
        repository.passphrase = "correct horse battery"
        repository.methods += UnlockMethod.Biometrics
        val opener = TestVaultOpener(repository, exists = true)
        val vm = UnlockViewModel(opener, scope)
        opener.promptClosed = true
        vm.unlockWithBiometrics()
        assertEquals(UnlockUiState.Locked(null), vm.state.await { it is UnlockUiState.Locked })
        vm.unlockWithPassphrase("correct horse battery")
        val unlocked = vm.state.await { it is UnlockUiState.Unlocked } as UnlockUiState.Unlocked
        assertNull(unlocked.suggestion, "biometrics still work: nothing to offer")
    }
}
