package dev.otpkit.presentation

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import org.junit.jupiter.api.Test
import java.io.IOException
import java.util.concurrent.Executors
import kotlin.test.assertEquals
import kotlin.test.assertTrue

class BackupViewModelTest {
    private val repository = TestAccountsRepository(TestClock(0))

    /** Reads picked files at once, in the caller's thread. */
    private val inPlace = Dispatchers.Unconfined

    @Test
    fun `export refuses a weak or mistyped passphrase, then writes to the picked file`() = vmTest { scope ->
        val vm = BackupViewModel(repository, scope, inPlace)
        val written = mutableListOf<String>()
        vm.export("short", "short") { written += it }
        assertTrue(vm.state.value is BackupUiState.Failed)
        vm.export("correct horse battery", "correct horse batery") { written += it }
        assertEquals(BackupUiState.Failed("The two passphrases differ: type the same one twice"), vm.state.value)
        assertEquals(0, repository.count("exportBackup"))
        vm.export("correct horse battery", "correct horse battery") { written += it }
        vm.state.await { it == BackupUiState.Exported }
        assertEquals(listOf("/tmp/backup.otpkit"), written)
    }

    @Test
    fun `an encrypted import asks for the password until it is right`() = vmTest { scope ->
        val vm = BackupViewModel(repository, scope, inPlace)
        repository.importPassword = "hunter22"
        val file = byteArrayOf(1, 2, 3)
        vm.import { file }
        val asked = vm.state.await { it is BackupUiState.PasswordNeeded } as BackupUiState.PasswordNeeded
        assertEquals(false, asked.wrongPassword)
        vm.submitPassword("hunter2")
        assertEquals(true, (vm.state.await { (it as? BackupUiState.PasswordNeeded)?.wrongPassword == true } as BackupUiState.PasswordNeeded).wrongPassword)
        vm.submitPassword("hunter22")
        val imported = vm.state.await { it is BackupUiState.Imported } as BackupUiState.Imported
        assertEquals("Added 1 account", imported.report.title)
        assertEquals(listOf(null, "hunter2", "hunter22"), repository.importPasswords)
        assertTrue(file.all { it == 0.toByte() }, "the file's bytes are wiped once imported")
    }

    @Test
    fun `a damaged file ends the import with the reason`() = vmTest { scope ->
        val vm = BackupViewModel(repository, scope, inPlace)
        repository.failNext = OtpKitFailure(FailureKind.InvalidInput, ErrorText.of("import_unknown_format"), "not a backup this app can read: OtpKit, Aegis, 2FAS or a list of otpauth:// URIs")
        vm.import { byteArrayOf(9) }
        val failed = vm.state.await { it is BackupUiState.Failed } as BackupUiState.Failed
        assertTrue(failed.message.startsWith("not a backup"))
        vm.submitPassword("x")
        assertEquals(1, repository.count("importBackup"), "nothing is left pending after a final failure")
    }

    @Test
    fun `the picked file is read on the worker, and one that cannot be read says so`() = vmTest { scope ->
        val worker = Executors.newSingleThreadExecutor { Thread(it, "file-worker") }
        try {
            val vm = BackupViewModel(repository, scope, worker.asCoroutineDispatcher())
            var readOn: String? = null
            vm.import {
                readOn = Thread.currentThread().name
                byteArrayOf(1)
            }
            vm.state.await { it is BackupUiState.Imported }
            // Coroutine debug mode (-ea) appends " @coroutine#N" to the thread's name.
            assertTrue(readOn.orEmpty().startsWith("file-worker"), "read on $readOn")

            vm.import { throw IOException("the provider went away") }
            assertEquals(BackupUiState.Failed(BackupViewModel.FILE_UNREADABLE), vm.state.await { it is BackupUiState.Failed })
            assertEquals(1, repository.count("importBackup"), "nothing unreadable reaches the vault")
        } finally {
            worker.shutdown()
        }
    }

    @Test
    fun `a new visit starts afresh and shows nothing of what the last one left running`() = vmTest { scope ->
        val vm = BackupViewModel(repository, scope, inPlace)
        repository.importPassword = "hunter22"
        val file = byteArrayOf(1, 2, 3)
        vm.import { file }
        vm.state.await { it is BackupUiState.PasswordNeeded }
        vm.reset()
        assertEquals(BackupUiState.Idle, vm.state.value)
        assertTrue(file.all { it == 0.toByte() }, "the file waiting for its password is wiped")
        vm.submitPassword("hunter22")
        assertEquals(1, repository.count("importBackup"), "and no longer imported")

        // An export is being written when the user leaves and opens the screen again.
        val gate = CompletableDeferred<Unit>()
        vm.export("correct horse battery", "correct horse battery") { gate.await() }
        assertEquals(BackupUiState.Working, vm.state.value)
        vm.reset()
        gate.complete(Unit)
        assertEquals(BackupUiState.Idle, vm.state.value, "the old visit's result is not shown")
        assertEquals(1, repository.count("exportBackup"), "though the export itself finished")
    }
}
