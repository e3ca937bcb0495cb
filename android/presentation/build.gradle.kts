// The screens' state and logic, in plain Kotlin/JVM: no Android, so `./gradlew :presentation:test`
// (and scripts/test-presentation-kotlin.sh, without Gradle) run it on any JVM.
plugins {
    alias(libs.plugins.kotlin.jvm)
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    api(libs.kotlinx.coroutines.core)
    testImplementation(kotlin("test"))
    testImplementation(libs.junit.jupiter)
    testRuntimeOnly(libs.junit.platform.launcher)
}

tasks.test {
    useJUnitPlatform()
}
