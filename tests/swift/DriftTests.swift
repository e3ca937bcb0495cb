// Clock drift through the generated Swift: a ClockChecker asks SNTP responders on 127.0.0.1
// (written here in Swift with BSD sockets, independently of the Rust client) whose clocks run
// ahead of this one.

import Foundation
import OtpKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The device clocks as an app passes them (system uptime stands in for continuous time).
final class SystemWallClock: WallClock, @unchecked Sendable {
    let jumpMs: Int64
    /// `jumpMs`: somebody moved the date this far ahead; the boot clock did not move.
    init(jumpMs: Int64 = 0) { self.jumpMs = jumpMs }
    func nowUnixMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) + jumpMs }
    func millisSinceBoot() -> Int64 { Int64(ProcessInfo.processInfo.systemUptime * 1000) }
}

/// A clock the test can swap while a vault holds it (a vault takes its clock once, at open).
final class SwitchedClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var _to: any WallClock
    init(_ to: any WallClock) { _to = to }
    var to: any WallClock {
        get { lock.lock(); defer { lock.unlock() }; return _to }
        set { lock.lock(); _to = newValue; lock.unlock() }
    }
    func nowUnixMillis() -> Int64 { to.nowUnixMillis() }
    func millisSinceBoot() -> Int64 { to.millisSinceBoot() }
}

/// Keeps every line OtpKit logs.
final class RecordingLogger: Logger, @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [(LogLevel, String)] = []
    func log(level: LogLevel, message: String) {
        lock.lock(); kept.append((level, message)); lock.unlock()
    }
    var lines: [(LogLevel, String)] { lock.lock(); defer { lock.unlock() }; return kept }
}

