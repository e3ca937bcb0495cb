import Foundation

/// The add-account flow's state.
public enum AddAccountUiState: Sendable, Equatable {
    /// The camera is on, waiting for a code; `hint` after a QR code that is not an authenticator code.
    case scanning(hint: UiText?)
    /// "Add this account?": what a scanned code or a pasted link holds, before it is added, with
    /// what the parser normalised and the export's accounts it left out.
    case confirm(accounts: [AccountPreview], warnings: [UiText])
    /// A Google Authenticator export spread over several QR codes: "2 of 3 codes scanned", the
    /// codes still missing (by index from 0), and a hint after a code of another export.
    case exportProgress(scanned: Int, size: Int, missing: [Int], hint: UiText?)
    case saving
    case done(ImportReportUi)
    /// The add failed: the message says why and how to fix it.
    case failed(UiText)

    /// "Add this account?" or, for an export, "Add these 3 accounts?".
    public static func confirmTitle(_ accounts: [AccountPreview]) -> UiText {
        accounts.count == 1 ? Texts.addConfirmOne : Texts.addConfirmMany(count: Int64(accounts.count))
    }

    /// "Scanned: 2 of 3 QR codes".
    public static func progressText(scanned: Int, size: Int) -> UiText {
        Texts.addExportProgress(scanned: Int64(scanned), size: Int64(size))
    }

    /// "QR codes still to scan: 1, 3" (numbered from 1).
    public static func missingText(_ missing: [Int]) -> UiText {
        Texts.addExportMissing(numbers: missing.map { String($0 + 1) }.joined(separator: ", "))
    }
}

