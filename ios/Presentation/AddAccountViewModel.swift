import Foundation

/// The add-account flow's state.
public enum AddAccountUiState: Sendable, Equatable {
    /// The camera is on, waiting for a code; `hint` after a QR code that is not an authenticator code.
    case scanning(hint: UiText?)
    /// "Add this account?": what a scanned code or a pasted link holds, before it is added, with
    /// what the parser normalised and the export's accounts it left out.
    case confirm(accounts: [AccountPreview], warnings: [UiText])
    /// A Google Authenticator export spread over several QR codes ("Scanned: 2 of 3 QR codes"),
    /// the codes still missing (by index from 0), and a hint after a code of another export.
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

    /// The camera preview shows and its frames are scanned: while waiting for a code, or for the
    /// next code of an export. One preview for both, so the camera keeps running between them.
    public var cameraOn: Bool {
        switch self {
        case .scanning, .exportProgress: return true
        case .confirm, .saving, .done, .failed: return false
        }
    }
}

/// Adding accounts: by camera scan (frames are scanned on the capture queue), from an image
/// (decoded and scanned in a detached task), from an `otpauth://` link, or by hand. A scanned
/// code's content never leaves Rust; the view model holds a code only while the user is asked
/// about it (the Rust handle goes with the last reference).
///
/// `reset()` starts a new visit of the screen: what an earlier visit started still finishes (an
/// add is saved), but its result is not shown. (The iOS app makes a view model per visit; the
/// Android app keeps one with its activity and resets it.)
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
    /// The visit of the screen; work remembers the visit it was started in.
    private var visit = 0

    public init(repository: any AccountsRepository, scanner: any QrFrameScanner) {
        self.repository = repository
        self.scanner = scanner
    }

    /// A camera frame, on the capture queue: the scan runs there; what it found is handled on
    /// the actor. Frames that arrive while a code is being handled are dropped. Returns the
    /// handling task, if any (tests await it).
    @discardableResult
    public nonisolated func onFrame(_ frame: LumaFrame) -> Task<Void, Never>? {
        guard states.value.cameraOn, busy.tryEnter() else { return nil }
        let codes: [any ScannedQr]
        do {
            codes = try scanner.scanLuma(frame)
        } catch {
            busy.leave()
            return Task { await self.frameFailed(error) }
        }
        guard !codes.isEmpty else {
            busy.leave()
            return nil
        }
        return Task {
            await self.handleFrame(codes)
            self.busy.leave()
        }
    }

    private func handleFrame(_ codes: [any ScannedQr]) async {
        await handleScanned(codes, noCodeMessage: nil, from: visit)
    }

    private func frameFailed(_ error: Error) {
        fail(error, from: visit)
    }

    /// An image the user picked (a screenshot of a QR code): decoded and scanned in a detached
    /// task, off the main thread and off this actor.
    public func onImage(_ image: any PickedImage) async {
        let scanner = self.scanner
        let from = visit
        let scanned = await Task.detached { () -> Result<[any ScannedQr], Error>? in
            guard let frame = try? image.decode() else { return nil }
            return Result { try scanner.scanLuma(frame) }
        }.value
        switch scanned {
        case nil: show(.failed(Texts.addImageUnreadable), from: from)
        case .success(let codes)?: await handleScanned(codes, noCodeMessage: Texts.addNoCodeInImage, from: from)
        case .failure(let error)?: fail(error, from: from)
        }
    }

    /// A pasted or opened `otpauth://` link: previewed, then added on `confirm()`.
    public func submitLink(_ uri: String) async {
        let text = uri.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return states.send(.failed(Texts.addLinkEmpty)) }
        await perform { from in
            let preview = try await repository.previewUri(text)
            if from == visit { pending = .link(text) }
            return .confirm(accounts: preview.accounts, warnings: notes(preview))
        }
    }

    /// The manual form: added straight away (the user typed every field and saw them).
    public func submitManual(_ form: ManualEntryForm) async {
        if let problem = form.problem { return states.send(.failed(problem)) }
        await perform { _ in .done(ImportReportUi.from(try await repository.addUri(form.uri))) }
    }

    /// "Add" on the confirmation screen.
    public func confirm() async {
        guard let what = pending else { return }
        pending = nil
        await perform { _ in
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

    /// A new visit of the screen: back to the camera with nothing pending, and whatever the
    /// earlier visit still has running shows nothing when it ends. Call it when the screen opens.
    public func reset() {
        visit += 1
        scanAgain()
    }

    private func handleScanned(_ codes: [any ScannedQr], noCodeMessage: UiText?, from: Int) async {
        guard let code = codes.first(where: { $0.kind != .other }) else {
            if !codes.isEmpty {
                hint(Texts.addNotAuthenticatorCode, from: from)
            } else if let noCodeMessage {
                show(.failed(noCodeMessage), from: from)
            }
            return
        }
        do {
            switch code.kind {
            case .account:
                let preview = try code.preview()
                guard from == visit else { return }
                pending = .scanned(code)
                states.send(.confirm(accounts: preview.accounts, warnings: notes(preview)))
            case .exportPart:
                try await addExportPart(code, from: from)
            case .other:
                hint(Texts.addNotAuthenticatorCode, from: from)
            }
        } catch {
            fail(error, from: from)
        }
    }

    /// An export code goes to the scanner's tracker; once every code of the export is in, the
    /// whole export is added in one save. A code of another export is tracked too (it counts when
    /// that export is scanned next), but this screen stays on the current one.
    private func addExportPart(_ code: any ScannedQr, from: Int) async throws {
        guard from == visit else { return }
        let progress: ExportBatchProgress
        do {
            progress = try scanner.recordExportPart(code)
        } catch let refused as OtpKitFailure {
            return showHint(refused.text, from: from)
        }
        let current = exportId ?? progress.batchId
        exportId = current
        guard progress.batchId == current else { return showHint(Texts.addOtherExport, from: from) }
        guard progress.complete else {
            return states.send(
                .exportProgress(scanned: progress.seen.count, size: progress.size, missing: progress.missing, hint: nil))
        }
        guard let export = scanner.takeCompleteExport(batchId: current) else { return }
        exportId = nil
        states.send(.saving)
        show(.done(ImportReportUi.from(try await repository.addExport(export))), from: from)
    }

    /// Shows `state` if `from` is still the visit on screen.
    private func show(_ state: AddAccountUiState, from: Int) {
        if from == visit { states.send(state) }
    }

    /// A hint under the camera, whether waiting for a first code or in the middle of an export.
    private func showHint(_ text: UiText, from: Int) {
        if case .exportProgress(let scanned, let size, let missing, _) = states.value {
            show(.exportProgress(scanned: scanned, size: size, missing: missing, hint: text), from: from)
        } else {
            hint(text, from: from)
        }
    }

    private func hint(_ text: UiText, from: Int) {
        if case .scanning = states.value { show(.scanning(hint: text), from: from) }
    }

    private func perform(_ body: (Int) async throws -> AddAccountUiState) async {
        let from = visit
        states.send(.saving)
        do {
            show(try await body(from), from: from)
        } catch {
            fail(error, from: from)
        }
    }

    private func fail(_ error: Error, from: Int) {
        show(.failed((error as? OtpKitFailure)?.text ?? Texts.failureUnexpected), from: from)
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
