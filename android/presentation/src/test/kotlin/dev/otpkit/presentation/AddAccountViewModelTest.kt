package dev.otpkit.presentation

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.asCoroutineDispatcher
import org.junit.jupiter.api.Test
import java.io.IOException
import java.util.concurrent.Executors
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

class AddAccountViewModelTest {
    private val clock = TestClock(1_700_000_000_000)
    private val repository = TestAccountsRepository(clock)
    private val scanner = TestScanner()
    private val frame = LumaFrame(ByteArray(16), width = 4, height = 4, rowStride = 4, rotationDegrees = 90)

    private fun viewModel(scope: CoroutineScope) = AddAccountViewModel(repository, scanner, scope)

    @Test
    fun `a scanned account is previewed, then added on confirm`() = vmTest { scope ->
        val vm = viewModel(scope)
        scanner.next = listOf(TestQr(ScannedKind.Account, preview("GitHub" to "ada@example.com")))
        vm.onFrame(frame)
        val confirm = vm.state.await { it is AddAccountUiState.Confirm } as AddAccountUiState.Confirm
        assertEquals(listOf("GitHub: ada@example.com"), confirm.accounts.map { it.displayName })
        assertEquals(Texts.addConfirmOne, confirm.title)
        assertEquals(0, repository.count("addScanned"), "nothing is added before the user confirms")
        vm.onFrame(frame)
        assertEquals(1, scanner.frames, "frames are not scanned while the preview is shown")
        vm.confirm()
        val done = vm.state.await { it is AddAccountUiState.Done } as AddAccountUiState.Done
        assertEquals(Texts.reportAdded(1), done.report.title)
        assertEquals(1, repository.count("addScanned"))
    }

    @Test
    fun `an account already in the vault is reported, not added twice`() = vmTest { scope ->
        val vm = viewModel(scope)
        repository.addResult = ImportResult(emptyList(), listOf("GitHub: ada@example.com"), emptyList(), emptyList())
        scanner.next = listOf(TestQr(ScannedKind.Account, preview("GitHub" to "ada@example.com")))
        vm.onFrame(frame)
        vm.state.await { it is AddAccountUiState.Confirm }
        vm.confirm()
        val done = vm.state.await { it is AddAccountUiState.Done } as AddAccountUiState.Done
        assertEquals(Texts.reportAlreadyOne, done.report.title)
        assertEquals(listOf(Texts.reportLineDuplicate("GitHub: ada@example.com")), done.report.lines)
        assertEquals("GitHub: ada@example.com : déjà dans vos comptes", Catalogs.render(done.report.lines[0], "fr"))
        assertEquals("Staat al bij je accounts", Catalogs.render(done.report.title, "nl"))
    }

    @Test
    fun `a QR code that is not for an authenticator leaves the camera on with a hint`() = vmTest { scope ->
        val vm = viewModel(scope)
        scanner.next = listOf(TestQr(ScannedKind.Other, null))
        vm.onFrame(frame)
        val scanning = vm.state.await { (it as? AddAccountUiState.Scanning)?.hint != null } as AddAccountUiState.Scanning
        assertEquals(Texts.addNotAuthenticatorCode, scanning.hint)
        scanner.next = emptyList()
        vm.onFrame(frame)
        assertEquals(2, scanner.frames, "scanning goes on")
    }

    private fun exportPart(batchId: Int, index: Int, size: Int, name: String) = TestQr(
        ScannedKind.ExportPart,
        preview(null to name, part = ExportPart(batchId, index, size)),
        ImportResult(listOf(name), emptyList(), emptyList(), emptyList()),
    )

