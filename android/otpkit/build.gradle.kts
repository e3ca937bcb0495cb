// The Rust library for Android: libotpkit_ffi.so per ABI (src/main/jniLibs, from cargo-ndk) and
// its generated Kotlin bindings (build/generated/uniffi), both made by scripts/build-android.sh;
// plus the mapping to the app's models and the Android platform pieces (Keystore, clock).
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

android {
    namespace = "dev.otpkit.android"
    compileSdk = 36

    defaultConfig {
        minSdk = 30 // setUserAuthenticationParameters, ClipDescription.EXTRA_IS_SENSITIVE support
        consumerProguardFiles("consumer-rules.pro")
    }

    sourceSets["main"].java.srcDir(layout.buildDirectory.dir("generated/uniffi"))

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    jvmToolchain(17)
}

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
