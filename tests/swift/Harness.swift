// A minimal test runner: the suite is a plain executable (no XCTest needed), prints one line
// per test and ends with exactly one `N passed, N failed` line.

import Foundation
import OtpKit

struct Failure: Error, CustomStringConvertible {
    let description: String
}

final class Suite {
    private var passed = 0
    private var failed: [String] = []

    /// Runs `body` in a Swift task, as an app's view model would (the slow calls are async),
    /// and waits for it: the suite runs its tests one after another.
    func test(_ name: String, _ body: @escaping @Sendable () async throws -> Void) {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await body()
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error {
            failed.append(name)
            print("FAIL \(name): \(error)")
        } else {
            passed += 1
            print("ok   \(name)")
        }
    }

    /// Prints the summary line and exits non-zero when anything failed.
    func finish() -> Never {
        print("\(passed) passed, \(failed.count) failed")
        exit(failed.isEmpty ? 0 : 1)
    }
}

/// What a test's task left: its error, written before the semaphore is signalled.
private final class Outcome: @unchecked Sendable {
    var error: Error?
}

func expectEqual<T: Equatable>(
    _ actual: T, _ expected: T, _ what: String = "", line: Int = #line
) throws {
    guard actual == expected else {
        throw Failure(description: "line \(line): \(what) expected \(expected), got \(actual)")
    }
}

func expect(_ condition: Bool, _ what: String, line: Int = #line) throws {
    guard condition else { throw Failure(description: "line \(line): \(what)") }
}

/// The case name of an OtpKitError (`InvalidInput`).
func caseName(_ error: OtpKitError) -> String {
    String(String(describing: error).prefix { $0 != "(" })
}

/// Checks an OtpKitError's case and core's text.
func expectError(_ error: OtpKitError, _ variant: String, _ text: String, line: Int = #line) throws {
    try expectEqual(caseName(error), variant, "case of \(error)", line: line)
    try expectEqual(error.text(), text, "text", line: line)
    try expectEqual(error.message, text, "message", line: line)
}

/// Checks an OtpKitError's reason and details.
func expectReason(
    _ error: OtpKitError, _ reason: ErrorReason, _ details: ErrorDetails = ErrorDetails(), line: Int = #line
) throws {
    try expectEqual(error.reason(), reason, "reason", line: line)
    try expectEqual(error.details(), details, "details", line: line)
}

/// Runs `body`, which must throw an `OtpKitError`, and returns that error.
func expectOtpKitError<T>(line: Int = #line, _ body: () throws -> T) throws -> OtpKitError {
    do {
        let value = try body()
        throw Failure(description: "line \(line): expected an OtpKitError, got \(value)")
    } catch let error as OtpKitError {
        return error
    }
}

/// The same for an async call.
func expectOtpKitError<T>(line: Int = #line, _ body: () async throws -> T) async throws -> OtpKitError {
    do {
        let value = try await body()
        throw Failure(description: "line \(line): expected an OtpKitError, got \(value)")
    } catch let error as OtpKitError {
        return error
    }
}
