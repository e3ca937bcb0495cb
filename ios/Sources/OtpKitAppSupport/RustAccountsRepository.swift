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
    private let vault: any VaultProtocol
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
        self.vault = vault
        self.clockChecker = clockChecker
        self.clock = clock
        self.keyStore = keyStore
    }

    public nonisolated func changes() -> AsyncStream<Void> { hub.stream() }

    /// Runs a blocking vault call on `files`; if another process (a widget, a second app) saved
    /// the vault since it was read, nothing was saved: takes that version (the screens refresh)
    /// and runs it once more.
    private func file<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let vault = self.vault
        let hub = self.hub
        return try await withCheckedThrowingContinuation { continuation in
            files.async {
                continuation.resume(
                    with: Result {
                        try mapped {
                            do {
                                return try body()
                            } catch OtpKitError.ChangedElsewhere {
                                try vault.reload()
                                hub.send()
                                return try body()
                            }
                        }
                    })
            }
        }
    }

    /// The same for an async vault call, which waits on Rust's own thread.
    private func call<T>(_ body: () async throws -> T) async throws -> T {
        try await mapped {
            do {
                return try await body()
            } catch OtpKitError.ChangedElsewhere {
                try vault.reload()
                hub.send()
                return try await body()
            }
        }
    }

    public func accounts() async throws -> [Account] { vault.accounts().map(\.account) }

    public func reloadIfChanged() async throws {
        let vault = self.vault
        if try await file({ try vault.reloadIfChanged() }) { hub.send() }
    }

    public func codes() async throws -> [OtpKitPresentation.AccountCode] {
        let vault = self.vault
        return try await file { try vault.codes() }.map(\.accountCode)
    }

    public func nextHotpCode(accountId: String) async throws -> OtpKitPresentation.Code {
        let vault = self.vault
        return try await file { try vault.nextHotpCode(accountId: accountId) }.appCode
    }

    public func rename(accountId: String, label: String) async throws {
        let vault = self.vault
        try await file { try vault.renameAccount(accountId: accountId, label: label) }
        hub.send()
    }

    public func remove(accountId: String) async throws {
        let vault = self.vault
        try await file { try vault.removeAccount(accountId: accountId) }
        hub.send()
    }

    public func previewUri(_ uri: String) async throws -> UriPreview {
        try mapped { try parseUri(uri: uri) }.preview
    }

    public func addUri(_ uri: String) async throws -> ImportResult {
        let vault = self.vault
        let report = try await file { try vault.addUri(uri: uri) }
        hub.send()
        return report.result
    }

    public func addScanned(_ code: any ScannedQr) async throws -> ImportResult {
        // Only the scanner's own codes can be added: their content never left Rust.
        guard let scanned = code as? any VaultScannedCode else {
            throw OtpKitFailure(.invalidInput, Texts.failureForeignCode)
        }
        let vault = self.vault
        let report = try await file { try scanned.add(to: vault) }
        hub.send()
        return report.result
    }

    public func addExport(_ export: any OtpKitPresentation.ScannedExport) async throws -> ImportResult {
        guard let scanned = export as? RustScannedExport else {
            throw OtpKitFailure(.invalidInput, Texts.failureForeignCode)
        }
        let vault = self.vault
        let report = try await file { try scanned.add(to: vault) }
        hub.send()
        return report.result
    }

    public func exportBackup(passphrase: String, path: String) async throws {
        try await call { try await vault.exportBackup(path: path, passphrase: passphrase) }
    }

    public func importBackup(_ contents: Data, password: String?) async throws -> ImportResult {
        let report = try await call { try await vault.importFile(contents: contents, format: nil, password: password) }
        hub.send()
        return report.result
    }

    public func checkClock(manual: Bool) async throws -> OtpKitPresentation.DriftReport {
        await clockChecker.check(trigger: manual ? .manual : .automatic, clock: clock).report
    }

    public func unlockMethods() async throws -> Set<UnlockMethod> {
        Set(vault.slotKinds().map(\.unlockMethod))
    }

    public func enableBiometricUnlock() async throws {
        guard let keyStore else { throw OtpKitFailure(.keyUnavailable, Texts.failureNoBiometricStore) }
        // A new key: the vault is saved with it before the old one is deleted. A non-nil answer
        // says the old key could not be deleted; the vault no longer needs it.
        _ = try await call { try await vault.setPlatformKey(keyStore: keyStore) }
    }

    public func setPassphrase(_ passphrase: String) async throws {
        try await call { try await vault.setPassphrase(passphrase: passphrase) }
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
