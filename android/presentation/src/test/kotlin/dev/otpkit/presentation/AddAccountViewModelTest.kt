package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.asCoroutineDispatcher
import org.junit.jupiter.api.Test
import java.io.IOException
import java.util.concurrent.Executors
import kotlin.test.assertEquals
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

    @Test
    fun `an export over three codes is added part by part, each part once`() = vmTest { scope ->
        val vm = viewModel(scope)
        fun part(index: Int, name: String) = TestQr(
            ScannedKind.ExportPart,
            preview(null to name, part = ExportPart(batchId = 7, index = index, size = 3)),
            ImportResult(listOf(name), emptyList(), emptyList(), emptyList()),
        )
        scanner.next = listOf(part(0, "a"))
        vm.onFrame(frame)
        val progress = vm.state.await { it is AddAccountUiState.ExportProgress } as AddAccountUiState.ExportProgress
        assertEquals("1 of 3 codes scanned", progress.text)
        vm.onFrame(frame) // the camera still sees part 0
        assertEquals(1, repository.count("addScanned"))
        scanner.next = listOf(TestQr(ScannedKind.ExportPart, preview(null to "x", part = ExportPart(9, 1, 2))))
        vm.onFrame(frame)
        assertEquals(1, repository.count("addScanned"), "a part of another export is not mixed in")
        scanner.next = listOf(part(2, "c"))
        vm.onFrame(frame)
        assertEquals(2, (vm.state.await { (it as? AddAccountUiState.ExportProgress)?.scanned == 2 } as AddAccountUiState.ExportProgress).added)
        scanner.next = listOf(part(1, "b"))
        vm.onFrame(frame)
        val done = vm.state.await { it is AddAccountUiState.Done } as AddAccountUiState.Done
        assertEquals("Added 3 accounts", done.report.title)
        assertEquals(3, repository.count("addScanned"))
    }

    @Test
    fun `a link that Rust rejects shows Rust's message`() = vmTest { scope ->
        val vm = viewModel(scope)
        repository.failNext = OtpKitFailure(FailureKind.InvalidInput, "secret is not base32: '1' at position 16")
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
}
