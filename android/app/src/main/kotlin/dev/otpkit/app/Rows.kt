package dev.otpkit.app

import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.PickVisualMediaRequest
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Visibility
import androidx.compose.material.icons.filled.VisibilityOff
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.SideEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateMapOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberUpdatedState
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.LocalView
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import dev.otpkit.presentation.AppSession
import dev.otpkit.presentation.BackupDestination
import dev.otpkit.presentation.Field
import dev.otpkit.presentation.Fields
import dev.otpkit.presentation.ImportSource
import dev.otpkit.presentation.Tone
import dev.otpkit.presentation.TransferCode
import dev.otpkit.android.PlatformPickedImage
import dev.otpkit.presentation.fields as fieldsShown
import dev.otpkit.presentation.handle
import dev.otpkit.presentation.optionHandle
import dev.otpkit.presentation.revealLabel
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.io.File
import java.io.FileNotFoundException
import java.io.IOException
import kotlin.math.floor
import dev.otpkit.presentation.Row as ScreenRow

/**
 * Draws the screens made of rows ([dev.otpkit.presentation.JourneyRows]) and forwards their
 * taps. Typed secrets stay here, in memory only, and go when their field leaves the screen. The
 * file pickers hold the session open ([AppSession.holdOpen]): they stop the app until they
 * answer. Each row's test tag is its [handle] (the device tests find rows by their text's key).
 */
@Composable
fun Rows(rows: List<ScreenRow>, session: AppSession, camera: @Composable (Modifier) -> Unit = {}) = Column(
    Modifier.fillMaxSize().safeDrawingPadding().verticalScroll(rememberScrollState()).padding(24.dp),
    verticalArrangement = Arrangement.spacedBy(12.dp),
) { RowItems(rows, session, camera) }

