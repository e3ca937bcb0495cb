import Foundation
import OtpKitPresentation

func unlockTests(_ suite: Suite) async {
    await suite.test("unlock: closing the Face ID sheet says nothing and does not count as a broken key") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.passphrase = "correct horse battery"; $0.methods = [.passphrase, .biometrics] }
        let opener = TestVaultOpener(repository, exists: true)
        let vm = UnlockViewModel(opener: opener)
        opener.promptClosed = true
        await vm.unlockWithBiometrics()
        try expectEqual(vm.states.value, .locked(message: nil))
        await vm.unlockWithPassphrase("correct horse battery")
        try expectEqual(vm.states.value, .unlocked(suggestion: nil, message: nil), "Face ID still works: nothing to offer")
    }

    await suite.test("unlock: first run asks for a passphrase, creates the vault with it, then adds Face ID") {
        let repository = TestRepository(clock: TestClock(0))
        let opener = TestVaultOpener(repository, exists: false)
        let vm = UnlockViewModel(opener: opener)
        try expectEqual(vm.states.value, .choosePassphrase(problem: nil))
        await vm.create(passphrase: "short", repeated: "short")
        try expectEqual(vm.states.value, .choosePassphrase(problem: Texts.passphraseTooShort(min: 10)))
        await vm.create(passphrase: "correct horse battery", repeated: "correct horse batery")
        try expectEqual(vm.states.value, .choosePassphrase(problem: Texts.passphrasesDiffer))
        try expectEqual(opener.calls, [], "nothing is created until the passphrase is accepted")

        await vm.create(passphrase: "correct horse battery", repeated: "correct horse battery")
        try expectEqual(vm.states.value, .unlocked(suggestion: nil, message: nil))
        try expect(await vm.repository != nil, "the open vault is handed out")
        try expectEqual(await repository.passphrase, "correct horse battery")
        try expectEqual(await repository.methods, [.passphrase, .biometrics])
        try expectEqual(await repository.calls, ["enableBiometricUnlock"])
    }

    await suite.test("unlock: without usable biometrics first run still makes a passphrase vault and offers Face ID later") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.biometricKeyWorks = false }
        let vm = UnlockViewModel(opener: TestVaultOpener(repository, exists: false))
        await vm.create(passphrase: "correct horse battery", repeated: "correct horse battery")
        guard case .unlocked(.enableBiometrics, let message?) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
        try expectEqual(message, Texts.unlockBiometricsNotOnIos(reason: ErrorText.of("keystore_unavailable")), "the reason follows")
        try expectEqual(await repository.methods, [.passphrase])
        await vm.dismissSuggestion()
        try expectEqual(vm.states.value, .unlocked(suggestion: nil, message: nil))
    }

    await suite.test("unlock: after a Face ID change the passphrase opens the vault and Face ID can be turned on again") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.passphrase = "correct horse battery"; $0.methods = [.passphrase, .biometrics] }
        let opener = TestVaultOpener(repository, exists: true)
        let vm = UnlockViewModel(opener: opener)
        try expectEqual(vm.states.value, .locked(message: nil))

        opener.biometricKeyLost = true
        await vm.unlockWithBiometrics()
        try expectEqual(
            vm.states.value, .locked(message: ErrorText.of("keystore_unavailable")), "the reason, which says to use the passphrase")

        await vm.unlockWithPassphrase("wrong passphrase")
        try expectEqual(vm.states.value, .locked(message: ErrorText.of("wrong_passphrase")))
        await vm.unlockWithPassphrase("correct horse battery")
        try expectEqual(vm.states.value, .unlocked(suggestion: .enableBiometrics, message: Texts.unlockBiometricsBrokenIos))

        await repository.set { $0.biometricKeyWorks = false }
        await vm.enableBiometrics()
        try expectEqual(
            vm.states.value, .unlocked(suggestion: .enableBiometrics, message: ErrorText.of("keystore_unavailable")),
            "a failed re-enable keeps the offer")
        await repository.set { $0.biometricKeyWorks = true }
        await vm.enableBiometrics()
        try expectEqual(vm.states.value, .unlocked(suggestion: nil, message: nil))
        try expectEqual(await repository.count("enableBiometricUnlock"), 2)
    }

    await suite.test("unlock: a passphrase unlock with Face ID working goes straight to the codes") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.passphrase = "correct horse battery"; $0.methods = [.passphrase, .biometrics] }
        let vm = UnlockViewModel(opener: TestVaultOpener(repository, exists: true))
        await vm.unlockWithPassphrase("")
        try expectEqual(vm.states.value, .locked(message: Texts.unlockPassphraseEmpty))
        await vm.unlockWithPassphrase("correct horse battery")
        try expectEqual(vm.states.value, .unlocked(suggestion: nil, message: nil))
        await vm.unlockWithBiometrics()
        try expectEqual(vm.states.value, .unlocked(suggestion: nil, message: nil))
    }

    await suite.test("unlock: a Face ID-only vault from an older first run is asked for a passphrase") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.methods = [.biometrics] }
        let vm = UnlockViewModel(opener: TestVaultOpener(repository, exists: true))
        await vm.unlockWithBiometrics()
        try expectEqual(vm.states.value, .unlocked(suggestion: .setPassphrase, message: Texts.unlockNoPassphraseIos))
        await vm.setPassphrase("correct horse battery", repeated: "other")
        try expectEqual(vm.states.value, .unlocked(suggestion: .setPassphrase, message: Texts.passphrasesDiffer))
        try expectEqual(await repository.count("setPassphrase"), 0)
        await vm.setPassphrase("correct horse battery", repeated: "correct horse battery")
        try expectEqual(vm.states.value, .unlocked(suggestion: nil, message: nil))
        try expectEqual(await repository.passphrase, "correct horse battery")
        try expectEqual(await repository.methods, [.passphrase, .biometrics])
    }

    await suite.test("unlock: Face ID unlock that is off reads right in every language") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.passphrase = "correct horse battery" }
        let vm = UnlockViewModel(opener: TestVaultOpener(repository, exists: true))
        await vm.unlockWithPassphrase("correct horse battery")
        try expectEqual(vm.states.value, .unlocked(suggestion: .enableBiometrics, message: Texts.unlockBiometricsOffIos))
        try expectEqual(Catalogs.render(Texts.unlockBiometricsOffIos, "en"), "Face ID unlock is off.")
        try expectEqual(Catalogs.render(Texts.unlockBiometricsOffIos, "nl"), "Ontgrendelen met Face ID staat uit.")
        try expectEqual(Catalogs.render(Texts.unlockBiometricsOffIos, "fr"), "Le déverrouillage par Face ID est désactivé.")
    }

    await suite.test("unlock: the problems read right in Dutch and French, with the failure's own words") {
        let short = try unwrap(UnlockViewModel.passphraseProblem("short", repeated: "short"))
        try expectEqual(
            Catalogs.render(short, "nl"),
            "Gebruik minstens 10 tekens: deze wachtwoordzin opent je accounts, ook als je vingerafdrukken of gezicht veranderen.")
        try expectEqual(
            Catalogs.render(short, "fr"),
            "Utilisez au moins 10 caractères : cette phrase secrète ouvre vos comptes même si vos empreintes ou votre visage changent.")
        try expectEqual(
            Catalogs.render(try unwrap(UnlockViewModel.passphraseProblem("correct horse", repeated: "correct house")), "fr"),
            "Les deux phrases secrètes sont différentes. Saisissez deux fois la même.")
        let notOn = Texts.unlockBiometricsNotOnIos(reason: ErrorText.of("keystore_unavailable"))
        try expectEqual(
            Catalogs.render(notOn, "nl"),
            "Je accounts zijn klaar en je wachtwoordzin opent ze. Ontgrendelen met Face ID kon niet worden aangezet. "
                + Catalogs.render(ErrorText.of("keystore_unavailable"), "nl"))
        try expect(
            Catalogs.render(notOn, "fr").hasSuffix(
                "Déverrouillez avec votre phrase secrète ; si vos empreintes ou votre visage ont changé, réactivez ensuite le déverrouillage biométrique."),
            Catalogs.render(notOn, "fr"))
        for text in [Texts.unlockNoPassphraseIos, Texts.unlockBiometricsBrokenIos, Texts.unlockPassphraseEmpty] {
            for lang in Catalogs.languages {
                let rendered = Catalogs.render(text, lang)
                try expect(rendered != text.key && !rendered.contains("{"), "\(lang): \(rendered)")
            }
        }
    }
}
