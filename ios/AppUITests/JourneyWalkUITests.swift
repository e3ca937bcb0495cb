import UIKit
import XCTest

/// The user's journey on a simulator: fresh install -> restore from a backup -> codes
/// shown -> copy -> background -> foreground (auto-lock set to immediately: unlock again) -> copy
/// -> add by an injected camera frame -> export -> settings. Rows and controls are found by their
/// accessibility identifiers: the key of their text (`Row.handle`), a code row by its account's
/// name. A debug build reads `UITestLaunch` from the launch environment: start fresh, hand the
/// file importer the backup, and a button under the camera that feeds it the QR code image. The
/// simulator has no Face ID enrolled: the walk uses the passphrase and declines the offer.
///
/// Fixtures: tests/device (scripts/make-device-fixtures.sh), this bundle's resources. Run with
/// scripts/qa-device-tests.sh ios (`xcodebuild test` on a booted simulator).
final class JourneyWalkUITests: XCTestCase {
    private let vaultPassphrase = "walk vault passphrase"
    /// tests/device/README.md
    private let backupPassphrase = "device test backup"
    private let restored = "code:Example: alice@example.com"
    private let scanned = "code:Scanned: bob@example.com"
    private var app: XCUIApplication!

    override func setUpWithError() throws {
        continueAfterFailure = false
        app = XCUIApplication()
        app.launchEnvironment["OTPKIT_UITEST_RESET"] = "1"
        app.launchEnvironment["OTPKIT_UITEST_PICKED_FILE"] = try fixture("backup", "otpkit").base64EncodedString()
        app.launchEnvironment["OTPKIT_UITEST_FRAME"] = try fixture("camera-frame", "png").base64EncodedString()
        // The auto-lock at "immediately" (the arguments domain of UserDefaults), in English.
        app.launchArguments += ["-auto_lock", "immediately", "-AppleLanguages", "(en)", "-AppleLocale", "en_US"]
        app.launch()
    }

    func testRestoreCopyLockAddExportSettings() throws {
        // Fresh install -> restore from a backup.
        tap("welcome_restore")
        type("passphrase_field", vaultPassphrase)
        type("passphrase_again_field", vaultPassphrase)
        tap("unlock_get_started")
        declineFaceIDIfOffered(next: "restore_pick_button")
        tap("restore_pick_button")
        type("restore_password_label", backupPassphrase)
        tap("restore_password_button")
        wait("report_added")
        tap("first_run_continue")

        // Codes shown -> copy.
        try copyCode(restored)

        // Background -> foreground: locked at once, the passphrase opens it again -> copy.
        XCUIDevice.shared.press(.home)
        sleep(2)
        app.activate()
        type("passphrase_field", vaultPassphrase)
        tap("unlock_with_passphrase")
        declineFaceIDIfOffered(next: restored)
        try copyCode(restored)

        // Add by an injected camera frame.
        tap("codes_add_account")
        allowCameraIfAsked()
        for _ in 0..<20 where !element("add_confirm_one").exists {
            tap("camera_frame_input")
            _ = element("add_confirm_one").waitForExistence(timeout: 1)
        }
        tap("action_add")
        wait("report_added")
        tap("action_done")
        wait(scanned)

        // Export: the backup is written, then offered to the file exporter (cancelled here).
        tap("codes_backup")
        type("backup_passphrase_field", backupPassphrase)
        type("passphrase_again_field", backupPassphrase)
        tap("backup_export")
        wait("backup_ready", timeout: 60)
        // Cancel the exporter, then swipe the backup sheet away.
        for _ in 0..<3 where !element("codes_backup").isHittable {
            let cancel = app.buttons["Cancel"]
            if cancel.waitForExistence(timeout: 5) { cancel.tap() } else { app.swipeDown(velocity: .fast) }
        }
        wait("codes_backup")

        // Settings: the auto-lock chosen for this walk is shown.
        tap("settings_open")
        wait("settings_title")
        let autoLock = element("settings_auto_lock")
        XCTAssertTrue(autoLock.waitForExistence(timeout: 10), "the auto-lock choice")
        XCTAssertTrue("\(autoLock.label) \(autoLock.value ?? "")".contains("Immediately"), "auto-lock: \(autoLock.label) \(autoLock.value ?? "")")
    }

    /// Taps a code row (it copies) and checks the clipboard got a string. Only `hasStrings`:
    /// reading another app's text would ask the runner for permission to paste.
    private func copyCode(_ row: String) throws {
        UIPasteboard.general.items = []
        tap(row)
        let copied = expectation(for: NSPredicate { _, _ in UIPasteboard.general.hasStrings }, evaluatedWith: nil)
        wait(for: [copied], timeout: 5)
    }

    /// After unlocking with the passphrase the app offers Face ID: not now.
    private func declineFaceIDIfOffered(next: String) {
        let notNow = element("action_not_now")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !notNow.exists, !element(next).exists { _ = notNow.waitForExistence(timeout: 1) }
        if notNow.exists { notNow.tap() }
        wait(next)
    }

    /// The system's camera question, when the simulator has not been granted it already.
    private func allowCameraIfAsked() {
        let springboard = XCUIApplication(bundleIdentifier: "com.apple.springboard")
        for label in ["Allow", "OK"] {
            let button = springboard.buttons[label]
            if button.waitForExistence(timeout: 3) {
                button.tap()
                return
            }
        }
    }

    private func fixture(_ name: String, _ ext: String) throws -> Data {
        let url = try XCTUnwrap(Bundle(for: JourneyWalkUITests.self).url(forResource: name, withExtension: ext), "tests/device/\(name).\(ext) in the bundle")
        return try Data(contentsOf: url)
    }

    private func element(_ id: String) -> XCUIElement { app.descendants(matching: .any)[id].firstMatch }

    private func wait(_ id: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(element(id).waitForExistence(timeout: timeout), "no \(id) on screen", file: file, line: line)
    }

    private func tap(_ id: String, file: StaticString = #filePath, line: UInt = #line) {
        wait(id, file: file, line: line)
        element(id).tap()
    }

    private func type(_ id: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) {
        tap(id, file: file, line: line)
        element(id).typeText(text)
    }
}
