// The vault through the generated Swift: opened with a Swift PlatformKeyStore, accounts added from
// URIs, codes for the whole list in one call, and every failure as a typed OtpKitError.

import Foundation
import OtpKit

/// Wraps by XOR with a key per alias held in memory plus a check value: a stand-in for the
/// Keychain or the Secure Enclave (Linux has no CryptoKit), enough to tell a wrong key from the
/// right one. `aliases` are the keys it holds now.
final class MemoryKeyStore: PlatformKeyStore, @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [String: [UInt8]] = [:]
    private var unwraps = 0

    var unwrapCalls: Int { lock.lock(); defer { lock.unlock() }; return unwraps }
    var aliases: Set<String> { lock.lock(); defer { lock.unlock() }; return Set(keys.keys) }

    private func key(_ alias: String) throws -> [UInt8] {
        lock.lock(); defer { lock.unlock() }
        guard let key = keys[alias] else { throw PlatformKeyError.Unavailable(reason: "no key \(alias)") }
        return key
    }

    func createKey(alias: String) async throws {
        lock.lock(); defer { lock.unlock() }
        keys[alias] = (0..<32).map { _ in UInt8.random(in: 0...255) }
    }

    func wrap(alias: String, masterKey: Data) async throws -> Data {
        let key = try key(alias)
        return Data(key.prefix(4)) + Data(masterKey.enumerated().map { $0.element ^ key[$0.offset % key.count] })
    }

    func unwrap(alias: String, wrapped: Data) async throws -> Data {
        lock.lock(); unwraps += 1; lock.unlock()
        let key = try key(alias)
        guard wrapped.count > 4, Array(wrapped.prefix(4)) == Array(key.prefix(4)) else {
            throw PlatformKeyError.WrongKey
        }
        return Data(wrapped.dropFirst(4).enumerated().map { $0.element ^ key[$0.offset % key.count] })
    }

    func deleteKey(alias: String) async throws {
        lock.lock(); defer { lock.unlock() }
        keys[alias] = nil
    }
}

/// `inner`, but its unwrap (or, with `onWrap`, its wrap) throws, as the Keychain does when the
/// user cancels the prompt.
final class ThrowingKeyStore: PlatformKeyStore, @unchecked Sendable {
    let inner: PlatformKeyStore
    let error: Error
    let onWrap: Bool
    init(_ inner: PlatformKeyStore, _ error: Error, onWrap: Bool = false) {
        self.inner = inner; self.error = error; self.onWrap = onWrap
    }
    func createKey(alias: String) async throws { try await inner.createKey(alias: alias) }
    func wrap(alias: String, masterKey: Data) async throws -> Data {
        if onWrap { throw error }
        return try await inner.wrap(alias: alias, masterKey: masterKey)
    }
    func unwrap(alias: String, wrapped: Data) async throws -> Data {
        if !onWrap { throw error }
        return try await inner.unwrap(alias: alias, wrapped: wrapped)
    }
    func deleteKey(alias: String) async throws { try await inner.deleteKey(alias: alias) }
}

struct KeychainError: Error, CustomStringConvertible {
    let description = "errSecUserCanceled: the user cancelled the Face ID prompt"
}

let rfcTotpUri = "otpauth://totp/RFC:totp@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&issuer=RFC"
let rfcHotpUri = "otpauth://hotp/RFC:hotp@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0"

func tempVaultPath() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("otpkit-swift-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("vault").path
}