/** The rows in a column; [camera] draws [ScreenRow.Camera] (the add screen's preview). */
@Composable
private fun RowItems(rows: List<ScreenRow>, session: AppSession, camera: @Composable (Modifier) -> Unit) {
    val context = LocalContext.current
    val fields = remember { mutableStateMapOf<Field, String>() }
    // Fields whose text is shown (a setup key after "show").
    val revealed = remember { mutableStateMapOf<Field, Boolean>() }
    val shown = rows.fieldsShown
    SideEffect {
        fields.keys.retainAll(shown)
        revealed.keys.retainAll(shown)
    }
    val current by rememberUpdatedState(rows)
    val pick = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri ->
        session.releaseHold()
        val picked = uri ?: return@rememberLauncherForActivityResult
        // Read by the view model off the main thread.
        current.filterIsInstance<ScreenRow.PickFile>().firstOrNull()?.onPicked?.invoke(ImportSource {
            context.contentResolver.openInputStream(picked)?.use { it.readBytes() } ?: throw FileNotFoundException("$picked")
        })
    }
    val pickImage = rememberLauncherForActivityResult(ActivityResultContracts.PickVisualMedia()) { uri ->
        session.releaseHold()
        val picked = uri ?: return@rememberLauncherForActivityResult
        // Decoded by the platform and scanned off the main thread (AddAccountViewModel.onImage).
        current.filterIsInstance<ScreenRow.PickImage>().firstOrNull()?.onPicked?.invoke(PlatformPickedImage(context.contentResolver, picked))
    }
    val save = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument("application/octet-stream")) { uri ->
        session.releaseHold()
        val chosen = uri ?: return@rememberLauncherForActivityResult
        // The view model writes the file, then this copies it to the chosen place off the main thread.
        current.filterIsInstance<ScreenRow.SaveFile>().firstOrNull()?.onChosen?.invoke(Fields { fields[it].orEmpty() }, BackupDestination { path ->
            withContext(Dispatchers.IO) {
                try {
                    context.contentResolver.openOutputStream(chosen, "wt")?.use { out -> File(path).inputStream().use { it.copyTo(out) } }
                        ?: throw IOException("the chosen file cannot be written")
                } catch (denied: SecurityException) {
                    // The provider revoked the grant: for the user, as any other unwritable place.
                    throw IOException("the chosen file cannot be written", denied)
                }
            }
        })
    }
    for (row in rows) {
        val tag = Modifier.testTag(row.handle)
        when (row) {
            ScreenRow.AppName -> Text(stringResource(R.string.app_name), tag, style = MaterialTheme.typography.headlineSmall)
            is ScreenRow.Title -> Text(row.text.resolve(), tag, style = MaterialTheme.typography.headlineSmall)
            is ScreenRow.Line -> Text(
                row.text.resolve(),
                tag,
                color = if (row.tone == Tone.Plain) Color.Unspecified else MaterialTheme.colorScheme.error,
                fontWeight = if (row.tone == Tone.Warning) FontWeight.Bold else null,
            )
            is ScreenRow.Report -> Column(tag) {
                Text(row.report.title.resolve())
                row.report.lines.forEach { Text(it.resolve()) }
            }
            is ScreenRow.Button -> if (row.primary) {
                Button(onClick = { row.onClick(Fields { fields[it].orEmpty() }) }, tag) { Text(row.label.resolve()) }
            } else {
                TextButton(onClick = { row.onClick(Fields { fields[it].orEmpty() }) }, tag) { Text(row.label.resolve()) }
            }
            is ScreenRow.Switch -> Row(verticalAlignment = Alignment.CenterVertically) {
                Text(row.label.resolve(), Modifier.weight(1f))
                Switch(row.on, row.onChange, tag, enabled = row.enabled)
            }
            is ScreenRow.Choice -> Column(tag) {
                Text(row.label.resolve())
                row.options.forEachIndexed { i, option ->
                    Row(
                        Modifier.fillMaxWidth().testTag(row.optionHandle(i)).selectable(i == row.selected, row.enabled, Role.RadioButton) { row.onSelect(i) },
                        verticalAlignment = Alignment.CenterVertically,
                    ) {
                        RadioButton(i == row.selected, onClick = null, enabled = row.enabled)
                        Text(option.resolve())
                    }
                }
            }
            is ScreenRow.Secret -> SecretField(fields[row.field].orEmpty(), { fields[row.field] = it }, row.label.resolve(), tag.fillMaxWidth())
            is ScreenRow.Revealable -> {
                val visible = revealed[row.field] == true
                val toggle = row.revealLabel(visible).resolve()
                SecretField(fields[row.field].orEmpty(), { fields[row.field] = it }, row.label.resolve(), tag.fillMaxWidth(), shown = visible) {
                    IconButton(onClick = { revealed[row.field] = !visible }) {
                        Icon(if (visible) Icons.Filled.VisibilityOff else Icons.Filled.Visibility, contentDescription = toggle)
                    }
                }
            }
            // A link holds the account's secret: the secret keyboard, but readable.
            is ScreenRow.Entry -> if (row.secret) {
                SecretField(fields[row.field].orEmpty(), { fields[row.field] = it }, row.label.resolve(), tag.fillMaxWidth(), shown = true)
            } else {
                OutlinedTextField(fields[row.field].orEmpty(), { fields[row.field] = it }, tag.fillMaxWidth(), label = { Text(row.label.resolve()) }, singleLine = true)
            }
            is ScreenRow.PickImage -> Button(onClick = {
                session.holdOpen()
                pickImage.launch(PickVisualMediaRequest(ActivityResultContracts.PickVisualMedia.ImageOnly))
            }, tag) { Text(row.label.resolve()) }
            ScreenRow.Camera -> camera(tag)
            is ScreenRow.PickFile -> Button(onClick = {
                session.holdOpen()
                pick.launch(arrayOf("*/*"))
            }, tag) { Text(row.label.resolve()) }
            is ScreenRow.SaveFile -> {
                // The name the system's "save as" suggests, in the user's language (read here: onClick is no composable).
                val name = row.fileName.resolve() + "." + row.extension
                Button(onClick = {
                    session.holdOpen()
                    save.launch(name)
                }, tag) { Text(row.label.resolve()) }
            }
            is ScreenRow.Qr -> QrCode(row.code, row.description.resolve(), tag)
            ScreenRow.Busy -> CircularProgressIndicator(tag)
        }
    }
}

/** A transfer code: its modules in whole pixels, 4 light modules around; the screen stays on. */
@Composable
private fun QrCode(code: TransferCode, description: String, modifier: Modifier) {
    val view = LocalView.current
    DisposableEffect(view) {
        view.keepScreenOn = true
        onDispose { view.keepScreenOn = false }
    }
    Canvas(modifier.fillMaxWidth().aspectRatio(1f).background(Color.White).semantics { contentDescription = description }) {
        val cell = floor(size.minDimension / (code.size + 8))
        val origin = (size.minDimension - cell * code.size) / 2
        for (row in 0 until code.size) for (column in 0 until code.size) {
            if (code.isDark(row, column)) drawRect(Color.Black, Offset(origin + column * cell, origin + row * cell), Size(cell, cell))
        }
    }
}
