package dev.otpkit.presentation

/** The fields of the screens made of rows. Their values stay in the shell, never in a state. */
enum class Field { Passphrase, Repeated, Password, Link, Issuer, AccountName, SetupKey }

/** The fields' values as typed, handed to a button by the shell. */
fun interface Fields {
    operator fun get(field: Field): String
}

/** How a line reads: as it is, a warning (secrets on screen), or what went wrong. */
enum class Tone { Plain, Warning, Problem }

/**
 * One line of the screens made of text, fields and buttons (welcome, unlock, restore, settings,
 * change passphrase, transfer out, backup). [JourneyRows] builds them from a view model's state,
 * so which texts, fields and buttons each state shows is tested here; each shell draws a list of
 * them with one renderer and forwards the taps. A secret field no longer in the list is
 * forgotten by the shell.
 */
sealed interface Row {
    /** The app's name, never translated (the unlock screen's heading). */
    data object AppName : Row

    data class Title(val text: UiText) : Row

    data class Line(val text: UiText, val tone: Tone = Tone.Plain) : Row

    /** An import's outcome, drawn as the backup screen draws it. */
    data class Report(val report: ImportReportUi) : Row

    data class Button(val label: UiText, val primary: Boolean = true, val onClick: (Fields) -> Unit) : Row

    data class Switch(val label: UiText, val on: Boolean, val enabled: Boolean, val onChange: (Boolean) -> Unit) : Row

    data class Choice(val label: UiText, val options: List<UiText>, val selected: Int, val enabled: Boolean, val onSelect: (Int) -> Unit) : Row

    /** A masked field; [new]: a passphrase being chosen (the platform may offer a strong one). */
    data class Secret(val field: Field, val label: UiText, val new: Boolean) : Row

    /** A masked field with a button beside it that shows and hides what is typed ([revealLabel]): a setup key. */
    data class Revealable(val field: Field, val label: UiText) : Row

    /** A field shown as typed; [secret]: it holds one (a link), so the keyboard learns nothing. */
    data class Entry(val field: Field, val label: UiText, val secret: Boolean = false) : Row

    /** A button that opens the platform's file picker and hands the file to [onPicked]. */
    data class PickFile(val label: UiText, val onPicked: (ImportSource) -> Unit) : Row

    /** A button that opens the system's photo picker and hands the picked image to [onPicked]. */
    data class PickImage(val label: UiText, val onPicked: (PickedImage) -> Unit) : Row

    /** The camera preview, drawn by the add screen, whose frames go to the scanner. */
    data object Camera : Row

    /**
     * A button that asks the system where to save a new file (its "save as", suggesting
     * [fileName] + "." + [extension]), then hands the place and the typed fields to [onChosen].
     */
    data class SaveFile(val label: UiText, val fileName: UiText, val extension: String, val onChosen: (Fields, BackupDestination) -> Unit) : Row

    /** A transfer QR code, drawn module by module; [description] for screen readers. */
    data class Qr(val code: TransferCode, val description: UiText) : Row

    data object Busy : Row
}

/**
 * The row's handle for the device tests (a Compose test tag): the key of its text, so a test
 * finds a row whatever the phone's language. [Row.Choice]'s options are [optionHandle].
 */
val Row.handle: String
    get() = when (this) {
        Row.AppName -> "app_name"
        is Row.Title -> text.key
        is Row.Line -> text.key
        is Row.Report -> report.title.key
        is Row.Button -> label.key
        is Row.Switch -> label.key
        is Row.Choice -> label.key
        is Row.Secret -> label.key
        is Row.Revealable -> label.key
        is Row.Entry -> label.key
        is Row.PickImage -> label.key
        Row.Camera -> "camera"
        is Row.PickFile -> label.key
        is Row.SaveFile -> label.key
        is Row.Qr -> description.key
        Row.Busy -> "busy"
    }

/**
 * A code row's handle for the device tests: its account's name as the list shows it
 * ("code:GitHub: ada"). The code list's own buttons go by their text's key, as rows do.
 */
val CodeItem.handle: String get() = "code:" + account.displayName

/** The handle of a choice's option [index]: "settings_auto_lock_0" for its first. */
fun Row.Choice.optionHandle(index: Int): String = "${handle}_$index"

