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

    func test(_ name: String, _ body: () throws -> Void) {
        do {
            try body()
            passed += 1
            print("ok   \(name)")
        } catch {
            failed.append(name)
            print("FAIL \(name): \(error)")
        }
    }

    /// Prints the summary line and exits non-zero when anything failed.
    func finish() -> Never {
        print("\(passed) passed, \(failed.count) failed")
        exit(failed.isEmpty ? 0 : 1)
    }
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
