import Foundation
import OtpKitPresentation

extension SettingsUiState {
    var form: SettingsForm? {
        if case .ready(let form) = self { return form }
        return nil
    }
}

private func settled(_ vm: SettingsViewModel) async throws -> SettingsForm {
    try await awaitState(vm.states) { $0.form.map { !$0.working } ?? false }.form!
}

func settingsTests(_ suite: Suite) async {
    await suite.test("settings: the vault's unlock methods, the delay, the correction and the last check") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set {
            $0.methods = [.passphrase, .biometrics]
            $0.driftReport = DriftReport(status: .warn, message: "core's English", offsetMs: -12_000, fresh: true)
        }
        let settings = TestSettingsStore(autoLock: .minutes5)
        let vm = SettingsViewModel(repository: repository, settings: settings)
        await vm.load()
        let form = try unwrap(vm.states.value.form)
        try expect(form.biometrics, "Face ID on")
        try expectEqual(form.autoLock, .minutes5)
        try expectEqual(form.clockCorrectionMs, nil)
        try expectEqual(form.clockCorrectionText, Texts.settingsClockCorrectionOff)
        try expectEqual(form.lastCheck, DriftBanner.title(offsetMs: -12_000))
        try expectEqual(form.autoLockChoices, AutoLockDelay.allCases)
    }

    await suite.test("settings: Face ID turns off, then on again, and the choice is remembered") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.methods = [.passphrase, .biometrics] }
        let settings = TestSettingsStore()
        let vm = SettingsViewModel(repository: repository, settings: settings)
        await vm.load()
        await vm.setBiometrics(false)
        let off = try unwrap(vm.states.value.form)
        try expect(!off.biometrics, "off")
        try expectEqual(off.message, Texts.settingsBiometricsTurnedOff)
        try expectEqual(await repository.methods, [.passphrase])
        try expect(!settings.biometricUnlock, "remembered off")
        await vm.dismissMessage()
        try expectEqual(vm.states.value.form?.message, nil)
        await vm.setBiometrics(true)
        let on = try unwrap(vm.states.value.form)
        try expect(on.biometrics && settings.biometricUnlock, "on and remembered")
        try expectEqual(on.message, Texts.settingsBiometricsTurnedOn)
    }

    await suite.test("settings: Face ID cannot be turned off while it is the only way in") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.methods = [.biometrics] }
        let vm = SettingsViewModel(repository: repository, settings: TestSettingsStore())
        await vm.load()
        await vm.setBiometrics(false)
        try expectEqual(vm.states.value.form?.message, Texts.settingsBiometricsOnlyWay)
        try expectEqual(await repository.count("disableBiometricUnlock"), 0, "refused before asking the vault")

        // Another process removed the passphrase after the load: the vault's refusal says the same.
        await repository.set { $0.methods = [.passphrase, .biometrics] }
        let vm2 = SettingsViewModel(repository: repository, settings: TestSettingsStore())
        await vm2.load()
        await repository.set { $0.methods = [.biometrics] }
        await vm2.setBiometrics(false)
        try expectEqual(vm2.states.value.form?.message, Texts.settingsBiometricsOnlyWay)
        try expectEqual(vm2.states.value.form?.biometrics, true)
        try expectEqual(await repository.count("disableBiometricUnlock"), 1)
    }

    await suite.test("settings: a failed or cancelled Face ID change keeps the switch as it was") {
        let repository = TestRepository(clock: TestClock(0))
        let settings = TestSettingsStore()
        let vm = SettingsViewModel(repository: repository, settings: settings)
        await vm.load()
        await repository.set { $0.biometricKeyWorks = false }
        await vm.setBiometrics(true)
        try expectEqual(vm.states.value.form?.biometrics, false)
        try expectEqual(vm.states.value.form?.message, ErrorText.of("keystore_unavailable"))
        await repository.set { $0.failNext = OtpKitFailure(.cancelled, ErrorText.of("cancelled")) }
        await vm.setBiometrics(true)
        try expectEqual(vm.states.value.form?.message, nil, "a closed sheet says nothing")

        await repository.set { $0.methods = [.passphrase, .biometrics] }
        let vm2 = SettingsViewModel(repository: repository, settings: settings)
        await vm2.load()
        let storage = OtpKitFailure(.storage, ErrorText.of("io"))
        await repository.set { $0.failNext = storage }
        await vm2.setBiometrics(false)
        try expectEqual(vm2.states.value.form?.message, storage.text)
        try expectEqual(vm2.states.value.form?.biometrics, true)
        try expect(settings.biometricUnlock, "nothing changed, nothing remembered")
    }

    await suite.test("settings: the auto-lock delay is stored at once") {
        let settings = TestSettingsStore()
        let vm = SettingsViewModel(repository: TestRepository(clock: TestClock(0)), settings: settings)
        await vm.load()
        await vm.setAutoLock(.immediately)
        try expectEqual(vm.states.value.form?.autoLock, .immediately)
        try expectEqual(settings.autoLock, .immediately)
    }

    await suite.test("settings: the clock correction goes on after a check, shows by how much, and goes off") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.driftReport = DriftReport(status: .bad, message: "core's English", offsetMs: 47_000, fresh: true) }
        let vm = SettingsViewModel(repository: repository, settings: TestSettingsStore())
        await vm.load()
        await vm.setClockCorrection(true)
        let on = try unwrap(vm.states.value.form)
        try expectEqual(on.clockCorrectionMs, 47_000)
        try expectEqual(
            Catalogs.render(on.clockCorrectionText, "en"), "On: codes use the time servers' time. Your phone's clock is 47 s slow.")
        try expectEqual(on.lastCheck, DriftBanner.title(offsetMs: 47_000))
        try expectEqual(
            await repository.calls.filter { $0 == "checkClock" || $0 == "turnOnClockCorrection" },
            ["checkClock", "checkClock", "turnOnClockCorrection"], "a manual check, then the correction")
        await vm.setClockCorrection(false)
        try expectEqual(vm.states.value.form?.clockCorrectionMs, nil)
        try expectEqual(await repository.correctionMs, nil)
    }

    await suite.test("settings: a correction the vault refuses says why and stays off") {
        let repository = TestRepository(clock: TestClock(0))
        let refusal = OtpKitFailure(.invalidInput, ErrorText.of("correction_no_agreement"))
        await repository.set {
            $0.driftReport = DriftReport(status: .unknown, message: "offline", offsetMs: nil, fresh: true)
            $0.correctionRefusal = refusal
        }
        let vm = SettingsViewModel(repository: repository, settings: TestSettingsStore())
        await vm.load()
        await vm.setClockCorrection(true)
        let refused = try unwrap(vm.states.value.form)
        try expectEqual(refused.message, refusal.text)
        try expectEqual(refused.clockCorrectionMs, nil)
        try expectEqual(refused.lastCheck, Texts.driftUnknown)
    }

    await suite.test("settings: a correction already on shows at load, and the clock can be checked by hand") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set {
            $0.correctionMs = -3_000
            $0.driftReport = DriftReport(status: .ok, message: "fine", offsetMs: 200, fresh: true)
        }
        let vm = SettingsViewModel(repository: repository, settings: TestSettingsStore())
        await vm.load()
        try expectEqual(vm.states.value.form?.clockCorrectionMs, -3_000)
        try expectEqual(vm.states.value.form?.lastCheck, Texts.driftClockFine)
        await repository.set { $0.driftReport = DriftReport(status: .bad, message: "off", offsetMs: -90_000, fresh: true) }
        await vm.checkClock()
        try expectEqual(vm.states.value.form?.lastCheck, DriftBanner.title(offsetMs: -90_000))
    }

    await suite.test("settings: taps while a change runs are ignored") {
        let repository = TestRepository(clock: TestClock(0))
        let sheet = Sheet()
        await repository.set { $0.biometricSheet = sheet }
        let vm = SettingsViewModel(repository: repository, settings: TestSettingsStore())
        await vm.load()
        let turningOn = Task { await vm.setBiometrics(true) }
        _ = try await awaitState(vm.states) { $0.form?.working == true }
        await vm.setClockCorrection(true)
        await vm.setBiometrics(false)
        await sheet.release()
        await turningOn.value
        try expectEqual(vm.states.value.form?.biometrics, true)
        try expectEqual(await repository.count("turnOnClockCorrection"), 0)
        try expectEqual(await repository.count("disableBiometricUnlock"), 0)
        try expectEqual(await repository.count("enableBiometricUnlock"), 1)
    }

    await suite.test("settings: settings that cannot be read say why and load again on retry") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.failNext = OtpKitFailure(.cancelled, Texts.failureLocked) }
        let vm = SettingsViewModel(repository: repository, settings: TestSettingsStore())
        await vm.load()
        try expectEqual(vm.states.value, .failed(Texts.failureLocked))
        await vm.setBiometrics(true)
        try expectEqual(await repository.count("enableBiometricUnlock"), 0, "nothing to change while failed")
        await vm.retry()
        _ = try await settled(vm)
        await vm.retry()
        try expectEqual(await repository.count("unlockMethods"), 2, "retry only reloads after a failure")
        try expectEqual(SettingsViewModel.lastCheckText(DriftReport(status: .warn, message: "", offsetMs: nil, fresh: true)), Texts.driftUnknown)
    }
}

