import Foundation
import OtpKitPresentation

private let frame = LumaFrame(luma: Data(count: 16), width: 4, height: 4, rowStride: 4, rotationDegrees: 90)

private func isDone(_ s: AddAccountUiState) -> Bool {
    if case .done = s { return true }
    return false
}

func addAccountTests(_ suite: Suite) async {
    await suite.test("add: a scanned account is previewed, then added on confirm") {
        let repository = TestRepository(clock: TestClock(0))
        let scanner = TestScanner()
        let vm = AddAccountViewModel(repository: repository, scanner: scanner)
        scanner.next = [TestQr(kind: .account, previewResult: preview([("GitHub", "ada@example.com")]))]
        await vm.onFrame(frame)?.value
        guard case .confirm(let accounts, _) = vm.states.value else { throw Failure(description: "no preview: \(vm.states.value)") }
        try expectEqual(accounts.map(\.displayName), ["GitHub: ada@example.com"])
        try expectEqual(AddAccountUiState.confirmTitle(accounts), Texts.addConfirmOne)
        try expectEqual(await repository.count("addScanned"), 0, "nothing added before confirm")
        try expect(vm.onFrame(frame) == nil, "frames are not scanned while the preview is shown")
        try expectEqual(scanner.frames, 1)
        await vm.confirm()
        guard case .done(let report) = vm.states.value else { throw Failure(description: "not done: \(vm.states.value)") }
        try expectEqual(report.title, Texts.reportAdded(count: 1))
    }

    await suite.test("add: a duplicate is reported, not added twice") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.addResult = ImportResult(added: [], duplicates: ["GitHub: ada"], normalised: [], rejected: []) }
        let scanner = TestScanner()
        let vm = AddAccountViewModel(repository: repository, scanner: scanner)
        scanner.next = [TestQr(kind: .account, previewResult: preview([("GitHub", "ada")]))]
        await vm.onFrame(frame)?.value
        await vm.confirm()
        guard case .done(let report) = vm.states.value else { throw Failure(description: "not done") }
        try expectEqual(report.title, Texts.reportAlreadyOne)
        try expectEqual(report.lines, [Texts.reportLineDuplicate(name: "GitHub: ada")])
        try expectEqual(Catalogs.render(report.lines[0], "fr"), "GitHub: ada : déjà dans vos comptes")
        try expectEqual(Catalogs.render(report.title, "nl"), "Staat al bij je accounts")
    }

    await suite.test("add: a QR code that is not for an authenticator leaves the camera on with a hint") {
        let scanner = TestScanner()
        let vm = AddAccountViewModel(repository: TestRepository(clock: TestClock(0)), scanner: scanner)
        scanner.next = [TestQr(kind: .other, previewResult: nil)]
        await vm.onFrame(frame)?.value
        try expectEqual(vm.states.value, .scanning(hint: Texts.addNotAuthenticatorCode))
        scanner.next = []
        await vm.onFrame(frame)?.value
        try expectEqual(scanner.frames, 2, "scanning goes on")
    }

    func exportPart(_ batchId: Int, _ index: Int, _ size: Int, _ name: String) -> TestQr {
        TestQr(
            kind: .exportPart, previewResult: preview([(nil, name)], part: ExportPart(batchId: batchId, index: index, size: size)),
            addResult: ImportResult(added: [name], duplicates: [], normalised: [], rejected: []))
    }

    await suite.test("add: an export over three codes is tracked code by code and added whole once complete") {
        let repository = TestRepository(clock: TestClock(0))
        let scanner = TestScanner()
        let vm = AddAccountViewModel(repository: repository, scanner: scanner)
        scanner.next = [exportPart(7, 2, 3, "c")]
        await vm.onFrame(frame)?.value
        let progress = AddAccountUiState.exportProgress(scanned: 1, size: 3, missing: [0, 1], hint: nil)
        try expectEqual(vm.states.value, progress)
        try expectEqual(AddAccountUiState.progressText(scanned: 1, size: 3), Texts.addExportProgress(scanned: 1, size: 3))
        try expectEqual(AddAccountUiState.missingText([0, 1]), Texts.addExportMissing(numbers: "1, 2"))
        try expectEqual(Catalogs.render(AddAccountUiState.progressText(scanned: 1, size: 3), "en"), "Scanned: 1 of 3 QR codes")
        try expectEqual(Catalogs.render(AddAccountUiState.progressText(scanned: 1, size: 3), "nl"), "Gescand: 1 van 3 QR-codes")
        try expectEqual(Catalogs.render(AddAccountUiState.missingText([0, 1]), "fr"), "Codes QR restant à scanner : 1, 2")
        await vm.onFrame(frame)?.value  // the camera still sees code 3
        try expectEqual(vm.states.value, progress)
        scanner.next = [exportPart(9, 0, 2, "x")]
        await vm.onFrame(frame)?.value
        try expectEqual(
            vm.states.value, .exportProgress(scanned: 1, size: 3, missing: [0, 1], hint: Texts.addOtherExport))
        try expectEqual(scanner.seen(9), [0], "the other export's code is kept for later")
        scanner.next = [exportPart(7, 0, 3, "a")]
        await vm.onFrame(frame)?.value
        try expectEqual(vm.states.value, .exportProgress(scanned: 2, size: 3, missing: [1], hint: nil))
        try expectEqual(await repository.count("addExport"), 0, "nothing is added before every code is in")
        scanner.next = [exportPart(7, 1, 3, "b")]
        await vm.onFrame(frame)?.value
        guard case .done(let report) = vm.states.value else { throw Failure(description: "not done: \(vm.states.value)") }
        try expectEqual(report.title, Texts.reportAdded(count: 3))
        try expectEqual(Catalogs.render(report.title, "nl"), "Accounts toegevoegd: 3")
        try expectEqual(await repository.calls, ["addExport"], "one save for the whole export")
        try expectEqual(scanner.exportIds, [9], "the complete export left the tracker")
        await vm.scanAgain()
        try expectEqual(scanner.exportIds, [], "leaving drops every export in progress")
    }

    await suite.test("add: a one-code export is added at once and a code that does not fit its export is a hint") {
        let scanner = TestScanner()
        let vm = AddAccountViewModel(repository: TestRepository(clock: TestClock(0)), scanner: scanner)
        scanner.next = [exportPart(5, 0, 2, "a")]
        await vm.onFrame(frame)?.value
        scanner.next = [exportPart(5, 1, 3, "b")]
        await vm.onFrame(frame)?.value
        guard case .exportProgress(_, _, _, let hint?) = vm.states.value,
            hint == ErrorText.of("export_parts_disagree", value: 2, length: 3)
        else {
            throw Failure(description: "no hint: \(vm.states.value)")
        }
        await vm.scanAgain()
        scanner.next = [exportPart(6, 0, 1, "solo")]
        await vm.onFrame(frame)?.value
        guard case .done(let report) = vm.states.value else { throw Failure(description: "not done: \(vm.states.value)") }
        try expectEqual(report.title, Texts.reportAdded(count: 1))
    }

    await suite.test("add: a link Rust rejects shows Rust's message; a good one is previewed and added") {
        let repository = TestRepository(clock: TestClock(0))
        let vm = AddAccountViewModel(repository: repository, scanner: TestScanner())
        await repository.set { $0.failNext = OtpKitFailure(.invalidInput, ErrorText.of("secret_not_base32"), message: "secret is not base32: '1' at position 16") }
        await vm.submitLink(" otpauth://totp/x?secret=ABC1 ")
        try expectEqual(vm.states.value, .failed(ErrorText.of("secret_not_base32")), "the failure's text, not core's English")
        await vm.scanAgain()
        await vm.submitLink("   ")
        try expectEqual(vm.states.value, .failed(Texts.addLinkEmpty))
        await vm.scanAgain()
        try expectEqual(vm.states.value, .scanning(hint: nil))
        await repository.set { $0.previewResult = preview([("GitLab", "ada")]) }
        await vm.submitLink("otpauth://totp/GitLab:ada?secret=JBSWY3DP")
        await vm.confirm()
        try expect(isDone(vm.states.value), "added")
        try expectEqual(await repository.addedUris, ["otpauth://totp/GitLab:ada?secret=JBSWY3DP"])
    }

    await suite.test("add: a preview names what the parser changed by its kind, and what an export left out") {
        let repository = TestRepository(clock: TestClock(0))
        let vm = AddAccountViewModel(repository: repository, scanner: TestScanner())
        var result = preview([("GitHub", "ada"), ("GitLab", "ada")])
        result.warnings = [
            UriWarning(kind: "secret_lowercase", message: "the secret had lowercase letters; they were read as uppercase"),
            UriWarning(kind: "a_kind_from_a_newer_core", message: "something new was normalised"),
        ]
        result.rejected = [ImportNote(name: "Proton: ada", message: "the secret is not valid base32")]
        await repository.set { $0.previewResult = result }
        await vm.submitLink("otpauth-migration://offline?data=x")
        guard case .confirm(let accounts, let warnings) = vm.states.value else { throw Failure(description: "no preview: \(vm.states.value)") }
        try expectEqual(AddAccountUiState.confirmTitle(accounts), Texts.addConfirmMany(count: 2))
        try expectEqual(
            warnings,
            [
                Texts.uriWarningSecretLowercase, Texts.coreMessage(message: "something new was normalised"),
                Texts.reportLine(name: "Proton: ada", message: "the secret is not valid base32"),
            ])
        try expectEqual(Catalogs.render(AddAccountUiState.confirmTitle(accounts), "fr"), "Ajouter ces 2 comptes ?")
        try expectEqual(
            Catalogs.render(warnings[0], "nl"), "De configuratiesleutel bevatte kleine letters; die zijn als hoofdletters gelezen.")
        try expectEqual(Catalogs.render(warnings[1], "fr"), "something new was normalised", "a kind newer than the app: core's English")
        try expectEqual(
            Catalogs.render(warnings[2], "fr"), "Proton: ada : the secret is not valid base32", "the FFI gives rejections in English only")
    }

    await suite.test("add: the hints and failures read right in every language") {
        let texts = [
            Texts.addNotAuthenticatorCode, Texts.addOtherExport, Texts.addNoCodeInImage, Texts.addImageUnreadable,
            Texts.addLinkEmpty, Texts.manualKeyMissing, Texts.manualNameMissing,
        ]
        for text in texts {
            let rendered = Catalogs.languages.map { Catalogs.render(text, $0) }
            try expect(!rendered.contains { $0 == text.key || $0.contains("{") }, "\(rendered)")
            try expectEqual(Set(rendered).count, 3, "three languages: \(rendered)")
        }
        try expectEqual(
            Catalogs.render(Texts.addNotAuthenticatorCode, "fr"),
            "Ce code QR n'est pas destiné à une application d'authentification. Cherchez le code sur la page où le service active la validation en deux étapes.")
    }

    await suite.test("add: the manual form is checked before Rust and added as a URI") {
        let repository = TestRepository(clock: TestClock(0))
        let vm = AddAccountViewModel(repository: repository, scanner: TestScanner())
        var form = ManualEntryForm()
        form.issuer = "GitHub"
        form.label = "ada"
        await vm.submitManual(form)
        try expectEqual(vm.states.value, .failed(Texts.manualKeyMissing))
        try expectEqual(await repository.calls, [])
        form.secret = "JBSWY3DPEHPK3PXP"
        await vm.submitManual(form)
        try expect(isDone(vm.states.value), "added")
        try expectEqual(
            await repository.addedUris,
            ["otpauth://totp/GitHub:ada?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30"])
    }

    await suite.test("add: an image without a code says so") {
        let scanner = TestScanner()
        let vm = AddAccountViewModel(repository: TestRepository(clock: TestClock(0)), scanner: scanner)
        await vm.onImage(TestImage { frame })
        try expectEqual(vm.states.value, .failed(Texts.addNoCodeInImage))
        try expectEqual(scanner.frames, 1)
    }

    await suite.test("add: an image the platform cannot read is a failure, not a crash") {
        let scanner = TestScanner()
        let vm = AddAccountViewModel(repository: TestRepository(clock: TestClock(0)), scanner: scanner)
        await vm.onImage(TestImage { throw Failure(description: "not an image") })
        try expectEqual(vm.states.value, .failed(Texts.addImageUnreadable))
        try expectEqual(scanner.frames, 0)
    }

    await suite.test("add: a picked image is decoded and scanned off the view model's actor") {
        let scanner = TestScanner()
        scanner.next = [TestQr(kind: .account, previewResult: preview([("GitHub", "ada@example.com")]))]
        let vm = AddAccountViewModel(repository: TestRepository(clock: TestClock(0)), scanner: scanner)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let waited = Locked(false)
        // Detached: the main thread waits for `started` below.
        let picked = Task.detached {
            await vm.onImage(TestImage {
                started.signal()
                // Released only once the actor ran another call: impossible if decoding held it.
                waited.value = release.wait(timeout: .now() + 5) == .success
                return frame
            })
        }
        try expect(started.wait(timeout: .now() + 5) == .success, "decoding started")
        await vm.submitLink("")
        release.signal()
        await picked.value
        try expect(waited.value, "the actor answered another call while the image was decoded")
        guard case .confirm(let accounts, _) = vm.states.value else { throw Failure(description: "no preview: \(vm.states.value)") }
        try expectEqual(accounts.map(\.displayName), ["GitHub: ada@example.com"])
    }
}

