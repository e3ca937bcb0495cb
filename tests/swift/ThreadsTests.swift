// Calls from several threads at once, as an app's tasks and queues make them, and calls that go
// on while an async one waits for the user.

import Foundation
import OtpKit

private let threads = 8
private let callsPerThread = 300

func threadsTests(_ suite: Suite, _ vectors: Vectors) {
    suite.test("\(threads) threads computing codes, clocks and errors at once all get the right answers") {
        let lock = NSLock()
        var problems: [String] = []
        var checked = 0
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for i in 0..<callsPerThread {
                let v = vectors.totp[(thread + i) % vectors.totp.count]
                var problem: String?
                do {
                    switch i % 3 {
                    case 0:
                        let view = try codeAt(
                            entry: entry(v.key, algorithm: v.algorithm, digits: 8), atUnixSeconds: v.at)
                        if view.code != v.code { problem = "\(v.name) at \(v.at): \(view.code)" }
                    case 1:
                        let view = try codeNow(
                            entry: entry(v.key, algorithm: v.algorithm, digits: 8),
                            clock: FixedWallClock(millis: v.at * 1000))
                        if view.code != v.code { problem = "\(v.name) now at \(v.at): \(view.code)" }
                    default:
                        do {
                            _ = try codeAt(entry: entry(v.key, digits: 4), atUnixSeconds: v.at)
                            problem = "digits = 4 was accepted"
                        } catch OtpKitError.InvalidInput(_, _, let message) {
                            if message != "digits is 4: use 6, 7 or 8" { problem = "message: \(message)" }
                        }
                    }
                } catch {
                    problem = "unexpected error \(error)"
                }
                lock.lock()
                checked += 1
                if let problem { problems.append(problem) }
                lock.unlock()
            }
        }
        try expectEqual(problems, [], "problems")
        try expectEqual(checked, threads * callsPerThread, "calls checked")
    }

    suite.test("while setPlatformKey waits for the user's prompt, the same Vault reads and saves") {
        let keyStore = MemoryKeyStore()
        let prompting = PromptingKeyStore(keyStore)
        let path = tempVaultPath()
        let vault = try await Vault.createWithPassphrase(path: path, passphrase: "pass phrase", clock: FixedWallClock(millis: 0))
        let turningOn = Task { try await vault.setPlatformKey(keyStore: prompting) }
        try await prompting.waitUntilShown()
        // The prompt is up: these calls do not wait for it.
        try expectEqual(vault.slotKinds(), [.passphrase])
        try expectEqual(try vault.addUri(uri: rfcTotpUri).added.count, 1)
        try expectEqual(try vault.codesAt(atUnixSeconds: 59).first?.code?.code, "94287082")
        prompting.answer()
        try expectEqual(try await turningOn.value, nil)
        try expectEqual(try await Vault.openWithPlatformKeyStore(path: path, keyStore: keyStore, clock: FixedWallClock(millis: 0)).accounts().count, 1)
    }

    suite.test("\(threads) threads sharing one Vault: refreshes and adds at once, nothing lost or torn") {
        let vault = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: FixedWallClock(millis: 0))
        _ = try vault.addUri(uri: rfcTotpUri)
        let lock = NSLock()
        var problems: [String] = []
        let letters = Array("ABCDEFGH")
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for i in 0..<20 {
                do {
                    if i % 5 == 0 {
                        // A distinct key per thread and round.
                        let secret = "GEZDGNBV\(letters[thread])\(letters[i / 5])GY3TQOJQGEZDGNBV"
                        let added = try vault.addUri(uri: "otpauth://totp/T\(thread):\(i)?secret=\(secret)").added
                        if added.count != 1 { throw Failure(description: "thread \(thread) round \(i): \(added)") }
                    }
                    let codes = try vault.codesAt(atUnixSeconds: 59)
                    if codes.first?.code?.code != "94287082" { throw Failure(description: "wrong code \(codes)") }
                    if Set(codes.map(\.accountId)).count != codes.count { throw Failure(description: "duplicate ids") }
                } catch {
                    lock.lock(); problems.append("\(error)"); lock.unlock()
                }
            }
        }
        try expectEqual(problems, [], "problems")
        try expectEqual(vault.accounts().count, 1 + threads * 4)
    }
}

/// Completes its waiters once fired (without blocking a thread of the task pool).
final class Signal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func fire() {
        lock.lock()
        fired = true
        let waiting = waiters
        waiters = []
        lock.unlock()
        waiting.forEach { $0.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            lock.lock()
            if fired {
                lock.unlock()
                continuation.resume()
            } else {
                waiters.append(continuation)
                lock.unlock()
            }
        }
    }
}

/// `inner`, but `wrap` waits like a Face ID prompt until `answer()` is called.
final class PromptingKeyStore: PlatformKeyStore, @unchecked Sendable {
    private let inner: PlatformKeyStore
    private let shown = Signal()
    private let answered = Signal()
    private let lock = NSLock()
    private var wrapped = false
    init(_ inner: PlatformKeyStore) { self.inner = inner }

    func answer() { answered.fire() }

    /// Waits until `wrap` has been called, at most 30 s.
    func waitUntilShown() async throws {
        let shown = self.shown
        Task {
            try? await Task.sleep(nanoseconds: 30_000_000_000)
            shown.fire()
        }
        await shown.wait()
        lock.lock(); defer { lock.unlock() }
        try expect(wrapped, "the prompt shows")
    }

    func createKey(alias: String) async throws { try await inner.createKey(alias: alias) }
    func wrap(alias: String, masterKey: Data) async throws -> Data {
        lock.lock(); wrapped = true; lock.unlock()
        shown.fire()
        await answered.wait()
        return try await inner.wrap(alias: alias, masterKey: masterKey)
    }
    func unwrap(alias: String, wrapped: Data) async throws -> Data {
        try await inner.unwrap(alias: alias, wrapped: wrapped)
    }
    func deleteKey(alias: String) async throws { try await inner.deleteKey(alias: alias) }
}
