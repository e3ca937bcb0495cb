// otpauth:// URIs through the generated Swift: previews without the secret, codes at fixed
// instants, and rejections as typed errors that never echo the secret.

import OtpKit

func uriTests(_ suite: Suite, _ vectors: Vectors) {
    suite.test("parseUri previews the account with its defaults and without the secret") {
        let parsed = try parseUri(
            uri: "otpauth://totp/ACME%20Co:jane@example.com?secret=\(RfcKeys.sha1)&issuer=ACME%20Co")
        try expectEqual(
            parsed.accounts,
            [
                AccountPreview(
                    kind: .totp, issuer: "ACME Co", label: "jane@example.com", algorithm: .sha1, digits: 6,
                    periodSeconds: 30, counter: nil)
            ])
        try expectEqual(parsed.warnings, [])
        try expectEqual(parsed.exportPart, nil)
        try expect(!String(describing: parsed).contains(RfcKeys.sha1), "the preview leaks the secret")
    }

    suite.test("parseUri reads HOTP with its counter and SHA512 with 8 digits") {
        let hotp = try parseUri(uri: "otpauth://hotp/Example:alice?secret=\(RfcKeys.sha1)&counter=7").accounts
        try expectEqual(hotp.count, 1)
        try expectEqual(hotp[0].kind, .hotp)
        try expectEqual(hotp[0].counter, 7)
        try expectEqual(hotp[0].periodSeconds, nil)
        let totp = try parseUri(
            uri: "otpauth://totp/x?secret=\(RfcKeys.sha512)&algorithm=SHA512&digits=8&period=60"
        ).accounts
        try expectEqual(totp.count, 1)
        try expectEqual(totp[0].algorithm, .sha512)
        try expectEqual(totp[0].digits, 8)
        try expectEqual(totp[0].periodSeconds, 60)
    }

    suite.test("a lowercase or short secret is accepted with warnings the app can show") {
        let parsed = try parseUri(uri: "otpauth://totp/x?secret=\(RfcKeys.sha1.lowercased())")
        try expectEqual(parsed.accounts.count, 1)
        try expectEqual(
            parsed.warnings,
            [
                ParseWarning(
                    accountIndex: 0, kind: "secret_lowercase",
                    message: "the secret had lowercase letters; they were read as uppercase")
            ])
        let weak = try parseUri(uri: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP").warnings
        try expectEqual(weak.map(\.kind), ["weak_secret"])
        try expect(weak[0].message.hasPrefix("the secret is only 80 bits long"), weak[0].message)
    }

    suite.test("a Google Authenticator export previews its account, what was assumed, and its part") {
        // The public example export from digitalduke/otpauth-migration-decoder's README.
        let export = "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC"
        let parsed = try parseUri(uri: export)
        try expectEqual(
            parsed.accounts,
            [
                AccountPreview(
                    kind: .totp, issuer: "Example", label: "alice@google.com", algorithm: .sha1, digits: 6,
                    periodSeconds: 30, counter: nil)
            ])
        try expectEqual(
            parsed.warnings.map(\.kind), ["algorithm_assumed", "digits_assumed", "period_assumed", "weak_secret"])
        try expectEqual(parsed.exportPart, ExportPart(batchId: 0, index: 0, size: 0))
        try expectEqual(parsed.rejected, [])
        try expectEqual(
            try codeForUri(uri: export, atUnixSeconds: 1_700_000_000),
            try codeAt(entry: entry("JBSWY3DPEHPK3PXP"), atUnixSeconds: 1_700_000_000))
    }

    suite.test("codeForUri gives the RFC 6238 codes at their instants") {
        for v in vectors.totp {
            let uri = "otpauth://totp/RFC:6238?secret=\(v.key)&algorithm=\(v.name)&digits=8"
            try expectEqual(try codeForUri(uri: uri, atUnixSeconds: v.at).code, v.code, "\(v.name) at \(v.at)")
        }
    }

    suite.test("codeForUri gives the RFC 4226 HOTP code at the URI's counter") {
        let view = try codeForUri(uri: "otpauth://hotp/RFC:4226?secret=\(RfcKeys.sha1)&counter=5", atUnixSeconds: 0)
        try expectEqual(view.code, vectors.hotp[5])
        try expectEqual(view.nextCode, vectors.hotp[6])
    }

    suite.test("a URI whose secret is not base32 is InvalidInput naming the character, not the secret") {
        let error = try expectOtpKitError {
            try codeForUri(uri: "otpauth://totp/x?secret=JBSWY3DPEHPK3PX1", atUnixSeconds: 0)
        }
        try expectError(error, "InvalidInput", "secret is not base32: '1' at position 16 (allowed: A-Z, 2-7)")
    }

    suite.test("a URI with out-of-range digits is InvalidInput with the fix") {
        let error = try expectOtpKitError { try parseUri(uri: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9") }
        try expectError(error, "InvalidInput", "digits is 9: use 6, 7 or 8")
    }

    suite.test("text that is not an otpauth URI is InvalidInput with a message that does not echo it") {
        for text in ["https://example.com/?secret=\(RfcKeys.sha1)", "", "otpauth://"] {
            let error = try expectOtpKitError { try parseUri(uri: text) }
            guard case .InvalidInput(_, _, let message) = error else {
                throw Failure(description: "'\(text)' gave \(error), not InvalidInput")
            }
            try expect(!message.isEmpty, "empty message for '\(text)'")
            try expect(!message.contains(RfcKeys.sha1), "the message echoes the secret: \(message)")
        }
    }
}