func addAccountVisitTests(_ suite: Suite) async {
    await suite.test("add: the camera shows while waiting for a code or the next code of an export, and only then") {
        try expect(AddAccountUiState.scanning(hint: nil).cameraOn, "scanning")
        try expect(AddAccountUiState.exportProgress(scanned: 1, size: 3, missing: [0, 1], hint: nil).cameraOn, "export")
        try expect(!AddAccountUiState.confirm(accounts: [], warnings: []).cameraOn, "confirm")
        try expect(!AddAccountUiState.saving.cameraOn, "saving")
        try expect(!AddAccountUiState.failed(Texts.addLinkEmpty).cameraOn, "failed")
    }

    await suite.test("add: a scanned code is held only while the user is asked about it") {
        let scanner = TestScanner()
        let vm = AddAccountViewModel(repository: TestRepository(clock: TestClock(0)), scanner: scanner)
        weak var other: Probe?
        weak var account: Probe?
        do {
            let otherProbe = Probe()
            let accountProbe = Probe()
            other = otherProbe
            account = accountProbe
            scanner.next = [
                TestQr(kind: .other, previewResult: nil, probe: otherProbe),
                TestQr(kind: .account, previewResult: preview([("GitHub", "ada")]), probe: accountProbe),
            ]
            await vm.onFrame(frame)?.value
            scanner.next = []
        }
        try expect(other == nil, "a code that is not used is let go at once")
        try expect(account != nil, "the code to add is held until the user answers")
        await vm.confirm()
        try expect(isDone(vm.states.value), "added")
        try expect(account == nil, "and let go once added")

        await vm.scanAgain()
        do {
            let probe = Probe()
            account = probe
            scanner.next = [TestQr(kind: .account, previewResult: preview([("GitLab", "ada")]), probe: probe)]
            await vm.onFrame(frame)?.value
            scanner.next = []
        }
        try expect(account != nil, "held while asked")
        await vm.scanAgain()
        try expect(account == nil, "let go when the user cancels")
    }

    await suite.test("add: a new visit starts afresh and shows nothing of what the last one left running") {
        let repository = TestRepository(clock: TestClock(0))
        let scanner = TestScanner()
        let vm = AddAccountViewModel(repository: repository, scanner: scanner)
        scanner.next = [TestQr(kind: .account, previewResult: preview([("GitHub", "ada")]))]
        await vm.onFrame(frame)?.value
        scanner.next = []
        await vm.reset()
        try expectEqual(vm.states.value, .scanning(hint: nil))
        await vm.confirm()
        try expectEqual(await repository.count("addScanned"), 0, "nothing is left to add")

        // A link is being read when the user leaves and opens the screen again.
        await repository.set { $0.previewResult = preview([("GitLab", "ada")]) }
        await repository.hold("previewUri")
        let linking = Task { await vm.submitLink("otpauth://totp/GitLab:ada?secret=JBSWY3DP") }
        _ = try await awaitState(vm.states) { $0 == .saving }
        await vm.reset()
        await repository.release("previewUri")
        await linking.value
        try expectEqual(vm.states.value, .scanning(hint: nil), "the old visit's preview is not shown")
        await vm.confirm()
        try expectEqual(await repository.count("addUri"), 0, "and its link is not kept for Add")

        await vm.submitLink("otpauth://totp/GitLab:ada?secret=JBSWY3DP")
        await vm.confirm()
        try expect(isDone(vm.states.value), "the new visit works as usual")
    }
}

