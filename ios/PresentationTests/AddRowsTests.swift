import Foundation
import OtpKitPresentation

/// The other ways in, under what the camera or a link found.
private let otherWays = [
    "title add_other_ways", "pick image add_from_image", "entry link add_link_field secret", "button add_link_button",
    "title add_enter_key_title", "entry issuer add_field_service", "entry accountName add_field_account",
    "revealable setupKey add_field_setup_key", "button add_manual_add",
]

private extension Array where Element == Row {
    var addShape: [String] {
        map { row in
            switch row {
            case .entry(let field, let label, let secret): return "entry \(field) \(label.key)" + (secret ? " secret" : "")
            case .revealable(let field, let label): return "revealable \(field) \(label.key)"
            case .pickImage(let label, _): return "pick image \(label.key)"
            case .camera: return "camera"
            default: return [row].shape[0]
            }
        }
    }
}

func addRowsTests(_ suite: Suite) async {
    await suite.test("rows: the add screen shows the camera when allowed, explains a refusal, and offers the other ways") {
        let vm = AddAccountViewModel(repository: TestRepository(clock: TestClock(0)), scanner: TestScanner())
        let settings = Locked(0)
        func rows(_ camera: CameraPermission) -> [Row] {
            JourneyRows.add(vm.states.value, vm: vm, camera: camera, openSettings: { settings.value += 1 }, done: {})
        }
        try expectEqual(rows(.granted).addShape, ["camera"] + otherWays)
        try expectEqual(rows(.notAsked).addShape, otherWays, "the system's question is on screen")
        let denied = rows(.denied)
        try expectEqual(denied.addShape, ["line camera_denied_ios plain", "button camera_open_settings_ios"] + otherWays)
        try await denied.tap(CameraAccess.openSettings)
        try expectEqual(settings.value, 1)
        func rows(_ state: AddAccountUiState) -> [Row] { JourneyRows.add(state, vm: vm, camera: .granted, openSettings: {}, done: {}) }
        try expectEqual(rows(.scanning(hint: Texts.addNotAuthenticatorCode)).addShape, ["camera", "line add_not_authenticator_code plain"] + otherWays)
        let export = rows(.exportProgress(scanned: 1, size: 3, missing: [1, 2], hint: nil))
        try expectEqual(export.addShape, ["camera", "line add_export_progress plain", "line add_export_missing plain"] + otherWays)
        try expect(export.has(Texts.addExportMissing(numbers: "2, 3"), .plain), "numbered from 1")
        try expectEqual(rows(.saving).addShape, ["busy"] + otherWays)
    }

    await suite.test("rows: a link is previewed with its accounts and notes, added on Add, and Done leaves") {
        let repository = TestRepository(clock: TestClock(0))
        var found = preview([("GitHub", "ada@example.com")])
        found.warnings = [UriWarning(kind: "secret_lowercase", message: "lowercase")]
        await repository.set { [found] in $0.previewResult = found }
        let vm = AddAccountViewModel(repository: repository, scanner: TestScanner())
        let done = Locked(0)
        func rows() -> [Row] { JourneyRows.add(vm.states.value, vm: vm, camera: .granted, openSettings: {}, done: { done.value += 1 }) }
        try await rows().tap(Texts.addLinkButton, Fields([.link: "  otpauth://totp/GitHub:ada@example.com?secret=JBSWY3DP "]))
        let confirm = rows()
        try expectEqual(
            confirm.addShape,
            ["title add_confirm_one", "line add_confirm_account plain", "line uri_warning_secret_lowercase plain", "button action_add", "button action_cancel quiet"]
                + otherWays)
        try expect(confirm.has(Texts.addConfirmAccount(name: "GitHub: ada@example.com"), .plain), "the account's name")
        try expectEqual(Catalogs.render(Texts.addConfirmAccount(name: "GitHub: ada@example.com"), "nl"), "GitHub: ada@example.com")
        try expectEqual(await repository.count("addUri"), 0, "nothing is added before Add")
        try await confirm.tap(Texts.actionAdd)
        try expectEqual(await repository.addedUris, ["otpauth://totp/GitHub:ada@example.com?secret=JBSWY3DP"])
        let added = rows()
        try expectEqual(added.addShape, ["report report_added", "button action_done", "button add_another quiet"], "the form goes, and what was typed with it")
        try await added.tap(Texts.actionDone)
        try expectEqual(done.value, 1)
        try await added.tap(Texts.addAnother)
        try expectEqual(vm.states.value, .scanning(hint: nil))
        try await rows().tap(Texts.addLinkButton, Fields([.link: "otpauth://totp/x?secret=JBSWY3DP"]))
        try await rows().tap(Texts.actionCancel)
        try expectEqual(vm.states.value, .scanning(hint: nil), "Cancel goes back to the camera")
    }

    await suite.test("rows: the setup key by hand is checked, kept on a failure, and added with the typed fields") {
        let repository = TestRepository(clock: TestClock(0))
        let vm = AddAccountViewModel(repository: repository, scanner: TestScanner())
        func rows() -> [Row] { JourneyRows.add(vm.states.value, vm: vm, camera: .granted, openSettings: {}, done: {}) }
        try await rows().tap(Texts.addManualAdd, Fields([.setupKey: "JBSWY3DP"]))
        let failed = rows()
        try expectEqual(failed.addShape, ["line manual_name_missing problem", "button action_ok"] + otherWays)
        try expect([Field.issuer, .accountName, .setupKey].allSatisfy(failed.fields.contains), "the typed fields stay")
        try await failed.tap(Texts.actionOk)
        try await rows().tap(Texts.addManualAdd, Fields([.issuer: "GitHub", .accountName: "ada", .setupKey: "JBSWY3DP"]))
        var form = ManualEntryForm()
        form.issuer = "GitHub"
        form.label = "ada"
        form.secret = "JBSWY3DP"
        try expectEqual(await repository.addedUris, [form.uri])
        try expect(rows().fields.isEmpty, "no field left once added: the view forgets the setup key")
    }

    await suite.test("rows: a picked image goes to the scanner, and the setup key's button says what it does") {
        let scanner = TestScanner()
        let vm = AddAccountViewModel(repository: TestRepository(clock: TestClock(0)), scanner: scanner)
        let rows = JourneyRows.add(vm.states.value, vm: vm, camera: .granted, openSettings: {}, done: {})
        for case .pickImage(_, let action) in rows {
            await action(TestImage { LumaFrame(luma: Data(count: 16), width: 4, height: 4, rowStride: 4, rotationDegrees: 0) })
        }
        try expectEqual(vm.states.value, .failed(Texts.addNoCodeInImage))
        try expectEqual(scanner.frames, 1)
        try expectEqual([Row.revealLabel(shown: false), Row.revealLabel(shown: true)], [Texts.addShowSetupKey, Texts.addHideSetupKey])
        try expectEqual(rows.fields, [.link, .issuer, .accountName, .setupKey])
        try expectEqual(rows.prefix(4).map(\.handle), ["camera", "add_other_ways", "add_from_image", "add_link_field"])
    }
}
