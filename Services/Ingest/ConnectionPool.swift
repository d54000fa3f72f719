import Runtime
import Store

/// Round-robin over a few connections (each `Database` is one connection).
final class ConnectionPool: Sendable {
    private let databases: [Database]
    private let counter = Locked(0)

    init(_ databases: [Database]) { self.databases = databases }

    func next() -> Database {
        databases[counter.withLock { value in
            value = (value + 1) % databases.count
            return value
        }]
    }
}
