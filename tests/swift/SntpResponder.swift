// An SNTP responder (RFC 5905) on 127.0.0.1, written in Swift with BSD sockets independently of
// the Rust client: the binding suite's clock tests (DriftTests.swift) and the app bridge's
// (ios/AppSupportTests/JourneyTests.swift; scripts/test-app-bridge-swift.sh compiles this file
// with them) ask it for the time. `Failure` is each harness's own.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A UDP socket bound to 127.0.0.1 on a free port.
func loopbackUdpSocket() throws -> (fd: Int32, port: UInt16) {
    #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    #else
        let fd = socket(AF_INET, SOCK_DGRAM, 0)
    #endif
    guard fd >= 0 else { throw Failure(description: "socket() failed") }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { close(fd); throw Failure(description: "bind() failed") }
    var timeout = timeval(tv_sec: 0, tv_usec: 20_000)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    return (fd, UInt16(bigEndian: addr.sin_port))
}

/// An SNTP server (RFC 5905 section 7.3) whose clock is `offsetMs` ahead of ours;
/// `unsynchronised` sends leap indicator 3 ("my clock is not synchronised"), which is refused.
final class SntpResponder: @unchecked Sendable {
    private let fd: Int32
    let server: String
    private let lock = NSLock()
    private var running = true
    private var count = 0
    private let done = DispatchSemaphore(value: 0)

    private let leap: UInt8

    init(offsetMs: Int64, unsynchronised: Bool = false) throws {
        let (fd, port) = try loopbackUdpSocket()
        self.fd = fd
        leap = unsynchronised ? 3 : 0
        server = "127.0.0.1:\(port)"
        Thread.detachNewThread { [self] in serve(offsetMs) }
    }

    var requests: Int { lock.lock(); defer { lock.unlock() }; return count }

    private var isRunning: Bool { lock.lock(); defer { lock.unlock() }; return running }

    private func ntpNow(_ offsetMs: Int64) -> UInt64 {
        let millis = UInt64(Int64(Date().timeIntervalSince1970 * 1000) + offsetMs)
        let seconds = millis / 1000 + 2_208_988_800
        return (seconds << 32) | (((millis % 1000) << 32) / 1000)
    }

    private func serve(_ offsetMs: Int64) {
        var buf = [UInt8](repeating: 0, count: 512)
        while isRunning {
            var client = sockaddr_storage()
            var clientLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let n = withUnsafeMutablePointer(to: &client) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(fd, &buf, buf.count, 0, $0, &clientLength)
                }
            }
            if n < 0 { continue }
            let received = ntpNow(offsetMs)
            lock.lock(); count += 1; lock.unlock()
            if n < 48 { continue }
            var reply = [UInt8](repeating: 0, count: 48)
            reply[0] = (leap << 6) | (4 << 3) | 4  // leap, version 4, mode 4 (server)
            reply[1] = 2  // stratum
            reply[2] = 6  // poll
            reply[3] = UInt8(bitPattern: -20)  // precision about 1 us
            reply[7] = 0x80  // root delay
            reply[10] = 0x01  // root dispersion 0x100
            reply[12...15] = [127, 0, 0, 1]  // reference id
            func put(_ value: UInt64, at offset: Int) {
                for i in 0..<8 { reply[offset + i] = UInt8((value >> (56 - 8 * UInt64(i))) & 0xff) }
            }
            put(received - (1 << 32), at: 16)
            reply[24..<32] = buf[40..<48]  // origin = the client's transmit time
            put(received, at: 32)
            put(ntpNow(offsetMs), at: 40)
            _ = withUnsafePointer(to: &client) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, reply, 48, 0, $0, clientLength)
                }
            }
        }
        done.signal()
    }

    func stop() {
        lock.lock(); running = false; lock.unlock()
        done.wait()
        close(fd)
    }
}
