package dev.otpkit.app

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
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
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
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import dev.otpkit.presentation.AppSession
import dev.otpkit.presentation.Field
import dev.otpkit.presentation.Fields
import dev.otpkit.presentation.ImportSource
import dev.otpkit.presentation.Tone
import dev.otpkit.presentation.TransferCode
import java.io.FileNotFoundException
import kotlin.math.floor
import dev.otpkit.presentation.Row as ScreenRow

/**
 * Draws the journey's screens ([dev.otpkit.presentation.JourneyRows]) and forwards their taps.
 * Typed secrets stay here, in memory only, and go when their field leaves the screen. The file
 * picker holds the session open ([AppSession.holdOpen]): it stops the app until it answers.
 */
@Composable
fun Rows(rows: List<ScreenRow>, session: AppSession) = Column(
    Modifier.fillMaxSize().safeDrawingPadding().verticalScroll(rememberScrollState()).padding(24.dp),
    verticalArrangement = Arrangement.spacedBy(12.dp),
) { RowItems(rows, session) }

/** The rows alone, inside another screen's column (the first run's transfer over the add screen). */
@Composable
fun RowItems(rows: List<ScreenRow>, session: AppSession) {
    val context = LocalContext.current
    val fields = remember { mutableStateMapOf<Field, String>() }
    val shown = rows.filterIsInstance<ScreenRow.Secret>().map { it.field }.toSet()
    SideEffect { fields.keys.retainAll(shown) }
    val current by rememberUpdatedState(rows)
    val pick = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri ->
        session.releaseHold()
        val picked = uri ?: return@rememberLauncherForActivityResult
        // Read by the view model off the main thread.
        current.filterIsInstance<ScreenRow.PickFile>().firstOrNull()?.onPicked?.invoke(ImportSource {
            context.contentResolver.openInputStream(picked)?.use { it.readBytes() } ?: throw FileNotFoundException("$picked")
        })
    }
    for (row in rows) {
        when (row) {
            is ScreenRow.Title -> Text(row.text.resolve(), style = MaterialTheme.typography.headlineSmall)
            is ScreenRow.Line -> Text(
                row.text.resolve(),
                color = if (row.tone == Tone.Plain) Color.Unspecified else MaterialTheme.colorScheme.error,
                fontWeight = if (row.tone == Tone.Warning) FontWeight.Bold else null,
            )
            is ScreenRow.Report -> {
                Text(row.report.title.resolve())
                row.report.lines.forEach { Text(it.resolve()) }
            }
            is ScreenRow.Button -> if (row.primary) {
                Button(onClick = { row.onClick(Fields { fields[it].orEmpty() }) }) { Text(row.label.resolve()) }
            } else {
                TextButton(onClick = { row.onClick(Fields { fields[it].orEmpty() }) }) { Text(row.label.resolve()) }
            }
            is ScreenRow.Switch -> Row(verticalAlignment = Alignment.CenterVertically) {
                Text(row.label.resolve(), Modifier.weight(1f))
                Switch(row.on, row.onChange, enabled = row.enabled)
            }
            is ScreenRow.Choice -> Column {
                Text(row.label.resolve())
                row.options.forEachIndexed { i, option ->
                    Row(
                        Modifier.fillMaxWidth().selectable(i == row.selected, row.enabled, Role.RadioButton) { row.onSelect(i) },
                        verticalAlignment = Alignment.CenterVertically,
                    ) {
                        RadioButton(i == row.selected, onClick = null, enabled = row.enabled)
                        Text(option.resolve())
                    }
                }
            }
            is ScreenRow.Secret -> SecretField(fields[row.field].orEmpty(), { fields[row.field] = it }, row.label.resolve(), Modifier.fillMaxWidth())
            is ScreenRow.PickFile -> Button(onClick = {
                session.holdOpen()
                pick.launch(arrayOf("*/*"))
            }) { Text(row.label.resolve()) }
            is ScreenRow.Qr -> QrCode(row.code, row.description.resolve())
            ScreenRow.Busy -> CircularProgressIndicator()
        }
    }
}

/** A transfer code: its modules in whole pixels, 4 light modules around; the screen stays on. */
@Composable
private fun QrCode(code: TransferCode, description: String) {
    val view = LocalView.current
    DisposableEffect(view) {
        view.keepScreenOn = true
        onDispose { view.keepScreenOn = false }
    }
    Canvas(Modifier.fillMaxWidth().aspectRatio(1f).background(Color.White).semantics { contentDescription = description }) {
        val cell = floor(size.minDimension / (code.size + 8))
        val origin = (size.minDimension - cell * code.size) / 2
        for (row in 0 until code.size) for (column in 0 until code.size) {
            if (code.isDark(row, column)) drawRect(Color.Black, Offset(origin + column * cell, origin + row * cell), Size(cell, cell))
        }
    }
}
