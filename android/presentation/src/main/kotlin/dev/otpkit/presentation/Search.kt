package dev.otpkit.presentation

import java.text.Normalizer
import java.util.Locale

/**
 * The search box: every word of the query must appear in the issuer, label, group or note,
 * ignoring case and accents ("gith" finds GitHub, "zurich" finds Zürich Bank).
 */
object AccountSearch {
    fun matches(account: Account, query: String): Boolean {
        val words = fold(query).split(Regex("\\s+")).filter { it.isNotEmpty() }
        if (words.isEmpty()) return true
        val haystack = listOfNotNull(account.issuer, account.label, account.group, account.note)
            .joinToString(" ") { fold(it) }
        return words.all { haystack.contains(it) }
    }

    fun filter(accounts: List<Account>, query: String): List<Account> =
        accounts.filter { matches(it, query) }

    private fun fold(text: String): String =
        Normalizer.normalize(text, Normalizer.Form.NFD)
            .replace(Regex("\\p{Mn}+"), "")
            .lowercase(Locale.ROOT)
}
