import Foundation
import OtpKitPresentation

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
    func add() { lock.lock(); n += 1; lock.unlock() }
}

private func isOpen(_ session: AppSession) -> Bool { session.repository != nil }

func sessionTests(_ suite: Suite) async {
    func setUp(_ settings: TestSettingsStore = TestSettingsStore()) -> (AppSession, TestClock, ManualLockTimer, Counter) {
        let clock = TestClock(1_000_000)
        let timer = ManualLockTimer()
        let session = AppSession(settings: settings, elapsedMs: clock.read, timer: timer)
        let locks = Counter()
        session.onLocked { locks.add() }
        return (session, clock, timer, locks)
    }

    await suite.test("session: the vault locks once the chosen delay has passed in the background, and the repository is closed") {
        let (session, clock, timer, locks) = setUp()
        let repository = TestRepository(clock: clock)
        session.open(repository)
        try expect(session.repository === repository, "open")
        session.onBackground()
        try expectEqual(timer.pending.map(\.afterMs), [60_000], "the default delay is 1 min")
        clock.nowMs += 59_000
        timer.fire(59_000)
        try expect(isOpen(session), "not yet")
        clock.nowMs += 1_000
        timer.fire(60_000)
        try expect(!isOpen(session), "locked")
        try expect(repository.closed.value, "locking closes the vault")
        try expectEqual(locks.value, 1)
        session.onForeground()
        try expectEqual(locks.value, 1, "back after a lock: nothing more")
    }

    await suite.test("session: back in time the timer is called off and the vault stays open") {
        let (session, clock, timer, locks) = setUp()
        let repository = TestRepository(clock: clock)
        session.open(repository)
        session.onBackground()
        clock.nowMs += 30_000
        session.onForeground()
        try expect(timer.pending.isEmpty, "the timer is cancelled")
        try expect(isOpen(session) && !repository.closed.value, "still open")
        try expectEqual(locks.value, 0)
    }

    await suite.test("session: a timer the suspended app never ran is made up for when it comes back") {
        let (session, clock, timer, locks) = setUp()
        session.open(TestRepository(clock: clock))
        session.onBackground()
        clock.nowMs += 10 * 60_000
        session.onForeground()
        try expect(!isOpen(session), "locked before anything shows")
        try expectEqual(locks.value, 1)
        try expect(timer.pending.isEmpty, "no timer left")
    }

    await suite.test("session: immediately locks on leaving, and the device locking locks whatever the delay") {
        let settings = TestSettingsStore(autoLock: .immediately)
        let (session, clock, timer, locks) = setUp(settings)
        session.open(TestRepository(clock: clock))
        session.onBackground()
        try expect(!isOpen(session), "immediately")
        try expect(timer.scheduled.isEmpty, "no timer for immediately")
        settings.autoLock = .minutes15
        let second = TestRepository(clock: clock)
        session.open(second)
        session.onScreenOff()
        try expect(!isOpen(session) && second.closed.value, "device locked")
        try expectEqual(locks.value, 2)
        session.onScreenOff()
        session.lock()
        try expectEqual(locks.value, 2, "locking a locked app does nothing")
    }

    await suite.test("session: a file picker the app opened gets five minutes, then the hold ends with the result") {
        let settings = TestSettingsStore(autoLock: .immediately)
        let (session, clock, timer, _) = setUp(settings)
        session.open(TestRepository(clock: clock))
        session.holdOpen()
        session.onBackground()
        try expect(isOpen(session), "picking a file does not lock under the user's hands")
        try expectEqual(timer.pending.map(\.afterMs), [AppSession.holdGraceMs])
        clock.nowMs += 20_000
        session.onForeground()
        session.releaseHold()
        try expect(isOpen(session), "back in time")
        session.onBackground()
        try expect(!isOpen(session), "without a hold, immediately again")

        settings.autoLock = .minutes15
        session.open(TestRepository(clock: clock))
        session.holdOpen()
        session.onBackground()
        try expectEqual(timer.pending.map(\.afterMs), [AutoLockDelay.minutes15.ms], "a longer chosen delay wins")
        session.onForeground()
        session.releaseHold()
        session.releaseHold()
        session.holdOpen()
        session.onScreenOff()
        try expect(!isOpen(session), "the device locking locks even while held")
    }

    await suite.test("session: a new delay applies from the next time the app leaves") {
        let settings = TestSettingsStore(autoLock: .seconds30)
        let (session, clock, timer, _) = setUp(settings)
        session.open(TestRepository(clock: clock))
        session.onBackground()
        session.onBackground()
        try expectEqual(timer.pending.map(\.afterMs), [30_000], "one timer for one absence")
        settings.autoLock = .minutes5
        clock.nowMs += 31_000
        session.onForeground()
        try expect(!isOpen(session), "the delay set when the app left counts")
    }

    await suite.test("session: opening another vault closes the one before; the same one twice changes nothing") {
        let (session, clock, timer, locks) = setUp()
        let first = TestRepository(clock: clock)
        session.open(first)
        session.open(first)
        try expect(!first.closed.value, "the same one")
        let other = TestRepository(clock: clock)
        session.open(other)
        try expect(first.closed.value && session.repository === other, "replaced")
        try expectEqual(locks.value, 0)
        session.onForeground()
        try expect(!other.closed.value, "in front without having left")
        try expect(timer.scheduled.isEmpty, "no timer")
    }

    await suite.test("session: a locked app ignores the lifecycle") {
        let (session, _, timer, locks) = setUp()
        session.onBackground()
        session.onForeground()
        try expect(timer.scheduled.isEmpty, "no timer")
        try expectEqual(locks.value, 0)
    }

    await suite.test("session: the delay names survive storage and their labels read in every language") {
        try expectEqual(AutoLockDelay.named("minutes5"), .minutes5)
        try expectEqual(AutoLockDelay.named(nil), .minute1)
        try expectEqual(AutoLockDelay.named("never"), .minute1, "an unknown name is the default")
        try expectEqual(FirstRunWay.named("transfer"), .transfer)
        try expectEqual(FirstRunWay.named("nonsense"), nil)
        try expectEqual(AutoLockDelay.allCases.map { Catalogs.render($0.label, "en") }, ["Immediately", "30 s", "1 min", "5 min", "15 min"])
        try expectEqual(Catalogs.render(AutoLockDelay.immediately.label, "nl"), "Meteen")
        try expectEqual(Catalogs.render(AutoLockDelay.immediately.label, "fr"), "Immédiatement")
    }
}

