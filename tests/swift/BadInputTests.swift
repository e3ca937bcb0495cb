// The bad-input corpus (tests/vectors/bad, shared with the Rust CLI suite) through the generated
// Swift: every input throws the OtpKitError case, ErrorReason and ErrorDetails the corpus names,
// never crashes, and no message echoes the corpus's secret.

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

/// Kotlin's SCREAMING_SNAKE name (the corpus's spelling) as Swift's lowerCamel case name.
private func swiftCase(_ name: String) -> String {
    let words = name.lowercased().split(separator: "_")
    return words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
}

/// One field of ErrorDetails as the corpus writes it (enums by Swift case name).
func detail(_ details: ErrorDetails, _ key: String) throws -> String? {
    switch key {
    case "position": return details.position.map { "\($0)" }
    case "value": return details.value.map { "\($0)" }
    case "length": return details.length.map { "\($0)" }
    case "limit": return details.limit.map { "\($0)" }
    case "field": return details.field
    case "found": return details.found
    case "server": return details.server
    case "format": return details.format.map { "\($0)" }
    case "slot": return details.slot.map { "\($0)" }
    case "accountId": return details.accountId
    default: throw Failure(description: "unknown detail \(key)")
    }
}

/// Runs `body`, which must throw the OtpKitError case named `expected`, with `reason` and the
/// `details` (`key=value,...` or `-`) the corpus names.
private func expectRejected(
    _ name: String, _ expected: String, _ reason: String, _ details: String, _ body: () async throws -> Void
) async throws {
    do {
        try await body()
    } catch let error as OtpKitError {
        let message = error.text()
        try expectEqual(caseName(error), expected, "\(name): \(message)")
        try expectEqual("\(error.reason())", swiftCase(reason), "\(name): reason")
        if details != "-" {
            for pair in details.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                let expectedValue = parts[0] == "format" || parts[0] == "slot" ? swiftCase(parts[1]) : parts[1]
                try expectEqual(try detail(error.details(), parts[0]), expectedValue, "\(name): \(parts[0])")
            }
        }
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
    case "proton": return .proton
    case "bitwarden": return .bitwarden
    case "freeotp-plus": return .freeOtpPlus
    case "freeotp": return .freeOtp
    case "andotp": return .andOtp
    case "authenticator-pro": return .authenticatorPro
    case "ente": return .ente
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
            let (name, binding, reason, details, input) = (row[0], row[2], row[3], row[4], row[5])
            try await expectRejected("\(name) (parseUri)", binding, reason, details) { _ = try parseUri(uri: input) }
            try await expectRejected("\(name) (codeForUri)", binding, reason, details) {
                _ = try codeForUri(uri: input, atUnixSeconds: 59)
            }
        }
    }

    suite.test("every bad file in the corpus throws its typed error and changes nothing") {
        let rows = try corpus(bad + "/files.tsv")
        guard rows.count >= 10 else { throw Failure(description: "corpus too small") }
        let now = FixedWallClock(millis: 1_700_000_000_000)
        let target = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now)
        for row in rows {
            let (path, openedAs, password, binding) = (row[0], row[1], row[2], row[4])
            let (reason, details) = (row[5], row[6])
            let file = repo.appendingPathComponent(path).path
            let before = try Data(contentsOf: URL(fileURLWithPath: file))
            if openedAs == "vault" {
                try await expectRejected(path, binding, reason, details) { _ = try await Vault.openWithPassphrase(path: file, passphrase: password, clock: now) }
            } else {
                let fmt = try format(String(openedAs.dropFirst("import:".count)))
                let secret: String? = password == "-" ? nil : password
                try await expectRejected(path, binding, reason, details) {
                    _ = try await target.importFile(contents: before, format: fmt, password: secret)
                }
            }
            try expectEqual(try Data(contentsOf: URL(fileURLWithPath: file)), before, "\(path): the file was changed")
        }
        try expectEqual(try target.accounts().count, 0, "a refused import added accounts")
    }
}
