package dev.otpkit.presentation

import kotlinx.coroutines.Dispatchers
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** The unlock and backup screens as rows: each state's rows, texts and tones, and what each button calls. */
class UnlockBackupRowsTest {
    private val repository = TestAccountsRepository(TestClock(0))
    private val none = Fields { "" }

    private fun typed(vararg values: Pair<Field, String>) = Fields { field -> values.toMap()[field].orEmpty() }

    private fun List<Row>.button(label: UiText) = filterIsInstance<Row.Button>().single { it.label == label }

    /** Each row as a line of text: its kind, its text's key, and what sets it apart. */
    private fun List<Row>.shape(): List<String> = map { row ->
        when (row) {
            Row.AppName -> "app name"
            is Row.Title -> "title ${row.text.key}"
            is Row.Line -> "line ${row.text.key} ${row.tone}"
            is Row.Report -> "report ${row.report.title.key}"
            is Row.Button -> "button ${row.label.key}" + if (row.primary) "" else " quiet"
            is Row.Secret -> "secret ${row.field} ${row.label.key}" + if (row.new) " new" else ""
            is Row.PickFile -> "pick file ${row.label.key}"
            is Row.SaveFile -> "save file ${row.label.key} as ${row.fileName.key}.${row.extension}"
            else -> row.handle
        }
    }

    @Test
    fun `first run's unlock asks for the passphrase twice, says what comes next, and creates the vault`() = vmTest { scope ->
        repository.biometricKeyWorks = false
        val vm = UnlockViewModel(TestVaultOpener(repository, exists = false), scope)
        fun rows(way: FirstRunWay? = FirstRunWay.Restore) = JourneyRows.unlock(vm.state.value, vm, way, offerBiometrics = true)

        val choose = listOf(
            "app name",
            "line unlock_intro_android Plain",
            "secret Passphrase passphrase_field new",
            "secret Repeated passphrase_again_field new",
            "line welcome_next_restore Plain",
            "button unlock_get_started",
        )
        assertEquals(choose, rows().shape())
        assertEquals(choose - "line welcome_next_restore Plain", rows(way = null).shape())
        assertTrue(Row.Line(Texts.welcomeNextTransfer) in rows(FirstRunWay.Transfer))

        rows().button(Texts.unlockGetStarted).onClick(typed(Field.Passphrase to "short", Field.Repeated to "short"))
        assertEquals(choose + "line passphrase_too_short Problem", rows().shape())
        assertEquals(Row.Line(Texts.passphraseTooShort(10), Tone.Problem), rows().last())

        val good = typed(Field.Passphrase to "correct horse battery", Field.Repeated to "correct horse battery")
        rows().button(Texts.unlockGetStarted).onClick(good)
        vm.state.await { it is UnlockUiState.Unlocked }
        assertEquals("correct horse battery", repository.passphrase, "created with the typed passphrase")
        val offered = rows()
        assertEquals(
            listOf(
                "app name",
                "line unlock_biometrics_not_on_android Plain",
                "button unlock_turn_on_biometrics_android",
                "button action_not_now quiet",
            ),
            offered.shape(),
        )
        assertEquals(Row.Line(Texts.unlockBiometricsNotOnAndroid(ErrorText.of("keystore_unavailable"))), offered[1])
        repository.biometricKeyWorks = true
        offered.button(Texts.unlockTurnOnBiometricsAndroid).onClick(none)
        vm.state.await { (it as? UnlockUiState.Unlocked)?.suggestion == null }
        assertEquals(listOf("app name"), rows().shape(), "no field left: the shell forgets what was typed and goes on")
        assertEquals(2, repository.count("enableBiometricUnlock"))
    }

