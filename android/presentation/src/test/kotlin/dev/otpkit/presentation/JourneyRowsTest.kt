package dev.otpkit.presentation

import kotlinx.coroutines.Dispatchers
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

class JourneyRowsTest {
    private val repository = TestAccountsRepository(TestClock(0))
    private val settings = TestSettingsStore()
    private val none = Fields { "" }

    private fun typed(vararg values: Pair<Field, String>) = Fields { field -> values.toMap()[field].orEmpty() }

    private fun List<Row>.button(label: UiText) = filterIsInstance<Row.Button>().single { it.label == label }

    private fun List<Row>.texts() = mapNotNull { (it as? Row.Line)?.text ?: (it as? Row.Title)?.text }

    private fun List<Row>.labels() = filterIsInstance<Row.Button>().map { it.label }

    @Test
    fun `the welcome offers the three ways in, the ways in again once the vault is made`() {
        val chosen = mutableListOf<FirstRunWay>()
        val welcome = JourneyRows.welcome(vaultReady = false, chosen::add)
        assertEquals(Row.Title(Texts.welcomeTitle), welcome.first())
        assertEquals(listOf(Texts.welcomeRestore, Texts.welcomeTransfer, Texts.welcomeFresh), welcome.labels())
        welcome.filterIsInstance<Row.Button>().forEach { it.onClick(none) }
        assertEquals(FirstRunWay.entries.toList(), chosen.toList())
        assertFalse(welcome.button(Texts.welcomeFresh).primary, "start fresh is the quiet choice")
        val again = JourneyRows.welcome(vaultReady = true) {}
        assertEquals(Row.Title(Texts.waysInTitle), again.first())
        assertFalse(Texts.welcomeIntro in again.texts())
        assertEquals(
            listOf(Texts.welcomeNextRestore, Texts.welcomeNextTransfer, Texts.welcomeNextFresh),
            FirstRunWay.entries.map(JourneyRows::nextStep),
        )
    }

    @Test
    fun `the restore asks for the file, then its passphrase, then says what came in`() = vmTest { scope ->
        repository.importPassword = "old phone passphrase"
        val vm = RestoreViewModel(repository, scope, Dispatchers.Unconfined)
        var done = 0
        var otherWay = 0
        fun rows() = JourneyRows.restore(vm.state.value, vm, { done++ }, { otherWay++ })

        val pick = rows()
        assertEquals(listOf(Texts.restoreTitle, Texts.restorePickIntro), pick.texts())
        pick.button(Texts.firstRunOtherWay).onClick(none)
        assertEquals(1, otherWay)
        pick.filterIsInstance<Row.PickFile>().single().onPicked(TestFile(byteArrayOf(1)))

        val asking = rows()
        assertEquals(Row.Secret(Field.Password, Texts.restorePasswordLabel, new = false), asking.filterIsInstance<Row.Secret>().single())
        asking.button(Texts.restorePasswordButton).onClick(typed(Field.Password to "wrong"))
        val wrong = rows()
        assertTrue(Row.Line(ErrorText.of("import_wrong_password"), Tone.Problem) in wrong, "$wrong")
        wrong.button(Texts.restorePasswordButton).onClick(typed(Field.Password to "old phone passphrase"))

        val restored = rows()
        assertTrue(restored.any { it is Row.Report }, "the report")
        assertEquals(listOf(Texts.firstRunContinue), restored.labels())
        restored.button(Texts.firstRunContinue).onClick(none)
        assertEquals(1, done)
    }

    @Test
    fun `a restore that added nothing offers another file or another way first`() = vmTest { scope ->
        repository.addResult = ImportResult(emptyList(), listOf("GitHub: ada"), emptyList(), emptyList())
        val vm = RestoreViewModel(repository, scope, Dispatchers.Unconfined)
        vm.filePicked(TestFile(byteArrayOf(1)))
        val rows = JourneyRows.restore(vm.state.value, vm, {}, {})
        assertTrue(Row.Line(Texts.restoreNothingAdded, Tone.Problem) in rows)
        assertEquals(listOf(Texts.restorePickAnother, Texts.firstRunOtherWay, Texts.firstRunContinue), rows.labels())
        assertFalse(rows.button(Texts.firstRunContinue).primary)
        rows.button(Texts.restorePickAnother).onClick(none)
        assertEquals(RestoreUiState.PickFile(null), vm.state.value)
        assertEquals(listOf(Texts.restoreTitle, Texts.restoreWorking), JourneyRows.restore(RestoreUiState.Working, vm, {}, {}).texts())
        assertTrue(Row.Busy in JourneyRows.restore(RestoreUiState.Working, vm, {}, {}))
    }

