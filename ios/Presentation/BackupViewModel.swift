import Foundation

/// The backup screen: export for a new phone, import a backup or another app's export.
public enum BackupUiState: Sendable, Equatable {
    case idle
    case working
    /// The backup is written at `path`: present the file exporter, then delete the file.
    case exported(path: String)
    /// The picked file is encrypted: ask for its password (`wrongPassword`: the last one was wrong).
    case passwordNeeded(message: UiText, wrongPassword: Bool)
    case imported(ImportReportUi)
    case failed(UiText)
}

public actor BackupViewModel {
    /// A backup leaves the phone: its passphrase is all that protects the secrets.
    public static let minPassphraseLength = 10

    private let repository: any AccountsRepository
    public nonisolated let states = StateChannel<BackupUiState>(.idle)
    /// The file being imported, kept while the password is asked for.
    private var pendingImport: Data?

    public init(repository: any AccountsRepository) {
        self.repository = repository
    }

    public static func passphraseProblem(_ passphrase: String, repeated: String) -> UiText? {
        if passphrase.count < minPassphraseLength { return Texts.backupPassphraseTooShort(min: Int64(minPassphraseLength)) }
        if passphrase != repeated { return Texts.passphrasesDiffer }
        return nil
    }

    /// Writes the backup to `temporaryPath` (in the app's own temporary folder), once the
    /// passphrase is strong enough and repeated; the view then hands the file to the exporter.
    public func export(passphrase: String, repeated: String, temporaryPath: String) async {
        if let problem = Self.passphraseProblem(passphrase, repeated: repeated) {
            return states.send(.failed(problem))
        }
        states.send(.working)
        do {
            try await repository.exportBackup(passphrase: passphrase, path: temporaryPath)
            states.send(.exported(path: temporaryPath))
        } catch {
            states.send(.failed(text(error)))
        }
    }

    /// Imports the picked file; an encrypted one moves to `.passwordNeeded`.
    public func importFile(_ contents: Data) async {
        pendingImport = contents
        await attemptImport(password: nil)
    }

    public func submitPassword(_ password: String) async {
        await attemptImport(password: password)
    }

    public func reset() {
        pendingImport = nil
        states.send(.idle)
    }

    private func attemptImport(password: String?) async {
        guard let contents = pendingImport else { return }
        states.send(.working)
        do {
            let report = ImportReportUi.from(try await repository.importBackup(contents, password: password))
            pendingImport = nil
            states.send(.imported(report))
        } catch let failure as OtpKitFailure {
            switch failure.kind {
            case .passwordRequired: states.send(.passwordNeeded(message: failure.text, wrongPassword: false))
            case .wrongPassphrase: states.send(.passwordNeeded(message: failure.text, wrongPassword: true))
            case .invalidInput, .clockUnusable, .vaultNotFound, .keyUnavailable, .vaultCorrupt, .newerVersion,
                .storage, .lastKeySlot, .cancelled, .internal:
                pendingImport = nil
                states.send(.failed(failure.text))
            }
        } catch {
            pendingImport = nil
            states.send(.failed(text(error)))
        }
    }

    /// What the user reads about a failure: its text, in their language.
    private func text(_ error: Error) -> UiText {
        (error as? OtpKitFailure)?.text ?? Texts.failureUnexpected
    }
}
