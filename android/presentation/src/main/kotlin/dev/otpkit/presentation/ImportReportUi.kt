package dev.otpkit.presentation

/** An add's or import's outcome as the result sheet shows it. */
data class ImportReportUi(
    /** "Accounts added: 3", "Already in your accounts", "Nothing was added". */
    val title: UiText,
    /** One line per entry that was not simply added. */
    val lines: List<UiText>,
    val addedCount: Int,
    val isError: Boolean,
) {
    companion object {
        fun from(result: ImportResult): ImportReportUi {
            val added = result.added.size
            val title = when {
                added > 0 -> Texts.reportAdded(added.toLong())
                result.duplicates.isNotEmpty() && result.rejected.isEmpty() ->
                    if (result.duplicates.size == 1) Texts.reportAlreadyOne else Texts.reportAlreadyAll
                else -> Texts.reportNothingAdded
            }
            val lines = result.duplicates.map { Texts.reportLineDuplicate(it) } +
                result.rejected.map(NoteText::of) +
                result.normalised.map(NoteText::of)
            return ImportReportUi(title, lines, added, isError = added == 0 && result.rejected.isNotEmpty())
        }
    }
}

/** The words of an import's notes and of a preview's warnings. */
object NoteText {
    /**
     * "GitHub: ada: <reason>". The entry's name is shown as the source wrote it; the reason is
     * core's English: the FFI gives a rejection no kind to translate by.
     */
    fun of(note: ImportNote): UiText = Texts.reportLine(note.name, note.message)

    /** "GitHub: ada: <warning>", the warning worded as a preview's. */
    fun of(note: NormalisedNote): UiText = Texts.reportLineWarning(note.name, of(note.warning))

    /** A parser warning by its kind (`uri_warning_<kind>`); core's English for a kind newer than the app. */
    fun of(warning: UriWarning): UiText {
        val key = WARNING_PREFIX + warning.kind
        return if (key in Texts.keys) UiText(key) else Texts.coreMessage(warning.message)
    }

    private const val WARNING_PREFIX = "uri_warning_"
}
