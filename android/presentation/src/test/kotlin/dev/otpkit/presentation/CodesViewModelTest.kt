package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertNotEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

class CodesViewModelTest {
    private val clock = TestClock(1_000_000_000) // 1_000_000 % 30 == 10: 10 s into a step, 20 s left
    private val repository = TestAccountsRepository(clock).apply {
        accounts += account("a", "GitHub", "ada@example.com")
        accounts += account("b", "Zürich Bank", "ada", group = "money")
        accounts += account("c", null, "router", period = null)
    }
    private val ticker = ManualTicker()

    private fun viewModel(scope: CoroutineScope) = CodesViewModel(repository, clock.read, ticker, scope)

    private fun CodesUiState.ready() = this as CodesUiState.Ready

    @Test
    fun `shows every account with its code and countdown`() = vmTest { scope ->
        val state = viewModel(scope).state.await { it is CodesUiState.Ready }.ready()
        assertEquals(listOf("a", "b", "c"), state.codes.map { it.account.id })
        val github = state.codes[0]
        assertEquals(20, github.secondsLeft)
        assertEquals(20f / 30f, github.progress!!, 0.0001f)
        assertEquals(6, github.code!!.length)
        assertEquals("${github.code!!.take(3)} ${github.code!!.drop(3)}", github.displayCode)
        assertNotNull(github.nextCode)
        val hotp = state.codes[2]
        assertNull(hotp.code)
        assertNull(hotp.secondsLeft)
    }

    @Test
    fun `back in the foreground, accounts another process saved appear`() = vmTest { scope ->
        val vm = viewModel(scope)
        vm.state.await { it is CodesUiState.Ready }
        repository.savedElsewhere += account("d", "Mail", "ada")
        vm.onForeground()
        val state = vm.state.await { (it as? CodesUiState.Ready)?.totalAccounts == 4 }.ready()
        assertEquals(listOf("a", "b", "c", "d"), state.codes.map { it.account.id })
        assertEquals(1, repository.count("reloadIfChanged"))
    }

    @Test
    fun `a tick moves the countdown without asking Rust for codes again`() = vmTest { scope ->
        val vm = viewModel(scope)
        val first = vm.state.await { it is CodesUiState.Ready }.ready()
        clock.nowMs += 5_500
        ticker.tick()
        val later = vm.state.await { (it as? CodesUiState.Ready)?.codes?.first()?.secondsLeft == 15 }.ready()
        assertEquals(first.codes[0].code, later.codes[0].code)
        assertEquals(14.5f / 30f, later.codes[0].progress!!, 0.0001f)
        assertEquals(1, repository.count("codes"))
    }

    @Test
    fun `an expired code is fetched again at the step boundary`() = vmTest { scope ->
        val vm = viewModel(scope)
        val first = vm.state.await { it is CodesUiState.Ready }.ready()
        clock.nowMs += 20_000 // exactly the end of the step
        ticker.tick()
        val next = vm.state.await { (it as? CodesUiState.Ready)?.codes?.first()?.secondsLeft == 30 }.ready()
        assertEquals(2, repository.count("codes"))
        assertNotEquals(first.codes[0].code, next.codes[0].code)
        assertEquals(first.codes[0].nextCode, next.codes[0].displayCode)
    }

    @Test
    fun `search filters by any word, ignoring case and accents`() = vmTest { scope ->
        val vm = viewModel(scope)
        vm.state.await { it is CodesUiState.Ready }
        vm.setQuery("  zurich ")
        val found = vm.state.await { (it as? CodesUiState.Ready)?.query == "  zurich " }.ready()
        assertEquals(listOf("b"), found.codes.map { it.account.id })
        assertEquals(3, found.totalAccounts)
        vm.setQuery("ada MONEY")
        assertEquals(listOf("b"), vm.state.await { (it as? CodesUiState.Ready)?.query == "ada MONEY" }.ready().codes.map { it.account.id })
        vm.setQuery("nothing like it")
        assertTrue(vm.state.await { (it as? CodesUiState.Ready)?.query == "nothing like it" }.ready().codes.isEmpty())
    }

    @Test
    fun `a failure shows its message and retry recovers`() = vmTest { scope ->
        repository.failNext = OtpKitFailure(FailureKind.ClockUnusable, ErrorText.of("clock_before_epoch"), "the device clock is before 1970: set the date")
        val vm = viewModel(scope)
        val error = vm.state.await { it is CodesUiState.Error } as CodesUiState.Error
        assertEquals(FailureKind.ClockUnusable, error.kind)
        assertEquals(ErrorText.of("clock_before_epoch"), error.message, "the failure's text, not core's English")
        assertEquals(
            "De datum van deze telefoon staat vóór 1970. Stel de datum en tijd in via de instellingen van je telefoon, of zet automatische datum en tijd aan.",
            Catalogs.render(error.message, "nl"),
        )
        vm.retry()
        assertEquals(3, vm.state.await { it is CodesUiState.Ready }.ready().codes.size)
    }

