import Bus
import Domain
import Foundation
import Runtime
import Simulation
import Testing

/// Issue 6's proof through the real processes (Ingest, Judgment, Marking; own broker and
/// database, sample registry): `duban-sim scenario marks` sends a thermal unit's start-up, a hot
/// cement kiln and a paper mill's COD day over TCP; two marks go in through `duban-ctl mark
/// create`; each plant gets its one verdict, and Judgment withdraws the start-up's exceedance.
@Suite("MarkingScenarioTests", .serialized, .timeLimit(.minutes(3)))
struct MarkingScenarioTests {
    static let hash = String(repeating: "7a", count: 32)

    /// Runs `duban-sim scenario marks` against the stack's Ingest; bounded to 60 s.
    static func simulate(_ stack: Stack, end: Date) async throws -> String {
        let outputPath = "\(stack.runDirectory)/duban-sim.out"
        guard FileManager.default.createFile(atPath: outputPath, contents: nil) else {
            throw Stack.Failure(description: "cannot create \(outputPath)")
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(stack.binDirectory)/duban-sim")
        process.arguments = ["scenario", "marks", "--port", String(stack.ingestPort), "--end", ISO8601DateFormatter().string(from: end)]
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { process.terminate() }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard !process.isRunning, process.terminationStatus == 0 else {
            throw Stack.Failure(description: "duban-sim scenario marks failed or timed out:\n\(text)")
        }
        return text
    }

    /// An event's instant (`2026-03-10T04:00:00.000Z`).
    static func instant(_ text: String) -> Date? {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return format.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    static func verdicts(_ events: [[String: Any]], outlet: String) -> [[String: Any]] {
        events.filter { $0["type"] as? String == EventType.markVerdict && $0.data["outletId"] as? String == outlet }.map(\.data)
    }

    static func exceedances(_ events: [[String: Any]], outlet: String) -> [[String: Any]] {
        events.filter { $0["type"] as? String == EventType.exceedance && $0.data["outletId"] as? String == outlet }.map(\.data)
    }

    /// `duban-ctl mark create` over the scenario's span; returns the new mark's id.
    static func createMark(_ stack: Stack, type: String, outlet: String, span: DateInterval, reason: String, evidence: String,
                           by person: String, commandId: String) throws -> String {
        let format = ISO8601DateFormatter()
        let printed = try stack.ctlOutput([
            "mark", "create", "--type", type, "--outlet", outlet, "--from", format.string(from: span.start), "--to", format.string(from: span.end),
            "--reason", reason, "--attach-ref", "\(evidence)=\(evidence).pdf:\(hash):4096", "--by", person, "--role", "enterprise-user",
            "--command-id", commandId,
        ])
        let answer = try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any]
        guard let markId = answer?["markId"] as? String else { throw Stack.Failure(description: "duban-ctl printed no mark id: \(printed)") }
        return markId
    }

    @Test("the simulator's start-up marked 并网/供能 → one consistent verdict and its SO2 exceedance opened then withdrawn; the hot kiln marked 停窑 → one suspected-false verdict; the paper mill's unmarked COD day → one missed verdict")
    func proofScenario() async throws {
        let stack = try await Stack(name: "markscenario")
        defer { stack.stop() }
        try await stack.startService("ingest")
        try await stack.startService("judgment")
        try await stack.startService("marking", extra: ["DUBAN_MARKING_SWEEP_INTERVAL": "1s"])
        let marks = try TopicReader(stack: stack, topic: BusTopics.marks)
        defer { Task { await marks.close() } }
        let judgments = try TopicReader(stack: stack, topic: BusTopics.judgments)
        defer { Task { await judgments.close() } }

        // The start-up ends at the current whole hour: recent enough that its marking deadline
        // has not passed; the paper day is three days earlier, past its deadline (next day 12:00).
        let end = DeviceFrames.lastFullHour().addingTimeInterval(3600)
        let scenario = try MarkScenario(end: end)
        let thermal = MarkScenario.thermalUnit.outletId, kiln = MarkScenario.cementKiln.outletId, paper = MarkScenario.paperMill.outletId
        let printed = try await Self.simulate(stack, end: end)
        #expect(printed.contains("共发送 \(scenario.uploads.count) 帧，均已确认（9014）"))
        #expect(printed.split(separator: "\n").contains { $0.contains("a21026=120.000") && $0.contains("启动期间SO2超过许可限值") })

        // Judgment opens the start-up hour's SO2 exceedance and the paper mill's COD day.
        let startUpId = ExceedanceJudgment.episodeId(outletId: thermal, factor: "a21026", periodStart: scenario.exceedingHour)
        _ = try await judgments.read(until: { events in
            Self.exceedances(events, outlet: thermal).contains { $0["id"] as? String == startUpId }
                && !Self.exceedances(events, outlet: paper).isEmpty
        }, timeout: .seconds(40))
        let cod = try #require(Self.exceedances(judgments.events, outlet: paper).first)
        #expect(cod["factor"] as? String == "w01018" && cod["basis"] as? String == "day")
        #expect((cod["periodStart"] as? String).flatMap(Self.instant) == scenario.paperDay, "the China-time day three days before")
        #expect(abs((cod["value"] as? Double ?? 0) - MarkScenario.hourlyCOD.reduce(0, +) / 24) < 0.01, "the flow-weighted mean of equal flows")
        // Marking has every operating-parameter sample before the marks arrive.
        try await stack.eventually("the parameter samples stored", timeout: .seconds(30)) {
            try stack.count("SELECT count(*) FROM marking.parameter_samples WHERE outlet_id = '\(thermal)' AND code = 'e10101'") == 18
                && stack.count("SELECT count(*) FROM marking.parameter_samples WHERE outlet_id = '\(kiln)' AND code = 'e20101'") == 18
        }

        let startUpMark = try Self.createMark(stack, type: "thermal-power.startup", outlet: thermal, span: scenario.startUp,
                                              reason: "【计划内】1号机组冷态启动至并网", evidence: "dcs-load-curve", by: "李秀英", commandId: "scenario-startup")
        let kilnMark = try Self.createMark(stack, type: "cement.kiln-stopped", outlet: kiln, span: scenario.kilnPeriod,
                                           reason: "【计划内】窑系统检修停窑", evidence: "central-control-record", by: "杨帆", commandId: "scenario-kiln")
        _ = try await marks.read(until: { events in
            !Self.verdicts(events, outlet: thermal).isEmpty && !Self.verdicts(events, outlet: kiln).isEmpty && !Self.verdicts(events, outlet: paper).isEmpty
        }, timeout: .seconds(40))
        _ = try await judgments.read(until: { Self.exceedances($0, outlet: thermal).count >= 2 }, timeout: .seconds(30))
        // The devices send everything again, as after a reconnection: the parameters are new
        // events to Marking (Ingest drops only the duplicate measurements) and recompute the
        // marks they fall in, which must publish nothing new.
        let resent = try await Self.simulate(stack, end: end)
        #expect(resent.contains("共发送 \(scenario.uploads.count) 帧"))
        let parameterFrames = scenario.uploads.filter { $0.plant != MarkScenario.paperMill && $0.summary.contains("CN=2051") }.count
        try await stack.eventually("Marking to read the resent parameters", timeout: .seconds(30)) {
            try stack.count("SELECT count(*) FROM marking.inbox WHERE topic = '\(BusTopics.params)'") == 2 * parameterFrames
        }
        // Several sweeps (every second) and late consumers get their chance to repeat something.
        try await marks.settle(for: .seconds(5))
        try await judgments.settle(for: .seconds(1))

        let startUpVerdicts = Self.verdicts(marks.events, outlet: thermal)
        #expect(startUpVerdicts.map { $0["kind"] as? String } == ["consistent"], "one verdict for the start-up, consistent")
        #expect(startUpVerdicts.first?["markId"] as? String == startUpMark)
        #expect((startUpVerdicts.first?["start"] as? String).flatMap(Self.instant) == scenario.startUp.start)
        let kilnVerdicts = Self.verdicts(marks.events, outlet: kiln)
        #expect(kilnVerdicts.map { $0["kind"] as? String } == ["suspected-false"], "one verdict for 停窑, suspected false")
        #expect(kilnVerdicts.first?["markId"] as? String == kilnMark && kilnVerdicts.first?["ruleId"] as? String == "cement-kiln-stopped-hot")
        let samples = ((kilnVerdicts.first?["inputs"] as? [[String: Any]])?.first?["samples"] as? [[String: Any]])?.compactMap { $0["value"] as? Double }
        #expect((samples?.count ?? 0) >= 3 && samples?.allSatisfy { $0 > 1000 } == true, "the hot smoke chamber is the evidence")
        let paperVerdicts = Self.verdicts(marks.events, outlet: paper)
        #expect(paperVerdicts.map { $0["kind"] as? String } == ["missed"], "one verdict for the unmarked COD day, missed")
        #expect(paperVerdicts.first?["ruleId"] as? String == "exceedance-unmarked" && (paperVerdicts.first?["markId"] as? String) == nil)
        #expect((paperVerdicts.first?["start"] as? String).flatMap(Self.instant) == scenario.paperDay)
        #expect((paperVerdicts.first?["end"] as? String).flatMap(Self.instant) == scenario.paperDay.addingTimeInterval(86_400))
        let missedInput = (paperVerdicts.first?["inputs"] as? [[String: Any]])?.first
        #expect(missedInput?["threshold"] as? Double == 80 && (missedInput?["source"] as? String)?.hasSuffix(cod["id"] as? String ?? "?") == true,
                "the missed verdict names the exceedance and GB 3544's 80 mg/L")
        #expect(try stack.count("SELECT count(*) FROM marking.verdicts") == 3)
        // Nothing proposed: the steam flow was under the stop threshold for 40 min only.
        #expect(marks.events.filter { $0["type"] as? String == MarkProposal.eventType }.isEmpty)

        // Judgment: the start-up hour opened, then withdrawn by the 并网/供能 mark, each once; the
        // COD day (no mark) stands.
        let startUp = Self.exceedances(judgments.events, outlet: thermal)
        #expect(startUp.map { "\($0["id"] as? String ?? "?") \($0["status"] as? String ?? "?")@\($0["version"] as? Int ?? 0)" }
            == ["\(startUpId) opened@1", "\(startUpId) withdrawn@2"])
        #expect(startUp.first?["value"] as? Double == MarkScenario.startUpSO2 && startUp.first?["limit"] as? Double == 35)
        #expect(Self.exceedances(judgments.events, outlet: paper).allSatisfy { $0["status"] as? String != "withdrawn" })
        #expect(try stack.count("SELECT count(*) FROM judgment.marks WHERE id = '\(startUpMark)'") == 1)

        try await ThinPathTests.validateEvents(in: stack, topics: [BusTopics.marks, BusTopics.judgments, BusTopics.commands])
    }
}
