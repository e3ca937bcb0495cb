package dev.otpkit.android

import dev.otpkit.ClockChecker
import dev.otpkit.PlatformKeyStore
import dev.otpkit.QrScanner
import dev.otpkit.Vault
import dev.otpkit.WallClock
import dev.otpkit.presentation.AddAccountUiState
import dev.otpkit.presentation.AddAccountViewModel
import dev.otpkit.presentation.DriftStatus
import dev.otpkit.presentation.ErrorText
import dev.otpkit.presentation.FailureKind
import dev.otpkit.presentation.LumaFrame
import dev.otpkit.presentation.OtpKitFailure
import dev.otpkit.presentation.Texts
import dev.otpkit.presentation.TransferCode
import dev.otpkit.presentation.TransferUiState
import dev.otpkit.presentation.TransferViewModel
import dev.otpkit.presentation.UnlockMethod
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import SntpResponder
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import java.io.File
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

// The journey's repository calls against the real library: biometrics off, the passphrase
// re-key, the clock correction, the transfer to another phone (drawn from TransferCode and read
// back by the new phone's scanner) and closing on lock.

/** The device's clocks as the app passes them (nanoTime stands in for elapsedRealtime). */
private object RunningClock : WallClock {
    override fun nowUnixMillis(): Long = System.currentTimeMillis()
    override fun millisSinceBoot(): Long = System.nanoTime() / 1_000_000
}

/** XOR with a fixed pad; with [gate], every key creation waits for it (a prompt left open). */
private class XorKeyStore(private val gate: CompletableDeferred<Unit>? = null) : PlatformKeyStore {
    val entered = CompletableDeferred<Unit>()
    override suspend fun createKey(alias: String) {
        entered.complete(Unit)
        gate?.await()
    }
    override suspend fun wrap(alias: String, masterKey: ByteArray) = ByteArray(masterKey.size) { (masterKey[it].toInt() xor 0x5A).toByte() }
    override suspend fun unwrap(alias: String, wrapped: ByteArray) = ByteArray(wrapped.size) { (wrapped[it].toInt() xor 0x5A).toByte() }
    override suspend fun deleteKey(alias: String) {}
}

/** A transfer code as a shell draws it (see [drawnQr]). */
private fun drawn(code: TransferCode): LumaFrame = drawnQr(code.size, code::isDark)

class JourneyBridgeTest {
    private val dir: File = Files.createTempDirectory("otpkit-journey").toFile()
    private val offline = ClockChecker(listOf("127.0.0.1:9", "127.0.0.1:10"), 300)

    private suspend fun repository(
        name: String,
        keyStore: PlatformKeyStore? = null,
        clock: WallClock = FixedClock(),
        checker: ClockChecker = offline,
    ) = RustAccountsRepository(
        Vault.createWithPassphrase(File(dir, name).path, "correct horse battery", clock), checker, clock, dir, Dispatchers.Unconfined, keyStore,
    )

    @AfterEach
    fun cleanUp() {
        dir.deleteRecursively()
    }

    @Test
    fun `biometric unlock turns off, but not while it is the only way in`() = runBlocking {
        val store = XorKeyStore()
        val repo = repository("slots", store)
        repo.enableBiometricUnlock()
        repo.disableBiometricUnlock()
        assertEquals(setOf(UnlockMethod.Passphrase), repo.unlockMethods())
        val none = assertFailsWith<OtpKitFailure> { repo.disableBiometricUnlock() }
        assertEquals(FailureKind.InvalidInput, none.kind, "no biometric slot to remove")

        val path = File(dir, "biometric-only").path
        val only = RustAccountsRepository(
            Vault.createWithPlatformKeyStore(path, store, FixedClock()), offline, FixedClock(), dir, Dispatchers.Unconfined, store,
        )
        val last = assertFailsWith<OtpKitFailure> { only.disableBiometricUnlock() }
        assertEquals(FailureKind.LastKeySlot, last.kind)
        assertEquals(ErrorText.of("last_slot"), last.text)
        assertEquals(setOf(UnlockMethod.Biometrics), only.unlockMethods())
    }

    @Test
    fun `a passphrase change re-keys the vault, keeping biometrics when asked`() = runBlocking {
        val store = XorKeyStore()
        val repo = repository("rekey", store)
        repo.addUri("otpauth://totp/GitHub:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub")
        repo.enableBiometricUnlock()
        repo.changePassphrase("a new passphrase", keepBiometrics = true)
        val path = File(dir, "rekey").path
        val old = assertFailsWith<dev.otpkit.OtpKitException.WrongPassphrase> { Vault.openWithPassphrase(path, "correct horse battery", FixedClock()) }
        assertTrue(old.text().isNotEmpty())
        assertEquals(1, Vault.openWithPassphrase(path, "a new passphrase", FixedClock()).accounts().size)
        assertEquals(1, Vault.openWithPlatformKeyStore(path, store, FixedClock()).accounts().size)
        assertEquals(setOf(UnlockMethod.Passphrase, UnlockMethod.Biometrics), repo.unlockMethods())

        repo.changePassphrase("a third passphrase", keepBiometrics = false)
        assertEquals(setOf(UnlockMethod.Passphrase), repo.unlockMethods())
        assertEquals(listOf("ada@example.com"), repo.accounts().map { it.label }, "the accounts are as they were")

        val noStore = repository("no-store")
        val refused = assertFailsWith<OtpKitFailure> { noStore.changePassphrase("a new passphrase", keepBiometrics = true) }
        assertEquals(FailureKind.KeyUnavailable, refused.kind)
        assertEquals(Texts.failureNoBiometricStore, refused.text)
        val empty = assertFailsWith<OtpKitFailure> { noStore.changePassphrase("", keepBiometrics = false) }
        assertEquals(FailureKind.InvalidInput, empty.kind)
    }

