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
     * A Google Authenticator export spread over several QR codes: "2 of 3 codes scanned", the codes
     * still [missing] (by index from 0), and [hint] after a code of another export.
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
}

/**
 * Adding accounts: by camera scan (frames go to [scanner] on the analyzer's thread), from an
 * image (decoded and scanned on [worker]), from an `otpauth://` link, or by hand. A scanned
 * code's content never leaves Rust.
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

    private val _state = MutableStateFlow<AddAccountUiState>(AddAccountUiState.Scanning())
    val state: StateFlow<AddAccountUiState> = _state.asStateFlow()

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
        if (!accepting() || !busy.tryLock()) return
        val codes = try {
            scanner.scanLuma(frame)
        } catch (failure: OtpKitFailure) {
            busy.unlock()
            _state.value = AddAccountUiState.Failed(failure.text)
            return
        }
        if (codes.isEmpty()) {
            busy.unlock()
            return
        }
        scope.launch {
            try {
                handleScanned(codes, noCodeMessage = null)
            } catch (failure: OtpKitFailure) {
                _state.value = AddAccountUiState.Failed(failure.text)
            } finally {
                busy.unlock()
            }
        }
    }

    /** An image the user picked (a screenshot of a QR code): decoded and scanned on [worker]. */
    fun onImage(image: PickedImage) {
        scope.launch {
            busy.lock()
            try {
                val codes = withContext(worker) { decoded(image)?.let(scanner::scanLuma) }
                if (codes == null) {
                    _state.value = AddAccountUiState.Failed(Texts.addImageUnreadable)
                } else {
                    handleScanned(codes, noCodeMessage = Texts.addNoCodeInImage)
                }
            } catch (failure: OtpKitFailure) {
                _state.value = AddAccountUiState.Failed(failure.text)
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
        perform {
            val preview = repository.previewUri(text)
            pending = Pending.Link(text)
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
                    is Pending.Scanned -> repository.addScanned(what.code)
                    is Pending.Link -> repository.addUri(what.uri)
                },
            )
        }
    }

    /** Back to the camera (after Cancel, a failure or a result). Drops any export in progress. */
    fun scanAgain() {
        pending = null
        exportId = null
        scanner.resetExports()
        _state.value = AddAccountUiState.Scanning()
    }

    /** The image's luma plane, or null when the platform cannot read it (not an image, damaged, gone). */
    private fun decoded(image: PickedImage): LumaFrame? = try {
        image.decode()
    } catch (unreadable: Exception) {
        null
    }

    private fun accepting(): Boolean = when (_state.value) {
        is AddAccountUiState.Scanning, is AddAccountUiState.ExportProgress -> true
        is AddAccountUiState.Confirm, AddAccountUiState.Saving, is AddAccountUiState.Done,
        is AddAccountUiState.Failed -> false
    }

    private suspend fun handleScanned(codes: List<ScannedQr>, noCodeMessage: UiText?) {
        val code = codes.firstOrNull { it.kind != ScannedKind.Other }
        if (code == null) {
            when {
                codes.isNotEmpty() -> hint(Texts.addNotAuthenticatorCode)
                noCodeMessage != null -> _state.value = AddAccountUiState.Failed(noCodeMessage)
            }
            return
        }
        when (code.kind) {
            ScannedKind.Account -> {
                val preview = code.preview()
                pending = Pending.Scanned(code)
                _state.value = AddAccountUiState.Confirm(preview.accounts, notes(preview))
            }
            ScannedKind.ExportPart -> addExportPart(code)
            ScannedKind.Other -> hint(Texts.addNotAuthenticatorCode)
        }
    }

    /**
     * An export code goes to the scanner's tracker; once every code of the export is in, the whole
     * export is added in one save. A code of another export is tracked too (it counts when that
     * export is scanned next), but this screen stays on the current one.
     */
    private suspend fun addExportPart(code: ScannedQr) {
        val progress = try {
            scanner.recordExportPart(code)
        } catch (refused: OtpKitFailure) {
            return showHint(refused.text)
        }
        val current = exportId ?: progress.batchId.also { exportId = it }
        if (progress.batchId != current) return showHint(Texts.addOtherExport)
        if (!progress.complete) {
            _state.value = AddAccountUiState.ExportProgress(progress.seen.size, progress.size, progress.missing)
            return
        }
        val export = scanner.takeCompleteExport(current) ?: return
        exportId = null
        _state.value = AddAccountUiState.Saving
        _state.value = AddAccountUiState.Done(ImportReportUi.from(repository.addExport(export)))
    }

    /** A hint under the camera, whether waiting for a first code or in the middle of an export. */
    private fun showHint(text: UiText) {
        when (val current = _state.value) {
            is AddAccountUiState.ExportProgress -> _state.value = current.copy(hint = text)
            else -> hint(text)
        }
    }

    private fun hint(text: UiText) {
        val current = _state.value
        if (current is AddAccountUiState.Scanning) _state.value = AddAccountUiState.Scanning(text)
    }

    private fun done(result: ImportResult): AddAccountUiState = AddAccountUiState.Done(ImportReportUi.from(result))

    private fun perform(block: suspend () -> AddAccountUiState) {
        _state.value = AddAccountUiState.Saving
        scope.launch {
            _state.value = try {
                block()
            } catch (failure: OtpKitFailure) {
                AddAccountUiState.Failed(failure.text)
            }
        }
    }

    /** What the parser normalised, then the export's accounts it left out (with core's English reason). */
    private fun notes(preview: UriPreview): List<UiText> =
        preview.warnings.map(NoteText::of) + preview.rejected.map(NoteText::of)
}
