import Bus
import Domain
import Foundation
import HJ212
import Pipeline
import Runtime
import Store

/// 实时转发: forwards every accepted frame to an upstream platform over HJ 212, as a client, and
/// waits for its reply. It reads `duban.frames` as a consumer group, so frames of one point are
/// forwarded in the order they were accepted, and the offset advances only after the upstream
/// answered: after an upstream outage it catches up from where it stopped, losing nothing.
/// (A frame whose reply was lost may reach the upstream twice; platforms deduplicate on
/// MN + CN + DataTime.) Enabled by `DUBAN_FORWARD_UPSTREAM=host:port`.
enum UpstreamForwarder {
    static func configuration(_ environment: Runtime.Environment) throws -> (host: String, port: UInt16, timeout: Duration)? {
        guard let text = environment.optionalString("DUBAN_FORWARD_UPSTREAM") else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]), port > 0 else {
            throw ConfigurationError(variable: "DUBAN_FORWARD_UPSTREAM", expected: "host:port of the upstream HJ 212 platform (IPv4)", found: text)
        }
        let timeout = try environment.duration("DUBAN_FORWARD_REPLY_TIMEOUT", default: .seconds(10))
        return (String(parts[0]), port, timeout)
    }

    static func consumer(host: ServiceHost, upstream: (host: String, port: UInt16, timeout: Duration)) async throws -> ConsumerLoop {
        let connection = UpstreamConnection(host: upstream.host, port: upstream.port, replyTimeout: upstream.timeout)
        let forwarded = MetricsRegistry.shared.counter("duban_forward_frames_total", help: "Frames forwarded upstream and answered")
        let logger = host.logger
        return try ConsumerLoop(
            name: "forwarder", schema: IngestSchema.name, groupID: "duban-forwarder", topics: [BusTopics.frames],
            kafka: host.kafka, database: try await host.connectDatabase(), offsetsDatabase: try await host.connectDatabase(),
            logger: host.logger
        ) { _, record, envelope in
            guard envelope.type == EventType.frame else { return }
            let frame = try record.event(FrameRecord.self, "frame event").data
            guard let raw = Data(base64Encoded: frame.raw).map(Array.init) else {
                throw HandlingError.permanent("frame \(frame.frameId) raw bytes are not base64")
            }
            let packet: Packet? = if case .packet(let decoded)? = FrameDecoder.decodeAll(raw, options: .lenient).first { decoded } else { nil }
            do {
                try await connection.forward(raw, expectingReplyTo: packet)
            } catch {
                logger.warning("upstream did not take the frame; retrying it", metadata: ["frame": frame.frameId, "mn": frame.mn, "error": "\(error)"])
                throw error  // retried with backoff; the offset does not move
            }
            forwarded.increment()
        }
    }
}
