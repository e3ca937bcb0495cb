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
        assertEquals(BackupUiState.Failed(Texts.backupPassphraseTooShort(10)), vm.state.value)
        assertEquals(
            "Gebruik minstens 10 tekens: deze wachtwoordzin is het enige wat de back-up beschermt.",
            Catalogs.render((vm.state.value as BackupUiState.Failed).message, "nl"),
        )
        vm.export("correct horse battery", "correct horse batery") { written += it }
        assertEquals(BackupUiState.Failed(Texts.passphrasesDiffer), vm.state.value)
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
        assertEquals(BackupUiState.PasswordNeeded(ErrorText.of("import_password_required"), wrongPassword = false), asked)
        vm.submitPassword("hunter2")
        val wrong = vm.state.await { (it as? BackupUiState.PasswordNeeded)?.wrongPassword == true } as BackupUiState.PasswordNeeded
        assertEquals(ErrorText.of("import_wrong_password"), wrong.message)
        vm.submitPassword("hunter22")
        val imported = vm.state.await { it is BackupUiState.Imported } as BackupUiState.Imported
        assertEquals(Texts.reportAdded(1), imported.report.title)
        assertEquals("Comptes ajoutés : 1", Catalogs.render(imported.report.title, "fr"))
        assertEquals(listOf(null, "hunter2", "hunter22"), repository.importPasswords)
        assertTrue(file.all { it == 0.toByte() }, "the file's bytes are wiped once imported")
    }

    @Test
    fun `a damaged file ends the import with the reason`() = vmTest { scope ->
        val vm = BackupViewModel(repository, scope, inPlace)
        repository.failNext = OtpKitFailure(FailureKind.InvalidInput, ErrorText.of("import_unknown_format"), "not a backup this app can read: OtpKit, Aegis, 2FAS or a list of otpauth:// URIs")
        vm.import { byteArrayOf(9) }
        val failed = vm.state.await { it is BackupUiState.Failed } as BackupUiState.Failed
        assertEquals(ErrorText.of("import_unknown_format"), failed.message, "the failure's text, not core's English")
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
            assertEquals(BackupUiState.Failed(Texts.backupFileUnreadable), vm.state.await { it is BackupUiState.Failed })
            assertEquals(
                "Impossible d'ouvrir ce fichier. Choisissez-le de nouveau ou copiez-le d'abord sur ce téléphone.",
                Catalogs.render(Texts.backupFileUnreadable, "fr"),
            )
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
