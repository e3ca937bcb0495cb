package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

class LogicTest {
    @Test
    fun `drift durations keep the two largest units, rounded to the second`() {
        assertEquals(Texts.durationS(0), DriftBanner.duration(499))
        assertEquals(Texts.durationS(1), DriftBanner.duration(500))
        assertEquals(Texts.durationS(47), DriftBanner.duration(47_200))
        assertEquals(Texts.durationMinS(1, 5), DriftBanner.duration(65_000))
        assertEquals(Texts.durationMin(2), DriftBanner.duration(120_000))
        assertEquals(Texts.durationHMin(3, 2), DriftBanner.duration(3 * 3_600_000L + 121_000))
        assertEquals(Texts.durationH(1), DriftBanner.duration(3_600_000L + 59_000))
        assertEquals(Texts.durationD(5), DriftBanner.duration(5 * 86_400_000L + 3_599_000))
        assertEquals(Texts.durationDH(1, 1), DriftBanner.duration(90_000_000L))
        assertEquals(Texts.driftSlow(Texts.durationMin(2)), DriftBanner.title(120_000))
        assertEquals(Texts.driftFast(Texts.durationS(12)), DriftBanner.title(-12_000))
        assertEquals(Texts.driftSlow(Texts.durationS(0)), DriftBanner.title(0))
    }

    @Test
    fun `only Warn and Bad raise a banner`() {
        fun report(status: DriftStatus, offset: Long?) = DriftReport(status, "m", offset, true)
        assertNull(DriftBanner.from(report(DriftStatus.Ok, 2_000)))
        assertNull(DriftBanner.from(report(DriftStatus.Unknown, null)), "offline is not an alarm")
        assertNull(DriftBanner.from(report(DriftStatus.Warn, null)), "no offset, nothing to say")
        val warn = DriftBanner.from(report(DriftStatus.Warn, 15_000))!!
        assertEquals(DriftBanner.Severity.Warning, warn.severity)
        assertEquals(Texts.driftSomeRejected, warn.message)
        val bad = DriftBanner.from(report(DriftStatus.Bad, 90_000))!!
        assertEquals(DriftBanner.Severity.Error, bad.severity)
        assertEquals(Texts.driftAllRejected, bad.message)
        assertEquals(Texts.driftActionAndroid, bad.actionLabel)
        assertEquals(Texts.driftClockFine, DriftBanner.checkedText(report(DriftStatus.Ok, 300)))
        assertEquals(Texts.driftUnknown, DriftBanner.checkedText(report(DriftStatus.Unknown, null)))
    }

    @Test
    fun `the clipboard is cleared after 30 s, and only if the clip is still ours`() {
        val copy = ClipboardPolicy.copy("123 456", nowMs = 10_000)
        assertEquals("123456", copy.text)
        assertEquals(30_000, ClipboardPolicy.delayUntilClear(copy, 10_000))
        assertFalse(ClipboardPolicy.shouldClear(copy, 39_999, clipIsStillOurs = true))
        assertTrue(ClipboardPolicy.shouldClear(copy, 40_000, clipIsStillOurs = true))
        assertFalse(ClipboardPolicy.shouldClear(copy, 40_000, clipIsStillOurs = false), "the user copied something else")
        assertEquals(0, ClipboardPolicy.delayUntilClear(copy, 50_000))
    }

