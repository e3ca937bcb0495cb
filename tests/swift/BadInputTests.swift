// The bad-input corpus (tests/vectors/bad, shared with the Rust CLI suite) through the generated
// Swift: every input throws the OtpKitError case the corpus names, never crashes, and no message
// echoes the corpus's secret.

import Foundation
import OtpKit

/// The valid secret the corpus's URIs carry (tests/vectors/bad/generate.py's GOOD).
private let corpusSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

private func corpus(_ path: String) throws -> [[String]] {
    try String(contentsOfFile: path, encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: true)
        .filter { !$0.hasPrefix("#") }
        .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
}

/// The case name of an OtpKitError (`InvalidInput`), and its message.
private func describe(_ error: OtpKitError) -> (String, String) {
    switch error {
    case .InvalidInput(let message): return ("InvalidInput", message)
    case .ClockUnusable(let message): return ("ClockUnusable", message)
    case .VaultNotFound(let message): return ("VaultNotFound", message)
    case .WrongPassphrase(let message): return ("WrongPassphrase", message)
    case .PasswordRequired(let message): return ("PasswordRequired", message)
    case .KeyUnavailable(let message): return ("KeyUnavailable", message)
    case .Cancelled(let message): return ("Cancelled", message)
    case .LastKeySlot(let message): return ("LastKeySlot", message)
    case .VaultCorrupt(let message): return ("VaultCorrupt", message)
    case .NewerVersion(let message): return ("NewerVersion", message)
    case .ChangedElsewhere(let message): return ("ChangedElsewhere", message)
    case .Storage(let message): return ("Storage", message)
    }
}

/// Runs `body`, which must throw the OtpKitError case named `expected`.
private func expectRejected(_ name: String, _ expected: String, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as OtpKitError {
        let (variant, message) = describe(error)
        try expectEqual(variant, expected, "\(name): \(message)")
        guard !message.isEmpty, !message.uppercased().contains(corpusSecret) else {
            throw Failure(description: "\(name): empty message or the secret echoed: \(message)")
        }
        return
    }
    throw Failure(description: "\(name): accepted")
}

private func format(_ name: String) throws -> BackupFormat? {
    switch name {
    case "auto": return nil
    case "otpkit": return .otpkit
    case "aegis": return .aegis
    case "2fas": return .twoFas
    case "uris": return .uriList
    default: throw Failure(description: "files.tsv: unknown format \(name)")
    }
}

func badInputTests(_ suite: Suite, _ vectorsDirectory: String) {
    let bad = vectorsDirectory + "/bad"
    let repo = URL(fileURLWithPath: vectorsDirectory).deletingLastPathComponent().deletingLastPathComponent()

    suite.test("every bad URI in the corpus throws its typed error from parseUri and codeForUri") {
        let rows = try corpus(bad + "/uris.tsv")
        guard rows.count >= 10 else { throw Failure(description: "corpus too small") }
        for row in rows {
            let (name, binding, input) = (row[0], row[2], row[3])
            try await expectRejected("\(name) (parseUri)", binding) { _ = try parseUri(uri: input) }
            try await expectRejected("\(name) (codeForUri)", binding) { _ = try codeForUri(uri: input, atUnixSeconds: 59) }
        }
    }

    suite.test("every bad file in the corpus throws its typed error and changes nothing") {
        let rows = try corpus(bad + "/files.tsv")
        guard rows.count >= 10 else { throw Failure(description: "corpus too small") }
        let now = FixedWallClock(millis: 1_700_000_000_000)
        let target = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore())
        for row in rows {
            let (path, openedAs, password, binding) = (row[0], row[1], row[2], row[4])
            let file = repo.appendingPathComponent(path).path
            let before = try Data(contentsOf: URL(fileURLWithPath: file))
            if openedAs == "vault" {
                try await expectRejected(path, binding) { _ = try await Vault.openWithPassphrase(path: file, passphrase: password) }
            } else {
                let fmt = try format(String(openedAs.dropFirst("import:".count)))
                let secret: String? = password == "-" ? nil : password
                try await expectRejected(path, binding) {
                    _ = try await target.importFile(contents: before, format: fmt, password: secret, now: now)
                }
            }
            try expectEqual(try Data(contentsOf: URL(fileURLWithPath: file)), before, "\(path): the file was changed")
        }
        try expectEqual(try target.accounts().count, 0, "a refused import added accounts")
    }
}
