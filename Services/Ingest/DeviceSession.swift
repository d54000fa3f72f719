import HJ212
import Net
import Runtime

/// One device connection. Bytes are framed on the event-loop thread (no lock needed: the loop
/// calls this object only from its own thread); frames are handled in order by one task per
/// connection. When too many frames wait (Kafka slow or down), reading pauses: the device's data
/// stay in its own buffer instead of in our memory.
final class DeviceSession: TCPConnectionHandler {
    private var decoder: FrameDecoder
    private let connection: TCPConnection
    private let flow: FlowControl
    private let frames: AsyncStream<FrameEvent>.Continuation

    init(connection: TCPConnection, options: DecodeOptions, maxQueuedFrames: Int, processor: FrameProcessor) {
        self.connection = connection
        decoder = FrameDecoder(options: options)
        let flow = FlowControl(connection: connection, high: maxQueuedFrames)
        self.flow = flow
        let (stream, continuation) = AsyncStream<FrameEvent>.makeStream()
        frames = continuation
        let context = ConnectionContext(id: connection.id, peer: connection.peer)
        Task {
            for await event in stream {
                await processor.process(event, from: context, reply: connection)
                flow.finishedOne()
            }
        }
    }

    func received(_ bytes: UnsafeRawBufferPointer, on connection: TCPConnection) {
        decoder.append(bytes)
        while let event = decoder.next() {
            flow.queuedOne()
            frames.yield(event)
        }
    }

    /// A frame without its terminator (an accepted deviation) waits for more bytes; once the
    /// device is silent, end it so it is answered.
    func quiet(_ connection: TCPConnection) {
        guard decoder.bufferedByteCount > 0 else { return }
        decoder.finish()
        while let event = decoder.next() {
            flow.queuedOne()
            frames.yield(event)
        }
    }

    func closed(_ connection: TCPConnection, reason: String) {
        frames.finish()
    }
}

/// Who sent a frame, for logs and the evidence record, and what the platform last told that
/// connection's device (so a clock is not set again on every frame).
final class ConnectionContext: Sendable {
    let id: UInt64
    let peer: String
    private let lastTimeSet = Locked<ContinuousClock.Instant?>(nil)
    private let configuredDevices = Locked<Set<String>>([])
    /// The clock-skew gauge of the device last seen here (one device per connection, as a rule),
    /// so each frame does not look the labelled series up in the registry.
    private let skewGauge = Locked<LabelledGauge?>(nil)
    /// Parts of split messages (PNUM/PNO) until all arrived or the timeout passed.
    let splits = Locked(SplitReassembler(timeout: .seconds(120), maxPendingMessages: 64))
    static let origin = ContinuousClock.now

    /// Monotonic time for the reassembler's deadlines.
    static var now: Duration { ContinuousClock.now - origin }

    init(id: UInt64, peer: String) {
        self.id = id
        self.peer = peer
    }

    /// The `duban_ingest_clock_skew_seconds` series of device `mn`.
    func clockSkewGauge(mn: String) -> Gauge {
        if let known = skewGauge.withLock({ $0 }), known.mn == mn { return known.gauge }
        let gauge = MetricsRegistry.shared.gauge(
            "duban_ingest_clock_skew_seconds", help: "Last measured device clock skew (QN − receive time)", labels: ["mn": mn])
        skewGauge.withLock { $0 = LabelledGauge(mn: mn, gauge: gauge) }
        return gauge
    }

    /// True the first time `mn` is seen on this connection (its setup is due); records it.
    func claimSetup(mn: String) -> Bool {
        configuredDevices.withLock { $0.insert(mn).inserted }
    }

    /// True when the device's time may be set now (at most once per `interval`); records it.
    func claimTimeSetting(interval: Duration) -> Bool {
        lastTimeSet.withLock { last in
            let now = ContinuousClock.now
            if let previous = last, now - previous < interval { return false }
            last = now
            return true
        }
    }
}

/// A gauge and the device its label names.
struct LabelledGauge: Sendable {
    let mn: String
    let gauge: Gauge
}

/// Pauses reading when `high` frames wait and resumes when the queue has drained to a quarter.
final class FlowControl: Sendable {
    private struct State: Sendable {
        var pending = 0
        var paused = false
    }

    private let state = Locked(State())
    private let connection: TCPConnection
    private let high: Int
    private let low: Int

    init(connection: TCPConnection, high: Int) {
        self.connection = connection
        self.high = high
        self.low = max(0, high / 4)
    }

    func queuedOne() {
        let pause = state.withLock { state -> Bool in
            state.pending += 1
            guard state.pending >= high, !state.paused else { return false }
            state.paused = true
            return true
        }
        if pause { connection.pauseReading() }
    }

    func finishedOne() {
        let resume = state.withLock { state -> Bool in
            state.pending -= 1
            guard state.paused, state.pending <= low else { return false }
            state.paused = false
            return true
        }
        if resume { connection.resumeReading() }
    }
}
