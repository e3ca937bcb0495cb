package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

class TransferViewModelTest {
    private val repository = TestAccountsRepository(TestClock(0))

    private fun add(vararg accounts: Account) {
        repository.accounts += accounts
    }

    @Test
    fun `the format carries 6 or 8 digits, 30 s or HOTP, and no Steam`() {
        val totp = account("a", "GitHub", "ada")
        assertNull(TransferViewModel.whyNot(totp))
        assertNull(TransferViewModel.whyNot(totp.copy(digits = 8)))
        assertNull(TransferViewModel.whyNot(account("h", null, "router", period = null)))
        assertEquals(Texts.transferLeftSteam, TransferViewModel.whyNot(totp.copy(type = OtpType.Steam, digits = 5)))
        assertEquals(Texts.transferLeftPeriod(60), TransferViewModel.whyNot(totp.copy(periodSeconds = 60)))
        assertEquals(Texts.transferLeftDigits(7), TransferViewModel.whyNot(totp.copy(digits = 7)))
        assertEquals(Texts.transferLeftDigits(5), TransferViewModel.whyNot(account("h", null, "router", period = null).copy(digits = 5)))
        assertEquals("Ses codes changent toutes les 60 s ; les codes de transfert n'acceptent que 30 s.", Catalogs.render(Texts.transferLeftPeriod(60), "fr"))
    }

    @Test
    fun `the accounts the codes cannot carry are listed apart, with why, before the warning`() = vmTest { scope ->
        val steam = account("s", "Steam", "gamer").copy(type = OtpType.Steam, digits = 5)
        add(account("a", "GitHub", "ada"), steam, account("b", "Bank", "ada", period = 60), account("c", null, "router", period = null))
        val vm = TransferViewModel(repository, scope)
        val ready = vm.state.value as TransferUiState.Ready
        assertEquals(listOf("a", "c"), ready.movable.map { it.id })
        assertEquals(listOf(LeftOut(steam, Texts.transferLeftSteam), LeftOut(repository.accounts[2], Texts.transferLeftPeriod(60))), ready.leftOut)
        assertTrue(ready.canShow)
        assertNull(ready.note)
        assertEquals(0, repository.count("transferCodes"), "no code before the user has read the warning")
    }

    @Test
    fun `one code at a time, with next, previous and code 1 of 3, and done clears them all`() = vmTest { scope ->
        add(*(1..5).map { account("$it", "Issuer", "user$it") }.toTypedArray())
        val vm = TransferViewModel(repository, scope)
        vm.show()
        val first = vm.state.await { it is TransferUiState.Showing } as TransferUiState.Showing
        assertEquals(listOf(listOf("1", "2", "3", "4", "5")), repository.transferRequests)
        assertEquals(Texts.transferCodeOf(1, 3), first.position)
        assertEquals("Code 1 sur 3", Catalogs.render(first.position, "fr"))
        assertFalse(first.hasPrevious)
        assertFalse(first.isLast)
        assertTrue(first.code.isDark(0, 1))
        vm.previous()
        assertEquals(first, vm.state.value, "nothing before the first")
        vm.next()
        vm.next()
        val last = vm.state.value as TransferUiState.Showing
        assertEquals(2, last.code.index)
        assertTrue(last.isLast)
        assertTrue(last.hasPrevious)
        vm.next()
        assertEquals(last, vm.state.value, "nothing after the last")
        vm.previous()
        assertEquals(1, (vm.state.value as TransferUiState.Showing).code.index)
        assertEquals("TransferCode(2 of 3, 2 accounts, <redacted>)", (vm.state.value as TransferUiState.Showing).code.toString())

        vm.finish()
        assertEquals(TransferUiState.Finished, vm.state.value)
        val cleared = repository.transferred.all { code -> (0 until code.size).all { r -> (0 until code.size).none { c -> code.isDark(r, c) } } }
        assertTrue(cleared, "every module overwritten")
        vm.next()
        assertEquals(TransferUiState.Finished, vm.state.value)
    }

    @Test
    fun `with nothing the codes can carry there is nothing to show, and the note says why`() = vmTest { scope ->
        val empty = TransferViewModel(repository, scope)
        val none = empty.state.value as TransferUiState.Ready
        assertFalse(none.canShow)
        assertEquals(Texts.transferNoAccounts, none.note)
        empty.show()
        assertEquals(none, empty.state.value)

        add(account("b", "Bank", "ada", period = 60))
        val vm = TransferViewModel(repository, scope)
        assertEquals(Texts.transferNoneMovable, (vm.state.value as TransferUiState.Ready).note)
        vm.show()
        assertEquals(0, repository.count("transferCodes"))
    }

    @Test
    fun `codes the vault cannot make say why, and retry starts over`() = vmTest { scope ->
        add(account("a", "GitHub", "ada"))
        val vm = TransferViewModel(repository, scope)
        val tooLong = OtpKitFailure(FailureKind.InvalidInput, ErrorText.of("export_account_too_large", position = 1))
        repository.failNext = tooLong
        vm.show()
        assertEquals(TransferUiState.Failed(tooLong.text), vm.state.value)
        vm.retry()
        assertTrue(vm.state.value is TransferUiState.Ready)
        vm.show()
        assertTrue(vm.state.value is TransferUiState.Showing)
    }

    @Test
    fun `accounts that cannot be read say why`() = vmTest { scope ->
        repository.failNext = OtpKitFailure(FailureKind.Cancelled, Texts.failureLocked)
        val vm = TransferViewModel(repository, scope)
        assertEquals(TransferUiState.Failed(Texts.failureLocked), vm.state.value)
        vm.next()
        vm.show()
        assertEquals(TransferUiState.Failed(Texts.failureLocked), vm.state.value)
    }

    @Test
    fun `a new visit clears the last visit's codes and reads the accounts again`() = vmTest { scope ->
        add(account("a", "GitHub", "ada"), account("b", "Mail", "ada"), account("c", "Bank", "ada"))
        val vm = TransferViewModel(repository, scope)
        vm.show()
        assertTrue(vm.state.value is TransferUiState.Showing)
        vm.reset()
        assertEquals(listOf("a", "b", "c"), (vm.state.value as TransferUiState.Ready).movable.map { it.id })
        val blank = repository.transferred.all { code -> (0 until code.size).all { r -> (0 until code.size).none { c -> code.isDark(r, c) } } }
        assertTrue(blank, "the codes of the last visit are overwritten")
        assertEquals(2, repository.count("accounts"))
    }
}