func driftTests(_ suite: Suite) {
    suite.test("a clock 45 s slow is Bad, with the sentence to show; the outlier is outvoted") {
        let responders = try [45_000, 45_000, 180_000].map { try SntpResponder(offsetMs: $0) }
        defer { responders.forEach { $0.stop() } }
        let checker = try ClockChecker(servers: responders.map(\.server), deadlineMs: 2_000)
        let report = await checker.check(trigger: .manual, clock: SystemWallClock())
        try expectEqual(report.status, .bad)
        try expect((44_800...45_200).contains(report.offsetMs ?? 0), "offset \(String(describing: report.offsetMs))")
        try expectEqual(
            report.message,
            "Your phone's clock is 45 seconds slow. Codes will be rejected. Turn on automatic date and time.")
        try expectEqual(report.servers.map(\.agrees), [true, true, false])
        // The outlier either answered far off, or was not waited for once two servers agreed.
        let outlier = report.servers[2]
        try expect(
            (179_800...180_200).contains(outlier.offsetMs ?? 0) || outlier.error != nil, "outlier \(outlier)")
        try expect(report.fresh, "the first check asks the servers")

        // Asked again within a minute, the checker answers from memory and sends nothing.
        let asked = responders.map(\.requests).reduce(0, +)
        let again = await checker.check(trigger: .manual, clock: SystemWallClock())
        try expect(!again.fresh, "a second check within a minute is not fresh")
        try expectEqual(again.offsetMs, report.offsetMs)
        try expectEqual(again.message, report.message)
        try expectEqual(responders.map(\.requests).reduce(0, +), asked)
    }

    suite.test("no server answering is Unknown, not an error") {
        let (fd, port) = try loopbackUdpSocket()  // bound, never answers
        defer { close(fd) }
        let checker = try ClockChecker(servers: ["127.0.0.1:\(port)", "127.0.0.1:\(port)"], deadlineMs: 300)
        let report = await checker.check(trigger: .manual, clock: SystemWallClock())
        try expectEqual(report.status, .unknown)
        try expectEqual(report.offsetMs, nil)
        try expectEqual(
            report.message, "Could not check your phone's clock: no time server answered. Try again when you are online.")
        try expect(report.servers.allSatisfy { !$0.agrees && $0.error != nil }, "\(report.servers)")
    }

    suite.test("a bad server list or deadline is InvalidInput with the fix") {
        let server = try expectOtpKitError { try ClockChecker(servers: ["time.example.com:ntp"], deadlineMs: 1_000) }
        try expectError(server, "InvalidInput", "server 'time.example.com:ntp' is not HOST:PORT: write it like time.example.com:123 or [2001:db8::1]:123")
        let none = try expectOtpKitError { try ClockChecker(servers: [], deadlineMs: 1_000) }
        try expectError(none, "InvalidInput", "no time servers given: name at least two so their answers can be compared")
        let deadline = try expectOtpKitError { try ClockChecker(servers: ["127.0.0.1:123"], deadlineMs: 0) }
        try expectError(deadline, "InvalidInput", "deadline 0 ms is out of range: use 1 to 60000 ms (3000 is the default)")
        try expectReason(server, .serverInvalid, ErrorDetails(server: "time.example.com:ntp"))
        try expectReason(none, .noServers)
        try expectReason(deadline, .deadlineOutOfRange, ErrorDetails(value: 0, limit: 60_000))
        let negative = try expectOtpKitError { try ClockChecker(servers: ["127.0.0.1:123"], deadlineMs: -1) }
        try expectReason(negative, .deadlineOutOfRange, ErrorDetails(value: -1, limit: 60_000))
    }

    suite.test("a correction the user turns on moves codes to the servers' time, and is dropped when the date is set") {
        let responders = try [45_000, 45_000].map { try SntpResponder(offsetMs: $0) }
        defer { responders.forEach { $0.stop() } }
        let clock = SwitchedClock(SystemWallClock())
        let vault = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: clock)
        _ = try vault.addUri(uri: rfcTotpUri)
        let checker = try ClockChecker(servers: responders.map(\.server), deadlineMs: 2_000)
        let none = try expectOtpKitError { try vault.turnOnClockCorrection(checker: checker) }
        try expectError(none, "InvalidInput", "no clock check yet: check the clock first, then turn the correction on")
        try expectReason(none, .clockNotChecked)
        try expectEqual(await checker.check(trigger: .manual, clock: SystemWallClock()).status, .bad)

        let offset = try vault.turnOnClockCorrection(checker: checker)
        try expect((44_800...45_200).contains(offset), "offset \(offset)")
        try expectEqual(vault.clockCorrectionMs(), offset)
        let before = SystemWallClock().nowUnixMillis()
        let corrected = try vault.codes()[0].code
        let after = SystemWallClock().nowUnixMillis()
        let expected = try [before, after].map { try vault.codesAt(atUnixSeconds: ($0 + offset) / 1000)[0].code }
        try expect(expected.contains(corrected), "\(String(describing: corrected)) is not one of \(expected)")

        // The date set 10 minutes ahead (the boot clock did not move): the correction is dropped.
        let jumped = SystemWallClock(jumpMs: 600_000)
        clock.to = jumped
        let t0 = jumped.nowUnixMillis()
        let plain = try vault.codes()[0].code
        let t1 = jumped.nowUnixMillis()
        try expectEqual(vault.clockCorrectionMs(), nil)
        let unshifted = try [t0, t1].map { try vault.codesAt(atUnixSeconds: $0 / 1000)[0].code }
        try expect(unshifted.contains(plain), "\(String(describing: plain))")
    }

    suite.test("a correction is refused when the servers did not agree") {
        let responders = try [45_000, 300_000].map { try SntpResponder(offsetMs: $0) }
        defer { responders.forEach { $0.stop() } }
        let vault = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: SystemWallClock())
        let checker = try ClockChecker(servers: responders.map(\.server), deadlineMs: 1_000)
        try expectEqual(await checker.check(trigger: .manual, clock: SystemWallClock()).status, .unknown)
        let refused = try expectOtpKitError { try vault.turnOnClockCorrection(checker: checker) }
        try expectError(refused, "InvalidInput", "the time servers did not agree on the time, so there is nothing to correct by: check again when online")
        try expectReason(refused, .correctionNoAgreement)
        try expectEqual(vault.clockCorrectionMs(), nil)
    }

    suite.test("a refused time-server answer leaves a line in the app's Logger, naming the server and why") {
        let logger = RecordingLogger()
        setLogger(logger: logger)
        let liar = try SntpResponder(offsetMs: 0, unsynchronised: true)
        let honest = try [0, 0].map { try SntpResponder(offsetMs: $0) }
        defer { ([liar] + honest).forEach { $0.stop() } }
        let checker = try ClockChecker(servers: [liar.server] + honest.map(\.server), deadlineMs: 2_000)
        _ = await checker.check(trigger: .manual, clock: SystemWallClock())
        let refused = logger.lines.filter { $0.1.contains("time server \(liar.server)") }
        try expectEqual(refused.count, 1, "\(logger.lines)")
        try expectEqual(refused[0].0, .warn)
        try expect(refused[0].1.contains("not synchronised"), refused[0].1)
        // The two that agree leave no line of their own; the outcome does.
        for server in honest.map(\.server) {
            try expect(!logger.lines.contains { $0.1.contains("time server \(server)") }, "\(logger.lines)")
        }
        try expect(logger.lines.contains { $0.0 == .info && $0.1.contains("clock check: Ok") }, "\(logger.lines)")
    }
}
