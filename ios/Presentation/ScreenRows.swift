import Foundation

/// The fields of the screens made of rows. Their values stay in the view, never in a state.
public enum Field: Sendable, Hashable {
    case passphrase, repeated, password, link, issuer, accountName, setupKey
}

/// The fields' values as typed, handed to a button by the view.
public struct Fields: Sendable {
    private let values: [Field: String]

    public init(_ values: [Field: String] = [:]) { self.values = values }

    public subscript(_ field: Field) -> String { values[field] ?? "" }
}

/// How a line reads: as it is, a warning (secrets on screen), or what went wrong.
public enum Tone: Sendable, Equatable {
    case plain, warning, problem
}

/// One line of the screens made of text, fields and buttons (welcome, unlock, restore, settings,
/// change passphrase, transfer out, backup). `JourneyRows` builds them from a view model's
/// state, so which texts, fields and buttons each state shows is tested here; the app draws a
/// list of them with one view and forwards the taps. A secret field no longer in the list is
/// forgotten by the view.
public enum Row: Sendable {
    /// The app's name, never translated (the unlock screen's heading).
    case appName
    case title(UiText)
    case line(UiText, Tone)
    /// An import's outcome, drawn as the backup screen draws it.
    case report(ImportReportUi)
    case button(UiText, primary: Bool, action: @Sendable (Fields) async -> Void)
    case toggle(UiText, on: Bool, enabled: Bool, action: @Sendable (Bool) async -> Void)
    case choice(UiText, options: [UiText], selected: Int, enabled: Bool, action: @Sendable (Int) async -> Void)
    /// A masked field; `new`: a passphrase being chosen (the system may offer a strong one).
    case secret(Field, label: UiText, new: Bool)
    /// A masked field with a button beside it that shows and hides what is typed
    /// (`Row.revealLabel`): a setup key.
    case revealable(Field, label: UiText)
    /// A field shown as typed; `secret`: it holds one (a link), so the keyboard learns nothing.
    case entry(Field, label: UiText, secret: Bool)
    /// A button that opens the photo picker and hands the picked image to `action`.
    case pickImage(UiText, action: @Sendable (any PickedImage) async -> Void)
    /// The camera preview, drawn by the add screen, whose frames go to the scanner.
    case camera
    /// A button that opens the file importer and hands the file to `action`.
    case pickFile(UiText, action: @Sendable (any ImportSource) async -> Void)
    /// A button that has a new file written in the app's temporary folder, named `name` + "." +
    /// `extension` in the user's language (the name the file exporter suggests): `action` gets
    /// the typed fields and the file's path.
    case saveFile(UiText, name: UiText, extension: String, action: @Sendable (Fields, String) async -> Void)
    /// A text, and the file at `path` offered to the file exporter as it shows; the file is
    /// deleted once the exporter answers.
    case offerFile(UiText, path: String)
    /// A transfer QR code, drawn module by module; `description` for VoiceOver.
    case qr(TransferCode, description: UiText)
    case busy
}

extension Row {
    /// The row's handle for the UI tests (an accessibility identifier): the key of its text, so
    /// a test finds a row whatever the phone's language.
    public var handle: String {
        switch self {
        case .appName: return "app_name"
        case .title(let text), .line(let text, _): return text.key
        case .report(let report): return report.title.key
        case .button(let text, _, _), .toggle(let text, _, _, _), .choice(let text, _, _, _, _), .secret(_, let text, _),
            .revealable(_, let text), .entry(_, let text, _), .pickImage(let text, _), .pickFile(let text, _),
            .saveFile(let text, _, _, _), .offerFile(let text, _), .qr(_, let text):
            return text.key
        case .camera: return "camera"
        case .busy: return "busy"
        }
    }

    /// The label of the button beside a `.revealable` field: what a tap does.
    public static func revealLabel(shown: Bool) -> UiText { shown ? ManualEntryForm.hideSecret : ManualEntryForm.showSecret }
}

extension CodeItem {
    /// A code row's handle for the UI tests: its account's name as the list shows it
    /// ("code:GitHub: ada"). The code list's own buttons go by their text's key, as rows do.
    public var handle: String { "code:" + account.displayName }
}

extension Array where Element == Row {
    /// The fields on screen: the view keeps what was typed in these and forgets the others.
    public var fields: Set<Field> {
        Set(compactMap {
            switch $0 {
            case .secret(let field, _, _), .revealable(let field, _), .entry(let field, _, _): return field
            default: return nil
            }
        })
    }
}

