import Dispatch
import Foundation
import HJ212
import Net
import Runtime

/// The forwarder's HJ 212 client connection to the upstream platform. Blocking socket calls run
/// on a dedicated serial queue, never on the cooperative pool.
final class UpstreamConnection: @unchecked Sendable {
    // @unchecked Sendable: `client` is touched only on `queue`.
    private let host: String
    private let port: UInt16
    private let replyTimeout: Duration
    private let queue = DispatchQueue(label: "duban.forwarder.upstream")
    private var client: DeviceClient?

    struct Failure: Error, CustomStringConvertible { let description: String }

    init(host: String, port: UInt16, replyTimeout: Duration) {
        self.host = host
        self.port = port
        self.replyTimeout = replyTimeout
    }

    /// Sends a frame; when it asked for an acknowledgement, waits for the upstream's 9014 with the
    /// same QN (other traffic from the upstream, such as its commands, is skipped). Throws when the
    /// upstream is unreachable or silent: the caller retries the same frame.
    func forward(_ frame: [UInt8], expectingReplyTo packet: Packet?) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async { [self] in
                do {
                    try forwardBlocking(frame, expectingReplyTo: packet)
                    continuation.resume()
                } catch {
                    client = nil  // reconnect next time
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private func forwardBlocking(_ frame: [UInt8], expectingReplyTo packet: Packet?) throws {
        if client == nil { client = try DeviceClient(host: host, port: port) }
        guard let client else { throw Failure(description: "no upstream connection") }
        try client.send(frame)
        guard let packet, packet.wantsAck else { return }
        let deadline = ContinuousClock.now + replyTimeout
        while ContinuousClock.now < deadline {
            guard let reply = client.readReply(timeout: deadline - ContinuousClock.now) else { break }
            if case .packet(let answer)? = FrameDecoder.decodeAll(reply, options: .lenient).first,
               answer.cn == "9014", answer.qn == packet.qn {
                return
            }
        }
        throw Failure(description: "no 9014 from upstream \(host):\(port) within \(replyTimeout)")
    }
}
