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

    @Test("a histogram counts a value equal to a bound in that bound's bucket, renders cumulative counts, and loses no observation made from several threads")
    func histogramBucketsAndConcurrency() async {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("duban_wait_seconds", help: "Wait", buckets: [0.001, 0.01, 0.1, 1])
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for value in [0.0005, 0.001, 0.002, 0.01, 0.5, 1, 7] { for _ in 0..<250 { histogram.observe(value) } }
                }
            }
        }
        let text = registry.render()
        // Per thread and value 250 observations: ≤0.001 two values, ≤0.01 four, ≤0.1 four, ≤1 six, all seven.
        #expect(text.contains("duban_wait_seconds_bucket{le=\"0.001\"} 2000\n"), "\(text)")
        #expect(text.contains("duban_wait_seconds_bucket{le=\"0.01\"} 4000\n"))
        #expect(text.contains("duban_wait_seconds_bucket{le=\"0.1\"} 4000\n"))
        #expect(text.contains("duban_wait_seconds_bucket{le=\"1.0\"} 6000\n"))
        #expect(text.contains("duban_wait_seconds_bucket{le=\"+Inf\"} 7000\n"))
        #expect(text.contains("duban_wait_seconds_count 7000\n"))
        #expect(text.contains("duban_wait_seconds_sum 8513.5\n"), "\(text)")
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
