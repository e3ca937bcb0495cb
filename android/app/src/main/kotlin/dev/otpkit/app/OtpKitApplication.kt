package dev.otpkit.app

import android.app.Activity
import android.app.Application
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.IntentFilter
import android.os.Bundle
import android.os.SystemClock
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.LifecycleEventObserver
import androidx.lifecycle.ProcessLifecycleOwner
import androidx.lifecycle.ViewModelStore
import androidx.lifecycle.ViewModelStoreOwner
import dev.otpkit.android.OtpKitModule
import dev.otpkit.presentation.AppRoutes
import dev.otpkit.presentation.AppSession
import dev.otpkit.presentation.CoroutineLockTimer
import dev.otpkit.presentation.KeyValueSettingsStore
import dev.otpkit.presentation.OpenedLinks
import java.lang.ref.WeakReference

/** Holds the Rust module, the session (the open vault and its auto-lock) and the routes. */
class OtpKitApplication : Application() {
    private var resumed = WeakReference<FragmentActivity>(null)

    /** The biometric prompt needs the activity in front; the key store asks for it here. */
    val otpKit by lazy { OtpKitModule(this) { resumed.get() } }

    /** Outlives screens: the clipboard clear and the auto-lock timer run here. */
    val appScope = kotlinx.coroutines.MainScope()

    val clipboard by lazy { SensitiveClipboard(this, appScope) }

    val settings by lazy {
        val prefs = getSharedPreferences("settings", Context.MODE_PRIVATE)
        KeyValueSettingsStore({ prefs.getString(it, null) }) { key, value -> prefs.edit().putString(key, value).apply() }
    }

    val session by lazy { AppSession(settings, SystemClock::elapsedRealtime, CoroutineLockTimer(appScope)) }

    val routes by lazy { AppRoutes({ otpKit.vaultExists }, session, settings) }

    /** The screen models of the open vault, dropped (their work cancelled) when it locks. */
    val openModels = Models()

    /** The unlock screen's model, dropped once the vault is open. */
    val unlockModels = Models()

    /** An otpauth link the app was opened with, waiting until the vault is open. */
    val links = OpenedLinks()

    class Models : ViewModelStoreOwner {
        override val viewModelStore = ViewModelStore()
    }

    override fun onCreate() {
        super.onCreate()
        session.onLocked { openModels.viewModelStore.clear() }
        ProcessLifecycleOwner.get().lifecycle.addObserver(LifecycleEventObserver { _, event ->
            if (event == Lifecycle.Event.ON_STOP) session.onBackground()
            if (event == Lifecycle.Event.ON_START) session.onForeground()
        })
        val screenOff = object : BroadcastReceiver() {
            override fun onReceive(context: Context, intent: Intent) = session.onScreenOff()
        }
        ContextCompat.registerReceiver(this, screenOff, IntentFilter(Intent.ACTION_SCREEN_OFF), ContextCompat.RECEIVER_NOT_EXPORTED)
        registerActivityLifecycleCallbacks(object : ActivityLifecycleCallbacks {
            override fun onActivityResumed(activity: Activity) {
                resumed = WeakReference(activity as? FragmentActivity)
            }
            override fun onActivityPaused(activity: Activity) {}
            override fun onActivityCreated(activity: Activity, state: Bundle?) {}
            override fun onActivityStarted(activity: Activity) {}
            override fun onActivityStopped(activity: Activity) {}
            override fun onActivitySaveInstanceState(activity: Activity, state: Bundle) {}
            override fun onActivityDestroyed(activity: Activity) {}
        })
    }
}
