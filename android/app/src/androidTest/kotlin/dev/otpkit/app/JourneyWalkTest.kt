package dev.otpkit.app

import android.Manifest
import android.accessibilityservice.AccessibilityService
import android.app.Activity
import android.app.Instrumentation
import android.content.ClipboardManager
import android.content.Context
import android.content.Intent
import android.net.Uri
import androidx.compose.ui.test.assertIsSelected
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onAllNodesWithTag
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.test.core.app.ApplicationProvider
import androidx.test.espresso.intent.Intents
import androidx.test.espresso.intent.Intents.intending
import androidx.test.espresso.intent.matcher.IntentMatchers.hasAction
import androidx.test.ext.junit.runners.AndroidJUnit4
import androidx.test.filters.LargeTest
import androidx.test.platform.app.InstrumentationRegistry
import androidx.test.rule.GrantPermissionRule
import dev.otpkit.android.PlatformPickedImage
import dev.otpkit.presentation.AutoLockDelay
import dev.otpkit.presentation.LumaFrame
import org.junit.After
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Rule
import org.junit.Test
import org.junit.rules.ExternalResource
import org.junit.rules.RuleChain
import org.junit.runner.RunWith
import java.io.File

/**
 * The user's journey on a device: fresh install -> restore from a backup -> codes
 * shown -> copy -> background -> foreground (auto-lock set to immediately: unlock again) -> copy
 * -> add by an injected camera frame -> export -> settings. Rows and controls are found by their
 * test tags: the key of their text ([dev.otpkit.presentation.handle]), a code row by its
 * account's name. The system's file pickers are answered by Espresso-Intents; the camera frame
 * goes in through the debug build's [FrameInput]. Biometrics are not enrolled on an emulator:
 * the walk uses the passphrase and declines the offer to turn biometric unlock on.
 *
 * Fixtures: tests/device (scripts/make-device-fixtures.sh), this test's assets. Run with
 * scripts/qa-device-tests.sh android (Gradle's connectedDebugAndroidTest).
 */
@RunWith(AndroidJUnit4::class)
@LargeTest
class JourneyWalkTest {
    private val app = ApplicationProvider.getApplicationContext<OtpKitApplication>()

    /** A fresh install: no vault, no preferences, and the auto-lock at "immediately". */
    private val freshInstall = object : ExternalResource() {
        override fun before() {
            app.noBackupFilesDir.listFiles()?.forEach { it.deleteRecursively() }
            app.getSharedPreferences("settings", Context.MODE_PRIVATE).edit().clear().commit()
            app.settings.autoLock = AutoLockDelay.Immediately
        }
    }

    private val compose = createAndroidComposeRule<MainActivity>()

    // The camera permission before the activity starts (no system dialog), the fresh install
    // before the activity reads the routes.
    @get:Rule
    val rules: RuleChain = RuleChain.outerRule(GrantPermissionRule.grant(Manifest.permission.CAMERA)).around(freshInstall).around(compose)

    @Before
    fun interceptPickers() = Intents.init()

    @After
    fun releasePickers() = Intents.release()

    @Test
    fun restoreCopyLockAddExportSettings() {
        // Fresh install -> restore from a backup.
        tap("welcome_restore")
        type("passphrase_field", VAULT_PASSPHRASE)
        type("passphrase_again_field", VAULT_PASSPHRASE)
        tap("unlock_get_started")
        declineBiometricsIfOffered(next = "restore_pick_button")
        answerPicker(Intent.ACTION_OPEN_DOCUMENT, fixture("backup.otpkit"))
        tap("restore_pick_button")
        type("restore_password_label", BACKUP_PASSPHRASE)
        tap("restore_password_button")
        await("report_added")
        tap("first_run_continue")

        // Codes shown -> copy.
        copyCode(RESTORED)

        // Background -> foreground: locked at once, the passphrase opens it again -> copy.
        // Home, as the user presses it: the launcher covers the app and its process stops
        // (ProcessLifecycleOwner says ON_STOP 700 ms after the last activity stopped).
        InstrumentationRegistry.getInstrumentation().uiAutomation.performGlobalAction(AccessibilityService.GLOBAL_ACTION_HOME)
        Thread.sleep(2_000)
        // Back from the launcher: the one activity (singleTask) comes to the front again.
        app.startActivity(Intent(app, MainActivity::class.java).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK))
        type("passphrase_field", VAULT_PASSPHRASE)
        tap("unlock_with_passphrase")
        declineBiometricsIfOffered(next = "code:$RESTORED")
        copyCode(RESTORED)

