// The Swift suite: OtpKit's generated Swift bindings, exercised the way an iOS app uses them.
// Run by scripts/test-swift.sh with the tests/vectors folder and a folder of frames made by
// tools/qrframes as arguments.

import Foundation

let suite = Suite()
let vectorsDirectory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "tests/vectors"
let framesDirectory = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "target/qr-frames"
let vectors: Vectors
let frames: Frames
do {
    vectors = try Vectors(directory: vectorsDirectory)
    frames = try Frames(directory: framesDirectory)
} catch {
    print("cannot read the test data: \(error)")
    exit(2)
}
codesTests(suite, vectors)
uriTests(suite, vectors)
vaultTests(suite, vectors)
slotsTests(suite)
driftTests(suite)
qrTests(suite, frames)
threadsTests(suite, vectors)
badInputTests(suite, vectorsDirectory)
suite.finish()
