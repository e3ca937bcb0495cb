// Codes for typed-in keys, through the generated Swift: RFC vectors at fixed instants, the
// app's clock, and bad input arriving as typed errors with their messages.

import Foundation
import OtpKit

/// Clocks the test sets: the app's `WallClock`, implemented in Swift.
final class FixedWallClock: WallClock, @unchecked Sendable {
    let millis: Int64
    let bootMillis: Int64
    init(millis: Int64, bootMillis: Int64 = 3_600_000) {
        self.millis = millis
        self.bootMillis = bootMillis
    }
    func nowUnixMillis() -> Int64 { millis }
    func millisSinceBoot() -> Int64 { bootMillis }
}

func entry(
    _ secret: String, kind: OtpKind? = nil, algorithm: HashAlgorithm? = nil, digits: Int32? = nil,
    period: Int32? = nil, counter: Int64? = nil
) -> ManualEntry {
    ManualEntry(
        setupKey: SetupKey(text: secret), kind: kind, algorithm: algorithm, digits: digits,
        periodSeconds: period, counter: counter)
}

func codesTests(_ suite: Suite, _ vectors: Vectors) {
    suite.test("RFC 6238 SHA1, SHA256 and SHA512 vectors at their instants") {
        for v in vectors.totp {
            let view = try codeAt(entry: entry(v.key, algorithm: v.algorithm, digits: 8), atUnixSeconds: v.at)
            try expectEqual(view.code, v.code, "\(v.name) at \(v.at)")
        }
    }

    suite.test("a code view carries the next code, seconds left and period") {
        let view = try codeAt(entry: entry(RfcKeys.sha1, digits: 8), atUnixSeconds: 59)
        // 59 is the last second of step 1; step 2 starts at 60.
        let next = try codeAt(entry: entry(RfcKeys.sha1, digits: 8), atUnixSeconds: 60)
        try expectEqual(
            view,
            CodeView(
                code: "94287082", nextCode: next.code, secondsLeft: 1, periodSeconds: 30,
                validUntilUnix: 60))
    }

    suite.test("RFC 4226 HOTP vectors, each with the next counter's code") {
        for (counter, expected) in vectors.hotp.enumerated() {
            let view = try codeAt(
                entry: entry(RfcKeys.sha1, kind: .hotp, counter: Int64(counter)), atUnixSeconds: 0)
            try expectEqual(view.code, expected, "counter \(counter)")
            if counter + 1 < vectors.hotp.count {
                try expectEqual(view.nextCode, vectors.hotp[counter + 1], "next after \(counter)")
            }
            try expectEqual(view.secondsLeft, nil, "HOTP codes do not expire")
            try expectEqual(view.periodSeconds, nil, "HOTP has no period")
        }
    }

    suite.test("a key typed lowercase with spaces gives the same code") {
        let typed = try codeAt(
            entry: entry("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", digits: 8), atUnixSeconds: 59)
        try expectEqual(typed.code, "94287082")
    }

    suite.test("Steam entries default to 5 characters from Steam's alphabet") {
        let view = try codeAt(entry: entry(RfcKeys.sha1, kind: .steam), atUnixSeconds: 59)
        try expectEqual(view.code.count, 5)
        try expect(
            view.code.allSatisfy { "23456789BCDFGHJKMNPQRTVWXY".contains($0) },
            "not Steam's alphabet: \(view.code)")
    }

    suite.test("codeNow reads the app's Swift clock") {
        let view = try codeNow(
            entry: entry(RfcKeys.sha1, digits: 8), clock: FixedWallClock(millis: 1_111_111_109_500))
        try expectEqual(view.code, "07081804")
        try expectEqual(view.validUntilUnix, 1_111_111_110)
        try expectEqual(view.secondsLeft, 1)
    }

    suite.test("a secret that is not base32 is InvalidInput with its position") {
        let error = try expectOtpKitError { try codeAt(entry: entry("JBSW1DPE"), atUnixSeconds: 0) }
        try expectError(error, "InvalidInput", "secret is not base32: '1' at position 5 (allowed: A-Z, 2-7)")
        // What an app translates: the reason and the position, the same on every case.
        try expectReason(error, .secretNotBase32, ErrorDetails(position: 5))
    }

    suite.test("an empty secret is InvalidInput saying what to enter") {
        let error = try expectOtpKitError { try codeAt(entry: entry("  "), atUnixSeconds: 0) }
        try expectError(error, "InvalidInput", "secret is empty (it must be base32 text such as JBSWY3DPEHPK3PXP)")
    }

    suite.test("out-of-range parameters are InvalidInput with the fix") {
        let digits = try expectOtpKitError {
            try codeAt(entry: entry(RfcKeys.sha1, digits: 9), atUnixSeconds: 0)
        }
        try expectError(digits, "InvalidInput", "digits is 9: use 6, 7 or 8")
        try expectReason(digits, .digitsOutOfRange, ErrorDetails(value: 9))
        let period = try expectOtpKitError {
            try codeAt(entry: entry(RfcKeys.sha1, period: 0), atUnixSeconds: 0)
        }
        try expectError(period, "InvalidInput", "period is 0 seconds: use 1 or more (30 is the usual value)")
        let negative = try expectOtpKitError {
            try codeAt(entry: entry(RfcKeys.sha1, period: -30), atUnixSeconds: 0)
        }
        try expectError(negative, "InvalidInput", "period is -30 seconds: use 1 or more (30 is the usual value)")
        try expectReason(negative, .periodOutOfRange, ErrorDetails(value: -30))
        try expectReason(period, .periodOutOfRange, ErrorDetails(value: 0))
        let steam = try expectOtpKitError {
            try codeAt(entry: entry(RfcKeys.sha1, kind: .steam, digits: 6), atUnixSeconds: 0)
        }
        try expectError(steam, "InvalidInput", "digits is 6: Steam Guard codes have exactly 5 characters, use 5")
    }

    suite.test("an instant before 1970 is InvalidInput") {
        let error = try expectOtpKitError { try codeAt(entry: entry(RfcKeys.sha1), atUnixSeconds: -1) }
        try expectError(error, "InvalidInput", "time -1 is before 1970: pass Unix seconds (seconds since 1 January 1970 UTC)")
        try expectReason(error, .invalidArgument, ErrorDetails(value: -1, field: "atUnixSeconds"))
    }

    suite.test("a device clock before 1970 is ClockUnusable, telling the user what to set") {
        let error = try expectOtpKitError {
            try codeNow(entry: entry(RfcKeys.sha1), clock: FixedWallClock(millis: -5_000))
        }
        try expectError(error, "ClockUnusable", "the device clock is set before 1970: set the date and time (turn on automatic date and time)")
        try expectReason(error, .clockBeforeEpoch)
    }

    suite.test("an OtpKitError's localizedDescription is its user-facing message") {
        do {
            _ = try codeAt(entry: entry("!"), atUnixSeconds: 0)
            throw Failure(description: "'!' was accepted as a secret")
        } catch let error as OtpKitError {
            try expectEqual(error.message, "secret is not base32: '!' at position 1 (allowed: A-Z, 2-7)")
            let shown: Error = error
            try expectEqual(shown.localizedDescription, error.message)
        }
    }

    suite.test("a typed-in key never shows in ManualEntry's or SetupKey's description") {
        let typed = entry(RfcKeys.sha1, digits: 8)
        for shown in [String(describing: typed), String(reflecting: typed), "\(typed.setupKey)"] {
            try expect(!shown.contains(RfcKeys.sha1), shown)
        }
        try expect(String(describing: typed).contains("digits: Optional(8)"), String(describing: typed))
        // The key still works after being printed.
        try expectEqual(try codeAt(entry: typed, atUnixSeconds: 59).code, "94287082")
    }
}
