package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

class UiTextTest {
    @Test
    fun `render fills numbers, plain values and nested texts, and leaves the rest`() {
        val templates = mapOf("outer" to "{what} is {n} {inner} {missing}", "inner" to "<{x}>")
        val text = UiText(
            "outer",
            mapOf(
                "what" to UiArg.Plain("it"),
                "n" to UiArg.Number(-12),
                "inner" to UiArg.Text(UiText("inner", mapOf("x" to UiArg.Plain("{n}")))),
            ),
        )
        assertEquals("it is -12 <{n}> {missing}", text.render(templates::get))
        assertEquals("nowhere", UiText("nowhere").render(templates::get), "a missing key shows as itself")
    }

    @Test
    fun `every key is in every language's resources, and nothing else is`() {
        for (lang in Catalogs.languages) {
            val keys = Catalogs.strings(lang).keys - "app_name"
            assertEquals(Texts.keys, keys, "values-$lang/strings.xml against Texts.keys")
        }
    }

    @Test
    fun `the drift banner says how far off the clock is, in each language`() {
        val fast = DriftBanner.from(DriftReport(DriftStatus.Bad, "core's English", -47_200, true))!!
        assertEquals("Your phone's clock is 47 s fast", Catalogs.render(fast.title, "en"))
        assertEquals("De klok van je telefoon loopt 47 s voor", Catalogs.render(fast.title, "nl"))
        assertEquals("L'horloge de votre téléphone avance de 47 s", Catalogs.render(fast.title, "fr"))
        assertEquals("Les codes seront refusés. Activez la date et l'heure automatiques.", Catalogs.render(fast.message, "fr"))
        val slow = DriftBanner.title(3 * 3_600_000L + 121_000)
        assertEquals("De klok van je telefoon loopt 3 u 2 min achter", Catalogs.render(slow, "nl"))
        assertEquals("L'horloge de votre téléphone retarde de 2 j 5 h", Catalogs.render(DriftBanner.title((2 * 24 + 5) * 3_600_000L), "fr"))
        for (lang in Catalogs.languages) {
            val rendered = Catalogs.render(DriftBanner.from(DriftReport(DriftStatus.Warn, "", 65_000, true))!!.message, lang)
            assertTrue('{' !in rendered && rendered.isNotBlank(), "$lang: $rendered")
        }
    }
}
