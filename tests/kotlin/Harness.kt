// A minimal test runner: the suite runs as a plain `main` on the JVM (no Gradle, no JUnit
// engine), prints one line per test and ends with exactly one `N passed, N failed` line.

import kotlinx.coroutines.runBlocking
import kotlin.system.exitProcess

class Suite {
    private var passed = 0
    private val failures = mutableListOf<String>()

    /** Runs [body] in a coroutine, as an app's view model would: the slow calls suspend. */
    fun test(name: String, body: suspend () -> Unit) {
        try {
            runBlocking { body() }
            passed++
            println("ok   $name")
        } catch (e: Throwable) {
            failures += name
            println("FAIL $name: $e")
            e.stackTrace.take(6).forEach { println("       at $it") }
        }
    }

    /** Prints the summary line and exits non-zero when anything failed. */
    fun finish(): Nothing {
        println("${passed} passed, ${failures.size} failed")
        exitProcess(if (failures.isEmpty()) 0 else 1)
    }
}
