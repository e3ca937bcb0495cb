package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotEquals
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue

class AppRoutesTest {
    private val clock = TestClock(0)
    private val repository = TestAccountsRepository(clock)
    private val settings = TestSettingsStore()
    private val session = AppSession(settings, clock.read, ManualLockTimer())
    private var vault = false

    private fun routes() = AppRoutes({ vault }, session, settings)

    private val AppRoutes.open: Route.Open get() = state.value as Route.Open

    private fun AppRoutes.screens() = open.stack.map { it.screen }

    /** The unlock screen made the vault and opened it. */
    private fun AppRoutes.created() {
        vault = true
        unlocked(repository)
    }

    @Test
    fun `first run asks for the way in, then the passphrase, then goes to that way's step`() {
        val routes = routes()
        assertEquals(Route.Welcome, routes.state.value)
        routes.choose(FirstRunWay.Restore)
        val unlock = routes.state.value as Route.Unlock
        assertEquals(FirstRunWay.Restore, unlock.way)
        assertFalse(unlock.offerBiometrics, "first run: the passphrase is chosen, nothing to unlock with yet")
        assertEquals(FirstRunWay.Restore, settings.pendingFirstRun, "remembered before the vault exists")
        routes.created()
        assertEquals(listOf(Screen.WaysIn, Screen.Restore), routes.screens())
        assertSame(repository, routes.open.repository)
        assertSame(repository, session.repository)

        routes.firstRunDone()
        assertEquals(listOf(Screen.Codes), routes.screens())
        assertNull(settings.pendingFirstRun, "done: the next unlock goes to the codes")
        assertFalse(routes.back(), "Back on the codes leaves the app")
    }

    @Test
    fun `transfer goes to the scanner and start fresh to the codes`() {
        val routes = routes()
        routes.choose(FirstRunWay.Transfer)
        routes.created()
        assertEquals(listOf(Screen.WaysIn, Screen.TransferIn), routes.screens())

        vault = false
        val fresh = AppRoutes({ vault }, AppSession(TestSettingsStore(), clock.read, ManualLockTimer()), TestSettingsStore())
        fresh.choose(FirstRunWay.Fresh)
        assertEquals(FirstRunWay.Fresh, (fresh.state.value as Route.Unlock).way)
        fresh.created()
        assertEquals(listOf(Screen.Codes), fresh.screens())
    }

    @Test
    fun `Back from a step shows the ways in, where another can be taken`() {
        val routes = routes()
        routes.choose(FirstRunWay.Restore)
        routes.created()
        assertTrue(routes.back())
        assertEquals(listOf(Screen.WaysIn), routes.screens())
        assertFalse(routes.back(), "the ways in are the root: Back leaves the app, the way stays remembered")
        assertEquals(FirstRunWay.Restore, settings.pendingFirstRun)
        routes.choose(FirstRunWay.Transfer)
        assertEquals(listOf(Screen.WaysIn, Screen.TransferIn), routes.screens())
        assertEquals(FirstRunWay.Transfer, settings.pendingFirstRun)
        routes.back()
        routes.choose(FirstRunWay.Fresh)
        assertEquals(listOf(Screen.Codes), routes.screens())
        assertNull(settings.pendingFirstRun)
        routes.choose(FirstRunWay.Restore)
        assertEquals(listOf(Screen.Codes), routes.screens(), "the ways in are for the first run only")
    }

    @Test
    fun `a vault made and left returns to its step at the next unlock`() {
        val first = routes()
        first.choose(FirstRunWay.Restore)
        vault = true // the vault was made, then the app was closed before the restore

        val next = routes()
        val unlock = next.state.value as Route.Unlock
        assertNull(unlock.way)
        assertTrue(unlock.offerBiometrics)
        next.unlocked(repository)
        assertEquals(listOf(Screen.WaysIn, Screen.Restore), next.screens())
    }

    @Test
    fun `a way chosen but no vault made is forgotten`() {
        settings.pendingFirstRun = FirstRunWay.Transfer
        val routes = routes()
        assertEquals(Route.Welcome, routes.state.value)
        assertNull(settings.pendingFirstRun)
    }

