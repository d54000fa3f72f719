internal import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// Sockets watched for incoming bytes through one epoll set, for a client that holds many
/// connections on one thread (the simulator's load generator): a wait costs the sockets that
/// are ready, not all of them, as `poll` would. Owned by one thread; not thread-safe.
public final class ReadinessSet {
    private let epollFD: Int32
    private var events: [epoll_event]

    /// Throws with errno when the kernel refuses an epoll instance.
    public init(capacity: Int = 256) throws(TCPServerError) {
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw .system("epoll_create1", errno) }
        events = Array(repeating: epoll_event(), count: max(1, capacity))
    }

    deinit { close(epollFD) }

    /// Watches `fd` for readability (and hang-up); `token` comes back from `wait` when it is ready.
    public func add(_ fd: Int32, token: UInt64) throws(TCPServerError) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        event.data.u64 = token
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else { throw .system("epoll_ctl", errno) }
    }

    /// Stops watching `fd` (call before closing it).
    public func remove(_ fd: Int32) {
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
    }

    /// Waits up to `timeoutMilliseconds` and calls `body` with the token of each ready socket.
    /// Returns how many were ready (0 on timeout or interruption).
    @discardableResult
    public func wait(timeoutMilliseconds: Int32, _ body: (UInt64) -> Void) -> Int {
        let count = events.withUnsafeMutableBufferPointer { epoll_wait(epollFD, $0.baseAddress, Int32($0.count), timeoutMilliseconds) }
        guard count > 0 else { return 0 }
        for index in 0..<Int(count) { body(events[index].data.u64) }
        return Int(count)
    }
}