    @Test
    fun `the import report names what was not simply added`() {
        val report = ImportReportUi.from(
            ImportResult(
                added = listOf("GitHub: ada", "GitLab: ada"),
                duplicates = listOf("Proton: ada"),
                normalised = listOf(
                    NormalisedNote("GitHub: ada", UriWarning("secret_lowercase", "core's English")),
                    NormalisedNote("GitLab: ada", UriWarning("a_kind_from_a_newer_core", "something new was normalised")),
                ),
                rejected = listOf(ImportNote("entry 4", "secret is not base32: '1' at position 16")),
            ),
        )
        assertEquals(Texts.reportAdded(2), report.title)
        assertEquals(2, report.addedCount)
        assertFalse(report.isError)
        assertEquals(
            listOf(
                Texts.reportLineDuplicate("Proton: ada"),
                Texts.reportLine("entry 4", "secret is not base32: '1' at position 16"),
                Texts.reportLineWarning("GitHub: ada", Texts.uriWarningSecretLowercase),
                Texts.reportLineWarning("GitLab: ada", Texts.coreMessage("something new was normalised")),
            ),
            report.lines,
        )
        assertEquals(
            listOf(
                "Proton: ada: already in your accounts",
                "entry 4: secret is not base32: '1' at position 16",
                "GitHub: ada: The setup key had lowercase letters; they were read as capitals.",
                "GitLab: ada: something new was normalised",
            ),
            report.lines.map { Catalogs.render(it, "en") },
        )
        // A normalisation is in the user's language, like a preview's warning.
        assertEquals(
            "GitHub: ada: De configuratiesleutel bevatte kleine letters; die zijn als hoofdletters gelezen.",
            Catalogs.render(report.lines[2], "nl"),
        )
        assertEquals(
            "GitHub: ada : La clé de configuration contenait des minuscules ; elles ont été lues comme des majuscules.",
            Catalogs.render(report.lines[2], "fr"),
        )
        assertEquals("Proton: ada: staat al bij je accounts", Catalogs.render(report.lines[0], "nl"))
        assertEquals("Comptes ajoutés : 2", Catalogs.render(report.title, "fr"))
        val duplicate = ImportReportUi.from(ImportResult(emptyList(), listOf("GitHub: ada"), emptyList(), emptyList()))
        assertEquals(Texts.reportAlreadyOne, duplicate.title)
        assertFalse(duplicate.isError)
        val duplicates = ImportReportUi.from(ImportResult(emptyList(), listOf("GitHub: ada", "GitLab: ada"), emptyList(), emptyList()))
        assertEquals(Texts.reportAlreadyAll, duplicates.title)
        assertEquals("Tous déjà dans vos comptes", Catalogs.render(duplicates.title, "fr"))
        val rejected = ImportReportUi.from(ImportResult(emptyList(), emptyList(), emptyList(), listOf(ImportNote("x", "bad"))))
        assertEquals(Texts.reportNothingAdded, rejected.title)
        assertEquals("Er is niets toegevoegd", Catalogs.render(rejected.title, "nl"))
        assertTrue(rejected.isError)
        assertEquals(Texts.reportAdded(1), ImportReportUi.from(ImportResult(listOf("a"), emptyList(), emptyList(), emptyList())).title)
    }

    @Test
    fun `the countdown is clamped and absent for HOTP`() {
        val code = Code("123456", "654321", validUntilUnix = 1_000, periodSeconds = 30)
        assertEquals(Countdown(30, 1f), Countdown.of(code, 970_000))
        assertEquals(1, Countdown.of(code, 999_999)!!.secondsLeft, "the last millisecond still shows 1")
        assertEquals(Countdown(0, 0f), Countdown.of(code, 1_005_000), "an expired code shows 0 until the refresh")
        assertEquals(Countdown(30, 1f), Countdown.of(code, 900_000), "a clock set back never shows more than a period")
        assertNull(Countdown.of(code.copy(validUntilUnix = null, periodSeconds = null), 0))
    }

    @Test
    fun `codes are grouped for reading`() {
        assertEquals("123 456", CodeFormat.grouped("123456"))
        assertEquals("123 4567", CodeFormat.grouped("1234567"))
        assertEquals("1234 5678", CodeFormat.grouped("12345678"))
        assertEquals("5RT2K", CodeFormat.grouped("5RT2K"))
    }

