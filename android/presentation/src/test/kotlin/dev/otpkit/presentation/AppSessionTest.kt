package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue

class AppSessionTest {
    private val clock = TestClock(1_000_000)
    private val repository = TestAccountsRepository(clock)
    private val settings = TestSettingsStore()
    private val timer = ManualLockTimer()
    private val session = AppSession(settings, clock.read, timer)
    private var locks = 0

    init {
        session.onLocked { locks++ }
    }

    private fun away(ms: Long) {
        clock.nowMs += ms
    }

    @Test
    fun `the vault locks once the chosen delay has passed in the background, and the repository is closed`() {
        session.open(repository)
        assertSame(repository, session.repository)
        session.onBackground()
        assertEquals(listOf(60_000L), timer.pending.map { it.afterMs }, "the default delay is 1 min")
        away(59_000)
        timer.fire(59_000)
        assertTrue(session.state.value is SessionState.Open)
        away(1_000)
        timer.fire(60_000)
        assertEquals(SessionState.Locked, session.state.value)
        assertNull(session.repository)
        assertTrue(repository.closed, "locking destroys the vault")
        assertEquals(1, locks)
        session.onForeground()
        assertEquals(1, locks, "back in front after a lock: nothing more to do")
    }

    @Test
    fun `back in time the timer is called off and the vault stays open`() {
        session.open(repository)
        session.onBackground()
        away(30_000)
        session.onForeground()
        assertTrue(timer.pending.isEmpty(), "the timer is cancelled")
        assertTrue(session.state.value is SessionState.Open)
        assertFalse(repository.closed)
        assertEquals(0, locks)
    }

    @Test
    fun `a timer the frozen app never ran is made up for when it comes back`() {
        session.open(repository)
        session.onBackground()
        away(10 * 60_000)
        session.onForeground()
        assertEquals(SessionState.Locked, session.state.value, "locked before anything shows")
        assertEquals(1, locks)
        assertTrue(timer.pending.isEmpty())
    }

    @Test
    fun `immediately locks on leaving, and the screen going off locks whatever the delay`() {
        settings.autoLock = AutoLockDelay.Immediately
        session.open(repository)
        session.onBackground()
        assertEquals(SessionState.Locked, session.state.value)
        assertTrue(timer.scheduled.isEmpty(), "no timer for immediately")

        settings.autoLock = AutoLockDelay.Minutes15
        val second = TestAccountsRepository(clock)
        session.open(second)
        session.onScreenOff()
        assertEquals(SessionState.Locked, session.state.value)
        assertTrue(second.closed)
        assertEquals(2, locks)
        session.onScreenOff()
        session.lock()
        assertEquals(2, locks, "locking a locked app does nothing")
    }

    @Test
    fun `a file picker the app opened gets five minutes, then the hold ends with the result`() {
        settings.autoLock = AutoLockDelay.Immediately
        session.open(repository)
        session.holdOpen()
        session.onBackground()
        assertTrue(session.state.value is SessionState.Open, "picking a file does not lock under the user's hands")
        assertEquals(listOf(AppSession.HOLD_GRACE_MS), timer.pending.map { it.afterMs })
        away(20_000)
        session.onForeground()
        session.releaseHold()
        assertTrue(session.state.value is SessionState.Open)
        session.onBackground()
        assertEquals(SessionState.Locked, session.state.value, "without a hold, immediately again")

        settings.autoLock = AutoLockDelay.Minutes15
        session.open(TestAccountsRepository(clock))
        session.holdOpen()
        session.onBackground()
        assertEquals(AutoLockDelay.Minutes15.ms, timer.pending.single().afterMs, "a longer chosen delay wins")
        session.onForeground()
        session.releaseHold()
        session.releaseHold()
        session.holdOpen()
        session.onScreenOff()
        assertEquals(SessionState.Locked, session.state.value, "the screen going off locks even while held")
    }

    @Test
    fun `a new delay applies from the next time the app leaves`() {
        session.open(repository)
        settings.autoLock = AutoLockDelay.Seconds30
        session.onBackground()
        session.onBackground()
        assertEquals(listOf(30_000L), timer.pending.map { it.afterMs }, "one timer for one absence")
        settings.autoLock = AutoLockDelay.Minutes5
        away(31_000)
        session.onForeground()
        assertEquals(SessionState.Locked, session.state.value, "the delay set when the app left counts")
    }

    @Test
    fun `opening another vault closes the one before, and the same one twice changes nothing`() {
        session.open(repository)
        session.open(repository)
        assertFalse(repository.closed)
        val other = TestAccountsRepository(clock)
        session.open(other)
        assertTrue(repository.closed)
        assertSame(other, session.repository)
        assertEquals(0, locks)
        session.onForeground()
        assertFalse(other.closed, "in front without having left: nothing to do")
    }

    @Test
    fun `a locked app ignores the lifecycle`() {
        session.onBackground()
        session.onForeground()
        assertTrue(timer.scheduled.isEmpty())
        assertEquals(0, locks)
    }

    @Test
    fun `the delay names survive storage and their labels read in every language`() {
        assertEquals(AutoLockDelay.Minutes5, AutoLockDelay.named("Minutes5"))
        assertEquals(AutoLockDelay.DEFAULT, AutoLockDelay.named(null))
        assertEquals(AutoLockDelay.Minute1, AutoLockDelay.named("Never"), "an unknown name is the default")
        assertEquals(FirstRunWay.Transfer, FirstRunWay.named("Transfer"))
        assertNull(FirstRunWay.named("nonsense"))
        assertEquals(
            listOf("Immediately", "30 s", "1 min", "5 min", "15 min"),
            AutoLockDelay.entries.map { Catalogs.render(it.label, "en") },
        )
        assertEquals("Meteen", Catalogs.render(AutoLockDelay.Immediately.label, "nl"))
        assertEquals("Immédiatement", Catalogs.render(AutoLockDelay.Immediately.label, "fr"))
    }
}
