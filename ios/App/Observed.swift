import OtpKitPresentation
import SwiftUI

/// Mirrors a view model's `StateChannel` on the main actor for SwiftUI. The logic stays in
/// OtpKitPresentation (tested on Linux); this only forwards states.
@MainActor
final class Observed<State: Sendable>: ObservableObject {
    @Published private(set) var state: State
    private let watcher = Watcher()

    init(_ channel: StateChannel<State>) {
        state = channel.value
        watcher.task = Task { [weak self] in
            for await next in channel.stream() { self?.state = next }
        }
    }

    /// Stops watching when the screen goes (a class, so the main-actor object needs no deinit).
    private final class Watcher {
        var task: Task<Void, Never>?
        deinit { task?.cancel() }
    }
}
