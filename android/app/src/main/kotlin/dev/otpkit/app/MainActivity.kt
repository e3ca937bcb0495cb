package dev.otpkit.app

import android.content.Intent
import android.os.Bundle
import android.view.WindowManager
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.compose.material3.MaterialTheme
import androidx.fragment.app.FragmentActivity

/**
 * The one activity. FLAG_SECURE keeps codes out of screenshots, screen recording and the
 * recents thumbnail. A FragmentActivity because BiometricPrompt needs one. Edge to edge (target
 * SDK 36 draws so anyway): each screen keeps clear of the system bars and the keyboard itself.
 */
class MainActivity : FragmentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        val app = application as OtpKitApplication
        // A re-created activity (after a rotation) was handed its link the first time.
        if (savedInstanceState == null) app.links.receive(intent.linkOrNull())
        setContent {
            MaterialTheme {
                OtpKitNavigation(app)
            }
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        (application as OtpKitApplication).links.receive(intent.linkOrNull())
    }

    /** An otpauth link, unless the app was reopened from Recents with the intent it was first opened by. */
    private fun Intent.linkOrNull(): String? =
        if (action == Intent.ACTION_VIEW && (flags and Intent.FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY) == 0) dataString else null
}
