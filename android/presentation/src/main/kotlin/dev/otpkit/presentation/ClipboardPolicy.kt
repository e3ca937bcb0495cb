package dev.otpkit.presentation

/**
 * A copied code is a credential: the clipboard entry is marked sensitive (kept out of previews
 * and clipboard history) and cleared 30 s later, unless the user copied something else since.
 */
object ClipboardPolicy {
    /** How long a copied code stays on the clipboard. */
    const val CLEAR_AFTER_MS: Long = 30_000

    /** The label the app puts on its clip, so it can tell its own clip from the user's. */
    const val CLIP_LABEL: String = "OtpKit one-time code"

    fun copy(code: String, nowMs: Long): ClipboardCopy =
        ClipboardCopy(text = code.filterNot { it == ' ' }, copiedAtMs = nowMs, clearAtMs = nowMs + CLEAR_AFTER_MS)

    /** Whether to clear now: the delay has passed and the clip on the clipboard is still ours. */
    fun shouldClear(copy: ClipboardCopy, nowMs: Long, clipIsStillOurs: Boolean): Boolean =
        clipIsStillOurs && nowMs >= copy.clearAtMs

    /** How long to wait before checking again (0: clear now). */
    fun delayUntilClear(copy: ClipboardCopy, nowMs: Long): Long = (copy.clearAtMs - nowMs).coerceAtLeast(0)

    /** The confirmation the app shows after a copy (when it shows one, see [showsOwnConfirmation]). */
    val COPIED: UiText = Texts.codesCopied

    /**
     * Whether the app confirms a copy itself on Android [sdkInt]: only up to Android 12L (API 32).
     * From Android 13 the system shows its own confirmation of every copy, and a second one from
     * the app would be a duplicate (Android's copy-and-paste guide says so).
     */
    fun showsOwnConfirmation(sdkInt: Int): Boolean = sdkInt <= 32
}

/** A code put on the clipboard: the digits only, sensitive, to clear at [clearAtMs]. */
data class ClipboardCopy(val text: String, val copiedAtMs: Long, val clearAtMs: Long) {
    val sensitive: Boolean get() = true

    override fun toString(): String = "ClipboardCopy(<redacted>, copiedAtMs=$copiedAtMs, clearAtMs=$clearAtMs)"
}
