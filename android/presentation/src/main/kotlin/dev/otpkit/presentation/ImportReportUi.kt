package dev.otpkit.presentation

/** An add's or import's outcome as the result sheet shows it. */
data class ImportReportUi(
    /** "Added 3 accounts", "Already in your accounts", "Nothing was added". */
    val title: String,
    /** One line per entry that was not simply added. */
    val lines: List<String>,
    val addedCount: Int,
    val isError: Boolean,
) {
    companion object {
        fun from(result: ImportResult): ImportReportUi {
            val added = result.added.size
            val title = when {
                added > 0 -> "Added ${plural(added.toLong(), "account")}"
                result.duplicates.isNotEmpty() && result.rejected.isEmpty() ->
                    if (result.duplicates.size == 1) "Already in your accounts" else "All already in your accounts"
                else -> "Nothing was added"
            }
            val lines = result.duplicates.map { "$it: already in your accounts" } +
                result.rejected.map { "${it.name}: ${it.message}" } +
                result.normalised.map { "${it.name}: ${it.message}" }
            return ImportReportUi(title, lines, added, isError = added == 0 && result.rejected.isNotEmpty())
        }
    }
}

internal fun plural(n: Long, unit: String): String = if (n == 1L) "1 $unit" else "$n ${unit}s"
