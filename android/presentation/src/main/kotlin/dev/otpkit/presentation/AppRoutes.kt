package dev.otpkit.presentation

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** Where the app is: what the shells draw (`when` on Android, `switch` on iOS). */
sealed interface Route {
    /** First run, no vault yet: "Restore from a backup", "Transfer from your old phone", "Start fresh". */
    data object Welcome : Route

    /**
     * The unlock screen ([UnlockViewModel]): on first run it asks for the passphrase, with the
     * [way] chosen on [Welcome] said next; later it unlocks, biometrics offered when
     * [offerBiometrics]. [key] is new each time the app locks: a fresh view model per visit.
     */
    data class Unlock(val way: FirstRunWay?, val offerBiometrics: Boolean, val key: Int) : Route

    /**
     * The vault is open: [stack] from its root, the top drawn. The root is [Screen.Codes], or
     * [Screen.WaysIn] while the first run's way is not done.
     */
    data class Open(val repository: AccountsRepository, val stack: List<RouteEntry>) : Route {
        val screen: Screen get() = stack.last().screen

        /** The top screen's entry key (a view model per entry, dropped when the entry goes). */
        val key: Int get() = stack.last().key

        val root: Screen get() = stack.first().screen
    }
}

/** One screen on the open vault's stack; [key] tells two visits of a screen apart. */
data class RouteEntry(val screen: Screen, val key: Int)

/** The screens over the open vault. */
enum class Screen {
    /** First run, the vault made: the three ways in again (after Back from a step). */
    WaysIn,

    /** First run: restore a backup file ([RestoreViewModel]). */
    Restore,

    /** First run: scan the old phone's transfer codes ([AddAccountViewModel]'s export tracker). */
    TransferIn,
    Codes,
    Add,
    Backup,
    Settings,
    ChangePassphrase,

    /** "Transfer to another phone" ([TransferViewModel]). */
    TransferOut,
}

/**
 * The app's navigation, the same on both platforms: which screen follows which, first run
 * included, and what Back does. The shells draw [state] and forward taps and Back here.
 *
 * First run asks for the way in first ([Route.Welcome]), then the passphrase (the vault must
 * exist before anything can go into it), then goes to that way's step. The way is stored until
 * its step is done ([SettingsStore.pendingFirstRun]), so a vault made and then left (the app
 * closed, the phone locked) goes back to the step at the next unlock rather than to an
 * unexplained empty list; from a step, Back shows the ways in again, so the user can always
 * take another.
 */
class AppRoutes(
    private val vaultExists: () -> Boolean,
    private val session: AppSession,
    private val settings: SettingsStore,
) {
    private var nextKey = 0
    private val _state: MutableStateFlow<Route>
    val state: StateFlow<Route>

    init {
        if (!vaultExists()) settings.pendingFirstRun = null
        _state = MutableStateFlow(if (vaultExists()) unlockRoute(null) else Route.Welcome)
        state = _state.asStateFlow()
        session.onLocked { onLock() }
    }

    /**
     * One of the three ways in. Before the vault exists: remembered, and the passphrase comes
     * next. After (from [Screen.WaysIn]): straight to its step.
     */
    @Synchronized
    fun choose(way: FirstRunWay) {
        val current = _state.value
        val next = when {
            current == Route.Welcome -> unlockRoute(way)
            current is Route.Open && current.root == Screen.WaysIn -> current.copy(stack = firstRunStack(way))
            else -> return
        }
        settings.pendingFirstRun = way.takeIf { it != FirstRunWay.Fresh }
        _state.value = next
    }

    /** The unlock screen opened the vault (and its suggestion, if any, was answered). */
    @Synchronized
    fun unlocked(repository: AccountsRepository) {
        session.open(repository)
        _state.value = Route.Open(repository, firstRunStack(settings.pendingFirstRun ?: FirstRunWay.Fresh))
    }

    /**
     * Opens a screen over the current one: from the codes Add, Backup and Settings; from the
     * settings ChangePassphrase, TransferOut and Backup. Others, or the one already on top, are
     * ignored.
     */
    @Synchronized
    fun open(screen: Screen) {
        val current = _state.value as? Route.Open ?: return
        val allowed = when (current.screen) {
            Screen.Codes -> screen == Screen.Add || screen == Screen.Backup || screen == Screen.Settings
            Screen.Settings -> screen == Screen.ChangePassphrase || screen == Screen.TransferOut || screen == Screen.Backup
            else -> false
        }
        if (allowed) _state.value = current.copy(stack = current.stack + entry(screen))
    }

    /** The first run's step is done (restored, transferred, or the user went on): the codes. */
    @Synchronized
    fun firstRunDone() {
        val current = _state.value as? Route.Open ?: return
        settings.pendingFirstRun = null
        _state.value = current.copy(stack = listOf(entry(Screen.Codes)))
    }

    /**
     * An otpauth:// link waits ([OpenedLinks]): true when the add screen now shows for it, over
     * the codes, from whichever screen was on top. False while locked or during the first run's
     * step: the link keeps waiting until the codes show.
     */
    @Synchronized
    fun linkOpened(): Boolean {
        val current = _state.value as? Route.Open ?: return false
        if (current.root != Screen.Codes) return false
        if (current.screen != Screen.Add) _state.value = current.copy(stack = listOf(current.stack.first(), entry(Screen.Add)))
        return true
    }

    /**
     * Whether [back] has somewhere to go: a screen under the top one, or the ways in under the
     * first passphrase while no vault exists. Otherwise the system's Back leaves the app.
     */
    @Synchronized
    fun canGoBack(): Boolean = when (val current = _state.value) {
        Route.Welcome -> false
        is Route.Unlock -> current.way != null && !vaultExists()
        is Route.Open -> current.stack.size > 1
    }

    /** Back: one screen down, or to the ways in (see [canGoBack]); false when there is nowhere to go. */
    @Synchronized
    fun back(): Boolean {
        if (!canGoBack()) return false
        when (val current = _state.value) {
            is Route.Open -> _state.value = current.copy(stack = current.stack.dropLast(1))
            else -> {
                settings.pendingFirstRun = null
                _state.value = Route.Welcome
            }
        }
        return true
    }

    /** "Lock now". */
    fun lock() = session.lock()

    @Synchronized
    private fun onLock() {
        _state.value = unlockRoute(null)
    }

    private fun unlockRoute(way: FirstRunWay?) = Route.Unlock(way, way == null && settings.biometricUnlock, nextKey++)

    private fun firstRunStack(way: FirstRunWay): List<RouteEntry> = when (way) {
        FirstRunWay.Restore -> listOf(entry(Screen.WaysIn), entry(Screen.Restore))
        FirstRunWay.Transfer -> listOf(entry(Screen.WaysIn), entry(Screen.TransferIn))
        FirstRunWay.Fresh -> listOf(entry(Screen.Codes))
    }

    private fun entry(screen: Screen) = RouteEntry(screen, nextKey++)
}
