import Foundation

/// The settings screen.
public enum SettingsUiState: Sendable, Equatable {
    case loading
    case ready(SettingsForm)
    /// The settings could not be read (the vault locked meanwhile): the text says why; `retry()`.
    case failed(UiText)
}

/// The settings as shown.
public struct SettingsForm: Sendable, Equatable {
    /// Face ID unlock is on (the vault has a biometric key slot).
    public var biometrics: Bool
    public var autoLock: AutoLockDelay
    /// The clock correction in ms while on; nil when off.
    public var clockCorrectionMs: Int64?
    /// The last clock check, in words ("Your phone's clock is 47 s fast"); nil before any.
    public var lastCheck: UiText?
    /// A change is under way: the switches wait.
    public var working: Bool
    /// The outcome of the last change, or why it was refused; nil when there is nothing to say.
    public var message: UiText?

    public var autoLockChoices: [AutoLockDelay] { AutoLockDelay.allCases }

    /// "On: codes use the time servers' time (...)" or "Off".
    public var clockCorrectionText: UiText {
        clockCorrectionMs.map { Texts.settingsClockCorrectionOn(drift: DriftBanner.title(offsetMs: $0)) }
            ?? Texts.settingsClockCorrectionOff
    }
}

/// Settings: Face ID unlock on and off, the auto-lock delay, the clock correction. Changing the
/// passphrase, exporting a backup and the transfer to another phone are screens of their own
/// (see `AppRoutes.open`). The view calls `load()` in its `.task`; `reset()` starts a new visit
/// (the settings read again), and a change an earlier visit started finishes without showing.
public actor SettingsViewModel {
    private let repository: any AccountsRepository
    private let settings: any SettingsStore
    public nonisolated let states = StateChannel<SettingsUiState>(.loading)
    /// One visit of the screen; work remembers the visit it was started in.
    private var visit = 0
    /// The vault's unlock methods as last read: turning Face ID off needs another way in.
    private var methods: Set<UnlockMethod> = []

    public init(repository: any AccountsRepository, settings: any SettingsStore) {
        self.repository = repository
        self.settings = settings
    }

    /// Reads the settings, then the last clock check (the servers are asked at most once a day).
    public func load() async {
        let from = visit
        states.send(.loading)
        let form: SettingsForm
        do {
            let methods = try await repository.unlockMethods()
            form = SettingsForm(
                biometrics: methods.contains(.biometrics), autoLock: settings.autoLock,
                clockCorrectionMs: try await repository.clockCorrectionMs(), lastCheck: nil, working: false, message: nil)
            guard from == visit else { return }
            self.methods = methods
        } catch {
            if from == visit { states.send(.failed(text(error))) }
            return
        }
        states.send(.ready(form))
        guard let report = try? await repository.checkClock(manual: false), from == visit else { return }
        if case .ready(var current) = states.value {
            current.lastCheck = Self.lastCheckText(report)
            states.send(.ready(current))
        }
    }

    public func retry() async {
        if case .failed = states.value { await load() }
    }

    /// A new visit of the screen: the settings are read again, no message.
    public func reset() async {
        visit += 1
        await load()
    }

    /// Face ID unlock on (a new key; the sheet shows) or off (its slot removed). Off is refused,
    /// with why, while Face ID is the only way to open the vault.
    public func setBiometrics(_ on: Bool) async {
        await change { form in
            var form = form
            if on {
                try await self.repository.enableBiometricUnlock()
                self.settings.biometricUnlock = true
                self.methods.insert(.biometrics)
                form.biometrics = true
                form.message = Texts.settingsBiometricsTurnedOn
                return form
            }
            guard self.methods.contains(.passphrase) else {
                form.message = Texts.settingsBiometricsOnlyWay
                return form
            }
            do {
                try await self.repository.disableBiometricUnlock()
            } catch let failure as OtpKitFailure where failure.kind == .lastKeySlot {
                form.message = Texts.settingsBiometricsOnlyWay
                return form
            }
            self.settings.biometricUnlock = false
            self.methods.remove(.biometrics)
            form.biometrics = false
            form.message = Texts.settingsBiometricsTurnedOff
            return form
        }
    }

    /// Stored at once; it applies from the next time the app goes to the background.
    public func setAutoLock(_ delay: AutoLockDelay) {
        guard case .ready(var form) = states.value else { return }
        settings.autoLock = delay
        form.autoLock = delay
        form.message = nil
        states.send(.ready(form))
    }

    /// Clock correction on: the clock is checked first (the servers are asked at most once a
    /// minute), then codes use the time they agreed on. Refused, with the reason, when the check
    /// is not good enough (offline, servers disagree, too imprecise, the clock too far off).
    public func setClockCorrection(_ on: Bool) async {
        await change { form in
            var form = form
            guard on else {
                try await self.repository.turnOffClockCorrection()
                form.clockCorrectionMs = nil
                return form
            }
            form.lastCheck = Self.lastCheckText(try await self.repository.checkClock(manual: true))
            do {
                form.clockCorrectionMs = try await self.repository.turnOnClockCorrection()
            } catch let failure as OtpKitFailure where failure.kind != .cancelled {
                form.message = failure.text
            }
            return form
        }
    }

    /// "Check now": asks the time servers (at most once a minute; in between the last answer).
    public func checkClock() async {
        await change { form in
            var form = form
            form.lastCheck = Self.lastCheckText(try await self.repository.checkClock(manual: true))
            return form
        }
    }

    public func dismissMessage() {
        guard case .ready(var form) = states.value else { return }
        form.message = nil
        states.send(.ready(form))
    }

    /// A clock check in words: how far off, the clock is right, or it could not be checked.
    public static func lastCheckText(_ report: DriftReport) -> UiText {
        guard let offset = report.offsetMs, report.status != .unknown else { return Texts.driftUnknown }
        return report.status == .ok ? Texts.driftClockFine : DriftBanner.title(offsetMs: offset)
    }

    /// Runs one change at a time (taps while one runs are ignored). A failure shows its text; a
    /// cancelled one (the sheet closed, the vault locked) says nothing and changes nothing.
    private func change(_ body: (SettingsForm) async throws -> SettingsForm) async {
        guard case .ready(var before) = states.value, !before.working else { return }
        before.message = nil
        var working = before
        working.working = true
        let from = visit
        states.send(.ready(working))
        var after = before
        do {
            after = try await body(before)
        } catch {
            after.message = (error as? OtpKitFailure)?.kind == .cancelled ? nil : text(error)
        }
        if from == visit { states.send(.ready(after)) }
    }

    private func text(_ error: Error) -> UiText {
        (error as? OtpKitFailure)?.text ?? Texts.failureUnexpected
    }
}
