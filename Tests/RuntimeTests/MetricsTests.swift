import Runtime
import Testing

struct MetricsTests {
    @Test("counters, gauges and histograms render as Prometheus text, one handle per name and labels")
    func render() {
        let registry = MetricsRegistry()
        registry.counter("duban_frames_total", help: "Frames", labels: ["cn": "2061"]).increment(by: 3)
        registry.counter("duban_frames_total", help: "Frames", labels: ["cn": "2061"]).increment()
        registry.counter("duban_frames_total", help: "Frames", labels: ["cn": "2011"]).increment()
        registry.gauge("duban_connections", help: "Open").set(7)
        let histogram = registry.histogram("duban_latency_seconds", help: "Latency", buckets: [0.01, 0.1])
        histogram.observe(0.005)
        histogram.observe(0.05)
        histogram.observe(3)
        let text = registry.render()
        #expect(text.contains("# TYPE duban_frames_total counter\n"))
        #expect(text.contains("duban_frames_total{cn=\"2061\"} 4\n"))
        #expect(text.contains("duban_frames_total{cn=\"2011\"} 1\n"))
        #expect(text.contains("duban_connections 7\n"))
        #expect(text.contains("duban_latency_seconds_bucket{le=\"0.01\"} 1\n"))
        #expect(text.contains("duban_latency_seconds_bucket{le=\"0.1\"} 2\n"))
        #expect(text.contains("duban_latency_seconds_bucket{le=\"+Inf\"} 3\n"))
        #expect(text.contains("duban_latency_seconds_count 3\n"))
    }

    @Test("a counter family hands out the registry's own series: one per label values, counted together with direct lookups")
    func counterFamily() {
        let registry = MetricsRegistry()
        let frames = CounterFamily("duban_frames_total", help: "Frames", labels: "cn", "outcome", registry: registry)
        frames("2061", "accepted").increment(by: 2)
        frames("2061", "accepted").increment()
        frames("2061", "duplicate").increment()
        registry.counter("duban_frames_total", help: "Frames", labels: ["cn": "2061", "outcome": "accepted"]).increment()
        #expect(frames("2061", "accepted") === registry.counter("duban_frames_total", help: "Frames", labels: ["outcome": "accepted", "cn": "2061"]))
        let byTopic = CounterFamily("acks_total", help: "Acks", label: "topic", registry: registry)
        byTopic("duban.frames").increment()
        let text = registry.render()
        #expect(text.contains("duban_frames_total{cn=\"2061\",outcome=\"accepted\"} 4\n"))
        #expect(text.contains("duban_frames_total{cn=\"2061\",outcome=\"duplicate\"} 1\n"))
        #expect(text.contains("acks_total{topic=\"duban.frames\"} 1\n"))
    }

    @Test("label values are escaped")
    func escaping() {
        let registry = MetricsRegistry()
        registry.counter("x_total", help: "X", labels: ["reason": "a\"b\\c"]).increment()
        #expect(registry.render().contains("x_total{reason=\"a\\\"b\\\\c\"} 1"))
    }
}

struct JSONTextTests {
    @Test("log strings are escaped as JSON, Chinese kept as is")
    func escaping() {
        #expect(JSONText.quoted("a\"b\\c\nd\u{01}") == "\"a\\\"b\\\\c\\nd\\u0001\"")
        #expect(JSONText.quoted("二氧化硫") == "\"二氧化硫\"")
    }
}

struct AsyncLatchTests {
    @Test("wait returns after open, also when opened before waiting")
    func latch() async {
        let latch = AsyncLatch()
        async let waited: Void = latch.wait()
        latch.open()
        await waited
        await latch.wait()
        #expect(latch.isOpen)
    }
}
