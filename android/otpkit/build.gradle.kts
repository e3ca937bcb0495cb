// The Rust library for Android: libotpkit_ffi.so per ABI (src/main/jniLibs, from cargo-ndk, by
// scripts/build-android.sh) and its generated Kotlin bindings (src/generated/uniffi, by the
// generateBindings task below); plus the mapping to the app's models and the Android platform
// pieces (Keystore, clock). Both are build output, ignored by git, and outside build/: `clean`
// keeps them, so the module still compiles after a clean without cargo.
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

val repoRoot: Directory = rootProject.layout.projectDirectory.dir("..")
val bindingsDir: Directory = layout.projectDirectory.dir("src/generated/uniffi")

android {
    namespace = "dev.otpkit.android"
    compileSdk = 36

    defaultConfig {
        minSdk = 30 // setUserAuthenticationParameters, ClipDescription.EXTRA_IS_SENSITIVE support
        consumerProguardFiles("consumer-rules.pro")
    }

    sourceSets["main"].java.srcDir(bindingsDir.asFile)

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    jvmToolchain(17)
}

// The bindings from the library's interface (a host build of bindings/ffi, then uniffi-bindgen
// with scripts/uniffi-android.toml): rerun only when the interface's sources change.
val generateBindings by tasks.registering(Exec::class) {
    group = "build"
    description = "Generates the Kotlin bindings of the Rust library into src/generated/uniffi."
    workingDir = repoRoot.asFile
    commandLine("bash", "scripts/build-android.sh", "--bindings")
    inputs.dir(repoRoot.dir("bindings/ffi/src").asFile)
    inputs.files(
        repoRoot.file("bindings/ffi/Cargo.toml").asFile,
        repoRoot.file("bindings/ffi/uniffi.toml").asFile,
        repoRoot.file("scripts/uniffi-android.toml").asFile,
        repoRoot.file("Cargo.lock").asFile,
    )
    outputs.dir(bindingsDir.asFile)
}

tasks.named("preBuild") { dependsOn(generateBindings) }

dependencies {
    api(project(":presentation"))
    // The @aar carries JNA's native dispatch libraries for each Android ABI.
    implementation(libs.jna) {
        artifact { type = "aar" }
    }
    implementation(libs.kotlinx.coroutines.android)
    implementation(libs.biometric)
    implementation(libs.fragment)
    implementation(libs.core.ktx)
}
