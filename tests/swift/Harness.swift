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

/// Runs `body`, which must throw an `OtpKitError`, and returns that error.
func expectOtpKitError<T>(line: Int = #line, _ body: () throws -> T) throws -> OtpKitError {
    do {
        let value = try body()
        throw Failure(description: "line \(line): expected an OtpKitError, got \(value)")
    } catch let error as OtpKitError {
        return error
    }
}
