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

func repository(_ name: String) async throws -> RustAccountsRepository {
    let vault = try await Vault.createWithPassphrase(path: dir.appendingPathComponent(name).path, passphrase: "correct horse battery", clock: FixedClock())
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
    let repo = try await repository("a")
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
    let repo = try await repository("b")
    let failure = try await expectFailure(.invalidInput) { _ = try await repo.addUri("otpauth://totp/x?secret=ABC1") }
    try expect(failure.message.contains("base32"), failure.message)
    try expect(!failure.message.contains("ABC1"), "the secret stays out of the message")
    try expectEqual(failure.text, ErrorText.of("secret_not_base32", position: 4), "the user's text: the reason and where")
    try expectEqual(try await repo.accounts().count, 0)
}

await suite.test("bridge: a reason's text key and its words follow Swift's case names") {
    try expectEqual(ErrorReason.secretNotBase32.text(ErrorDetails()).key, "error_secret_not_base32")
    let tooMany = ErrorReason.importTooManyEntries.text(ErrorDetails(limit: 10_000, format: .twoFas))
    try expectEqual(tooMany.key, "error_import_too_many_entries")
    try expectEqual(tooMany.args["limit"], .number(10_000))
    try expectEqual(tooMany.args["format"], .text(UiText("format_two_fas")))
    let slot = ErrorReason.noSuchSlot.text(ErrorDetails(slot: .platform))
    try expectEqual(slot.args["slot"], .text(UiText("slot_platform")))
}

await suite.test("bridge: a preview's warnings keep their kind, which the app translates") {
    let repo = try await repository("w")
    let preview = try await repo.previewUri("otpauth://totp/GitHub:ada?secret=jbswy3dpehpk3pxp&issuer=GitHub")
    guard let lowercase = preview.warnings.first(where: { $0.kind == "secret_lowercase" }) else {
        throw Failure(description: "no secret_lowercase in \(preview.warnings)")
    }
    try expect(lowercase.message.contains("lowercase"), lowercase.message)
    try expectEqual(NoteText.of(lowercase), Texts.uriWarningSecretLowercase)
    for warning in preview.warnings {
        try expectEqual(NoteText.of(warning), UiText("uri_warning_" + warning.kind), "every kind core gives has its text")
    }
}

await suite.test("bridge: an added entry's normalisations keep their kind too, so the report is translated") {
    let repo = try await repository("n")
    let result = try await repo.addUri("otpauth://totp/GitHub:ada?secret=jbswy3dpehpk3pxp&issuer=GitHub")
    try expectEqual(result.normalised.map(\.warning.kind), ["secret_lowercase", "weak_secret"])
    try expectEqual(Set(result.normalised.map(\.name)), ["GitHub: ada"])
    try expectEqual(
        NoteText.of(result.normalised[0]),
        Texts.reportLineWarning(name: "GitHub: ada", warning: Texts.uriWarningSecretLowercase))
}

await suite.test("bridge: a duplicate is reported; a preview adds nothing") {
    let repo = try await repository("c")
    try expectEqual(try await repo.previewUri(github).accounts.map(\.displayName), ["GitHub: ada@example.com"])
    try expectEqual(try await repo.accounts().count, 0)
    _ = try await repo.addUri(github)
    let again = try await repo.addUri(github)
    try expectEqual(again.added, [])
    try expectEqual(again.duplicates, ["GitHub: ada@example.com"])
}

