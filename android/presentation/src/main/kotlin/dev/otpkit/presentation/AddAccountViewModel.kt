package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.withContext
import kotlin.coroutines.CoroutineContext

/** The add-account flow's state. */
sealed interface AddAccountUiState {
    /** The camera is on, waiting for a code. [hint] after a QR code that is not an authenticator code. */
    data class Scanning(val hint: UiText? = null) : AddAccountUiState

    /**
     * "Add this account?": what a scanned code or a pasted link holds, before it is added, with
     * what the parser normalised and the export's accounts it left out.
     */
    data class Confirm(val accounts: List<AccountPreview>, val warnings: List<UiText>) : AddAccountUiState {
        /** "Add this account?" or, for an export, "Add these 3 accounts?". */
        val title: UiText get() = if (accounts.size == 1) Texts.addConfirmOne else Texts.addConfirmMany(accounts.size.toLong())
    }

    /**
     * A Google Authenticator export spread over several QR codes ("Scanned: 2 of 3 QR codes"),
     * the codes still [missing] (by index from 0), and [hint] after a code of another export.
     */
    data class ExportProgress(
        val scanned: Int,
        val size: Int,
        val missing: List<Int>,
        val hint: UiText? = null,
    ) : AddAccountUiState {
        /** "Scanned: 2 of 3 QR codes". */
        val text: UiText get() = Texts.addExportProgress(scanned.toLong(), size.toLong())

        /** "QR codes still to scan: 1, 3" (numbered from 1). */
        val missingText: UiText get() = Texts.addExportMissing(missing.joinToString(", ") { "${it + 1}" })
    }

    data object Saving : AddAccountUiState

    data class Done(val report: ImportReportUi) : AddAccountUiState

    /** The add failed: [message] says why and how to fix it; the user can go back and retry. */
    data class Failed(val message: UiText) : AddAccountUiState

    /**
     * The camera preview shows and its frames are scanned: while waiting for a code, or for the
     * next code of an export. One preview for both, so the camera keeps running between them.
     */
    val cameraOn: Boolean get() = this is Scanning || this is ExportProgress
}

/**
 * Adding accounts: by camera scan (frames go to [scanner] on the analyzer's thread), from an
 * image (decoded and scanned on [worker]), from an `otpauth://` link, or by hand. A scanned
 * code's content never leaves Rust, and its handle is closed as soon as it is added, tracked or
 * dropped.
 *
 * The screen's view model may outlive one visit of the screen (Android keeps it with the
 * activity): [reset] starts the next visit afresh. What an earlier visit started still finishes
 * (an add is saved), but its result is not shown in the new one.
 */
