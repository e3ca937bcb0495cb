import Foundation
import OtpKit
import OtpKitPresentation

/// The app's `AccountsRepository` over the Rust vault: an actor owning the client, never on the
/// main actor. The slow Rust calls (Argon2, the Face ID sheet, the clock servers) are async and
/// run on Rust's own threads (with Rust's deadline: 120 s for the sheet, the checker's for the
/// servers), holding no thread here and no lock on the vault. The quick ones block while the
/// vault file is read or saved, so they run on a queue of their own (`file`), not on Swift's
/// cooperative pool, which has a thread per core and must never wait on the disk. The generated
/// objects come in through their protocols, from `OtpKitModule`.
public actor RustAccountsRepository: AccountsRepository {
    /// The vault until `close()`: then released, and every call fails as locked.
    private nonisolated let handle: VaultHandle
    private let clockChecker: any ClockCheckerProtocol
    private let clock: any WallClock
    /// The Face ID key store for the platform slot; nil where the device has none.
    private let keyStore: (any PlatformKeyStore)?
    private nonisolated let hub = ChangeNotifier()
    private nonisolated let files = DispatchQueue(label: "dev.otpkit.vault-files")

    public init(
        vault: any VaultProtocol, clockChecker: any ClockCheckerProtocol, clock: any WallClock = DeviceClock(),
        keyStore: (any PlatformKeyStore)? = nil
    ) {
        handle = VaultHandle(vault)
        self.clockChecker = clockChecker
        self.clock = clock
        self.keyStore = keyStore
    }

    public nonisolated func changes() -> AsyncStream<Void> { hub.stream() }

    /// Runs a blocking vault call on `files`; if another process (a widget, a second app) saved
    /// the vault since it was read, nothing was saved: takes that version (the screens refresh)
    /// and runs it once more.
    private func file<T: Sendable>(_ body: @escaping @Sendable (any VaultProtocol) throws -> T) async throws -> T {
        let vault = try handle.vault()
        let hub = self.hub
        return try await withCheckedThrowingContinuation { continuation in
            files.async {
                continuation.resume(
                    with: Result {
                        try mapped {
                            do {
                                return try body(vault)
                            } catch OtpKitError.ChangedElsewhere {
                                try vault.reload()
                                hub.send()
                                return try body(vault)
                            }
                        }
                    })
            }
        }
    }

    /// The same for an async vault call, which waits on Rust's own thread.
    private func call<T>(_ body: (any VaultProtocol) async throws -> T) async throws -> T {
        let vault = try handle.vault()
        return try await mapped {
            do {
                return try await body(vault)
            } catch OtpKitError.ChangedElsewhere {
                try vault.reload()
                hub.send()
                return try await body(vault)
            }
        }
    }

    public func accounts() async throws -> [Account] { try handle.vault().accounts().map(\.account) }

    public func reloadIfChanged() async throws {
        if try await file({ try $0.reloadIfChanged() }) { hub.send() }
    }

    public func codes() async throws -> [OtpKitPresentation.AccountCode] {
        return try await file { try $0.codes() }.map(\.accountCode)
    }

    public func nextHotpCode(accountId: String) async throws -> OtpKitPresentation.Code {
        return try await file { try $0.nextHotpCode(accountId: accountId) }.appCode
    }

    public func rename(accountId: String, label: String) async throws {
        try await file { try $0.renameAccount(accountId: accountId, label: label) }
        hub.send()
    }

    public func remove(accountId: String) async throws {
        try await file { try $0.removeAccount(accountId: accountId) }
        hub.send()
    }

    public func previewUri(_ uri: String) async throws -> UriPreview {
        try mapped { try parseUri(uri: uri) }.preview
    }

    public func addUri(_ uri: String) async throws -> ImportResult {
        let report = try await file { try $0.addUri(uri: uri) }
        hub.send()
        return report.result
    }

    public func addScanned(_ code: any ScannedQr) async throws -> ImportResult {
        // Only the scanner's own codes can be added: their content never left Rust.
        guard let scanned = code as? any VaultScannedCode else {
            throw OtpKitFailure(.invalidInput, Texts.failureForeignCode)
        }
        let report = try await file { try scanned.add(to: $0) }
        hub.send()
        return report.result
    }

    public func addExport(_ export: any OtpKitPresentation.ScannedExport) async throws -> ImportResult {
        guard let scanned = export as? RustScannedExport else {
            throw OtpKitFailure(.invalidInput, Texts.failureForeignCode)
        }
        let report = try await file { try scanned.add(to: $0) }
        hub.send()
        return report.result
    }

    public func exportBackup(passphrase: String, path: String) async throws {
        try await call { try await $0.exportBackup(path: path, passphrase: passphrase) }
    }

    public func importBackup(_ contents: Data, password: String?) async throws -> ImportResult {
        let report = try await call { try await $0.importFile(contents: contents, format: nil, password: password) }
        hub.send()
        return report.result
    }

    public func checkClock(manual: Bool) async throws -> OtpKitPresentation.DriftReport {
        await clockChecker.check(trigger: manual ? .manual : .automatic, clock: clock).report
    }

    public func unlockMethods() async throws -> Set<UnlockMethod> {
        Set(try handle.vault().slotKinds().map(\.unlockMethod))
    }

    public func enableBiometricUnlock() async throws {
        guard let keyStore else { throw OtpKitFailure(.keyUnavailable, Texts.failureNoBiometricStore) }
        // A new key: the vault is saved with it before the old one is deleted. A non-nil answer
        // says the old key could not be deleted; the vault no longer needs it.
        _ = try await call { try await $0.setPlatformKey(keyStore: keyStore) }
    }

    public func setPassphrase(_ passphrase: String) async throws {
        try await call { try await $0.setPassphrase(passphrase: passphrase) }
    }

    public func disableBiometricUnlock() async throws {
        try await file { try $0.removeSlot(kind: .platform) }
    }

    public func changePassphrase(_ passphrase: String, keepBiometrics: Bool) async throws {
        var store: (any PlatformKeyStore)?
        if keepBiometrics {
            guard let keyStore else { throw OtpKitFailure(.keyUnavailable, Texts.failureNoBiometricStore) }
            store = keyStore
        }
        // A non-nil answer says the old Face ID key could not be deleted; the vault no longer needs it.
        _ = try await call { [store] in try await $0.rekey(passphrase: passphrase, keyStore: store) }
    }

    public func clockCorrectionMs() async throws -> Int64? {
        try handle.vault().clockCorrectionMs()
    }

    public func turnOnClockCorrection() async throws -> Int64 {
        // The vault reads the checker's last report; only the library's own checker has one.
        guard let checker = clockChecker as? ClockChecker else { throw OtpKitFailure(.internal, Texts.failureUnexpected) }
        return try await file { try $0.turnOnClockCorrection(checker: checker) }
    }

    public func turnOffClockCorrection() async throws {
        try await file { try $0.turnOffClockCorrection() }
    }

    public func transferCodes(accountIds: [String]) async throws -> [TransferCode] {
        // Copied out; the Rust objects go with this call (their payload is zeroed on drop).
        try await file { vault in
            try vault.transferQrCodes(accountIds: accountIds).map { qr in
                TransferCode(
                    index: Int(qr.index()), count: Int(qr.count()), accountCount: Int(qr.accountCount()), size: Int(qr.size()),
                    modules: [UInt8](qr.modules()))
            }
        }
    }

    /// Releases the vault: the Rust object is destroyed once the calls still inside it return.
    /// The tasks waiting on those calls belong to the screens, which SwiftUI cancels as they go.
    public nonisolated func close() { handle.close() }
}

