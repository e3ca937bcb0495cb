package dev.otpkit.presentation

/**
 * A user-facing text: a key of the app's string resources and the values its placeholders
 * take. The view models hand these to the screens, which look the template up in the user's
 * language and [render] it; so every word is in the resources (tools/strings, generated) and
 * every sentence a view model makes is tested here by key and values. [Texts] has one typed
 * constructor per key.
 */
data class UiText(val key: String, val args: Map<String, UiArg> = emptyMap()) {
    /**
     * The text in one language: [template] gives the resource for a key (null when missing, then
     * the key shows, a bug the tests catch). `{name}` placeholders are filled; one without a
     * value stays as written.
     */
    fun render(template: (String) -> String?): String {
        val raw = template(key) ?: return key
        return PLACEHOLDER.replace(raw) { match ->
            when (val arg = args[match.groupValues[1]]) {
                null -> match.value
                is UiArg.Plain -> arg.text
                is UiArg.Number -> arg.value.toString()
                is UiArg.Text -> arg.text.render(template)
            }
        }
    }

    private companion object {
        val PLACEHOLDER = Regex("""\{([a-z][a-z0-9_]*)\}""")
    }
}

/** A placeholder's value: shown as it is, a number, or another text in the same language. */
sealed interface UiArg {
    data class Plain(val text: String) : UiArg

    data class Number(val value: Long) : UiArg

    data class Text(val text: UiText) : UiArg
}
