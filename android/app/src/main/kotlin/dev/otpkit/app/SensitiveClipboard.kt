package dev.otpkit.app

import android.content.ClipData
import android.content.ClipDescription
import android.content.ClipboardManager
import android.content.Context
import android.os.PersistableBundle
import dev.otpkit.presentation.ClipboardCopy
import dev.otpkit.presentation.ClipboardPolicy
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch

/**
 * Puts a code on the clipboard marked sensitive (kept out of the keyboard's clipboard history and
 * the "copied" preview), and clears it after [ClipboardPolicy.CLEAR_AFTER_MS] unless the user
 * copied something else since. Pass a process-wide scope (the clear must outlive the screen).
 * The policy itself is tested in android/presentation.
 */
class SensitiveClipboard(context: Context, private val scope: CoroutineScope) {
    private val clipboard = context.getSystemService(ClipboardManager::class.java)
    private var clearing: Job? = null

    fun copy(copy: ClipboardCopy) {
        val clip = ClipData.newPlainText(ClipboardPolicy.CLIP_LABEL, copy.text)
        clip.description.extras = PersistableBundle().apply {
            putBoolean(ClipDescription.EXTRA_IS_SENSITIVE, true)
        }
        clipboard.setPrimaryClip(clip)
        val copiedAt = clipboard.primaryClipDescription?.timestamp
        clearing?.cancel()
        clearing = scope.launch {
            delay(ClipboardPolicy.delayUntilClear(copy, System.currentTimeMillis()))
            // A background app may not see the clip (null): clear then too, since a code left
            // on the clipboard is the worse outcome.
            val current = clipboard.primaryClipDescription
            val stillOurs = current == null || (current.label == ClipboardPolicy.CLIP_LABEL && current.timestamp == copiedAt)
            if (ClipboardPolicy.shouldClear(copy, System.currentTimeMillis(), stillOurs)) clipboard.clearPrimaryClip()
        }
    }
}
