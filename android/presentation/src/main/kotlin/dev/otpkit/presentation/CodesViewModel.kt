package dev.otpkit.presentation

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

/** The code list screen's state. */
sealed interface CodesUiState {
    data object Loading : CodesUiState

    data class Ready(
        /** The accounts matching [query], in the user's order, with their codes. */
        val codes: List<CodeItem>,
        val query: String,
        /** How many accounts there are in all (to tell "no accounts" from "no match"). */
        val totalAccounts: Int,
        /** The clock-drift banner, when the clock is off enough to break codes. */
        val banner: DriftBanner?,
        /** The account awaiting "Delete?" confirmation. */
        val pendingDelete: Account?,
        /** A one-off message (a failed rename, a clock check that found nothing wrong). */
        val notice: UiText?,
    ) : CodesUiState

    data class Error(val message: UiText, val kind: FailureKind) : CodesUiState
}

/** One row: an account and, for time-based accounts, its code with the countdown. */
data class CodeItem(
    val account: Account,
    /** The code to copy (digits only); null for HOTP until the user asks for one. */
    val code: String?,
    /** [code] grouped for reading: "123 456". */
    val displayCode: String?,
    val nextCode: String?,
    /** Whole seconds until [code] changes (the number in the ring); null for HOTP. */
    val secondsLeft: Int?,
    /** The countdown ring: 1.0 for a fresh code down to 0.0 when it changes; null for HOTP. */
    val progress: Float?,
) {
    /**
     * What a screen reader says for the row (the row's own texts are hidden from it): the name,
     * the code digit by digit (never as a number), and the seconds left.
     */
    val spokenLabel: UiText
        get() {
            val name = account.displayName
            val digits = code?.toList()?.joinToString(" ") ?: return Texts.codesSpokenNoCode(name)
            return secondsLeft?.let { Texts.codesSpokenTime(name, digits, it.toLong()) } ?: Texts.codesSpokenCode(name, digits)
        }
}

/** Suspends until the next refresh: the start of the next second in the app. */
fun interface Ticker {
    suspend fun awaitTick()
}

/** The app's ticker: wakes at each whole second of [nowMillis]. */
class SecondTicker(private val nowMillis: () -> Long) : Ticker {
    override suspend fun awaitTick() = delay(1000 - Math.floorMod(nowMillis(), 1000L))
}

/**
 * The code list: accounts with their codes, refreshed each tick. Codes are fetched from Rust
 * only when one has expired (one FFI call for all accounts); between fetches only the countdown
 * moves. Plain class over a [scope] so it runs on the JVM; Android wraps it in an androidx
 * ViewModel with `viewModelScope`.
 */