    @Test
    fun `Back from the first passphrase goes back to the ways in while no vault exists`() {
        val routes = routes()
        assertFalse(routes.canGoBack())
        routes.choose(FirstRunWay.Transfer)
        assertTrue(routes.canGoBack())
        assertTrue(routes.back())
        assertEquals(Route.Welcome, routes.state.value)
        assertNull(settings.pendingFirstRun)
        assertFalse(routes.back(), "Back on the welcome leaves the app")

        routes.choose(FirstRunWay.Fresh)
        vault = true // made, the biometric offer still on screen
        assertFalse(routes.canGoBack())
        assertFalse(routes.back(), "once the vault exists there is no way back to the welcome")
        assertTrue(routes.state.value is Route.Unlock)
    }

    @Test
    fun `the codes open add, backup and settings, the settings open their own screens, and Back goes down`() {
        vault = true
        val routes = routes()
        routes.unlocked(repository)
        assertEquals(listOf(Screen.Codes), routes.screens())
        routes.open(Screen.ChangePassphrase)
        assertEquals(listOf(Screen.Codes), routes.screens(), "not from the codes")
        routes.open(Screen.Settings)
        routes.open(Screen.Settings)
        assertEquals(listOf(Screen.Codes, Screen.Settings), routes.screens(), "the top one is not opened twice")
        routes.open(Screen.Add)
        assertEquals(listOf(Screen.Codes, Screen.Settings), routes.screens(), "add is opened from the codes")
        routes.open(Screen.TransferOut)
        assertEquals(listOf(Screen.Codes, Screen.Settings, Screen.TransferOut), routes.screens())
        assertTrue(routes.canGoBack())
        assertTrue(routes.back())
        routes.open(Screen.Backup)
        assertEquals(Screen.Backup, routes.open.screen)
        assertEquals(Screen.Codes, routes.open.root)
        assertTrue(routes.back())
        routes.open(Screen.ChangePassphrase)
        assertTrue(routes.back())
        assertTrue(routes.back())
        assertEquals(listOf(Screen.Codes), routes.screens())
        routes.open(Screen.Add)
        assertTrue(routes.back())
        routes.open(Screen.Backup)
        assertTrue(routes.back())
        assertFalse(routes.back())
    }

    @Test
    fun `each visit of a screen has its own key`() {
        vault = true
        val routes = routes()
        routes.unlocked(repository)
        routes.open(Screen.Add)
        val first = routes.open.key
        routes.back()
        routes.open(Screen.Add)
        assertNotEquals(first, routes.open.key, "a fresh add screen each time")
        assertEquals(routes.open.stack.map { it.key }.toSet().size, 2)
    }

    @Test
    fun `locking hides everything behind a fresh unlock screen`() {
        vault = true
        val routes = routes()
        val firstUnlock = (routes.state.value as Route.Unlock).key
        routes.unlocked(repository)
        routes.open(Screen.Settings)
        routes.lock()
        val unlock = routes.state.value as Route.Unlock
        assertNotEquals(firstUnlock, unlock.key, "a new unlock view model")
        assertTrue(repository.closed)
        assertFalse(routes.back())

        settings.biometricUnlock = false
        session.open(TestAccountsRepository(clock))
        session.onScreenOff()
        assertFalse((routes.state.value as Route.Unlock).offerBiometrics, "biometrics turned off: not offered")
    }

    @Test
    fun `a waiting link opens the add screen over the codes, and waits while locked or during the first run`() {
        vault = true
        val routes = routes()
        assertFalse(routes.linkOpened(), "locked: the link waits")
        routes.unlocked(repository)
        assertTrue(routes.linkOpened())
        assertEquals(listOf(Screen.Codes, Screen.Add), routes.screens())
        assertTrue(routes.linkOpened())
        assertEquals(listOf(Screen.Codes, Screen.Add), routes.screens(), "already there")
        routes.back()
        routes.open(Screen.Settings)
        routes.open(Screen.TransferOut)
        assertTrue(routes.linkOpened())
        assertEquals(listOf(Screen.Codes, Screen.Add), routes.screens(), "from any screen over the codes")

        vault = false
        val first = AppRoutes({ vault }, AppSession(TestSettingsStore(), clock.read, ManualLockTimer()), TestSettingsStore())
        assertFalse(first.linkOpened())
        first.choose(FirstRunWay.Restore)
        assertFalse(first.linkOpened())
        first.created()
        assertFalse(first.linkOpened(), "the restore comes first")
        assertEquals(listOf(Screen.WaysIn, Screen.Restore), first.screens())
        first.firstRunDone()
        assertTrue(first.linkOpened())
    }
}
