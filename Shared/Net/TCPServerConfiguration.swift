/// Limits that keep one misbehaving client from hurting the others.
public struct TCPServerConfiguration: Sendable {
    public var host: String
    public var port: UInt16
    public var maxConnections: Int
    public var maxConnectionsPerPeer: Int
    /// A connection with no bytes received for this long is closed (half-open clients).
    public var idleTimeout: Duration
    /// Unsent bytes above this close the connection (a client that never reads).
    public var maxPendingWriteBytes: Int
    public var backlog: Int32

    public init(host: String = "0.0.0.0", port: UInt16, maxConnections: Int = 10_000, maxConnectionsPerPeer: Int = 10_000,
                idleTimeout: Duration = .seconds(600), maxPendingWriteBytes: Int = 1 << 20, backlog: Int32 = 1024) {
        self.host = host
        self.port = port
        self.maxConnections = maxConnections
        self.maxConnectionsPerPeer = maxConnectionsPerPeer
        self.idleTimeout = idleTimeout
        self.maxPendingWriteBytes = maxPendingWriteBytes
        self.backlog = backlog
    }
}
