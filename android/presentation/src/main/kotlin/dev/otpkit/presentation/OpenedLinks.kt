package dev.otpkit.presentation

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.getAndUpdate

/**
 * The `otpauth://` (or `otpauth-migration://`) link the app was opened with, on its way to the
 * add screen. The system may hand it over while the vault is locked: it waits here, and once the
 * vault is open the code list takes it ([take]) and opens the add screen with it, once. A newer
 * link replaces one still waiting; a link of any other scheme is ignored.
 */
class OpenedLinks {
    private val _waiting = MutableStateFlow<String?>(null)

    /** The link waiting for the add screen, if any: the unlocked screens watch it. */
    val waiting: StateFlow<String?> = _waiting.asStateFlow()

    /** A link from the system (null: none); true when it was kept. */
    fun receive(link: String?): Boolean {
        val text = link?.trim() ?: return false
        if (!isAuthenticatorLink(text)) return false
        _waiting.value = text
        return true
    }

    /**
     * The waiting link, handed over once (null when none waits). Only the unlocked screens call
     * it: while the vault is locked the link keeps waiting.
     */
    fun take(): String? = _waiting.getAndUpdate { null }

    companion object {
        /** The schemes of the links the app registers for. */
        val SCHEMES = setOf("otpauth", "otpauth-migration")

        fun isAuthenticatorLink(text: String): Boolean {
            val scheme = text.substringBefore("://", missingDelimiterValue = "")
            return scheme.lowercase() in SCHEMES && text.length > scheme.length + 3
        }
    }
}
