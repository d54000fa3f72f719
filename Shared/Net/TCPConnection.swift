/// A device's TCP connection as the application sees it. Thread-safe: every operation is posted
/// to the event loop, which owns the socket.
public final class TCPConnection: Sendable, Hashable {
    public let id: UInt64
    /// `address:port` of the remote side.
    public let peer: String
    private let loop: EventLoop

    init(id: UInt64, peer: String, loop: EventLoop) {
        self.id = id
        self.peer = peer
        self.loop = loop
    }

    /// Queues bytes to send; they go out in order.
    public func write(_ bytes: [UInt8]) { loop.post(.write(id, bytes)) }

    /// Stops reading from the socket (backpressure): the kernel buffer fills and the device waits.
    public func pauseReading() { loop.post(.pauseReading(id)) }

    public func resumeReading() { loop.post(.resumeReading(id)) }

    /// Closes after the queued bytes were written.
    public func close(reason: String) { loop.post(.close(id, reason)) }

    public static func == (lhs: TCPConnection, rhs: TCPConnection) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// What the application does with a connection's bytes. Called on the event loop's thread only,
/// so an implementation needs no lock for its per-connection state; it must not block.
public protocol TCPConnectionHandler: AnyObject {
    func received(_ bytes: UnsafeRawBufferPointer, on connection: TCPConnection)
    func closed(_ connection: TCPConnection, reason: String)
    /// Called about once a second while the connection has been silent, e.g. to end a frame that
    /// arrived without its terminator.
    func quiet(_ connection: TCPConnection)
}

extension TCPConnectionHandler {
    public func quiet(_ connection: TCPConnection) {}
}
