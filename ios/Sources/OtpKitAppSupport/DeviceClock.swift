import Foundation
import OtpKit

#if canImport(Darwin)
    import Darwin
#else
    import Glibc
#endif

/// The device's clocks for Rust: the wall clock, and a boot clock that counts sleep and is never
/// set by the user (Darwin CLOCK_MONOTONIC, Linux CLOCK_BOOTTIME), which tells when the date was set.
public final class DeviceClock: WallClock, @unchecked Sendable {
    public init() {}

    public func nowUnixMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    public func millisSinceBoot() -> Int64 {
        var now = timespec()
        #if canImport(Darwin)
            let clock = CLOCK_MONOTONIC
        #else
            let clock = CLOCK_BOOTTIME
        #endif
        guard clock_gettime(clock, &now) == 0 else { return -1 }
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
