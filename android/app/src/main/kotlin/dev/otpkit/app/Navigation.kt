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
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import dev.otpkit.presentation.AccountsRepository
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
        Text("OtpKit")
        when (current) {
            is UnlockUiState.ChoosePassphrase -> {
                Text("Your accounts are kept encrypted on this phone. Choose a passphrase: it always opens them, even when your fingerprints or face change. Biometric unlock is added next.")
                PassphraseField(passphrase, "Passphrase") { passphrase = it }
                PassphraseField(repeated, "Passphrase again") { repeated = it }
                Button(onClick = { vm.create(passphrase, repeated) }) { Text("Get started") }
                current.problem?.let { Text(it) }
            }
            is UnlockUiState.Locked -> {
                Button(onClick = vm::unlockWithBiometrics) { Text("Unlock with biometrics") }
                PassphraseField(passphrase, "Passphrase") { passphrase = it }
                Button(onClick = { vm.unlockWithPassphrase(passphrase) }) { Text("Unlock with passphrase") }
                current.message?.let { Text(it) }
            }
            UnlockUiState.Working -> Text("Opening…")
            is UnlockUiState.Unlocked -> {
                current.message?.let { Text(it) }
                when (current.suggestion) {
                    UnlockSuggestion.EnableBiometrics ->
                        Button(onClick = vm::enableBiometrics) { Text("Turn on biometric unlock") }
                    UnlockSuggestion.SetPassphrase -> {
                        PassphraseField(passphrase, "New passphrase") { passphrase = it }
                        PassphraseField(repeated, "New passphrase again") { repeated = it }
                        Button(onClick = { vm.setPassphrase(passphrase, repeated) }) { Text("Set passphrase") }
                    }
                    null -> {}
                }
                TextButton(onClick = vm::dismissSuggestion) { Text("Not now") }
            }
        }
    }
}