func vaultTests(_ suite: Suite, _ vectors: Vectors) {
    let now = FixedWallClock(millis: 1_700_000_000_000)

    suite.test("a vault created with a Swift PlatformKeyStore reopens with it, keeping its accounts") {
        let path = tempVaultPath()
        let keyStore = MemoryKeyStore()
        let report = try await Vault.createWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now).addUri(uri: rfcTotpUri)
        try expectEqual(report.added.map(\.name), ["RFC: totp@example.com"])
        let accounts = try await Vault.openWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now).accounts()
        try expectEqual(accounts.count, 1)
        try expectEqual(accounts[0].kind, .totp)
        try expectEqual(accounts[0].issuer, "RFC")
        try expectEqual(accounts[0].label, "totp@example.com")
        try expectEqual(accounts[0].digits, 8)
        try expectEqual(accounts[0].periodSeconds, 30)
        try expectEqual(keyStore.unwrapCalls, 1)
    }

    suite.test("codes for the whole list in one call equal the RFC 6238 vectors at fixed instants") {
        let vault = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now)
        for (name, key) in [("SHA1", RfcKeys.sha1), ("SHA256", RfcKeys.sha256), ("SHA512", RfcKeys.sha512)] {
            _ = try vault.addUri(uri: "otpauth://totp/RFC:\(name)?secret=\(key)&algorithm=\(name)&digits=8")
        }
        _ = try vault.addUri(uri: rfcHotpUri)
        let ids = vault.accounts().map(\.accountId)
        var instants: [Int64] = []
        for v in vectors.totp where !instants.contains(v.at) { instants.append(v.at) }
        for instant in instants {
            let codes = try vault.codesAt(atUnixSeconds: instant)
            try expectEqual(codes.map(\.accountId), ids, "one entry per account, in order")
            let expected = vectors.totp.filter { $0.at == instant }.map(\.code)
            try expectEqual(codes.prefix(3).map { $0.code?.code }, expected, "at \(instant)")
            try expectEqual(codes[3].code, nil, "HOTP codes come only from nextHotpCode")
        }
    }

    suite.test("HOTP codes follow RFC 4226, and the counter is saved before each code") {
        let path = tempVaultPath()
        let keyStore = MemoryKeyStore()
        let vault = try await Vault.createWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now)
        let id = try vault.addUri(uri: rfcHotpUri).added[0].accountId
        let codes = try (0..<3).map { _ in try vault.nextHotpCode(accountId: id).code }
        try expectEqual(codes, Array(vectors.hotp.prefix(3)))
        let reopened = try await Vault.openWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now)
        try expectEqual(reopened.accounts()[0].counter, 3)
        try expectEqual(try reopened.nextHotpCode(accountId: id).code, vectors.hotp[3])
    }

    suite.test("adding an account twice is reported as a duplicate, not added") {
        let vault = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now)
        let first = try vault.addUri(uri: rfcTotpUri).added[0]
        let again = try vault.addUri(uri: rfcTotpUri)
        try expectEqual(again.added, [])
        try expectEqual(again.duplicates.map(\.existingAccountId), [first.accountId])
        try expectEqual(vault.accounts().count, 1)
    }

    suite.test("no account view, code or report carries the secret") {
        let vault = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now)
        let report = try vault.addUri(uri: "otpauth://totp/x?secret=jbswy3dpehpk3pxp")
        let shown = "\(report) \(vault.accounts()) \(try vault.codesAt(atUnixSeconds: 59))"
        try expect(!shown.uppercased().contains("JBSWY3DPEHPK3PXP"), shown)
        try expect(!report.normalised.isEmpty, "the lowercase secret is reported: \(report)")
    }

    suite.test("an added entry's normalisations carry the kinds and texts parseUri gives") {
        let vault = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now)
        let uri = "otpauth://totp/ACME:jane?secret=jbswy3dpehpk3pxp"
        let parsed = try parseUri(uri: uri).warnings
        let report = try vault.addUri(uri: uri)
        try expectEqual(report.normalised.map(\.kind), ["secret_lowercase", "weak_secret"])
        try expectEqual(report.normalised.map(\.message), parsed.map(\.message))
        try expectEqual(report.normalised.map(\.kind), parsed.map(\.kind))
        try expectEqual(Set(report.normalised.map(\.name)), ["ACME: jane"])
    }

    suite.test("a PlatformKeyStore that throws gives OtpKitError.KeyUnavailable with its text, not a crash") {
        let path = tempVaultPath()
        let keyStore = MemoryKeyStore()
        _ = try await Vault.createWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now).addUri(uri: rfcTotpUri)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let cancelled = try await expectOtpKitError {
            try await Vault.openWithPlatformKeyStore(path: path, keyStore: ThrowingKeyStore(keyStore, KeychainError()), clock: now)
        }
        guard case .KeyUnavailable(_, _, let message) = cancelled else { throw Failure(description: "\(cancelled)") }
        try expect(message.contains("errSecUserCanceled"), message)
        let locked = try await expectOtpKitError {
            try await Vault.openWithPlatformKeyStore(path: path, keyStore: ThrowingKeyStore(keyStore, PlatformKeyError.Unavailable(reason: "device is locked")), clock: now)
        }
        guard case .KeyUnavailable(_, _, let lockedMessage) = locked else { throw Failure(description: "\(locked)") }
        try expect(lockedMessage.contains("device is locked"), lockedMessage)
        // Another device: a key under the same alias, but another key.
        let another = MemoryKeyStore()
        try await another.createKey(alias: keyStore.aliases.first!)
        let otherDevice = try await expectOtpKitError { try await Vault.openWithPlatformKeyStore(path: path, keyStore: another, clock: now) }
        try expectError(otherDevice, "KeyUnavailable", "wrong platform key: this vault was locked with another device key")
        try expectReason(otherDevice, .wrongPlatformKey)
        try expectEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "a failed open changed the file")
        try expectEqual(try await Vault.openWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now).accounts().count, 1)
    }

    suite.test("vault failures arrive as typed errors with their messages") {
        let notFound = try await expectOtpKitError { try await Vault.openWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now) }
        guard case .VaultNotFound(_, _, let message) = notFound else { throw Failure(description: "\(notFound)") }
        try expect(message.hasPrefix("no vault at "), message)
        let path = tempVaultPath()
        let vault = try await Vault.createWithPlatformKeyStore(path: path, keyStore: MemoryKeyStore(), clock: now)
        let exists = try await expectOtpKitError { try await Vault.createWithPlatformKeyStore(path: path, keyStore: MemoryKeyStore(), clock: now) }
        try expect(exists.message.hasSuffix("already exists: choose another file name or remove it first"), exists.message)
        let badUri = try expectOtpKitError { try vault.addUri(uri: "otpauth://totp/x?secret=JBSW1") }
        try expectError(badUri, "InvalidInput", "secret is not base32: '1' at position 5 (allowed: A-Z, 2-7)")
        try expectReason(badUri, .secretNotBase32, ErrorDetails(position: 5))
        let noAccount = try expectOtpKitError { try vault.removeAccount(accountId: "42") }
        guard case .InvalidInput(_, _, let noAccountMessage) = noAccount else { throw Failure(description: "\(noAccount)") }
        try expect(noAccountMessage.hasPrefix("no account with id 42"), noAccountMessage)
        try expectReason(noAccount, .noSuchAccount, ErrorDetails(accountId: "42"))
        try "not a vault at all".write(toFile: path, atomically: true, encoding: .utf8)
        let corrupt = try await expectOtpKitError { try await Vault.openWithPlatformKeyStore(path: path, keyStore: MemoryKeyStore(), clock: now) }
        guard case .VaultCorrupt = corrupt else { throw Failure(description: "\(corrupt)") }
    }

    suite.test("rename and remove change the list and survive a reopen") {
        let path = tempVaultPath()
        let keyStore = MemoryKeyStore()
        let vault = try await Vault.createWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now)
        let totp = try vault.addUri(uri: rfcTotpUri).added[0].accountId
        let hotp = try vault.addUri(uri: rfcHotpUri).added[0].accountId
        try vault.renameAccount(accountId: totp, label: "work")
        try vault.removeAccount(accountId: hotp)
        let reopened = try await Vault.openWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now)
        try expectEqual(reopened.accounts().map(\.label), ["work"])
    }

    suite.test("the vault reads the clock it was opened with at every call, and refuses one before 1970") {
        let clock = SwitchedClock(FixedWallClock(millis: 59_000))
        let vault = try await Vault.createWithPassphrase(path: tempVaultPath(), passphrase: "pass phrase", clock: clock)
        _ = try vault.addUri(uri: rfcTotpUri)
        try expectEqual(try vault.codes()[0].code?.code, "94287082")
        clock.to = FixedWallClock(millis: 1_111_111_109_000)
        try expectEqual(try vault.codes()[0].code?.code, "07081804")
        clock.to = FixedWallClock(millis: -1_000)
        let early = try expectOtpKitError { try vault.codes() }
        guard case .ClockUnusable = early else { throw Failure(description: "\(early)") }
        try expectReason(early, .clockBeforeEpoch)
        _ = try expectOtpKitError { try vault.addUri(uri: rfcHotpUri) }
        try expectEqual(vault.accounts().count, 1)
    }

    suite.test("a save over a vault another process saved is refused; reload picks up its change") {
        let path = tempVaultPath()
        let keyStore = MemoryKeyStore()
        let app = try await Vault.createWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now)
        let widget = try await Vault.openWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now)
        _ = try widget.addUri(uri: rfcTotpUri)
        let refused = try expectOtpKitError { _ = try app.addUri(uri: rfcHotpUri) }
        guard case .ChangedElsewhere(_, _, let message) = refused, message.contains("changed by another app or process") else {
            throw Failure(description: "\(refused)")
        }
        try expectEqual(app.accounts().map(\.label), [])
        try app.reload()
        try expectEqual(app.accounts().map(\.label), ["totp@example.com"])
        _ = try app.addUri(uri: rfcHotpUri)
        try expect(!(try app.reloadIfChanged()), "its own save is no change by another process")
        try widget.reload()
        try widget.renameAccount(accountId: app.accounts()[0].accountId, label: "work")
        try expect(try app.reloadIfChanged(), "the widget's rename is taken in")
        try expectEqual(app.accounts()[0].label, "work")
        let reopened = try await Vault.openWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now)
        try expectEqual(reopened.accounts().map(\.label), ["work", "hotp@example.com"])
    }

    suite.test("rekey gives the vault a new master key: an old copy of the file no longer reads later saves") {
        let path = tempVaultPath()
        let oldCopy = path + ".old"
        let keyStore = MemoryKeyStore()
        let vault = try await Vault.createWithPassphrase(path: path, passphrase: "old passphrase", clock: now)
        _ = try await vault.setPlatformKey(keyStore: keyStore)
        _ = try vault.addUri(uri: rfcTotpUri)
        try FileManager.default.copyItem(atPath: path, toPath: oldCopy)
        let none = try await expectOtpKitError { try await vault.rekey(passphrase: nil, keyStore: nil) }
        guard case .LastKeySlot = none else { throw Failure(description: "\(none)") }
        try expectEqual(try await vault.rekey(passphrase: "new passphrase", keyStore: keyStore), nil)
        _ = try vault.addUri(uri: rfcHotpUri)
        // The re-key made a new platform key and deleted the old one: the old copy's platform
        // slot opens nothing now.
        let gone = try await expectOtpKitError { try await Vault.openWithPlatformKeyStore(path: oldCopy, keyStore: keyStore, clock: now) }
        guard case .KeyUnavailable = gone else { throw Failure(description: "\(gone)") }
        // Its passphrase slot gives the old master key, which decrypts nothing newer.
        let stolen = try await Vault.openWithPassphrase(path: oldCopy, passphrase: "old passphrase", clock: now)
        try FileManager.default.removeItem(atPath: oldCopy)
        try FileManager.default.copyItem(atPath: path, toPath: oldCopy)
        let refused = try expectOtpKitError { try stolen.reload() }
        guard case .VaultCorrupt = refused else { throw Failure(description: "\(refused)") }
        let reopened = try await Vault.openWithPassphrase(path: path, passphrase: "new passphrase", clock: now)
        try expectEqual(reopened.accounts().map(\.label), ["totp@example.com", "hotp@example.com"])
        try expectEqual(try await Vault.openWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now).accounts().count, 2)
    }

    suite.test("a backup the user exports imports into a new vault, and its password is required") {
        let backup = tempVaultPath() + ".backup"
        let source = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now)
        _ = try source.addUri(uri: rfcTotpUri)
        _ = try source.addUri(uri: rfcHotpUri)
        try await source.exportBackup(path: backup, passphrase: "correct horse battery staple")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: backup))
        let vault = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now)
        let noPassword = try await expectOtpKitError { try await vault.importFile(contents: bytes, format: nil, password: nil) }
        guard case .PasswordRequired = noPassword else { throw Failure(description: "\(noPassword)") }
        let wrong = try await expectOtpKitError {
            try await vault.importFile(contents: bytes, format: .otpkit, password: "wrong")
        }
        guard case .WrongPassphrase = wrong else { throw Failure(description: "\(wrong)") }
        let report = try await vault.importFile(contents: bytes, format: nil, password: "correct horse battery staple")
        try expectEqual(report.added.count, 2)
        try expectEqual(try vault.codesAt(atUnixSeconds: 59).first?.code?.code, "94287082")
    }

    suite.test("exports for other apps (a URI list, Aegis plain and encrypted) import back with the same codes") {
        let source = try await Vault.createWithPassphrase(path: tempVaultPath(), passphrase: "old phone", clock: now)
        _ = try source.addUri(uri: rfcTotpUri)
        let list = try await source.exportBytes(format: .uriList, password: nil)
        try expect(String(decoding: list, as: UTF8.self).hasPrefix("otpauth://totp/"), "not a URI list")
        let refused = try await expectOtpKitError { _ = try await source.exportBytes(format: .uriList, password: "pw") }
        try expectEqual(refused.reason(), .invalidArgument)
        let encrypted = try await source.exportBytes(format: .aegis, password: "export password")
        try expect(!String(decoding: encrypted, as: UTF8.self).contains("GEZDGNBV"), "the encrypted export holds the key in clear")
        let plain = try await source.exportBytes(format: .aegis, password: nil)
        for (bytes, password) in [(list, nil), (plain, nil), (encrypted, "export password")] as [(Data, String?)] {
            let copy = try await Vault.createWithPassphrase(path: tempVaultPath(), passphrase: "new phone", clock: now)
            let report = try await copy.importFile(contents: bytes, format: nil, password: password)
            try expectEqual(report.added.count, 1)
            try expectEqual(try copy.codesAt(atUnixSeconds: 59).first?.code?.code, "94287082")
        }
    }

    suite.test("a backup exported as bytes needs no file and imports on the new phone") {
        let source = try await Vault.createWithPassphrase(path: tempVaultPath(), passphrase: "old phone", clock: now)
        _ = try source.addUri(uri: rfcTotpUri)
        let bytes = try await source.exportBackupBytes(passphrase: "correct horse battery staple")
        try expect(!String(decoding: bytes, as: UTF8.self).contains("GEZDGNBV"), "the backup holds the key in clear")
        let vault = try await Vault.createWithPassphrase(path: tempVaultPath(), passphrase: "new phone", clock: now)
        let wrong = try await expectOtpKitError {
            try await vault.importFile(contents: bytes, format: nil, password: "wrong")
        }
        guard case .WrongPassphrase = wrong else { throw Failure(description: "\(wrong)") }
        let report = try await vault.importFile(contents: bytes, format: .otpkit, password: "correct horse battery staple")
        try expectEqual(report.added.count, 1)
        try expectEqual(try vault.codesAt(atUnixSeconds: 59).first?.code?.code, "94287082")
    }
}
