package dev.otpkit.app

import android.content.Intent
import android.net.Uri
import android.provider.Settings
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.toggleable
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateMapOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import dev.otpkit.presentation.BackupDestination
import dev.otpkit.presentation.ButtonStyle
import dev.otpkit.presentation.FormSpec
import dev.otpkit.presentation.FormEffect
import dev.otpkit.presentation.FormEvent
import dev.otpkit.presentation.FormModel
import dev.otpkit.presentation.FormPart
import dev.otpkit.presentation.InputKind
import dev.otpkit.presentation.Tone
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.io.File
import java.io.FileNotFoundException

/** A form view model's screen: its state drawn by [FormScreen]. */
@Composable
fun <S> FormScreen(model: FormModel<S>) {
    val state by model.state.collectAsStateWithLifecycle()
    FormScreen(model.form(state), model::onEvent)
}

/**
 * Draws a [FormSpec]: every screen made of text, fields, buttons, switches and choices. Decides
 * nothing: what shows and when is the form's (android/presentation, tested); this only keeps
 * what is typed and runs the platform's part of a button (file pickers, settings pages).
 */
@Composable
fun FormScreen(form: FormSpec, onEvent: (FormEvent) -> Unit) {
    val context = LocalContext.current
    // What is typed, by field. Not saveable: passphrases stay out of the saved instance state.
    val inputs = remember(form.inputsGeneration) { mutableStateMapOf<String, String>() }
    // The button whose file picker or save dialog is open (saveable: the activity may be
    // recreated while the picker is up; an action name holds nothing secret).
    var pending by rememberSaveable { mutableStateOf<String?>(null) }

    fun send(action: String, option: String? = null) = onEvent(FormEvent(action, inputs.toMap(), option))

    val openFile = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri ->
        val action = pending ?: return@rememberLauncherForActivityResult
        pending = null
        uri ?: return@rememberLauncherForActivityResult
        onEvent(
            FormEvent(action, inputs.toMap(), file = {
                // The view model calls this off the main thread: the document may come over the network.
                context.contentResolver.openInputStream(uri)?.use { it.readBytes() }
                    ?: throw FileNotFoundException("the chosen file cannot be read")
            }),
        )
    }
    val saveFile = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument("application/octet-stream")) { uri ->
        val action = pending ?: return@rememberLauncherForActivityResult
        pending = null
        uri ?: return@rememberLauncherForActivityResult
        onEvent(
            FormEvent(action, inputs.toMap(), destination = BackupDestination { path ->
                withContext(Dispatchers.IO) {
                    context.contentResolver.openOutputStream(uri, "wt")?.use { out -> File(path).inputStream().use { it.copyTo(out) } }
                        ?: error("the chosen file cannot be written")
                }
            }),
        )
    }

    Column(
        Modifier.fillMaxSize().safeDrawingPadding().imePadding().verticalScroll(rememberScrollState()).padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(form.title.resolve(), style = MaterialTheme.typography.headlineSmall)
        if (form.busy) LinearProgressIndicator(Modifier.fillMaxWidth())
        for (part in form.parts) {
            when (part) {
                is FormPart.Heading -> Text(part.text.resolve(), style = MaterialTheme.typography.titleMedium)
                is FormPart.Note -> Text(part.text.resolve(), color = part.tone.color())
                is FormPart.Lines -> part.lines.forEach { Text(it.resolve(), style = MaterialTheme.typography.bodySmall) }
                is FormPart.Input -> {
                    val value = inputs[part.field].orEmpty()
                    val label = part.label.resolve()
                    if (part.kind == InputKind.Text) {
                        OutlinedTextField(value, { inputs[part.field] = it }, Modifier.fillMaxWidth(), label = { Text(label) }, singleLine = true)
                    } else {
                        SecretField(value, { inputs[part.field] = it }, label, Modifier.fillMaxWidth())
                    }
                }
                is FormPart.Button -> {
                    val enabled = part.enabled && !form.busy
                    val onClick = {
                        when (part.effect) {
                            null -> send(part.action)
                            FormEffect.OpenFile -> {
                                pending = part.action
                                openFile.launch(arrayOf("*/*"))
                            }
                            FormEffect.SaveFile -> {
                                pending = part.action
                                saveFile.launch("otpkit-backup.otpkit")
                            }
                            FormEffect.OpenAppSettings -> context.startActivity(
                                Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", context.packageName, null)),
                            )
                            FormEffect.OpenDateSettings -> context.startActivity(Intent(Settings.ACTION_DATE_SETTINGS))
                        }
                    }
                    val label = part.label.resolve()
                    when (part.style) {
                        ButtonStyle.Primary -> Button(onClick, Modifier.fillMaxWidth(), enabled) { Text(label) }
                        ButtonStyle.Secondary -> OutlinedButton(onClick, Modifier.fillMaxWidth(), enabled) { Text(label) }
                        ButtonStyle.Destructive -> Button(
                            onClick,
                            Modifier.fillMaxWidth(),
                            enabled,
                            colors = ButtonDefaults.buttonColors(containerColor = MaterialTheme.colorScheme.error),
                        ) { Text(label) }
                    }
                }
                is FormPart.Switch -> Row(
                    Modifier.fillMaxWidth().toggleable(
                        value = part.on,
                        enabled = part.enabled && !form.busy,
                        role = Role.Switch,
                        onValueChange = { send(part.action, if (it) "on" else "off") },
                    ),
                    verticalAlignment = Alignment.CenterVertically,
                ) {
                    Text(part.label.resolve(), Modifier.weight(1f))
                    // The row takes the tap, so one target is read out with its state.
                    Switch(checked = part.on, onCheckedChange = null, enabled = part.enabled && !form.busy)
                }
                is FormPart.Choice -> {
                    Text(part.label.resolve(), style = MaterialTheme.typography.titleSmall)
                    for (option in part.options) {
                        Row(
                            Modifier.fillMaxWidth().selectable(
                                selected = option.id == part.selected,
                                enabled = !form.busy,
                                role = Role.RadioButton,
                                onClick = { send(part.action, option.id) },
                            ),
                            verticalAlignment = Alignment.CenterVertically,
                        ) {
                            RadioButton(selected = option.id == part.selected, onClick = null)
                            Text(option.label.resolve(), Modifier.padding(start = 8.dp))
                        }
                    }
                }
                is FormPart.QrCode -> QrMatrix(part.size, part.modules)
            }
        }
    }
}

/** A QR code's modules, black on a white quiet zone of 4 modules (what scanners expect). */
@Composable
private fun QrMatrix(count: Int, modules: ByteArray) {
    Canvas(Modifier.fillMaxWidth().aspectRatio(1f).background(Color.White)) {
        val cell = size.width / (count + 8)
        for (row in 0 until count) {
            for (column in 0 until count) {
                if (modules[row * count + column].toInt() != 0) {
                    drawRect(Color.Black, Offset((column + 4) * cell, (row + 4) * cell), Size(cell, cell))
                }
            }
        }
    }
}

@Composable
private fun Tone.color(): Color = when (this) {
    Tone.Plain -> Color.Unspecified
    Tone.Success -> MaterialTheme.colorScheme.primary
    Tone.Warning -> MaterialTheme.colorScheme.tertiary
    Tone.Error -> MaterialTheme.colorScheme.error
}
