// Calls from several threads at once, as an app's tasks and queues make them.

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

    suite.test("\(threads) threads sharing one Vault: refreshes and adds at once, nothing lost or torn") {
        let vault = try Vault.createWithKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore())
        _ = try vault.addUri(uri: rfcTotpUri, now: FixedWallClock(millis: 0))
        let lock = NSLock()
        var problems: [String] = []
        let letters = Array("ABCDEFGH")
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for i in 0..<20 {
                do {
                    if i % 5 == 0 {
                        // A distinct key per thread and round.
                        let secret = "GEZDGNBV\(letters[thread])\(letters[i / 5])GY3TQOJQGEZDGNBV"
                        let added = try vault.addUri(
                            uri: "otpauth://totp/T\(thread):\(i)?secret=\(secret)", now: FixedWallClock(millis: 0)
                        ).added
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
