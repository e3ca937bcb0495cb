package dev.otpkit.app

import android.content.Intent
import android.os.Build
import android.provider.Settings
import androidx.compose.foundation.ExperimentalFoundationApi
import androidx.compose.foundation.combinedClickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.consumeWindowInsets
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Add
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.FloatingActionButton
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.CustomAccessibilityAction
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.customActions
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleEventEffect
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import dev.otpkit.presentation.ClipboardPolicy
import dev.otpkit.presentation.CodeItem
import dev.otpkit.presentation.CodesUiState
import dev.otpkit.presentation.CodesViewModel
import dev.otpkit.presentation.DriftBanner
import dev.otpkit.presentation.Texts
import dev.otpkit.presentation.handle
import kotlinx.coroutines.launch

/** The account list: codes with a countdown ring, search, the drift banner, copy/edit/delete. */
@Composable
fun CodesScreen(vm: CodesViewModel, clipboard: SensitiveClipboard, onAdd: () -> Unit, onBackup: () -> Unit, onSettings: () -> Unit) {
    val state by vm.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    val snackbar = remember { SnackbarHostState() }
    val scope = rememberCoroutineScope()
    var editing by remember { mutableStateOf<CodeItem?>(null) }
    // Read in composition: copy() runs from a tap, outside it.
    val copiedText = ClipboardPolicy.COPIED.resolve()
    LaunchedEffect(Unit) { vm.checkClock(manual = false) }
    // Back in the foreground: take in what another process (an autofill service) saved meanwhile.
    LifecycleEventEffect(Lifecycle.Event.ON_RESUME) { vm.onForeground() }

    fun copy(item: CodeItem) {
        val copied = vm.copy(item.account.id) ?: return
        clipboard.copy(copied)
        // From Android 13 the system confirms every copy itself.
        if (ClipboardPolicy.showsOwnConfirmation(Build.VERSION.SDK_INT)) {
            scope.launch { snackbar.showSnackbar(copiedText) }
        }
    }

    Scaffold(
        floatingActionButton = {
            FloatingActionButton(onClick = onAdd, Modifier.testTag(Texts.codesAddAccount.key)) {
                Icon(Icons.Filled.Add, contentDescription = Texts.codesAddAccount.resolve())
            }
        },
        snackbarHost = { SnackbarHost(snackbar) },
    ) { padding ->
        // The Scaffold keeps clear of the system bars; the keyboard (search) takes the rest.
        Column(Modifier.padding(padding).consumeWindowInsets(padding).imePadding().fillMaxSize()) {
            when (val s = state) {
                CodesUiState.Loading -> CircularProgressIndicator(Modifier.padding(32.dp))
                is CodesUiState.Error -> Column(Modifier.padding(16.dp)) {
                    Text(s.message.resolve())
                    TextButton(onClick = vm::retry) { Text(Texts.actionTryAgain.resolve()) }
                }
                is CodesUiState.Ready -> {
                    s.banner?.let { banner ->
                        Banner(banner) { context.startActivity(Intent(Settings.ACTION_DATE_SETTINGS)) }
                    }
                    Row(Modifier.padding(horizontal = 16.dp), verticalAlignment = Alignment.CenterVertically) {
                        OutlinedTextField(s.query, vm::setQuery, Modifier.weight(1f), label = { Text(Texts.codesSearch.resolve()) }, singleLine = true)
                        // Test tags for the device tests: the key of the text, as the rows have.
                        TextButton(onClick = onBackup, Modifier.testTag(Texts.codesBackup.key)) { Text(Texts.codesBackup.resolve()) }
                        TextButton(onClick = onSettings, Modifier.testTag(Texts.settingsOpen.key)) { Text(Texts.settingsOpen.resolve()) }
                    }
                    TextButton(onClick = { vm.checkClock(manual = true) }) { Text(Texts.codesCheckClock.resolve()) }
                    if (s.totalAccounts == 0) Text(Texts.codesEmpty.resolve(), Modifier.padding(16.dp))
                    LazyColumn {
                        items(s.codes, key = { it.account.id }) { item ->
                            CodeRow(
                                item,
                                onCopy = { copy(item) },
                                onNext = { vm.nextHotpCode(item.account.id) },
                                onEdit = { editing = item },
                            )
                        }
                    }
                    s.pendingDelete?.let { account ->
                        AlertDialog(
                            onDismissRequest = vm::cancelDelete,
                            title = { Text(Texts.codesDeleteTitle(account.displayName).resolve()) },
                            text = { Text(Texts.codesDeleteWarning.resolve()) },
                            confirmButton = { TextButton(onClick = vm::confirmDelete) { Text(Texts.actionDelete.resolve()) } },
                            dismissButton = { TextButton(onClick = vm::cancelDelete) { Text(Texts.actionCancel.resolve()) } },
                        )
                    }
                    s.notice?.let { notice ->
                        AlertDialog(
                            onDismissRequest = vm::dismissNotice,
                            text = { Text(notice.resolve()) },
                            confirmButton = { TextButton(onClick = vm::dismissNotice) { Text(Texts.actionOk.resolve()) } },
                        )
                    }
                }
            }
        }
    }
    editing?.let { item ->
        var label by remember(item) { mutableStateOf(item.account.label) }
        AlertDialog(
            onDismissRequest = { editing = null },
            title = { Text(item.account.displayName) },
            text = { OutlinedTextField(label, { label = it }, label = { Text(Texts.codesAccountName.resolve()) }) },
            confirmButton = { TextButton(onClick = { vm.rename(item.account.id, label); editing = null }) { Text(Texts.actionSave.resolve()) } },
            dismissButton = { TextButton(onClick = { vm.requestDelete(item.account.id); editing = null }) { Text(Texts.actionDelete.resolve()) } },
        )
    }
}

