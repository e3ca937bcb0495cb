// A minimal async test runner: a plain executable (no XCTest needed), one line per test, then
// exactly one `N passed, N failed` line.

import Foundation
import OtpKitPresentation

struct Failure: Error, CustomStringConvertible {
    let description: String
}

final class Suite {
    private var passed = 0
    private var failed: [String] = []

    func test(_ name: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            passed += 1
            print("ok   \(name)")
        } catch {
            failed.append(name)
            print("FAIL \(name): \(error)")
        }
    }

    func finish() -> Never {
        print("\(passed) passed, \(failed.count) failed")
        exit(failed.isEmpty ? 0 : 1)
    }
}

func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: String = "", line: Int = #line) throws {
    guard actual == expected else {
        throw Failure(description: "line \(line): \(what) expected \(expected), got \(actual)")
    }
}

func expect(_ condition: Bool, _ what: String, line: Int = #line) throws {
    guard condition else { throw Failure(description: "line \(line): \(what)") }
}

/// Waits (2 s at most: a guard, not a timing goal) for a state that satisfies `predicate`.
func awaitState<S: Sendable>(
    _ channel: StateChannel<S>, line: Int = #line, _ predicate: @escaping @Sendable (S) -> Bool
) async throws -> S {
    let found: S? = try await withThrowingTaskGroup(of: S?.self) { group in
        group.addTask {
            for await state in channel.stream() where predicate(state) { return state }
            return nil
        }
        group.addTask {
            try await Task.sleep(nanoseconds: 2_000_000_000)
            return nil
        }
        let first = try await group.next() ?? nil
        group.cancelAll()
        return first
    }
    guard let found else {
        throw Failure(description: "line \(line): state never matched; last state: \(channel.value)")
    }
    return found
}