    @Test
    fun `a bad clock raises the banner, a good one does not`() = vmTest { scope ->
        val vm = viewModel(scope)
        vm.state.await { it is CodesUiState.Ready }
        repository.driftReport = DriftReport(DriftStatus.Bad, "Codes will be rejected. Turn on automatic date and time.", -47_200, true)
        vm.checkClock(manual = false)
        val banner = vm.state.await { (it as? CodesUiState.Ready)?.banner != null }.ready().banner!!
        assertEquals(DriftBanner.Severity.Error, banner.severity)
        assertEquals(Texts.driftFast(Texts.durationS(47)), banner.title)
        assertEquals(Texts.driftAllRejected, banner.message)

        repository.driftReport = DriftReport(DriftStatus.Ok, "core's English", 300, true)
        vm.checkClock(manual = true)
        val ok = vm.state.await { (it as? CodesUiState.Ready)?.banner == null }.ready()
        assertEquals(Texts.driftClockFine, ok.notice)
        assertEquals("L'horloge de votre téléphone est à l'heure.", Catalogs.render(ok.notice!!, "fr"))
        vm.dismissNotice()
        vm.state.await { (it as? CodesUiState.Ready)?.notice == null }
        repository.driftReport = DriftReport(DriftStatus.Unknown, "core's English", null, false)
        vm.checkClock(manual = true)
        assertEquals(Texts.driftUnknown, vm.state.await { (it as? CodesUiState.Ready)?.notice != null }.ready().notice, "offline says so")
        vm.dismissNotice()
        vm.state.await { (it as? CodesUiState.Ready)?.notice == null }
        vm.checkClock(manual = false)
        assertNull(vm.state.value.ready().notice, "an automatic check that finds nothing says nothing")
    }

    @Test
    fun `delete asks first and the list follows the vault`() = vmTest { scope ->
        val vm = viewModel(scope)
        vm.state.await { it is CodesUiState.Ready }
        vm.requestDelete("a")
        assertEquals("a", vm.state.await { (it as? CodesUiState.Ready)?.pendingDelete != null }.ready().pendingDelete!!.id)
        assertEquals(0, repository.count("remove"))
        vm.cancelDelete()
        vm.state.await { (it as? CodesUiState.Ready)?.pendingDelete == null }
        assertEquals(0, repository.count("remove"))
        vm.requestDelete("a")
        vm.confirmDelete()
        val after = vm.state.await { (it as? CodesUiState.Ready)?.totalAccounts == 2 }.ready()
        assertEquals(listOf("b", "c"), after.codes.map { it.account.id })
        assertEquals(1, repository.count("remove"))
    }

    @Test
    fun `copy gives the digits, sensitive, cleared after 30 s`() = vmTest { scope ->
        val vm = viewModel(scope)
        val code = vm.state.await { it is CodesUiState.Ready }.ready().codes[0].code!!
        val copy = vm.copy("a")!!
        assertEquals(code, copy.text)
        assertTrue(copy.sensitive)
        assertEquals(clock.nowMs + 30_000, copy.clearAtMs)
        assertNull(vm.copy("c"), "an HOTP account shows no code until asked")
        assertTrue(!copy.toString().contains(code), "the code stays out of logs")
    }

    @Test
    fun `an HOTP code appears when asked for, once per tap`() = vmTest { scope ->
        val vm = viewModel(scope)
        vm.state.await { it is CodesUiState.Ready }
        vm.nextHotpCode("c")
        val first = vm.state.await { (it as? CodesUiState.Ready)?.codes?.get(2)?.code != null }.ready().codes[2].code
        vm.nextHotpCode("c")
        val second = vm.state.await { (it as? CodesUiState.Ready)?.codes?.get(2)?.code != first }.ready().codes[2]
        assertEquals(2, repository.count("nextHotpCode"))
        assertNull(second.secondsLeft)
    }

    @Test
    fun `a blank name is refused before Rust, a failed rename says why`() = vmTest { scope ->
        val vm = viewModel(scope)
        vm.state.await { it is CodesUiState.Ready }
        vm.rename("a", "   ")
        val blank = vm.state.await { (it as? CodesUiState.Ready)?.notice != null }.ready().notice!!
        assertEquals(Texts.codesNameEmpty, blank)
        assertEquals("Voer een naam in voor het account.", Catalogs.render(blank, "nl"))
        assertEquals(0, repository.count("rename"))
        vm.dismissNotice()
        vm.state.await { (it as? CodesUiState.Ready)?.notice == null }
        repository.failNext = OtpKitFailure(FailureKind.Storage, ErrorText.of("storage_failed"), "could not save the vault: disk full")
        vm.rename("a", "work")
        assertEquals(ErrorText.of("storage_failed"), vm.state.await { (it as? CodesUiState.Ready)?.notice != null }.ready().notice)
        vm.rename("a", " work ")
        assertEquals("work", vm.state.await { s -> (s as? CodesUiState.Ready)?.codes?.any { it.account.label == "work" } == true }.ready().codes[0].account.label)
    }
}
