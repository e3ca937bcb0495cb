package dev.otpkit.presentation

/**
 * The app's few preferences, outside the vault (they are read while it is locked). Implemented
 * by SharedPreferences in the app, by a fake in tests. None of them is a secret.
 */
interface SettingsStore {
    /** How long the app may stay in the background before the vault locks. */
    var autoLock: AutoLockDelay

    /**
     * Whether the user wants biometric unlock: false once they turned it off in the settings, so
     * the unlock screen neither offers it nor asks to turn it back on.
     */
    var biometricUnlock: Boolean

    /**
     * The way in chosen on first run (restore or transfer) until its step is done: a vault
     * created and then left (the app closed, the phone restarted) goes back to that step at the
     * next unlock instead of an unexplained empty list.
     */
    var pendingFirstRun: FirstRunWay?
}

/** How long after the app leaves the screen the vault locks. The screen turning off locks at once. */
enum class AutoLockDelay(val ms: Long) {
    Immediately(0),
    Seconds30(30_000),
    Minute1(60_000),
    Minutes5(300_000),
    Minutes15(900_000),
    ;

    /** "Immediately", "30 s", "1 min", in the user's language. */
    val label: UiText get() = if (this == Immediately) Texts.autoLockImmediately else DriftBanner.duration(ms)

    companion object {
        /** Long enough to copy a code into another app and come back, short enough for a lost phone. */
        val DEFAULT = Minute1

        /** A stored name back to its delay; an unknown or missing one is the default. */
        fun named(name: String?): AutoLockDelay = entries.firstOrNull { it.name == name } ?: DEFAULT
    }
}

/** The three ways into the app on a new phone. */
enum class FirstRunWay {
    /** A backup file exported on the old phone (OtpKit's, or another app's export). */
    Restore,

    /** The QR codes the old phone shows (Google Authenticator's export format). */
    Transfer,

    /** No accounts yet. */
    Fresh,
    ;

    companion object {
        fun named(name: String?): FirstRunWay? = entries.firstOrNull { it.name == name }
    }
}

/**
 * A [SettingsStore] over a platform's string preferences (SharedPreferences, UserDefaults):
 * [read] a key's value (null when unset), [write] one (null removes it).
 */
class KeyValueSettingsStore(
    private val read: (String) -> String?,
    private val write: (String, String?) -> Unit,
) : SettingsStore {
    override var autoLock: AutoLockDelay
        get() = AutoLockDelay.named(read(AUTO_LOCK))
        set(value) = write(AUTO_LOCK, value.name)

    override var biometricUnlock: Boolean
        get() = read(BIOMETRIC_UNLOCK) != "off"
        set(value) = write(BIOMETRIC_UNLOCK, if (value) "on" else "off")

    override var pendingFirstRun: FirstRunWay?
        get() = FirstRunWay.named(read(PENDING_FIRST_RUN))
        set(value) = write(PENDING_FIRST_RUN, value?.name)

    companion object {
        const val AUTO_LOCK = "auto_lock"
        const val BIOMETRIC_UNLOCK = "biometric_unlock"
        const val PENDING_FIRST_RUN = "pending_first_run"
    }
}
