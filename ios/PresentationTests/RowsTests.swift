import Foundation
import OtpKitPresentation

extension Array where Element == Row {
    /// The titles' and lines' texts, in order.
    var texts: [UiText] {
        compactMap {
            switch $0 {
            case .title(let text), .line(let text, _): return text
            default: return nil
            }
        }
    }

    var labels: [UiText] {
        compactMap { if case .button(let label, _, _) = $0 { return label } else { return nil } }
    }

    func has(_ text: UiText, _ tone: Tone) -> Bool {
        contains { if case .line(text, tone) = $0 { return true } else { return false } }
    }

    var busy: Bool { contains { if case .busy = $0 { return true } else { return false } } }

    func tap(_ label: UiText, _ fields: Fields = Fields(), line: Int = #line) async throws {
        for row in self {
            if case .button(label, _, let action) = row { return await action(fields) }
        }
        throw Failure(description: "line \(line): no button \(label.key) in \(labels.map(\.key))")
    }

    func primary(_ label: UiText) -> Bool? {
        for row in self { if case .button(label, let primary, _) = row { return primary } }
        return nil
    }

    var toggles: [(on: Bool, enabled: Bool, action: @Sendable (Bool) async -> Void)] {
        compactMap { if case .toggle(_, let on, let enabled, let action) = $0 { return (on, enabled, action) } else { return nil } }
    }
}

