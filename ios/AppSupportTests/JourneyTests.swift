// The journey's repository calls against the real library: Face ID off, the passphrase re-key,
// the clock correction, the transfer to another phone (drawn from TransferCode and read back by
// the new phone's scanner) and closing on lock. Run from main.swift.

import Foundation
import OtpKit
import OtpKitAppSupport
import OtpKitPresentation

/// The device's clocks as the app passes them (the boot clock counts).
private final class RunningClock: WallClock, @unchecked Sendable {
    func nowUnixMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
    func millisSinceBoot() -> Int64 { DeviceClock().millisSinceBoot() }
}

/// A transfer code as the app draws it (see `drawnQr`).
private func drawn(_ code: TransferCode) -> LumaFrame {
    drawnQr(size: code.size) { code.isDark(row: $0, column: $1) }
}

private func failure(_ body: () async throws -> Void) async throws -> OtpKitFailure {
    do {
        try await body()
    } catch let failure as OtpKitFailure {
        return failure
    }
    throw Failure(description: "expected a failure")
}

func journeyBridgeTests(_ suite: Suite) async {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otpkit-journey-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let offline = try! ClockChecker(servers: ["127.0.0.1:9", "127.0.0.1:10"], deadlineMs: 300)

    func repository(
        _ name: String, keyStore: (any PlatformKeyStore)? = nil, clock: any WallClock = FixedClock(), checker: ClockChecker? = nil
    ) async throws -> RustAccountsRepository {
        let vault = try await Vault.createWithPassphrase(
            path: folder.appendingPathComponent(name).path, passphrase: "correct horse battery", clock: clock)
        return RustAccountsRepository(vault: vault, clockChecker: checker ?? offline, clock: clock, keyStore: keyStore)
    }

    await suite.test("journey bridge: Face ID unlock turns off, but not while it is the only way in") {
        let store = PadKeyStore()
        let repo = try await repository("slots", keyStore: store)
        try await repo.enableBiometricUnlock()
        try await repo.disableBiometricUnlock()
        try expectEqual(try await repo.unlockMethods(), [.passphrase])
        try expectEqual(try await failure { try await repo.disableBiometricUnlock() }.kind, .invalidInput, "no Face ID slot to remove")
        let only = RustAccountsRepository(
            vault: try await Vault.createWithPlatformKeyStore(
                path: folder.appendingPathComponent("face-id-only").path, keyStore: store, clock: FixedClock()),
            clockChecker: offline, clock: FixedClock(), keyStore: store)
        let last = try await failure { try await only.disableBiometricUnlock() }
        try expectEqual(last.kind, .lastKeySlot)
        try expectEqual(last.text, ErrorText.of("last_slot"))
    }

    await suite.test("journey bridge: a passphrase change re-keys the vault, keeping Face ID when asked") {
        let store = PadKeyStore()
        let repo = try await repository("rekey", keyStore: store)
        _ = try await repo.addUri("otpauth://totp/GitHub:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub")
        try await repo.enableBiometricUnlock()
        try await repo.changePassphrase("a new passphrase", keepBiometrics: true)
        let path = folder.appendingPathComponent("rekey").path
        do {
            _ = try await Vault.openWithPassphrase(path: path, passphrase: "correct horse battery", clock: FixedClock())
            throw Failure(description: "the old passphrase still opens the vault")
        } catch OtpKitError.WrongPassphrase {}
        try expectEqual(try await Vault.openWithPassphrase(path: path, passphrase: "a new passphrase", clock: FixedClock()).accounts().count, 1)
        try expectEqual(try await Vault.openWithPlatformKeyStore(path: path, keyStore: store, clock: FixedClock()).accounts().count, 1)
        try await repo.changePassphrase("a third passphrase", keepBiometrics: false)
        try expectEqual(try await repo.unlockMethods(), [.passphrase])
        try expectEqual(try await repo.accounts().map(\.label), ["ada@example.com"])

        let noStore = try await repository("no-store")
        let refused = try await failure { try await noStore.changePassphrase("a new passphrase", keepBiometrics: true) }
        try expectEqual(refused.kind, .keyUnavailable)
        try expectEqual(refused.text, Texts.failureNoBiometricStore)
        try expectEqual(try await failure { try await noStore.changePassphrase("", keepBiometrics: false) }.kind, .invalidInput)
    }

    await suite.test("journey bridge: the clock correction goes on from an agreeing check and off, refused with the reason without one") {
        let a = try SntpResponder(offsetMs: 45_000), b = try SntpResponder(offsetMs: 45_000)
        defer { a.stop(); b.stop() }
        let checker = try ClockChecker(servers: [a.server, b.server], deadlineMs: 2_000)
        let repo = try await repository("clock", clock: RunningClock(), checker: checker)
        try expectEqual(try await repo.clockCorrectionMs(), nil)
        try expectEqual(try await failure { _ = try await repo.turnOnClockCorrection() }.text, ErrorText.of("clock_not_checked"))
        try expectEqual(try await repo.checkClock(manual: true).status, .bad)
        let correction = try await repo.turnOnClockCorrection()
        try expect((44_500...45_500).contains(correction), "correction \(correction)")
        try expectEqual(try await repo.clockCorrectionMs(), correction)
        try await repo.turnOffClockCorrection()
        try expectEqual(try await repo.clockCorrectionMs(), nil)

        let cut = try await repository("offline", clock: RunningClock())
        try expectEqual(try await cut.checkClock(manual: true).status, .unknown)
        try expectEqual(try await failure { _ = try await cut.turnOnClockCorrection() }.text, ErrorText.of("correction_no_agreement"))
    }

    await suite.test("journey bridge: the old phone's transfer codes, drawn from TransferCode, are read by the new phone's first run") {
        let old = try await repository("old-phone")
        for i in 0..<7 {
            let letter = Character(UnicodeScalar(UInt8(65 + i)))
            _ = try await old.addUri("otpauth://totp/ACME:user\(i)@example.com?secret=JBSWY3DPEHPK3PXPAAAAAAA\(letter)&issuer=ACME")
        }
        _ = try await old.addUri("otpauth://totp/Slow:ada?secret=GEZDGNBVGY3TQOJQ&issuer=Slow&period=60")
        let transfer = TransferViewModel(repository: old)
        await transfer.load()
        guard case .ready(_, let leftOut) = transfer.states.value else { throw Failure(description: "\(transfer.states.value)") }
        try expectEqual(leftOut.map(\.account.issuer), ["Slow"], "the 60 s account is listed apart")
        await transfer.show()
        let new = try await repository("new-phone")
        let scan = AddAccountViewModel(repository: new, scanner: RustQrScanner())
        var shown: [TransferCode] = []
        while case .showing(let code, _) = transfer.states.value {
            shown.append(code)
            await scan.onFrame(drawn(code))?.value
            if code.index == code.count - 1 { break }
            await transfer.next()
        }
        try expect(shown.count >= 2, "\(shown.count) codes")
        guard case .done(let report) = scan.states.value else { throw Failure(description: "not done: \(scan.states.value)") }
        try expectEqual(report.addedCount, 7)
        try expectEqual(try await new.accounts().map(\.label), (0..<7).map { "user\($0)@example.com" })
        try expectEqual(try await new.codes().map(\.code), Array(try await old.codes().prefix(7)).map(\.code), "the same codes on both phones")
        await transfer.finish()
        try expect(shown.allSatisfy { code in (0..<code.size).allSatisfy { !code.isDark(row: $0, column: $0) } }, "cleared when done")

        let slow = try await old.accounts().last!.id
        let refused = try await failure { _ = try await old.transferCodes(accountIds: [slow]) }
        try expectEqual(refused.text, ErrorText.of("export_unsupported_period", position: 1, value: 60))
    }

    await suite.test("journey bridge: a closed repository refuses every call as locked") {
        let repo = try await repository("closing")
        _ = try await repo.accounts()
        repo.close()
        let locked = try await failure { _ = try await repo.accounts() }
        try expectEqual(locked.kind, .cancelled)
        try expectEqual(locked.text, Texts.failureLocked)
        repo.close()
        try expectEqual(try await failure { _ = try await repo.codes() }.kind, .cancelled)
        try expectEqual(try await failure { _ = try await repo.unlockMethods() }.kind, .cancelled)
    }
}
