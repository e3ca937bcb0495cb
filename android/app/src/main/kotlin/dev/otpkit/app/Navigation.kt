package dev.otpkit.app

import androidx.activity.compose.BackHandler
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import dev.otpkit.presentation.FirstRunWay
import dev.otpkit.presentation.JourneyRows
import dev.otpkit.presentation.Route
import dev.otpkit.presentation.Screen
import dev.otpkit.presentation.Texts
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
        Screen.TransferIn -> AddAccountScreen(
            models.addModel(repository, app.otpKit), app.session, null, {}, onClose = routes::firstRunDone,
            header = JourneyRows.transferIn { routes.back() },
        )
        Screen.Codes -> CodesScreen(
            models.codesModel(repository),
            app.clipboard,
            onAdd = { open(Screen.Add) },
            onBackup = { open(Screen.Backup) },
            onSettings = { open(Screen.Settings) },
        )
        Screen.Add -> AddAccountScreen(models.addModel(repository, app.otpKit), app.session, link, onLinkHandled = { link = null }, onClose = { routes.back() })
        Screen.Backup -> {
            val vm = models.backupModel(repository)
            val state by vm.state.collectAsStateWithLifecycle()
            Rows(JourneyRows.backup(state, vm) { routes.back() }, app.session)
        }
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
 * offer to turn biometrics on again. The logic is [UnlockViewModel]'s, the rows [JourneyRows.unlock]'s.
 */
@Composable
private fun UnlockScreen(app: OtpKitApplication, route: Route.Unlock) {
    val vm = app.unlockModels.unlockModel(app.otpKit, app.settings)
    val state by vm.state.collectAsStateWithLifecycle()
    val current = state
    LaunchedEffect(current) {
        if (current is UnlockUiState.Unlocked && current.suggestion == null) {
            app.routes.unlocked(current.repository)
            // The next lock starts a new unlock screen.
            app.unlockModels.viewModelStore.clear()
        }
    }
    Rows(JourneyRows.unlock(current, vm, route.way, route.offerBiometrics), app.session)
}
