import Synchronization

/// A monotonically increasing count.
public final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    public func increment(by amount: Int = 1) { count.add(amount, ordering: .relaxed) }
    public var value: Int { count.load(ordering: .relaxed) }
}

/// A value that goes up and down (connections, backlog).
public final class Gauge: Sendable {
    private let current = Atomic<Int>(0)
    public func set(_ value: Int) { current.store(value, ordering: .relaxed) }
    public func increment(by amount: Int = 1) { current.add(amount, ordering: .relaxed) }
    public func decrement(by amount: Int = 1) { current.subtract(amount, ordering: .relaxed) }
    public var value: Int { current.load(ordering: .relaxed) }
}

/// Observations in seconds counted into fixed buckets (Prometheus histogram). An observation adds
/// to the one bucket it falls in (one atomic add, not one per bucket above it: several threads
/// observe per frame, and every add moves the counter's cache line between cores); the cumulative
/// counts Prometheus wants are summed when rendered.
public final class Histogram: Sendable {
    public let bounds: [Double]
    /// Observations per bucket, not cumulative; the last holds those above every bound.
    private let buckets: [Counter]
    /// Sum kept in microseconds so it fits an integer atomic.
    private let sumMicros = Atomic<Int>(0)

    init(bounds: [Double]) {
        precondition(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 }, "histogram bounds must rise")
        self.bounds = bounds
        self.buckets = (0...bounds.count).map { _ in Counter() }
    }

    public func observe(_ seconds: Double) {
        // A linear scan: a dozen bounds, and most observations fall in the first few.
        var index = 0
        while index < bounds.count, seconds > bounds[index] { index += 1 }
        buckets[index].increment()
        sumMicros.add(Int(seconds * 1_000_000), ordering: .relaxed)
    }

    public func observe(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        observe(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// Cumulative counts per bound, the total (the `+Inf` bucket) and the sum. Read while others
    /// observe, the counts stay cumulative; the sum may lag them by an observation.
    var snapshot: (buckets: [Int], count: Int, sum: Double) {
        var cumulative: [Int] = []
        cumulative.reserveCapacity(buckets.count)
        var running = 0
        for bucket in buckets {
            running += bucket.value
            cumulative.append(running)
        }
        let count = cumulative.removeLast()
        return (cumulative, count, Double(sumMicros.load(ordering: .relaxed)) / 1_000_000)
    }
}

/// The process's metrics. Each handle is created once per (name, labels) and then counted without
/// locks; `render()` emits Prometheus text exposition format.
public final class MetricsRegistry: Sendable {
    public static let shared = MetricsRegistry()

    enum Handle: Sendable {
        case counter(Counter)
        case gauge(Gauge)
        case histogram(Histogram)
    }

    private struct Family: Sendable {
        var help: String
        var type: String
        var series: [String: Handle]
    }

    private let families = Mutex<[String: Family]>([:])

    public init() {}

    public func counter(_ name: String, help: String, labels: [String: String] = [:]) -> Counter {
        handle(name, help: help, type: "counter", labels: labels) { .counter(Counter()) }.asCounter!
    }

    public func gauge(_ name: String, help: String, labels: [String: String] = [:]) -> Gauge {
        handle(name, help: help, type: "gauge", labels: labels) { .gauge(Gauge()) }.asGauge!
    }

    public static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    public func histogram(_ name: String, help: String, labels: [String: String] = [:], buckets: [Double] = latencyBuckets) -> Histogram {
        handle(name, help: help, type: "histogram", labels: labels) { .histogram(Histogram(bounds: buckets)) }.asHistogram!
    }

    private func handle(_ name: String, help: String, type: String, labels: [String: String], make: () -> Handle) -> Handle {
        let key = Self.labelText(labels)
        return families.withLock { families in
            if let existing = families[name]?.series[key] { return existing }
            let created = make()
            // In place: copying the family out and back would copy all its series for each new one
            // (thousands of per-device series at start-up).
            families[name, default: Family(help: help, type: type, series: [:])].series[key] = created
            return created
        }
    }

    static func labelText(_ labels: [String: String], extra: (String, String)? = nil) -> String {
        var pairs = labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let extra { pairs.append(extra) }
        guard !pairs.isEmpty else { return "" }
        let body = pairs.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }.joined(separator: ",")
        return "{\(body)}"
    }

    /// Prometheus text format, families sorted by name.
    public func render() -> String {
        let copy = families.withLock { $0 }
        var out = ""
        for name in copy.keys.sorted() {
            let family = copy[name]!
            out += "# HELP \(name) \(family.help)\n# TYPE \(name) \(family.type)\n"
            for key in family.series.keys.sorted() {
                switch family.series[key]! {
                case .counter(let counter): out += "\(name)\(key) \(counter.value)\n"
                case .gauge(let gauge): out += "\(name)\(key) \(gauge.value)\n"
                case .histogram(let histogram):
                    let labels = Self.parse(key)
                    let snap = histogram.snapshot
                    for (index, bound) in histogram.bounds.enumerated() {
                        out += "\(name)_bucket\(Self.labelText(labels, extra: ("le", "\(bound)"))) \(snap.buckets[index])\n"
                    }
                    out += "\(name)_bucket\(Self.labelText(labels, extra: ("le", "+Inf"))) \(snap.count)\n"
                    out += "\(name)_sum\(key) \(snap.sum)\n\(name)_count\(key) \(snap.count)\n"
                }
            }
        }
        return out
    }

    /// Recovers the label map from its rendered key (only used for histograms' extra `le`).
    private static func parse(_ key: String) -> [String: String] {
        guard key.count > 2 else { return [:] }
        var result: [String: String] = [:]
        for pair in key.dropFirst().dropLast().split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1].dropFirst().dropLast()) }
        }
        return result
    }
}



extension MetricsRegistry.Handle {
    var asCounter: Counter? { if case .counter(let value) = self { value } else { nil } }
    var asGauge: Gauge? { if case .gauge(let value) = self { value } else { nil } }
    var asHistogram: Histogram? { if case .histogram(let value) = self { value } else { nil } }
}