func backupTests(_ suite: Suite) async {
    await suite.test("backup: export refuses a weak or mistyped passphrase") {
        let repository = TestRepository(clock: TestClock(0))
        let vm = BackupViewModel(repository: repository)
        await vm.export(passphrase: "short", repeated: "short", temporaryPath: "/tmp/b")
        try expectEqual(vm.states.value, .failed(Texts.backupPassphraseTooShort(min: 10)))
        try expectEqual(
            Catalogs.render(Texts.backupPassphraseTooShort(min: 10), "nl"),
            "Gebruik minstens 10 tekens: deze wachtwoordzin is het enige wat de back-up beschermt.")
        await vm.export(passphrase: "correct horse battery", repeated: "correct horse batery", temporaryPath: "/tmp/b")
        try expectEqual(vm.states.value, .failed(Texts.passphrasesDiffer))
        try expectEqual(await repository.count("exportBackup"), 0)
        await vm.export(passphrase: "correct horse battery", repeated: "correct horse battery", temporaryPath: "/tmp/b")
        try expectEqual(vm.states.value, .exported(path: "/tmp/b"))
    }

    await suite.test("backup: an encrypted import asks for the password until it is right") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.importPassword = "hunter22" }
        let vm = BackupViewModel(repository: repository)
        await vm.importFile(from: TestFile { Data([1, 2, 3]) })
        try expectEqual(vm.states.value, .passwordNeeded(message: ErrorText.of("import_password_required"), wrongPassword: false))
        await vm.submitPassword("hunter2")
        try expectEqual(vm.states.value, .passwordNeeded(message: ErrorText.of("import_wrong_password"), wrongPassword: true))
        await vm.submitPassword("hunter22")
        guard case .imported(let report) = vm.states.value else { throw Failure(description: "not imported") }
        try expectEqual(report.title, Texts.reportAdded(count: 1))
        try expectEqual(Catalogs.render(report.title, "fr"), "Comptes ajoutés : 1")
        try expectEqual(await repository.importPasswords, [nil, "hunter2", "hunter22"])
    }

    await suite.test("backup: a damaged file ends the import with the reason") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.failNext = OtpKitFailure(.invalidInput, ErrorText.of("import_unknown_format"), message: "not a backup this app can read") }
        let vm = BackupViewModel(repository: repository)
        await vm.importFile(from: TestFile { Data([9]) })
        try expectEqual(vm.states.value, .failed(ErrorText.of("import_unknown_format")), "the failure's text, not core's English")
        await vm.submitPassword("x")
        try expectEqual(await repository.count("importBackup"), 1, "nothing is left pending")
    }
}

