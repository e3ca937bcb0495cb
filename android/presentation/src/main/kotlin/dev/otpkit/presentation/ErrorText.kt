package dev.otpkit.presentation

/**
 * The user's text for an FFI error reason: key `error_<reason>` (tools/strings/errors.toml), its
 * placeholders filled from the error's details. The bridge passes the reason's name in snake
 * case; a `{field}`, `{format}` or `{slot}` is a translated word when the resources have one
 * (`field_issuer`, `format_aegis`, `slot_platform`), else shown as it is.
 */
object ErrorText {
    fun of(
        reason: String,
        position: Long? = null,
        value: Long? = null,
        length: Long? = null,
        limit: Long? = null,
        field: String? = null,
        found: String? = null,
        server: String? = null,
        format: String? = null,
        slot: String? = null,
    ): UiText {
        val args = buildMap {
            position?.let { put("position", UiArg.Number(it)) }
            value?.let { put("value", UiArg.Number(it)) }
            length?.let { put("length", UiArg.Number(it)) }
            limit?.let { put("limit", UiArg.Number(it)) }
            field?.let { put("field", word("field_", it)) }
            found?.let { put("found", UiArg.Plain(it)) }
            server?.let { put("server", UiArg.Plain(it)) }
            format?.let { put("format", word("format_", it)) }
            slot?.let { put("slot", word("slot_", it)) }
        }
        return UiText("error_$reason", args)
    }

    private fun word(prefix: String, value: String): UiArg {
        // Field names may hold a space ("parameter name"); keys are snake case.
        val key = prefix + value.lowercase().replace(' ', '_')
        return if (key in Texts.keys) UiArg.Text(UiText(key)) else UiArg.Plain(value)
    }
}
