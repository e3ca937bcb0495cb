import Foundation

/// A file the user picked (the file importer), read by the platform off the main actor.
public protocol PickedFile: Sendable {
    /// Its bytes; throws when the file cannot be read (gone, no access).
    func readBytes() throws -> Data
}

/// The first run's restore step.
public enum RestoreUiState: Sendable, Equatable {
    /// "Pick the backup file from your old phone"; `problem`: why the last file did not restore.
    case pickFile(problem: UiText?)
    /// The file is protected: its passphrase. `wrong`: the last one did not open it.
    case password(wrong: Bool, problem: UiText?)
    case working
    /// The file is read: the report says what came in. With nothing added the user is offered
    /// another file (or another way) before going on to an empty list.
    case restored(ImportReportUi)

    public static func nothingAdded(_ report: ImportReportUi) -> Bool { report.addedCount == 0 }
}

/// First run, "Restore from a backup": the file the old phone exported (OtpKit's, or Aegis,
/// 2FAS, a list of otpauth:// links), then its passphrase if it has one. Every failure leads
/// back to a step the user can retry: a wrong passphrase asks again, an unreadable file asks for
/// another. The file is read in a detached task and dropped once done.
public actor RestoreViewModel {
    private let repository: any AccountsRepository
    public nonisolated let states = StateChannel<RestoreUiState>(.pickFile(problem: nil))
    /// The file's bytes while its passphrase is asked for.
    private var contents: Data?

    public init(repository: any AccountsRepository) {
        self.repository = repository
    }

    public func filePicked(_ file: any PickedFile) async {
        guard case .pickFile = states.value else { return }
        states.send(.working)
        guard let bytes = await Task.detached(operation: { try? file.readBytes() }).value else {
            return states.send(.pickFile(problem: Texts.restoreFileUnreadable))
        }
        contents = bytes
        await attempt(password: nil)
    }

    public func submitPassword(_ password: String) async {
        guard case .password(let wrong, _) = states.value else { return }
        guard !password.isEmpty else { return states.send(.password(wrong: wrong, problem: Texts.restoreTypePassword)) }
        states.send(.working)
        await attempt(password: password)
    }

    /// Back from the passphrase, or "Pick another file" after a restore that added nothing.
    public func pickAnother() {
        switch states.value {
        case .password, .restored:
            contents = nil
            states.send(.pickFile(problem: nil))
        case .pickFile, .working:
            break
        }
    }

    private func attempt(password: String?) async {
        guard let bytes = contents else { return }
        do {
            let report = ImportReportUi.from(try await repository.importBackup(bytes, password: password))
            contents = nil
            states.send(.restored(report))
        } catch let failure as OtpKitFailure {
            switch failure.kind {
            case .passwordRequired: states.send(.password(wrong: false, problem: nil))
            case .wrongPassphrase: states.send(.password(wrong: true, problem: failure.text))
            case .invalidInput, .clockUnusable, .vaultNotFound, .keyUnavailable, .vaultCorrupt, .newerVersion,
                .storage, .lastKeySlot, .cancelled, .internal:
                contents = nil
                states.send(.pickFile(problem: failure.kind == .cancelled ? nil : failure.text))
            }
        } catch {
            contents = nil
            states.send(.pickFile(problem: Texts.failureUnexpected))
        }
    }
}