class CodesViewModel(
    private val repository: AccountsRepository,
    private val nowMillis: () -> Long,
    private val ticker: Ticker,
    private val scope: CoroutineScope,
) {
    private sealed interface Data {
        data object Loading : Data
        data class Loaded(
            val accounts: List<Account>,
            val codes: Map<String, Code>,
            val hotpCodes: Map<String, Code>,
            val nowMs: Long,
        ) : Data
        data class Failed(val failure: OtpKitFailure) : Data
    }

    private val data = MutableStateFlow<Data>(Data.Loading)
    private val query = MutableStateFlow("")
    private val banner = MutableStateFlow<DriftBanner?>(null)
    private val pendingDelete = MutableStateFlow<Account?>(null)
    private val notice = MutableStateFlow<UiText?>(null)
    private val refreshLock = Mutex()

    val state: StateFlow<CodesUiState> =
        combine(data, query, banner, pendingDelete, notice) { data, query, banner, pendingDelete, notice ->
            render(data, query, banner, pendingDelete, notice)
        }.stateIn(scope, SharingStarted.Eagerly, CodesUiState.Loading)

    init {
        scope.launch {
            while (true) {
                tick()
                ticker.awaitTick()
            }
        }
        scope.launch { repository.changes.collect { reload() } }
    }

    fun setQuery(text: String) {
        query.value = text
    }

    /** What to put on the clipboard for this account's code; null when it shows none. */
    fun copy(accountId: String): ClipboardCopy? {
        val item = (state.value as? CodesUiState.Ready)?.codes?.firstOrNull { it.account.id == accountId }
        val code = item?.code ?: return null
        return ClipboardPolicy.copy(code, nowMillis())
    }

    /** HOTP: advances the counter and shows the new code. */
    fun nextHotpCode(accountId: String) = act {
        val code = repository.nextHotpCode(accountId)
        data.value = (data.value as? Data.Loaded)?.let { it.copy(hotpCodes = it.hotpCodes + (accountId to code)) }
            ?: data.value
    }

    /** Checks the device clock; a clock off enough to break codes raises the banner. */
    fun checkClock(manual: Boolean) = act {
        val report = repository.checkClock(manual)
        banner.value = DriftBanner.from(report)
        if (manual && banner.value == null) notice.value = DriftBanner.checkedText(report)
    }

    fun rename(accountId: String, label: String) {
        val trimmed = label.trim()
        if (trimmed.isEmpty()) {
            notice.value = Texts.codesNameEmpty
            return
        }
        act { repository.rename(accountId, trimmed) }
    }

    fun requestDelete(accountId: String) {
        pendingDelete.value = (data.value as? Data.Loaded)?.accounts?.firstOrNull { it.id == accountId }
    }

    fun cancelDelete() {
        pendingDelete.value = null
    }

    fun confirmDelete() {
        val account = pendingDelete.value ?: return
        pendingDelete.value = null
        act { repository.remove(account.id) }
    }

    fun dismissNotice() {
        notice.value = null
    }

    /**
     * The app came back to the foreground: take in what another process saved meanwhile (the
     * list follows through [AccountsRepository.changes]).
     */
    fun onForeground() = act { repository.reloadIfChanged() }

    /** Retries after an error (e.g. once the user set the date). */
    fun retry() {
        scope.launch { reload() }
    }

    private fun act(block: suspend () -> Unit) {
        scope.launch {
            try {
                block()
            } catch (failure: OtpKitFailure) {
                notice.value = failure.text
            }
        }
    }

    /** One tick: reload when a code expired (or nothing is loaded yet), else move the countdown. */
    private suspend fun tick() {
        val now = nowMillis()
        val current = data.value
        val expired = current !is Data.Loaded ||
            current.codes.values.any { code -> code.validUntilUnix?.let { it * 1000 <= now } ?: false }
        if (expired) reload() else data.value = current.copy(nowMs = now)
    }

    private suspend fun reload() = refreshLock.withLock {
        data.value = try {
            val accounts = repository.accounts()
            val codes = repository.codes().mapNotNull { entry -> entry.code?.let { entry.accountId to it } }.toMap()
            val ids = accounts.map { it.id }.toSet()
            val hotp = (data.value as? Data.Loaded)?.hotpCodes?.filterKeys { it in ids } ?: emptyMap()
            Data.Loaded(accounts, codes, hotp, nowMillis())
        } catch (failure: OtpKitFailure) {
            Data.Failed(failure)
        }
    }

    private fun render(
        data: Data,
        query: String,
        banner: DriftBanner?,
        pendingDelete: Account?,
        notice: UiText?,
    ): CodesUiState = when (data) {
        Data.Loading -> CodesUiState.Loading
        is Data.Failed -> CodesUiState.Error(data.failure.text, data.failure.kind)
        is Data.Loaded -> CodesUiState.Ready(
            codes = AccountSearch.filter(data.accounts, query).map { account ->
                item(account, data.codes[account.id] ?: data.hotpCodes[account.id], data.nowMs)
            },
            query = query,
            totalAccounts = data.accounts.size,
            banner = banner,
            pendingDelete = pendingDelete,
            notice = notice,
        )
    }

    private fun item(account: Account, code: Code?, nowMs: Long): CodeItem {
        val countdown = code?.let { Countdown.of(it, nowMs) }
        return CodeItem(
            account = account,
            code = code?.value,
            displayCode = code?.value?.let(CodeFormat::grouped),
            nextCode = code?.next?.let(CodeFormat::grouped),
            secondsLeft = countdown?.secondsLeft,
            progress = countdown?.progress,
        )
    }
}

/** The countdown ring of a time-based code at an instant. */
data class Countdown(val secondsLeft: Int, val progress: Float) {
    companion object {
        /** Null for HOTP (no validity window). Clamped: an expired code shows 0, not a negative. */
        fun of(code: Code, nowMs: Long): Countdown? {
            val until = code.validUntilUnix ?: return null
            val period = code.periodSeconds ?: return null
            if (period <= 0) return null
            val leftMs = (until * 1000 - nowMs).coerceIn(0, period * 1000L)
            val seconds = ((leftMs + 999) / 1000).toInt()
            return Countdown(seconds, leftMs.toFloat() / (period * 1000f))
        }
    }
}