await suite.test("bridge: a save another process made first is taken in and the call redone") {
    let path = dir.appendingPathComponent("shared").path
    let checker = try ClockChecker(servers: ["127.0.0.1:9"], deadlineMs: 300)
    let app = RustAccountsRepository(
        vault: try await Vault.createWithPassphrase(path: path, passphrase: "correct horse battery", clock: FixedClock()),
        clockChecker: checker, clock: FixedClock())
    let widget = RustAccountsRepository(
        vault: try await Vault.openWithPassphrase(path: path, passphrase: "correct horse battery", clock: FixedClock()),
        clockChecker: checker, clock: FixedClock())
    _ = try await widget.addUri(github)
    let added = try await app.addUri("otpauth://totp/Mail:ada@example.com?secret=GEZDGNBVGY3TQOJQ&issuer=Mail")
    try expectEqual(added.added, ["Mail: ada@example.com"])
    try expectEqual(try await app.accounts().map(\.issuer), ["GitHub", "Mail"])
    let reopened = try await Vault.openWithPassphrase(path: path, passphrase: "correct horse battery", clock: FixedClock())
    try expectEqual(reopened.accounts().count, 2)

    // Back in the foreground, the widget's rename is taken in.
    try await widget.reloadIfChanged()
    let id = try await app.accounts()[0].id
    try await widget.rename(accountId: id, label: "work")
    try await app.reloadIfChanged()
    try expectEqual(try await app.accounts()[0].label, "work")
}

await suite.test("bridge: a backup opens on a new vault with its passphrase") {
    let old = try await repository("d-old")
    _ = try await old.addUri(github)
    let path = dir.appendingPathComponent("backup.otpkit").path
    try await old.exportBackup(passphrase: "new phone passphrase", path: path)
    let contents = try Data(contentsOf: URL(fileURLWithPath: path))
    let fresh = try await repository("d-new")
    _ = try await expectFailure(.passwordRequired) { _ = try await fresh.importBackup(contents, password: nil) }
    _ = try await expectFailure(.wrongPassphrase) { _ = try await fresh.importBackup(contents, password: "wrong one") }
    try expectEqual(try await fresh.importBackup(contents, password: "new phone passphrase").added, ["GitHub: ada@example.com"])
}

await suite.test("bridge: HOTP codes come on request; an offline check is unknown") {
    let repo = try await repository("e")
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

/// A test key store: XOR with a fixed pad (the real one is the Secure Enclave, which Linux lacks).
/// `aliases` are the keys it holds; with `cancel`, the user cancels the wrap's Face ID sheet.
final class PadKeyStore: PlatformKeyStore, @unchecked Sendable {
    let pad: UInt8
    private let lock = NSLock()
    private var keys: Set<String> = []
    private var cancelling = false
    init(pad: UInt8 = 0x5A) { self.pad = pad }
    var aliases: Set<String> { lock.lock(); defer { lock.unlock() }; return keys }
    var cancel: Bool {
        get { lock.lock(); defer { lock.unlock() }; return cancelling }
        set { lock.lock(); cancelling = newValue; lock.unlock() }
    }
    func createKey(alias: String) async throws { lock.lock(); keys.insert(alias); lock.unlock() }
    func wrap(alias: String, masterKey: Data) async throws -> Data {
        if cancel { throw PlatformKeyError.Cancelled }
        return Data(masterKey.map { $0 ^ pad }) + Data([pad])
    }
    func unwrap(alias: String, wrapped: Data) async throws -> Data {
        // The last byte names the key: another pad is a key made after a biometric change.
        guard wrapped.last == pad else { throw PlatformKeyError.Unavailable(reason: "the Face ID key is gone") }
        return Data(wrapped.dropLast().map { $0 ^ pad })
    }
    func deleteKey(alias: String) async throws { lock.lock(); keys.remove(alias); lock.unlock() }
}

/// The first frame of a qrframes category with rows `padding` bytes longer than the picture.
func frame(_ category: String, padding: Int = 0) throws -> (LumaFrame, String) {
    let folder = URL(fileURLWithPath: CommandLine.arguments[1])
    let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.tsv"), encoding: .utf8)
    guard let line = manifest.split(separator: "\n").map({ $0.split(separator: "\t", omittingEmptySubsequences: false) })
        .first(where: { $0.count > 1 && $0[1] == category })
    else { throw Failure(description: "no \(category) frame") }
    let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(String(line[0]))))
    // "P5\n<width> <height>\n255\n", then the pixels.
    var fields: [String] = [], pos = 0
    while fields.count < 4 {
        let start = pos
        while !(bytes[pos] == 0x20 || bytes[pos] == 0x0A) { pos += 1 }
        fields.append(String(decoding: bytes[start..<pos], as: UTF8.self))
        pos += 1
    }
    let width = Int(fields[1])!, height = Int(fields[2])!, stride = width + padding
    var padded = [UInt8](repeating: 0, count: stride * height)
    for row in 0..<height { padded[(row * stride)..<(row * stride + width)] = bytes[(pos + row * width)..<(pos + row * width + width)] }
    return (LumaFrame(luma: Data(padded), width: width, height: height, rowStride: stride, rotationDegrees: 0), line.count > 4 ? String(line[4]) : "")
}

