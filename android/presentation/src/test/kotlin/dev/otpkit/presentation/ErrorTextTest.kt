package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

class ErrorTextTest {
    @Test
    fun `a reason's text takes its details, with fields, formats and slots in the user's words`() {
        val text = ErrorText.of("name_too_long", length = 80, limit = 64, field = "issuer", format = "TWO_FAS", slot = "PLATFORM")
        assertEquals("error_name_too_long", text.key)
        assertEquals(UiArg.Number(80), text.args["length"])
        assertEquals(UiArg.Number(64), text.args["limit"])
        assertEquals(UiArg.Text(UiText("field_issuer")), text.args["field"])
        assertEquals(UiArg.Text(UiText("format_two_fas")), text.args["format"])
        assertEquals(UiArg.Text(UiText("slot_platform")), text.args["slot"])
        assertEquals(
            UiArg.Text(UiText("field_parameter_name")),
            ErrorText.of("bad_percent_encoding", field = "parameter name").args["field"],
            "a field name with a space",
        )
        assertEquals(UiArg.Plain("atUnixSeconds"), ErrorText.of("invalid_argument", field = "atUnixSeconds").args["field"], "no word: as it is")
        assertEquals(emptyMap(), ErrorText.of("secret_empty").args)
        val found = ErrorText.of("steam_algorithm", found = "SHA256", server = "pool.ntp.org", position = 3, value = -1)
        assertEquals(
            mapOf(
                "found" to UiArg.Plain("SHA256"),
                "server" to UiArg.Plain("pool.ntp.org"),
                "position" to UiArg.Number(3),
                "value" to UiArg.Number(-1),
            ),
            found.args,
        )
    }

    @Test
    fun `error texts read in every language`() {
        val text = ErrorText.of("name_too_long", field = "issuer", length = 80, limit = 64)
        for (lang in Catalogs.languages) {
            val rendered = Catalogs.render(text, lang)
            assertTrue('{' !in rendered && "error_" !in rendered && "field_" !in rendered, "$lang: $rendered")
        }
    }
}
