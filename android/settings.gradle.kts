pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "OtpKit"

// presentation: plain Kotlin/JVM (view models, tested without Android);
// otpkit: the Rust library, its generated bindings and their mapping;
// app: the Compose screens.
include(":presentation", ":otpkit", ":app")
