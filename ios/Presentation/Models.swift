// The app's own models: what the screens show. Built from the generated bindings' types in one
// mapping file (ios/App/OtpKit+Mapping.swift), so this target compiles on Linux and nothing here
// carries a secret except the text a user is typing into the manual form.

import Foundation

/// The kind of one-time password.
public enum OtpType: Sendable, Equatable {
    case totp, hotp, steam
}

/// One account as the list shows it. Never the secret.
public struct Account: Sendable, Equatable, Identifiable {
    public var id: String
    public var type: OtpType
    public var issuer: String?
    public var label: String
    public var displayName: String
    public var digits: Int
    /// Seconds per code; nil for HOTP.
    public var periodSeconds: Int?
    public var group: String?
    public var note: String?

    public init(
        id: String, type: OtpType, issuer: String?, label: String, displayName: String,
        digits: Int, periodSeconds: Int?, group: String?, note: String?
    ) {
        self.id = id
        self.type = type
        self.issuer = issuer
        self.label = label
        self.displayName = displayName
        self.digits = digits
        self.periodSeconds = periodSeconds
        self.group = group
        self.note = note
    }
}

/// One code and when it stops being valid.
public struct Code: Sendable, Equatable {
    public var value: String
    public var next: String
    /// Unix second at which `value` stops being valid; nil for HOTP.
    public var validUntilUnix: Int64?
    /// Seconds per code; nil for HOTP.
    public var periodSeconds: Int?

    public init(value: String, next: String, validUntilUnix: Int64?, periodSeconds: Int?) {
        self.value = value
        self.next = next
        self.validUntilUnix = validUntilUnix
        self.periodSeconds = periodSeconds
    }
}

/// One account's entry in a refresh: nil for HOTP, whose codes come on request.
public struct AccountCode: Sendable, Equatable {
    public var accountId: String
    public var code: Code?

    public init(accountId: String, code: Code?) {
        self.accountId = accountId
        self.code = code
    }
}

/// How the device clock stands (the core's verdict).
public enum DriftStatus: Sendable, Equatable {
    case ok, warn, bad, unknown
}

/// The outcome of a clock check. `offsetMs` is what to add to the device clock (negative: fast).
/// `message` is core's English, for logs: the screens say `DriftBanner`'s texts.
public struct DriftReport: Sendable, Equatable {
    public var status: DriftStatus
    public var message: String
    public var offsetMs: Int64?
    public var fresh: Bool

    public init(status: DriftStatus, message: String, offsetMs: Int64?, fresh: Bool) {
        self.status = status
        self.message = message
        self.offsetMs = offsetMs
        self.fresh = fresh
    }
}

/// A rejected entry of an import (or an export account the parser left out). The FFI gives
/// `message` as core's English text only (no kind to translate by): `NoteText` shows it as it is.
public struct ImportNote: Sendable, Equatable {
    public var name: String
    public var message: String

    public init(name: String, message: String) {
        self.name = name
        self.message = message
    }
}

/// A value the parser normalised in a URI, QR code or import file: `kind` is the FFI's stable name
/// (`secret_lowercase`, ...), which `NoteText` translates; `message` is core's English, for logs.
public struct UriWarning: Sendable, Equatable {
    public var kind: String
    public var message: String

    public init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// A normalisation of an entry an import added: the entry's name and its warning.
public struct NormalisedNote: Sendable, Equatable {
    public var name: String
    public var warning: UriWarning

    public init(name: String, warning: UriWarning) {
        self.name = name
        self.warning = warning
    }
}

/// What an add or import did. Every entry is in exactly one of added, duplicates and rejected.
public struct ImportResult: Sendable, Equatable {
    public var added: [String]
    public var duplicates: [String]
    public var normalised: [NormalisedNote]
    public var rejected: [ImportNote]

