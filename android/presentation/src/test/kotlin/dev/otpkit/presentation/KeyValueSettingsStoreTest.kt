package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

class KeyValueSettingsStoreTest {
    @Test
    fun `the preferences go to string keys and come back, unset ones as the defaults`() {
        val stored = mutableMapOf<String, String>()
        val store = KeyValueSettingsStore(stored::get) { key, value -> if (value == null) stored.remove(key) else stored[key] = value }
        assertEquals(AutoLockDelay.DEFAULT, store.autoLock)
        assertTrue(store.biometricUnlock, "biometric unlock is wanted until turned off")
        assertNull(store.pendingFirstRun)
        store.autoLock = AutoLockDelay.Minutes15
        store.biometricUnlock = false
        store.pendingFirstRun = FirstRunWay.Restore
        assertEquals(mapOf("auto_lock" to "Minutes15", "biometric_unlock" to "off", "pending_first_run" to "Restore"), stored)
        val again = KeyValueSettingsStore(stored::get) { _, _ -> }
        assertEquals(AutoLockDelay.Minutes15, again.autoLock)
        assertFalse(again.biometricUnlock)
        assertEquals(FirstRunWay.Restore, again.pendingFirstRun)
        store.pendingFirstRun = null
        assertFalse("pending_first_run" in stored)
    }
}