    @Test
    fun `the manual form becomes an otpauth URI with its fields encoded`() {
        val form = ManualEntryForm(issuer = "ACME Co", label = "ada@example.com", secret = "jbsw y3dp", algorithm = HashAlgorithm.Sha256, digits = 8, periodSeconds = 60)
        assertNull(form.problem())
        assertEquals(
            "otpauth://totp/ACME%20Co:ada%40example.com?secret=jbsw%20y3dp&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60",
            form.toUri(),
        )
        assertEquals(
            "otpauth://hotp/router?secret=JBSWY3DP&algorithm=SHA1&digits=6&counter=5",
            ManualEntryForm(label = "router", secret = "JBSWY3DP", type = OtpType.Hotp, counter = 5).toUri(),
        )
        assertEquals(
            "otpauth://steam/Steam:ada?secret=JBSWY3DP&issuer=Steam&period=30",
            ManualEntryForm(issuer = "Steam", label = "ada", secret = "JBSWY3DP", type = OtpType.Steam).toUri(),
        )
        assertEquals(Texts.manualKeyMissing, form.copy(secret = " ").problem())
        assertEquals(Texts.manualNameMissing, ManualEntryForm(secret = "JBSWY3DP").problem())
        assertEquals("Saisissez le service ou le nom du compte.", Catalogs.render(Texts.manualNameMissing, "fr"))
        assertFalse(form.toString().contains("jbsw"), "the secret stays out of logs")
    }

    @Test
    fun `backup passphrases must be long and repeated`() {
        assertEquals(Texts.backupPassphraseTooShort(10), BackupViewModel.passphraseProblem("short", "short"))
        assertEquals(
            "Use at least 10 characters: this passphrase is all that protects the backup.",
            Catalogs.render(BackupViewModel.passphraseProblem("short", "short")!!, "en"),
        )
        assertEquals(Texts.passphrasesDiffer, BackupViewModel.passphraseProblem("correct horse", "correct house"))
        assertNull(BackupViewModel.passphraseProblem("correct horse", "correct horse"))
    }

    @Test
    fun `every warning kind of core has its own text, in every language`() {
        val kinds = listOf(
            "secret_lowercase", "secret_padding", "secret_separators", "secret_trailing_bits", "weak_secret",
            "issuer_mismatch", "whitespace_trimmed", "unknown_parameter", "parameter_ignored", "steam_assumed",
            "fragment_ignored", "period_assumed", "digits_assumed", "algorithm_assumed", "type_assumed",
            "base64_padding", "base64_url_safe", "group_left_out", "note_left_out", "tags_dropped",
        )
        for (kind in kinds) {
            val text = NoteText.of(UriWarning(kind, "core's English"))
            assertEquals(UiText("uri_warning_$kind"), text)
            for (lang in Catalogs.languages) {
                val rendered = Catalogs.render(text, lang)
                assertTrue(rendered != text.key && '{' !in rendered && "core's English" !in rendered, "$kind $lang: $rendered")
            }
        }
        assertEquals(Texts.coreMessage("new"), NoteText.of(UriWarning("newer_than_the_app", "new")))
    }

    @Test
    fun `the setup key is masked until the user asks to see it`() {
        val form = ManualEntryForm(issuer = "GitHub", label = "ada", secret = "JBSWY3DP")
        assertFalse(form.secretShown, "masked by default")
        assertEquals(Texts.addShowSetupKey, form.secretToggleLabel)
        assertEquals("Configuratiesleutel tonen", Catalogs.render(form.secretToggleLabel, "nl"))
        val shown = form.toggleSecretShown()
        assertTrue(shown.secretShown)
        assertEquals(Texts.addHideSetupKey, shown.secretToggleLabel)
        assertFalse(shown.toggleSecretShown().secretShown)
        assertEquals(form.toUri(), shown.toUri(), "showing the key changes nothing added")
        assertFalse(shown.toString().contains("JBSWY3DP"), "the secret stays out of logs, shown or not")
    }

