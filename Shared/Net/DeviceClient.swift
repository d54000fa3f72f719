import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client as a data acquisition device uses one: for the simulator and tests.
/// Not for servers (it blocks its thread).
public final class DeviceClient {
    private let fd: Int32
    /// Bytes received after the last reply returned (several replies can arrive in one read).
    private var pending: [UInt8] = []

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(host: String, port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw Failure(description: "\(host) is not an IPv4 address")
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw Failure(description: "cannot connect to \(host):\(port): \(String(cString: strerror(code)))")
        }
    }

    deinit { close(fd) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            offset += written
        }
    }

    /// Reads until one CRLF-terminated reply arrived or `timeout` passed; nil on timeout or close.
    public func readReply(timeout: Duration) -> [UInt8]? {
        if let end = pending.firstRange(of: [0x0D, 0x0A]) {
            defer { pending.removeSubrange(..<end.upperBound) }
            return Array(pending[..<end.upperBound])
        }
        var received = pending
        pending = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            let remaining = deadline - ContinuousClock.now
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let millis = Int32(max(1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            guard poll(&poller, 1, millis) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return received.isEmpty ? nil : received }
            received.append(contentsOf: buffer[0..<count])
            if let end = received.firstRange(of: [0x0D, 0x0A]) {
                pending = Array(received[end.upperBound...])
                return Array(received[..<end.upperBound])
            }
        }
        pending = received
        return nil
    }

    /// True when the server closed the connection within `timeout`.
    public func waitForClose(timeout: Duration) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let millis = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&poller, 1, millis) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK)) == 0
    }
}
