import Foundation
import OtpKitPresentation

extension Array where Element == Row {
    /// Each row as a line of text: its kind, its text's key, and what sets it apart.
    var shape: [String] {
        map { row in
            switch row {
            case .appName: return "app name"
            case .title(let text): return "title \(text.key)"
            case .line(let text, let tone): return "line \(text.key) \(tone)"
            case .report(let report): return "report \(report.title.key)"
            case .button(let label, let primary, _): return "button \(label.key)" + (primary ? "" : " quiet")
            case .secret(let field, let label, let new): return "secret \(field) \(label.key)" + (new ? " new" : "")
            case .pickFile(let label, _): return "pick file \(label.key)"
            case .saveFile(let label, let name, let ext, _): return "save file \(label.key) as \(name.key).\(ext)"
            case .offerFile(let text, let path): return "offer file \(text.key) \(path)"
            default: return row.handle
            }
        }
    }

    func saveFile(_ fields: Fields, path: String) async {
        for case .saveFile(_, _, _, let action) in self { await action(fields, path) }
    }

    func pickFile(_ source: any ImportSource) async {
        for case .pickFile(_, let action) in self { await action(source) }
    }
}

func unlockBackupRowsTests(_ suite: Suite) async {
    await suite.test("rows: first run's unlock asks for the passphrase twice, says what comes next, and creates the vault") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.biometricKeyWorks = false }
        let vm = UnlockViewModel(opener: TestVaultOpener(repository, exists: false))
        func rows(_ way: FirstRunWay? = .restore) -> [Row] { JourneyRows.unlock(vm.states.value, vm: vm, way: way, offerBiometrics: true) }
        let choose = [
            "app name", "line unlock_intro_ios plain", "secret passphrase passphrase_field new",
            "secret repeated passphrase_again_field new", "line welcome_next_restore plain", "button unlock_get_started",
        ]
        try expectEqual(rows().shape, choose)
        try expectEqual(rows(nil).shape, choose.filter { $0 != "line welcome_next_restore plain" })
        try expect(rows(.transfer).has(Texts.welcomeNextTransfer, .plain), "the transfer's next step")

        try await rows().tap(Texts.unlockGetStarted, Fields([.passphrase: "short", .repeated: "short"]))
        try expectEqual(rows().shape, choose + ["line passphrase_too_short problem"])
        try expect(rows().has(Texts.passphraseTooShort(min: 10), .problem), "the rule, with its number")

        try await rows().tap(Texts.unlockGetStarted, Fields([.passphrase: "correct horse battery", .repeated: "correct horse battery"]))
        try expectEqual(await repository.passphrase, "correct horse battery", "created with the typed passphrase")
        let offered = rows()
        try expectEqual(
            offered.shape,
            ["app name", "line unlock_biometrics_not_on_ios plain", "button unlock_turn_on_biometrics_ios", "button action_not_now quiet"])
        try expect(offered.has(Texts.unlockBiometricsNotOnIos(reason: ErrorText.of("keystore_unavailable")), .plain), "the reason follows")
        await repository.set { $0.biometricKeyWorks = true }
        try await offered.tap(Texts.unlockTurnOnBiometricsIos)
        try expectEqual(rows().shape, ["app name"], "no field left: the view forgets what was typed and goes on")
        try expectEqual(await repository.count("enableBiometricUnlock"), 2)
    }

    await suite.test("rows: the locked unlock screen offers Face ID when chosen, then the passphrase, and says why a try failed") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.passphrase = "correct horse battery"; $0.methods = [.passphrase, .biometrics] }
        let opener = TestVaultOpener(repository, exists: true)
        let vm = UnlockViewModel(opener: opener)
        func rows(offer: Bool = true) -> [Row] { JourneyRows.unlock(vm.states.value, vm: vm, way: nil, offerBiometrics: offer) }
        let locked = ["app name", "button unlock_with_biometrics_ios", "secret passphrase passphrase_field", "button unlock_with_passphrase"]
        try expectEqual(rows().shape, locked)
        try expectEqual(rows(offer: false).shape, locked.filter { $0 != "button unlock_with_biometrics_ios" }, "Face ID turned off in the settings")

        try await rows().tap(Texts.unlockWithPassphrase)
        try expect(rows().has(Texts.unlockPassphraseEmpty, .problem), "empty")
        opener.biometricKeyLost = true
        try await rows().tap(Texts.unlockWithBiometricsIos)
        try expectEqual(rows().shape, locked + ["line error_keystore_unavailable problem"])
        try expectEqual(opener.calls, ["openWithBiometrics"])
        try await rows().tap(Texts.unlockWithPassphrase, Fields([.passphrase: "wrong passphrase"]))
        try expect(rows().has(ErrorText.of("wrong_passphrase"), .problem), "wrong")
        try expectEqual(JourneyRows.unlock(.working, vm: vm, way: nil, offerBiometrics: true).shape, ["app name", "busy"])

        try await rows().tap(Texts.unlockWithPassphrase, Fields([.passphrase: "correct horse battery"]))
        let broken = rows()
        try expectEqual(
            broken.shape,
            ["app name", "line unlock_biometrics_broken_ios plain", "button unlock_turn_on_biometrics_ios", "button action_not_now quiet"])
        try await broken.tap(Texts.actionNotNow)
        try expectEqual(vm.states.value, .unlocked(suggestion: nil, message: nil))
        try expectEqual(rows().shape, ["app name"])
    }

    await suite.test("rows: a vault without a passphrase is asked for one after unlocking, twice, before the codes") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.methods = [.biometrics] }
        let vm = UnlockViewModel(opener: TestVaultOpener(repository, exists: true))
        func rows() -> [Row] { JourneyRows.unlock(vm.states.value, vm: vm, way: nil, offerBiometrics: true) }
        try await rows().tap(Texts.unlockWithBiometricsIos)
        var asking = [
            "app name", "line unlock_no_passphrase_ios plain", "secret passphrase unlock_new_passphrase new",
            "secret repeated unlock_new_passphrase_again new", "button unlock_set_passphrase", "button action_not_now quiet",
        ]
        try expectEqual(rows().shape, asking)
        try await rows().tap(Texts.unlockSetPassphrase, Fields([.passphrase: "correct horse battery", .repeated: "other"]))
        asking[1] = "line passphrases_differ plain"
        try expectEqual(rows().shape, asking, "the fields stay")
        try expectEqual(await repository.count("setPassphrase"), 0)
        try await rows().tap(Texts.unlockSetPassphrase, Fields([.passphrase: "correct horse battery", .repeated: "correct horse battery"]))
        try expectEqual(await repository.passphrase, "correct horse battery")
        try expectEqual(rows().shape, ["app name"])
    }

    await suite.test("rows: the backup screen writes the backup with the passphrase typed twice, then offers the file") {
        let repository = TestRepository(clock: TestClock(0))
        let vm = BackupViewModel(repository: repository)
        func rows() -> [Row] { JourneyRows.backup(vm.states.value, vm: vm) }
        let idle = [
            "title backup_title", "secret passphrase backup_passphrase_field new", "secret repeated passphrase_again_field new",
            "save file backup_export as backup_file_name.otpkit", "pick file backup_import",
        ]
        try expectEqual(rows().shape, idle)
        await rows().saveFile(Fields([.passphrase: "short", .repeated: "short"]), path: "/tmp/b")
        try expectEqual(rows().shape, idle + ["line backup_passphrase_too_short problem"])
        await rows().saveFile(Fields([.passphrase: "correct horse battery", .repeated: "correct horse batery"]), path: "/tmp/b")
        try expect(rows().has(Texts.passphrasesDiffer, .problem), "differ")
        try expectEqual(await repository.count("exportBackup"), 0)
        await rows().saveFile(Fields([.passphrase: "correct horse battery", .repeated: "correct horse battery"]), path: "/tmp/b")
        try expectEqual(rows().shape, idle + ["offer file backup_ready /tmp/b"], "written where the view said, then offered")
        try expectEqual(JourneyRows.backup(.working, vm: vm).shape, idle + ["busy"])
    }

    await suite.test("rows: the backup screen imports a file, asks for its password until right, then shows what came in") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.importPassword = "hunter22" }
        let vm = BackupViewModel(repository: repository)
        func rows() -> [Row] { JourneyRows.backup(vm.states.value, vm: vm) }
        await rows().pickFile(TestFile { Data([1, 2, 3]) })
        try expectEqual(
            Array(rows().shape.dropFirst(5)),
            ["line error_import_password_required plain", "secret password backup_file_password", "button action_import"])
        try await rows().tap(Texts.actionImport, Fields([.password: "hunter2"]))
        try expect(rows().has(ErrorText.of("import_wrong_password"), .problem), "a wrong password is a problem")
        try await rows().tap(Texts.actionImport, Fields([.password: "hunter22"]))
        try expectEqual(Array(rows().shape.dropFirst(5)), ["report report_added"])
        try expectEqual(await repository.importPasswords, [nil, "hunter2", "hunter22"])
        await rows().pickFile(TestFile { throw CocoaError(.fileNoSuchFile) })
        try expectEqual(Array(rows().shape.dropFirst(5)), ["line backup_file_unreadable problem"])
    }

    await suite.test("rows: every row has a handle, the key of its text") {
        let vm = BackupViewModel(repository: TestRepository(clock: TestClock(0)))
        try expectEqual(
            JourneyRows.backup(.exported(path: "/tmp/b"), vm: vm).map(\.handle),
            ["backup_title", "backup_passphrase_field", "passphrase_again_field", "backup_export", "backup_import", "backup_ready"])
        try expectEqual(Row.appName.handle, "app_name")
        try expectEqual(Row.busy.handle, "busy")
        try expectEqual(Row.choice(Texts.settingsAutoLock, options: [], selected: 0, enabled: true) { _ in }.handle, "settings_auto_lock")
        let item = CodeItem(account: account("1", "GitHub", "ada"), code: "123456", displayCode: "123 456", nextCode: nil, secondsLeft: 20, progress: 0.5)
        try expectEqual(item.handle, "code:GitHub: ada", "a code row goes by its account's name")
    }

    await suite.test("ui test launch: a debug build reads a fresh start, a picked file and a camera frame from its environment") {
        try expectEqual(UITestLaunch(environment: [:]), UITestLaunch(environment: ["OTPKIT_UITEST_RESET": "0", "HOME": "/"]))
        let none = UITestLaunch(environment: [:])
        try expect(!none.reset && none.pickedFile == nil && none.frame == nil && none.pickedSource == nil, "nothing asked: nothing changes")
        let launch = UITestLaunch(environment: [
            "OTPKIT_UITEST_RESET": "1",
            "OTPKIT_UITEST_PICKED_FILE": Data([1, 2, 3]).base64EncodedString(),
            "OTPKIT_UITEST_FRAME": Data([0x89, 0x50]).base64EncodedString(),
        ])
        try expect(launch.reset, "a fresh start")
        try expectEqual(try launch.pickedSource?.read(), Data([1, 2, 3]))
        try expectEqual(launch.frame, Data([0x89, 0x50]))
        try expectEqual(UITestLaunch(environment: ["OTPKIT_UITEST_FRAME": "not base64!"]).frame, nil, "a damaged value is ignored")
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.importPassword = "hunter22" }
        let vm = BackupViewModel(repository: repository)
        await JourneyRows.backup(vm.states.value, vm: vm).pickFile(launch.pickedSource!)
        try expectEqual(vm.states.value, .passwordNeeded(message: ErrorText.of("import_password_required"), wrongPassword: false), "read as a picked file")
    }
}