func backupVisitTests(_ suite: Suite) async {
    await suite.test("backup: the picked file is read off the view model's actor, and one that cannot be read says so") {
        let repository = TestRepository(clock: TestClock(0))
        let vm = BackupViewModel(repository: repository)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let waited = Locked(false)
        // Detached: the main thread waits for `started` below.
        let importing = Task.detached {
            await vm.importFile(from: TestFile {
                started.signal()
                // Released only once the actor ran another call: impossible if reading held it.
                waited.value = release.wait(timeout: .now() + 5) == .success
                return Data([1])
            })
        }
        try expect(started.wait(timeout: .now() + 5) == .success, "reading started")
        await vm.submitPassword("x")
        release.signal()
        await importing.value
        try expect(waited.value, "the actor answered another call while the file was read")
        guard case .imported = vm.states.value else { throw Failure(description: "not imported: \(vm.states.value)") }

        await vm.importFile(from: TestFile { throw Failure(description: "the file went away") })
        try expectEqual(vm.states.value, .failed(Texts.backupFileUnreadable))
        try expectEqual(
            Catalogs.render(Texts.backupFileUnreadable, "fr"),
            "Impossible d'ouvrir ce fichier. Choisissez-le de nouveau ou copiez-le d'abord sur ce téléphone.")
        try expectEqual(await repository.count("importBackup"), 1, "nothing unreadable reaches the vault")
    }

    await suite.test("backup: a new visit starts afresh and shows nothing of what the last one left running") {
        let repository = TestRepository(clock: TestClock(0))
        await repository.set { $0.importPassword = "hunter22" }
        let vm = BackupViewModel(repository: repository)
        await vm.importFile(from: TestFile { Data([1, 2, 3]) })
        guard case .passwordNeeded = vm.states.value else { throw Failure(description: "no password asked: \(vm.states.value)") }
        await vm.reset()
        try expectEqual(vm.states.value, .idle)
        await vm.submitPassword("hunter22")
        try expectEqual(await repository.count("importBackup"), 1, "the file waiting for its password is dropped")

        // An export is being written when the user leaves and opens the screen again.
        await repository.hold("exportBackup")
        let exporting = Task {
            await vm.export(passphrase: "correct horse battery", repeated: "correct horse battery", temporaryPath: "/tmp/b")
        }
        _ = try await awaitState(vm.states) { $0 == .working }
        await vm.reset()
        await repository.release("exportBackup")
        await exporting.value
        try expectEqual(vm.states.value, .idle, "the old visit's result is not shown")
        try expectEqual(await repository.count("exportBackup"), 1, "though the export itself finished")
    }
}