    @Test
    fun `the locked unlock screen offers biometrics when chosen, then the passphrase, and says why a try failed`() = vmTest { scope ->
        repository.passphrase = "correct horse battery"
        repository.methods += UnlockMethod.Biometrics
        val opener = TestVaultOpener(repository, exists = true)
        val vm = UnlockViewModel(opener, scope)
        fun rows(offer: Boolean = true) = JourneyRows.unlock(vm.state.value, vm, null, offer)

        val locked = listOf("app name", "button unlock_with_biometrics_android", "secret Passphrase passphrase_field", "button unlock_with_passphrase")
        assertEquals(locked, rows().shape())
        assertEquals(locked - "button unlock_with_biometrics_android", rows(offer = false).shape(), "biometric unlock turned off in the settings")

        rows().button(Texts.unlockWithPassphrase).onClick(none)
        assertEquals(Row.Line(Texts.unlockPassphraseEmpty, Tone.Problem), rows().last())

        opener.biometricKeyLost = true
        rows().button(Texts.unlockWithBiometricsAndroid).onClick(none)
        vm.state.await { it is UnlockUiState.Locked }
        assertEquals(locked + "line error_keystore_unavailable Problem", rows().shape())
        assertEquals(listOf("openWithBiometrics"), opener.calls)

        rows().button(Texts.unlockWithPassphrase).onClick(typed(Field.Passphrase to "wrong passphrase"))
        vm.state.await { it == UnlockUiState.Locked(ErrorText.of("wrong_passphrase")) }
        assertEquals(Row.Line(ErrorText.of("wrong_passphrase"), Tone.Problem), rows().last())

        assertEquals(listOf("app name", "line unlock_opening Plain"), JourneyRows.unlock(UnlockUiState.Working, vm, null, true).shape())

        rows().button(Texts.unlockWithPassphrase).onClick(typed(Field.Passphrase to "correct horse battery"))
        vm.state.await { it is UnlockUiState.Unlocked }
        val broken = rows()
        assertEquals(
            listOf("app name", "line unlock_biometrics_broken_android Plain", "button unlock_turn_on_biometrics_android", "button action_not_now quiet"),
            broken.shape(),
        )
        broken.button(Texts.actionNotNow).onClick(none)
        assertEquals(UnlockUiState.Unlocked(repository, null, null), vm.state.value)
        assertEquals(listOf("app name"), rows().shape())
    }

    @Test
    fun `a vault without a passphrase is asked for one after unlocking, twice, before the codes`() = vmTest { scope ->
        repository.methods.clear()
        repository.methods += UnlockMethod.Biometrics
        val vm = UnlockViewModel(TestVaultOpener(repository, exists = true), scope)
        fun rows() = JourneyRows.unlock(vm.state.value, vm, null, offerBiometrics = true)
        rows().button(Texts.unlockWithBiometricsAndroid).onClick(none)
        vm.state.await { it is UnlockUiState.Unlocked }
        val asking = listOf(
            "app name",
            "line unlock_no_passphrase_android Plain",
            "secret Passphrase unlock_new_passphrase new",
            "secret Repeated unlock_new_passphrase_again new",
            "button unlock_set_passphrase",
            "button action_not_now quiet",
        )
        assertEquals(asking, rows().shape())
        rows().button(Texts.unlockSetPassphrase).onClick(typed(Field.Passphrase to "correct horse battery", Field.Repeated to "other"))
        assertEquals(asking.toMutableList().apply { set(1, "line passphrases_differ Plain") }, rows().shape(), "the fields stay")
        assertEquals(0, repository.count("setPassphrase"))
        rows().button(Texts.unlockSetPassphrase).onClick(typed(Field.Passphrase to "correct horse battery", Field.Repeated to "correct horse battery"))
        vm.state.await { (it as? UnlockUiState.Unlocked)?.suggestion == null }
        assertEquals("correct horse battery", repository.passphrase)
        assertEquals(listOf("app name"), rows().shape())
    }

