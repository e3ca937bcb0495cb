// Runs the presentation tests (src/test, JUnit 5 `@Test` methods) without Gradle or the JUnit
// platform, so scripts/test-presentation-kotlin.sh can run them with kotlinc and java alone.
// Gradle runs the same classes with `useJUnitPlatform()`. Args: the test classes' names.
// stdout: one line per test, then exactly one `N passed, N failed` line.

import java.lang.reflect.InvocationTargetException
import kotlin.system.exitProcess
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

fun main(args: Array<String>) {
    var passed = 0
    var failed = 0
    for (className in args) {
        val testClass = Class.forName(className)
        val methods = testClass.declaredMethods.sortedBy { it.name }
        val before = methods.filter { it.isAnnotationPresent(BeforeEach::class.java) }
        val after = methods.filter { it.isAnnotationPresent(AfterEach::class.java) }
        for (test in methods.filter { it.isAnnotationPresent(Test::class.java) }) {
            val name = "${testClass.simpleName}: ${test.name}"
            try {
                // A fresh instance per test, as JUnit does.
                val instance = testClass.getDeclaredConstructor().newInstance()
                try {
                    before.forEach { it.invoke(instance) }
                    test.invoke(instance)
                } finally {
                    after.forEach { it.invoke(instance) }
                }
                passed++
                println("ok   $name")
            } catch (e: Throwable) {
                val cause = (e as? InvocationTargetException)?.targetException ?: e
                failed++
                println("FAIL $name: $cause")
                cause.stackTrace.filter { it.className.startsWith("dev.otpkit") }.take(4).forEach { println("       at $it") }
            }
        }
    }
    if (passed + failed == 0) {
        println("no tests found in ${args.joinToString()}")
        failed = 1
    }
    println("$passed passed, $failed failed")
    exitProcess(if (failed == 0) 0 else 1)
}