func changePassphraseTests(_ suite: Suite) async {
    let new = "a new passphrase"

    await suite.test("change passphrase: a short or mistyped passphrase is refused before anything changes") {
        let repository = TestRepository(clock: TestClock(0))
        let vm = ChangePassphraseViewModel(repository: repository, settings: TestSettingsStore())
        await vm.submit("short", repeated: "short")
        try expectEqual(vm.states.value, .editing(problem: Texts.passphraseTooShort(min: 10), offerWithoutBiometrics: false))
        await vm.submit(new, repeated: "a new passfrase")
        try expectEqual(vm.states.value, .editing(problem: Texts.passphrasesDiffer, offerWithoutBiometrics: false))
        try expectEqual(await repository.count("changePassphrase"), 0)
        try expectEqual(
            Catalogs.render(Texts.passphraseTooShort(min: 10), "nl"),
            "Gebruik minstens 10 tekens: deze wachtwoordzin opent je accounts, ook als je vingerafdrukken of gezicht veranderen.")
    }

    await suite.test("change passphrase: a re-key that keeps Face ID when it is on, passphrase only when off") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.methods = [.passphrase, .biometrics] }
        let vm = ChangePassphraseViewModel(repository: repository, settings: TestSettingsStore())
        await vm.submit(new, repeated: new)
        try expectEqual(vm.states.value, .done(biometricsKept: true))
        try expectEqual(ChangePassphraseUiState.doneText(biometricsKept: true), Texts.changePassphraseDone)
        try expectEqual(await repository.rekeys.map { "\($0.0) \($0.1)" }, ["\(new) true"])
        await vm.submit("another one!", repeated: "another one!")
        try expectEqual(await repository.count("changePassphrase"), 1, "done: nothing more to submit")

        let plain = TestRepository(clock: TestClock(0))
        let vm2 = ChangePassphraseViewModel(repository: plain, settings: TestSettingsStore())
        await vm2.submit(new, repeated: new)
        try expectEqual(vm2.states.value, .done(biometricsKept: false))
        try expectEqual(await plain.rekeys.map { "\($0.0) \($0.1)" }, ["\(new) false"])
    }

    await suite.test("change passphrase: a closed sheet changes nothing, and the user may change it without Face ID") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set {
            $0.methods = [.passphrase, .biometrics]
            $0.rekeyBiometricFailure = OtpKitFailure(.cancelled, ErrorText.of("cancelled"))
        }
        let settings = TestSettingsStore()
        let vm = ChangePassphraseViewModel(repository: repository, settings: settings)
        await vm.submitWithoutBiometrics(new, repeated: new)
        try expectEqual(await repository.count("changePassphrase"), 0, "not offered yet")
        await vm.submit(new, repeated: new)
        try expectEqual(vm.states.value, .editing(problem: Texts.changePassphrasePromptClosed, offerWithoutBiometrics: true))
        await vm.submitWithoutBiometrics(new, repeated: "typo")
        try expectEqual(vm.states.value, .editing(problem: Texts.passphrasesDiffer, offerWithoutBiometrics: true))
        await vm.submitWithoutBiometrics(new, repeated: new)
        try expectEqual(vm.states.value, .done(biometricsKept: false))
        try expect(!settings.biometricUnlock, "remembered: Face ID is not offered at unlock")
        try expectEqual(await repository.methods, [.passphrase])
    }

    await suite.test("change passphrase: a refusing key store offers the same way out; other failures show their text") {
        let repository = TestRepository(clock: TestClock(0))
        let refused = OtpKitFailure(.keyUnavailable, ErrorText.of("keystore_unavailable"))
        await repository.set {
            $0.methods = [.passphrase, .biometrics]
            $0.rekeyBiometricFailure = refused
        }
        let vm = ChangePassphraseViewModel(repository: repository, settings: TestSettingsStore())
        await vm.submit(new, repeated: new)
        try expectEqual(vm.states.value, .editing(problem: refused.text, offerWithoutBiometrics: true))

        let storage = OtpKitFailure(.storage, ErrorText.of("io"))
        let settings = TestSettingsStore()
        await repository.set { $0.failNext = storage }
        await vm.submitWithoutBiometrics(new, repeated: new)
        try expectEqual(vm.states.value, .editing(problem: storage.text, offerWithoutBiometrics: false))
        try expect(settings.biometricUnlock, "nothing changed")

        let plain = TestRepository(clock: TestClock(0))
        await plain.set { $0.failNext = storage }
        let vm2 = ChangePassphraseViewModel(repository: plain, settings: settings)
        await vm2.submit(new, repeated: new)
        try expectEqual(vm2.states.value, .editing(problem: storage.text, offerWithoutBiometrics: false))
        await vm2.submit(new, repeated: new)
        try expectEqual(vm2.states.value, .done(biometricsKept: false), "the user can try again")
    }
}