func routesTests(_ suite: Suite) async {
    final class World: @unchecked Sendable {
        let clock = TestClock(0)
        let settings = TestSettingsStore()
        lazy var session = AppSession(settings: settings, elapsedMs: clock.read, timer: ManualLockTimer())
        lazy var repository = TestRepository(clock: clock)
        let vault = Locked(false)

        func routes() -> AppRoutes {
            let vault = self.vault
            return AppRoutes(vaultExists: { vault.value }, session: session, settings: settings)
        }

        /// The unlock screen made the vault and opened it.
        func created(_ routes: AppRoutes) {
            vault.value = true
            routes.unlocked(repository)
        }
    }

    func open(_ routes: AppRoutes) throws -> OpenRoute {
        guard case .open(let open) = routes.states.value else { throw Failure(description: "not open: \(routes.states.value)") }
        return open
    }

    func screens(_ routes: AppRoutes) throws -> [Screen] { try open(routes).stack.map(\.screen) }

    await suite.test("routes: first run asks for the way in, then the passphrase, then goes to that way's step") {
        let world = World()
        let routes = world.routes()
        try expectEqual(routes.states.value, .welcome)
        routes.choose(.restore)
        guard case .unlock(.restore?, false, _) = routes.states.value else { throw Failure(description: "\(routes.states.value)") }
        try expectEqual(world.settings.pendingFirstRun, .restore, "remembered before the vault exists")
        world.created(routes)
        try expectEqual(try screens(routes), [.waysIn, .restore])
        try expect(try open(routes).repository === world.repository && world.session.repository === world.repository, "opened")
        routes.firstRunDone()
        try expectEqual(try screens(routes), [.codes])
        try expectEqual(world.settings.pendingFirstRun, nil)
        try expect(!routes.back(), "Back on the codes leaves the app")
    }

    await suite.test("routes: transfer goes to the scanner and start fresh to the codes") {
        let world = World()
        let routes = world.routes()
        routes.choose(.transfer)
        world.created(routes)
        try expectEqual(try screens(routes), [.waysIn, .transferIn])
        let fresh = World()
        let freshRoutes = fresh.routes()
        freshRoutes.choose(.fresh)
        fresh.created(freshRoutes)
        try expectEqual(try screens(freshRoutes), [.codes])
        try expectEqual(fresh.settings.pendingFirstRun, nil)
    }

    await suite.test("routes: Back from a step shows the ways in, where another can be taken") {
        let world = World()
        let routes = world.routes()
        routes.choose(.restore)
        world.created(routes)
        try expect(routes.back(), "back")
        try expectEqual(try screens(routes), [.waysIn])
        try expect(!routes.back(), "the ways in are the root")
        try expectEqual(world.settings.pendingFirstRun, .restore)
        routes.choose(.transfer)
        try expectEqual(try screens(routes), [.waysIn, .transferIn])
        try expectEqual(world.settings.pendingFirstRun, .transfer)
        routes.back()
        routes.choose(.fresh)
        try expectEqual(try screens(routes), [.codes])
        try expectEqual(world.settings.pendingFirstRun, nil)
        routes.choose(.restore)
        try expectEqual(try screens(routes), [.codes], "the ways in are for the first run only")
    }

    await suite.test("routes: a vault made and left returns to its step at the next unlock") {
        let world = World()
        world.routes().choose(.restore)
        world.vault.value = true
        let next = world.routes()
        guard case .unlock(nil, true, _) = next.states.value else { throw Failure(description: "\(next.states.value)") }
        next.unlocked(world.repository)
        try expectEqual(try screens(next), [.waysIn, .restore])
    }

    await suite.test("routes: a way chosen but no vault made is forgotten") {
        let world = World()
        world.settings.pendingFirstRun = .transfer
        try expectEqual(world.routes().states.value, .welcome)
        try expectEqual(world.settings.pendingFirstRun, nil)
    }

    await suite.test("routes: Back from the first passphrase goes back to the ways in while no vault exists") {
        let world = World()
        let routes = world.routes()
        try expect(!routes.canGoBack(), "welcome")
        routes.choose(.transfer)
        try expect(routes.canGoBack(), "first passphrase")
        try expect(routes.back(), "back")
        try expectEqual(routes.states.value, .welcome)
        try expectEqual(world.settings.pendingFirstRun, nil)
        try expect(!routes.back(), "Back on the welcome leaves the app")
        routes.choose(.fresh)
        world.vault.value = true
        try expect(!routes.canGoBack() && !routes.back(), "once the vault exists there is no way back to the welcome")
    }

    await suite.test("routes: the codes open add, backup and settings, the settings their own screens, and Back goes down") {
        let world = World()
        world.vault.value = true
        let routes = world.routes()
        routes.unlocked(world.repository)
        routes.open(.changePassphrase)
        try expectEqual(try screens(routes), [.codes], "not from the codes")
        routes.open(.settings)
        routes.open(.settings)
        try expectEqual(try screens(routes), [.codes, .settings], "the top one is not opened twice")
        routes.open(.add)
        try expectEqual(try screens(routes), [.codes, .settings], "add is opened from the codes")
        routes.open(.transferOut)
        try expectEqual(try screens(routes), [.codes, .settings, .transferOut])
        try expect(routes.back(), "back")
        routes.open(.backup)
        try expectEqual(try open(routes).screen, .backup)
        try expectEqual(try open(routes).root, .codes)
        try expect(routes.back() && routes.back(), "down to the codes")
        try expect(!routes.back(), "root")
    }

    await suite.test("routes: each visit of a screen has its own key") {
        let world = World()
        world.vault.value = true
        let routes = world.routes()
        routes.unlocked(world.repository)
        routes.open(.add)
        let first = try open(routes).key
        routes.back()
        routes.open(.add)
        try expect(try open(routes).key != first, "a fresh add screen each time")
    }

    await suite.test("routes: locking hides everything behind a fresh unlock screen") {
        let world = World()
        world.vault.value = true
        let routes = world.routes()
        guard case .unlock(_, _, let firstKey) = routes.states.value else { throw Failure(description: "not unlock") }
        routes.unlocked(world.repository)
        routes.open(.settings)
        routes.lock()
        guard case .unlock(nil, true, let key) = routes.states.value else { throw Failure(description: "\(routes.states.value)") }
        try expect(key != firstKey, "a new unlock view model")
        try expect(world.repository.closed.value, "closed")
        world.settings.biometricUnlock = false
        world.session.open(TestRepository(clock: world.clock))
        world.session.onScreenOff()
        guard case .unlock(nil, false, _) = routes.states.value else { throw Failure(description: "Face ID turned off: not offered") }
    }

    await suite.test("routes: a waiting link opens the add screen over the codes, and waits while locked or during the first run") {
        let world = World()
        world.vault.value = true
        let routes = world.routes()
        try expect(!routes.linkOpened(), "locked: the link waits")
        routes.unlocked(world.repository)
        try expect(routes.linkOpened(), "open")
        try expectEqual(try screens(routes), [.codes, .add])
        try expect(routes.linkOpened(), "already there")
        try expectEqual(try screens(routes), [.codes, .add])
        routes.back()
        routes.open(.settings)
        routes.open(.transferOut)
        try expect(routes.linkOpened(), "from any screen over the codes")
        try expectEqual(try screens(routes), [.codes, .add])

        let first = World()
        let firstRoutes = first.routes()
        try expect(!firstRoutes.linkOpened(), "welcome")
        firstRoutes.choose(.restore)
        try expect(!firstRoutes.linkOpened(), "first passphrase")
        first.created(firstRoutes)
        try expect(!firstRoutes.linkOpened(), "the restore comes first")
        try expectEqual(try screens(firstRoutes), [.waysIn, .restore])
        firstRoutes.firstRunDone()
        try expect(firstRoutes.linkOpened(), "then the codes")
    }
}