/// The vault, until the repository is closed.
final class VaultHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var held: (any VaultProtocol)?

    init(_ vault: any VaultProtocol) { held = vault }

    func vault() throws -> any VaultProtocol {
        lock.lock()
        defer { lock.unlock() }
        guard let held else { throw OtpKitFailure(.cancelled, Texts.failureLocked) }
        return held
    }

    func close() {
        lock.lock()
        held = nil
        lock.unlock()
    }
}

/// A scanned code the vault can add directly (RustQrScanner.swift).
protocol VaultScannedCode: ScannedQr {
    func add(to vault: any VaultProtocol) throws -> OtpKit.ImportReport
}

/// The repository's change notifications.
final class ChangeNotifier: @unchecked Sendable {
    private let lock = NSLock()
    private var continuations: [UUID: AsyncStream<Void>.Continuation] = [:]

    func stream() -> AsyncStream<Void> {
        AsyncStream { continuation in
            let id = UUID()
            lock.lock()
            continuations[id] = continuation
            lock.unlock()
            continuation.onTermination = { [weak self] _ in
                guard let self else { return }
                self.lock.lock()
                self.continuations[id] = nil
                self.lock.unlock()
            }
        }
    }

    func send() {
        lock.lock()
        let targets = Array(continuations.values)
        lock.unlock()
        targets.forEach { $0.yield() }
    }
}