/// Adding accounts: by camera scan (frames are scanned on the capture queue), from an image
/// (decoded and scanned in a detached task), from an `otpauth://` link, or by hand. A scanned
/// code's content never leaves Rust.
public actor AddAccountViewModel {
    private enum Pending {
        case scanned(any ScannedQr)
        case link(String)
    }

    private let repository: any AccountsRepository
    private let scanner: any QrFrameScanner
    public nonisolated let states = StateChannel<AddAccountUiState>(.scanning(hint: nil))
    private nonisolated let busy = Gate()
    private var pending: Pending?
    /// The export being scanned: its codes are tracked by the scanner, this screen shows its progress.
    private var exportId: Int?

    public init(repository: any AccountsRepository, scanner: any QrFrameScanner) {
        self.repository = repository
        self.scanner = scanner
    }

    /// A camera frame, on the capture queue: the scan runs there; what it found is handled on
    /// the actor. Frames that arrive while a code is being handled are dropped. Returns the
    /// handling task, if any (tests await it).
    @discardableResult
    public nonisolated func onFrame(_ frame: LumaFrame) -> Task<Void, Never>? {
        guard accepting(states.value), busy.tryEnter() else { return nil }
        let codes: [any ScannedQr]
        do {
            codes = try scanner.scanLuma(frame)
        } catch {
            busy.leave()
            return Task { await self.fail(error) }
        }
        guard !codes.isEmpty else {
            busy.leave()
            return nil
        }
        return Task {
            await self.handleScanned(codes, noCodeMessage: nil)
            self.busy.leave()
        }
    }

    /// An image the user picked (a screenshot of a QR code): decoded and scanned in a detached
    /// task, off the main thread and off this actor.
    public func onImage(_ image: any PickedImage) async {
        let scanner = self.scanner
        let scanned = await Task.detached { () -> Result<[any ScannedQr], Error>? in
            guard let frame = try? image.decode() else { return nil }
            return Result { try scanner.scanLuma(frame) }
        }.value
        switch scanned {
        case nil: states.send(.failed(Texts.addImageUnreadable))
        case .success(let codes)?: await handleScanned(codes, noCodeMessage: Texts.addNoCodeInImage)
        case .failure(let error)?: fail(error)
        }
    }

    /// A pasted or opened `otpauth://` link: previewed, then added on `confirm()`.
    public func submitLink(_ uri: String) async {
        let text = uri.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return states.send(.failed(Texts.addLinkEmpty)) }
        await perform {
            let preview = try await repository.previewUri(text)
            pending = .link(text)
            return .confirm(accounts: preview.accounts, warnings: notes(preview))
        }
    }

    /// The manual form: added straight away (the user typed every field and saw them).
    public func submitManual(_ form: ManualEntryForm) async {
        if let problem = form.problem { return states.send(.failed(problem)) }
        await perform { .done(ImportReportUi.from(try await repository.addUri(form.uri))) }
    }

    /// "Add" on the confirmation screen.
    public func confirm() async {
        guard let what = pending else { return }
        pending = nil
        await perform {
            switch what {
            case .scanned(let code): return .done(ImportReportUi.from(try await repository.addScanned(code)))
            case .link(let uri): return .done(ImportReportUi.from(try await repository.addUri(uri)))
            }
        }
    }

    /// Back to the camera (after Cancel, a failure or a result). Drops any export in progress.
    public func scanAgain() {
        pending = nil
        exportId = nil
        scanner.resetExports()
        states.send(.scanning(hint: nil))
    }

    private nonisolated func accepting(_ state: AddAccountUiState) -> Bool {
        switch state {
        case .scanning, .exportProgress: return true
        case .confirm, .saving, .done, .failed: return false
        }
    }

    private func handleScanned(_ codes: [any ScannedQr], noCodeMessage: UiText?) async {
        guard let code = codes.first(where: { $0.kind != .other }) else {
            if !codes.isEmpty {
                hint(Texts.addNotAuthenticatorCode)
            } else if let noCodeMessage {
                states.send(.failed(noCodeMessage))
            }
            return
        }
        do {
            switch code.kind {
            case .account:
                let preview = try code.preview()
                pending = .scanned(code)
                states.send(.confirm(accounts: preview.accounts, warnings: notes(preview)))
            case .exportPart:
                try await addExportPart(code)
            case .other:
                hint(Texts.addNotAuthenticatorCode)
            }
        } catch {
            fail(error)
        }
    }

    /// An export code goes to the scanner's tracker; once every code of the export is in, the
    /// whole export is added in one save. A code of another export is tracked too (it counts when
    /// that export is scanned next), but this screen stays on the current one.
    private func addExportPart(_ code: any ScannedQr) async throws {
        let progress: ExportBatchProgress
        do {
            progress = try scanner.recordExportPart(code)
        } catch let refused as OtpKitFailure {
            return showHint(refused.text)
        }
        let current = exportId ?? progress.batchId
        exportId = current
        guard progress.batchId == current else { return showHint(Texts.addOtherExport) }
        guard progress.complete else {
            return states.send(
                .exportProgress(scanned: progress.seen.count, size: progress.size, missing: progress.missing, hint: nil))
        }
        guard let export = scanner.takeCompleteExport(batchId: current) else { return }
        exportId = nil
        states.send(.saving)
        states.send(.done(ImportReportUi.from(try await repository.addExport(export))))
    }

    /// A hint under the camera, whether waiting for a first code or in the middle of an export.
    private func showHint(_ text: UiText) {
        if case .exportProgress(let scanned, let size, let missing, _) = states.value {
            states.send(.exportProgress(scanned: scanned, size: size, missing: missing, hint: text))
        } else {
            hint(text)
        }
    }

    private func hint(_ text: UiText) {
        if case .scanning = states.value { states.send(.scanning(hint: text)) }
    }

    private func perform(_ body: () async throws -> AddAccountUiState) async {
        states.send(.saving)
        do {
            states.send(try await body())
        } catch {
            fail(error)
        }
    }

    private func fail(_ error: Error) {
        states.send(.failed((error as? OtpKitFailure)?.text ?? Texts.failureUnexpected))
    }

    /// What the parser normalised, then the export's accounts it left out (with core's English reason).
    private func notes(_ preview: UriPreview) -> [UiText] {
        preview.warnings.map(NoteText.of) + preview.rejected.map(NoteText.of)
    }
}

/// A non-blocking "one at a time" gate for the capture queue.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = false

    func tryEnter() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if taken { return false }
        taken = true
        return true
    }

    func leave() {
        lock.lock()
        taken = false
        lock.unlock()
    }
}
