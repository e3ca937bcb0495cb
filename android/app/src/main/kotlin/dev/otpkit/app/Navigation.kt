package dev.otpkit.app

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.LocalViewModelStoreOwner
import androidx.lifecycle.viewmodel.compose.viewModel
import dev.otpkit.presentation.AccountsRepository
import dev.otpkit.presentation.Texts
import dev.otpkit.presentation.UnlockSuggestion
import dev.otpkit.presentation.UnlockUiState

private enum class Screen { Codes, Add, Backup }

/**
 * Unlock first; then the code list, with the add and backup screens on top. An otpauth link the
 * app was opened with waits in [OtpKitApplication.links] until the vault is open, then opens the
 * add screen. Each visit of the add and backup screens starts afresh: `open` resets the screen's
 * model (kept with the activity, so a rotation keeps its state) as it opens it; android/README.md
 * says why this and not one keyed model per visit.
 */
@Composable
fun OtpKitNavigation(app: OtpKitApplication) {
    var repository by remember { mutableStateOf(app.repository) }
    val unlocked = repository
    if (unlocked == null) {
        UnlockScreen(app) { opened ->
            app.repository = opened
            repository = opened
        }
        return
    }
    val models = checkNotNull(LocalViewModelStoreOwner.current) { "OtpKitNavigation needs a ViewModelStoreOwner" }
    // Saveable: after a rotation the same screen shows, with its model as it was.
    var screen by rememberSaveable { mutableStateOf(Screen.Codes) }
    // The link for the add screen, handed over once. Not saveable: it holds a secret.
    var link by remember { mutableStateOf<String?>(null) }

    fun open(to: Screen) {
        when (to) {
            Screen.Add -> models.addModel(unlocked, app.otpKit).reset()
            Screen.Backup -> models.backupModel(unlocked).reset()
            Screen.Codes -> {}
        }
        screen = to
    }

    // A link that came while the vault was locked, or comes now.
    val waiting by app.links.waiting.collectAsStateWithLifecycle()
    LaunchedEffect(waiting) {
        app.links.take()?.let {
            link = it
            open(Screen.Add)
        }
    }
    BackHandler(enabled = screen != Screen.Codes) { screen = Screen.Codes }
    when (screen) {
        Screen.Codes -> CodesScreen(
            models.codesModel(unlocked),
            app.clipboard,
            onAdd = { open(Screen.Add) },
            onBackup = { open(Screen.Backup) },
        )
        Screen.Add -> AddAccountScreen(models.addModel(unlocked, app.otpKit), link, onLinkHandled = { link = null }) {
            screen = Screen.Codes
        }
        Screen.Backup -> BackupScreen(models.backupModel(unlocked)) { screen = Screen.Codes }
    }
}

/**
 * First run: the passphrase the user chooses (it always opens the vault), then biometric unlock
 * on top. Later: biometrics or the passphrase; after a biometric change, the passphrase and an
 * offer to turn biometrics on again. The logic is [UnlockViewModel]'s.
 */
@Composable
private fun UnlockScreen(app: OtpKitApplication, onUnlocked: (AccountsRepository) -> Unit) {
    val vm = viewModel { UnlockScreenModel(app.otpKit) }.model
    val state by vm.state.collectAsStateWithLifecycle()
    var passphrase by remember { mutableStateOf("") }
    var repeated by remember { mutableStateOf("") }
    val current = state
    LaunchedEffect(current) {
        if (current is UnlockUiState.Unlocked && current.suggestion == null) {
            passphrase = ""
            repeated = ""
            onUnlocked(current.repository)
        }
    }
    // Edge to edge: clear of the system bars, the cutout and the keyboard, and scrolling when
    // the keyboard leaves too little room.
    Column(
        Modifier.fillMaxSize().safeDrawingPadding().verticalScroll(rememberScrollState()).padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp),
    ) {
        Text(stringResource(R.string.app_name))
        when (current) {
            is UnlockUiState.ChoosePassphrase -> {
                Text(Texts.unlockIntroAndroid.resolve())
                SecretField(passphrase, { passphrase = it }, Texts.passphraseField.resolve())
                SecretField(repeated, { repeated = it }, Texts.passphraseAgainField.resolve())
                Button(onClick = { vm.create(passphrase, repeated) }) { Text(Texts.unlockGetStarted.resolve()) }
                current.problem?.let { Text(it.resolve()) }
            }
            is UnlockUiState.Locked -> {
                Button(onClick = vm::unlockWithBiometrics) { Text(Texts.unlockWithBiometricsAndroid.resolve()) }
                SecretField(passphrase, { passphrase = it }, Texts.passphraseField.resolve())
                Button(onClick = { vm.unlockWithPassphrase(passphrase) }) { Text(Texts.unlockWithPassphrase.resolve()) }
                current.message?.let { Text(it.resolve()) }
            }
            UnlockUiState.Working -> Text(Texts.unlockOpening.resolve())
            is UnlockUiState.Unlocked -> {
                current.message?.let { Text(it.resolve()) }
                when (current.suggestion) {
                    UnlockSuggestion.EnableBiometrics ->
                        Button(onClick = vm::enableBiometrics) { Text(Texts.unlockTurnOnBiometricsAndroid.resolve()) }
                    UnlockSuggestion.SetPassphrase -> {
                        SecretField(passphrase, { passphrase = it }, Texts.unlockNewPassphrase.resolve())
                        SecretField(repeated, { repeated = it }, Texts.unlockNewPassphraseAgain.resolve())
                        Button(onClick = { vm.setPassphrase(passphrase, repeated) }) { Text(Texts.unlockSetPassphrase.resolve()) }
                    }
                    null -> {}
                }
                TextButton(onClick = vm::dismissSuggestion) { Text(Texts.actionNotNow.resolve()) }
            }
        }
    }
}
