package dev.otpkit.presentation

import kotlinx.coroutines.Dispatchers
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

class RestoreViewModelTest {
    private val repository = TestAccountsRepository(TestClock(0))

    private fun vm(scope: kotlinx.coroutines.CoroutineScope) = RestoreViewModel(repository, scope, Dispatchers.Unconfined)

    @Test
    fun `a protected backup asks for its passphrase until it is right, then says what came in`() = vmTest { scope ->
        repository.importPassword = "old phone passphrase"
        val vm = vm(scope)
        assertEquals(RestoreUiState.PickFile(null), vm.state.value)
        val file = byteArrayOf(1, 2, 3)
        vm.filePicked(TestFile(file))
        assertEquals(RestoreUiState.Password(wrong = false, problem = null), vm.state.await { it is RestoreUiState.Password })
        vm.submitPassword("")
        assertEquals(RestoreUiState.Password(wrong = false, problem = Texts.restoreTypePassword), vm.state.value)
        vm.submitPassword("wrong")
        val wrong = vm.state.await { (it as? RestoreUiState.Password)?.wrong == true } as RestoreUiState.Password
        assertEquals(ErrorText.of("import_wrong_password"), wrong.problem)
        vm.submitPassword("old phone passphrase")
        val restored = vm.state.await { it is RestoreUiState.Restored } as RestoreUiState.Restored
        assertEquals(1, restored.report.addedCount)
        assertTrue(!restored.nothingAdded)
        assertEquals(listOf(null, "wrong", "old phone passphrase"), repository.importPasswords)
        assertTrue(file.all { it == 0.toByte() }, "the file's bytes are overwritten once restored")
    }

    @Test
    fun `an unreadable or damaged file asks for another, and the next one can restore`() = vmTest { scope ->
        val vm = vm(scope)
        vm.filePicked(TestFile(null))
        assertEquals(RestoreUiState.PickFile(Texts.restoreFileUnreadable), vm.state.await { it is RestoreUiState.PickFile && it.problem != null })
        assertEquals(0, repository.count("importBackup"))

        val unknown = OtpKitFailure(FailureKind.InvalidInput, ErrorText.of("import_unknown_format"))
        repository.failNext = unknown
        val damaged = byteArrayOf(9, 9)
        vm.filePicked(TestFile(damaged))
        assertEquals(RestoreUiState.PickFile(unknown.text), vm.state.await { it is RestoreUiState.PickFile && it.problem == unknown.text })
        assertTrue(damaged.all { it == 0.toByte() })
        vm.submitPassword("x")
        assertEquals(1, repository.count("importBackup"), "no password step after a damaged file")

        vm.filePicked(TestFile(byteArrayOf(4)))
        assertTrue(vm.state.await { it is RestoreUiState.Restored } is RestoreUiState.Restored)
    }

    @Test
    fun `a backup with nothing new offers another file, and so does Back from the passphrase`() = vmTest { scope ->
        repository.addResult = ImportResult(emptyList(), listOf("GitHub: ada"), emptyList(), emptyList())
        val vm = vm(scope)
        vm.filePicked(TestFile(byteArrayOf(1)))
        val restored = vm.state.await { it is RestoreUiState.Restored } as RestoreUiState.Restored
        assertTrue(restored.nothingAdded)
        vm.pickAnother()
        assertEquals(RestoreUiState.PickFile(null), vm.state.value)

        repository.importPassword = "secret passphrase"
        val file = byteArrayOf(5, 6)
        vm.filePicked(TestFile(file))
        vm.state.await { it is RestoreUiState.Password }
        vm.pickAnother()
        assertEquals(RestoreUiState.PickFile(null), vm.state.value)
        assertTrue(file.all { it == 0.toByte() }, "a file given up is overwritten too")
        vm.submitPassword("secret passphrase")
        assertEquals(RestoreUiState.PickFile(null), vm.state.value, "no file, no password")
        vm.pickAnother()
        assertEquals(RestoreUiState.PickFile(null), vm.state.value)
    }

    @Test
    fun `a locked vault mid-restore says nothing and starts over`() = vmTest { scope ->
        repository.failNext = OtpKitFailure(FailureKind.Cancelled, Texts.failureLocked)
        val vm = vm(scope)
        vm.filePicked(TestFile(byteArrayOf(1)))
        assertEquals(RestoreUiState.PickFile(null), vm.state.await { it is RestoreUiState.PickFile })
        vm.filePicked(TestFile(byteArrayOf(1)))
        vm.filePicked(TestFile(byteArrayOf(2)))
        assertEquals(2, repository.count("importBackup"), "a pick once restored is ignored")
    }

    @Test
    fun `a new visit forgets the file waiting for its passphrase`() = vmTest { scope ->
        repository.importPassword = "secret passphrase"
        val vm = vm(scope)
        val file = byteArrayOf(7, 7)
        vm.filePicked(TestFile(file))
        vm.state.await { it is RestoreUiState.Password }
        vm.reset()
        assertEquals(RestoreUiState.PickFile(null), vm.state.value)
        assertTrue(file.all { it == 0.toByte() }, "overwritten")
        vm.submitPassword("secret passphrase")
        assertEquals(1, repository.count("importBackup"))
    }
}