    @Test
    fun `an export over three codes is tracked code by code and added whole once complete`() = vmTest { scope ->
        val vm = viewModel(scope)
        scanner.next = listOf(exportPart(7, 2, 3, "c"))
        vm.onFrame(frame)
        val progress = vm.state.await { it is AddAccountUiState.ExportProgress } as AddAccountUiState.ExportProgress
        assertEquals(AddAccountUiState.ExportProgress(1, 3, listOf(0, 1)), progress)
        assertEquals(Texts.addExportProgress(1, 3), progress.text)
        assertEquals(Texts.addExportMissing("1, 2"), progress.missingText)
        assertEquals("Scanned: 1 of 3 QR codes", Catalogs.render(progress.text, "en"))
        assertEquals("Gescand: 1 van 3 QR-codes", Catalogs.render(progress.text, "nl"))
        assertEquals("Codes QR restant à scanner : 1, 2", Catalogs.render(progress.missingText, "fr"))
        vm.onFrame(frame) // the camera still sees code 3
        assertEquals(progress, vm.state.value)
        scanner.next = listOf(exportPart(9, 0, 2, "x"))
        vm.onFrame(frame)
        assertEquals(progress.copy(hint = Texts.addOtherExport), vm.state.value)
        assertEquals(listOf(0), scanner.progress(9).seen, "the other export's code is kept for later")
        scanner.next = listOf(exportPart(7, 0, 3, "a"))
        vm.onFrame(frame)
        assertEquals(AddAccountUiState.ExportProgress(2, 3, listOf(1)), vm.state.value)
        assertEquals(0, repository.count("addExport"), "nothing is added before every code is in")
        scanner.next = listOf(exportPart(7, 1, 3, "b"))
        vm.onFrame(frame)
        val done = vm.state.await { it is AddAccountUiState.Done } as AddAccountUiState.Done
        assertEquals(Texts.reportAdded(3), done.report.title)
        assertEquals("Accounts toegevoegd: 3", Catalogs.render(done.report.title, "nl"))
        assertEquals(listOf("addExport"), repository.calls, "one save for the whole export")
        assertEquals(listOf(9), scanner.exports.keys.toList(), "the complete export left the tracker")
        vm.scanAgain()
        assertTrue(scanner.exports.isEmpty(), "leaving drops every export in progress")
    }

    @Test
    fun `a one-code export is added at once and a code that does not fit its export is a hint`() = vmTest { scope ->
        val vm = viewModel(scope)
        scanner.next = listOf(exportPart(5, 0, 2, "a"))
        vm.onFrame(frame)
        vm.state.await { it is AddAccountUiState.ExportProgress }
        scanner.next = listOf(exportPart(5, 1, 3, "b"))
        vm.onFrame(frame)
        val hinted = vm.state.value as AddAccountUiState.ExportProgress
        assertEquals(ErrorText.of("export_parts_disagree"), hinted.hint, "the refusal's text")
        vm.scanAgain()
        scanner.next = listOf(exportPart(6, 0, 1, "solo"))
        vm.onFrame(frame)
        val done = vm.state.await { it is AddAccountUiState.Done } as AddAccountUiState.Done
        assertEquals(Texts.reportAdded(1), done.report.title)
    }

    @Test
    fun `a link that Rust rejects shows Rust's message`() = vmTest { scope ->
        val vm = viewModel(scope)
        repository.failNext = OtpKitFailure(FailureKind.InvalidInput, ErrorText.of("secret_not_base32"), "secret is not base32: '1' at position 16")
        vm.submitLink(" otpauth://totp/x?secret=ABC1 ")
        val failed = vm.state.await { it is AddAccountUiState.Failed } as AddAccountUiState.Failed
        assertEquals(ErrorText.of("secret_not_base32"), failed.message, "the failure's text, not core's English")
        vm.scanAgain()
        vm.submitLink("   ")
        assertEquals(AddAccountUiState.Failed(Texts.addLinkEmpty), vm.state.value)
        vm.scanAgain()
        assertEquals(AddAccountUiState.Scanning(), vm.state.value)
        repository.previewResult = preview("GitLab" to "ada")
        vm.submitLink("otpauth://totp/GitLab:ada?secret=JBSWY3DP")
        vm.state.await { it is AddAccountUiState.Confirm }
        vm.confirm()
        vm.state.await { it is AddAccountUiState.Done }
        assertEquals(listOf("otpauth://totp/GitLab:ada?secret=JBSWY3DP"), repository.addedUris)
    }

    @Test
    fun `the manual form is checked before Rust and added as a URI`() = vmTest { scope ->
        val vm = viewModel(scope)
        vm.submitManual(ManualEntryForm(issuer = "GitHub", label = "ada"))
        assertEquals(AddAccountUiState.Failed(Texts.manualKeyMissing), vm.state.value)
        assertTrue(repository.calls.isEmpty())
        vm.submitManual(ManualEntryForm(issuer = "GitHub", label = "ada", secret = "JBSWY3DPEHPK3PXP"))
        vm.state.await { it is AddAccountUiState.Done }
        assertEquals(listOf("otpauth://totp/GitHub:ada?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30"), repository.addedUris)
    }

