import Foundation
import OtpKitPresentation

func unlockTests(_ suite: Suite) async {
    await suite.test("unlock: first run asks for a passphrase, creates the vault with it, then adds Face ID") {
        let repository = TestRepository(clock: TestClock(0))
        let opener = TestVaultOpener(repository, exists: false)
        let vm = UnlockViewModel(opener: opener)
        try expectEqual(vm.states.value, .choosePassphrase(problem: nil))
        await vm.create(passphrase: "short", repeated: "short")
        guard case .choosePassphrase(let problem?) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
        try expect(problem.hasPrefix("Use at least 10 characters"), problem)
        await vm.create(passphrase: "correct horse battery", repeated: "correct horse batery")
        try expectEqual(vm.states.value, .choosePassphrase(problem: "The two passphrases differ: type the same one twice"))
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
        try expect(message.hasSuffix("no biometrics enrolled"), message)
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
        guard case .locked(let locked?) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
        try expect(locked.contains("Face ID changed") && locked.hasSuffix(UnlockViewModel.usePassphrase), locked)

        await vm.unlockWithPassphrase("wrong passphrase")
        try expectEqual(vm.states.value, .locked(message: "wrong passphrase"))
        await vm.unlockWithPassphrase("correct horse battery")
        try expectEqual(vm.states.value, .unlocked(suggestion: .enableBiometrics, message: UnlockViewModel.biometricsBroken))

        await repository.set { $0.biometricKeyWorks = false }
        await vm.enableBiometrics()
        try expectEqual(
            vm.states.value, .unlocked(suggestion: .enableBiometrics, message: "unavailable: no biometrics enrolled"),
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
        try expectEqual(vm.states.value, .locked(message: "Type your passphrase"))
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
        try expectEqual(vm.states.value, .unlocked(suggestion: .setPassphrase, message: UnlockViewModel.noPassphrase))
        await vm.setPassphrase("correct horse battery", repeated: "other")
        try expectEqual(
            vm.states.value, .unlocked(suggestion: .setPassphrase, message: "The two passphrases differ: type the same one twice"))
        try expectEqual(await repository.count("setPassphrase"), 0)
        await vm.setPassphrase("correct horse battery", repeated: "correct horse battery")
        try expectEqual(vm.states.value, .unlocked(suggestion: nil, message: nil))
        try expectEqual(await repository.passphrase, "correct horse battery")
        try expectEqual(await repository.methods, [.passphrase, .biometrics])
    }
}
