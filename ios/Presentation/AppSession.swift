import Foundation

/// Something scheduled that can be called off.
public protocol Cancellable: Sendable {
    func cancel()
}

/// Runs an action after a delay: the auto-lock's timer (a task in the app, by hand in tests).
public protocol LockTimer: Sendable {
    func schedule(afterMs: Int64, _ action: @escaping @Sendable () -> Void) -> any Cancellable
}

/// The app's `LockTimer`: a task on the main actor, so the action runs where the lifecycle
/// hooks do.
public struct TaskLockTimer: LockTimer {
    public init() {}

    public func schedule(afterMs: Int64, _ action: @escaping @Sendable () -> Void) -> any Cancellable {
        let task = Task { @MainActor in
            try? await Task.sleep(nanoseconds: UInt64(max(afterMs, 0)) * 1_000_000)
            if !Task.isCancelled { action() }
        }
        return TaskCancellable(task: task)
    }

    private struct TaskCancellable: Cancellable {
        let task: Task<Void, Never>
        func cancel() { task.cancel() }
    }
}

/// Whether the vault is open.
public enum SessionState: Sendable {
    case locked
    case open(any AccountsRepository)
}

/// The open vault and the auto-lock. The vault locks when the app has been in the background
/// for the chosen `SettingsStore.autoLock` delay, and at once when the device locks
/// (`protectedDataWillBecomeUnavailable`). Locking closes the repository and tells the
/// `onLocked` listeners (the routes go back to the unlock screen, so the code list is hidden
/// until the user unlocks again).
///
/// Time is read from `elapsedMs`, a clock that counts sleep and that the user cannot set (the
/// boot clock). iOS suspends an app in the background, so the timer rarely fires there:
/// `onForeground` checks the time away itself before anything shows.
///
/// Synchronous and locked, so the shells call it straight from their lifecycle hooks, in order.
public final class AppSession: @unchecked Sendable {
    /// How long a system screen the app opened (a file picker) may keep it away: 5 min.
    public static let holdGraceMs: Int64 = 300_000

    private let settings: any SettingsStore
    private let elapsedMs: @Sendable () -> Int64
    private let timer: any LockTimer
    private let mutex = NSLock()
    public let states = StateChannel<SessionState>(.locked)
    private var listeners: [@Sendable () -> Void] = []
    private var away: (sinceMs: Int64, limitMs: Int64)?
    private var pendingLock: (any Cancellable)?
    private var holds = 0

    public init(settings: any SettingsStore, elapsedMs: @escaping @Sendable () -> Int64, timer: any LockTimer) {
        self.settings = settings
        self.elapsedMs = elapsedMs
        self.timer = timer
    }

    /// The repository, while the vault is open.
    public var repository: (any AccountsRepository)? {
        if case .open(let repository) = states.value { return repository }
        return nil
    }

    /// Calls `listener` each time the vault locks.
    public func onLocked(_ listener: @escaping @Sendable () -> Void) {
        locked { listeners.append(listener) }
    }

    /// The user unlocked: `repository` is the open vault until the next lock.
    public func open(_ repository: any AccountsRepository) {
        let previous: (any AccountsRepository)? = locked {
            let current = self.repository
            if current === repository { return nil }
            away = nil
            states.send(.open(repository))
            return current
        }
        previous?.close()
    }

    /// Locks now (the user asked, the device locked, the delay passed). Locked already: nothing.
    public func lock() {
        let closed: (any AccountsRepository, [@Sendable () -> Void])? = locked {
            guard let open = self.repository else { return nil }
            cancelPending()
            away = nil
            holds = 0
            states.send(.locked)
            return (open, listeners)
        }
        guard let (repository, toTell) = closed else { return }
        repository.close()
        toTell.forEach { $0() }
    }

    /// The scene went to the background: with "immediately" it locks now; else a timer is set.
    public func onBackground() {
        let limit: Int64? = locked {
            guard self.repository != nil, away == nil else { return nil }
            let limit = awayLimitMs()
            away = (elapsedMs(), limit)
            return limit
        }
        guard let limit else { return }
        if limit == 0 { return lock() }
        let scheduled = timer.schedule(afterMs: limit) { [weak self] in self?.lockIfStillAway() }
        locked {
            pendingLock?.cancel()
            pendingLock = scheduled
        }
    }

    /// The scene is active again: locks first if it was away for longer than allowed.
    public func onForeground() {
        let tooLong: Bool = locked {
            guard let left = away else { return false }
            away = nil
            cancelPending()
            return elapsedMs() - left.sinceMs >= left.limitMs
        }
        if tooLong { lock() }
    }

    /// The device locked (protected data becomes unavailable): the vault locks whatever the delay.
    public func onScreenOff() { lock() }

    /// The app is about to open a system screen it comes back from (a file picker): while held,
    /// the app may stay away for `holdGraceMs` or the chosen delay, the longer. The device
    /// locking still locks at once. Pair with `releaseHold()` when the result is in.
    public func holdOpen() { locked { holds += 1 } }

    public func releaseHold() { locked { if holds > 0 { holds -= 1 } } }

    private func lockIfStillAway() {
        if locked({ away != nil }) { lock() }
    }

    private func awayLimitMs() -> Int64 {
        let chosen = settings.autoLock.ms
        return holds > 0 ? max(chosen, Self.holdGraceMs) : chosen
    }

    private func cancelPending() {
        pendingLock?.cancel()
        pendingLock = nil
    }

    private func locked<T>(_ body: () -> T) -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return body()
    }
}