    @Test
    fun `the settings show each choice, forward each tap, and open their screens`() = vmTest { scope ->
        repository.methods += UnlockMethod.Biometrics
        repository.driftReport = DriftReport(DriftStatus.Bad, "off", 47_000, fresh = true)
        val vm = SettingsViewModel(repository, settings, scope)
        val opened = mutableListOf<Screen>()
        var locked = 0
        fun rows() = JourneyRows.settings(vm.state.value, vm, Texts.settingsBiometricsAndroid, opened::add) { locked++ }

        val ready = rows()
        val biometrics = ready.filterIsInstance<Row.Switch>().first()
        assertEquals(Row.Switch(Texts.settingsBiometricsAndroid, true, true, biometrics.onChange), biometrics)
        val choice = ready.filterIsInstance<Row.Choice>().single()
        assertEquals(AutoLockDelay.entries.map { it.label }, choice.options)
        assertEquals(AutoLockDelay.entries.indexOf(AutoLockDelay.Minute1), choice.selected)
        choice.onSelect(0)
        assertEquals(AutoLockDelay.Immediately, settings.autoLock)
        assertTrue(Row.Line(Texts.settingsLastCheck(DriftBanner.title(47_000))) in ready)
        assertTrue(Row.Line(Texts.settingsClockCorrectionOff) in ready)

        rows().filterIsInstance<Row.Switch>().last().onChange(true)
        assertTrue(Row.Line(Texts.settingsClockCorrectionOn(DriftBanner.title(47_000))) in rows())
        rows().filterIsInstance<Row.Switch>().first().onChange(false)
        assertTrue(Row.Line(Texts.settingsBiometricsTurnedOff) in rows())
        rows().button(Texts.settingsCheckNow).onClick(none)

        for ((label, screen) in listOf(
            Texts.settingsChangePassphrase to Screen.ChangePassphrase,
            Texts.settingsExportBackup to Screen.Backup,
            Texts.settingsTransferOut to Screen.TransferOut,
        )) rows().button(label).onClick(none)
        assertEquals(listOf(Screen.ChangePassphrase, Screen.Backup, Screen.TransferOut), opened)
        rows().button(Texts.settingsLockNow).onClick(none)
        assertEquals(1, locked)
        assertEquals("Last clock check: Your phone's clock is 47 s slow", Catalogs.render(Texts.settingsLastCheck(DriftBanner.title(47_000)), "en"))
    }

    @Test
    fun `settings while a change runs wait, and settings that failed offer to try again`() = vmTest { scope ->
        val vm = SettingsViewModel(repository, settings, scope)
        val prompt = kotlinx.coroutines.CompletableDeferred<Unit>()
        repository.biometricPrompt = prompt
        vm.setBiometrics(true)
        val working = JourneyRows.settings(vm.state.value, vm, Texts.settingsBiometricsAndroid, {}, {})
        assertTrue(Row.Busy in working)
        assertTrue(working.filterIsInstance<Row.Switch>().none { it.enabled } && working.filterIsInstance<Row.Choice>().none { it.enabled })
        prompt.complete(Unit)

        val failed = JourneyRows.settings(SettingsUiState.Failed(Texts.failureLocked), vm, Texts.settingsBiometricsAndroid, {}, {})
        assertTrue(Row.Line(Texts.failureLocked, Tone.Problem) in failed)
        assertTrue(Texts.actionTryAgain in failed.labels())
        assertTrue(Row.Busy in JourneyRows.settings(SettingsUiState.Loading, vm, Texts.settingsBiometricsIos, {}, {}))
    }

