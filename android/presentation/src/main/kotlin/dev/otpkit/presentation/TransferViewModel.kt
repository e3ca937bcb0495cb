package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/**
 * One QR code of a transfer to another phone: [size] x [size] modules (draw them with 4 light
 * modules around). It holds secrets: drawn only while the user shows it, [clear]ed when done,
 * never in [toString].
 */
class TransferCode(
    /** Which code this is, from 0. */
    val index: Int,
    val count: Int,
    /** How many accounts this code holds. */
    val accountCount: Int,
    val size: Int,
    /** Row by row from the top left: 1 dark, 0 light. */
    private val modules: ByteArray,
) {
    init {
        require(modules.size == size * size) { "a $size x $size code needs ${size * size} modules, got ${modules.size}" }
    }

    fun isDark(row: Int, column: Int): Boolean = modules[row * size + column] == 1.toByte()

    /** Overwrites the modules: the code shows nothing any more. */
    fun clear() = modules.fill(0)

    override fun toString(): String = "TransferCode(${index + 1} of $count, $accountCount accounts, <redacted>)"
}

/** An account that cannot move by QR code, and why. */
data class LeftOut(val account: Account, val reason: UiText)

/** "Transfer to another phone". */
sealed interface TransferUiState {
    data object Loading : TransferUiState

    /**
     * Before any code shows: what [movable] accounts the codes will carry, those [leftOut] (with
     * why: move them with a backup file), and the warning that the codes hold every secret.
     */
    data class Ready(val movable: List<Account>, val leftOut: List<LeftOut>) : TransferUiState {
        val canShow: Boolean get() = movable.isNotEmpty()

        /** Why no code can show, when none can. */
        val note: UiText?
            get() = when {
                movable.isNotEmpty() -> null
                leftOut.isEmpty() -> Texts.transferNoAccounts
                else -> Texts.transferNoneMovable
            }
    }

    data object Working : TransferUiState

    /** One code at a time: "Code 1 of 3". */
    data class Showing(val code: TransferCode, val leftOut: List<LeftOut>) : TransferUiState {
        val position: UiText get() = Texts.transferCodeOf((code.index + 1).toLong(), code.count.toLong())
        val hasPrevious: Boolean get() = code.index > 0
        val isLast: Boolean get() = code.index == code.count - 1
    }

    /** The codes could not be made: [text] says why; [TransferViewModel.retry]. */
    data class Failed(val text: UiText) : TransferUiState

    /** Done: the codes are cleared; the shell goes back. */
    data object Finished : TransferUiState
}

/**
 * Moving accounts to another phone by QR code (Google Authenticator's export format, which
 * OtpKit's "Transfer from your old phone" and most authenticators read). The format carries
 * 6- and 8-digit accounts with a 30 s period, and HOTP; Steam Guard and other periods or lengths
 * are listed apart, to move with a backup file. [reset] starts a new visit of the screen (the
 * codes of the last one cleared); [finish] clears them when the user is done or the screen goes.
 */
class TransferViewModel(
    private val repository: AccountsRepository,
    private val scope: CoroutineScope,
) {
    /** One visit of the screen; work remembers the visit it was started in. */
    private class Visit

    private var visit = Visit()

    private val _state = MutableStateFlow<TransferUiState>(TransferUiState.Loading)
    val state: StateFlow<TransferUiState> = _state.asStateFlow()

    private var codes: List<TransferCode> = emptyList()

    init {
        load()
    }

    /** "Show the codes", after the warning. */
    fun show() {
        val ready = _state.value as? TransferUiState.Ready ?: return
        if (!ready.canShow) return
        val from = visit
        _state.value = TransferUiState.Working
        scope.launch {
            val next = try {
                val made = repository.transferCodes(ready.movable.map { it.id })
                if (from !== visit) return@launch made.forEach(TransferCode::clear)
                codes = made
                made.firstOrNull()?.let { TransferUiState.Showing(it, ready.leftOut) } ?: ready
            } catch (failure: OtpKitFailure) {
                TransferUiState.Failed(failure.text)
            }
            if (from === visit) _state.value = next
        }
    }

    fun next() = step(+1)

    fun previous() = step(-1)

    /** Done (or the screen goes): every code is overwritten and dropped. */
    fun finish() {
        clearCodes()
        _state.value = TransferUiState.Finished
    }

    private fun clearCodes() {
        codes.forEach(TransferCode::clear)
        codes = emptyList()
    }

    fun retry() {
        if (_state.value is TransferUiState.Failed) load()
    }

    /** A new visit of the screen: the last visit's codes cleared, the accounts read again. */
    fun reset() {
        clearCodes()
        visit = Visit()
        load()
    }

    private fun step(by: Int) {
        val showing = _state.value as? TransferUiState.Showing ?: return
        val to = codes.getOrNull(showing.code.index + by) ?: return
        _state.value = showing.copy(code = to)
    }

    private fun load() {
        val from = visit
        _state.value = TransferUiState.Loading
        scope.launch {
            val next = try {
                val (movable, leftOut) = split(repository.accounts())
                TransferUiState.Ready(movable, leftOut)
            } catch (failure: OtpKitFailure) {
                TransferUiState.Failed(failure.text)
            }
            if (from === visit) _state.value = next
        }
    }

    companion object {
        /** Why [account] cannot move by QR code, or null when it can (the rule of core's encoder). */
        fun whyNot(account: Account): UiText? = when {
            account.type == OtpType.Steam -> Texts.transferLeftSteam
            account.type == OtpType.Totp && account.periodSeconds != 30 ->
                Texts.transferLeftPeriod((account.periodSeconds ?: 0).toLong())
            account.digits != 6 && account.digits != 8 -> Texts.transferLeftDigits(account.digits.toLong())
            else -> null
        }

        fun split(accounts: List<Account>): Pair<List<Account>, List<LeftOut>> {
            val movable = mutableListOf<Account>()
            val leftOut = mutableListOf<LeftOut>()
            for (account in accounts) {
                val why = whyNot(account)
                if (why == null) movable += account else leftOut += LeftOut(account, why)
            }
            return movable to leftOut
        }
    }
}