func transferTests(_ suite: Suite) async {
    await suite.test("transfer: the format carries 6 or 8 digits, 30 s or HOTP, and no Steam") {
        let totp = account("a", "GitHub", "ada")
        try expectEqual(TransferViewModel.whyNot(totp), nil)
        var eight = totp
        eight.digits = 8
        try expectEqual(TransferViewModel.whyNot(eight), nil)
        try expectEqual(TransferViewModel.whyNot(account("h", nil, "router", period: nil)), nil)
        var steam = totp
        steam.type = .steam
        steam.digits = 5
        try expectEqual(TransferViewModel.whyNot(steam), Texts.transferLeftSteam)
        var slow = totp
        slow.periodSeconds = 60
        try expectEqual(TransferViewModel.whyNot(slow), Texts.transferLeftPeriod(period: 60))
        var seven = totp
        seven.digits = 7
        try expectEqual(TransferViewModel.whyNot(seven), Texts.transferLeftDigits(digits: 7))
        try expectEqual(
            Catalogs.render(Texts.transferLeftPeriod(period: 60), "nl"), "De codes wisselen elke 60 s; overzetcodes ondersteunen alleen 30 s.")
    }

    await suite.test("transfer: the accounts left out are listed with why, and no code shows before the warning") {
        var steam = account("s", "Steam", "gamer")
        steam.type = .steam
        steam.digits = 5
        let slow = account("b", "Bank", "ada", period: 60)
        let repository = TestRepository(
            clock: TestClock(0), accounts: [account("a", "GitHub", "ada"), steam, slow, account("c", nil, "router", period: nil)])
        let vm = TransferViewModel(repository: repository)
        await vm.load()
        guard case .ready(let movable, let leftOut) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
        try expectEqual(movable.map(\.id), ["a", "c"])
        try expectEqual(leftOut, [LeftOut(account: steam, reason: Texts.transferLeftSteam), LeftOut(account: slow, reason: Texts.transferLeftPeriod(period: 60))])
        try expectEqual(TransferUiState.note(movable: movable, leftOut: leftOut), nil)
        try expectEqual(await repository.count("transferCodes"), 0)
    }

    await suite.test("transfer: one code at a time, with next, previous and code 1 of 3, and done clears them all") {
        let repository = TestRepository(clock: TestClock(0), accounts: (1...5).map { account("\($0)", "Issuer", "user\($0)") })
        let vm = TransferViewModel(repository: repository)
        await vm.load()
        await vm.show()
        guard case .showing(let first, _) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
        try expectEqual(await repository.transferRequests, [["1", "2", "3", "4", "5"]])
        try expectEqual(TransferUiState.position(first), Texts.transferCodeOf(index: 1, count: 3))
        try expectEqual(Catalogs.render(TransferUiState.position(first), "nl"), "Code 1 van 3")
        try expect(first.isDark(row: 0, column: 1), "modules")
        await vm.previous()
        try expectEqual(vm.states.value, .showing(first, leftOut: []), "nothing before the first")
        await vm.next()
        await vm.next()
        guard case .showing(let last, _) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
        try expectEqual(last.index, 2)
        await vm.next()
        try expectEqual(vm.states.value, .showing(last, leftOut: []), "nothing after the last")
        await vm.previous()
        guard case .showing(let middle, _) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
        try expectEqual(middle.description, "TransferCode(2 of 3, 2 accounts, <redacted>)")
        await vm.finish()
        try expectEqual(vm.states.value, .finished)
        for code in await repository.transferred {
            for row in 0..<code.size { for column in 0..<code.size where code.isDark(row: row, column: column) { throw Failure(description: "not cleared") } }
        }
    }

    await suite.test("transfer: with nothing the codes can carry there is nothing to show, and the note says why") {
        let empty = TransferViewModel(repository: TestRepository(clock: TestClock(0)))
        await empty.load()
        try expectEqual(empty.states.value, .ready(movable: [], leftOut: []))
        try expectEqual(TransferUiState.note(movable: [], leftOut: []), Texts.transferNoAccounts)
        await empty.show()
        try expectEqual(empty.states.value, .ready(movable: [], leftOut: []))
        let slow = account("b", "Bank", "ada", period: 60)
        let repository = TestRepository(clock: TestClock(0), accounts: [slow])
        let vm = TransferViewModel(repository: repository)
        await vm.load()
        guard case .ready(let movable, let leftOut) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
        try expectEqual(TransferUiState.note(movable: movable, leftOut: leftOut), Texts.transferNoneMovable)
        await vm.show()
        try expectEqual(await repository.count("transferCodes"), 0)
    }

    await suite.test("transfer: codes the vault cannot make say why, and retry starts over; unreadable accounts too") {
        let repository = TestRepository(clock: TestClock(0), accounts: [account("a", "GitHub", "ada")])
        let vm = TransferViewModel(repository: repository)
        await vm.load()
        let tooLong = OtpKitFailure(.invalidInput, ErrorText.of("export_account_too_large", position: 1))
        await repository.set { $0.failNext = tooLong }
        await vm.show()
        try expectEqual(vm.states.value, .failed(tooLong.text))
        await vm.retry()
        await vm.show()
        guard case .showing = vm.states.value else { throw Failure(description: "\(vm.states.value)") }

        await repository.set { $0.failNext = OtpKitFailure(.cancelled, Texts.failureLocked) }
        let locked = TransferViewModel(repository: repository)
        await locked.load()
        try expectEqual(locked.states.value, .failed(Texts.failureLocked))
        await locked.next()
        await locked.show()
        try expectEqual(locked.states.value, .failed(Texts.failureLocked))
    }
}

