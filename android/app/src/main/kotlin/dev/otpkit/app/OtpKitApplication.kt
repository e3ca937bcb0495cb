package dev.otpkit.app

import android.app.Activity
import android.app.Application
import android.os.Bundle
import androidx.fragment.app.FragmentActivity
import dev.otpkit.android.OtpKitModule
import dev.otpkit.presentation.AccountsRepository
import dev.otpkit.presentation.OpenedLinks
import java.lang.ref.WeakReference

/** Holds the Rust module and, once unlocked, the repository. */
class OtpKitApplication : Application() {
    private var resumed = WeakReference<FragmentActivity>(null)

    /** The biometric prompt needs the activity in front; the key store asks for it here. */
    val otpKit by lazy { OtpKitModule(this) { resumed.get() } }

    /** Outlives screens: the clipboard clear runs here. */
    val appScope = kotlinx.coroutines.MainScope()

    val clipboard by lazy { SensitiveClipboard(this, appScope) }

    /** Set by the unlock screen; null while locked. */
    var repository: AccountsRepository? = null

    /** An otpauth link the app was opened with, waiting until the vault is open. */
    val links = OpenedLinks()

    override fun onCreate() {
        super.onCreate()
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