    @Test
    fun `an opened link waits until the unlocked code list takes it, once`() {
        val links = OpenedLinks()
        assertFalse(links.receive(null))
        assertFalse(links.receive("https://example.com/otpauth://totp/x"), "only the app's own schemes")
        assertFalse(links.receive("otpauth://"), "a scheme alone is no link")
        assertNull(links.waiting.value)
        assertTrue(links.receive(" otpauth://totp/GitHub:ada?secret=JBSWY3DP "))
        // The vault is locked: nothing takes it, and it waits.
        assertEquals("otpauth://totp/GitHub:ada?secret=JBSWY3DP", links.waiting.value)
        assertTrue(links.receive("OTPAUTH-MIGRATION://offline?data=AbC"), "a newer link replaces it")
        assertEquals("OTPAUTH-MIGRATION://offline?data=AbC", links.take())
        assertNull(links.take(), "handed over once")
        assertNull(links.waiting.value)
    }

    @Test
    fun `the camera is asked for once, and a refusal stands until the system says otherwise`() {
        assertEquals(CameraPermission.Granted, CameraAccess.initial(granted = true))
        val first = CameraAccess.initial(granted = false)
        assertEquals(CameraPermission.NotAsked, first)
        assertTrue(CameraAccess.shouldAsk(first))
        assertEquals(CameraPermission.NotAsked, CameraAccess.resumed(first, granted = false), "the system's dialog pauses the screen")
        val refused = CameraAccess.answered(granted = false)
        assertEquals(CameraPermission.Denied, refused)
        assertFalse(CameraAccess.shouldAsk(refused), "never asked again on its own")
        assertEquals(CameraPermission.Denied, CameraAccess.resumed(refused, granted = false))
        assertEquals(CameraPermission.Granted, CameraAccess.resumed(refused, granted = true), "allowed in Settings")
        assertEquals(CameraPermission.Denied, CameraAccess.resumed(CameraPermission.Granted, granted = false))
        assertEquals(CameraPermission.Granted, CameraAccess.answered(granted = true))
        assertEquals(Texts.cameraDeniedAndroid, CameraAccess.DENIED_MESSAGE)
        assertTrue(Catalogs.render(CameraAccess.DENIED_MESSAGE, "fr").contains("dans les paramètres"), "Android's word for Settings")
        assertEquals("Instellingen openen", Catalogs.render(CameraAccess.OPEN_SETTINGS, "nl"))
    }

    @Test
    fun `a screen reader hears the name, the code digit by digit and the time left`() {
        val item = CodeItem(account("a", "GitHub", "ada"), "123456", "123 456", "654 321", secondsLeft = 1, progress = 0.03f)
        assertEquals(Texts.codesSpokenTime("GitHub: ada", "1 2 3 4 5 6", 1), item.spokenLabel)
        assertEquals("GitHub: ada, code 1 2 3 4 5 6, seconds left: 20", Catalogs.render(item.copy(secondsLeft = 20).spokenLabel, "en"))
        assertEquals("GitHub: ada, code 1 2 3 4 5 6, secondes restantes : 20", Catalogs.render(item.copy(secondsLeft = 20).spokenLabel, "fr"))
        val hotp = CodeItem(account("c", null, "router", period = null), null, null, null, null, null)
        assertEquals(Texts.codesSpokenNoCode("router"), hotp.spokenLabel)
        assertEquals("router, nog geen code getoond", Catalogs.render(hotp.spokenLabel, "nl"))
        assertEquals(Texts.codesSpokenCode("router", "5 R T 2 K"), hotp.copy(code = "5RT2K").spokenLabel)
    }

    @Test
    fun `the app confirms a copy itself only where the system does not`() {
        assertTrue(ClipboardPolicy.showsOwnConfirmation(30))
        assertTrue(ClipboardPolicy.showsOwnConfirmation(32), "Android 12L")
        assertFalse(ClipboardPolicy.showsOwnConfirmation(33), "Android 13 shows its own")
        assertFalse(ClipboardPolicy.showsOwnConfirmation(36))
        assertEquals("Copié", Catalogs.render(ClipboardPolicy.COPIED, "fr"))
    }
}