func restoreTests(_ suite: Suite) async {
    await suite.test("restore: a protected backup asks for its passphrase until it is right, then says what came in") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.importPassword = "old phone passphrase" }
        let vm = RestoreViewModel(repository: repository)
        try expectEqual(vm.states.value, .pickFile(problem: nil))
        await vm.filePicked(TestFile { Data([1, 2, 3]) })
        try expectEqual(vm.states.value, .password(wrong: false, problem: nil))
        await vm.submitPassword("")
        try expectEqual(vm.states.value, .password(wrong: false, problem: Texts.restoreTypePassword))
        await vm.submitPassword("wrong")
        try expectEqual(vm.states.value, .password(wrong: true, problem: ErrorText.of("import_wrong_password")))
        await vm.submitPassword("old phone passphrase")
        guard case .restored(let report) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
        try expectEqual(report.addedCount, 1)
        try expect(!RestoreUiState.nothingAdded(report), "something came in")
        try expectEqual(await repository.importPasswords, [nil, "wrong", "old phone passphrase"])
    }

    await suite.test("restore: an unreadable or damaged file asks for another, and the next one can restore") {
        let repository = TestRepository(clock: TestClock(0))
        let vm = RestoreViewModel(repository: repository)
        await vm.filePicked(TestFile { throw Failure(description: "the file is gone") })
        try expectEqual(vm.states.value, .pickFile(problem: Texts.restoreFileUnreadable))
        try expectEqual(await repository.count("importBackup"), 0)
        let unknown = OtpKitFailure(.invalidInput, ErrorText.of("import_unknown_format"))
        await repository.set { $0.failNext = unknown }
        await vm.filePicked(TestFile { Data([9, 9]) })
        try expectEqual(vm.states.value, .pickFile(problem: unknown.text))
        await vm.submitPassword("x")
        try expectEqual(await repository.count("importBackup"), 1, "no password step after a damaged file")
        await vm.filePicked(TestFile { Data([4]) })
        guard case .restored = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
    }

    await suite.test("restore: a backup with nothing new offers another file, and so does Back from the passphrase") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.addResult = ImportResult(added: [], duplicates: ["GitHub: ada"], normalised: [], rejected: []) }
        let vm = RestoreViewModel(repository: repository)
        await vm.filePicked(TestFile { Data([1]) })
        guard case .restored(let report) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
        try expect(RestoreUiState.nothingAdded(report), "nothing came in")
        await vm.pickAnother()
        try expectEqual(vm.states.value, .pickFile(problem: nil))
        await repository.set { $0.importPassword = "secret passphrase" }
        await vm.filePicked(TestFile { Data([5, 6]) })
        await vm.pickAnother()
        try expectEqual(vm.states.value, .pickFile(problem: nil))
        await vm.submitPassword("secret passphrase")
        try expectEqual(vm.states.value, .pickFile(problem: nil), "no file, no password")
    }

    await suite.test("restore: a locked vault mid-restore says nothing and starts over") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.failNext = OtpKitFailure(.cancelled, Texts.failureLocked) }
        let vm = RestoreViewModel(repository: repository)
        await vm.filePicked(TestFile { Data([1]) })
        try expectEqual(vm.states.value, .pickFile(problem: nil))
        await vm.filePicked(TestFile { Data([1]) })
        await vm.filePicked(TestFile { Data([2]) })
        try expectEqual(await repository.count("importBackup"), 2, "a pick once restored is ignored")
    }
}

