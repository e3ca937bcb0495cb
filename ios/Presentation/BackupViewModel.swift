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

/// A file the user picked to import (iOS: the file importer's URL). `read()` blocks (an iCloud
/// document may be downloaded first): `BackupViewModel.importFile(from:)` calls it in a detached
/// task, off the main thread. It throws when the file cannot be read.
public protocol ImportSource: Sendable {
    func read() throws -> Data
}

/// The backup screen's logic. `reset()` starts a new visit of the screen, as on the add screen:
/// what an earlier visit started finishes without showing its result.
public actor BackupViewModel {
    /// A backup leaves the phone: its passphrase is all that protects the secrets.
    public static let minPassphraseLength = 10

    private let repository: any AccountsRepository
    public nonisolated let states = StateChannel<BackupUiState>(.idle)
    /// The file being imported, kept while the password is asked for.
    private var pendingImport: Data?
    /// The visit of the screen; work remembers the visit it was started in.
    private var visit = 0

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
        let from = visit
        states.send(.working)
        do {
            try await repository.exportBackup(passphrase: passphrase, path: temporaryPath)
            show(.exported(path: temporaryPath), from: from)
        } catch {
            show(.failed(text(error)), from: from)
        }
    }

    /// Reads the picked file in a detached task, then imports it; an encrypted one moves to
    /// `.passwordNeeded`.
    public func importFile(from source: any ImportSource) async {
        let from = visit
        states.send(.working)
        let contents = await Task.detached { try? source.read() }.value
        guard from == visit else { return }
        guard let contents else { return states.send(.failed(Texts.backupFileUnreadable)) }
        pendingImport = contents
        await attemptImport(password: nil)
    }

    public func submitPassword(_ password: String) async {
        await attemptImport(password: password)
    }

    /// A new visit of the screen: nothing pending, nothing shown. Call it when the screen opens.
    public func reset() {
        visit += 1
        pendingImport = nil
        states.send(.idle)
    }

    private func attemptImport(password: String?) async {
        guard let contents = pendingImport else { return }
        let from = visit
        states.send(.working)
        do {
            let report = ImportReportUi.from(try await repository.importBackup(contents, password: password))
            guard from == visit else { return }
            pendingImport = nil
            states.send(.imported(report))
        } catch let failure as OtpKitFailure {
            guard from == visit else { return }
            switch failure.kind {
            case .passwordRequired: states.send(.passwordNeeded(message: failure.text, wrongPassword: false))
            case .wrongPassphrase: states.send(.passwordNeeded(message: failure.text, wrongPassword: true))
            case .invalidInput, .clockUnusable, .vaultNotFound, .keyUnavailable, .vaultCorrupt, .newerVersion,
                .storage, .lastKeySlot, .cancelled, .internal:
                pendingImport = nil
                states.send(.failed(failure.text))
            }
        } catch {
            guard from == visit else { return }
            pendingImport = nil
            states.send(.failed(text(error)))
        }
    }

    /// Shows `state` if `from` is still the visit on screen.
    private func show(_ state: BackupUiState, from: Int) {
        if from == visit { states.send(state) }
    }

    /// What the user reads about a failure: its text, in their language.
    private func text(_ error: Error) -> UiText {
        (error as? OtpKitFailure)?.text ?? Texts.failureUnexpected
    }
}
