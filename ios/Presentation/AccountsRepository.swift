import Foundation

/// The vault as the screens see it. Implemented over Rust by `RustAccountsRepository` (ios/App),
/// and by a fake in tests. Every call may throw `OtpKitFailure`.
public protocol AccountsRepository: AnyObject, Sendable {
    /// Yields after every change to the accounts (add, rename, remove, import).
    func changes() -> AsyncStream<Void>
    func accounts() async throws -> [Account]
    /// Takes in what another process (an AutoFill extension, a widget) saved since the vault
    /// was read, yielding on `changes()` if there was something. Call it when the app comes back
    /// to the foreground.
    func reloadIfChanged() async throws
    /// Every account's current code, as the device clock (plus any opted-in correction) reads it.
    func codes() async throws -> [AccountCode]
    /// Advances an HOTP account's counter (saved first) and returns its code.
    func nextHotpCode(accountId: String) async throws -> Code
    func rename(accountId: String, label: String) async throws
    func remove(accountId: String) async throws
    /// Reads a pasted or linked `otpauth://` URI without adding anything.
    func previewUri(_ uri: String) async throws -> UriPreview
    func addUri(_ uri: String) async throws -> ImportResult
    func addScanned(_ code: any ScannedQr) async throws -> ImportResult
    /// Adds every account of a complete export (see `QrFrameScanner.takeCompleteExport`) in one save.
    func addExport(_ export: any ScannedExport) async throws -> ImportResult
    /// Writes a passphrase-protected backup of every account to `path` (a file the app then
    /// hands to the system file exporter).
    func exportBackup(passphrase: String, path: String) async throws
    /// Imports a backup or another app's export; `password` for encrypted files.
    func importBackup(_ contents: Data, password: String?) async throws -> ImportResult
    /// Asks time servers how far off the device clock is (`manual`: the user tapped "check").
    func checkClock(manual: Bool) async throws -> DriftReport

    /// The ways the vault can be unlocked now (its key slots).
    func unlockMethods() async throws -> Set<UnlockMethod>

    /// Turns Face ID / Touch ID unlock on with a new key; it replaces an older biometric slot,
    /// e.g. one a biometric change invalidated.
    func enableBiometricUnlock() async throws

    /// Sets (or changes) the passphrase that opens the vault; the accounts are not re-encrypted.
    func setPassphrase(_ passphrase: String) async throws

    /// Turns Face ID / Touch ID unlock off: the platform slot is removed. Refused with
    /// `.lastKeySlot` when it is the vault's only way to open.
    func disableBiometricUnlock() async throws

    /// Changes the passphrase with a re-key: the accounts are encrypted again under a new key
    /// that only `passphrase` and, with `keepBiometrics`, a new Face ID key open (the sheet
    /// shows), so an old copy of the vault file opens with nothing saved from now on.
    func changePassphrase(_ passphrase: String, keepBiometrics: Bool) async throws

    /// The clock correction in use, in ms (what is added to the device clock); nil when off.
    func clockCorrectionMs() async throws -> Int64?

    /// Turns the clock correction on from the last clock check (see `checkClock`); returns it in
    /// ms. Refused, with the reason, without an agreeing and precise enough check.
    func turnOnClockCorrection() async throws -> Int64

    func turnOffClockCorrection() async throws

    /// The QR codes that move `accountIds` (in that order) to another phone in Google
    /// Authenticator's export format. They hold every secret: `TransferCode.clear()` when done.
    func transferCodes(accountIds: [String]) async throws -> [TransferCode]

    /// Locks: the Rust vault is released (destroyed once no call holds it); any later call
    /// fails with `.cancelled`. Closing twice does nothing.
    func close()
}

/// Creates or opens the vault (implemented over Rust by `OtpKitModule`). Every call may throw
/// `OtpKitFailure`.
public protocol VaultOpener: Sendable {
    var vaultExists: Bool { get }

    /// Creates the vault, unlocked by `passphrase`; biometrics are added afterwards.
    func create(passphrase: String) async throws -> any AccountsRepository

    func openWithPassphrase(_ passphrase: String) async throws -> any AccountsRepository

    /// Shows the biometric sheet; `.keyUnavailable` when the key is gone, `.cancelled` when the user closed it.
    func openWithBiometrics() async throws -> any AccountsRepository
}

/// One camera frame's luma (Y) plane: `width` x `height` pixels, rows `rowStride` bytes apart,
/// turned `rotationDegrees` clockwise from upright.
public struct LumaFrame: Sendable {
    public var luma: Data
    public var width: Int
    public var height: Int
    public var rowStride: Int
    public var rotationDegrees: Int

    public init(luma: Data, width: Int, height: Int, rowStride: Int, rotationDegrees: Int) {
        self.luma = luma
        self.width = width
        self.height = height
        self.rowStride = rowStride
        self.rotationDegrees = rotationDegrees
    }
}

/// Finds QR codes in camera frames and picked images' luma planes (the bindings' QrScanner
/// behind a protocol; images are decoded by the platform, see `PickedImage`), and
/// tracks the codes of Google Authenticator exports across frames (the bindings'
/// ExportBatchTracker). One per scan screen.
public protocol QrFrameScanner: Sendable {
    func scanLuma(_ frame: LumaFrame) throws -> [any ScannedQr]
    /// Records an export code (one seen before changes nothing) and gives its export's progress.
    /// Throws `OtpKitFailure` for a code that does not fit the codes of its export seen before.
    func recordExportPart(_ code: any ScannedQr) throws -> ExportBatchProgress
    /// The whole export once every code is in (it leaves the tracker); nil while codes are missing.
    func takeCompleteExport(batchId: Int) -> (any ScannedExport)?
    /// Forgets every export in progress.
    func resetExports()
}

/// Suspends until the next refresh.
public protocol Ticker: Sendable {
    func waitForTick() async throws
}

/// The app's ticker: wakes at each whole second of `nowMillis`.
public struct SecondTicker: Ticker {
    let nowMillis: @Sendable () -> Int64

    public init(nowMillis: @escaping @Sendable () -> Int64) {
        self.nowMillis = nowMillis
    }

    public func waitForTick() async throws {
        let ms = 1000 - ((nowMillis() % 1000) + 1000) % 1000
        try await Task.sleep(nanoseconds: UInt64(ms) * 1_000_000)
    }
}

/// A value that can be watched: the latest state, and a stream of every change (starting with
/// the current value). The view models own one each; the SwiftUI wrappers watch it.
public final class StateChannel<State: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var current: State
    private var continuations: [Int: AsyncStream<State>.Continuation] = [:]
    private var nextId = 0

    init(_ initial: State) {
        current = initial
    }

    public var value: State {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func send(_ state: State) {
        lock.lock()
        current = state
        let targets = Array(continuations.values)
        lock.unlock()
        for continuation in targets { continuation.yield(state) }
    }

    public func stream() -> AsyncStream<State> {
        AsyncStream { continuation in
            lock.lock()
            let id = nextId
            nextId += 1
            continuations[id] = continuation
            let now = current
            lock.unlock()
            continuation.yield(now)
            continuation.onTermination = { [weak self] _ in self?.remove(id) }
        }
    }

    private func remove(_ id: Int) {
        lock.lock()
        continuations[id] = nil
        lock.unlock()
    }
}
