import Synchronization

/// The counters of one metric family by up to two label values, each registered once and then
/// found by its values alone: hot paths (every frame, every Kafka acknowledgement) skip building
/// and escaping the label text `MetricsRegistry` keys series by.
public final class CounterFamily: Sendable {
    private struct Values: Hashable, Sendable {
        var first: String
        var second: String
    }

    private let name: String
    private let help: String
    private let labelNames: (String, String?)
    private let registry: MetricsRegistry
    private let counters = Mutex<[Values: Counter]>([:])

    public init(_ name: String, help: String, label: String, registry: MetricsRegistry = .shared) {
        self.name = name
        self.help = help
        labelNames = (label, nil)
        self.registry = registry
    }

    public init(_ name: String, help: String, labels first: String, _ second: String, registry: MetricsRegistry = .shared) {
        self.name = name
        self.help = help
        labelNames = (first, second)
        self.registry = registry
    }

    /// The counter for one label value (families with one label).
    public func callAsFunction(_ value: String) -> Counter {
        counter(Values(first: value, second: ""))
    }

    /// The counter for two label values (families with two labels).
    public func callAsFunction(_ first: String, _ second: String) -> Counter {
        counter(Values(first: first, second: second))
    }

    private func counter(_ values: Values) -> Counter {
        if let known = counters.withLock({ $0[values] }) { return known }
        var labels = [labelNames.0: values.first]
        if let second = labelNames.1 { labels[second] = values.second }
        let created = registry.counter(name, help: help, labels: labels)
        counters.withLock { $0[values] = created }
        return created
    }
}