    public init(added: [String], duplicates: [String], normalised: [NormalisedNote], rejected: [ImportNote]) {
        self.added = added
        self.duplicates = duplicates
        self.normalised = normalised
        self.rejected = rejected
    }
}

/// One account a URI or QR code holds, without its secret.
public struct AccountPreview: Sendable, Equatable {
    public var type: OtpType
    public var issuer: String?
    public var label: String
    public var digits: Int
    public var periodSeconds: Int?

    public init(type: OtpType, issuer: String?, label: String, digits: Int, periodSeconds: Int?) {
        self.type = type
        self.issuer = issuer
        self.label = label
        self.digits = digits
        self.periodSeconds = periodSeconds
    }

    public var displayName: String {
        guard let issuer, !issuer.isEmpty else { return label }
        return "\(issuer): \(label)"
    }
}

/// Where a Google Authenticator export QR code sits in its export.
public struct ExportPart: Sendable, Equatable {
    public var batchId: Int
    public var index: Int
    public var size: Int

    public init(batchId: Int, index: Int, size: Int) {
        self.batchId = batchId
        self.index = index
        self.size = size
    }
}

/// What a URI or QR code holds.
public struct UriPreview: Sendable, Equatable {
    public var accounts: [AccountPreview]
    public var warnings: [UriWarning]
    public var rejected: [ImportNote]
    public var exportPart: ExportPart?

    public init(accounts: [AccountPreview], warnings: [UriWarning], rejected: [ImportNote], exportPart: ExportPart?) {
        self.accounts = accounts
        self.warnings = warnings
        self.rejected = rejected
        self.exportPart = exportPart
    }
}

/// How far a Google Authenticator export spread over several QR codes has come (Rust's export
/// tracker): the codes seen and still missing, by index from 0.
public struct ExportBatchProgress: Sendable, Equatable {
    public var batchId: Int
    public var size: Int
    public var seen: [Int]
    public var missing: [Int]
    public var complete: Bool

    public init(batchId: Int, size: Int, seen: [Int], missing: [Int], complete: Bool) {
        self.batchId = batchId
        self.size = size
        self.seen = seen
        self.missing = missing
        self.complete = complete
    }
}

/// Every code of one export, taken from the tracker once complete; its content stays in Rust.
public protocol ScannedExport: Sendable {
    var batchId: Int { get }
    var partCount: Int { get }
}

/// What a scanned QR code holds.
public enum ScannedKind: Sendable, Equatable {
    case account, exportPart, other
}

/// A QR code found by the scanner. Its text stays in Rust (it holds the secret): the app
/// previews it and adds it through `AccountsRepository.addScanned`.
public protocol ScannedQr: Sendable {
    var kind: ScannedKind { get }
    /// The accounts it holds; throws `OtpKitFailure` for a code that is not an authenticator code.
    func preview() throws -> UriPreview
}

/// Why a call failed: the kinds an app acts on differently (mirrors the bindings' OtpKitError).
public enum FailureKind: Sendable, Equatable {
    case invalidInput, clockUnusable, vaultNotFound, wrongPassphrase, passwordRequired
    case keyUnavailable, vaultCorrupt, newerVersion, storage
    /// Removing this key slot would leave the vault with no way to open.
    case lastKeySlot
    /// The user closed the Face ID sheet: nothing changed, nothing to say.
    case cancelled
    /// The random source or the encryption library failed: nothing changed; only "try again" helps.
    case `internal`
}

/// A way to unlock the vault: each is a key slot wrapping the vault's key.
public enum UnlockMethod: Sendable, Equatable, Hashable {
    /// The passphrase the user chose: always the way back in.
    case passphrase
    /// The Secure Enclave key behind Face ID / Touch ID; a biometric change destroys it.
    case biometrics
}

/// A failed call: `text` for the user, in their language; `message` core's English text for
/// logs. Neither ever holds a secret.
public struct OtpKitFailure: Error, Sendable, Equatable {
    public var kind: FailureKind
    public var text: UiText
    public var message: String

    public init(_ kind: FailureKind, _ text: UiText, message: String? = nil) {
        self.kind = kind
        self.text = text
        self.message = message ?? text.key
    }
}
