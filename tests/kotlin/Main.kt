// The Kotlin suite: OtpKit's generated Kotlin bindings, exercised on the JVM the way an
// Android app uses them. Run by scripts/test-kotlin.sh with the tests/vectors folder and a folder of
// frames made by tools/qrframes as arguments.

import java.io.File

fun main(args: Array<String>) {
    val vectorsDir = File(args.getOrElse(0) { "tests/vectors" })
    val vectors = Vectors(vectorsDir)
    val frames = Frames(File(args.getOrElse(1) { "target/qr-frames" }))
    val suite = Suite()
    codesTests(suite, vectors)
    uriTests(suite, vectors)
    vaultTests(suite, vectors)
    slotsTests(suite)
    driftTests(suite)
    qrTests(suite, frames)
    threadsTests(suite, vectors)
    badInputTests(suite, vectorsDir)
    suite.finish()
}