    @Test
    fun `the clock correction goes on from an agreeing check and off again, and is refused with the reason without one`() = runBlocking {
        SntpResponder(45_000).use { a -> SntpResponder(45_000).use { b ->
            val checker = ClockChecker(listOf(a.server, b.server), 2_000)
            val repo = repository("clock", clock = RunningClock, checker = checker)
            assertNull(repo.clockCorrectionMs())
            val early = assertFailsWith<OtpKitFailure> { repo.turnOnClockCorrection() }
            assertEquals(ErrorText.of("clock_not_checked"), early.text, "no check yet")

            val report = repo.checkClock(manual = true)
            assertEquals(DriftStatus.Bad, report.status)
            val correction = repo.turnOnClockCorrection()
            assertTrue(correction in 44_500..45_500, "correction $correction")
            assertEquals(correction, repo.clockCorrectionMs())
            repo.turnOffClockCorrection()
            assertNull(repo.clockCorrectionMs())
        } }

        val repo = repository("offline", clock = RunningClock)
        assertEquals(DriftStatus.Unknown, repo.checkClock(manual = true).status)
        val refused = assertFailsWith<OtpKitFailure> { repo.turnOnClockCorrection() }
        assertEquals(ErrorText.of("correction_no_agreement"), refused.text)
        assertNull(repo.clockCorrectionMs())
    }

    @Test
    fun `the old phone's transfer codes, drawn from TransferCode, are read by the new phone's first run`() = runBlocking {
        val old = repository("old-phone")
        repeat(7) { i ->
            old.addUri("otpauth://totp/ACME:user$i@example.com?secret=JBSWY3DPEHPK3PXPAAAAAAA${'A' + i}&issuer=ACME")
        }
        old.addUri("otpauth://totp/Slow:ada?secret=GEZDGNBVGY3TQOJQ&issuer=Slow&period=60")
        val scope = CoroutineScope(Dispatchers.Unconfined + Job())
        try {
            val transfer = TransferViewModel(old, scope)
            val ready = withTimeout(5_000) { transfer.state.first { it is TransferUiState.Ready } } as TransferUiState.Ready
            assertEquals(listOf("Slow"), ready.leftOut.map { it.account.issuer }, "the 60 s account is listed apart")
            transfer.show()
            var showing = withTimeout(5_000) { transfer.state.first { it is TransferUiState.Showing } } as TransferUiState.Showing
            val count = showing.code.count
            assertTrue(count >= 2, "$count codes")

            val new = repository("new-phone")
            val scan = AddAccountViewModel(new, RustQrScanner(QrScanner()), scope)
            val shown = mutableListOf<TransferCode>()
            while (true) {
                shown += showing.code
                scan.onFrame(drawn(showing.code))
                if (showing.isLast) break
                transfer.next()
                showing = transfer.state.value as TransferUiState.Showing
            }
            val done = withTimeout(5_000) { scan.state.first { it is AddAccountUiState.Done } } as AddAccountUiState.Done
            assertEquals(7, done.report.addedCount)
            assertEquals((0 until 7).map { "user$it@example.com" }, new.accounts().map { it.label })
            assertEquals(old.codes().take(7).map { it.code }, new.codes().map { it.code }, "the same codes on both phones")

            transfer.finish()
            assertTrue(shown.all { code -> (0 until code.size).none { code.isDark(it, it) } }, "cleared when done")
        } finally {
            scope.cancel()
        }

        val slow = old.accounts().last().id
        val refused = assertFailsWith<OtpKitFailure> { old.transferCodes(listOf(slow)) }
        assertEquals(ErrorText.of("export_unsupported_period", position = 1, value = 60), refused.text)
    }

    @Test
    fun `a closed repository refuses every call as locked and cancels the call in flight`() = runBlocking {
        val gate = CompletableDeferred<Unit>()
        val store = XorKeyStore(gate)
        val repo = RustAccountsRepository(
            Vault.createWithPassphrase(File(dir, "closing").path, "correct horse battery", FixedClock()),
            offline, FixedClock(), dir, Dispatchers.Default, store,
        )
        val waiting = launch(Dispatchers.Default) { repo.enableBiometricUnlock() }
        withTimeout(10_000) { store.entered.await() }
        repo.close()
        withTimeout(10_000) { waiting.join() }
        assertTrue(waiting.isCancelled, "the call waiting for the prompt is cancelled")
        gate.complete(Unit) // the prompt closes; Rust's worker thread finishes on its own

        val locked = assertFailsWith<OtpKitFailure> { repo.accounts() }
        assertEquals(FailureKind.Cancelled, locked.kind)
        assertEquals(Texts.failureLocked, locked.text)
        repo.close()
        assertEquals(FailureKind.Cancelled, assertFailsWith<OtpKitFailure> { repo.codes() }.kind)
    }
}
