// The screens' pure logic: search, code grouping, the countdown ring, the drift banner text,
// the import report and the clipboard policy. No state, no platform: tested on Linux.

import Foundation

/// The search box: every word of the query must appear in the issuer, label, group or note,
/// ignoring case and accents ("gith" finds GitHub, "zurich" finds Zürich Bank).
public enum AccountSearch {
    public static func matches(_ account: Account, query: String) -> Bool {
        let words = fold(query).split(whereSeparator: { $0.isWhitespace })
        if words.isEmpty { return true }
        let haystack = [account.issuer, account.label, account.group, account.note]
            .compactMap { $0 }.map(fold).joined(separator: " ")
        return words.allSatisfy { haystack.contains($0) }
    }

    public static func filter(_ accounts: [Account], query: String) -> [Account] {
        accounts.filter { matches($0, query: query) }
    }

    private static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}

/// Codes shown in groups, as authenticators do: "123 456", "1234 5678", "12345" (Steam, 5).
public enum CodeFormat {
    public static func grouped(_ code: String) -> String {
        let split: Int
        switch code.count {
        case 6, 7: split = 3
        case 8: split = 4
        default: return code
        }
        return "\(code.prefix(split)) \(code.dropFirst(split))"
    }
}

/// The countdown ring of a time-based code at an instant.
public struct Countdown: Sendable, Equatable {
    public var secondsLeft: Int
    /// 1.0 for a fresh code down to 0.0 when it changes.
    public var progress: Double

    public init(secondsLeft: Int, progress: Double) {
        self.secondsLeft = secondsLeft
        self.progress = progress
    }

    /// Nil for HOTP (no validity window). Clamped: an expired code shows 0, not a negative.
    public static func of(_ code: Code, nowMs: Int64) -> Countdown? {
        guard let until = code.validUntilUnix, let period = code.periodSeconds, period > 0 else { return nil }
        let periodMs = Int64(period) * 1000
        let leftMs = min(max(until * 1000 - nowMs, 0), periodMs)
        return Countdown(secondsLeft: Int((leftMs + 999) / 1000), progress: Double(leftMs) / Double(periodMs))
    }
}

/// The banner above the code list when the device clock is off enough to break codes.
public struct DriftBanner: Sendable, Equatable {
    public enum Severity: Sendable, Equatable { case warning, error }

    public var severity: Severity
    /// "Your phone's clock is 47 s fast", in the user's language.
    public var title: UiText
    /// How bad it is and what to do.
    public var message: UiText
    /// The button that opens Settings (iOS offers no deep link to Date & Time).
    public var actionLabel: UiText

    /// No banner when the clock is fine or its state is unknown (offline is not an alarm).
    public static func from(_ report: DriftReport) -> DriftBanner? {
        let severity: Severity
        let message: UiText
        switch report.status {
        case .ok, .unknown: return nil
        case .warn: (severity, message) = (.warning, Texts.driftSomeRejected)
        case .bad: (severity, message) = (.error, Texts.driftAllRejected)
        }
        guard let offset = report.offsetMs else { return nil }
        return DriftBanner(severity: severity, title: title(offsetMs: offset), message: message, actionLabel: Texts.driftActionIos)
    }

    /// `offsetMs` is what to add to the device clock: negative means the phone is fast.
    public static func title(offsetMs: Int64) -> UiText {
        offsetMs < 0 ? Texts.driftFast(duration: duration(ms: offsetMs.magnitude)) : Texts.driftSlow(duration: duration(ms: offsetMs.magnitude))
    }

    /// "47 s", "1 min 5 s", "3 h 2 min", "2 d 5 h": the two largest units, rounded to the
    /// second. Unit symbols, so no plural forms in any language.
    public static func duration(ms: UInt64) -> UiText {
        let total = Int64(clamping: ms / 1000 + (ms % 1000 >= 500 ? 1 : 0))
        let days = total / 86_400, hours = (total % 86_400) / 3600
        let minutes = (total % 3600) / 60, seconds = total % 60
        if days > 0 { return hours > 0 ? Texts.durationDH(d: days, h: hours) : Texts.durationD(d: days) }
        if hours > 0 { return minutes > 0 ? Texts.durationHMin(h: hours, min: minutes) : Texts.durationH(h: hours) }
        if minutes > 0 { return seconds > 0 ? Texts.durationMinS(min: minutes, s: seconds) : Texts.durationMin(min: minutes) }
        return Texts.durationS(s: seconds)
    }