func keyValueStoreTests(_ suite: Suite) async {
    await suite.test("settings store: the preferences go to string keys and come back, unset ones as the defaults") {
        let stored = Locked<[String: String]>([:])
        let store = KeyValueSettingsStore(read: { stored.value[$0] }, write: { stored.value[$0] = $1 })
        try expectEqual(store.autoLock, .minute1)
        try expect(store.biometricUnlock, "wanted until turned off")
        try expectEqual(store.pendingFirstRun, nil)
        store.autoLock = .minutes15
        store.biometricUnlock = false
        store.pendingFirstRun = .restore
        try expectEqual(stored.value, ["auto_lock": "minutes15", "biometric_unlock": "off", "pending_first_run": "restore"])
        let again = KeyValueSettingsStore(read: { stored.value[$0] }, write: { _, _ in })
        try expectEqual(again.autoLock, .minutes15)
        try expect(!again.biometricUnlock, "off")
        try expectEqual(again.pendingFirstRun, .restore)
        store.pendingFirstRun = nil
        try expectEqual(stored.value["pending_first_run"], nil)

        let defaults = UserDefaults(suiteName: "otpkit-test-\(getpid())")!
        let real = KeyValueSettingsStore(defaults: defaults)
        real.autoLock = .seconds30
        real.pendingFirstRun = .transfer
        real.pendingFirstRun = nil
        try expectEqual(KeyValueSettingsStore(defaults: defaults).autoLock, .seconds30)
        try expectEqual(KeyValueSettingsStore(defaults: defaults).pendingFirstRun, nil)
    }
}