func unlockPreferenceTests(_ suite: Suite) async {
    await suite.test("unlock: Face ID turned off in the settings is not offered again after a passphrase unlock") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.passphrase = "correct horse battery" }
        let vm = UnlockViewModel(opener: TestVaultOpener(repository, exists: true), settings: TestSettingsStore(biometricUnlock: false))
        await vm.unlockWithPassphrase("correct horse battery")
        try expectEqual(vm.states.value, .unlocked(suggestion: nil, message: nil))
    }

    await suite.test("unlock: Face ID wanted but off is offered, and turning it on is remembered") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.passphrase = "correct horse battery" }
        let settings = TestSettingsStore(biometricUnlock: true)
        let vm = UnlockViewModel(opener: TestVaultOpener(repository, exists: true), settings: settings)
        await vm.unlockWithPassphrase("correct horse battery")
        guard case .unlocked(.enableBiometrics, _) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
        settings.biometricUnlock = false
        await vm.enableBiometrics()
        try expect(settings.biometricUnlock, "remembered on")
    }

    await suite.test("unlock: a Face ID key lost after a change is offered again even when the choice was off") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.passphrase = "correct horse battery"; $0.methods = [.passphrase, .biometrics] }
        let opener = TestVaultOpener(repository, exists: true)
        opener.biometricKeyLost = true
        let vm = UnlockViewModel(opener: opener, settings: TestSettingsStore(biometricUnlock: false))
        await vm.unlockWithBiometrics()
        await vm.unlockWithPassphrase("correct horse battery")
        guard case .unlocked(.enableBiometrics, _) = vm.states.value else { throw Failure(description: "the user just tried Face ID: \(vm.states.value)") }
    }
}

