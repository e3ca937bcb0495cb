// Every conversion between the generated bindings (module OtpKit) and the app's models
// (OtpKitPresentation), in one file. Enums are mapped with exhaustive `switch`, never by
// position, so a case added in Rust breaks the build here instead of showing the wrong thing.

import Foundation
import OtpKit
import OtpKitPresentation

extension OtpKit.OtpKind {
    var otpType: OtpType {
        switch self {
        case .totp: return .totp
        case .hotp: return .hotp
        case .steam: return .steam
        }
    }
}

extension OtpKit.AccountView {
    var account: Account {
        Account(
            id: accountId, type: kind.otpType, issuer: issuer, label: label, displayName: displayName,
            digits: Int(digits), periodSeconds: periodSeconds.map(Int.init), group: group, note: note)
    }
}

extension OtpKit.CodeView {
    var appCode: OtpKitPresentation.Code {
        OtpKitPresentation.Code(
            value: self.code, next: nextCode, validUntilUnix: validUntilUnix, periodSeconds: periodSeconds.map(Int.init))
    }
}

extension OtpKit.AccountCode {
    var accountCode: OtpKitPresentation.AccountCode {
        OtpKitPresentation.AccountCode(accountId: accountId, code: code?.appCode)
    }
}

extension OtpKit.DriftStatus {
    var status: OtpKitPresentation.DriftStatus {
        switch self {
        case .ok: return .ok
        case .warn: return .warn
        case .bad: return .bad
        case .unknown: return .unknown
        }
    }
}

extension OtpKit.DriftReport {
    var report: OtpKitPresentation.DriftReport {
        OtpKitPresentation.DriftReport(status: status.status, message: message, offsetMs: offsetMs, fresh: fresh)
    }
}

extension OtpKit.ImportReport {
    var result: ImportResult {
        ImportResult(
            added: added.map(\.name), duplicates: duplicates.map(\.name),
            normalised: normalised.map {
                NormalisedNote(name: $0.name, warning: UriWarning(kind: $0.kind, message: $0.message))
            },
            rejected: rejected.map { OtpKitPresentation.ImportNote(name: $0.name, message: $0.message) })
    }
}

extension OtpKit.ParsedUri {
    var preview: UriPreview {
        UriPreview(
            accounts: accounts.map {
                OtpKitPresentation.AccountPreview(
                    type: $0.kind.otpType, issuer: $0.issuer, label: $0.label, digits: Int($0.digits),
                    periodSeconds: $0.periodSeconds.map(Int.init))
            },
            warnings: warnings.map { UriWarning(kind: $0.kind, message: $0.message) },
            rejected: rejected.map { OtpKitPresentation.ImportNote(name: $0.name, message: $0.message) },
            exportPart: exportPart.map { OtpKitPresentation.ExportPart(batchId: Int($0.batchId), index: Int($0.index), size: Int($0.size)) })
    }
}

extension OtpKit.SlotKind {
    var unlockMethod: UnlockMethod {
        switch self {
        case .passphrase: return .passphrase
        case .platform: return .biometrics
        }
    }
}

extension OtpKitError {
    /// The app's failure: the kind from the case (what the app does), the user's text from the
    /// reason and its details (what it says, in the user's language), and core's English text
    /// for logs.
    var failure: OtpKitFailure {
        let kind: FailureKind
        switch self {
        case .InvalidInput: kind = .invalidInput
        case .ClockUnusable: kind = .clockUnusable
        case .VaultNotFound: kind = .vaultNotFound
        case .WrongPassphrase: kind = .wrongPassphrase
        case .PasswordRequired: kind = .passwordRequired
        case .KeyUnavailable: kind = .keyUnavailable
        case .Cancelled: kind = .cancelled
        case .LastKeySlot: kind = .lastKeySlot
        case .VaultCorrupt: kind = .vaultCorrupt
        case .NewerVersion: kind = .newerVersion
        // RustAccountsRepository reloads and retries once; a second refusal is shown as a
        // storage failure ("try again").
        case .ChangedElsewhere: kind = .storage
        case .Storage: kind = .storage
        case .Internal: kind = .internal
        }
        return OtpKitFailure(kind, reason().text(details()), message: message)
    }
}

extension ErrorReason {
    /// The user's text of a reason: `error_<reason>` filled from `details` (tools/strings/errors.toml).
    public func text(_ details: ErrorDetails) -> UiText {
        ErrorText.of(
            String(describing: self),
            position: details.position, value: details.value, length: details.length, limit: details.limit,
            field: details.field, found: details.found, server: details.server,
            format: details.format.map { String(describing: $0) }, slot: details.slot.map { String(describing: $0) })
    }
}

/// Runs a bindings call, turning its error into the app's `OtpKitFailure`.
func mapped<T>(_ call: () throws -> T) throws -> T {
    do {
        return try call()
    } catch let error as OtpKitError {
        throw error.failure
    }
}

/// The same for an async call.
func mapped<T>(_ call: () async throws -> T) async throws -> T {
    do {
        return try await call()
    } catch let error as OtpKitError {
        throw error.failure
    }
}