/// The rows of the screens made of rows, for each state of their view models.
public enum JourneyRows {
    /// The unlock screen: first run's passphrase (with `way`'s next step under it), the locked
    /// vault (Face ID first when `offerBiometrics`), the wait, and what is suggested right after
    /// unlocking. `.unlocked` without a suggestion is the view's cue to go on to the codes.
    public static func unlock(_ state: UnlockUiState, vm: UnlockViewModel, way: FirstRunWay?, offerBiometrics: Bool) -> [Row] {
        var rows: [Row] = [.appName]
        switch state {
        case .choosePassphrase(let problem):
            rows += [
                .line(Texts.unlockIntroIos, .plain),
                .secret(.passphrase, label: Texts.passphraseField, new: true),
                .secret(.repeated, label: Texts.passphraseAgainField, new: true),
            ]
            if let way { rows.append(.line(nextStep(way), .plain)) }
            rows.append(.button(Texts.unlockGetStarted, primary: true) { await vm.create(passphrase: $0[.passphrase], repeated: $0[.repeated]) })
            if let problem { rows.append(.line(problem, .problem)) }
        case .locked(let message):
            if offerBiometrics { rows.append(.button(Texts.unlockWithBiometricsIos, primary: true) { _ in await vm.unlockWithBiometrics() }) }
            rows.append(.secret(.passphrase, label: Texts.passphraseField, new: false))
            rows.append(.button(Texts.unlockWithPassphrase, primary: true) { await vm.unlockWithPassphrase($0[.passphrase]) })
            if let message { rows.append(.line(message, .problem)) }
        case .working:
            rows.append(.busy)
        case .unlocked(let suggestion, let message):
            // Without a suggestion the view goes on to the codes.
            guard let suggestion else { return rows }
            if let message { rows.append(.line(message, .plain)) }
            switch suggestion {
            case .enableBiometrics:
                rows.append(.button(Texts.unlockTurnOnBiometricsIos, primary: true) { _ in await vm.enableBiometrics() })
            case .setPassphrase:
                rows += [
                    .secret(.passphrase, label: Texts.unlockNewPassphrase, new: true),
                    .secret(.repeated, label: Texts.unlockNewPassphraseAgain, new: true),
                    .button(Texts.unlockSetPassphrase, primary: true) { await vm.setPassphrase($0[.passphrase], repeated: $0[.repeated]) },
                ]
            }
            rows.append(.button(Texts.actionNotNow, primary: false) { _ in await vm.dismissSuggestion() })
        }
        return rows
    }

    /// The add screen: the camera while it scans (when `camera` allows it; a refusal explains
    /// and offers the app's page in Settings through `openSettings`), what a scan or link found,
    /// and the other ways in (an image, a link, the setup key by hand). Those stay on screen with
    /// what was typed until an add is done, so a mistyped key can be corrected; `done` leaves.
    public static func add(
        _ state: AddAccountUiState, vm: AddAccountViewModel, camera: CameraPermission,
        openSettings: @escaping @Sendable () async -> Void, done: @escaping @Sendable () async -> Void
    ) -> [Row] {
        var rows: [Row] = []
        if state.cameraOn {
            switch camera {
            case .granted: rows.append(.camera)
            // The system's question is on screen.
            case .notAsked: break
            case .denied:
                rows += [.line(CameraAccess.deniedMessage, .plain), .button(CameraAccess.openSettings, primary: true) { _ in await openSettings() }]
            }
        }
        switch state {
        case .scanning(let hint):
            if let hint { rows.append(.line(hint, .plain)) }
        case .exportProgress(let scanned, let size, let missing, let hint):
            rows += [
                .line(AddAccountUiState.progressText(scanned: scanned, size: size), .plain),
                .line(AddAccountUiState.missingText(missing), .plain),
            ]
            if let hint { rows.append(.line(hint, .plain)) }
        case .confirm(let accounts, let warnings):
            rows.append(.title(AddAccountUiState.confirmTitle(accounts)))
            rows += accounts.map { .line(Texts.addConfirmAccount(name: $0.displayName), .plain) }
            rows += warnings.map { .line($0, .plain) }
            rows += [
                .button(Texts.actionAdd, primary: true) { _ in await vm.confirm() },
                .button(Texts.actionCancel, primary: false) { _ in await vm.scanAgain() },
            ]
        case .saving:
            rows.append(.busy)
        case .done(let report):
            return rows + [
                .report(report),
                .button(Texts.actionDone, primary: true) { _ in await done() },
                .button(Texts.addAnother, primary: false) { _ in await vm.scanAgain() },
            ]
        case .failed(let message):
            rows += [.line(message, .problem), .button(Texts.actionOk, primary: true) { _ in await vm.scanAgain() }]
        }
        return rows + [
            .title(Texts.addOtherWays),
            .pickImage(Texts.addFromImage) { await vm.onImage($0) },
            .entry(.link, label: Texts.addLinkField, secret: true),
            .button(Texts.addLinkButton, primary: true) { await vm.submitLink($0[.link]) },
            .title(Texts.addEnterKeyTitle),
            .entry(.issuer, label: Texts.addFieldService, secret: false),
            .entry(.accountName, label: Texts.addFieldAccount, secret: false),
            .revealable(.setupKey, label: Texts.addFieldSetupKey),
            .button(Texts.addManualAdd, primary: true) { fields in
                var form = ManualEntryForm()
                form.issuer = fields[.issuer]
                form.label = fields[.accountName]
                form.secret = fields[.setupKey]
                await vm.submitManual(form)
            },
        ]
    }