await suite.test("bridge: a camera frame goes through the scanner and the add flow into the vault") {
    let repo = try await repository("f")
    let vm = AddAccountViewModel(repository: repo, scanner: RustQrScanner())
    let (luma, payload) = try frame("clean", padding: 64)
    await vm.onFrame(luma)?.value
    guard case .confirm(let accounts, _) = vm.states.value else { throw Failure(description: "no preview: \(vm.states.value)") }
    try expectEqual(accounts, try await repo.previewUri(payload).accounts)
    try expectEqual(try await repo.accounts().count, 0, "nothing added before confirm")
    await vm.confirm()
    guard case .done(let report) = vm.states.value else { throw Failure(description: "not done: \(vm.states.value)") }
    try expectEqual(report.title, Texts.reportAdded(count: 1))
    try expectEqual(try await repo.accounts().map(\.displayName), accounts.map(\.displayName))
    try expectEqual(try RustQrScanner().scanLuma(try frame("no_code").0).count, 0)
}

/// A transfer code drawn 4 pixels a module, with its quiet zone, in a light frame twice as wide.
func transferFrame(_ code: TransferQr) -> LumaFrame {
    let size = Int(code.size()), modules = [UInt8](code.modules())
    return drawnQr(size: size) { row, column in modules[row * size + column] == 1 }
}

/// A QR code as a shell draws one for another phone to scan: 4 pixels a module, its 4-module
/// quiet zone, centred in a light frame twice as wide. `isDark` tells the modules.
func drawnQr(size: Int, isDark: (_ row: Int, _ column: Int) -> Bool) -> LumaFrame {
    let side = (size + 8) * 4, frameSide = side * 2
    var luma = [UInt8](repeating: 255, count: frameSide * frameSide)
    for row in 0..<size {
        for column in 0..<size where isDark(row, column) {
            for py in 0..<4 {
                let start = (side / 2 + (row + 4) * 4 + py) * frameSide + side / 2 + (column + 4) * 4
                for i in start..<start + 4 { luma[i] = 0 }
            }
        }
    }
    return LumaFrame(luma: Data(luma), width: frameSide, height: frameSide, rowStride: frameSide, rotationDegrees: 0)
}

await suite.test("bridge: a transfer from another phone goes code by code through the tracker into the vault") {
    let source = try await Vault.createWithPassphrase(path: dir.appendingPathComponent("old-phone").path, passphrase: "correct horse battery", clock: FixedClock())
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    var added = 0
    while try added == 0 || source.transferQrCodes(accountIds: nil).count < 3 {
        let secret = "JBSWY3DPEHPK3PXPAAAAAA\(letters[added / 26])\(letters[added % 26])"
        _ = try source.addUri(uri: "otpauth://totp/ACME:user\(added)@example.com?secret=\(secret)&issuer=ACME")
        added += 1
    }
    let codes = try source.transferQrCodes(accountIds: nil)
    let repo = try await repository("transfer")
    let vm = AddAccountViewModel(repository: repo, scanner: RustQrScanner())
    await vm.onFrame(transferFrame(codes[1]))?.value
    try expectEqual(vm.states.value, .exportProgress(scanned: 1, size: 3, missing: [0, 2], hint: nil))
    await vm.onFrame(transferFrame(codes[1]))?.value
    await vm.onFrame(transferFrame(codes[2]))?.value
    try expectEqual(vm.states.value, .exportProgress(scanned: 2, size: 3, missing: [0], hint: nil))
    try expectEqual(try await repo.accounts().count, 0, "nothing added before every code is in")
    await vm.onFrame(transferFrame(codes[0]))?.value
    guard case .done(let report) = vm.states.value else { throw Failure(description: "not done: \(vm.states.value)") }
    try expectEqual(report.title, Texts.reportAdded(count: Int64(added)))
    try expectEqual(try await repo.accounts().map(\.label), source.accounts().map(\.label))
}