    @Test
    fun `an image without a code says so`() = vmTest { scope ->
        val vm = viewModel(scope)
        vm.onImage { frame }
        assertEquals(
            Texts.addNoCodeInImage,
            (vm.state.await { it is AddAccountUiState.Failed } as AddAccountUiState.Failed).message,
        )
        assertEquals(1, scanner.frames)
    }

    @Test
    fun `a picked image is decoded and scanned on the worker, its code previewed`() = vmTest { scope ->
        val worker = Executors.newSingleThreadExecutor { Thread(it, "image-worker") }
        try {
            val vm = AddAccountViewModel(repository, scanner, scope, worker.asCoroutineDispatcher())
            scanner.next = listOf(TestQr(ScannedKind.Account, preview("GitHub" to "ada@example.com")))
            var decodedOn: String? = null
            vm.onImage {
                decodedOn = Thread.currentThread().name
                frame
            }
            val confirm = vm.state.await { it is AddAccountUiState.Confirm } as AddAccountUiState.Confirm
            assertEquals(listOf("GitHub: ada@example.com"), confirm.accounts.map { it.displayName })
            // Coroutine debug mode (-ea) appends " @coroutine#N" to the thread's name.
            assertTrue(decodedOn.orEmpty().startsWith("image-worker"), "decoded on $decodedOn")
            assertTrue(scanner.thread.orEmpty().startsWith("image-worker"), "scanned on ${scanner.thread}")
        } finally {
            worker.shutdown()
        }
    }

    @Test
    fun `an image the platform cannot read is a failure, not a crash`() = vmTest { scope ->
        val vm = viewModel(scope)
        vm.onImage { throw IOException("not an image") }
        assertEquals(
            Texts.addImageUnreadable,
            (vm.state.await { it is AddAccountUiState.Failed } as AddAccountUiState.Failed).message,
        )
        assertEquals(0, scanner.frames)
    }

    @Test
    fun `a preview names what the parser changed by its kind, and what an export left out`() = vmTest { scope ->
        val vm = viewModel(scope)
        repository.previewResult = preview("GitHub" to "ada", "GitLab" to "ada").copy(
            warnings = listOf(
                UriWarning("secret_lowercase", "the secret had lowercase letters; they were read as uppercase"),
                UriWarning("a_kind_from_a_newer_core", "something new was normalised"),
            ),
            rejected = listOf(ImportNote("Proton: ada", "the secret is not valid base32")),
        )
        vm.submitLink("otpauth-migration://offline?data=x")
        val confirm = vm.state.await { it is AddAccountUiState.Confirm } as AddAccountUiState.Confirm
        assertEquals(Texts.addConfirmMany(2), confirm.title)
        assertEquals(
            listOf(
                Texts.uriWarningSecretLowercase,
                Texts.coreMessage("something new was normalised"),
                Texts.reportLine("Proton: ada", "the secret is not valid base32"),
            ),
            confirm.warnings,
        )
        assertEquals("Ajouter ces 2 comptes ?", Catalogs.render(confirm.title, "fr"))
        assertEquals("De configuratiesleutel bevatte kleine letters; die zijn als hoofdletters gelezen.", Catalogs.render(confirm.warnings[0], "nl"))
        assertEquals("something new was normalised", Catalogs.render(confirm.warnings[1], "fr"), "a kind newer than the app: core's English")
        assertEquals("Proton: ada : the secret is not valid base32", Catalogs.render(confirm.warnings[2], "fr"), "the FFI gives rejections in English only")
    }

    @Test
    fun `the add screen's hints and failures read right in every language`() {
        val texts = listOf(
            Texts.addNotAuthenticatorCode, Texts.addOtherExport, Texts.addNoCodeInImage, Texts.addImageUnreadable,
            Texts.addLinkEmpty, Texts.manualKeyMissing, Texts.manualNameMissing,
        )
        for (text in texts) {
            val rendered = Catalogs.languages.map { Catalogs.render(text, it) }
            assertTrue(rendered.none { it == text.key || '{' in it }, "$rendered")
            assertEquals(3, rendered.toSet().size, "three languages: $rendered")
        }
        assertEquals(
            "Ce code QR n'est pas destiné à une application d'authentification. Cherchez le code sur la page où le service active la validation en deux étapes.",
            Catalogs.render(Texts.addNotAuthenticatorCode, "fr"),
        )
    }

