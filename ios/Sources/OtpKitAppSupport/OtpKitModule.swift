import Foundation
import OtpKit
import OtpKitPresentation

/// The only place that constructs the generated Rust objects; it hands them out as protocols.
/// The vault lives in Application Support, excluded from iCloud and iTunes backups (the user's
/// encrypted export is the way to a new phone). It is created with the user's passphrase; Face ID
/// unlock (the `keyStore`) is a second slot on top, so a biometric change never locks the user out.
public final class OtpKitModule: VaultOpener, @unchecked Sendable {
    public let keyStore: any PlatformKeyStore
    private let vaultURL: URL
    private let clockChecker: any ClockCheckerProtocol = ClockChecker.withDefaultServers()
    /// The one clock the vault and the clock checks read.
    private let clock: any WallClock = DeviceClock()

    public init(keyStore: any PlatformKeyStore, directory: URL) throws {
        self.keyStore = keyStore
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var folder = directory
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try? folder.setResourceValues(values)
        vaultURL = directory.appendingPathComponent("vault.otpkit")
    }

    public var vaultExists: Bool { FileManager.default.fileExists(atPath: vaultURL.path) }

    // Each opener is async: Rust derives the key, or waits for the Face ID sheet, on its own
    // thread.
    public func openWithBiometrics() async throws -> any AccountsRepository {
        try await open { [vaultURL, keyStore, clock] in
            try await Vault.openWithPlatformKeyStore(path: vaultURL.path, keyStore: keyStore, clock: clock)
        }
    }

    public func openWithPassphrase(_ passphrase: String) async throws -> any AccountsRepository {
        try await open { [vaultURL, clock] in
            try await Vault.openWithPassphrase(path: vaultURL.path, passphrase: passphrase, clock: clock)
        }
    }

    public func create(passphrase: String) async throws -> any AccountsRepository {
        try await open { [vaultURL, clock] in
            try await Vault.createWithPassphrase(path: vaultURL.path, passphrase: passphrase, clock: clock)
        }
    }

    private func open(_ call: () async throws -> Vault) async throws -> any AccountsRepository {
        repository(try await mapped(call))
    }

    /// One scanner per camera session: it keeps its buffers between frames.
    public func qrScanner() -> any QrFrameScanner { RustQrScanner() }

    private func repository(_ vault: any VaultProtocol) -> any AccountsRepository {
        RustAccountsRepository(vault: vault, clockChecker: clockChecker, clock: clock, keyStore: keyStore)
    }
}
