import OtpKitPresentation
import SwiftUI

/// Mirrors a view model's `StateChannel` on the main actor for SwiftUI. The logic stays in
/// OtpKitPresentation (tested on Linux); this only forwards states.
@MainActor
final class Observed<State: Sendable>: ObservableObject {
    @Published private(set) var state: State
    private var task: Task<Void, Never>?

    init(_ channel: StateChannel<State>) {
        state = channel.value
        task = Task { [weak self] in
            for await next in channel.stream() { self?.state = next }
        }
    }

    deinit { task?.cancel() }
}