    /// What to say after a check the user asked for that raised no banner.
    public static func checkedText(_ report: DriftReport) -> UiText {
        report.status == .ok ? Texts.driftClockFine : Texts.driftUnknown
    }
}

/// An add's or import's outcome as the result sheet shows it.
public struct ImportReportUi: Sendable, Equatable {
    /// "Accounts added: 3", "Already in your accounts", "Nothing was added".
    public var title: UiText
    /// One line per entry that was not simply added.
    public var lines: [UiText]
    public var addedCount: Int
    public var isError: Bool

    public static func from(_ result: ImportResult) -> ImportReportUi {
        let added = result.added.count
        let title: UiText
        if added > 0 {
            title = Texts.reportAdded(count: Int64(added))
        } else if !result.duplicates.isEmpty && result.rejected.isEmpty {
            title = result.duplicates.count == 1 ? Texts.reportAlreadyOne : Texts.reportAlreadyAll
        } else {
            title = Texts.reportNothingAdded
        }
        let lines = result.duplicates.map { Texts.reportLineDuplicate(name: $0) }
            + result.rejected.map(NoteText.of)
            + result.normalised.map(NoteText.of)
        return ImportReportUi(title: title, lines: lines, addedCount: added, isError: added == 0 && !result.rejected.isEmpty)
    }
}

/// The words of an import's notes and of a preview's warnings.
public enum NoteText {
    /// "GitHub: ada: <reason>". The entry's name is shown as the source wrote it; the reason is
    /// core's English: the FFI gives a rejection no kind to translate by.
    public static func of(_ note: ImportNote) -> UiText {
        Texts.reportLine(name: note.name, message: note.message)
    }

    /// "GitHub: ada: <warning>", the warning worded as a preview's.
    public static func of(_ note: NormalisedNote) -> UiText {
        Texts.reportLineWarning(name: note.name, warning: of(note.warning))
    }

    /// A parser warning by its kind (`uri_warning_<kind>`); core's English for a kind newer than the app.
    public static func of(_ warning: UriWarning) -> UiText {
        let key = "uri_warning_" + warning.kind
        return Texts.keys.contains(key) ? UiText(key) : Texts.coreMessage(message: warning.message)
    }
}

/// A copied code is a credential: the pasteboard item is local-only and expires 30 s later
/// (UIPasteboard's `.localOnly` and `.expirationDate`), so it never reaches Universal Clipboard.
public enum ClipboardPolicy {
    /// How long a copied code stays on the pasteboard.
    public static let clearAfterMs: Int64 = 30_000

    public static func copy(_ code: String, nowMs: Int64) -> ClipboardCopy {
        ClipboardCopy(text: code.filter { $0 != " " }, copiedAtMs: nowMs, clearAtMs: nowMs + clearAfterMs)
    }

    /// Whether to clear now: the delay has passed and the item on the pasteboard is still ours.
    public static func shouldClear(_ copy: ClipboardCopy, nowMs: Int64, clipIsStillOurs: Bool) -> Bool {
        clipIsStillOurs && nowMs >= copy.clearAtMs
    }

    /// The confirmation the app shows after a copy (iOS shows none of its own).
    public static let copied = Texts.codesCopied
}

/// A code put on the pasteboard: the digits only, to clear at `clearAtMs`.
public struct ClipboardCopy: Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var copiedAtMs: Int64
    public var clearAtMs: Int64

    public var description: String { "ClipboardCopy(<redacted>, clearAtMs: \(clearAtMs))" }
}

/// The HMAC hash, as the manual form offers it.
public enum HashAlgorithm: Sendable, Equatable { case sha1, sha256, sha512 }

/// The "enter a setup key" form. The core does the real validation and its message is shown
/// under the form; this only catches the empty fields before the call. The setup key is masked
/// as it is typed unless the user asked to see it (`secretShown`).
public struct ManualEntryForm: Sendable, Equatable, CustomStringConvertible {
    public static let showSecret = Texts.addShowSetupKey
    public static let hideSecret = Texts.addHideSetupKey

    public var issuer = ""
    public var label = ""
    public var secret = ""
    public var type = OtpType.totp
    public var algorithm = HashAlgorithm.sha1
    public var digits = 6
    public var periodSeconds = 30
    public var counter: Int64 = 0
    /// The setup key is shown in clear (the user tapped "show"); masked by default.
    public private(set) var secretShown = false

    public init() {}

    /// The show/hide button next to the setup key.
    public mutating func toggleSecretShown() {
        secretShown.toggle()
    }

