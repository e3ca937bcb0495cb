package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/** Something scheduled that can be called off. */
fun interface Cancellable {
    fun cancel()
}

/** Runs an action after a delay: the auto-lock's timer (a coroutine in the app, by hand in tests). */
fun interface LockTimer {
    fun schedule(afterMs: Long, action: () -> Unit): Cancellable
}

/** The app's [LockTimer]: a coroutine in [scope] (the main thread's), so the action runs there. */
class CoroutineLockTimer(private val scope: CoroutineScope) : LockTimer {
    override fun schedule(afterMs: Long, action: () -> Unit): Cancellable {
        val job = scope.launch {
            delay(afterMs)
            action()
        }
        return Cancellable { job.cancel() }
    }
}

/** Whether the vault is open. */
sealed interface SessionState {
    data object Locked : SessionState

    data class Open(val repository: AccountsRepository) : SessionState
}

/**
 * The open vault and the auto-lock. The vault locks when the app has been away from the screen
 * for the chosen [SettingsStore.autoLock] delay, and at once when the screen turns off or the
 * device locks. Locking closes the repository (the Rust vault is destroyed, calls in flight are
 * cancelled) and tells [onLocked] listeners (the routes go back to the unlock screen, so the
 * code list is hidden until the user unlocks again).
 *
 * Time is read from [elapsedMs], a clock that counts sleep and that the user cannot set
 * (Android's elapsedRealtime, the boot clock on iOS). The timer may not fire while the system
 * has frozen the app; [onForeground] therefore checks the time away itself before anything shows.
 *
 * Called on the main thread by the shells' lifecycle hooks.
 */
class AppSession(
    private val settings: SettingsStore,
    private val elapsedMs: () -> Long,
    private val timer: LockTimer,
) {
    private val _state = MutableStateFlow<SessionState>(SessionState.Locked)
    val state: StateFlow<SessionState> = _state.asStateFlow()

    private val listeners = mutableListOf<() -> Unit>()

    /** When the app left the screen, and how long it may stay away; null while in front. */
    private var away: Away? = null
    private var pendingLock: Cancellable? = null

    /** System screens the app opened and waits for (a file picker); see [holdOpen]. */
    private var holds = 0

    private class Away(val sinceMs: Long, val limitMs: Long)

    /** The repository, while the vault is open. */
    val repository: AccountsRepository? get() = (_state.value as? SessionState.Open)?.repository

    /** Calls [listener] each time the vault locks. */
    @Synchronized
    fun onLocked(listener: () -> Unit) {
        listeners += listener
    }

    /** The user unlocked: [repository] is the open vault until the next lock. */
    @Synchronized
    fun open(repository: AccountsRepository) {
        val current = this.repository
        if (current === repository) return
        current?.close()
        away = null
        _state.value = SessionState.Open(repository)
    }

    /** Locks now (the user asked, the screen went off, the delay passed). Locked already: nothing. */
    fun lock() {
        val toTell = synchronized(this) {
            val open = _state.value as? SessionState.Open ?: return
            cancelPending()
            away = null
            holds = 0
            open.repository.close()
            _state.value = SessionState.Locked
            listeners.toList()
        }
        toTell.forEach { it() }
    }

    /**
     * The app left the screen (Android: the process stopped; iOS: the scene went to the
     * background). With the delay "immediately" it locks now; else a timer is set.
     */
    fun onBackground() {
        val limit = synchronized(this) {
            if (_state.value !is SessionState.Open || away != null) return
            val limit = awayLimitMs()
            away = Away(elapsedMs(), limit)
            limit
        }
        if (limit == 0L) return lock()
        val scheduled = timer.schedule(limit) { lockIfStillAway() }
        synchronized(this) {
            pendingLock?.cancel()
            pendingLock = scheduled
        }
    }

    /** The app is on the screen again: locks first if it was away for longer than allowed. */
    fun onForeground() {
        val tooLong = synchronized(this) {
            val left = away ?: return
            away = null
            cancelPending()
            elapsedMs() - left.sinceMs >= left.limitMs
        }
        if (tooLong) lock()
    }

    /** The screen turned off or the device locked: the vault locks whatever the delay. */
    fun onScreenOff() = lock()

    /**
     * The app is about to open a system screen it comes back from (the file picker for a backup):
     * on Android that stops the app, which must not lock the vault under the user's hands. While
     * held, the app may stay away for [HOLD_GRACE_MS] or the chosen delay, the longer. The screen
     * turning off still locks at once. Pair with [releaseHold] when the result is in.
     */
    @Synchronized
    fun holdOpen() {
        holds++
    }

    @Synchronized
    fun releaseHold() {
        if (holds > 0) holds--
    }

    private fun lockIfStillAway() {
        val still = synchronized(this) { away != null }
        if (still) lock()
    }

    private fun awayLimitMs(): Long {
        val chosen = settings.autoLock.ms
        return if (holds > 0) maxOf(chosen, HOLD_GRACE_MS) else chosen
    }

    private fun cancelPending() {
        pendingLock?.cancel()
        pendingLock = null
    }

    companion object {
        /** How long a system screen the app opened (a file picker) may keep it away: 5 min. */
        const val HOLD_GRACE_MS = 300_000L
    }
}
