package dev.otpkit.presentation

import java.io.File
import javax.xml.parsers.DocumentBuilderFactory
import org.w3c.dom.Element

/**
 * The app's string resources (android/app/src/main/res, generated from tools/strings), read as
 * Android reads them, so tests can render a [UiText] in each language the app ships.
 */
object Catalogs {
    val languages = listOf("en", "nl", "fr")

    private val byLanguage: Map<String, Map<String, String>> by lazy {
        val res = repoRoot().resolve("android/app/src/main/res")
        languages.associateWith { lang ->
            load(res.resolve(if (lang == "en") "values/strings.xml" else "values-$lang/strings.xml"))
        }
    }

    fun strings(language: String): Map<String, String> = byLanguage.getValue(language)

    fun render(text: UiText, language: String): String = text.render(strings(language)::get)

    private fun load(file: File): Map<String, String> {
        val doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file)
        val nodes = doc.getElementsByTagName("string")
        return (0 until nodes.length).associate { i ->
            val element = nodes.item(i) as Element
            element.getAttribute("name") to unescape(element.textContent)
        }
    }

    /** aapt2's escapes, undone as the resource compiler does. */
    private fun unescape(text: String): String = buildString {
        var i = 0
        while (i < text.length) {
            val c = text[i]
            if (c == '\\' && i + 1 < text.length) {
                append(if (text[i + 1] == 'n') '\n' else text[i + 1])
                i += 2
            } else {
                append(c)
                i++
            }
        }
    }

    /** The repository: the first folder up from here that holds tools/strings. */
    private fun repoRoot(): File {
        var dir: File? = File("").absoluteFile
        while (dir != null && !dir.resolve("tools/strings").isDirectory) dir = dir.parentFile
        return dir ?: error("tests must run inside the repository (no tools/strings above ${File("").absolutePath})")
    }
}
