import Foundation

/// The "change passphrase" screen (from the settings).
public enum ChangePassphraseUiState: Sendable, Equatable {
    /// Typing the new passphrase twice; `problem`: why the last try did not change it. With
    /// `offerWithoutBiometrics`, the Face ID key could not be made for the new passphrase (sheet
    /// closed, sensor unusable): the user may change it and turn Face ID unlock off.
    case editing(problem: UiText?, offerWithoutBiometrics: Bool)
    case working
    /// Changed; `biometricsKept`: Face ID unlock stays on (with a new key).
    case done(biometricsKept: Bool)

    public static func doneText(biometricsKept: Bool) -> UiText {
        biometricsKept ? Texts.changePassphraseDone : Texts.changePassphraseDoneNoBiometrics
    }
}

/// Changes the passphrase with a re-key: the vault is encrypted again under a new key, so a copy
/// of the old file opened with the old passphrase shows nothing saved since. Face ID unlock stays
/// on when it was on: it gets a new key in the same step (one sheet). `reset()` starts a new visit.
public actor ChangePassphraseViewModel {
    private let repository: any AccountsRepository
    private let settings: any SettingsStore
    public nonisolated let states = StateChannel<ChangePassphraseUiState>(.editing(problem: nil, offerWithoutBiometrics: false))
    /// One visit of the screen; work remembers the visit it was started in.
    private var visit = 0

    public init(repository: any AccountsRepository, settings: any SettingsStore) {
        self.repository = repository
        self.settings = settings
    }

    /// Why `passphrase` cannot be the new one, or nil: the first passphrase's rules.
    public static func problem(_ passphrase: String, repeated: String) -> UiText? {
        UnlockViewModel.passphraseProblem(passphrase, repeated: repeated)
    }

    /// "Change passphrase": the same rules as the first one (long enough, typed twice).
    public func submit(_ passphrase: String, repeated: String) async {
        guard case .editing = states.value else { return }
        if let problem = Self.problem(passphrase, repeated: repeated) {
            return states.send(.editing(problem: problem, offerWithoutBiometrics: false))
        }
        let from = visit
        states.send(.working)
        let next: ChangePassphraseUiState
        do {
            let keep = try await repository.unlockMethods().contains(.biometrics)
            do {
                try await repository.changePassphrase(passphrase, keepBiometrics: keep)
                next = .done(biometricsKept: keep)
            } catch let failure as OtpKitFailure where keep && (failure.kind == .cancelled || failure.kind == .keyUnavailable) {
                // Nothing changed. Without a usable Face ID key the user may still change it.
                let why = failure.kind == .cancelled ? Texts.changePassphrasePromptClosed : failure.text
                next = .editing(problem: why, offerWithoutBiometrics: true)
            }
        } catch {
            next = .editing(problem: text(error), offerWithoutBiometrics: false)
        }
        if from == visit { states.send(next) }
    }

    /// After a failed Face ID step: change the passphrase and turn Face ID unlock off.
    public func submitWithoutBiometrics(_ passphrase: String, repeated: String) async {
        guard case .editing(_, true) = states.value else { return }
        if let problem = Self.problem(passphrase, repeated: repeated) {
            return states.send(.editing(problem: problem, offerWithoutBiometrics: true))
        }
        let from = visit
        states.send(.working)
        let next: ChangePassphraseUiState
        do {
            try await repository.changePassphrase(passphrase, keepBiometrics: false)
            settings.biometricUnlock = false
            next = .done(biometricsKept: false)
        } catch {
            next = .editing(problem: text(error), offerWithoutBiometrics: false)
        }
        if from == visit { states.send(next) }
    }

    /// A new visit of the screen: nothing typed, nothing said. A change under way still finishes.
    public func reset() {
        visit += 1
        states.send(.editing(problem: nil, offerWithoutBiometrics: false))
    }

    private func text(_ error: Error) -> UiText {
        (error as? OtpKitFailure)?.text ?? Texts.failureUnexpected
    }
}
