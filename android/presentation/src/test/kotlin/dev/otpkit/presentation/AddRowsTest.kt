package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** The add screen as rows: the camera, what a scan or a link found, and the other ways in. */
class AddRowsTest {
    private val repository = TestAccountsRepository(TestClock(1_700_000_000_000))
    private val scanner = TestScanner()
    private val none = Fields { "" }

    private fun typed(vararg values: Pair<Field, String>) = Fields { field -> values.toMap()[field].orEmpty() }

    private fun List<Row>.button(label: UiText) = filterIsInstance<Row.Button>().single { it.label == label }

    private fun List<Row>.shape(): List<String> = map { row ->
        when (row) {
            is Row.Title -> "title ${row.text.key}"
            is Row.Line -> "line ${row.text.key} ${row.tone}"
            is Row.Report -> "report ${row.report.title.key}"
            is Row.Button -> "button ${row.label.key}" + if (row.primary) "" else " quiet"
            is Row.Revealable -> "revealable ${row.field} ${row.label.key}"
            is Row.Entry -> "entry ${row.field} ${row.label.key}" + if (row.secret) " secret" else ""
            is Row.PickImage -> "pick image ${row.label.key}"
            else -> row.handle
        }
    }

    /** The other ways in, under what the camera or a link found. */
    private val otherWays = listOf(
        "title add_other_ways",
        "pick image add_from_image",
        "entry Link add_link_field secret",
        "button add_link_button",
        "title add_enter_key_title",
        "entry Issuer add_field_service",
        "entry AccountName add_field_account",
        "revealable SetupKey add_field_setup_key",
        "button add_manual_add",
    )

    @Test
    fun `the add screen shows the camera when allowed, explains a refusal, and offers the other ways`() = vmTest { scope ->
        val vm = AddAccountViewModel(repository, scanner, scope)
        var settings = 0
        fun rows(camera: CameraPermission) = JourneyRows.add(vm.state.value, vm, camera, { settings++ }, {})
        assertEquals(listOf("camera") + otherWays, rows(CameraPermission.Granted).shape())
        assertEquals(otherWays, rows(CameraPermission.NotAsked).shape(), "the system's question is on screen")
        val denied = rows(CameraPermission.Denied)
        assertEquals(listOf("line camera_denied_android Plain", "button camera_open_settings_android") + otherWays, denied.shape())
        denied.button(Texts.cameraOpenSettingsAndroid).onClick(none)
        assertEquals(1, settings)

        val hint = JourneyRows.add(AddAccountUiState.Scanning(Texts.addNotAuthenticatorCode), vm, CameraPermission.Granted, {}, {})
        assertEquals(listOf("camera", "line add_not_authenticator_code Plain") + otherWays, hint.shape())
        val export = JourneyRows.add(AddAccountUiState.ExportProgress(1, 3, listOf(1, 2)), vm, CameraPermission.Granted, {}, {})
        assertEquals(listOf("camera", "line add_export_progress Plain", "line add_export_missing Plain") + otherWays, export.shape())
        assertTrue(Row.Line(Texts.addExportMissing("2, 3")) in export, "numbered from 1")
        assertEquals(listOf("line add_adding Plain") + otherWays, JourneyRows.add(AddAccountUiState.Saving, vm, CameraPermission.Granted, {}, {}).shape())
    }

