// swift-tools-version:5.9
// OtpKit for iOS: the Rust library as an XCFramework (binary target OtpKitFFI), its generated
// Swift (target OtpKit), the platform-neutral presentation layer (OtpKitPresentation: Foundation
// only, compiled and tested on Linux by scripts/test-presentation-swift.sh) and the app's bridge
// to Rust (OtpKitAppSupport). The SwiftUI app itself (App/) is built by Xcode from project.yml.
// build/OtpKitFFI.xcframework and Sources/OtpKit/ are build output of scripts/build-xcframework.sh.
import PackageDescription

let package = Package(
    name: "OtpKit",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "OtpKit", targets: ["OtpKit"]),
        .library(name: "OtpKitPresentation", targets: ["OtpKitPresentation"]),
        .library(name: "OtpKitAppSupport", targets: ["OtpKitAppSupport"]),
    ],
    targets: [
        .binaryTarget(name: "OtpKitFFI", path: "build/OtpKitFFI.xcframework"),
        .target(
            name: "OtpKit",
            dependencies: ["OtpKitFFI"],
            path: "Sources/OtpKit",
            swiftSettings: [.unsafeFlags(["-swift-version", "5"])]  // generated code: Swift 5 mode
        ),
        .target(name: "OtpKitPresentation", path: "Presentation"),
        .target(
            name: "OtpKitAppSupport",
            dependencies: ["OtpKit", "OtpKitPresentation"],
            path: "Sources/OtpKitAppSupport"
        ),
        .executableTarget(
            name: "OtpKitPresentationTests",
            dependencies: ["OtpKitPresentation"],
            path: "PresentationTests"
        ),
    ]
)
