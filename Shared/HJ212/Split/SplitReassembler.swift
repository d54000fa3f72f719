/// Puts split messages (PNUM/PNO) back together. Parts are matched by MN, CN, DataTime and PNUM,
/// never by QN (each part has its own QN). Time is whatever monotonic `Duration` the caller passes
/// in (no clock is read here), so tests drive the timeout directly.
///
/// Memory is bounded: at most `maxPendingMessages` incomplete messages are held; when a new one
/// would exceed that, the oldest is given up and handed out by the next `expire(at:)` call.
public struct SplitReassembler: Sendable {
    /// What identifies the parts of one message.
    public struct Key: Sendable, Hashable {
        public let mn: String
        public let cn: String
        public let dataTime: HJ212DateTime?
        public let total: Int
    }

    private struct Pending: Sendable {
        var parts: [Int: Packet]
        let total: Int
        let deadline: Duration
        let sequence: Int
    }

    public let timeout: Duration
    public let maxPendingMessages: Int
    private var pending: [Key: Pending] = [:]
    private var givenUp: [SplitMessage] = []
    private var sequence = 0

    public init(timeout: Duration, maxPendingMessages: Int = 1024) {
        self.timeout = timeout
        self.maxPendingMessages = max(1, maxPendingMessages)
    }

    /// Incomplete messages held.
    public var pendingCount: Int { pending.count }

    /// Adds a packet received at `now`. Returns the message when it is complete: at once for an
    /// unsplit packet (or PNUM=1), when the last part arrives for a split one. A part number seen
    /// twice keeps the first copy.
    public mutating func add(_ packet: Packet, at now: Duration) -> SplitMessage? {
        guard let total = packet.pnum, let part = packet.pno, total > 1 else {
            return SplitMessage(parts: [packet], total: 1)
        }
        let key = Key(mn: packet.mn, cn: packet.cn, dataTime: packet.dataTime, total: total)
        var entry = pending[key] ?? {
            sequence += 1
            return Pending(parts: [:], total: total, deadline: now + timeout, sequence: sequence)
        }()
        if entry.parts[part] == nil { entry.parts[part] = packet }
        if entry.parts.count == total {
            pending[key] = nil
            return SplitMessage(parts: Array(entry.parts.values), total: total)
        }
        if pending[key] == nil && pending.count >= maxPendingMessages, let oldest = pending.min(by: { $0.value.sequence < $1.value.sequence }) {
            pending[oldest.key] = nil
            givenUp.append(SplitMessage(parts: Array(oldest.value.parts.values), total: oldest.value.total))
        }
        pending[key] = entry
        return nil
    }

    /// Gives up the messages whose first part arrived more than `timeout` before `now` (and any
    /// evicted for space), returning what arrived of them, oldest first.
    public mutating func expire(at now: Duration) -> [SplitMessage] {
        var expired = givenUp
        givenUp = []
        let due = pending.filter { $0.value.deadline <= now }.sorted { $0.value.sequence < $1.value.sequence }
        for (key, entry) in due {
            pending[key] = nil
            expired.append(SplitMessage(parts: Array(entry.parts.values), total: entry.total))
        }
        return expired
    }
}