/** The label of the button beside a [Row.Revealable] field: what a tap does. */
fun Row.Revealable.revealLabel(shown: Boolean): UiText = if (shown) ManualEntryForm.HIDE_SECRET else ManualEntryForm.SHOW_SECRET

/** The fields on screen: the shell keeps what was typed in these and forgets the others. */
val List<Row>.fields: Set<Field>
    get() = mapNotNull {
        when (it) {
            is Row.Secret -> it.field
            is Row.Revealable -> it.field
            is Row.Entry -> it.field
            else -> null
        }
    }.toSet()

/** The rows of the journey's screens, for each state of their view models. */
object JourneyRows {
    /** First run: the three ways in; [vaultReady] once the vault is made (Back from a step). */
    fun welcome(vaultReady: Boolean, choose: (FirstRunWay) -> Unit): List<Row> = buildList {
        add(Row.Title(if (vaultReady) Texts.waysInTitle else Texts.welcomeTitle))
        if (!vaultReady) add(Row.Line(Texts.welcomeIntro))
        add(Row.Button(Texts.welcomeRestore) { choose(FirstRunWay.Restore) })
        add(Row.Line(Texts.welcomeRestoreDetail))
        add(Row.Button(Texts.welcomeTransfer) { choose(FirstRunWay.Transfer) })
        add(Row.Line(Texts.welcomeTransferDetail))
        add(Row.Button(Texts.welcomeFresh, primary = false) { choose(FirstRunWay.Fresh) })
        add(Row.Line(Texts.welcomeFreshDetail))
    }

    /** Under the first passphrase: what comes after it. */
    fun nextStep(way: FirstRunWay): UiText = when (way) {
        FirstRunWay.Restore -> Texts.welcomeNextRestore
        FirstRunWay.Transfer -> Texts.welcomeNextTransfer
        FirstRunWay.Fresh -> Texts.welcomeNextFresh
    }

    /**
     * The unlock screen: first run's passphrase (with [way]'s next step under it), the locked
     * vault (biometric unlock first when [offerBiometrics]), the wait, and what is suggested
     * right after unlocking. An [UnlockUiState.Unlocked] without a suggestion is the shell's cue
     * to go on to the codes.
     */
    fun unlock(state: UnlockUiState, vm: UnlockViewModel, way: FirstRunWay?, offerBiometrics: Boolean): List<Row> = buildList {
        add(Row.AppName)
        when (state) {
            is UnlockUiState.ChoosePassphrase -> {
                add(Row.Line(Texts.unlockIntroAndroid))
                add(Row.Secret(Field.Passphrase, Texts.passphraseField, new = true))
                add(Row.Secret(Field.Repeated, Texts.passphraseAgainField, new = true))
                way?.let { add(Row.Line(nextStep(it))) }
                add(Row.Button(Texts.unlockGetStarted) { vm.create(it[Field.Passphrase], it[Field.Repeated]) })
                state.problem?.let { add(Row.Line(it, Tone.Problem)) }
            }
            is UnlockUiState.Locked -> {
                if (offerBiometrics) add(Row.Button(Texts.unlockWithBiometricsAndroid) { vm.unlockWithBiometrics() })
                add(Row.Secret(Field.Passphrase, Texts.passphraseField, new = false))
                add(Row.Button(Texts.unlockWithPassphrase) { vm.unlockWithPassphrase(it[Field.Passphrase]) })
                state.message?.let { add(Row.Line(it, Tone.Problem)) }
            }
            UnlockUiState.Working -> add(Row.Line(Texts.unlockOpening))
            is UnlockUiState.Unlocked -> {
                // Without a suggestion the shell goes on to the codes.
                val suggestion = state.suggestion ?: return@buildList
                state.message?.let { add(Row.Line(it)) }
                when (suggestion) {
                    UnlockSuggestion.EnableBiometrics -> add(Row.Button(Texts.unlockTurnOnBiometricsAndroid) { vm.enableBiometrics() })
                    UnlockSuggestion.SetPassphrase -> {
                        add(Row.Secret(Field.Passphrase, Texts.unlockNewPassphrase, new = true))
                        add(Row.Secret(Field.Repeated, Texts.unlockNewPassphraseAgain, new = true))
                        add(Row.Button(Texts.unlockSetPassphrase) { vm.setPassphrase(it[Field.Passphrase], it[Field.Repeated]) })
                    }
                }
                add(Row.Button(Texts.actionNotNow, primary = false) { vm.dismissSuggestion() })
            }
        }
    }