    @Test
    fun `change passphrase takes both fields, offers the way without biometrics, and closes when done`() = vmTest { scope ->
        repository.methods += UnlockMethod.Biometrics
        repository.rekeyBiometricFailure = OtpKitFailure(FailureKind.Cancelled, ErrorText.of("cancelled"))
        val vm = ChangePassphraseViewModel(repository, settings, scope)
        var closed = 0
        fun rows() = JourneyRows.changePassphrase(vm.state.value, vm) { closed++ }
        val editing = rows()
        assertEquals(listOf(Field.Passphrase, Field.Repeated), editing.filterIsInstance<Row.Secret>().map { it.field })
        assertTrue(editing.filterIsInstance<Row.Secret>().all { it.new })
        assertEquals(listOf(Texts.changePassphraseButton), editing.labels())
        val fields = typed(Field.Passphrase to "a new passphrase", Field.Repeated to "a new passphrase")
        editing.button(Texts.changePassphraseButton).onClick(fields)
        val offered = rows()
        assertTrue(Row.Line(Texts.changePassphrasePromptClosed, Tone.Problem) in offered)
        offered.button(Texts.changePassphraseWithoutBiometrics).onClick(fields)
        val done = rows()
        assertEquals(listOf(Texts.changePassphraseTitle, Texts.changePassphraseDoneNoBiometrics), done.texts())
        assertTrue(done.none { it is Row.Secret }, "no field left: the shell forgets what was typed")
        done.button(Texts.actionClose).onClick(none)
        assertEquals(1, closed)
        assertTrue(Row.Busy in JourneyRows.changePassphrase(ChangePassphraseUiState.Working, vm) {})
    }

    @Test
    fun `the transfer warns before the codes, shows them one at a time, and clears them on leaving`() = vmTest { scope ->
        val slow = account("s", "Slow", "ada", period = 60)
        repository.accounts += listOf(account("1", "A", "a"), account("2", "B", "b"), account("3", "C", "c"), slow)
        val vm = TransferViewModel(repository, scope)
        var closed = 0
        fun rows() = JourneyRows.transferOut(vm.state.value, vm) { closed++ }

        val ready = rows()
        assertTrue(Row.Line(Texts.transferWarning, Tone.Warning) in ready)
        assertTrue(Row.Line(Texts.transferMoves(3)) in ready)
        assertTrue(Row.Line(Texts.transferLeftItem("Slow: ada", Texts.transferLeftPeriod(60))) in ready)
        assertEquals("Slow: ada : Ses codes changent toutes les 60 s ; les codes de transfert n'acceptent que 30 s.",
            Catalogs.render(Texts.transferLeftItem("Slow: ada", Texts.transferLeftPeriod(60)), "fr"))
        assertEquals(listOf(Texts.transferShow, Texts.actionClose), ready.labels())
        ready.button(Texts.transferShow).onClick(none)

        val first = rows()
        val qr = first.filterIsInstance<Row.Qr>().single()
        assertEquals(Texts.transferCodeDescription(1, 2), qr.description)
        assertTrue(Row.Line(Texts.transferCodeOf(1, 2)) in first)
        assertEquals(listOf(Texts.transferNext), first.labels())
        first.button(Texts.transferNext).onClick(none)
        val last = rows()
        assertEquals(listOf(Texts.actionDone, Texts.transferPrevious), last.labels())
        last.button(Texts.transferPrevious).onClick(none)
        rows().button(Texts.transferNext).onClick(none)
        rows().button(Texts.actionDone).onClick(none)
        assertEquals(TransferUiState.Finished, vm.state.value)
        assertEquals(1, closed)
        assertTrue(repository.transferred.all { code -> (0 until code.size).none { code.isDark(it, it) } }, "cleared")
        assertEquals(listOf(Texts.transferTitle), rows().texts())
    }

    @Test
    fun `a transfer with nothing to show says why, and a failed one offers to try again`() = vmTest { scope ->
        val vm = TransferViewModel(repository, scope)
        val empty = JourneyRows.transferOut(vm.state.value, vm) {}
        assertTrue(Row.Line(Texts.transferNoAccounts, Tone.Problem) in empty)
        assertEquals(listOf(Texts.actionClose), empty.labels())
        val failed = JourneyRows.transferOut(TransferUiState.Failed(Texts.failureLocked), vm) {}
        assertEquals(listOf(Texts.actionTryAgain, Texts.actionClose), failed.labels())
        val working = JourneyRows.transferOut(TransferUiState.Working, vm) {}
        assertEquals(listOf(Texts.transferTitle, Texts.transferWorking), working.texts())
    }

    @Test
    fun `the first run's transfer says where the codes come from, with another way out`() {
        var otherWay = 0
        val header = JourneyRows.transferIn { otherWay++ }
        assertEquals(listOf(Texts.transferInTitle, Texts.transferInIntro), header.texts())
        header.button(Texts.firstRunOtherWay).onClick(none)
        assertEquals(1, otherWay)
    }
}