        // Add by an injected camera frame.
        tapFixed("codes_add_account")
        await("camera")
        val frame = decode(fixture("camera-frame.png"))
        val feed = compose.onNodeWithTag("camera").fetchSemanticsNode().config[FrameInput]
        // A frame that arrives while another is scanned is dropped: feed it until it is read.
        for (attempt in 1..20) {
            feed(frame)
            if (exists("add_confirm_one", timeoutMs = 1_000)) break
        }
        tap("action_add")
        await("report_added")
        tap("action_done")
        await("code:$SCANNED")

        // Export.
        tapFixed("codes_backup")
        type("backup_passphrase_field", BACKUP_PASSPHRASE)
        type("passphrase_again_field", BACKUP_PASSPHRASE)
        val exported = File(app.cacheDir, "exported.otpkit").apply { delete() }
        answerPicker(Intent.ACTION_CREATE_DOCUMENT, exported)
        tap("backup_export")
        await("backup_saved", timeoutMs = 60_000)
        assertTrue("the backup was written to the chosen file", exported.length() > 0)
        tap("action_close")

        // Settings: the auto-lock chosen for this walk is shown.
        tapFixed("settings_open")
        await("settings_auto_lock_0")
        compose.onNodeWithTag("settings_auto_lock_0").performScrollTo().assertIsSelected()
    }

    /** Taps a code row (it copies) and checks a code is on the clipboard. */
    private fun copyCode(account: String) {
        await("code:$account")
        compose.onNodeWithTag("code:$account").performScrollTo().performClick()
        compose.waitForIdle()
        var copied: CharSequence? = null
        // The app is in front, so it may read the clipboard.
        InstrumentationRegistry.getInstrumentation().runOnMainSync {
            copied = app.getSystemService(ClipboardManager::class.java).primaryClip?.getItemAt(0)?.text
        }
        assertTrue("a code on the clipboard, not '$copied'", copied?.matches(Regex("\\d{6}")) == true)
    }

    /** After unlocking with the passphrase the app offers biometric unlock: not now. */
    private fun declineBiometricsIfOffered(next: String) {
        compose.waitUntil(UNLOCK_MS) { exists("action_not_now") || exists(next) }
        if (exists("action_not_now")) tap("action_not_now")
        await(next)
    }

    /** The next [action] picker answers with [file], without showing itself. */
    private fun answerPicker(action: String, file: File) {
        intending(hasAction(action)).respondWith(Instrumentation.ActivityResult(Activity.RESULT_OK, Intent().setData(Uri.fromFile(file))))
    }

    /** A fixture from the test's assets, copied where the app can open it as a file. */
    private fun fixture(name: String): File {
        val file = File(app.cacheDir, name)
        InstrumentationRegistry.getInstrumentation().context.assets.open(name).use { input -> file.outputStream().use { input.copyTo(it) } }
        return file
    }

    /** An image decoded as a picked image is: the luma plane a camera frame would give. */
    private fun decode(file: File): LumaFrame = PlatformPickedImage(app.contentResolver, Uri.fromFile(file)).decode()

    private fun exists(tag: String, timeoutMs: Long = 0): Boolean {
        val found = { compose.onAllNodesWithTag(tag).fetchSemanticsNodes().isNotEmpty() }
        if (timeoutMs == 0L) return found()
        return runCatching { compose.waitUntil(timeoutMs) { found() } }.isSuccess
    }

    private fun await(tag: String, timeoutMs: Long = UI_MS) = compose.waitUntil(timeoutMs) { exists(tag) }

    /** A row in a scrolling screen. */
    private fun tap(tag: String) {
        await(tag)
        compose.onNodeWithTag(tag).performScrollTo().performClick()
    }

    /** A control that does not scroll (the code list's buttons). */
    private fun tapFixed(tag: String) {
        await(tag)
        compose.onNodeWithTag(tag).performClick()
    }

    private fun type(tag: String, text: String) {
        await(tag)
        compose.onNodeWithTag(tag).performScrollTo().performTextInput(text)
    }

    private companion object {
        const val VAULT_PASSPHRASE = "walk vault passphrase"
        /** tests/device/README.md */
        const val BACKUP_PASSPHRASE = "device test backup"
        const val RESTORED = "Example: alice@example.com"
        const val SCANNED = "Scanned: bob@example.com"
        const val UI_MS = 10_000L
        /** Argon2 on an emulator. */
        const val UNLOCK_MS = 60_000L
    }
}
