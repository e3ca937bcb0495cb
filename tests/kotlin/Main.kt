// The Kotlin suite: OtpKit's generated Kotlin bindings, exercised on the JVM the way an
// Android app uses them. Run by scripts/test-kotlin.sh with the tests/vectors folder as argument.

import java.io.File

fun main(args: Array<String>) {
    val vectorsDir = File(args.getOrElse(0) { "tests/vectors" })
    val vectors = Vectors(vectorsDir)
    val suite = Suite()
    codesTests(suite, vectors)
    uriTests(suite, vectors)
    vaultTests(suite, vectors)
    driftTests(suite)
    threadsTests(suite, vectors)
    badInputTests(suite, vectorsDir)
    suite.finish()
}