func rowsTests(_ suite: Suite) async {
    await suite.test("rows: the welcome offers the three ways in, the ways in again once the vault is made") {
        let chosen = Locked<[FirstRunWay]>([])
        let welcome = JourneyRows.welcome(vaultReady: false) { way in chosen.value.append(way) }
        try expectEqual(welcome.texts.first, Texts.welcomeTitle)
        try expectEqual(welcome.labels, [Texts.welcomeRestore, Texts.welcomeTransfer, Texts.welcomeFresh])
        for label in welcome.labels { try await welcome.tap(label) }
        try expectEqual(chosen.value, [.restore, .transfer, .fresh])
        try expectEqual(welcome.primary(Texts.welcomeFresh), false, "start fresh is the quiet choice")
        let again = JourneyRows.welcome(vaultReady: true) { _ in }
        try expectEqual(again.texts.first, Texts.waysInTitle)
        try expect(!again.texts.contains(Texts.welcomeIntro), "no intro")
        try expectEqual(FirstRunWay.allCases.map(JourneyRows.nextStep), [Texts.welcomeNextRestore, Texts.welcomeNextTransfer, Texts.welcomeNextFresh])
    }

    await suite.test("rows: the restore asks for the file, then its passphrase, then says what came in") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.importPassword = "old phone passphrase" }
        let vm = RestoreViewModel(repository: repository)
        let done = Locked(0), otherWay = Locked(0)
        func rows() -> [Row] {
            JourneyRows.restore(vm.states.value, vm: vm, done: { done.value += 1 }, otherWay: { otherWay.value += 1 })
        }
        let pick = rows()
        try expectEqual(pick.texts, [Texts.restoreTitle, Texts.restorePickIntro])
        try await pick.tap(Texts.firstRunOtherWay)
        try expectEqual(otherWay.value, 1)
        for row in pick { if case .pickFile(_, let action) = row { await action(TestFile { Data([1]) }) } }
        let asking = rows()
        try expect(asking.contains { if case .secret(.password, _, false) = $0 { return true } else { return false } }, "the password field")
        try await asking.tap(Texts.restorePasswordButton, Fields([.password: "wrong"]))
        try expect(rows().has(ErrorText.of("import_wrong_password"), .problem), "wrong")
        try await rows().tap(Texts.restorePasswordButton, Fields([.password: "old phone passphrase"]))
        let restored = rows()
        try expect(restored.contains { if case .report = $0 { return true } else { return false } }, "the report")
        try expectEqual(restored.labels, [Texts.firstRunContinue])
        try await restored.tap(Texts.firstRunContinue)
        try expectEqual(done.value, 1)
        let working = JourneyRows.restore(.working, vm: vm, done: {}, otherWay: {})
        try expect(working.busy && working.texts == [Texts.restoreTitle, Texts.restoreWorking], "working")
    }

    await suite.test("rows: a restore that added nothing offers another file or another way first") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.addResult = ImportResult(added: [], duplicates: ["GitHub: ada"], normalised: [], rejected: []) }
        let vm = RestoreViewModel(repository: repository)
        await vm.filePicked(TestFile { Data([1]) })
        let rows = JourneyRows.restore(vm.states.value, vm: vm, done: {}, otherWay: {})
        try expect(rows.has(Texts.restoreNothingAdded, .problem), "nothing added")
        try expectEqual(rows.labels, [Texts.restorePickAnother, Texts.firstRunOtherWay, Texts.firstRunContinue])
        try expectEqual(rows.primary(Texts.firstRunContinue), false)
        try await rows.tap(Texts.restorePickAnother)
        try expectEqual(vm.states.value, .pickFile(problem: nil))
    }

    await suite.test("rows: the settings show each choice, forward each tap, and open their screens") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set {
            $0.methods = [.passphrase, .biometrics]
            $0.driftReport = DriftReport(status: .bad, message: "off", offsetMs: 47_000, fresh: true)
        }
        let settings = TestSettingsStore()
        let vm = SettingsViewModel(repository: repository, settings: settings)
        await vm.load()
        let opened = Locked<[Screen]>([]), locked = Locked(0)
        func rows() -> [Row] {
            JourneyRows.settings(
                vm.states.value, vm: vm, biometricsLabel: Texts.settingsBiometricsIos, open: { opened.value.append($0) },
                lock: { locked.value += 1 })
        }
        let ready = rows()
        try expectEqual(ready.toggles.map(\.on), [true, false])
        try expect(ready.has(Texts.settingsLastCheck(check: DriftBanner.title(offsetMs: 47_000)), .plain), "last check")
        for row in ready {
            if case .choice(_, let options, let selected, _, let action) = row {
                try expectEqual(options, AutoLockDelay.allCases.map(\.label))
                try expectEqual(selected, 2)
                await action(0)
            }
        }
        try expectEqual(settings.autoLock, .immediately)
        await rows().toggles[1].action(true)
        try expect(rows().has(Texts.settingsClockCorrectionOn(drift: DriftBanner.title(offsetMs: 47_000)), .plain), "on")
        await rows().toggles[0].action(false)
        try expect(rows().has(Texts.settingsBiometricsTurnedOff, .plain), "off")
        try await rows().tap(Texts.settingsCheckNow)
        for label in [Texts.settingsChangePassphrase, Texts.settingsExportBackup, Texts.settingsTransferOut] { try await rows().tap(label) }
        try expectEqual(opened.value, [.changePassphrase, .backup, .transferOut])
        try await rows().tap(Texts.settingsLockNow)
        try expectEqual(locked.value, 1)
        let failed = JourneyRows.settings(.failed(Texts.failureLocked), vm: vm, biometricsLabel: Texts.settingsBiometricsIos, open: { _ in }, lock: {})
        try expect(failed.has(Texts.failureLocked, .problem) && failed.labels.contains(Texts.actionTryAgain), "failed")
        try expect(JourneyRows.settings(.loading, vm: vm, biometricsLabel: Texts.settingsBiometricsIos, open: { _ in }, lock: {}).busy, "loading")
    }

    await suite.test("rows: change passphrase takes both fields, offers the way without Face ID, and closes when done") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set {
            $0.methods = [.passphrase, .biometrics]
            $0.rekeyBiometricFailure = OtpKitFailure(.cancelled, ErrorText.of("cancelled"))
        }
        let vm = ChangePassphraseViewModel(repository: repository, settings: TestSettingsStore())
        let closed = Locked(0)
        func rows() -> [Row] { JourneyRows.changePassphrase(vm.states.value, vm: vm, close: { closed.value += 1 }) }
        try expectEqual(rows().labels, [Texts.changePassphraseButton])
        let fields = Fields([.passphrase: "a new passphrase", .repeated: "a new passphrase"])
        try await rows().tap(Texts.changePassphraseButton, fields)
        try expect(rows().has(Texts.changePassphrasePromptClosed, .problem), "prompt closed")
        try await rows().tap(Texts.changePassphraseWithoutBiometrics, fields)
        let done = rows()
        try expectEqual(done.texts, [Texts.changePassphraseTitle, Texts.changePassphraseDoneNoBiometrics])
        try expect(!done.contains { if case .secret = $0 { return true } else { return false } }, "no field left")
        try await done.tap(Texts.actionClose)
        try expectEqual(closed.value, 1)
    }

    await suite.test("rows: the transfer warns before the codes, shows them one at a time, and clears them on leaving") {
        let slow = account("s", "Slow", "ada", period: 60)
        let repository = TestRepository(clock: TestClock(0), accounts: [account("1", "A", "a"), account("2", "B", "b"), account("3", "C", "c"), slow])
        let vm = TransferViewModel(repository: repository)
        await vm.load()
        let closed = Locked(0)
        func rows() -> [Row] { JourneyRows.transferOut(vm.states.value, vm: vm, close: { closed.value += 1 }) }
        let ready = rows()
        try expect(ready.has(Texts.transferWarning, .warning), "warning")
        try expect(ready.has(Texts.transferMoves(count: 3), .plain), "count")
        try expect(ready.has(Texts.transferLeftItem(name: "Slow: ada", reason: Texts.transferLeftPeriod(period: 60)), .plain), "left out")
        try expectEqual(ready.labels, [Texts.transferShow, Texts.actionClose])
        try await ready.tap(Texts.transferShow)
        let first = rows()
        try expect(first.contains { if case .qr(_, Texts.transferCodeDescription(index: 1, count: 2)) = $0 { return true } else { return false } }, "the code")
        try expectEqual(first.labels, [Texts.transferNext])
        try await first.tap(Texts.transferNext)
        try expectEqual(rows().labels, [Texts.actionDone, Texts.transferPrevious])
        try await rows().tap(Texts.actionDone)
        try expectEqual(vm.states.value, .finished)
        try expectEqual(closed.value, 1)
        for code in await repository.transferred {
            for i in 0..<code.size where code.isDark(row: i, column: i) { throw Failure(description: "not cleared") }
        }
        let empty = JourneyRows.transferOut(.ready(movable: [], leftOut: []), vm: vm, close: {})
        try expect(empty.has(Texts.transferNoAccounts, .problem), "nothing to move")
        try expectEqual(JourneyRows.transferOut(.failed(Texts.failureLocked), vm: vm, close: {}).labels, [Texts.actionTryAgain, Texts.actionClose])
    }
}

