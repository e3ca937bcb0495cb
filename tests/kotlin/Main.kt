// The Kotlin suite: OtpKit's generated Kotlin bindings, exercised on the JVM the way an
// Android app uses them. Run by scripts/test-kotlin.sh.

fun main() {
    val suite = Suite()
    codesTests(suite)
    threadsTests(suite)
    suite.finish()
}