    /**
     * The backup screen: a backup for a new phone (its passphrase twice, then where to save it;
     * the passphrase is checked once the place is chosen) and an import (the file, its password
     * when it has one, what came in). [close] leaves the screen.
     */
    fun backup(state: BackupUiState, vm: BackupViewModel, close: () -> Unit): List<Row> = buildList {
        add(Row.Title(Texts.backupTitle))
        add(Row.Secret(Field.Passphrase, Texts.backupPassphraseField, new = true))
        add(Row.Secret(Field.Repeated, Texts.passphraseAgainField, new = true))
        add(Row.SaveFile(Texts.backupExport, Texts.backupFileName, BACKUP_EXTENSION) { fields, destination ->
            vm.export(fields[Field.Passphrase], fields[Field.Repeated], destination)
        })
        add(Row.PickFile(Texts.backupImport, vm::import))
        when (state) {
            BackupUiState.Idle -> {}
            BackupUiState.Working -> add(Row.Line(Texts.backupWorking))
            BackupUiState.Exported -> add(Row.Line(Texts.backupSaved))
            is BackupUiState.PasswordNeeded -> {
                add(Row.Line(state.message, if (state.wrongPassword) Tone.Problem else Tone.Plain))
                add(Row.Secret(Field.Password, Texts.backupFilePassword, new = false))
                add(Row.Button(Texts.actionImport) { vm.submitPassword(it[Field.Password]) })
            }
            is BackupUiState.Imported -> add(Row.Report(state.report))
            is BackupUiState.Failed -> add(Row.Line(state.message, Tone.Problem))
        }
        add(Row.Button(Texts.actionClose, primary = false) { close() })
    }

    /**
     * The add screen: the camera while it scans (when [camera] allows it; a refusal explains
     * and offers the app's page in Settings through [openSettings]), what a scan or link found,
     * and the other ways in (an image, a link, the setup key by hand). Those stay on screen with
     * what was typed until an add is done, so a mistyped key can be corrected; [done] leaves.
     */
    fun add(state: AddAccountUiState, vm: AddAccountViewModel, camera: CameraPermission, openSettings: () -> Unit, done: () -> Unit): List<Row> = buildList {
        if (state.cameraOn) {
            when (camera) {
                CameraPermission.Granted -> add(Row.Camera)
                // The system's question is on screen.
                CameraPermission.NotAsked -> {}
                CameraPermission.Denied -> {
                    add(Row.Line(CameraAccess.DENIED_MESSAGE))
                    add(Row.Button(CameraAccess.OPEN_SETTINGS) { openSettings() })
                }
            }
        }
        when (state) {
            is AddAccountUiState.Scanning -> state.hint?.let { add(Row.Line(it)) }
            is AddAccountUiState.ExportProgress -> {
                add(Row.Line(state.text))
                add(Row.Line(state.missingText))
                state.hint?.let { add(Row.Line(it)) }
            }
            is AddAccountUiState.Confirm -> {
                add(Row.Title(state.title))
                state.accounts.forEach { add(Row.Line(Texts.addConfirmAccount(it.displayName))) }
                state.warnings.forEach { add(Row.Line(it)) }
                add(Row.Button(Texts.actionAdd) { vm.confirm() })
                add(Row.Button(Texts.actionCancel, primary = false) { vm.scanAgain() })
            }
            AddAccountUiState.Saving -> add(Row.Line(Texts.addAdding))
            is AddAccountUiState.Done -> {
                add(Row.Report(state.report))
                add(Row.Button(Texts.actionDone) { done() })
                add(Row.Button(Texts.addAnother, primary = false) { vm.scanAgain() })
                return@buildList
            }
            is AddAccountUiState.Failed -> {
                add(Row.Line(state.message, Tone.Problem))
                add(Row.Button(Texts.actionOk) { vm.scanAgain() })
            }
        }
        add(Row.Title(Texts.addOtherWays))
        add(Row.PickImage(Texts.addFromImage, vm::onImage))
        add(Row.Entry(Field.Link, Texts.addLinkField, secret = true))
        add(Row.Button(Texts.addLinkButton) { vm.submitLink(it[Field.Link]) })
        add(Row.Title(Texts.addEnterKeyTitle))
        add(Row.Entry(Field.Issuer, Texts.addFieldService))
        add(Row.Entry(Field.AccountName, Texts.addFieldAccount))
        add(Row.Revealable(Field.SetupKey, Texts.addFieldSetupKey))
        add(Row.Button(Texts.addManualAdd) {
            vm.submitManual(ManualEntryForm(issuer = it[Field.Issuer], label = it[Field.AccountName], secret = it[Field.SetupKey]))
        })
    }