func visitModelsTests(_ suite: Suite) async {
    await suite.test("visit models: one per entry, kept while the entry is on the stack, dropped after") {
        let world = TestRepository(clock: TestClock(0))
        let settings = TestSettingsStore()
        let session = AppSession(settings: settings, elapsedMs: TestClock(0).read, timer: ManualLockTimer())
        let routes = AppRoutes(vaultExists: { true }, session: session, settings: settings)
        routes.unlocked(world)
        routes.open(.settings)
        guard case .open(let open) = routes.states.value else { throw Failure(description: "not open") }
        let models = VisitModels()
        let made = Locked(0)
        func settingsModel() -> SettingsViewModel {
            models.model(open.key) {
                made.value += 1
                return SettingsViewModel(repository: world, settings: settings)
            }
        }
        let first = settingsModel()
        try expect(settingsModel() === first, "the same for every body of the visit")
        try expectEqual(made.value, 1)
        models.keep(routes.states.value)
        try expect(settingsModel() === first, "kept while on the stack")
        routes.back()
        models.keep(routes.states.value)
        try expect(settingsModel() !== first, "dropped once the entry left")
        routes.lock()
        models.keep(routes.states.value)
        try expectEqual(made.value, 2)
        let header = JourneyRows.transferIn(otherWay: {})
        try expectEqual(header.texts, [Texts.transferInTitle, Texts.transferInIntro])
        try expectEqual(header.labels, [Texts.firstRunOtherWay])
    }
}
