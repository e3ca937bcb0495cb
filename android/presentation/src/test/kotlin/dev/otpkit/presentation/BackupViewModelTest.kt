package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

class BackupViewModelTest {
    private val repository = TestAccountsRepository(TestClock(0))

    @Test
    fun `export refuses a weak or mistyped passphrase, then writes to the picked file`() = vmTest { scope ->
        val vm = BackupViewModel(repository, scope)
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
        val vm = BackupViewModel(repository, scope)
        repository.importPassword = "hunter22"
        val file = byteArrayOf(1, 2, 3)
        vm.import(file)
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
        val vm = BackupViewModel(repository, scope)
        repository.failNext = OtpKitFailure(FailureKind.InvalidInput, ErrorText.of("import_unknown_format"), "not a backup this app can read: OtpKit, Aegis, 2FAS or a list of otpauth:// URIs")
        vm.import(byteArrayOf(9))
        val failed = vm.state.await { it is BackupUiState.Failed } as BackupUiState.Failed
        assertTrue(failed.message.startsWith("not a backup"))
        vm.submitPassword("x")
        assertEquals(1, repository.count("importBackup"), "nothing is left pending after a final failure")
    }
}