    @Test
    fun `the camera shows while waiting for a code or the next code of an export, and only then`() {
        assertTrue(AddAccountUiState.Scanning().cameraOn)
        assertTrue(AddAccountUiState.ExportProgress(1, 3, listOf(0, 1)).cameraOn)
        assertFalse(AddAccountUiState.Confirm(emptyList(), emptyList()).cameraOn)
        assertFalse(AddAccountUiState.Saving.cameraOn)
        assertFalse(AddAccountUiState.Done(ImportReportUi.from(repository.addResult)).cameraOn)
        assertFalse(AddAccountUiState.Failed(Texts.addLinkEmpty).cameraOn)
    }

    @Test
    fun `every scanned code is closed once, right after its last use`() = vmTest { scope ->
        val vm = viewModel(scope)
        scanner.next = listOf(TestQr(ScannedKind.Other, null), TestQr(ScannedKind.Account, preview("GitHub" to "ada")))
        vm.onFrame(frame)
        vm.state.await { it is AddAccountUiState.Confirm }
        val (other, account) = scanner.handedOut
        assertEquals(1, other.closed, "a code that is not used is closed at once")
        assertEquals(0, account.closed, "the code to add is kept until the user answers")
        vm.confirm()
        vm.state.await { it is AddAccountUiState.Done }
        assertEquals(1, account.closed, "closed once added")

        vm.scanAgain()
        scanner.next = listOf(TestQr(ScannedKind.Account, preview("GitLab" to "ada")))
        vm.onFrame(frame)
        vm.state.await { it is AddAccountUiState.Confirm }
        vm.scanAgain()
        assertEquals(1, scanner.handedOut.last().closed, "closed when the user cancels")

        scanner.next = listOf(exportPart(3, 0, 2, "a"))
        vm.onFrame(frame)
        vm.onFrame(frame)
        scanner.next = listOf(exportPart(3, 1, 2, "b"))
        vm.onFrame(frame)
        vm.state.await { it is AddAccountUiState.Done }
        assertEquals(List(scanner.handedOut.size) { 1 }, scanner.handedOut.map { it.closed }, "export codes are closed once tracked")
        assertEquals(listOf(1), scanner.taken.map { it.closed }, "the whole export is closed once added")
    }

    @Test
    fun `a new visit starts afresh and shows nothing of what the last one left running`() = vmTest { scope ->
        val vm = viewModel(scope)
        scanner.next = listOf(TestQr(ScannedKind.Account, preview("GitHub" to "ada")))
        vm.onFrame(frame)
        vm.state.await { it is AddAccountUiState.Confirm }
        vm.reset()
        assertEquals(AddAccountUiState.Scanning(), vm.state.value)
        assertEquals(1, scanner.handedOut.single().closed, "the code waiting for an answer is closed")
        vm.confirm()
        assertEquals(0, repository.count("addScanned"), "nothing is left to add")

        // A link is being read when the user leaves and opens the screen again.
        val gate = CompletableDeferred<Unit>()
        repository.previewGate = gate
        repository.previewResult = preview("GitLab" to "ada")
        vm.submitLink("otpauth://totp/GitLab:ada?secret=JBSWY3DP")
        assertEquals(AddAccountUiState.Saving, vm.state.value)
        vm.reset()
        gate.complete(Unit)
        assertEquals(AddAccountUiState.Scanning(), vm.state.value, "the old visit's preview is not shown")
        vm.confirm()
        assertEquals(0, repository.count("addUri"), "and its link is not kept for Add")

        // The new visit works as usual.
        repository.previewGate = null
        vm.submitLink("otpauth://totp/GitLab:ada?secret=JBSWY3DP")
        vm.state.await { it is AddAccountUiState.Confirm }
        vm.confirm()
        vm.state.await { it is AddAccountUiState.Done }
        assertEquals(1, repository.count("addUri"))
    }
}
