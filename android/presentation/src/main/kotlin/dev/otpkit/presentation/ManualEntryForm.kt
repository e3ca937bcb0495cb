package dev.otpkit.presentation

import java.net.URLEncoder

/** The HMAC hash, as the manual form offers it. */
enum class HashAlgorithm { Sha1, Sha256, Sha512 }

/**
 * The "enter a setup key" form. The core does the real validation (base32, digits, period) and
 * its message is shown under the form; this only catches the empty fields before the call. The
 * setup key is masked as it is typed unless the user asked to see it ([secretShown]).
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
    /** The setup key is shown in clear (the user tapped "show"); masked by default. */
    val secretShown: Boolean = false,
) {
    /** The form after the show/hide button next to the setup key. */
    fun toggleSecretShown(): ManualEntryForm = copy(secretShown = !secretShown)

    /** What the show/hide button does, for its label (and screen readers). */
    val secretToggleLabel: UiText get() = if (secretShown) HIDE_SECRET else SHOW_SECRET

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

    companion object {
        val SHOW_SECRET: UiText = Texts.addShowSetupKey
        val HIDE_SECRET: UiText = Texts.addHideSetupKey
    }
}
