import Foundation
import Runtime
internal import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// One epoll loop on a dedicated thread: accepts connections, reads, writes, enforces limits and
/// idle timeouts. All socket state lives on that thread; other threads talk to it by posting
/// commands and waking it through an eventfd.
final class EventLoop: Sendable {
    enum Command: Sendable {
        case write(UInt64, [UInt8])
        case pauseReading(UInt64)
        case resumeReading(UInt64)
        case close(UInt64, String)
        case stopAccepting
        case pauseAllReading
        case closeAll(String)
        case exit
    }

    private let epollFD: Int32
    private let wakeFD: Int32
    private let listenFD: Int32
    private let commands = Locked<[Command]>([])
    let boundPort: UInt16

    init(configuration: TCPServerConfiguration) throws(TCPServerError) {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketFD >= 0 else { throw .system("socket", errno) }
        var one: Int32 = 1
        _ = setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = configuration.port.bigEndian
        guard inet_pton(AF_INET, configuration.host, &address.sin_addr) == 1 else {
            close(socketFD)
            throw .badAddress(configuration.host)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socketFD, configuration.backlog) == 0 else {
            let code = errno
            close(socketFD)
            throw .system("bind/listen \(configuration.host):\(configuration.port)", code)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        boundPort = UInt16(bigEndian: actual.sin_port)
        listenFD = socketFD
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard epollFD >= 0, wakeFD >= 0 else { throw .system("epoll/eventfd", errno) }
        Self.register(epollFD, listenFD, events: EPOLLIN.rawValue, token: Self.listenToken)
        Self.register(epollFD, wakeFD, events: EPOLLIN.rawValue, token: Self.wakeToken)
    }

    static let listenToken: UInt64 = 0
    static let wakeToken: UInt64 = 1

    static func register(_ epollFD: Int32, _ fd: Int32, events: UInt32, token: UInt64, modify: Bool = false) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        _ = epoll_ctl(epollFD, modify ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event)
    }

    /// Queues `command` for the loop thread. Only a command that finds the queue empty wakes the
    /// loop: the ones queued behind it are taken in the same pass (the loop clears the wake-up
    /// before it takes the queue), so under load a pass costs one wake-up, not one per reply.
    func post(_ command: Command) {
        let wasEmpty = commands.withLock { queue in
            queue.append(command)
            return queue.count == 1
        }
        guard wasEmpty else { return }
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    func takeCommands() -> [Command] {
        // Cleared first: a command posted after the queue is taken finds it empty and wakes again.
        var drained: UInt64 = 0
        _ = Glibc.read(wakeFD, &drained, 8)
        return commands.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
    }

    var descriptors: (epoll: Int32, listen: Int32) { (epollFD, listenFD) }

    func closeDescriptors() {
        close(listenFD)
        close(wakeFD)
        close(epollFD)
    }
}

public enum TCPServerError: Error, CustomStringConvertible {
    case system(String, Int32)
    case badAddress(String)

    public var description: String {
        switch self {
        case .system(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
        case .badAddress(let host): "\(host) is not an IPv4 address"
        }
    }
}
