import Foundation

/// The screens over the open vault.
public enum Screen: Sendable, Hashable {
    /// First run, the vault made: the three ways in again (after Back from a step).
    case waysIn
    /// First run: restore a backup file (`RestoreViewModel`).
    case restore
    /// First run: scan the old phone's transfer codes (`AddAccountViewModel`'s export tracker).
    case transferIn
    case codes, add, backup, settings, changePassphrase
    /// "Transfer to another phone" (`TransferViewModel`).
    case transferOut
}

/// One screen on the open vault's stack; `key` tells two visits of a screen apart.
public struct RouteEntry: Sendable, Hashable {
    public let screen: Screen
    public let key: Int
}

/// Where the app is: what the shells draw (`switch` on iOS, `when` on Android).
public enum Route: Sendable, Equatable {
    /// First run, no vault yet: "Restore from a backup", "Transfer from your old phone", "Start fresh".
    case welcome
    /// The unlock screen (`UnlockViewModel`): on first run it asks for the passphrase, with the
    /// way chosen on `.welcome` said next; later it unlocks, Face ID offered when
    /// `offerBiometrics`. `key` is new each time the app locks: a fresh view model per visit.
    case unlock(way: FirstRunWay?, offerBiometrics: Bool, key: Int)
    /// The vault is open: the stack from its root, the top drawn (`OpenRoute`).
    case open(OpenRoute)

    public static func == (a: Route, b: Route) -> Bool {
        switch (a, b) {
        case (.welcome, .welcome): return true
        case let (.unlock(w1, o1, k1), .unlock(w2, o2, k2)): return w1 == w2 && o1 == o2 && k1 == k2
        case let (.open(x), .open(y)): return x == y
        default: return false
        }
    }
}

/// The open vault's screens: `stack` from its root (`.codes`, or `.waysIn` while the first run's
/// way is not done); the top one is drawn.
public struct OpenRoute: Sendable, Equatable {
    public let repository: any AccountsRepository
    public let stack: [RouteEntry]

    public var screen: Screen { stack[stack.count - 1].screen }
    /// The top screen's entry key (`.id(key)`: a view model per visit).
    public var key: Int { stack[stack.count - 1].key }
    public var root: Screen { stack[0].screen }

    public static func == (a: OpenRoute, b: OpenRoute) -> Bool {
        a.repository === b.repository && a.stack == b.stack
    }
}

/// The app's navigation, the same on both platforms: which screen follows which, first run
/// included, and what Back does. The shells draw `states` and forward taps and Back here.
///
/// First run asks for the way in first (`.welcome`), then the passphrase (the vault must exist
/// before anything can go into it), then goes to that way's step. The way is stored until its
/// step is done (`SettingsStore.pendingFirstRun`), so a vault made and then left goes back to
/// the step at the next unlock rather than to an unexplained empty list; from a step, Back shows
/// the ways in again, so the user can always take another.
public final class AppRoutes: @unchecked Sendable {
    private let vaultExists: @Sendable () -> Bool
    private let session: AppSession
    private let settings: any SettingsStore
    private let mutex = NSLock()
    private var nextKey = 0
    public let states: StateChannel<Route>

    public init(vaultExists: @escaping @Sendable () -> Bool, session: AppSession, settings: any SettingsStore) {
        self.vaultExists = vaultExists
        self.session = session
        self.settings = settings
        if !vaultExists() { settings.pendingFirstRun = nil }
        states = StateChannel(.welcome)
        if vaultExists() { states.send(unlockRoute(nil)) }
        session.onLocked { [weak self] in self?.onLock() }
    }

    /// One of the three ways in. Before the vault exists: remembered, and the passphrase comes
    /// next. After (from `.waysIn`): straight to its step.
    public func choose(_ way: FirstRunWay) {
        locked {
            let next: Route
            switch states.value {
            case .welcome: next = unlockRoute(way)
            case .open(let open) where open.root == .waysIn:
                next = .open(OpenRoute(repository: open.repository, stack: firstRunStack(way)))
            default: return
            }
            settings.pendingFirstRun = way == .fresh ? nil : way
            states.send(next)
        }
    }

    /// The unlock screen opened the vault (and its suggestion, if any, was answered).
    public func unlocked(_ repository: any AccountsRepository) {
        session.open(repository)
        locked {
            states.send(.open(OpenRoute(repository: repository, stack: firstRunStack(settings.pendingFirstRun ?? .fresh))))
        }
    }

    /// Opens a screen over the current one: from the codes add, backup and settings; from the
    /// settings changePassphrase, transferOut and backup. Others, or the one on top, are ignored.
    public func open(_ screen: Screen) {
        locked {
            guard case .open(let open) = states.value else { return }
            let allowed: Bool
            switch open.screen {
            case .codes: allowed = [.add, .backup, .settings].contains(screen)
            case .settings: allowed = [.changePassphrase, .transferOut, .backup].contains(screen)
            default: allowed = false
            }
            if allowed { states.send(.open(OpenRoute(repository: open.repository, stack: open.stack + [entry(screen)]))) }
        }
    }

    /// The first run's step is done (restored, transferred, or the user went on): the codes.
    public func firstRunDone() {
        locked {
            guard case .open(let open) = states.value else { return }
            settings.pendingFirstRun = nil
            states.send(.open(OpenRoute(repository: open.repository, stack: [entry(.codes)])))
        }
    }

    /// An otpauth:// link waits (`OpenedLinks`): true when the add screen now shows for it, over
    /// the codes, from whichever screen was on top. False while locked or during the first run's
    /// step: the link keeps waiting until the codes show.
    public func linkOpened() -> Bool {
        locked {
            guard case .open(let open) = states.value, open.root == .codes else { return false }
            if open.screen != .add {
                states.send(.open(OpenRoute(repository: open.repository, stack: [open.stack[0], entry(.add)])))
            }
            return true
        }
    }

    /// Whether `back()` has somewhere to go: a screen under the top one, or the ways in under the
    /// first passphrase while no vault exists.
    public func canGoBack() -> Bool {
        locked { canGoBackLocked() }
    }

    /// Back: one screen down, or to the ways in (see `canGoBack()`); false when there is nowhere to go.
    @discardableResult
    public func back() -> Bool {
        locked {
            guard canGoBackLocked() else { return false }
            if case .open(let open) = states.value {
                states.send(.open(OpenRoute(repository: open.repository, stack: Array(open.stack.dropLast()))))
            } else {
                settings.pendingFirstRun = nil
                states.send(.welcome)
            }
            return true
        }
    }

    private func canGoBackLocked() -> Bool {
        switch states.value {
        case .welcome: return false
        case .unlock(let way, _, _): return way != nil && !vaultExists()
        case .open(let open): return open.stack.count > 1
        }
    }

    /// "Lock now".
    public func lock() { session.lock() }

    private func onLock() {
        locked { states.send(unlockRoute(nil)) }
    }

    private func unlockRoute(_ way: FirstRunWay?) -> Route {
        .unlock(way: way, offerBiometrics: way == nil && settings.biometricUnlock, key: takeKey())
    }

    private func firstRunStack(_ way: FirstRunWay) -> [RouteEntry] {
        switch way {
        case .restore: return [entry(.waysIn), entry(.restore)]
        case .transfer: return [entry(.waysIn), entry(.transferIn)]
        case .fresh: return [entry(.codes)]
        }
    }

    private func entry(_ screen: Screen) -> RouteEntry { RouteEntry(screen: screen, key: takeKey()) }

    private func takeKey() -> Int {
        nextKey += 1
        return nextKey
    }

    private func locked<T>(_ body: () -> T) -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return body()
    }
}
