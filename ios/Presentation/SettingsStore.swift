import Foundation

/// The app's few preferences, outside the vault (they are read while it is locked). Implemented
/// by UserDefaults in the app, by a fake in tests. None of them is a secret.
public protocol SettingsStore: AnyObject, Sendable {
    /// How long the app may stay in the background before the vault locks.
    var autoLock: AutoLockDelay { get set }
    /// Whether the user wants Face ID unlock: false once they turned it off in the settings, so
    /// the unlock screen neither offers it nor asks to turn it back on.
    var biometricUnlock: Bool { get set }
    /// The way in chosen on first run (restore or transfer) until its step is done: a vault
    /// created and then left goes back to that step at the next unlock instead of an
    /// unexplained empty list.
    var pendingFirstRun: FirstRunWay? { get set }
}

/// How long after the app leaves the screen the vault locks. The device locking locks at once.
public enum AutoLockDelay: String, Sendable, Equatable, CaseIterable {
    case immediately, seconds30, minute1, minutes5, minutes15

    public var ms: Int64 {
        switch self {
        case .immediately: return 0
        case .seconds30: return 30_000
        case .minute1: return 60_000
        case .minutes5: return 300_000
        case .minutes15: return 900_000
        }
    }

    /// "Immediately", "30 s", "1 min", in the user's language.
    public var label: UiText {
        self == .immediately ? Texts.autoLockImmediately : DriftBanner.duration(ms: UInt64(ms))
    }

    /// Long enough to copy a code into another app and come back, short enough for a lost phone.
    public static let `default` = AutoLockDelay.minute1

    /// A stored name back to its delay; an unknown or missing one is the default.
    public static func named(_ name: String?) -> AutoLockDelay {
        name.flatMap(AutoLockDelay.init(rawValue:)) ?? .default
    }
}

/// The three ways into the app on a new phone.
public enum FirstRunWay: String, Sendable, Equatable, CaseIterable {
    /// A backup file exported on the old phone (OtpKit's, or another app's export).
    case restore
    /// The QR codes the old phone shows (Google Authenticator's export format).
    case transfer
    /// No accounts yet.
    case fresh

    public static func named(_ name: String?) -> FirstRunWay? {
        name.flatMap(FirstRunWay.init(rawValue:))
    }
}

/// A `SettingsStore` over the platform's string preferences (UserDefaults): `read` a key's
/// value (nil when unset), `write` one (nil removes it).
public final class KeyValueSettingsStore: SettingsStore, @unchecked Sendable {
    public static let autoLockKey = "auto_lock"
    public static let biometricUnlockKey = "biometric_unlock"
    public static let pendingFirstRunKey = "pending_first_run"

    private let read: (String) -> String?
    private let write: (String, String?) -> Void

    public init(read: @escaping (String) -> String?, write: @escaping (String, String?) -> Void) {
        self.read = read
        self.write = write
    }

    /// Over `defaults` (UserDefaults is thread-safe).
    public convenience init(defaults: UserDefaults) {
        self.init(read: { defaults.string(forKey: $0) }, write: { defaults.set($1, forKey: $0) })
    }

    public var autoLock: AutoLockDelay {
        get { AutoLockDelay.named(read(Self.autoLockKey)) }
        set { write(Self.autoLockKey, newValue.rawValue) }
    }

    public var biometricUnlock: Bool {
        get { read(Self.biometricUnlockKey) != "off" }
        set { write(Self.biometricUnlockKey, newValue ? "on" : "off") }
    }

    public var pendingFirstRun: FirstRunWay? {
        get { FirstRunWay.named(read(Self.pendingFirstRunKey)) }
        set { write(Self.pendingFirstRunKey, newValue?.rawValue) }
    }
}
