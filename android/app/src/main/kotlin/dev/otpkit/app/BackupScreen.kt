package dev.otpkit.app

import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
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
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import dev.otpkit.presentation.AppSession
import dev.otpkit.presentation.BackupDestination
import dev.otpkit.presentation.BackupUiState
import dev.otpkit.presentation.Texts
import dev.otpkit.presentation.BackupViewModel
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.io.File
import java.io.FileNotFoundException

/** Export for a new phone and import, through the system file picker (no storage permission). */
@Composable
fun BackupScreen(vm: BackupViewModel, session: AppSession, onClose: () -> Unit) {
    val state by vm.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    // Not saveable: passphrases stay out of the saved instance state.
    var passphrase by remember { mutableStateOf("") }
    var repeated by remember { mutableStateOf("") }
    var password by remember { mutableStateOf("") }

    // The system's file picker stops the app: the session is held open until it answers.
    val exportTo = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument("application/octet-stream")) { uri ->
        session.releaseHold()
        uri ?: return@rememberLauncherForActivityResult
        vm.export(passphrase, repeated, BackupDestination { path ->
            withContext(Dispatchers.IO) {
                context.contentResolver.openOutputStream(uri, "wt")?.use { out -> File(path).inputStream().use { it.copyTo(out) } }
                    ?: error("the chosen file cannot be written")
            }
        })
    }
    val importFrom = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri ->
        session.releaseHold()
        // Read by the view model off the main thread: the document may come over the network.
        uri?.let { picked ->
            vm.import {
                context.contentResolver.openInputStream(picked)?.use { input -> input.readBytes() }
                    ?: throw FileNotFoundException("the chosen file cannot be read")
            }
        }
    }

    // The name the file picker suggests, in the user's language (read here: onClick is no composable).
    val fileName = Texts.backupFileName.resolve() + ".otpkit"
    Column(
        Modifier.fillMaxSize().safeDrawingPadding().verticalScroll(rememberScrollState()).padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(Texts.backupTitle.resolve())
        SecretField(passphrase, { passphrase = it }, Texts.backupPassphraseField.resolve())
        SecretField(repeated, { repeated = it }, Texts.passphraseAgainField.resolve())
        Button(onClick = { session.holdOpen(); exportTo.launch(fileName) }) { Text(Texts.backupExport.resolve()) }
        Button(onClick = { session.holdOpen(); importFrom.launch(arrayOf("*/*")) }) { Text(Texts.backupImport.resolve()) }
        when (val s = state) {
            BackupUiState.Idle -> {}
            BackupUiState.Working -> Text(Texts.backupWorking.resolve())
            BackupUiState.Exported -> Text(Texts.backupSaved.resolve())
            is BackupUiState.PasswordNeeded -> {
                Text(s.message.resolve())
                SecretField(password, { password = it }, Texts.backupFilePassword.resolve())
                Button(onClick = { vm.submitPassword(password) }) { Text(Texts.actionImport.resolve()) }
            }
            is BackupUiState.Imported -> {
                Text(s.report.title.resolve())
                s.report.lines.forEach { Text(it.resolve()) }
            }
            is BackupUiState.Failed -> Text(s.message.resolve())
        }
        TextButton(onClick = onClose) { Text(Texts.actionClose.resolve()) }
    }
}
