package dev.otpkit.presentation

/** Codes shown in groups, as authenticators do: "123 456", "1234 5678", "12345" (Steam, 5). */
object CodeFormat {
    fun grouped(code: String): String = when (code.length) {
        6 -> "${code.substring(0, 3)} ${code.substring(3)}"
        7 -> "${code.substring(0, 3)} ${code.substring(3)}"
        8 -> "${code.substring(0, 4)} ${code.substring(4)}"
        else -> code
    }
}
