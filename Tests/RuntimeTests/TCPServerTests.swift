import Foundation
import Net
import Runtime
import Testing

/// Echoes each received chunk back, upper-cased, and records closes.
final class EchoHandler: TCPConnectionHandler {
    let closes: Locked<[String]>
    init(closes: Locked<[String]>) { self.closes = closes }

    func received(_ bytes: UnsafeRawBufferPointer, on connection: TCPConnection) {
        connection.write(bytes.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 32 : $0 })
    }

    func closed(_ connection: TCPConnection, reason: String) {
        closes.withLock { $0.append(reason) }
    }
}

@Suite(.timeLimit(.minutes(2)))
struct TCPServerTests {
    func server(_ configure: (inout TCPServerConfiguration) -> Void = { _ in }) throws -> (TCPServer, Locked<[String]>) {
        var configuration = TCPServerConfiguration(host: "127.0.0.1", port: 0)
        configure(&configuration)
        let closes = Locked<[String]>([])
        let server = try TCPServer(configuration: configuration, logger: Logger(label: "test")) { _ in EchoHandler(closes: closes) }
        return (server, closes)
    }

    @Test("200 concurrent connections are each served on one loop thread")
    func manyConnections() async throws {
        let (server, _) = try server()
        var clients: [DeviceClient] = []
        for _ in 0..<200 { clients.append(try DeviceClient(host: "127.0.0.1", port: server.port)) }
        for (index, client) in clients.enumerated() { try client.send(Array("ping \(index)\r\n".utf8)) }
        for (index, client) in clients.enumerated() {
            #expect(client.readReply(timeout: .seconds(5)) == Array("PING \(index)\r\n".utf8))
        }
        await server.stop()
    }

    @Test("a connection over the per-peer limit is refused; the others keep working")
    func perPeerLimit() async throws {
        let (server, _) = try server { $0.maxConnectionsPerPeer = 2 }
        let first = try DeviceClient(host: "127.0.0.1", port: server.port)
        let second = try DeviceClient(host: "127.0.0.1", port: server.port)
        try first.send(Array("a\r\n".utf8))
        #expect(first.readReply(timeout: .seconds(5)) != nil)
        let third = try DeviceClient(host: "127.0.0.1", port: server.port)
        #expect(third.waitForClose(timeout: .seconds(5)))
        try second.send(Array("b\r\n".utf8))
        #expect(second.readReply(timeout: .seconds(5)) == Array("B\r\n".utf8))
        await server.stop()
    }

    @Test("an idle (half-open) client is closed after the idle timeout")
    func idleTimeout() async throws {
        let (server, closes) = try server { $0.idleTimeout = .seconds(1) }
        let idle = try DeviceClient(host: "127.0.0.1", port: server.port)
        #expect(idle.waitForClose(timeout: .seconds(5)))
        #expect(closes.value == ["idle timeout"])
        await server.stop()
    }

    @Test("paused reading holds bytes in the kernel; resuming delivers them")
    func pauseAndResume() async throws {
        let connections = Locked<[TCPConnection]>([])
        let received = Locked<[UInt8]>([])
        final class Recorder: TCPConnectionHandler {
            let received: Locked<[UInt8]>
            init(received: Locked<[UInt8]>) { self.received = received }
            func received(_ bytes: UnsafeRawBufferPointer, on connection: TCPConnection) {
                received.withLock { $0.append(contentsOf: bytes) }
            }
            func closed(_ connection: TCPConnection, reason: String) {}
        }
        let server = try TCPServer(configuration: .init(host: "127.0.0.1", port: 0), logger: Logger(label: "test")) { connection in
            connections.withLock { $0.append(connection) }
            connection.pauseReading()
            return Recorder(received: received)
        }
        let client = try DeviceClient(host: "127.0.0.1", port: server.port)
        try client.send(Array("held".utf8))
        try await Task.sleep(for: .milliseconds(300))
        #expect(received.value.isEmpty)
        connections.value.first?.resumeReading()
        let deadline = ContinuousClock.now + .seconds(5)
        while received.value.count < 4 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(received.value == Array("held".utf8))
        await server.stop()
    }
}
