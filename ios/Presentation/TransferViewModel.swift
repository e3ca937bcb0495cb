import Foundation

/// One QR code of a transfer to another phone: `size` x `size` modules (draw them with 4 light
/// modules around). It holds secrets: drawn only while the user shows it, `clear()`ed when done,
/// never in `description`.
public final class TransferCode: @unchecked Sendable, CustomStringConvertible {
    /// Which code this is, from 0.
    public let index: Int
    public let count: Int
    /// How many accounts this code holds.
    public let accountCount: Int
    public let size: Int
    private let mutex = NSLock()
    /// Row by row from the top left: 1 dark, 0 light.
    private var modules: [UInt8]

    public init(index: Int, count: Int, accountCount: Int, size: Int, modules: [UInt8]) {
        precondition(modules.count == size * size, "a \(size) x \(size) code needs \(size * size) modules")
        self.index = index
        self.count = count
        self.accountCount = accountCount
        self.size = size
        self.modules = modules
    }

    public func isDark(row: Int, column: Int) -> Bool {
        mutex.lock()
        defer { mutex.unlock() }
        return modules[row * size + column] == 1
    }

    /// Overwrites the modules: the code shows nothing any more.
    public func clear() {
        mutex.lock()
        defer { mutex.unlock() }
        for i in modules.indices { modules[i] = 0 }
    }

    public var description: String { "TransferCode(\(index + 1) of \(count), \(accountCount) accounts, <redacted>)" }
}

/// An account that cannot move by QR code, and why.
public struct LeftOut: Sendable, Equatable {
    public var account: Account
    public var reason: UiText

    public init(account: Account, reason: UiText) {
        self.account = account
        self.reason = reason
    }
}

/// "Transfer to another phone".
public enum TransferUiState: Sendable, Equatable {
    case loading
    /// Before any code shows: the accounts the codes will carry, those left out (with why: move
    /// them with a backup file), and the warning that the codes hold every secret.
    case ready(movable: [Account], leftOut: [LeftOut])
    case working
    /// One code at a time: "Code 1 of 3".
    case showing(TransferCode, leftOut: [LeftOut])
    /// The codes could not be made: the text says why; `retry()`.
    case failed(UiText)
    /// Done: the codes are cleared; the view goes back.
    case finished

    public static func == (a: TransferUiState, b: TransferUiState) -> Bool {
        switch (a, b) {
        case (.loading, .loading), (.working, .working), (.finished, .finished): return true
        case let (.ready(m1, l1), .ready(m2, l2)): return m1 == m2 && l1 == l2
        case let (.showing(c1, l1), .showing(c2, l2)): return c1 === c2 && l1 == l2
        case let (.failed(t1), .failed(t2)): return t1 == t2
        default: return false
        }
    }

    /// Why no code can show, when none can (`.ready` with nothing movable).
    public static func note(movable: [Account], leftOut: [LeftOut]) -> UiText? {
        guard movable.isEmpty else { return nil }
        return leftOut.isEmpty ? Texts.transferNoAccounts : Texts.transferNoneMovable
    }

    /// "Code 1 of 3".
    public static func position(_ code: TransferCode) -> UiText {
        Texts.transferCodeOf(index: Int64(code.index + 1), count: Int64(code.count))
    }
}

/// Moving accounts to another phone by QR code (Google Authenticator's export format, which
/// OtpKit's "Transfer from your old phone" and most authenticators read). The format carries 6-
/// and 8-digit accounts with a 30 s period, and HOTP; Steam Guard and other periods or lengths
/// are listed apart, to move with a backup file. The view calls `load()` in its `.task` and
/// `finish()` when it goes; `reset()` starts a new visit (the last one's codes cleared).
public actor TransferViewModel {
    private let repository: any AccountsRepository
    public nonisolated let states = StateChannel<TransferUiState>(.loading)
    private var codes: [TransferCode] = []
    /// One visit of the screen; work remembers the visit it was started in.
    private var visit = 0

    public init(repository: any AccountsRepository) {
        self.repository = repository
    }

    /// Why `account` cannot move by QR code, or nil when it can (the rule of core's encoder).
    public static func whyNot(_ account: Account) -> UiText? {
        if account.type == .steam { return Texts.transferLeftSteam }
        if account.type == .totp && account.periodSeconds != 30 {
            return Texts.transferLeftPeriod(period: Int64(account.periodSeconds ?? 0))
        }
        if account.digits != 6 && account.digits != 8 { return Texts.transferLeftDigits(digits: Int64(account.digits)) }
        return nil
    }

    public static func split(_ accounts: [Account]) -> (movable: [Account], leftOut: [LeftOut]) {
        var movable: [Account] = [], leftOut: [LeftOut] = []
        for account in accounts {
            if let why = whyNot(account) { leftOut.append(LeftOut(account: account, reason: why)) } else { movable.append(account) }
        }
        return (movable, leftOut)
    }

    public func load() async {
        let from = visit
        states.send(.loading)
        let next: TransferUiState
        do {
            let (movable, leftOut) = Self.split(try await repository.accounts())
            next = .ready(movable: movable, leftOut: leftOut)
        } catch {
            next = .failed(text(error))
        }
        if from == visit { states.send(next) }
    }

    /// "Show the codes", after the warning.
    public func show() async {
        guard case .ready(let movable, let leftOut) = states.value, !movable.isEmpty else { return }
        let from = visit
        states.send(.working)
        do {
            let made = try await repository.transferCodes(accountIds: movable.map(\.id))
            guard from == visit else { return made.forEach { $0.clear() } }
            codes = made
            states.send(made.first.map { .showing($0, leftOut: leftOut) } ?? .ready(movable: movable, leftOut: leftOut))
        } catch {
            if from == visit { states.send(.failed(text(error))) }
        }
    }

    public func next() { step(+1) }

    public func previous() { step(-1) }

    /// Done (or the view goes): every code is overwritten and dropped.
    public func finish() {
        clearCodes()
        states.send(.finished)
    }

    /// A new visit of the screen: the last visit's codes cleared, the accounts read again.
    public func reset() async {
        clearCodes()
        visit += 1
        await load()
    }

    private func clearCodes() {
        codes.forEach { $0.clear() }
        codes = []
    }

    public func retry() async {
        if case .failed = states.value { await load() }
    }

    private func step(_ by: Int) {
        guard case .showing(let code, let leftOut) = states.value else { return }
        let to = code.index + by
        guard codes.indices.contains(to) else { return }
        states.send(.showing(codes[to], leftOut: leftOut))
    }

    private func text(_ error: Error) -> UiText {
        (error as? OtpKitFailure)?.text ?? Texts.failureUnexpected
    }
}
