plugins {
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.android.library) apply false
    alias(libs.plugins.kotlin.android) apply false
    alias(libs.plugins.kotlin.jvm) apply false
    alias(libs.plugins.kotlin.compose) apply false
}

// The Gradle the build is pinned to, with the distribution's published SHA-256: what
// gradle/wrapper/gradle-wrapper.properties holds. `gradle wrapper` (once, to add gradlew and its
// jar, not in the repository yet) writes that file from here, so the two stay the same.
tasks.named<Wrapper>("wrapper") {
    gradleVersion = "8.14.3"
    distributionType = Wrapper.DistributionType.BIN
    distributionSha256Sum = "bd71102213493060956ec229d946beee57158dbd89d0e62b91bca0fa2c5f3531"
}
