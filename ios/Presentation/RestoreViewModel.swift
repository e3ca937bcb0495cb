import Foundation

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
/// another. The file is read in a detached task and dropped once done. `reset()` starts a new
/// visit of the screen, as on the other screens.
public actor RestoreViewModel {
    private let repository: any AccountsRepository
    public nonisolated let states = StateChannel<RestoreUiState>(.pickFile(problem: nil))
    /// The file's bytes while its passphrase is asked for.
    private var contents: Data?
    /// One visit of the screen; work remembers the visit it was started in.
    private var visit = 0

    public init(repository: any AccountsRepository) {
        self.repository = repository
    }

    /// The file the user picked: read off the actor, then restored (or its passphrase asked for).
    public func filePicked(_ file: any ImportSource) async {
        guard case .pickFile = states.value else { return }
        let from = visit
        states.send(.working)
        let bytes = await Task.detached(operation: { try? file.read() }).value
        guard from == visit else { return }
        guard let bytes else { return states.send(.pickFile(problem: Texts.restoreFileUnreadable)) }
        contents = bytes
        await attempt(bytes, password: nil, from: from)
    }

    public func submitPassword(_ password: String) async {
        guard case .password(let wrong, _) = states.value else { return }
        guard !password.isEmpty else { return states.send(.password(wrong: wrong, problem: Texts.restoreTypePassword)) }
        guard let bytes = contents else { return }
        states.send(.working)
        await attempt(bytes, password: password, from: visit)
    }

    /// A new visit of the screen: nothing pending, nothing shown.
    public func reset() {
        visit += 1
        contents = nil
        states.send(.pickFile(problem: nil))
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

    private func attempt(_ bytes: Data, password: String?, from: Int) async {
        let next: RestoreUiState
        do {
            next = .restored(ImportReportUi.from(try await repository.importBackup(bytes, password: password)))
        } catch let failure as OtpKitFailure {
            switch failure.kind {
            case .passwordRequired: next = .password(wrong: false, problem: nil)
            case .wrongPassphrase: next = .password(wrong: true, problem: failure.text)
            case .invalidInput, .clockUnusable, .vaultNotFound, .keyUnavailable, .vaultCorrupt, .newerVersion,
                .storage, .lastKeySlot, .cancelled, .internal:
                next = .pickFile(problem: failure.kind == .cancelled ? nil : failure.text)
            }
        } catch {
            next = .pickFile(problem: Texts.failureUnexpected)
        }
        // A restore of an earlier visit still saved what it read; this visit shows nothing of it.
        guard from == visit else { return }
        if case .password = next {} else { contents = nil }
        states.send(next)
    }
}