func visitTests(_ suite: Suite) async {
    await suite.test("visits: settings read again, and a change of the last visit shows nothing in the new one") {
        let repository = TestRepository(clock: TestClock(0))
        let sheet = Sheet()
        await repository.set { $0.biometricSheet = sheet }
        let vm = SettingsViewModel(repository: repository, settings: TestSettingsStore())
        await vm.load()
        let turningOn = Task { await vm.setBiometrics(true) }
        _ = try await awaitState(vm.states) { $0.form?.working == true }
        await vm.reset()
        let fresh = try unwrap(vm.states.value.form)
        try expect(!fresh.working && fresh.message == nil, "a fresh visit")
        await sheet.release()
        await turningOn.value
        try expectEqual(vm.states.value.form, fresh, "the last visit's change finished without showing here")
        try expect(await repository.methods.contains(.biometrics), "but it was made")
        try expectEqual(await repository.count("unlockMethods"), 2)
    }

    await suite.test("visits: change passphrase starts with nothing typed and nothing said") {
        let repository = TestRepository(clock: TestClock(0))
        let vm = ChangePassphraseViewModel(repository: repository, settings: TestSettingsStore())
        await vm.submit("short", repeated: "short")
        await vm.reset()
        try expectEqual(vm.states.value, .editing(problem: nil, offerWithoutBiometrics: false))
        await vm.submit("a new passphrase", repeated: "a new passphrase")
        await vm.reset()
        await vm.submit("a new passphrase", repeated: "a new passphrase")
        try expectEqual(await repository.count("changePassphrase"), 2, "a second change on the next visit")
    }

    await suite.test("visits: the transfer clears the last visit's codes and reads the accounts again") {
        let repository = TestRepository(
            clock: TestClock(0), accounts: [account("a", "GitHub", "ada"), account("b", "Mail", "ada"), account("c", "Bank", "ada")])
        let vm = TransferViewModel(repository: repository)
        await vm.load()
        await vm.show()
        await vm.reset()
        guard case .ready(let movable, _) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
        try expectEqual(movable.map(\.id), ["a", "b", "c"])
        for code in await repository.transferred {
            for row in 0..<code.size { for column in 0..<code.size where code.isDark(row: row, column: column) { throw Failure(description: "not cleared") } }
        }
    }

    await suite.test("visits: the restore forgets the file waiting for its passphrase") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.importPassword = "secret passphrase" }
        let vm = RestoreViewModel(repository: repository)
        await vm.filePicked(TestFile { Data([7, 7]) })
        await vm.reset()
        try expectEqual(vm.states.value, .pickFile(problem: nil))
        await vm.submitPassword("secret passphrase")
        try expectEqual(await repository.count("importBackup"), 1)
    }
}