@Composable
private fun Banner(banner: DriftBanner, onAction: () -> Unit) {
    val color = when (banner.severity) {
        DriftBanner.Severity.Warning -> MaterialTheme.colorScheme.secondaryContainer
        DriftBanner.Severity.Error -> MaterialTheme.colorScheme.errorContainer
    }
    Card(Modifier.fillMaxWidth().padding(16.dp), colors = CardDefaults.cardColors(containerColor = color)) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(banner.title.resolve(), style = MaterialTheme.typography.titleMedium)
            Text(banner.message.resolve())
            TextButton(onClick = onAction) { Text(banner.actionLabel.resolve()) }
        }
    }
}

/**
 * One account. Tap copies the code, a long press edits; a screen reader hears [CodeItem.spokenLabel]
 * for the row (its texts and ring are hidden from it), and offers copy and edit as actions. The
 * HOTP "Get code" button stays a button of its own.
 */
@OptIn(ExperimentalFoundationApi::class)
@Composable
private fun CodeRow(item: CodeItem, onCopy: () -> Unit, onNext: () -> Unit, onEdit: () -> Unit) {
    // Read in composition: the semantics blocks below are no composables.
    val copyLabel = Texts.codesCopyCode.resolve()
    val editLabel = Texts.codesEdit.resolve()
    val spoken = item.spokenLabel.resolve()
    Row(
        Modifier
            .fillMaxWidth()
            .testTag(item.handle)
            .combinedClickable(onClick = onCopy, onClickLabel = copyLabel, onLongClick = onEdit, onLongClickLabel = editLabel)
            .semantics {
                customActions = listOf(
                    CustomAccessibilityAction(copyLabel) { onCopy(); true },
                    CustomAccessibilityAction(editLabel) { onEdit(); true },
                )
            }
            .padding(16.dp),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        Column(Modifier.weight(1f).clearAndSetSemantics { contentDescription = spoken }) {
            Text(item.account.displayName, style = MaterialTheme.typography.bodyMedium)
            Text(item.displayCode ?: "––– –––", style = MaterialTheme.typography.headlineMedium)
            item.nextCode?.let { Text(Texts.codesNextCode(it).resolve(), style = MaterialTheme.typography.bodySmall) }
        }
        val progress = item.progress
        if (progress != null) {
            // Said in the row's label ("seconds left: 20").
            Box(Modifier.clearAndSetSemantics {}, contentAlignment = Alignment.Center) {
                CircularProgressIndicator(progress = { progress }, modifier = Modifier.size(40.dp))
                Text("${item.secondsLeft}")
            }
        } else {
            TextButton(onClick = onNext) { Text(Texts.codesGetCode.resolve()) }
        }
    }
}
