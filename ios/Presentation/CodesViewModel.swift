import Foundation

/// The code list screen's state.
public enum CodesUiState: Sendable, Equatable {
    case loading
    case ready(CodesList)
    case error(message: UiText, kind: FailureKind)
}

/// The list as shown.
public struct CodesList: Sendable, Equatable {
    /// The accounts matching `query`, in the user's order, with their codes.
    public var codes: [CodeItem]
    public var query: String
    /// How many accounts there are in all (to tell "no accounts" from "no match").
    public var totalAccounts: Int
    /// The clock-drift banner, when the clock is off enough to break codes.
    public var banner: DriftBanner?
    /// The account awaiting "Delete?" confirmation.
    public var pendingDelete: Account?
    /// A one-off message (a failed rename, a clock check that found nothing wrong).
    public var notice: UiText?
}

/// One row: an account and, for time-based accounts, its code with the countdown.
public struct CodeItem: Sendable, Equatable, Identifiable {
    public var account: Account
    /// The code to copy (digits only); nil for HOTP until the user asks for one.
    public var code: String?
    /// `code` grouped for reading: "123 456".
    public var displayCode: String?
    public var nextCode: String?
    /// Whole seconds until `code` changes (the number in the ring); nil for HOTP.
    public var secondsLeft: Int?
    /// The countdown ring, 1.0 down to 0.0; nil for HOTP.
    public var progress: Double?

    public var id: String { account.id }

    public init(
        account: Account, code: String?, displayCode: String?, nextCode: String?, secondsLeft: Int?, progress: Double?
    ) {
        self.account = account
        self.code = code
        self.displayCode = displayCode
        self.nextCode = nextCode
        self.secondsLeft = secondsLeft
        self.progress = progress
    }

    /// What VoiceOver says for the row (instead of its texts and ring): the name, the code digit
    /// by digit (never as a number), and the seconds left.
    public var spokenLabel: UiText {
        let name = account.displayName
        guard let code else { return Texts.codesSpokenNoCode(name: name) }
        let digits = code.map(String.init).joined(separator: " ")
        guard let secondsLeft else { return Texts.codesSpokenCode(name: name, digits: digits) }
        return Texts.codesSpokenTime(name: name, digits: digits, seconds: Int64(secondsLeft))
    }
}

/// The code list: accounts with their codes, refreshed each tick. Codes are fetched from Rust
/// only when one has expired (one FFI call for all accounts); between fetches only the
/// countdown moves. The SwiftUI view runs `run()` in its `.task` and watches `states`.
public actor CodesViewModel {
    private let repository: any AccountsRepository
    private let nowMillis: @Sendable () -> Int64
    private let ticker: any Ticker
    public nonisolated let states = StateChannel<CodesUiState>(.loading)

    private var accounts: [Account]?
    private var codes: [String: Code] = [:]
    private var hotpCodes: [String: Code] = [:]
    private var nowMs: Int64 = 0
    private var failure: OtpKitFailure?
    private var query = ""
    private var banner: DriftBanner?
    private var pendingDelete: Account?
    private var notice: UiText?

    public init(repository: any AccountsRepository, nowMillis: @escaping @Sendable () -> Int64, ticker: any Ticker) {
        self.repository = repository
        self.nowMillis = nowMillis
        self.ticker = ticker
    }

    /// Refreshes each tick and follows the vault's changes until the calling task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in self.repository.changes() { await self.reload() }
            }
            group.addTask {
                while !Task.isCancelled {
                    await self.tick()
                    do { try await self.ticker.waitForTick() } catch { return }
                }
            }
        }
    }

    public func setQuery(_ text: String) {
        query = text
        publish()
    }

    /// What to put on the pasteboard for this account's code; nil when it shows none.
    public func copy(accountId: String) -> ClipboardCopy? {
        guard case .ready(let list) = states.value,
            let code = list.codes.first(where: { $0.account.id == accountId })?.code
        else { return nil }
        return ClipboardPolicy.copy(code, nowMs: nowMillis())
    }

    /// HOTP: advances the counter and shows the new code.
    public func nextHotpCode(accountId: String) async {
        await act { hotpCodes[accountId] = try await repository.nextHotpCode(accountId: accountId) }
    }

    /// Checks the device clock; a clock off enough to break codes raises the banner.
    public func checkClock(manual: Bool) async {
        await act {
            let report = try await repository.checkClock(manual: manual)
            banner = DriftBanner.from(report)
            if manual && banner == nil { notice = DriftBanner.checkedText(report) }
        }
    }

    public func rename(accountId: String, label: String) async {
        let trimmed = label.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            notice = Texts.codesNameEmpty
            return publish()
        }
        await act { try await repository.rename(accountId: accountId, label: trimmed) }
    }

    public func requestDelete(accountId: String) {
        pendingDelete = accounts?.first { $0.id == accountId }
        publish()
    }

    public func cancelDelete() {
        pendingDelete = nil
        publish()
    }

    public func confirmDelete() async {
        guard let account = pendingDelete else { return }
        pendingDelete = nil
        publish()
        await act { try await repository.remove(accountId: account.id) }
    }

    public func dismissNotice() {
        notice = nil
        publish()
    }

    /// The app came back to the foreground: take in what another process saved meanwhile (the
    /// list follows through the repository's `changes()`).
    public func onForeground() async {
        await act { try await repository.reloadIfChanged() }
    }

    /// Retries after an error (e.g. once the user set the date).
    public func retry() async {
        await reload()
    }

    private func act(_ body: () async throws -> Void) async {
        do {
            try await body()
        } catch let failure as OtpKitFailure {
            notice = failure.text
        } catch {
            notice = Texts.failureUnexpected
        }
        publish()
    }

    /// One tick: reload when a code expired (or nothing is loaded yet), else move the countdown.
    private func tick() async {
        let now = nowMillis()
        let expired = accounts == nil || codes.values.contains { code in
            code.validUntilUnix.map { $0 * 1000 <= now } ?? false
        }
        if expired {
            await reload()
        } else {
            nowMs = now
            publish()
        }
    }

    private func reload() async {
        do {
            let accounts = try await repository.accounts()
            let entries = try await repository.codes()
            self.accounts = accounts
            codes = Dictionary(entries.compactMap { e in e.code.map { (e.accountId, $0) } }, uniquingKeysWith: { a, _ in a })
            let ids = Set(accounts.map(\.id))
            hotpCodes = hotpCodes.filter { ids.contains($0.key) }
            failure = nil
        } catch let error as OtpKitFailure {
            failure = error
        } catch {
            failure = OtpKitFailure(.internal, Texts.failureUnexpected, message: "\(error)")
        }
        nowMs = nowMillis()
        publish()
    }

    private func publish() {
        if let failure {
            return states.send(.error(message: failure.text, kind: failure.kind))
        }
        guard let accounts else { return states.send(.loading) }
        let items = AccountSearch.filter(accounts, query: query).map { account -> CodeItem in
            let code = codes[account.id] ?? hotpCodes[account.id]
            let countdown = code.flatMap { Countdown.of($0, nowMs: nowMs) }
            return CodeItem(
                account: account, code: code?.value, displayCode: code.map { CodeFormat.grouped($0.value) },
                nextCode: code.map { CodeFormat.grouped($0.next) }, secondsLeft: countdown?.secondsLeft,
                progress: countdown?.progress)
        }
        states.send(
            .ready(
                CodesList(
                    codes: items, query: query, totalAccounts: accounts.count, banner: banner,
                    pendingDelete: pendingDelete, notice: notice)))
    }
}
