// Calls from several threads at once, as an app's tasks and queues make them.

import Foundation
import OtpKit

private let threads = 8
private let callsPerThread = 300

func threadsTests(_ suite: Suite) {
    suite.test("\(threads) threads computing codes, clocks and errors at once all get the right answers") {
        let lock = NSLock()
        var problems: [String] = []
        var checked = 0
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for i in 0..<callsPerThread {
                let row = Rfc6238.table[(thread + i) % Rfc6238.table.count]
                var problem: String?
                do {
                    switch i % 3 {
                    case 0:
                        let view = try codeAt(
                            entry: entry(Rfc6238.sha256Key, algorithm: .sha256, digits: 8), atUnixSeconds: row.at)
                        if view.code != row.sha256 { problem = "SHA256 at \(row.at): \(view.code)" }
                    case 1:
                        let view = try codeNow(
                            entry: entry(Rfc6238.sha1Key, digits: 8), clock: FixedWallClock(millis: row.at * 1000))
                        if view.code != row.sha1 { problem = "SHA1 at \(row.at): \(view.code)" }
                    default:
                        do {
                            _ = try codeAt(entry: entry(Rfc6238.sha1Key, digits: 4), atUnixSeconds: row.at)
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
