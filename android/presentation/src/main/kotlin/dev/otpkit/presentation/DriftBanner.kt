package dev.otpkit.presentation

import kotlin.math.abs

/** The banner above the code list when the device clock is off enough to break codes. */
data class DriftBanner(
    val severity: Severity,
    /** e.g. "Your phone's clock is 47 seconds fast". */
    val title: String,
    /** The core's sentence: how bad it is and what to do. */
    val message: String,
    /** The button that opens the system date settings. */
    val actionLabel: String,
) {
    enum class Severity { Warning, Error }

    companion object {
        const val ACTION_LABEL = "Open date & time settings"

        /** No banner when the clock is fine or its state is unknown (offline is not an alarm). */
        fun from(report: DriftReport): DriftBanner? {
            val severity = when (report.status) {
                DriftStatus.Ok, DriftStatus.Unknown -> return null
                DriftStatus.Warn -> Severity.Warning
                DriftStatus.Bad -> Severity.Error
            }
            val offset = report.offsetMs ?: return null
            return DriftBanner(severity, title(offset), report.message, ACTION_LABEL)
        }

        /** [offsetMs] is what to add to the device clock: negative means the phone is fast. */
        fun title(offsetMs: Long): String {
            val direction = if (offsetMs < 0) "fast" else "slow"
            return "Your phone's clock is ${duration(abs(offsetMs))} $direction"
        }

        /** "47 seconds", "1 minute 5 seconds", "3 hours 2 minutes", rounded to the second. */
        fun duration(ms: Long): String {
            val totalSeconds = (ms + 500) / 1000
            val hours = totalSeconds / 3600
            val minutes = (totalSeconds % 3600) / 60
            val seconds = totalSeconds % 60
            val parts = when {
                hours > 0 -> listOf(plural(hours, "hour"), plural(minutes, "minute").takeIf { minutes > 0 })
                minutes > 0 -> listOf(plural(minutes, "minute"), plural(seconds, "second").takeIf { seconds > 0 })
                else -> listOf(plural(seconds, "second"))
            }
            return parts.filterNotNull().joinToString(" ")
        }
    }
}

internal fun plural(n: Long, unit: String): String = if (n == 1L) "1 $unit" else "$n ${unit}s"
