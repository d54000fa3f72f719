import Foundation
public import Runtime
internal import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// A TCP server for many long-lived device connections without a thread per connection: one
/// epoll loop thread owns every socket. Reading pauses per connection on request (backpressure);
/// limits on connections, idle time and unsent bytes protect the others from one bad client.
public final class TCPServer: Sendable {
    public typealias HandlerFactory = @Sendable (TCPConnection) -> TCPConnectionHandler

    public let port: UInt16
    private let loop: EventLoop
    private let stopped = AsyncLatch()

    /// Binds and starts the loop thread. `makeHandler` runs on the loop thread for each accepted connection.
    public init(configuration: TCPServerConfiguration, logger: Logger, makeHandler: @escaping HandlerFactory) throws {
        let loop = try EventLoop(configuration: configuration)
        self.loop = loop
        self.port = loop.boundPort
        let stopped = self.stopped
        let thread = Thread {
            LoopRunner(loop: loop, configuration: configuration, logger: logger, makeHandler: makeHandler).run()
            stopped.open()
        }
        thread.name = "duban-tcp-loop"
        thread.start()
        logger.info("tcp listening", metadata: ["tcp.host": configuration.host, "tcp.port": "\(port)"])
    }

    /// Stops accepting new connections; existing ones keep working.
    public func stopAccepting() { loop.post(.stopAccepting) }

    /// Stops reading from every connection: frames not yet read stay with the devices.
    public func pauseAllReading() { loop.post(.pauseAllReading) }

    /// Closes every connection (after their queued writes) and ends the loop thread.
    public func stop() async {
        loop.post(.closeAll("server stopping"))
        loop.post(.exit)
        await stopped.wait()
    }
}

/// The loop thread's state. Only that thread touches it.
private final class LoopRunner {
    final class Connection {
        let fd: Int32
        let handle: TCPConnection
        let handler: TCPConnectionHandler
        let peerHost: String
        var pendingWrite: [UInt8] = []
        var pendingOffset = 0
        var readPaused = false
        var closeWhenFlushed: String?
        var lastActivity: ContinuousClock.Instant
        var wantsWritable = false
        /// The events the epoll set has for this socket, so an unchanged interest costs no system call.
        var registeredEvents = EPOLLIN.rawValue | EPOLLRDHUP.rawValue

        init(fd: Int32, handle: TCPConnection, handler: TCPConnectionHandler, peerHost: String, now: ContinuousClock.Instant) {
            self.fd = fd
            self.handle = handle
            self.handler = handler
            self.peerHost = peerHost
            self.lastActivity = now
        }
    }

    let loop: EventLoop
    let configuration: TCPServerConfiguration
    let logger: Logger
    let makeHandler: TCPServer.HandlerFactory
    var connections: [UInt64: Connection] = [:]
    var perPeer: [String: Int] = [:]
    var nextID: UInt64 = 2  // 0 and 1 are the listen and wake tokens
    var accepting = true
    var running = true
    /// Set by pauseAllReading: reading stays paused whatever the application asks.
    var draining = false
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    let connectionsGauge = MetricsRegistry.shared.gauge("duban_tcp_connections", help: "Open device connections")
    let refusedCounter = MetricsRegistry.shared.counter("duban_tcp_refused_total", help: "Connections refused by a limit")
    let closedCounter = MetricsRegistry.shared.counter("duban_tcp_closed_total", help: "Connections closed")

    init(loop: EventLoop, configuration: TCPServerConfiguration, logger: Logger, makeHandler: @escaping TCPServer.HandlerFactory) {
        self.loop = loop
        self.configuration = configuration
        self.logger = logger
        self.makeHandler = makeHandler
    }

    deinit { readBuffer.deallocate() }