    /// The backup file's extension, after the name the file exporter suggests.
    public static let backupExtension = "otpkit"

    /// The backup screen: a backup for a new phone (its passphrase twice; written to a temporary
    /// file, then offered to the file exporter) and an import (the file, its password when it
    /// has one, what came in).
    public static func backup(_ state: BackupUiState, vm: BackupViewModel) -> [Row] {
        var rows: [Row] = [
            .title(Texts.backupTitle),
            .secret(.passphrase, label: Texts.backupPassphraseField, new: true),
            .secret(.repeated, label: Texts.passphraseAgainField, new: true),
            .saveFile(Texts.backupExport, name: Texts.backupFileName, extension: backupExtension) { fields, path in
                await vm.export(passphrase: fields[.passphrase], repeated: fields[.repeated], temporaryPath: path)
            },
            .pickFile(Texts.backupImport) { await vm.importFile(from: $0) },
        ]
        switch state {
        case .idle:
            break
        case .working:
            rows.append(.busy)
        case .exported(let path):
            rows.append(.offerFile(Texts.backupReady, path: path))
        case .passwordNeeded(let message, let wrong):
            rows += [
                .line(message, wrong ? .problem : .plain),
                .secret(.password, label: Texts.backupFilePassword, new: false),
                .button(Texts.actionImport, primary: true) { await vm.submitPassword($0[.password]) },
            ]
        case .imported(let report):
            rows.append(.report(report))
        case .failed(let message):
            rows.append(.line(message, .problem))
        }
        return rows
    }

    /// First run: the three ways in; `vaultReady` once the vault is made (Back from a step).
    public static func welcome(vaultReady: Bool, choose: @escaping @Sendable (FirstRunWay) async -> Void) -> [Row] {
        var rows: [Row] = [.title(vaultReady ? Texts.waysInTitle : Texts.welcomeTitle)]
        if !vaultReady { rows.append(.line(Texts.welcomeIntro, .plain)) }
        rows += [
            .button(Texts.welcomeRestore, primary: true) { _ in await choose(.restore) },
            .line(Texts.welcomeRestoreDetail, .plain),
            .button(Texts.welcomeTransfer, primary: true) { _ in await choose(.transfer) },
            .line(Texts.welcomeTransferDetail, .plain),
            .button(Texts.welcomeFresh, primary: false) { _ in await choose(.fresh) },
            .line(Texts.welcomeFreshDetail, .plain),
        ]
        return rows
    }

    /// Under the first passphrase: what comes after it.
    public static func nextStep(_ way: FirstRunWay) -> UiText {
        switch way {
        case .restore: return Texts.welcomeNextRestore
        case .transfer: return Texts.welcomeNextTransfer
        case .fresh: return Texts.welcomeNextFresh
        }
    }

