@testable import Channels
import Domain
import Foundation
import Runtime
import Testing

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Locked<Date>

    init(_ start: Date) {
        current = Locked(start)
    }

    var now: Date { current.value }

    func advance(_ seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}

@Suite(.timeLimit(.minutes(1)))
struct RateLimitTests {
    /// 2026-11-29 10:00:00 China time.
    let start = Date(timeIntervalSince1970: 1_795_917_600)

    @Test("token bucket: a burst of capacity, then one token per period/capacity; a clock stepping back refills nothing")
    func tokenBucket() {
        var bucket = TokenBucket(capacity: 5, refillPeriod: .seconds(1))
        for _ in 0..<5 { #expect(bucket.take(at: start) == nil) }
        #expect(bucket.take(at: start) == start.addingTimeInterval(0.2))
        #expect(bucket.take(at: start.addingTimeInterval(0.1)) == start.addingTimeInterval(0.2))
        #expect(bucket.take(at: start.addingTimeInterval(0.2)) == nil)
        #expect(bucket.available(at: start.addingTimeInterval(10)) == 5)
        #expect(bucket.take(at: start.addingTimeInterval(-5)) != nil)
        #expect(bucket.available(at: start.addingTimeInterval(0.2)) < 1)
    }

    @Test("sliding window: 1 per 30 s exactly; 20 per minute never exceeded in any 60 s")
    func slidingWindow() {
        var perThirty = SlidingWindowLimit(limit: 1, window: .seconds(30))
        #expect(perThirty.take(at: start) == nil)
        #expect(perThirty.take(at: start.addingTimeInterval(29)) == start.addingTimeInterval(30))
        #expect(perThirty.take(at: start.addingTimeInterval(30)) == nil)

        var perMinute = SlidingWindowLimit(limit: 20, window: .seconds(60))
        var accepted: [Date] = []
        for second in 0..<180 {
            let now = start.addingTimeInterval(TimeInterval(second))
            while perMinute.take(at: now) == nil { accepted.append(now) }
        }
        for time in accepted {
            let inWindow = accepted.filter { $0 >= time && $0 < time.addingTimeInterval(60) }
            #expect(inWindow.count <= 20)
        }
        #expect(accepted.count == 60)
    }

    @Test("daily cap counts per China-time day and resets at 00:00 CST (16:00 UTC), not 24 h after the first send")
    func chinaDay() {
        var daily = ChinaDayLimit(limit: 2)
        // 23:30 China time.
        let lateEvening = Date(timeIntervalSince1970: 1_795_966_200)
        #expect(daily.take(at: lateEvening) == nil)
        #expect(daily.take(at: lateEvening) == nil)
        let midnight = Date(timeIntervalSince1970: 1_795_968_000)
        #expect(daily.take(at: lateEvening.addingTimeInterval(60)) == midnight)
        #expect(daily.take(at: midnight) == nil)
    }

    @Test("Alibaba Cloud: 50 notifications a day per signature, template and number; another template or number is counted apart")
    func alibabaDailyCap() {
        let clock = ManualClock(start)
        // The per-number caps (1 a minute…) are tested apart: here only the notification cap counts.
        let limiter = RateLimiter(rules: DocumentedLimits.rules(for: .alibabaCloudSMS).filter { $0.scope != .recipient }, clock: { clock.now })
        let subject = RateLimiter.Subject(provider: .alibabaCloudSMS, recipient: "13800138000", signature: "某某市生态环境局", templateCode: "SMS_1")
        for _ in 0..<50 {
            #expect(limiter.acquire(subject) == .allowed)
            clock.advance(1)
        }
        guard case .limited(let until, let rule) = limiter.acquire(subject) else {
            Issue.record("the 51st notification of the day must be refused")
            return
        }
        #expect(rule.name == "alibaba.notification.per_number_signature_template_day")
        #expect(until == Date(timeIntervalSince1970: 1_795_968_000))
        var other = subject
        other.templateCode = "SMS_2"
        #expect(limiter.acquire(other) == .allowed)
        other = subject
        other.recipient = "13900139000"
        #expect(limiter.acquire(other) == .allowed)
        clock.set(until)
        #expect(limiter.acquire(subject) == .allowed)
    }

    @Test("Tencent Cloud: same content to a number once per 30 s; different content passes; a refused send uses no daily quota")
    func tencentThirtySeconds() {
        let clock = ManualClock(start)
        let rules = DocumentedLimits.rules(for: .tencentCloudSMS)
        let limiter = RateLimiter(rules: rules, clock: { clock.now })
        let subject = RateLimiter.Subject(provider: .tencentCloudSMS, recipient: "13800138000", content: "【局】A")
        #expect(limiter.acquire(subject) == .allowed)
        clock.advance(10)
        guard case .limited(let until, let rule) = limiter.acquire(subject) else {
            Issue.record("same content within 30 s must be refused")
            return
        }
        #expect(rule.name == "tencent.same_content_per_number_30s")
        #expect(until == start.addingTimeInterval(30))
        // The refusals above did not count: 4 more different messages fit the 5-per-hour cap.
        for index in 0..<4 {
            var next = subject
            next.content = "【局】B\(index)"
            #expect(limiter.acquire(next) == .allowed)
        }
        var sixth = subject
        sixth.content = "【局】C"
        guard case .limited(_, let hourly) = limiter.acquire(sixth) else {
            Issue.record("the sixth message within an hour must be refused")
            return
        }
        #expect(hourly.name == "tencent.per_number_hour")
        #expect(hourly.provisional)
        #expect(limiter.check(RateLimiter.Subject(provider: .tencentCloudSMS, recipient: "13900139000", content: "x")) == .allowed)
    }

    @Test("robots: 20 a minute per webhook, the 21st waits for the first to leave the window; check() counts nothing")
    func robots() {
        let clock = ManualClock(start)
        let limiter = RateLimiter(clock: { clock.now })
        let robot = RateLimiter.Subject(provider: .dingtalkRobot, destination: "duty-group")
        for _ in 0..<20 {
            #expect(limiter.check(robot) == .allowed)
            #expect(limiter.acquire(robot) == .allowed)
            clock.advance(2)
        }
        guard case .limited(let until, _) = limiter.acquire(robot) else {
            Issue.record("the 21st message in a minute must wait")
            return
        }
        #expect(until == start.addingTimeInterval(60))
        #expect(limiter.acquire(RateLimiter.Subject(provider: .dingtalkRobot, destination: "other-group")) == .allowed)
        // A rule whose scope the subject does not fill does not apply (a robot has no recipient number).
        #expect(limiter.acquire(RateLimiter.Subject(provider: .wecomRobot)) == .allowed)
    }

    @Test("idle counters are dropped so per-number state does not grow without bound")
    func pruning() {
        let clock = ManualClock(start)
        let limiter = RateLimiter(rules: [RateLimitRule(name: "r", provider: .wecomRobot, scope: .destination, limit: 1,
                                                        window: .slidingWindow(.seconds(1)), basis: "test")], clock: { clock.now })
        for index in 0..<1023 { _ = limiter.acquire(.init(provider: .wecomRobot, destination: "d\(index)")) }
        #expect(limiter.trackedCounters == 1023)
        clock.advance(5)
        _ = limiter.acquire(.init(provider: .wecomRobot, destination: "last"))
        #expect(limiter.trackedCounters == 1)
    }

    @Test("documented limits are data: every rule names its source and has a positive limit")
    func documentedLimits() {
        #expect(!DocumentedLimits.all.isEmpty)
        #expect(Set(DocumentedLimits.all.map(\.name)).count == DocumentedLimits.all.count)
        #expect(DocumentedLimits.all.allSatisfy { $0.limit > 0 && !$0.basis.isEmpty })
        #expect(DocumentedLimits.rules(for: .alibabaCloudSMS).contains { $0.limit == 50 && $0.window == .chinaCalendarDay })
        #expect(DocumentedLimits.rules(for: .wecomRobot).first?.description == "wecom.robot.per_minute: 20 per 60.0 seconds per destination")
    }
}

@Suite(.timeLimit(.minutes(1)))
struct QuietWindowTests {
    /// 2026-11-29 23:30 China time.
    let lateEvening = Date(timeIntervalSince1970: 1_795_966_200)
    /// 2026-11-30 07:00 China time.
    let sevenAM = Date(timeIntervalSince1970: 1_795_993_200)

