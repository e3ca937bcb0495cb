package dev.otpkit.app

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import dev.otpkit.presentation.AccountsRepository
import dev.otpkit.presentation.Texts
import dev.otpkit.presentation.UnlockSuggestion
import dev.otpkit.presentation.UnlockUiState

private enum class Screen { Codes, Add, Backup }

/** Unlock first; then the code list, with the add and backup screens on top. */
@Composable
fun OtpKitNavigation(app: OtpKitApplication, openedLink: String?, onLinkHandled: () -> Unit) {
    var repository by remember { mutableStateOf(app.repository) }
    val unlocked = repository
    if (unlocked == null) {
        UnlockScreen(app) { opened ->
            app.repository = opened
            repository = opened
        }
        return
    }
    var screen by remember { mutableStateOf(Screen.Codes) }
    LaunchedEffect(openedLink) { if (openedLink != null) screen = Screen.Add }
    BackHandler(enabled = screen != Screen.Codes) { screen = Screen.Codes }
    when (screen) {
        Screen.Codes -> CodesScreen(unlocked, app.clipboard, onAdd = { screen = Screen.Add }, onBackup = { screen = Screen.Backup })
        Screen.Add -> AddAccountScreen(unlocked, app.otpKit, openedLink, onLinkHandled) { screen = Screen.Codes }
        Screen.Backup -> BackupScreen(unlocked) { screen = Screen.Codes }
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
    @Composable
    fun PassphraseField(value: String, label: String, onChange: (String) -> Unit) = OutlinedTextField(
        value = value,
        onValueChange = onChange,
        label = { Text(label) },
        visualTransformation = PasswordVisualTransformation(),
    )
    Column(Modifier.fillMaxSize().padding(24.dp), verticalArrangement = Arrangement.spacedBy(16.dp)) {
        Text(stringResource(R.string.app_name))
        when (current) {
            is UnlockUiState.ChoosePassphrase -> {
                Text(Texts.unlockIntroAndroid.resolve())
                PassphraseField(passphrase, Texts.passphraseField.resolve()) { passphrase = it }
                PassphraseField(repeated, Texts.passphraseAgainField.resolve()) { repeated = it }
                Button(onClick = { vm.create(passphrase, repeated) }) { Text(Texts.unlockGetStarted.resolve()) }
                current.problem?.let { Text(it.resolve()) }
            }
            is UnlockUiState.Locked -> {
                Button(onClick = vm::unlockWithBiometrics) { Text(Texts.unlockWithBiometricsAndroid.resolve()) }
                PassphraseField(passphrase, Texts.passphraseField.resolve()) { passphrase = it }
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
                        PassphraseField(passphrase, Texts.unlockNewPassphrase.resolve()) { passphrase = it }
                        PassphraseField(repeated, Texts.unlockNewPassphraseAgain.resolve()) { repeated = it }
                        Button(onClick = { vm.setPassphrase(passphrase, repeated) }) { Text(Texts.unlockSetPassphrase.resolve()) }
                    }
                    null -> {}
                }
                TextButton(onClick = vm::dismissSuggestion) { Text(Texts.actionNotNow.resolve()) }
            }
        }
    }
}