    /// First run, restore: `done` goes on to the codes, `otherWay` back to the ways in.
    public static func restore(
        _ state: RestoreUiState, vm: RestoreViewModel, done: @escaping @Sendable () async -> Void,
        otherWay: @escaping @Sendable () async -> Void
    ) -> [Row] {
        var rows: [Row] = [.title(Texts.restoreTitle)]
        switch state {
        case .pickFile(let problem):
            rows.append(.line(Texts.restorePickIntro, .plain))
            if let problem { rows.append(.line(problem, .problem)) }
            rows.append(.pickFile(Texts.restorePickButton) { await vm.filePicked($0) })
            rows.append(.button(Texts.firstRunOtherWay, primary: false) { _ in await otherWay() })
        case .password(_, let problem):
            rows.append(.line(Texts.restorePasswordAsk, .plain))
            if let problem { rows.append(.line(problem, .problem)) }
            rows.append(.secret(.password, label: Texts.restorePasswordLabel, new: false))
            rows.append(.button(Texts.restorePasswordButton, primary: true) { await vm.submitPassword($0[.password]) })
            rows.append(.button(Texts.restorePickAnother, primary: false) { _ in await vm.pickAnother() })
        case .working:
            rows += [.line(Texts.restoreWorking, .plain), .busy]
        case .restored(let report):
            let nothing = RestoreUiState.nothingAdded(report)
            rows.append(.report(report))
            if nothing {
                rows.append(.line(Texts.restoreNothingAdded, .problem))
                rows.append(.button(Texts.restorePickAnother, primary: true) { _ in await vm.pickAnother() })
                rows.append(.button(Texts.firstRunOtherWay, primary: false) { _ in await otherWay() })
            }
            rows.append(.button(Texts.firstRunContinue, primary: !nothing) { _ in await done() })
        }
        return rows
    }

    /// First run, transfer: above the add screen's camera; `otherWay` back to the ways in.
    public static func transferIn(otherWay: @escaping @Sendable () async -> Void) -> [Row] {
        [
            .title(Texts.transferInTitle), .line(Texts.transferInIntro, .plain),
            .button(Texts.firstRunOtherWay, primary: false) { _ in await otherWay() },
        ]
    }

    /// The settings. `open` opens a screen from here; `lock` locks now.
    public static func settings(
        _ state: SettingsUiState, vm: SettingsViewModel, biometricsLabel: UiText,
        open: @escaping @Sendable (Screen) async -> Void, lock: @escaping @Sendable () async -> Void
    ) -> [Row] {
        var rows: [Row] = [.title(Texts.settingsTitle)]
        switch state {
        case .loading:
            rows.append(.busy)
        case .failed(let text):
            rows.append(.line(text, .problem))
            rows.append(.button(Texts.actionTryAgain, primary: true) { _ in await vm.retry() })
        case .ready(let form):
            let idle = !form.working
            if let message = form.message { rows.append(.line(message, .plain)) }
            if form.working { rows.append(.busy) }
            let choices = form.autoLockChoices
            rows += [
                .toggle(biometricsLabel, on: form.biometrics, enabled: idle) { await vm.setBiometrics($0) },
                .choice(
                    Texts.settingsAutoLock, options: choices.map(\.label), selected: choices.firstIndex(of: form.autoLock) ?? 0,
                    enabled: idle
                ) { await vm.setAutoLock(choices[$0]) },
                .line(Texts.settingsAutoLockDetail, .plain),
                .toggle(Texts.settingsClockCorrection, on: form.clockCorrectionMs != nil, enabled: idle) { await vm.setClockCorrection($0) },
                .line(form.clockCorrectionText, .plain),
                .line(Texts.settingsClockCorrectionDetail, .plain),
            ]
            if let check = form.lastCheck { rows.append(.line(Texts.settingsLastCheck(check: check), .plain)) }
            rows.append(.button(Texts.settingsCheckNow, primary: false) { _ in await vm.checkClock() })
        }
        rows += [
            .button(Texts.settingsChangePassphrase, primary: false) { _ in await open(.changePassphrase) },
            .button(Texts.settingsExportBackup, primary: false) { _ in await open(.backup) },
            .button(Texts.settingsTransferOut, primary: false) { _ in await open(.transferOut) },
            .button(Texts.settingsLockNow, primary: false) { _ in await lock() },
        ]
        return rows
    }

