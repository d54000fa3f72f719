import Bus
import Domain
import Foundation
import HJ212
import Net
import Pipeline
import Runtime
import Store

/// Handles one framed event of a device: authenticates the device, publishes the raw frame and
/// its measurement, and answers the device ONLY after Kafka acknowledged both. With Kafka
/// unavailable nothing is answered; the device keeps its data and sends it again (补传).
final class FrameProcessor: Sendable {
    private let producer: Producer
    private let database: Database
    private let dataKeys: DataKeyStore
    private let devices: DeviceDirectory
    private let configuration: IngestConfiguration
    private let logger: Logger
    private let gaps: GapTracker
    private let source = "/duban/ingest"
    /// Frames being handled; shutdown waits for them so their replies go out.
    let inFlight = InFlightCounter()

    private let framesByOutcome = CounterFamily("duban_ingest_frames_total", help: "Frames by command and outcome", labels: "cn", "outcome")
    private let rejectsByReason = CounterFamily("duban_ingest_rejects_total", help: "Rejected input by reason", label: "reason")
    private let ackLatency = MetricsRegistry.shared.histogram("duban_ingest_ack_latency_seconds", help: "From frame decoded to reply written")

    private let timeSettings = MetricsRegistry.shared.counter("duban_ingest_time_set_total", help: "Device clocks set with 1012")
    private let kafkaBacklog = MetricsRegistry.shared.gauge("duban_ingest_kafka_backlog", help: "Records sent to Kafka and not yet acknowledged")
    private let framesInFlight = MetricsRegistry.shared.gauge("duban_ingest_frames_in_flight", help: "Frames being handled (waiting for Kafka or the database)")

    init(producer: Producer, database: Database, dataKeys: DataKeyStore, devices: DeviceDirectory, configuration: IngestConfiguration,
         logger: Logger) {
        self.producer = producer
        self.database = database
        self.dataKeys = dataKeys
        self.devices = devices
        self.configuration = configuration
        self.logger = logger
        gaps = GapTracker(database: database, logger: logger)
        sampleGauges()
    }