class AddAccountViewModel(
    private val repository: AccountsRepository,
    private val scanner: QrFrameScanner,
    private val scope: CoroutineScope,
    private val worker: CoroutineContext = Dispatchers.Default,
) {
    private sealed interface Pending {
        class Scanned(val code: ScannedQr) : Pending
        class Link(val uri: String) : Pending
    }

    /** One visit of the screen; work remembers the visit it was started in. */
    private class Visit

    private val _state = MutableStateFlow<AddAccountUiState>(AddAccountUiState.Scanning())
    val state: StateFlow<AddAccountUiState> = _state.asStateFlow()

    /** Read on the analyzer's thread, changed on the main thread. */
    @Volatile
    private var visit = Visit()

    private var pending: Pending? = null

    /** The export being scanned: its codes are tracked by [scanner], this screen shows its progress. */
    private var exportId: Int? = null

    /** One frame at a time: frames that arrive while one is handled are dropped. */
    private val busy = Mutex()

    /**
     * A camera frame, on the analyzer's thread: the scan runs there, what it found is handled in
     * [scope]. Frames that arrive while a code is being handled are dropped.
     */
    fun onFrame(frame: LumaFrame) {
        if (!_state.value.cameraOn || !busy.tryLock()) return
        val from = visit
        val codes = try {
            scanner.scanLuma(frame)
        } catch (failure: OtpKitFailure) {
            busy.unlock()
            scope.launch { show(from, AddAccountUiState.Failed(failure.text)) }
            return
        }
        if (codes.isEmpty()) {
            busy.unlock()
            return
        }
        scope.launch {
            try {
                handleScanned(from, codes, noCodeMessage = null)
            } catch (failure: OtpKitFailure) {
                show(from, AddAccountUiState.Failed(failure.text))
            } finally {
                busy.unlock()
            }
        }
    }

    /** An image the user picked (a screenshot of a QR code): decoded and scanned on [worker]. */
    fun onImage(image: PickedImage) {
        val from = visit
        scope.launch {
            busy.lock()
            try {
                val codes = withContext(worker) { decoded(image)?.let(scanner::scanLuma) }
                if (codes == null) {
                    show(from, AddAccountUiState.Failed(Texts.addImageUnreadable))
                } else {
                    handleScanned(from, codes, noCodeMessage = Texts.addNoCodeInImage)
                }
            } catch (failure: OtpKitFailure) {
                show(from, AddAccountUiState.Failed(failure.text))
            } finally {
                busy.unlock()
            }
        }
    }

    /** A pasted or opened `otpauth://` link: previewed, then added on [confirm]. */
    fun submitLink(uri: String) {
        val text = uri.trim()
        if (text.isEmpty()) {
            _state.value = AddAccountUiState.Failed(Texts.addLinkEmpty)
            return
        }
        perform { from ->
            val preview = repository.previewUri(text)
            keep(from, Pending.Link(text))
            AddAccountUiState.Confirm(preview.accounts, notes(preview))
        }
    }

    /** The manual form: added straight away (the user typed every field and saw them). */
    fun submitManual(form: ManualEntryForm) {
        form.problem()?.let {
            _state.value = AddAccountUiState.Failed(it)
            return
        }
        perform { done(repository.addUri(form.toUri())) }
    }

    /** "Add" on the confirmation screen. */
    fun confirm() {
        val what = pending ?: return
        pending = null
        perform {
            done(
                when (what) {
                    is Pending.Scanned -> what.code.use { repository.addScanned(it) }
                    is Pending.Link -> repository.addUri(what.uri)
                },
            )
        }
    }

    /** Back to the camera (after Cancel, a failure or a result). Drops any export in progress. */
    fun scanAgain() {
        release(pending)
        pending = null
        exportId = null
        scanner.resetExports()
        _state.value = AddAccountUiState.Scanning()
    }

    /**
     * A new visit of the screen: back to the camera with nothing pending, and whatever the
     * earlier visit still has running shows nothing when it ends. Call it when the screen opens.
     */
    fun reset() {
        visit = Visit()
        scanAgain()
    }

    /** The image's luma plane, or null when the platform cannot read it (not an image, damaged, gone). */
    private fun decoded(image: PickedImage): LumaFrame? = try {
        image.decode()
    } catch (unreadable: Exception) {
        null
    }

    private suspend fun handleScanned(from: Visit, codes: List<ScannedQr>, noCodeMessage: UiText?) {
        val code = codes.firstOrNull { it.kind != ScannedKind.Other }
        // Only the first authenticator code is used: the others are closed now.
        codes.forEach { if (it !== code) it.close() }
        if (code == null) {
            when {
                codes.isNotEmpty() -> hint(from, Texts.addNotAuthenticatorCode)
                noCodeMessage != null -> show(from, AddAccountUiState.Failed(noCodeMessage))
            }
            return
        }
        when (code.kind) {
            ScannedKind.Account -> {
                val preview = try {
                    code.preview()
                } catch (failure: OtpKitFailure) {
                    code.close()
                    throw failure
                }
                keep(from, Pending.Scanned(code))
                show(from, AddAccountUiState.Confirm(preview.accounts, notes(preview)))
            }
            // The tracker keeps what it needs of the code.
            ScannedKind.ExportPart -> code.use { addExportPart(from, it) }
            ScannedKind.Other -> code.close()
        }
    }

    /**
     * An export code goes to the scanner's tracker; once every code of the export is in, the whole
     * export is added in one save. A code of another export is tracked too (it counts when that
     * export is scanned next), but this screen stays on the current one.
     */
    private suspend fun addExportPart(from: Visit, code: ScannedQr) {
        if (from !== visit) return
        val progress = try {
            scanner.recordExportPart(code)
        } catch (refused: OtpKitFailure) {
            return showHint(from, refused.text)
        }
        val current = exportId ?: progress.batchId.also { exportId = it }
        if (progress.batchId != current) return showHint(from, Texts.addOtherExport)
        if (!progress.complete) {
            show(from, AddAccountUiState.ExportProgress(progress.seen.size, progress.size, progress.missing))
            return
        }
        val export = scanner.takeCompleteExport(current) ?: return
        exportId = null
        show(from, AddAccountUiState.Saving)
        show(from, export.use { AddAccountUiState.Done(ImportReportUi.from(repository.addExport(it))) })
    }

    /** Shows [state] if [from] is still the visit on screen. */
    private fun show(from: Visit, state: AddAccountUiState) {
        if (from === visit) _state.value = state
    }

    /** Keeps what "Add" adds, if [from] is still the visit on screen; else drops it. */
    private fun keep(from: Visit, what: Pending) {
        if (from !== visit) return release(what)
        release(pending)
        pending = what
    }

    private fun release(what: Pending?) {
        (what as? Pending.Scanned)?.code?.close()
    }

    /** A hint under the camera, whether waiting for a first code or in the middle of an export. */
    private fun showHint(from: Visit, text: UiText) {
        when (val current = _state.value) {
            is AddAccountUiState.ExportProgress -> show(from, current.copy(hint = text))
            else -> hint(from, text)
        }
    }

    private fun hint(from: Visit, text: UiText) {
        if (_state.value is AddAccountUiState.Scanning) show(from, AddAccountUiState.Scanning(text))
    }

    private fun done(result: ImportResult): AddAccountUiState = AddAccountUiState.Done(ImportReportUi.from(result))

    private fun perform(block: suspend (Visit) -> AddAccountUiState) {
        val from = visit
        _state.value = AddAccountUiState.Saving
        scope.launch {
            val next = try {
                block(from)
            } catch (failure: OtpKitFailure) {
                AddAccountUiState.Failed(failure.text)
            }
            show(from, next)
        }
    }

    /** What the parser normalised, then the export's accounts it left out (with core's English reason). */
    private fun notes(preview: UriPreview): List<UiText> =
        preview.warnings.map(NoteText::of) + preview.rejected.map(NoteText::of)
}