    @Test
    fun `the backup screen exports to the chosen file with the passphrase typed twice`() = vmTest { scope ->
        val vm = BackupViewModel(repository, scope, Dispatchers.Unconfined)
        var closed = 0
        fun rows() = JourneyRows.backup(vm.state.value, vm) { closed++ }
        val idle = listOf(
            "title backup_title",
            "secret Passphrase backup_passphrase_field new",
            "secret Repeated passphrase_again_field new",
            "save file backup_export as backup_file_name.otpkit",
            "pick file backup_import",
            "button action_close quiet",
        )
        assertEquals(idle, rows().shape())
        val save = rows().filterIsInstance<Row.SaveFile>().single()
        val written = mutableListOf<String>()
        save.onChosen(typed(Field.Passphrase to "short", Field.Repeated to "short")) { written += it }
        assertEquals(Row.Line(Texts.backupPassphraseTooShort(10), Tone.Problem), rows()[5])
        save.onChosen(typed(Field.Passphrase to "correct horse battery", Field.Repeated to "correct horse batery")) { written += it }
        assertEquals(Row.Line(Texts.passphrasesDiffer, Tone.Problem), rows()[5])
        assertEquals(emptyList(), written)
        save.onChosen(typed(Field.Passphrase to "correct horse battery", Field.Repeated to "correct horse battery")) { written += it }
        vm.state.await { it == BackupUiState.Exported }
        assertEquals(listOf("/tmp/backup.otpkit"), written, "the finished backup copied to the chosen place")
        assertEquals(idle.toMutableList().apply { add(5, "line backup_saved Plain") }, rows().shape())
        assertEquals(
            idle.toMutableList().apply { add(5, "line backup_working Plain") },
            JourneyRows.backup(BackupUiState.Working, vm) {}.shape(),
        )
        rows().button(Texts.actionClose).onClick(none)
        assertEquals(1, closed)
    }

    @Test
    fun `the backup screen imports a file, asks for its password until right, then shows what came in`() = vmTest { scope ->
        repository.importPassword = "hunter22"
        val vm = BackupViewModel(repository, scope, Dispatchers.Unconfined)
        fun rows() = JourneyRows.backup(vm.state.value, vm) {}
        rows().filterIsInstance<Row.PickFile>().single().onPicked(TestFile(byteArrayOf(1, 2, 3)))
        vm.state.await { it is BackupUiState.PasswordNeeded }
        val asking = rows()
        assertEquals(
            listOf("line error_import_password_required Plain", "secret Password backup_file_password", "button action_import", "button action_close quiet"),
            asking.shape().drop(5),
        )
        asking.button(Texts.actionImport).onClick(typed(Field.Password to "hunter2"))
        vm.state.await { (it as? BackupUiState.PasswordNeeded)?.wrongPassword == true }
        assertEquals(Row.Line(ErrorText.of("import_wrong_password"), Tone.Problem), rows()[5], "a wrong password is a problem")
        rows().button(Texts.actionImport).onClick(typed(Field.Password to "hunter22"))
        vm.state.await { it is BackupUiState.Imported }
        val imported = rows()
        assertEquals(listOf("report report_added", "button action_close quiet"), imported.shape().drop(5))
        assertEquals(Texts.reportAdded(1), imported.filterIsInstance<Row.Report>().single().report.title)
        assertTrue(imported.none { it is Row.Secret && it.field == Field.Password }, "the password field is gone, and with it what was typed")
        assertEquals(listOf(null, "hunter2", "hunter22"), repository.importPasswords)

        rows().filterIsInstance<Row.PickFile>().single().onPicked(TestFile(null))
        vm.state.await { it is BackupUiState.Failed }
        assertEquals(listOf("line backup_file_unreadable Problem", "button action_close quiet"), rows().shape().drop(5))
    }

    @Test
    fun `every row has a handle, the key of its text`() = vmTest { scope ->
        val vm = BackupViewModel(repository, scope, Dispatchers.Unconfined)
        assertEquals(
            listOf("backup_title", "backup_passphrase_field", "passphrase_again_field", "backup_export", "backup_import", "action_close"),
            JourneyRows.backup(BackupUiState.Idle, vm) {}.map { it.handle },
        )
        assertEquals("app_name", Row.AppName.handle)
        assertEquals("busy", Row.Busy.handle)
        val settings = JourneyRows.settings(SettingsUiState.Loading, SettingsViewModel(repository, TestSettingsStore(), scope), Texts.settingsBiometricsAndroid, {}, {})
        assertEquals("settings_title", settings.first().handle)
        val choice = Row.Choice(Texts.settingsAutoLock, AutoLockDelay.entries.map { it.label }, 0, true) {}
        assertEquals(listOf("settings_auto_lock", "settings_auto_lock_0", "settings_auto_lock_4"), listOf(choice.handle, choice.optionHandle(0), choice.optionHandle(4)))
        assertEquals("report_added", Row.Report(ImportReportUi.from(repository.addResult)).handle)
        val item = CodeItem(account("1", "GitHub", "ada"), "123456", "123 456", null, 20, 0.5f)
        assertEquals("code:GitHub: ada", item.handle, "a code row goes by its account's name")
    }
}