    @Test("a window across midnight holds until its end in China time; outside it nothing waits")
    func windows() throws {
        let night = try #require(QuietWindow("22:00-07:00"))
        #expect(night.end(ofWindowContaining: lateEvening) == sevenAM)
        #expect(night.end(ofWindowContaining: sevenAM.addingTimeInterval(-60)) == sevenAM)
        #expect(night.end(ofWindowContaining: sevenAM) == nil)
        let lunch = try #require(QuietWindow("12:00-13:30"))
        #expect(lunch.end(ofWindowContaining: lateEvening) == nil)
        #expect(QuietWindow("25:00-07:00") == nil)
        #expect(QuietWindow("22:00-22:00") == nil)
        #expect(QuietWindow("2200-0700") == nil)
        #expect(night.description == "22:00-07:00")
    }

    @Test("dispatch-stage notices and exceedance alerts are never held, whatever the rules say")
    func exemptions() throws {
        let policy = try QuietWindowPolicy(parsing: "*/*=22:00-07:00")
        #expect(policy.earliestSend(kind: "pre_warning.exceedance", role: "环保负责人", at: lateEvening) == lateEvening)
        #expect(policy.earliestSend(kind: "dispatch.response_due", role: "环保负责人", at: lateEvening) == lateEvening)
        #expect(policy.earliestSend(kind: "handling_after.decision", role: "环保负责人", at: lateEvening) == sevenAM)
        #expect(policy.earliestSend(kind: "digest", role: "环保负责人", at: lateEvening) == sevenAM)
        #expect(throws: QuietWindowPolicy.ParseError.self) { try QuietWindowPolicy(parsing: "dispatch/*=22:00-07:00") }
    }

