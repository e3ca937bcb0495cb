import Foundation
import OtpKitPresentation

/// A view model over three accounts (two TOTP, one HOTP) at 10 s into a 30 s step.
private func setUp() async -> (CodesViewModel, TestRepository, TestClock, ManualTicker, Task<Void, Never>) {
    let clock = TestClock(1_000_000_000)  // 1_000_000 % 30 == 10: 20 s left in the step
    let repository = TestRepository(
        clock: clock,
        accounts: [
            account("a", "GitHub", "ada@example.com"), account("b", "Zürich Bank", "ada", group: "money"),
            account("c", nil, "router", period: nil),
        ])
    let ticker = ManualTicker()
    let vm = CodesViewModel(repository: repository, nowMillis: clock.read, ticker: ticker)
    let runner = Task { await vm.run() }
    return (vm, repository, clock, ticker, runner)
}

func codesTests(_ suite: Suite) async {
    await suite.test("codes: every account with its code and countdown") {
        let (vm, _, _, _, runner) = await setUp()
        defer { runner.cancel() }
        let list = try await awaitState(vm.states) { $0.list != nil }.list!
        try expectEqual(list.codes.map(\.account.id), ["a", "b", "c"])
        let github = list.codes[0]
        try expectEqual(github.secondsLeft, 20)
        try expect(abs(github.progress! - 20.0 / 30.0) < 1e-9, "progress is 20/30")
        try expectEqual(github.code?.count, 6)
        try expectEqual(github.displayCode, "\(github.code!.prefix(3)) \(github.code!.dropFirst(3))")
        try expectEqual(list.codes[2].code, nil, "HOTP shows no code until asked")
        try expectEqual(list.codes[2].secondsLeft, nil)
    }

    await suite.test("codes: back in the foreground, accounts another process saved appear") {
        let (vm, repository, _, _, runner) = await setUp()
        defer { runner.cancel() }
        _ = try await awaitState(vm.states) { $0.list != nil }
        await repository.set { $0.savedElsewhere = [account("d", "Mail", "ada")] }
        await vm.onForeground()
        let list = try await awaitState(vm.states) { $0.list?.totalAccounts == 4 }.list!
        try expectEqual(list.codes.map(\.account.id), ["a", "b", "c", "d"])
        try expectEqual(await repository.count("reloadIfChanged"), 1)
    }

    await suite.test("codes: a tick moves the countdown without asking Rust again") {
        let (vm, repository, clock, ticker, runner) = await setUp()
        defer { runner.cancel() }
        let first = try await awaitState(vm.states) { $0.list != nil }.list!
        clock.nowMs += 5_500
        await ticker.tick()
        let later = try await awaitState(vm.states) { $0.list?.codes.first?.secondsLeft == 15 }.list!
        try expectEqual(later.codes[0].code, first.codes[0].code)
        try expectEqual(await repository.count("codes"), 1)
    }

    await suite.test("codes: an expired code is fetched again at the step boundary") {
        let (vm, repository, clock, ticker, runner) = await setUp()
        defer { runner.cancel() }
        let first = try await awaitState(vm.states) { $0.list != nil }.list!
        clock.nowMs += 20_000
        await ticker.tick()
        let next = try await awaitState(vm.states) { $0.list?.codes.first?.secondsLeft == 30 }.list!
        try expectEqual(await repository.count("codes"), 2)
        try expectEqual(next.codes[0].displayCode, first.codes[0].nextCode, "the preview became the code")
    }

    await suite.test("codes: search ignores case and accents, every word must match") {
        let (vm, _, _, _, runner) = await setUp()
        defer { runner.cancel() }
        _ = try await awaitState(vm.states) { $0.list != nil }
        await vm.setQuery("  zurich ")
        let found = vm.states.value.list!
        try expectEqual(found.codes.map(\.account.id), ["b"])
        try expectEqual(found.totalAccounts, 3)
        await vm.setQuery("ada MONEY")
        try expectEqual(vm.states.value.list!.codes.map(\.account.id), ["b"])
        await vm.setQuery("nothing like it")
        try expect(vm.states.value.list!.codes.isEmpty, "no match")
    }

    await suite.test("codes: a failure shows its message and retry recovers") {
        let clock = TestClock(1_000_000_000)
        let repository = TestRepository(clock: clock, accounts: [account("a", "GitHub", "ada")])
        await repository.set { $0.failNext = OtpKitFailure(.clockUnusable, ErrorText.of("clock_before_epoch"), message: "the device clock is before 1970: set the date") }
        let vm = CodesViewModel(repository: repository, nowMillis: clock.read, ticker: ManualTicker())
        let runner = Task { await vm.run() }
        defer { runner.cancel() }
        let error = try await awaitState(vm.states) { if case .error = $0 { return true } else { return false } }
        try expectEqual(error, .error(message: ErrorText.of("clock_before_epoch"), kind: .clockUnusable), "the failure's text, not core's English")
        try expectEqual(
            Catalogs.render(ErrorText.of("clock_before_epoch"), "nl"),
            "De datum van deze telefoon staat vóór 1970. Stel de datum en tijd in via de instellingen van je telefoon, of zet automatische datum en tijd aan.")
        await vm.retry()
        try expectEqual(vm.states.value.list?.codes.count, 1)
    }

    await suite.test("codes: a bad clock raises the banner, a good one does not") {
        let (vm, repository, _, _, runner) = await setUp()
        defer { runner.cancel() }
        _ = try await awaitState(vm.states) { $0.list != nil }
        await repository.set {
            $0.driftReport = DriftReport(status: .bad, message: "Codes will be rejected. Turn on Set Automatically.", offsetMs: -47_200, fresh: true)
        }
        await vm.checkClock(manual: false)
        let banner = vm.states.value.list!.banner!
        try expectEqual(banner.severity, .error)
        try expectEqual(banner.title, Texts.driftFast(duration: Texts.durationS(s: 47)))
        try expectEqual(banner.message, Texts.driftAllRejected)
        await repository.set { $0.driftReport = DriftReport(status: .ok, message: "core's English", offsetMs: 300, fresh: true) }
        await vm.checkClock(manual: true)
        try expectEqual(vm.states.value.list!.banner, nil)
        try expectEqual(vm.states.value.list!.notice, Texts.driftClockFine)
        try expectEqual(Catalogs.render(Texts.driftClockFine, "fr"), "L'horloge de votre téléphone est à l'heure.")
        await vm.dismissNotice()
        await repository.set { $0.driftReport = DriftReport(status: .unknown, message: "core's English", offsetMs: nil, fresh: false) }
        await vm.checkClock(manual: true)
        try expectEqual(vm.states.value.list!.notice, Texts.driftUnknown, "offline says so")
        await vm.dismissNotice()
        await vm.checkClock(manual: false)
        try expectEqual(vm.states.value.list!.notice, nil, "an automatic check that finds nothing says nothing")
    }

    await suite.test("codes: delete asks first and the list follows the vault") {
        let (vm, repository, _, _, runner) = await setUp()
        defer { runner.cancel() }
        _ = try await awaitState(vm.states) { $0.list != nil }
        await vm.requestDelete(accountId: "a")
        try expectEqual(vm.states.value.list!.pendingDelete?.id, "a")
        await vm.cancelDelete()
        try expectEqual(await repository.count("remove"), 0)
        await vm.requestDelete(accountId: "a")
        await vm.confirmDelete()
        let after = try await awaitState(vm.states) { $0.list?.totalAccounts == 2 }.list!
        try expectEqual(after.codes.map(\.account.id), ["b", "c"])
        try expectEqual(await repository.count("remove"), 1)
    }

    await suite.test("codes: copy gives the digits, cleared after 30 s, redacted in logs") {
        let (vm, _, clock, _, runner) = await setUp()
        defer { runner.cancel() }
        let code = try await awaitState(vm.states) { $0.list != nil }.list!.codes[0].code!
        let copy = await vm.copy(accountId: "a")!
        try expectEqual(copy.text, code)
        try expectEqual(copy.clearAtMs, clock.nowMs + 30_000)
        try expect(!"\(copy)".contains(code), "the code stays out of logs")
        try expectEqual(await vm.copy(accountId: "c"), nil)
    }

    await suite.test("codes: an HOTP code appears when asked for") {
        let (vm, repository, _, _, runner) = await setUp()
        defer { runner.cancel() }
        _ = try await awaitState(vm.states) { $0.list != nil }
        await vm.nextHotpCode(accountId: "c")
        let first = vm.states.value.list!.codes[2].code
        try expect(first != nil, "a code is shown")
        await vm.nextHotpCode(accountId: "c")
        try expect(vm.states.value.list!.codes[2].code != first, "each tap gives the next code")
        try expectEqual(await repository.count("nextHotpCode"), 2)
    }

    await suite.test("codes: a blank name is refused before Rust; a rename shows") {
        let (vm, repository, _, _, runner) = await setUp()
        defer { runner.cancel() }
        _ = try await awaitState(vm.states) { $0.list != nil }
        await vm.rename(accountId: "a", label: "  ")
        try expectEqual(vm.states.value.list!.notice, Texts.codesNameEmpty)
        try expectEqual(Catalogs.render(Texts.codesNameEmpty, "nl"), "Voer een naam in voor het account.")
        try expectEqual(await repository.count("rename"), 0)
        await vm.dismissNotice()
        await repository.set { $0.failNext = OtpKitFailure(.storage, ErrorText.of("storage_failed"), message: "could not save the vault: disk full") }
        await vm.rename(accountId: "a", label: "work")
        try expectEqual(vm.states.value.list!.notice, ErrorText.of("storage_failed"), "a failed rename says why")
        await vm.dismissNotice()
        await vm.rename(accountId: "a", label: " work ")
        let renamed = try await awaitState(vm.states) { $0.list?.codes.first?.account.label == "work" }
        try expect(renamed.list != nil, "renamed")
    }
}
