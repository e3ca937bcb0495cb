import Foundation

/// The unlock screen. The vault is always protected by a passphrase the user chose; Face ID /
/// Touch ID unlock is a second key slot on top. A biometric change destroys that key, so the
/// passphrase still opens the vault and the app then offers to turn biometrics on again.
public enum UnlockUiState: Sendable, Equatable {
    /// First run: ask for the passphrase (twice) that will always open the vault.
    case choosePassphrase(problem: UiText?)
    /// A vault exists: offer biometrics and the passphrase. `message`: why the last try failed.
    case locked(message: UiText?)
    case working
    /// Open (`UnlockViewModel.repository`). With a suggestion, show it (with `message`) before
    /// the codes; without one, go to the codes.
    case unlocked(suggestion: UnlockSuggestion?, message: UiText?)
}

/// What the app suggests right after unlocking.
public enum UnlockSuggestion: Sendable, Equatable {
    /// Biometric unlock is off (it failed, or was never set up): offer to turn it on.
    case enableBiometrics
    /// The vault has no passphrase (made by an older first run): ask for one.
    case setPassphrase
}

public actor UnlockViewModel {
    /// The passphrase is the way back in when the biometric key is lost: long enough to guess slowly.
    public static let minPassphraseLength = 10

    private let opener: any VaultOpener
    /// The user's choices; with Face ID turned off there, a passphrase unlock does not offer it again.
    private let settings: (any SettingsStore)?
    public nonisolated let states: StateChannel<UnlockUiState>
    /// The open vault, once `states` is `.unlocked`.
    public private(set) var repository: (any AccountsRepository)?
    /// Set when biometric unlock failed this session: after the passphrase, offer to re-enable it.
    private var biometricsFailed = false

    public init(opener: any VaultOpener, settings: (any SettingsStore)? = nil) {
        self.opener = opener
        self.settings = settings
        states = StateChannel(opener.vaultExists ? .locked(message: nil) : .choosePassphrase(problem: nil))
    }

    public static func passphraseProblem(_ passphrase: String, repeated: String) -> UiText? {
        if passphrase.count < minPassphraseLength { return Texts.passphraseTooShort(min: Int64(minPassphraseLength)) }
        if passphrase != repeated { return Texts.passphrasesDiffer }
        return nil
    }

    /// First run: creates the vault with `passphrase`, then tries to add biometric unlock.
    public func create(passphrase: String, repeated: String) async {
        if let problem = Self.passphraseProblem(passphrase, repeated: repeated) {
            return states.send(.choosePassphrase(problem: problem))
        }
        states.send(.working)
        let opened: any AccountsRepository
        do {
            opened = try await opener.create(passphrase: passphrase)
        } catch {
            return states.send(.choosePassphrase(problem: text(error)))
        }
        repository = opened
        do {
            try await opened.enableBiometricUnlock()
            states.send(.unlocked(suggestion: nil, message: nil))
        } catch {
            // The vault is made and the passphrase opens it; biometrics can be added later.
            states.send(.unlocked(suggestion: .enableBiometrics, message: Texts.unlockBiometricsNotOnIos(reason: text(error))))
        }
    }

    public func unlockWithBiometrics() async {
        states.send(.working)
        do {
            let opened = try await opener.openWithBiometrics()
            repository = opened
            biometricsFailed = false
            if try await opened.unlockMethods().contains(.passphrase) {
                states.send(.unlocked(suggestion: nil, message: nil))
            } else {
                states.send(.unlocked(suggestion: .setPassphrase, message: Texts.unlockNoPassphraseIos))
            }
        } catch {
            // Closing the sheet is a choice, not a failure: back to the choices, nothing to explain.
            if (error as? OtpKitFailure)?.kind == .cancelled { return states.send(.locked(message: nil)) }
            if (error as? OtpKitFailure)?.kind == .keyUnavailable { biometricsFailed = true }
            // The reasons a biometric unlock fails with say to use the passphrase (errors.toml).
            states.send(.locked(message: text(error)))
        }
    }

    public func unlockWithPassphrase(_ passphrase: String) async {
        guard !passphrase.isEmpty else { return states.send(.locked(message: Texts.unlockPassphraseEmpty)) }
        states.send(.working)
        do {
            let opened = try await opener.openWithPassphrase(passphrase)
            repository = opened
            let off = !(try await opened.unlockMethods().contains(.biometrics)) && settings?.biometricUnlock != false
            if biometricsFailed || off {
                let message = biometricsFailed ? Texts.unlockBiometricsBrokenIos : Texts.unlockBiometricsOffIos
                states.send(.unlocked(suggestion: .enableBiometrics, message: message))
            } else {
                states.send(.unlocked(suggestion: nil, message: nil))
            }
        } catch {
            states.send(.locked(message: text(error)))
        }
    }

    /// Turns biometric unlock on (again) with a new key; on failure the suggestion stays, with the reason.
    public func enableBiometrics() async {
        await onSuggestion(.enableBiometrics) { repository in
            try await repository.enableBiometricUnlock()
        }
        if case .unlocked(let left, _) = states.value, left == nil {
            biometricsFailed = false
            settings?.biometricUnlock = true
        }
    }

    /// Gives a vault without a passphrase one, so that it survives a biometric change.
    public func setPassphrase(_ passphrase: String, repeated: String) async {
        guard case .unlocked(let suggestion, _) = states.value else { return }
        if let problem = Self.passphraseProblem(passphrase, repeated: repeated) {
            return states.send(.unlocked(suggestion: suggestion, message: problem))
        }
        await onSuggestion(.setPassphrase) { try await $0.setPassphrase(passphrase) }
    }

    /// "Not now": go to the codes.
    public func dismissSuggestion() {
        guard case .unlocked = states.value else { return }
        states.send(.unlocked(suggestion: nil, message: nil))
    }

    private func onSuggestion(
        _ suggestion: UnlockSuggestion, _ action: @Sendable (any AccountsRepository) async throws -> Void
    ) async {
        guard case .unlocked(let offered, _) = states.value, offered == suggestion, let repository else { return }
        states.send(.working)
        do {
            try await action(repository)
            states.send(.unlocked(suggestion: nil, message: nil))
        } catch {
            states.send(.unlocked(suggestion: suggestion, message: text(error)))
        }
    }

    /// What the user reads about a failure: its text, in their language.
    private func text(_ error: Error) -> UiText {
        (error as? OtpKitFailure)?.text ?? Texts.failureUnexpected
    }
}
