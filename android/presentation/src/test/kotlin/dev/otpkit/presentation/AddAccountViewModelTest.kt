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
        assertEquals(0, repository.count("addScanned"), "nothing is added before the user confirms")
        vm.onFrame(frame)
        assertEquals(1, scanner.frames, "frames are not scanned while the preview is shown")
        vm.confirm()
        val done = vm.state.await { it is AddAccountUiState.Done } as AddAccountUiState.Done
        assertEquals("Added 1 account", done.report.title)
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
        assertEquals("Already in your accounts", done.report.title)
        assertEquals(listOf("GitHub: ada@example.com: already in your accounts"), done.report.lines)
    }

    @Test
    fun `a QR code that is not for an authenticator leaves the camera on with a hint`() = vmTest { scope ->
        val vm = viewModel(scope)
        scanner.next = listOf(TestQr(ScannedKind.Other, null))
        vm.onFrame(frame)
        val scanning = vm.state.await { (it as? AddAccountUiState.Scanning)?.hint != null } as AddAccountUiState.Scanning
        assertEquals(AddAccountViewModel.NOT_AN_AUTHENTICATOR_CODE, scanning.hint)
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
        assertEquals("1 of 3 codes scanned", progress.text)
        assertEquals("Still to scan: code 1, code 2", progress.missingText)
        vm.onFrame(frame) // the camera still sees code 3
        assertEquals(progress, vm.state.value)
        scanner.next = listOf(exportPart(9, 0, 2, "x"))
        vm.onFrame(frame)
        assertEquals(progress.copy(hint = AddAccountViewModel.OTHER_EXPORT), vm.state.value)
        assertEquals(listOf(0), scanner.progress(9).seen, "the other export's code is kept for later")
        scanner.next = listOf(exportPart(7, 0, 3, "a"))
        vm.onFrame(frame)
        assertEquals(AddAccountUiState.ExportProgress(2, 3, listOf(1)), vm.state.value)
        assertEquals(0, repository.count("addExport"), "nothing is added before every code is in")
        scanner.next = listOf(exportPart(7, 1, 3, "b"))
        vm.onFrame(frame)
        val done = vm.state.await { it is AddAccountUiState.Done } as AddAccountUiState.Done
        assertEquals("Added 3 accounts", done.report.title)
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
        assertTrue(hinted.hint!!.contains("said 2"), hinted.hint)
        vm.scanAgain()
        scanner.next = listOf(exportPart(6, 0, 1, "solo"))
        vm.onFrame(frame)
        val done = vm.state.await { it is AddAccountUiState.Done } as AddAccountUiState.Done
        assertEquals("Added 1 account", done.report.title)
    }

    @Test
    fun `a link that Rust rejects shows Rust's message`() = vmTest { scope ->
        val vm = viewModel(scope)
        repository.failNext = OtpKitFailure(FailureKind.InvalidInput, ErrorText.of("secret_not_base32"), "secret is not base32: '1' at position 16")
        vm.submitLink(" otpauth://totp/x?secret=ABC1 ")
        val failed = vm.state.await { it is AddAccountUiState.Failed } as AddAccountUiState.Failed
        assertEquals("secret is not base32: '1' at position 16", failed.message)
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
        assertEquals(AddAccountUiState.Failed("Enter the setup key the service shows"), vm.state.value)
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
            AddAccountViewModel.NO_CODE_IN_IMAGE,
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
            AddAccountViewModel.IMAGE_UNREADABLE,
            (vm.state.await { it is AddAccountUiState.Failed } as AddAccountUiState.Failed).message,
        )
        assertEquals(0, scanner.frames)
    }

    @Test
    fun `the camera shows while waiting for a code or the next code of an export, and only then`() {
        assertTrue(AddAccountUiState.Scanning().cameraOn)
        assertTrue(AddAccountUiState.ExportProgress(1, 3, listOf(0, 1)).cameraOn)
        assertFalse(AddAccountUiState.Confirm(emptyList(), emptyList()).cameraOn)
        assertFalse(AddAccountUiState.Saving.cameraOn)
        assertFalse(AddAccountUiState.Done(ImportReportUi.from(repository.addResult)).cameraOn)
        assertFalse(AddAccountUiState.Failed("no").cameraOn)
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
