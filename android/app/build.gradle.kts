plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

android {
    namespace = "dev.otpkit.app"
    compileSdk = 36

    defaultConfig {
        applicationId = "dev.otpkit.app"
        minSdk = 30
        targetSdk = 36
        versionCode = 1
        versionName = "0.1.0"
        // The app's languages (tools/strings): libraries' resources in other languages are left
        // out, so a screen never mixes them with English.
        resourceConfigurations += listOf("en", "nl", "fr")
        // The device tests (src/androidTest): scripts/qa-device-tests.sh android runs them.
        testInstrumentationRunner = "androidx.test.runner.AndroidJUnitRunner"
    }

    // The device tests' fixtures (a backup made by the core, a QR code frame), shared with iOS.
    sourceSets["androidTest"].assets.srcDir("../../tests/device")

    buildTypes {
        release {
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"))
        }
    }

    buildFeatures {
        compose = true
        // BuildConfig.DEBUG keeps the device tests' camera frame input out of release builds.
        buildConfig = true
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    packaging {
        // Keep the .so files uncompressed and page-aligned (16 KB page devices load them in place).
        jniLibs.useLegacyPackaging = false
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    implementation(project(":otpkit"))
    implementation(platform(libs.compose.bom))
    implementation(libs.compose.ui)
    implementation(libs.compose.material3)
    implementation(libs.compose.material.icons)
    implementation(libs.compose.ui.tooling.preview)
    implementation(libs.activity.compose)
    implementation(libs.lifecycle.viewmodel.compose)
    implementation(libs.lifecycle.runtime.compose)
    implementation(libs.lifecycle.process)
    implementation(libs.fragment)
    implementation(libs.biometric)
    implementation(libs.camera.core)
    implementation(libs.camera.camera2)
    implementation(libs.camera.lifecycle)
    implementation(libs.camera.view)

    androidTestImplementation(platform(libs.compose.bom))
    androidTestImplementation(libs.compose.ui.test.junit4)
    androidTestImplementation(libs.androidx.test.core)
    androidTestImplementation(libs.androidx.test.runner)
    androidTestImplementation(libs.androidx.test.rules)
    androidTestImplementation(libs.androidx.test.ext.junit)
    androidTestImplementation(libs.espresso.intents)
    // The activity createAndroidComposeRule needs in the debug manifest.
    debugImplementation(libs.compose.ui.test.manifest)
}
