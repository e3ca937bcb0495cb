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
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import dev.otpkit.presentation.FirstRunWay
import dev.otpkit.presentation.JourneyRows
import dev.otpkit.presentation.Route
import dev.otpkit.presentation.Screen
import dev.otpkit.presentation.Texts
import dev.otpkit.presentation.UnlockSuggestion
import dev.otpkit.presentation.UnlockUiState

/**
 * The app's screens as [AppRoutes] says (first run, unlock, the open vault's screens, Back), each
 * drawn from its view model. The open vault's models live in [OtpKitApplication.openModels]
 * (dropped when it locks); each is reset as its screen opens, so every visit starts afresh and a
 * rotation keeps what it shows. An otpauth link waits in [OtpKitApplication.links] until the code
 * list can take it.
 */
@Composable
fun OtpKitNavigation(app: OtpKitApplication) {
    val route by app.routes.state.collectAsStateWithLifecycle()
    BackHandler(enabled = app.routes.canGoBack()) {
        val open = route as? Route.Open
        if (open?.screen == Screen.TransferOut) app.openModels.transferModel(open.repository).finish()
        app.routes.back()
    }
    when (val r = route) {
        Route.Welcome -> Rows(JourneyRows.welcome(vaultReady = false, app.routes::choose), app.session)
        is Route.Unlock -> UnlockScreen(app, r)
        is Route.Open -> OpenScreens(app, r)
    }
}

@Composable
private fun OpenScreens(app: OtpKitApplication, r: Route.Open) {
    val repository = r.repository
    val models = app.openModels
    val routes = app.routes
    fun reset(screen: Screen) = when (screen) {
        Screen.Add, Screen.TransferIn -> models.addModel(repository, app.otpKit).reset()
        Screen.Backup -> models.backupModel(repository).reset()
        Screen.Settings -> models.settingsModel(repository, app.settings).reset()
        Screen.ChangePassphrase -> models.passphraseModel(repository, app.settings).reset()
        Screen.TransferOut -> models.transferModel(repository).reset()
        Screen.Restore -> models.restoreModel(repository).reset()
        Screen.WaysIn, Screen.Codes -> {}
    }
    val open = { screen: Screen ->
        reset(screen)
        routes.open(screen)
    }
    val choose = { way: FirstRunWay ->
        if (way != FirstRunWay.Fresh) reset(if (way == FirstRunWay.Restore) Screen.Restore else Screen.TransferIn)
        routes.choose(way)
    }
    // The link for the add screen, handed over once. Not saveable: it holds a secret.
    var link by remember { mutableStateOf<String?>(null) }
    val waiting by app.links.waiting.collectAsStateWithLifecycle()
    LaunchedEffect(waiting, r.root) {
        if (waiting != null && routes.linkOpened()) {
            models.addModel(repository, app.otpKit).reset()
            link = app.links.take()
        }
    }
    when (r.screen) {
        Screen.WaysIn -> Rows(JourneyRows.welcome(vaultReady = true, choose), app.session)
        Screen.Restore -> {
            val vm = models.restoreModel(repository)
            val state by vm.state.collectAsStateWithLifecycle()
            Rows(JourneyRows.restore(state, vm, routes::firstRunDone) { routes.back() }, app.session)
        }
        Screen.TransferIn -> AddAccountScreen(models.addModel(repository, app.otpKit), null, {}, onClose = routes::firstRunDone) {
            RowItems(JourneyRows.transferIn { routes.back() }, app.session)
        }
        Screen.Codes -> CodesScreen(
            models.codesModel(repository),
            app.clipboard,
            onAdd = { open(Screen.Add) },
            onBackup = { open(Screen.Backup) },
            onSettings = { open(Screen.Settings) },
        )
        Screen.Add -> AddAccountScreen(models.addModel(repository, app.otpKit), link, onLinkHandled = { link = null }, onClose = { routes.back() })
        Screen.Backup -> BackupScreen(models.backupModel(repository), app.session) { routes.back() }
        Screen.Settings -> {
            val vm = models.settingsModel(repository, app.settings)
            val state by vm.state.collectAsStateWithLifecycle()
            Rows(JourneyRows.settings(state, vm, Texts.settingsBiometricsAndroid, open, routes::lock), app.session)
        }
        Screen.ChangePassphrase -> {
            val vm = models.passphraseModel(repository, app.settings)
            val state by vm.state.collectAsStateWithLifecycle()
            Rows(JourneyRows.changePassphrase(state, vm) { routes.back() }, app.session)
        }
        Screen.TransferOut -> {
            val vm = models.transferModel(repository)
            val state by vm.state.collectAsStateWithLifecycle()
            Rows(JourneyRows.transferOut(state, vm) { routes.back() }, app.session)
        }
    }
}

/**
 * First run: the passphrase the user chooses (it always opens the vault), then biometric unlock
 * on top. Later: biometrics or the passphrase; after a biometric change, the passphrase and an
 * offer to turn biometrics on again. The logic is [UnlockViewModel]'s.
 */
@Composable
private fun UnlockScreen(app: OtpKitApplication, route: Route.Unlock) {
    val vm = app.unlockModels.unlockModel(app.otpKit, app.settings)
    val state by vm.state.collectAsStateWithLifecycle()
    var passphrase by remember { mutableStateOf("") }
    var repeated by remember { mutableStateOf("") }
    val current = state
    LaunchedEffect(current) {
        if (current is UnlockUiState.Unlocked && current.suggestion == null) {
            passphrase = ""
            repeated = ""
            app.routes.unlocked(current.repository)
            // The next lock starts a new unlock screen.
            app.unlockModels.viewModelStore.clear()
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
                route.way?.let { Text(JourneyRows.nextStep(it).resolve()) }
                Button(onClick = { vm.create(passphrase, repeated) }) { Text(Texts.unlockGetStarted.resolve()) }
                current.problem?.let { Text(it.resolve()) }
            }
            is UnlockUiState.Locked -> {
                if (route.offerBiometrics) Button(onClick = vm::unlockWithBiometrics) { Text(Texts.unlockWithBiometricsAndroid.resolve()) }
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