    @Test("rules match stage and role, then stage, then role, then any; off overrides a broader window")
    func precedence() throws {
        let policy = try QuietWindowPolicy(parsing: "*/*=22:00-07:00; pre_warning/*=21:00-08:00; pre_warning/执法大队长=off; */企业法人=23:00-06:00")
        #expect(policy.window(kind: "pre_warning.abnormal_operation", role: "执法大队长") == nil)
        #expect(policy.window(kind: "pre_warning.abnormal_operation", role: "环保负责人")?.description == "21:00-08:00")
        #expect(policy.window(kind: "handling_after.decision", role: "企业法人")?.description == "23:00-06:00")
        #expect(policy.window(kind: "handling_after.decision", role: "其他")?.description == "22:00-07:00")
        #expect(QuietWindowPolicy.none.window(kind: "handling_after.decision", role: "x") == nil)
    }

    @Test("configuration text errors name the entry and what is wrong")
    func parseErrors() {
        for (text, fragment) in [("pre_warning=22:00-07:00", "expected stage/role"), ("nightly/*=22:00-07:00", "stage nightly"),
                                 ("*/*=22-07", "window 22-07"), ("*/*=off; */*=22:00-07:00", "given twice")] {
            do {
                _ = try QuietWindowPolicy(parsing: text)
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.description.contains(fragment), "\(error.description)")
            }
        }
        #expect((try? QuietWindowPolicy(parsing: " ; "))?.rules.isEmpty == true)
    }
}