    @Test
    fun `a link is previewed with its accounts and notes, added on Add, and Done leaves`() = vmTest { scope ->
        repository.previewResult = preview("GitHub" to "ada@example.com").copy(warnings = listOf(UriWarning("secret_lowercase", "lowercase")))
        val vm = AddAccountViewModel(repository, scanner, scope)
        var done = 0
        fun rows() = JourneyRows.add(vm.state.value, vm, CameraPermission.Granted, {}, { done++ })
        rows().button(Texts.addLinkButton).onClick(typed(Field.Link to "  otpauth://totp/GitHub:ada@example.com?secret=JBSWY3DP "))
        vm.state.await { it is AddAccountUiState.Confirm }
        val confirm = rows()
        assertEquals(
            listOf(
                "title add_confirm_one",
                "line add_confirm_account Plain",
                "line uri_warning_secret_lowercase Plain",
                "button action_add",
                "button action_cancel quiet",
            ) + otherWays,
            confirm.shape(),
        )
        assertEquals(Row.Line(Texts.addConfirmAccount("GitHub: ada@example.com")), confirm[1])
        assertEquals("GitHub: ada@example.com", Catalogs.render(Texts.addConfirmAccount("GitHub: ada@example.com"), "fr"))
        assertEquals(0, repository.count("addUri"), "nothing is added before Add")

        confirm.button(Texts.actionAdd).onClick(none)
        vm.state.await { it is AddAccountUiState.Done }
        assertEquals(listOf("otpauth://totp/GitHub:ada@example.com?secret=JBSWY3DP"), repository.addedUris)
        val added = rows()
        assertEquals(listOf("report report_added", "button action_done", "button add_another quiet"), added.shape(), "the form goes, and what was typed with it")
        added.button(Texts.actionDone).onClick(none)
        assertEquals(1, done)
        added.button(Texts.addAnother).onClick(none)
        assertEquals(AddAccountUiState.Scanning(), vm.state.value)

        rows().button(Texts.addLinkButton).onClick(typed(Field.Link to "otpauth://totp/x?secret=JBSWY3DP"))
        vm.state.await { it is AddAccountUiState.Confirm }
        rows().button(Texts.actionCancel).onClick(none)
        assertEquals(AddAccountUiState.Scanning(), vm.state.value, "Cancel goes back to the camera")
    }

    @Test
    fun `the setup key by hand is checked, kept on a failure, and added with the typed fields`() = vmTest { scope ->
        val vm = AddAccountViewModel(repository, scanner, scope)
        fun rows() = JourneyRows.add(vm.state.value, vm, CameraPermission.Granted, {}, {})
        rows().button(Texts.addManualAdd).onClick(typed(Field.SetupKey to "JBSWY3DP"))
        val failed = rows()
        assertEquals(listOf("line manual_name_missing Problem", "button action_ok") + otherWays, failed.shape())
        assertTrue(failed.fields.containsAll(listOf(Field.Issuer, Field.AccountName, Field.SetupKey)), "the typed fields stay")
        failed.button(Texts.actionOk).onClick(none)
        rows().button(Texts.addManualAdd).onClick(typed(Field.Issuer to "GitHub", Field.AccountName to "ada", Field.SetupKey to "JBSWY3DP"))
        vm.state.await { it is AddAccountUiState.Done }
        assertEquals(listOf(ManualEntryForm(issuer = "GitHub", label = "ada", secret = "JBSWY3DP").toUri()), repository.addedUris)
        assertTrue(rows().fields.isEmpty(), "no field left once added: the shell forgets the setup key")
    }

    @Test
    fun `a picked image goes to the scanner, and the setup key's button says what it does`() = vmTest { scope ->
        val vm = AddAccountViewModel(repository, scanner, scope, kotlinx.coroutines.Dispatchers.Unconfined)
        val rows = JourneyRows.add(vm.state.value, vm, CameraPermission.Granted, {}, {})
        rows.filterIsInstance<Row.PickImage>().single().onPicked { LumaFrame(ByteArray(16), 4, 4, 4, 0) }
        vm.state.await { it is AddAccountUiState.Failed }
        assertEquals(AddAccountUiState.Failed(Texts.addNoCodeInImage), vm.state.value)
        assertEquals(1, scanner.frames)
        val key = rows.filterIsInstance<Row.Revealable>().single()
        assertEquals(listOf(Texts.addShowSetupKey, Texts.addHideSetupKey), listOf(key.revealLabel(shown = false), key.revealLabel(shown = true)))
        assertEquals(setOf(Field.Link, Field.Issuer, Field.AccountName, Field.SetupKey), rows.fields)
        assertEquals(listOf("camera", "add_other_ways", "add_from_image", "add_link_field"), rows.take(4).map { it.handle })
    }
}
