package dev.otpkit.app

import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import dev.otpkit.presentation.AccountsRepository
import dev.otpkit.presentation.BackupDestination
import dev.otpkit.presentation.BackupUiState
import dev.otpkit.presentation.Texts
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.io.File

/** Export for a new phone and import, through the system file picker (no storage permission). */
@Composable
fun BackupScreen(repository: AccountsRepository, onClose: () -> Unit) {
    val vm = viewModel { BackupScreenModel(repository) }.model
    val state by vm.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    var passphrase by remember { mutableStateOf("") }
    var repeated by remember { mutableStateOf("") }
    var password by remember { mutableStateOf("") }

    val exportTo = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument("application/octet-stream")) { uri ->
        uri ?: return@rememberLauncherForActivityResult
        vm.export(passphrase, repeated, BackupDestination { path ->
            withContext(Dispatchers.IO) {
                context.contentResolver.openOutputStream(uri, "wt")?.use { out -> File(path).inputStream().use { it.copyTo(out) } }
                    ?: error("the chosen file cannot be written")
            }
        })
    }
    val importFrom = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri ->
        uri?.let { context.contentResolver.openInputStream(it)?.use { input -> vm.import(input.readBytes()) } }
    }

    // The name the file picker suggests, in the user's language (read here: onClick is no composable).
    val fileName = Texts.backupFileName.resolve() + ".otpkit"
    Column(Modifier.fillMaxSize().padding(24.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Text(Texts.backupTitle.resolve())
        OutlinedTextField(passphrase, { passphrase = it }, label = { Text(Texts.backupPassphraseField.resolve()) }, visualTransformation = PasswordVisualTransformation())
        OutlinedTextField(repeated, { repeated = it }, label = { Text(Texts.passphraseAgainField.resolve()) }, visualTransformation = PasswordVisualTransformation())
        Button(onClick = { exportTo.launch(fileName) }) { Text(Texts.backupExport.resolve()) }
        Button(onClick = { importFrom.launch(arrayOf("*/*")) }) { Text(Texts.backupImport.resolve()) }
        when (val s = state) {
            BackupUiState.Idle -> {}
            BackupUiState.Working -> Text(Texts.backupWorking.resolve())
            BackupUiState.Exported -> Text(Texts.backupSaved.resolve())
            is BackupUiState.PasswordNeeded -> {
                Text(s.message.resolve())
                OutlinedTextField(password, { password = it }, label = { Text(Texts.backupFilePassword.resolve()) }, visualTransformation = PasswordVisualTransformation())
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
