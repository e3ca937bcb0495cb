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
                        } catch OtpKitError.InvalidInput(let message) {
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
}
