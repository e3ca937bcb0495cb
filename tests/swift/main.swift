// The Swift suite: OtpKit's generated Swift bindings, exercised the way an iOS app uses them.
// Run by scripts/test-swift.sh with the tests/vectors folder as argument.

import Foundation

let suite = Suite()
let vectorsDirectory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "tests/vectors"
let vectors: Vectors
do {
    vectors = try Vectors(directory: vectorsDirectory)
} catch {
    print("cannot read the vectors in \(vectorsDirectory): \(error)")
    exit(2)
}
codesTests(suite, vectors)
uriTests(suite, vectors)
vaultTests(suite, vectors)
driftTests(suite)
threadsTests(suite, vectors)
badInputTests(suite, vectorsDirectory)
suite.finish()