    /** The backup file's extension, after the name the save dialog suggests. */
    const val BACKUP_EXTENSION = "otpkit"

    /** First run, restore: [done] goes on to the codes, [otherWay] back to the ways in. */
    fun restore(state: RestoreUiState, vm: RestoreViewModel, done: () -> Unit, otherWay: () -> Unit): List<Row> = buildList {
        add(Row.Title(Texts.restoreTitle))
        when (state) {
            is RestoreUiState.PickFile -> {
                add(Row.Line(Texts.restorePickIntro))
                state.problem?.let { add(Row.Line(it, Tone.Problem)) }
                add(Row.PickFile(Texts.restorePickButton, vm::filePicked))
                add(Row.Button(Texts.firstRunOtherWay, primary = false) { otherWay() })
            }
            is RestoreUiState.Password -> {
                add(Row.Line(Texts.restorePasswordAsk))
                state.problem?.let { add(Row.Line(it, Tone.Problem)) }
                add(Row.Secret(Field.Password, Texts.restorePasswordLabel, new = false))
                add(Row.Button(Texts.restorePasswordButton) { vm.submitPassword(it[Field.Password]) })
                add(Row.Button(Texts.restorePickAnother, primary = false) { vm.pickAnother() })
            }
            RestoreUiState.Working -> {
                add(Row.Line(Texts.restoreWorking))
                add(Row.Busy)
            }
            is RestoreUiState.Restored -> {
                add(Row.Report(state.report))
                if (state.nothingAdded) {
                    add(Row.Line(Texts.restoreNothingAdded, Tone.Problem))
                    add(Row.Button(Texts.restorePickAnother) { vm.pickAnother() })
                    add(Row.Button(Texts.firstRunOtherWay, primary = false) { otherWay() })
                }
                add(Row.Button(Texts.firstRunContinue, primary = !state.nothingAdded) { done() })
            }
        }
    }

    /** First run, transfer: above the add screen's camera; [otherWay] back to the ways in. */
    fun transferIn(otherWay: () -> Unit): List<Row> = listOf(
        Row.Title(Texts.transferInTitle),
        Row.Line(Texts.transferInIntro),
        Row.Button(Texts.firstRunOtherWay, primary = false) { otherWay() },
    )

    /**
     * The settings. [biometricsLabel]: the platform's name for it; [open] opens a screen from
     * here (the shell may prepare its model first); [lock] locks now.
     */
    fun settings(
        state: SettingsUiState,
        vm: SettingsViewModel,
        biometricsLabel: UiText,
        open: (Screen) -> Unit,
        lock: () -> Unit,
    ): List<Row> = buildList {
        add(Row.Title(Texts.settingsTitle))
        when (state) {
            SettingsUiState.Loading -> add(Row.Busy)
            is SettingsUiState.Failed -> {
                add(Row.Line(state.text, Tone.Problem))
                add(Row.Button(Texts.actionTryAgain) { vm.retry() })
            }
            is SettingsUiState.Ready -> {
                val idle = !state.working
                state.message?.let { add(Row.Line(it)) }
                if (state.working) add(Row.Busy)
                add(Row.Switch(biometricsLabel, state.biometrics, idle, vm::setBiometrics))
                add(
                    Row.Choice(
                        Texts.settingsAutoLock,
                        state.autoLockChoices.map { it.label },
                        state.autoLockChoices.indexOf(state.autoLock),
                        idle,
                    ) { vm.setAutoLock(state.autoLockChoices[it]) },
                )
                add(Row.Line(Texts.settingsAutoLockDetail))
                add(Row.Switch(Texts.settingsClockCorrection, state.clockCorrectionMs != null, idle, vm::setClockCorrection))
                add(Row.Line(state.clockCorrectionText))
                add(Row.Line(Texts.settingsClockCorrectionDetail))
                state.lastCheck?.let { add(Row.Line(Texts.settingsLastCheck(it))) }
                add(Row.Button(Texts.settingsCheckNow, primary = false) { vm.checkClock() })
            }
        }
        add(Row.Button(Texts.settingsChangePassphrase, primary = false) { open(Screen.ChangePassphrase) })
        add(Row.Button(Texts.settingsExportBackup, primary = false) { open(Screen.Backup) })
        add(Row.Button(Texts.settingsTransferOut, primary = false) { open(Screen.TransferOut) })
        add(Row.Button(Texts.settingsLockNow, primary = false) { lock() })
    }

