package dev.otpkit.app

import android.content.Intent
import android.os.Bundle
import android.view.WindowManager
import androidx.activity.compose.setContent
import androidx.compose.material3.MaterialTheme
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.fragment.app.FragmentActivity

/**
 * The one activity. FLAG_SECURE keeps codes out of screenshots, screen recording and the
 * recents thumbnail. A FragmentActivity because BiometricPrompt needs one.
 */
class MainActivity : FragmentActivity() {
    /** An otpauth:// link the app was opened with, for the add screen. */
    private var openedLink by mutableStateOf<String?>(null)

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        openedLink = intent.linkOrNull()
        val app = application as OtpKitApplication
        setContent {
            MaterialTheme {
                OtpKitNavigation(app, openedLink, onLinkHandled = { openedLink = null })
            }
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        openedLink = intent.linkOrNull()
    }

    private fun Intent.linkOrNull(): String? = if (action == Intent.ACTION_VIEW) dataString else null
}