    func run() {
        let (epollFD, _) = loop.descriptors
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        var lastSweep = ContinuousClock.now
        while running {
            let count = events.withUnsafeMutableBufferPointer { epoll_wait(epollFD, $0.baseAddress, Int32($0.count), 1000) }
            if count < 0 && errno != EINTR { logger.error("epoll_wait failed", metadata: ["errno": "\(errno)"]) }
            for index in 0..<max(0, Int(count)) {
                let event = events[index]
                let token = event.data.u64
                switch token {
                case EventLoop.listenToken: acceptAll()
                case EventLoop.wakeToken: apply(loop.takeCommands())
                default:
                    guard let connection = connections[token] else { continue }
                    if event.events & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
                        drop(connection, reason: "peer hung up")
                        continue
                    }
                    if event.events & EPOLLOUT.rawValue != 0 { flush(connection) }
                    if event.events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0, connections[token] != nil { readAvailable(connection) }
                }
            }
            let now = ContinuousClock.now
            if now - lastSweep >= .seconds(1) {
                lastSweep = now
                sweepIdle(now: now)
            }
        }
        for connection in Array(connections.values) { drop(connection, reason: "server stopped") }
        loop.closeDescriptors()
    }

    func acceptAll() {
        let (_, listenFD) = loop.descriptors
        while accepting {
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let fd = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept(listenFD, $0, &length)
                }
            }
            guard fd >= 0 else { return }
            // accept4 needs _GNU_SOURCE; set the flags the portable way.
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            inet_ntop(AF_INET, &address.sin_addr, &text, socklen_t(text.count))
            let host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let peer = "\(host):\(UInt16(bigEndian: address.sin_port))"
            if connections.count >= configuration.maxConnections || perPeer[host, default: 0] >= configuration.maxConnectionsPerPeer {
                refusedCounter.increment()
                logger.warning("connection refused by limit", metadata: ["peer": peer, "connections": "\(connections.count)"])
                close(fd)
                continue
            }
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let id = nextID
            nextID += 1
            let handle = TCPConnection(id: id, peer: peer, loop: loop)
            let connection = Connection(fd: fd, handle: handle, handler: makeHandler(handle), peerHost: host, now: .now)
            connections[id] = connection
            perPeer[host, default: 0] += 1
            connectionsGauge.set(connections.count)
            EventLoop.register(loop.descriptors.epoll, fd, events: EPOLLIN.rawValue | EPOLLRDHUP.rawValue, token: id)
        }
    }

    func readAvailable(_ connection: Connection) {
        guard !connection.readPaused else { return }
        while true {
            let count = Glibc.read(connection.fd, readBuffer.baseAddress, readBuffer.count)
            if count > 0 {
                connection.lastActivity = .now
                connection.handler.received(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]), on: connection.handle)
                // The handler may have paused or closed this connection.
                if connection.readPaused || connections[connection.handle.id] == nil { return }
                if count < readBuffer.count { return }
            } else if count == 0 {
                drop(connection, reason: "peer closed")
                return
            } else {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
                drop(connection, reason: "read error \(errno)")
                return
            }
        }
    }

    func apply(_ commands: [EventLoop.Command]) {
        for command in commands {
            switch command {
            case .write(let id, let bytes):
                guard let connection = connections[id] else { continue }
                connection.pendingWrite.append(contentsOf: bytes)
                if connection.pendingWrite.count - connection.pendingOffset > configuration.maxPendingWriteBytes {
                    drop(connection, reason: "client does not read its replies")
                    continue
                }
                flush(connection)
            case .pauseReading(let id):
                guard let connection = connections[id], !connection.readPaused else { continue }
                connection.readPaused = true
                updateInterest(connection)
            case .resumeReading(let id):
                guard !draining, let connection = connections[id], connection.readPaused else { continue }
                connection.readPaused = false
                updateInterest(connection)
                // Bytes that arrived while paused are already in the kernel buffer.
                readAvailable(connection)
            case .close(let id, let reason):
                guard let connection = connections[id] else { continue }
                connection.closeWhenFlushed = reason
                flush(connection)
            case .stopAccepting:
                if accepting {
                    accepting = false
                    _ = epoll_ctl(loop.descriptors.epoll, EPOLL_CTL_DEL, loop.descriptors.listen, nil)
                }
            case .pauseAllReading:
                draining = true
                for connection in connections.values where !connection.readPaused {
                    connection.readPaused = true
                    updateInterest(connection)
                }
            case .closeAll(let reason):
                for connection in Array(connections.values) {
                    connection.closeWhenFlushed = reason
                    flush(connection)
                }
            case .exit:
                running = false
            }
        }
    }

    func flush(_ connection: Connection) {
        while connection.pendingOffset < connection.pendingWrite.count {
            let written = connection.pendingWrite.withUnsafeBytes { bytes in
                Glibc.send(connection.fd, bytes.baseAddress! + connection.pendingOffset,
                           bytes.count - connection.pendingOffset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                connection.pendingOffset += written
            } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                drop(connection, reason: "write error \(errno)")
                return
            }
        }
        if connection.pendingOffset == connection.pendingWrite.count {
            connection.pendingWrite.removeAll(keepingCapacity: connection.pendingWrite.count <= 4096)
            connection.pendingOffset = 0
            if let reason = connection.closeWhenFlushed {
                drop(connection, reason: reason)
                return
            }
        }
        updateInterest(connection)
    }

    func updateInterest(_ connection: Connection) {
        let wantsWritable = connection.pendingOffset < connection.pendingWrite.count
        var events: UInt32 = EPOLLRDHUP.rawValue
        if !connection.readPaused { events |= EPOLLIN.rawValue }
        if wantsWritable { events |= EPOLLOUT.rawValue }
        connection.wantsWritable = wantsWritable
        // Every reply passes here; most leave the interest as it was.
        guard events != connection.registeredEvents else { return }
        EventLoop.register(loop.descriptors.epoll, connection.fd, events: events, token: connection.handle.id, modify: true)
        connection.registeredEvents = events
    }

    func sweepIdle(now: ContinuousClock.Instant) {
        for connection in Array(connections.values) {
            let silence = now - connection.lastActivity
            if silence > configuration.idleTimeout {
                drop(connection, reason: "idle timeout")
            } else if silence > .milliseconds(50) {
                connection.handler.quiet(connection.handle)
            }
        }
    }

    func drop(_ connection: Connection, reason: String) {
        guard connections.removeValue(forKey: connection.handle.id) != nil else { return }
        _ = epoll_ctl(loop.descriptors.epoll, EPOLL_CTL_DEL, connection.fd, nil)
        close(connection.fd)
        perPeer[connection.peerHost, default: 1] -= 1
        if perPeer[connection.peerHost] == 0 { perPeer[connection.peerHost] = nil }
        connectionsGauge.set(connections.count)
        closedCounter.increment()
        connection.handler.closed(connection.handle, reason: reason)
    }
}