    fun changePassphrase(state: ChangePassphraseUiState, vm: ChangePassphraseViewModel, close: () -> Unit): List<Row> = buildList {
        add(Row.Title(Texts.changePassphraseTitle))
        when (state) {
            is ChangePassphraseUiState.Editing -> {
                add(Row.Line(Texts.changePassphraseIntro))
                state.problem?.let { add(Row.Line(it, Tone.Problem)) }
                add(Row.Secret(Field.Passphrase, Texts.changePassphraseNew, new = true))
                add(Row.Secret(Field.Repeated, Texts.changePassphraseAgain, new = true))
                add(Row.Button(Texts.changePassphraseButton) { vm.submit(it[Field.Passphrase], it[Field.Repeated]) })
                if (state.offerWithoutBiometrics) {
                    add(Row.Button(Texts.changePassphraseWithoutBiometrics, primary = false) {
                        vm.submitWithoutBiometrics(it[Field.Passphrase], it[Field.Repeated])
                    })
                }
            }
            ChangePassphraseUiState.Working -> {
                add(Row.Line(Texts.changePassphraseWorking))
                add(Row.Busy)
            }
            is ChangePassphraseUiState.Done -> {
                add(Row.Line(state.text))
                add(Row.Button(Texts.actionClose) { close() })
            }
        }
    }

    /** "Transfer to another phone"; [close] leaves the screen (the codes are cleared first). */
    fun transferOut(state: TransferUiState, vm: TransferViewModel, close: () -> Unit): List<Row> = buildList {
        add(Row.Title(Texts.transferTitle))
        val leave = { _: Fields ->
            vm.finish()
            close()
        }
        when (state) {
            TransferUiState.Loading, TransferUiState.Finished -> add(Row.Busy)
            TransferUiState.Working -> {
                add(Row.Line(Texts.transferWorking))
                add(Row.Busy)
            }
            is TransferUiState.Ready -> {
                add(Row.Line(Texts.transferIntro))
                if (state.canShow) {
                    add(Row.Line(Texts.transferMoves(state.movable.size.toLong())))
                    add(Row.Line(Texts.transferWarning, Tone.Warning))
                    add(Row.Button(Texts.transferShow) { vm.show() })
                }
                state.note?.let { add(Row.Line(it, Tone.Problem)) }
                addLeftOut(state.leftOut)
                add(Row.Button(Texts.actionClose, primary = false, onClick = leave))
            }
            is TransferUiState.Showing -> {
                val code = state.code
                add(Row.Qr(code, Texts.transferCodeDescription((code.index + 1).toLong(), code.count.toLong())))
                add(Row.Line(state.position))
                if (state.isLast) add(Row.Button(Texts.actionDone, onClick = leave)) else add(Row.Button(Texts.transferNext) { vm.next() })
                if (state.hasPrevious) add(Row.Button(Texts.transferPrevious, primary = false) { vm.previous() })
                addLeftOut(state.leftOut)
            }
            is TransferUiState.Failed -> {
                add(Row.Line(state.text, Tone.Problem))
                add(Row.Button(Texts.actionTryAgain) { vm.retry() })
                add(Row.Button(Texts.actionClose, primary = false, onClick = leave))
            }
        }
    }

    private fun MutableList<Row>.addLeftOut(leftOut: List<LeftOut>) {
        if (leftOut.isEmpty()) return
        add(Row.Line(Texts.transferLeftTitle, Tone.Warning))
        leftOut.forEach { add(Row.Line(Texts.transferLeftItem(it.account.displayName, it.reason))) }
    }
}
