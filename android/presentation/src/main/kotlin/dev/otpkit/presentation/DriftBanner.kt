package dev.otpkit.presentation

import kotlin.math.abs

/** The banner above the code list when the device clock is off enough to break codes. */
data class DriftBanner(
    val severity: Severity,
    /** "Your phone's clock is 47 s fast", in the user's language. */
    val title: UiText,
    /** How bad it is and what to do. */
    val message: UiText,
    /** The button that opens the system date settings. */
    val actionLabel: UiText,
) {
    enum class Severity { Warning, Error }

    companion object {
        /** No banner when the clock is fine or its state is unknown (offline is not an alarm). */
        fun from(report: DriftReport): DriftBanner? {
            val (severity, message) = when (report.status) {
                DriftStatus.Ok, DriftStatus.Unknown -> return null
                DriftStatus.Warn -> Severity.Warning to Texts.driftSomeRejected
                DriftStatus.Bad -> Severity.Error to Texts.driftAllRejected
            }
            val offset = report.offsetMs ?: return null
            return DriftBanner(severity, title(offset), message, Texts.driftActionAndroid)
        }

        /** [offsetMs] is what to add to the device clock: negative means the phone is fast. */
        fun title(offsetMs: Long): UiText =
            if (offsetMs < 0) Texts.driftFast(duration(abs(offsetMs))) else Texts.driftSlow(duration(offsetMs))

        /**
         * "47 s", "1 min 5 s", "3 h 2 min", "2 d 5 h": the two largest units, rounded to the
         * second. Unit symbols, so no plural forms in any language.
         */
        fun duration(ms: Long): UiText {
            val total = (ms + 500) / 1000
            val days = total / 86_400
            val hours = (total % 86_400) / 3600
            val minutes = (total % 3600) / 60
            val seconds = total % 60
            return when {
                days > 0 -> if (hours > 0) Texts.durationDH(days, hours) else Texts.durationD(days)
                hours > 0 -> if (minutes > 0) Texts.durationHMin(hours, minutes) else Texts.durationH(hours)
                minutes > 0 -> if (seconds > 0) Texts.durationMinS(minutes, seconds) else Texts.durationMin(minutes)
                else -> Texts.durationS(seconds)
            }
        }

        /** The report's own words for a check the user asked for and that raised no banner. */
        fun checkedText(report: DriftReport): UiText =
            if (report.status == DriftStatus.Ok) Texts.driftClockFine else Texts.driftUnknown
    }
}
