package dev.otpkit.app

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import dev.otpkit.presentation.OtpKitFailure
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

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

/** Biometric unlock (a prompt bound to the Keystore key) or the passphrase; creates the vault on first run. */
@Composable
private fun UnlockScreen(app: OtpKitApplication, onUnlocked: (dev.otpkit.presentation.AccountsRepository) -> Unit) {
    val scope = rememberCoroutineScope()
    var passphrase by remember { mutableStateOf("") }
    var message by remember { mutableStateOf<String?>(null) }
    fun open(block: () -> dev.otpkit.presentation.AccountsRepository) = scope.launch {
        message = try {
            // Blocking: Argon2 or the biometric prompt's wait; never on the main thread.
            onUnlocked(withContext(Dispatchers.Default) { block() })
            null
        } catch (failure: OtpKitFailure) {
            failure.message
        }
    }
    Column(Modifier.fillMaxSize().padding(24.dp), verticalArrangement = Arrangement.spacedBy(16.dp)) {
        Text("OtpKit")
        if (app.otpKit.vaultExists) {
            Button(onClick = { open(app.otpKit::openWithBiometrics) }) { Text("Unlock with biometrics") }
            OutlinedTextField(
                value = passphrase,
                onValueChange = { passphrase = it },
                label = { Text("Passphrase") },
                visualTransformation = PasswordVisualTransformation(),
            )
            Button(onClick = { open { app.otpKit.openWithPassphrase(passphrase) } }) { Text("Unlock with passphrase") }
        } else {
            Text("Your accounts are kept encrypted on this phone, unlocked by your fingerprint or face.")
            // Until the bindings can add a passphrase slot, the backup is the way back in.
            Text("Adding a fingerprint or face erases the unlock key: export a backup (Backup) to keep a way back in.")
            Button(onClick = { open(app.otpKit::create) }) { Text("Get started") }
        }
        message?.let { Text(it) }
    }
}
