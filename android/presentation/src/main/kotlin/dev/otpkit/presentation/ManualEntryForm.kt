package dev.otpkit.presentation

import java.net.URLEncoder

/** The HMAC hash, as the manual form offers it. */
enum class HashAlgorithm { Sha1, Sha256, Sha512 }

/**
 * The "enter a setup key" form. The core does the real validation (base32, digits, period) and
 * its message is shown under the form; this only catches the empty fields before the call.
 */
data class ManualEntryForm(
    val issuer: String = "",
    val label: String = "",
    val secret: String = "",
    val type: OtpType = OtpType.Totp,
    val algorithm: HashAlgorithm = HashAlgorithm.Sha1,
    val digits: Int = 6,
    val periodSeconds: Int = 30,
    val counter: Long = 0,
) {
    /** The first problem with the fields, or null. */
    fun problem(): UiText? = when {
        label.isBlank() && issuer.isBlank() -> Texts.manualNameMissing
        secret.isBlank() -> Texts.manualKeyMissing
        else -> null
    }

    /**
     * The form as an `otpauth://` URI, which the vault adds like a scanned one. The secret is
     * passed through as typed (the core tolerates spaces and lowercase and reports them).
     */
    fun toUri(): String {
        val name = listOf(issuer.trim(), label.trim()).filter { it.isNotEmpty() }.joinToString(":") { encode(it) }
        val host = when (type) {
            OtpType.Totp -> "totp"
            OtpType.Hotp -> "hotp"
            OtpType.Steam -> "steam"
        }
        val alg = when (algorithm) {
            HashAlgorithm.Sha1 -> "SHA1"
            HashAlgorithm.Sha256 -> "SHA256"
            HashAlgorithm.Sha512 -> "SHA512"
        }
        val params = buildList {
            add("secret=" + encode(secret.trim()))
            if (issuer.isNotBlank()) add("issuer=" + encode(issuer.trim()))
            if (type != OtpType.Steam) {
                add("algorithm=$alg")
                add("digits=$digits")
            }
            when (type) {
                OtpType.Totp, OtpType.Steam -> add("period=$periodSeconds")
                OtpType.Hotp -> add("counter=$counter")
            }
        }
        return "otpauth://$host/$name?${params.joinToString("&")}"
    }

    override fun toString(): String =
        "ManualEntryForm(issuer=$issuer, label=$label, secret=<redacted>, type=$type, digits=$digits)"

    // The String overload: the Charset one needs Android 13.
    private fun encode(text: String): String =
        URLEncoder.encode(text, "UTF-8").replace("+", "%20")
}