func logicTests(_ suite: Suite) async {
    await suite.test("logic: drift durations keep the two largest units, and the direction") {
        try expectEqual(DriftBanner.duration(ms: 499), Texts.durationS(s: 0))
        try expectEqual(DriftBanner.duration(ms: 500), Texts.durationS(s: 1))
        try expectEqual(DriftBanner.duration(ms: 65_000), Texts.durationMinS(min: 1, s: 5))
        try expectEqual(DriftBanner.duration(ms: 120_000), Texts.durationMin(min: 2))
        try expectEqual(DriftBanner.duration(ms: 3 * 3_600_000 + 121_000), Texts.durationHMin(h: 3, min: 2))
        try expectEqual(DriftBanner.duration(ms: 3_600_000 + 59_000), Texts.durationH(h: 1))
        try expectEqual(DriftBanner.duration(ms: 5 * 86_400_000 + 3_599_000), Texts.durationD(d: 5))
        try expectEqual(DriftBanner.duration(ms: 90_000_000), Texts.durationDH(d: 1, h: 1))
        try expectEqual(DriftBanner.title(offsetMs: 120_000), Texts.driftSlow(duration: Texts.durationMin(min: 2)))
        try expectEqual(DriftBanner.title(offsetMs: -12_000), Texts.driftFast(duration: Texts.durationS(s: 12)))
        try expectEqual(DriftBanner.from(DriftReport(status: .unknown, message: "m", offsetMs: nil, fresh: true)), nil)
        try expectEqual(DriftBanner.from(DriftReport(status: .ok, message: "m", offsetMs: 2_000, fresh: true)), nil)
        try expectEqual(DriftBanner.from(DriftReport(status: .warn, message: "m", offsetMs: nil, fresh: true)), nil)
        let warn = try unwrap(DriftBanner.from(DriftReport(status: .warn, message: "m", offsetMs: 15_000, fresh: true)))
        try expectEqual(warn.severity, .warning)
        try expectEqual(warn.message, Texts.driftSomeRejected)
        let bad = try unwrap(DriftBanner.from(DriftReport(status: .bad, message: "m", offsetMs: 90_000, fresh: true)))
        try expectEqual(bad.severity, .error)
        try expectEqual(bad.message, Texts.driftAllRejected)
        try expectEqual(bad.actionLabel, Texts.driftActionIos)
        try expectEqual(DriftBanner.checkedText(DriftReport(status: .ok, message: "m", offsetMs: 300, fresh: true)), Texts.driftClockFine)
        try expectEqual(DriftBanner.checkedText(DriftReport(status: .unknown, message: "m", offsetMs: nil, fresh: true)), Texts.driftUnknown)
    }

    await suite.test("logic: clipboard cleared after 30 s, only if still ours") {
        let copy = ClipboardPolicy.copy("123 456", nowMs: 10_000)
        try expectEqual(copy.text, "123456")
        try expect(!ClipboardPolicy.shouldClear(copy, nowMs: 39_999, clipIsStillOurs: true), "not before 30 s")
        try expect(ClipboardPolicy.shouldClear(copy, nowMs: 40_000, clipIsStillOurs: true), "at 30 s")
        try expect(!ClipboardPolicy.shouldClear(copy, nowMs: 40_000, clipIsStillOurs: false), "the user copied something else")
    }

    await suite.test("logic: import report lines and titles") {
        let report = ImportReportUi.from(
            ImportResult(
                added: ["GitHub: ada", "GitLab: ada"], duplicates: ["Proton: ada"],
                normalised: [
                    NormalisedNote(name: "GitHub: ada", warning: UriWarning(kind: "secret_lowercase", message: "core's English")),
                    NormalisedNote(
                        name: "GitLab: ada",
                        warning: UriWarning(kind: "a_kind_from_a_newer_core", message: "something new was normalised")),
                ],
                rejected: [ImportNote(name: "entry 4", message: "secret is not base32")]))
        try expectEqual(report.title, Texts.reportAdded(count: 2))
        try expectEqual(
            report.lines,
            [
                Texts.reportLineDuplicate(name: "Proton: ada"), Texts.reportLine(name: "entry 4", message: "secret is not base32"),
                Texts.reportLineWarning(name: "GitHub: ada", warning: Texts.uriWarningSecretLowercase),
                Texts.reportLineWarning(name: "GitLab: ada", warning: Texts.coreMessage(message: "something new was normalised")),
            ])
        try expectEqual(
            report.lines.map { Catalogs.render($0, "en") },
            [
                "Proton: ada: already in your accounts", "entry 4: secret is not base32",
                "GitHub: ada: The setup key had lowercase letters; they were read as capitals.",
                "GitLab: ada: something new was normalised",
            ])
        // A normalisation is in the user's language, like a preview's warning.
        try expectEqual(
            Catalogs.render(report.lines[2], "nl"),
            "GitHub: ada: De configuratiesleutel bevatte kleine letters; die zijn als hoofdletters gelezen.")
        try expectEqual(
            Catalogs.render(report.lines[2], "fr"),
            "GitHub: ada : La clé de configuration contenait des minuscules ; elles ont été lues comme des majuscules.")
        try expectEqual(Catalogs.render(report.lines[0], "nl"), "Proton: ada: staat al bij je accounts")
        try expectEqual(Catalogs.render(report.title, "fr"), "Comptes ajoutés : 2")
        let duplicates = ImportReportUi.from(ImportResult(added: [], duplicates: ["a", "b"], normalised: [], rejected: []))
        try expectEqual(duplicates.title, Texts.reportAlreadyAll)
        try expectEqual(Catalogs.render(duplicates.title, "fr"), "Tous déjà dans vos comptes")
        let rejected = ImportReportUi.from(ImportResult(added: [], duplicates: [], normalised: [], rejected: [ImportNote(name: "x", message: "bad")]))
        try expectEqual(rejected.title, Texts.reportNothingAdded)
        try expectEqual(Catalogs.render(rejected.title, "nl"), "Er is niets toegevoegd")
        try expect(rejected.isError, "all rejected is an error")
    }

    await suite.test("logic: countdown clamps, HOTP has none; codes grouped") {
        let code = Code(value: "123456", next: "654321", validUntilUnix: 1_000, periodSeconds: 30)
        try expectEqual(Countdown.of(code, nowMs: 970_000), Countdown(secondsLeft: 30, progress: 1))
        try expectEqual(Countdown.of(code, nowMs: 999_999)?.secondsLeft, 1)
        try expectEqual(Countdown.of(code, nowMs: 1_005_000), Countdown(secondsLeft: 0, progress: 0))
        try expectEqual(Countdown.of(code, nowMs: 900_000), Countdown(secondsLeft: 30, progress: 1))
        try expectEqual(Countdown.of(Code(value: "1", next: "2", validUntilUnix: nil, periodSeconds: nil), nowMs: 0), nil)
        try expectEqual(CodeFormat.grouped("123456"), "123 456")
        try expectEqual(CodeFormat.grouped("12345678"), "1234 5678")
        try expectEqual(CodeFormat.grouped("5RT2K"), "5RT2K")
    }

    await suite.test("logic: the manual form's URI is encoded, its description redacted") {
        var form = ManualEntryForm()
        form.issuer = "ACME Co"
        form.label = "ada@example.com"
        form.secret = "jbsw y3dp"
        form.algorithm = .sha256
        form.digits = 8
        form.periodSeconds = 60
        try expectEqual(
            form.uri,
            "otpauth://totp/ACME%20Co:ada%40example.com?secret=jbsw%20y3dp&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60")
        try expect(!form.description.contains("jbsw"), "the secret stays out of logs")
        try expectEqual(form.problem, nil)
        var blank = form
        blank.secret = " "
        try expectEqual(blank.problem, Texts.manualKeyMissing)
        var unnamed = ManualEntryForm()
        unnamed.secret = "JBSWY3DP"
        try expectEqual(unnamed.problem, Texts.manualNameMissing)
        try expectEqual(Catalogs.render(Texts.manualNameMissing, "fr"), "Saisissez le service ou le nom du compte.")
        var steam = ManualEntryForm()
        steam.issuer = "Steam"
        steam.label = "ada"
        steam.secret = "JBSWY3DP"
        steam.type = .steam
        try expectEqual(steam.uri, "otpauth://steam/Steam:ada?secret=JBSWY3DP&issuer=Steam&period=30")
    }

    await suite.test("logic: every warning kind of core has its own text, in every language") {
        let kinds = [
            "secret_lowercase", "secret_padding", "secret_separators", "secret_trailing_bits", "weak_secret",
            "issuer_mismatch", "whitespace_trimmed", "unknown_parameter", "parameter_ignored", "steam_assumed",
            "fragment_ignored", "period_assumed", "digits_assumed", "algorithm_assumed", "type_assumed",
            "base64_padding", "base64_url_safe", "group_left_out", "note_left_out", "tags_dropped",
        ]
        for kind in kinds {
            let text = NoteText.of(UriWarning(kind: kind, message: "core's English"))
            try expectEqual(text, UiText("uri_warning_" + kind))
            for lang in Catalogs.languages {
                let rendered = Catalogs.render(text, lang)
                try expect(rendered != text.key && !rendered.contains("{") && !rendered.contains("core's English"), "\(kind) \(lang): \(rendered)")
            }
        }
        try expectEqual(NoteText.of(UriWarning(kind: "newer_than_the_app", message: "new")), Texts.coreMessage(message: "new"))
    }

    await suite.test("logic: search folds accents and case") {
        let bank = account("b", "Zürich Bank", "ada", group: "money")
        try expect(AccountSearch.matches(bank, query: "ZURICH money"), "folded")
        try expect(!AccountSearch.matches(bank, query: "zurich github"), "every word must match")
        try expect(AccountSearch.matches(bank, query: "   "), "an empty query matches all")
    }

    await suite.test("logic: the setup key is masked until the user asks to see it") {
        var form = ManualEntryForm()
        form.issuer = "GitHub"
        form.label = "ada"
        form.secret = "JBSWY3DP"
        try expect(!form.secretShown, "masked by default")
        try expectEqual(form.secretToggleLabel, Texts.addShowSetupKey)
        try expectEqual(Catalogs.render(form.secretToggleLabel, "nl"), "Configuratiesleutel tonen")
        var shown = form
        shown.toggleSecretShown()
        try expect(shown.secretShown, "shown")
        try expectEqual(shown.secretToggleLabel, Texts.addHideSetupKey)
        try expectEqual(shown.uri, form.uri, "showing the key changes nothing added")
        try expect(!shown.description.contains("JBSWY3DP"), "the secret stays out of logs, shown or not")
        shown.toggleSecretShown()
        try expect(!shown.secretShown, "masked again")
    }

    await suite.test("logic: an opened link waits until the unlocked code list takes it, once") {
        var links = OpenedLinks()
        try expect(!links.receive("https://example.com/otpauth://totp/x"), "only the app's own schemes")
        try expect(!links.receive("otpauth://"), "a scheme alone is no link")
        try expectEqual(links.waiting, nil)
        try expect(links.receive(" otpauth://totp/GitHub:ada?secret=JBSWY3DP "), "kept")
        // The vault is locked: nothing takes it, and it waits.
        try expectEqual(links.waiting, "otpauth://totp/GitHub:ada?secret=JBSWY3DP")
        try expect(links.receive("OTPAUTH-MIGRATION://offline?data=AbC"), "a newer link replaces it")
        try expectEqual(links.take(), "OTPAUTH-MIGRATION://offline?data=AbC")
        try expectEqual(links.take(), nil, "handed over once")
        try expectEqual(links.waiting, nil)
    }

    await suite.test("logic: the camera is asked for once, and a refusal stands until the system says otherwise") {
        try expectEqual(CameraAccess.initial(granted: true), .granted)
        let first = CameraAccess.initial(granted: false)
        try expectEqual(first, .notAsked)
        try expect(CameraAccess.shouldAsk(first), "asked when the screen opens")
        try expectEqual(CameraAccess.resumed(first, granted: false), .notAsked, "the system's alert makes the scene inactive")
        let refused = CameraAccess.answered(granted: false)
        try expectEqual(refused, .denied)
        try expect(!CameraAccess.shouldAsk(refused), "never asked again on its own")
        try expectEqual(CameraAccess.resumed(refused, granted: false), .denied)
        try expectEqual(CameraAccess.resumed(refused, granted: true), .granted, "allowed in Settings")
        try expectEqual(CameraAccess.resumed(.granted, granted: false), .denied)
        try expectEqual(CameraAccess.answered(granted: true), .granted)
        try expectEqual(CameraAccess.deniedMessage, Texts.cameraDeniedIos)
        try expect(Catalogs.render(CameraAccess.deniedMessage, "fr").contains("dans Réglages"), "iOS's word for Settings")
        try expectEqual(Catalogs.render(CameraAccess.openSettings, "fr"), "Ouvrir Réglages")
        try expectEqual(Catalogs.render(ClipboardPolicy.copied, "nl"), "Gekopieerd")
    }

    await suite.test("logic: VoiceOver hears the name, the code digit by digit and the time left") {
        let item = CodeItem(
            account: account("a", "GitHub", "ada"), code: "123456", displayCode: "123 456", nextCode: "654 321",
            secondsLeft: 1, progress: 0.03)
        try expectEqual(item.spokenLabel, Texts.codesSpokenTime(name: "GitHub: ada", digits: "1 2 3 4 5 6", seconds: 1))
        var later = item
        later.secondsLeft = 20
        try expectEqual(Catalogs.render(later.spokenLabel, "en"), "GitHub: ada, code 1 2 3 4 5 6, seconds left: 20")
        try expectEqual(Catalogs.render(later.spokenLabel, "fr"), "GitHub: ada, code 1 2 3 4 5 6, secondes restantes : 20")
        var hotp = CodeItem(
            account: account("c", nil, "router", period: nil), code: nil, displayCode: nil, nextCode: nil, secondsLeft: nil,
            progress: nil)
        try expectEqual(hotp.spokenLabel, Texts.codesSpokenNoCode(name: "router"))
        try expectEqual(Catalogs.render(hotp.spokenLabel, "nl"), "router, nog geen code getoond")
        hotp.code = "5RT2K"
        try expectEqual(hotp.spokenLabel, Texts.codesSpokenCode(name: "router", digits: "5 R T 2 K"))
    }
}
