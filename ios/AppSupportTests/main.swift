// The app's bridge to Rust (OtpKitAppSupport: the mapping and RustAccountsRepository) against the
// real library, run on Linux by scripts/test-app-bridge-swift.sh. Harness.swift comes from
// ios/PresentationTests.

import Foundation
import OtpKit
import OtpKitAppSupport
import OtpKitPresentation

/// 2023-11-14T22:13:20Z, 20 s into a 30 s step; the boot clock is not known.
final class FixedClock: WallClock, @unchecked Sendable {
    func nowUnixMillis() -> Int64 { 1_700_000_000_000 }
    func millisSinceBoot() -> Int64 { -1 }
}

let dir = FileManager.default.temporaryDirectory.appendingPathComponent("otpkit-bridge-\(getpid())")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }
let github = "otpauth://totp/GitHub:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"

func repository(_ name: String) throws -> RustAccountsRepository {
    let vault = try Vault.createWithPassphrase(path: dir.appendingPathComponent(name).path, passphrase: "correct horse battery")
    // Two loopback ports with nothing listening: the check ends quickly, offline.
    let checker = try ClockChecker(servers: ["127.0.0.1:9", "127.0.0.1:10"], deadlineMs: 300)
    return RustAccountsRepository(vault: vault, clockChecker: checker, clock: FixedClock())
}

func expectFailure(_ kind: FailureKind, _ body: () async throws -> Void) async throws -> OtpKitFailure {
    do {
        try await body()
    } catch let failure as OtpKitFailure {
        try expectEqual(failure.kind, kind)
        return failure
    }
    throw Failure(description: "expected a \(kind) failure")
}

let suite = Suite()

await suite.test("bridge: an added URI is listed with its code, mapped field by field") {
    let repo = try repository("a")
    try expectEqual(try await repo.addUri(github).added, ["GitHub: ada@example.com"])
    let account = try await repo.accounts()[0]
    try expectEqual(account.type, .totp)
    try expectEqual(account.issuer, "GitHub")
    try expectEqual(account.label, "ada@example.com")
    try expectEqual(account.periodSeconds, 30)
    let code = try await repo.codes()[0].code!
    try expectEqual(code.value.count, 6)
    try expectEqual(code.validUntilUnix, 1_700_000_010)
}

await suite.test("bridge: a bad URI fails with the core's message") {
    let repo = try repository("b")
    let failure = try await expectFailure(.invalidInput) { _ = try await repo.addUri("otpauth://totp/x?secret=ABC1") }
    try expect(failure.message.contains("base32"), failure.message)
    try expect(!failure.message.contains("ABC1"), "the secret stays out of the message")
    try expectEqual(try await repo.accounts().count, 0)
}

await suite.test("bridge: a duplicate is reported; a preview adds nothing") {
    let repo = try repository("c")
    try expectEqual(try await repo.previewUri(github).accounts.map(\.displayName), ["GitHub: ada@example.com"])
    try expectEqual(try await repo.accounts().count, 0)
    _ = try await repo.addUri(github)
    let again = try await repo.addUri(github)
    try expectEqual(again.added, [])
    try expectEqual(again.duplicates, ["GitHub: ada@example.com"])
}

await suite.test("bridge: a backup opens on a new vault with its passphrase") {
    let old = try repository("d-old")
    _ = try await old.addUri(github)
    let path = dir.appendingPathComponent("backup.otpkit").path
    try await old.exportBackup(passphrase: "new phone passphrase", path: path)
    let contents = try Data(contentsOf: URL(fileURLWithPath: path))
    let fresh = try repository("d-new")
    _ = try await expectFailure(.passwordRequired) { _ = try await fresh.importBackup(contents, password: nil) }
    _ = try await expectFailure(.wrongPassphrase) { _ = try await fresh.importBackup(contents, password: "wrong one") }
    try expectEqual(try await fresh.importBackup(contents, password: "new phone passphrase").added, ["GitHub: ada@example.com"])
}

await suite.test("bridge: HOTP codes come on request; an offline check is unknown") {
    let repo = try repository("e")
    _ = try await repo.addUri("otpauth://hotp/router?secret=JBSWY3DPEHPK3PXP&counter=0")
    let id = try await repo.accounts()[0].id
    try expectEqual(try await repo.codes()[0].code, nil)
    let first = try await repo.nextHotpCode(accountId: id)
    let second = try await repo.nextHotpCode(accountId: id)
    try expectEqual(first.next, second.value)
    try expectEqual(try await repo.checkClock(manual: true).status, .unknown)
}

await suite.test("bridge: the device clock reads the wall and boot clocks") {
    let clock = DeviceClock()
    let wall = clock.nowUnixMillis()
    try expect(abs(wall - Int64(Date().timeIntervalSince1970 * 1000)) < 5_000, "wall clock in ms")
    try expect(clock.millisSinceBoot() > 0, "the boot clock is known on Linux and Darwin")
}

suite.finish()