    public static func changePassphrase(
        _ state: ChangePassphraseUiState, vm: ChangePassphraseViewModel, close: @escaping @Sendable () async -> Void
    ) -> [Row] {
        var rows: [Row] = [.title(Texts.changePassphraseTitle)]
        switch state {
        case .editing(let problem, let offer):
            rows.append(.line(Texts.changePassphraseIntro, .plain))
            if let problem { rows.append(.line(problem, .problem)) }
            rows += [
                .secret(.passphrase, label: Texts.changePassphraseNew, new: true),
                .secret(.repeated, label: Texts.changePassphraseAgain, new: true),
                .button(Texts.changePassphraseButton, primary: true) { await vm.submit($0[.passphrase], repeated: $0[.repeated]) },
            ]
            if offer {
                rows.append(.button(Texts.changePassphraseWithoutBiometrics, primary: false) {
                    await vm.submitWithoutBiometrics($0[.passphrase], repeated: $0[.repeated])
                })
            }
        case .working:
            rows += [.line(Texts.changePassphraseWorking, .plain), .busy]
        case .done(let kept):
            rows.append(.line(ChangePassphraseUiState.doneText(biometricsKept: kept), .plain))
            rows.append(.button(Texts.actionClose, primary: true) { _ in await close() })
        }
        return rows
    }

    /// "Transfer to another phone"; `close` leaves the screen (the codes are cleared first).
    public static func transferOut(_ state: TransferUiState, vm: TransferViewModel, close: @escaping @Sendable () async -> Void) -> [Row] {
        var rows: [Row] = [.title(Texts.transferTitle)]
        let leave: @Sendable (Fields) async -> Void = { _ in
            await vm.finish()
            await close()
        }
        switch state {
        case .loading, .finished:
            rows.append(.busy)
        case .working:
            rows += [.line(Texts.transferWorking, .plain), .busy]
        case .ready(let movable, let leftOut):
            rows.append(.line(Texts.transferIntro, .plain))
            if !movable.isEmpty {
                rows += [
                    .line(Texts.transferMoves(count: Int64(movable.count)), .plain),
                    .line(Texts.transferWarning, .warning),
                    .button(Texts.transferShow, primary: true) { _ in await vm.show() },
                ]
            }
            if let note = TransferUiState.note(movable: movable, leftOut: leftOut) { rows.append(.line(note, .problem)) }
            rows += leftOutRows(leftOut)
            rows.append(.button(Texts.actionClose, primary: false, action: leave))
        case .showing(let code, let leftOut):
            rows.append(.qr(code, description: Texts.transferCodeDescription(index: Int64(code.index + 1), count: Int64(code.count))))
            rows.append(.line(TransferUiState.position(code), .plain))
            let last = code.index == code.count - 1
            rows.append(last ? .button(Texts.actionDone, primary: true, action: leave) : .button(Texts.transferNext, primary: true) { _ in await vm.next() })
            if code.index > 0 { rows.append(.button(Texts.transferPrevious, primary: false) { _ in await vm.previous() }) }
            rows += leftOutRows(leftOut)
        case .failed(let text):
            rows += [
                .line(text, .problem),
                .button(Texts.actionTryAgain, primary: true) { _ in await vm.retry() },
                .button(Texts.actionClose, primary: false, action: leave),
            ]
        }
        return rows
    }

    private static func leftOutRows(_ leftOut: [LeftOut]) -> [Row] {
        guard !leftOut.isEmpty else { return [] }
        return [.line(Texts.transferLeftTitle, .warning)]
            + leftOut.map { .line(Texts.transferLeftItem(name: $0.account.displayName, reason: $0.reason), .plain) }
    }
}

/// The view models of the screens on the routes' stack, one per visit (its entry key): made on
/// first use, the same one for every body of that visit, dropped when the entry leaves the
/// stack (`keep`). SwiftUI re-runs bodies often; a view model made in one would be a new one
/// each time, so the views take theirs from here.
public final class VisitModels: @unchecked Sendable {
    private let lock = NSLock()
    private var models: [Int: AnyObject] = [:]

    public init() {}

    public func model<T: AnyObject>(_ key: Int, make: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        if let kept = models[key] as? T { return kept }
        let made = make()
        models[key] = made
        return made
    }

    /// Drops the models of every entry not in `route`'s stack (all of them when it is not open).
    public func keep(_ route: Route) {
        var keys: Set<Int> = []
        if case .open(let open) = route { keys = Set(open.stack.map(\.key)) }
        lock.lock()
        models = models.filter { keys.contains($0.key) }
        lock.unlock()
    }
}