    /// What the show/hide button does, for its label (and VoiceOver).
    public var secretToggleLabel: UiText { secretShown ? Self.hideSecret : Self.showSecret }

    /// The first problem with the fields, or nil.
    public var problem: UiText? {
        if trimmed(label).isEmpty && trimmed(issuer).isEmpty { return Texts.manualNameMissing }
        if trimmed(secret).isEmpty { return Texts.manualKeyMissing }
        return nil
    }

    /// The form as an `otpauth://` URI, which the vault adds like a scanned one.
    public var uri: String {
        let name = [trimmed(issuer), trimmed(label)].filter { !$0.isEmpty }.map(encode).joined(separator: ":")
        let host: String
        switch type {
        case .totp: host = "totp"
        case .hotp: host = "hotp"
        case .steam: host = "steam"
        }
        let alg: String
        switch algorithm {
        case .sha1: alg = "SHA1"
        case .sha256: alg = "SHA256"
        case .sha512: alg = "SHA512"
        }
        var params = ["secret=" + encode(trimmed(secret))]
        if !trimmed(issuer).isEmpty { params.append("issuer=" + encode(trimmed(issuer))) }
        if type != .steam { params += ["algorithm=\(alg)", "digits=\(digits)"] }
        switch type {
        case .totp, .steam: params.append("period=\(periodSeconds)")
        case .hotp: params.append("counter=\(counter)")
        }
        return "otpauth://\(host)/\(name)?\(params.joined(separator: "&"))"
    }

    public var description: String {
        "ManualEntryForm(issuer: \(issuer), label: \(label), secret: <redacted>, type: \(type))"
    }

    private func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces) }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? s
    }
}

/// The `otpauth://` (or `otpauth-migration://`) link the app was opened with, on its way to the
/// add screen. The system may hand it over while the vault is locked: it waits here, and once the
/// vault is open the code list takes it (`take()`) and opens the add screen with it, once. A
/// newer link replaces one still waiting; a link of any other scheme is ignored.
public struct OpenedLinks: Sendable, Equatable {
    /// The schemes of the links the app registers for.
    public static let schemes: Set<String> = ["otpauth", "otpauth-migration"]

    /// The link waiting for the add screen, if any: the unlocked screens watch it.
    public private(set) var waiting: String?

    public init() {}

    /// A link from the system; true when it was kept.
    @discardableResult
    public mutating func receive(_ link: String) -> Bool {
        let text = link.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.isAuthenticatorLink(text) else { return false }
        waiting = text
        return true
    }

    /// The waiting link, handed over once (nil when none waits). Only the unlocked screens call
    /// it: while the vault is locked the link keeps waiting.
    public mutating func take() -> String? {
        defer { waiting = nil }
        return waiting
    }

    public static func isAuthenticatorLink(_ text: String) -> Bool {
        guard let range = text.range(of: "://") else { return false }
        let scheme = text[..<range.lowerBound].lowercased()
        return schemes.contains(scheme) && range.upperBound < text.endIndex
    }
}

/// Whether the app may use the camera, as far as the add screen knows.
public enum CameraPermission: Sendable, Equatable {
    /// The user has not answered the system's question yet (it is asked when the screen opens).
    case notAsked
    case granted
    /// Refused: the camera area explains, with a button to the app's page in Settings.
    case denied
}

/// The add screen's camera permission: when to ask the system, and what a refusal shows. The
/// screen asks once when it opens (`shouldAsk`); a refusal is kept until the system says the
/// camera is allowed (the user came back from Settings), and is never asked about again on its
/// own: the system would not show its question a second time anyway.
public enum CameraAccess {
    /// What the camera area says after a refusal.
    public static let deniedMessage = Texts.cameraDeniedIos
    /// Its button, to the app's page in Settings.
    public static let openSettings = Texts.cameraOpenSettingsIos

    /// When the screen opens: `granted` is what the system says now.
    public static func initial(granted: Bool) -> CameraPermission { granted ? .granted : .notAsked }

    /// Ask the system when the screen opens? Only when the user never answered on this visit.
    public static func shouldAsk(_ permission: CameraPermission) -> Bool { permission == .notAsked }

    /// The user answered the system's question.
    public static func answered(granted: Bool) -> CameraPermission { granted ? .granted : .denied }

    /// Back in the foreground (perhaps from Settings): `granted` is what the system says now. A
    /// question not answered yet stays open (the system's own alert makes the scene inactive too).
    public static func resumed(_ current: CameraPermission, granted: Bool) -> CameraPermission {
        if granted { return .granted }
        return current == .granted ? .denied : current
    }
}