/// A picked image as the platform decoder hands it over: a packed grey plane.
struct DecodedImage: PickedImage {
    let frame: LumaFrame
    func decode() throws -> LumaFrame { frame }
}

await suite.test("bridge: a picked image's luma plane goes through the scanner to the confirm screen") {
    let repo = try await repository("picked")
    let vm = AddAccountViewModel(repository: repo, scanner: RustQrScanner())
    let (luma, payload) = try frame("clean")
    await vm.onImage(DecodedImage(frame: luma))
    guard case .confirm(let accounts, _) = vm.states.value else { throw Failure(description: "no preview: \(vm.states.value)") }
    try expectEqual(accounts, try await repo.previewUri(payload).accounts)
    await vm.scanAgain()
    await vm.onImage(DecodedImage(frame: try frame("no_code").0))
    try expectEqual(vm.states.value, .failed(Texts.addNoCodeInImage))
}

await suite.test("bridge: the module creates a passphrase vault, Face ID goes on top, and the passphrase survives a Face ID change") {
    let folder = dir.appendingPathComponent("module")
    let keyStore = PadKeyStore()
    let module = try OtpKitModule(keyStore: keyStore, directory: folder)
    try expect(!module.vaultExists, "no vault yet")
    let created = try await module.create(passphrase: "correct horse battery")
    try expect(module.vaultExists, "created")
    try expectEqual(try await created.unlockMethods(), [.passphrase])
    _ = try await created.addUri(github)
    try await created.enableBiometricUnlock()
    try expectEqual(try await created.unlockMethods(), [.passphrase, .biometrics])
    try expectEqual(try await module.openWithBiometrics().accounts().map(\.label), ["ada@example.com"])
    // A cancelled Face ID sheet while turning it on again keeps the key in use and no new one.
    let inUse = keyStore.aliases
    keyStore.cancel = true
    let cancelled = try await expectFailure(.cancelled) { try await created.enableBiometricUnlock() }
    try expectEqual(cancelled.text, ErrorText.of("key_prompt_cancelled"), "a closed sheet is the user's choice, not a broken key")
    try expectEqual(keyStore.aliases, inUse)
    keyStore.cancel = false
    try expectEqual(try await module.openWithBiometrics().accounts().count, 1)
    _ = try await expectFailure(.wrongPassphrase) { _ = try await module.openWithPassphrase("not it") }

    // Face ID changed: the app's new key store cannot open the old slot.
    let changed = try OtpKitModule(keyStore: PadKeyStore(pad: 0x33), directory: folder)
    let vm = UnlockViewModel(opener: changed)
    try expectEqual(vm.states.value, .locked(message: nil))
    await vm.unlockWithBiometrics()
    guard case .locked(let message?) = vm.states.value else { throw Failure(description: "\(vm.states.value)") }
    try expectEqual(message, ErrorText.of("keystore_unavailable"), "the reason's text, which says to use the passphrase")
    await vm.unlockWithPassphrase("correct horse battery")
    try expectEqual(vm.states.value, .unlocked(suggestion: .enableBiometrics, message: Texts.unlockBiometricsBrokenIos))
    try expectEqual(try await vm.repository?.accounts().map(\.label), ["ada@example.com"])
    await vm.enableBiometrics()
    try expectEqual(vm.states.value, .unlocked(suggestion: nil, message: nil))
    try expectEqual(try await changed.openWithBiometrics().accounts().count, 1)
    let only = try await Vault.createWithPassphrase(path: folder.appendingPathComponent("only").path, passphrase: "pass phrase", clock: FixedClock())
    do {
        try only.removeSlot(kind: .passphrase)
        throw Failure(description: "the last slot was removed")
    } catch OtpKitError.LastKeySlot(_, _, let message) {
        try expect(message.contains("last key slot"), message)
    }
}

await journeyBridgeTests(suite)

suite.finish()