    /// The Kafka backlog and the frames in flight, sampled twice a second rather than read per
    /// frame (librdkafka's queue length takes its locks).
    private func sampleGauges() {
        Task.detached { [weak self] in
            while true {
                guard let self else { return }
                kafkaBacklog.set(producer.queuedMessages)
                framesInFlight.set(inFlight.count)
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// Deviations only a lenient device may use, and the reason a strict device's frame is refused with.
    static let lenientOnly: [(Deviation, RejectReason)] = [
        (.lengthMismatch, .lengthMismatch), (.oversizeSegment, .oversize), (.modbusCRC, .crcMismatch),
    ]

    static func strictViolation(_ packet: Packet) -> RejectReason? {
        lenientOnly.first { packet.has($0.0) }?.1
    }

    func process(_ event: FrameEvent, from context: ConnectionContext, reply: TCPConnection) async {
        inFlight.begin()
        defer { inFlight.end() }
        let receivedAt = Date()
        switch event {
        case .rejected(let rejection):
            await publishReject(reason: rejection.reason.rawValue, detail: rejection.detail, mn: nil,
                                raw: rejection.raw, byteCount: rejection.byteCount, context: context, receivedAt: receivedAt)
        case .packet(let packet):
            await handle(packet, context: context, reply: reply, receivedAt: receivedAt)
        }
    }

    private func handle(_ packet: Packet, context: ConnectionContext, reply: TCPConnection, receivedAt: Date) async {
        let started = ContinuousClock.now
        if configuration.authenticate {
            switch await devices.check(mn: packet.mn, password: packet.pw) {
            case .accepted(let strict):
                if strict, let reason = Self.strictViolation(packet) {
                    await publishReject(reason: reason.rawValue, detail: "strict device: \(reason.rawValue) is accepted only in lenient mode",
                                        mn: packet.mn, raw: packet.raw, byteCount: packet.raw.count, context: context, receivedAt: receivedAt)
                    return
                }
            case .refused(let reason):
                await refuse(packet, reason: reason, context: context, receivedAt: receivedAt)
                return
            case .unavailable(let error):
                // Registry unreachable: do not answer, the device will send again.
                logger.error("device registry unavailable; frame not acknowledged", metadata: ["mn": packet.mn, "error": "\(error)"])
                framesByOutcome(packet.cn, "registry_unavailable").increment()
                return
            }
        }
        let frameId = FrameIdentifier.make()
        let measurement = measurement(of: packet, frameId: frameId, context: context, receivedAt: receivedAt)
        let timestampFlags = timestampFlags(packet, receivedAt: receivedAt)
        do {
            var check = DataKeyStore.Check(known: false, withoutLookup: false)
            if let measurement { check = try await dataKeys.check(measurement, connection: context.id) }
            let duplicate = check.known
            let frame = FrameRecord(
                frameId: frameId, mn: packet.mn, cn: packet.cn, st: packet.st, qn: packet.qn,
                protocolVersion: packet.version.description, receivedAt: receivedAt, peer: context.peer,
                connectionId: context.id, raw: packet.raw, deviations: packet.deviations.map(\.rawValue) + timestampFlags,
                duplicate: duplicate)
            var records = [try CloudEvent(id: frameId, source: source, type: EventType.frame, time: receivedAt, subject: packet.mn, data: frame)
                .record(topic: BusTopics.frames)]
            if let measurement, !duplicate {
                records.append(try CloudEvent(id: measurement.eventId, source: source, type: EventType.measurement, time: receivedAt,
                                              subject: packet.mn, data: measurement).record(topic: BusTopics.measurements))
            }
            if let params = Self.params(packet, frameId: frameId, receivedAt: receivedAt) {
                records.append(try CloudEvent(id: "p:\(frameId)", source: source, type: EventType.params, time: receivedAt,
                                              subject: packet.mn, data: params).record(topic: BusTopics.params))
            }
            try await sendAll(records)
            if let measurement { try await dataKeys.remember(measurement, check: check) }
            framesByOutcome(packet.cn, duplicate ? "duplicate" : "accepted").increment()
            if !frame.deviations.isEmpty {
                logger.info("frame accepted with deviations", metadata: ["mn": packet.mn, "deviations": frame.deviations.joined(separator: ",")])
            }
        } catch {
            framesByOutcome(packet.cn, "not_acknowledged").increment()
            logger.error("frame not published; no reply sent, the device will resend", metadata: [
                "mn": packet.mn, "cn": packet.cn, "qn": packet.qn ?? "", "error": "\(error)",
            ])
            return
        }
        if let answer = Self.reply(to: packet) {
            reply.write(answer)
            ackLatency.observe(ContinuousClock.now - started)
        }
        if let setup = configuration.deviceSetup, context.claimSetup(mn: packet.mn) {
            sendSetup(setup, to: packet, context: context, reply: reply)
        }
        correctClockIfNeeded(packet, context: context, reply: reply, receivedAt: receivedAt)
        if let measurement { await pullGaps(after: measurement, packet: packet, reply: reply) }
    }

    /// The measurement a packet completes: itself, or for a split message (PNUM/PNO) the whole
    /// message once its last part arrived (each part is still published as a frame and answered).
    private func measurement(of packet: Packet, frameId: String, context: ConnectionContext, receivedAt: Date) -> MeasurementRecord? {
        guard let total = packet.pnum, total > 1 else {
            return MeasurementRecord(packet: packet, frameId: frameId, receivedAt: receivedAt)
        }
        let (complete, expired) = context.splits.withLock { splits in
            (splits.add(packet, at: ConnectionContext.now), splits.expire(at: ConnectionContext.now))
        }
        for message in expired {
            logger.warning("split message incomplete at timeout; its parts stay on duban.frames", metadata: [
                "mn": message.mn, "cn": message.cn, "received": "\(message.parts.count)/\(message.total)",
                "missing": message.missingParts.map(String.init).joined(separator: ","),
            ])
            MetricsRegistry.shared.counter("duban_ingest_split_incomplete_total", help: "Split messages given up at timeout").increment()
        }
        return complete.flatMap { MeasurementRecord(split: $0, frameId: frameId, receivedAt: receivedAt) }
    }

    /// Tracks the periods received and asks the device for the ones it skipped.
    private func pullGaps(after measurement: MeasurementRecord, packet: Packet, reply: TCPConnection) async {
        do {
            for pull in try await gaps.record(mn: measurement.mn, cn: measurement.cn, period: measurement.dataTime) {
                guard let begin = HJ212DateTime(unixSeconds: Int64(pull.first.timeIntervalSince1970)),
                      let end = HJ212DateTime(unixSeconds: Int64(pull.last.timeIntervalSince1970)),
                      let qn = HJ212DateTime(unixSeconds: Int64(Date().timeIntervalSince1970), millisecond: Int(pull.gapId % 1000))
                else { continue }
                let command = try PlatformCommands.historyPull(CommandTarget(sender: packet), qn: qn.qnDigits, history: pull.history,
                                                               begin: begin, end: end)
                reply.write(command)
                logger.notice("history pull sent for a data gap", metadata: [
                    "mn": measurement.mn, "cn": pull.cn, "begin": begin.digits, "end": end.digits, "gap": "\(pull.gapId)",
                ])
            }
        } catch {
            logger.error("gap tracking failed", metadata: ["mn": measurement.mn, "error": "\(error)"])
        }
    }

    /// DataTime in the future or implausibly old: kept and passed on, flagged on the frame record.
    private func timestampFlags(_ packet: Packet, receivedAt: Date) -> [String] {
        guard let dataTime = packet.dataTime else { return [] }
        let offset = Double(dataTime.unixSeconds) - receivedAt.timeIntervalSince1970
        if offset > Self.seconds(configuration.futureTolerance) {
            logger.warning("DataTime in the future", metadata: ["mn": packet.mn, "datatime": dataTime.digits, "ahead.s": "\(Int(offset))"])
            return ["future_datatime"]
        }
        if -offset > Self.seconds(configuration.pastLimit) {
            logger.warning("DataTime implausibly old", metadata: ["mn": packet.mn, "datatime": dataTime.digits])
            return ["ancient_datatime"]
        }
        return []
    }

    /// On a device's first frame on a connection: its time, reply timeout and retries, real-time
    /// and minute intervals. Each command goes out after the frame's reply; the device answers
    /// 9011/9012, which Ingest records on duban.frames.
    private func sendSetup(_ setup: IngestConfiguration.DeviceSetup, to packet: Packet, context: ConnectionContext, reply: TCPConnection) {
        let now = Date()
        let target = CommandTarget(sender: packet)
        let seconds = Int64(now.timeIntervalSince1970)
        let millis = Int(now.timeIntervalSince1970 * 1000) % 1000
        // Distinct QNs (one millisecond apart) so each reply can be matched to its command.
        func qn(_ offset: Int) -> String? { HJ212DateTime(unixSeconds: seconds, millisecond: (millis + offset) % 1000)?.qnDigits }
        guard let systemTime = HJ212DateTime(unixSeconds: seconds), let q0 = qn(0), let q1 = qn(1), let q2 = qn(2), let q3 = qn(3) else { return }
        do {
            let commands = [
                try PlatformCommands.setTime(target, qn: q0, systemTime: systemTime),
                try PlatformCommands.setTimeoutAndRetries(target, qn: q1, overTime: setup.overTimeSeconds, reCount: setup.reCount),
                try PlatformCommands.setRealtimeInterval(target, qn: q2, seconds: setup.realtimeIntervalSeconds),
                try PlatformCommands.setMinuteInterval(target, qn: q3, minutes: setup.minuteIntervalMinutes),
            ]
            for command in commands { reply.write(command) }
            _ = context.claimTimeSetting(interval: .seconds(3600))
            logger.info("device setup sent", metadata: ["mn": packet.mn, "connection": "\(context.id)"])
        } catch {
            logger.error("device setup not encodable", metadata: ["mn": packet.mn, "error": "\(error)"])
        }
    }

    /// A device asking for calibration (1013), or whose QN clock is off by more than the allowed
    /// skew, gets the platform's time (1012), at most once an hour per connection.
    private func correctClockIfNeeded(_ packet: Packet, context: ConnectionContext, reply: TCPConnection, receivedAt: Date) {
        var reason: String?
        if packet.cn == "1013" {
            reason = "device asked for time calibration"
        } else if let qnTime = packet.qnTime {
            let skew = Double(qnTime.unixSeconds) - receivedAt.timeIntervalSince1970
            context.clockSkewGauge(mn: packet.mn).set(Int(skew))
            if abs(skew) > Self.seconds(configuration.maxClockSkew) { reason = "clock skew \(Int(skew)) s" }
        }
        guard let reason, context.claimTimeSetting(interval: .seconds(3600)) else { return }
        let now = Date()
        guard let systemTime = HJ212DateTime(unixSeconds: Int64(now.timeIntervalSince1970)),
              let qn = HJ212DateTime(unixSeconds: Int64(now.timeIntervalSince1970), millisecond: Int(now.timeIntervalSince1970 * 1000) % 1000),
              let command = try? PlatformCommands.setTime(CommandTarget(sender: packet), qn: qn.qnDigits, systemTime: systemTime)
        else { return }
        reply.write(command)
        timeSettings.increment()
        logger.notice("device time set (1012)", metadata: ["mn": packet.mn, "reason": reason])
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Equipment state and parameter uploads, and the process (工况) factors of data uploads.
    static func params(_ packet: Packet, frameId: String, receivedAt: Date) -> ParamsRecord? {
        let isParameterCommand = ParamsRecord.parameterCommands.contains(packet.cn)
        // Most data uploads carry no process parameter: skip materialising their data area.
        guard isParameterCommand || ProcessParameterScan.mayCarry(packet.segment) else { return nil }
        let cp = packet.cp
        var polIdByGroup: [Int: String] = [:]
        for item in cp.items where item.key == "PolId" { polIdByGroup[item.group] = item.value }
        let items = cp.items.compactMap { item -> ParamsRecord.Item? in
            guard item.key != "DataTime", item.key != "PolId" else { return nil }
            // In data uploads only process parameters (e…/g… codes, i-codes) are parameters.
            if !isParameterCommand {
                let code = item.key.prefix { $0 != "-" }
                guard code.hasPrefix("e") || code.hasPrefix("g") || code.hasPrefix("i") else { return nil }
            }
            return ParamsRecord.Item(polId: polIdByGroup[item.group], key: item.key, value: item.value)
        }
        guard isParameterCommand || !items.isEmpty else { return nil }
        let dataTime = packet.dataTime.map { Date(timeIntervalSince1970: TimeInterval($0.unixSeconds)) }
        return ParamsRecord(mn: packet.mn, cn: packet.cn, dataTime: dataTime, receivedAt: receivedAt, frameId: frameId, items: items)
    }

    /// 9014 for uploads that ask for it; 9013 for notifications (time calibration request 1013,
    /// the 2025 heartbeat 9015).
    static func reply(to packet: Packet) -> [UInt8]? {
        switch packet.cn {
        case "1013", "9015": Replies.notifyReply(to: packet)
        default: packet.wantsAck ? Replies.dataReply(to: packet) : nil
        }
    }

    private func sendAll(_ records: [OutgoingRecord]) async throws {
        // One wait for all records of the frame: answered only when every one is acknowledged.
        _ = try await producer.send(records)
    }

    private func refuse(_ packet: Packet, reason: DeviceDirectory.RefusalReason, context: ConnectionContext, receivedAt: Date) async {
        do {
            try await database.execute("""
                INSERT INTO ingest.refused_devices (mn, peer, reason) VALUES (\(packet.mn), \(context.peer), \(reason.rawValue))
                """)
        } catch {
            logger.error("cannot record refused device", metadata: ["mn": packet.mn, "error": "\(error)"])
        }
        await publishReject(reason: reason.rawValue, detail: reason.detail(mn: packet.mn), mn: packet.mn, raw: packet.raw,
                            byteCount: packet.raw.count, context: context, receivedAt: receivedAt)
    }

    private func publishReject(reason: String, detail: String, mn: String?, raw: [UInt8], byteCount: Int,
                               context: ConnectionContext, receivedAt: Date) async {
        rejectsByReason(reason).increment()
        logger.warning("input rejected", metadata: [
            "reason": reason, "detail": detail, "peer": context.peer, "connection": "\(context.id)", "bytes": "\(byteCount)",
        ])
        let record = RejectRecord(reason: reason, detail: detail, mn: mn, receivedAt: receivedAt, peer: context.peer,
                                  connectionId: context.id, raw: raw, byteCount: byteCount)
        do {
            let event = CloudEvent(source: source, type: EventType.reject, time: receivedAt, subject: mn ?? context.peer, data: record)
            _ = try await producer.send(try event.record(topic: BusTopics.rejects))
        } catch {
            logger.error("cannot publish reject", metadata: ["reason": reason, "error": "\(error)"])
        }
    }
}
