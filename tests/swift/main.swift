// The Swift suite: OtpKit's generated Swift bindings, exercised the way an iOS app uses them.
// Run by scripts/test-swift.sh.

let suite = Suite()
codesTests(suite)
threadsTests(suite)
suite.finish()
