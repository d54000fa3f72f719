import Bus
import Domain
import Foundation
import HJ212
import Pipeline
import Registry
import Runtime
import Store

/// Stores each measurement and judges hourly means against the limit in force at that hour.
/// Runs inside the consumer's transaction: what it writes and the events it appends to the
/// outbox commit together with the consumed offset.
struct MeasurementHandler: Sendable {
    let registry: RegistryReader
    let logger: Logger
    let outbox = Outbox(schema: JudgmentSchema.name)
    static let source = "/duban/judgment"
    static let oxygen = "a19001"

    func handle(_ db: isolated Database, _ record: ConsumedRecord) async throws {
        let event: CloudEvent<MeasurementRecord>
        do { event = try CloudEvent<MeasurementRecord>.decode(record.value) } catch {
            throw HandlingError.permanent("measurement event does not decode: \(error)")
        }
        let measurement = event.data
        for reading in measurement.readings {
            // Raw values are never overwritten: the first value received for a period stays.
            try await db.execute("""
                INSERT INTO judgment.readings (mn, cn, factor, data_time, rtd, min, avg, max, cou, zs_rtd, zs_avg, flag, frame_id, received_at)
                VALUES (\(measurement.mn), \(measurement.cn), \(reading.factor), \(measurement.dataTime), \(reading.rtd), \(reading.min),
                        \(reading.avg), \(reading.max), \(reading.cou), \(reading.zsRtd), \(reading.zsAvg), \(reading.flag),
                        \(measurement.frameId), \(measurement.receivedAt))
                ON CONFLICT DO NOTHING
                """)
        }
        guard measurement.cn == "2061" else { return }
        guard let point = try await registry.monitoringPoint(mn: measurement.mn, at: measurement.dataTime) else {
            logger.warning("measurement from an unregistered point; stored, not judged", metadata: ["mn": measurement.mn])
            return
        }
        let oxygen = measurement.readings.first { $0.factor == Self.oxygen }
        for reading in measurement.readings where reading.factor != Self.oxygen {
            let selection = try await registry.limit(outletId: point.outletId, factor: reading.factor, at: measurement.dataTime)
            guard let selected = selection.selected, selected.winner.basis == .hour else { continue }
            let limit = selected.winner
            let outcome = HourlyExceedanceCheck.evaluate(.init(
                mean: reading.avg, convertedMean: reading.zsAvg, flag: reading.flag, oxygenMean: oxygen?.avg,
                referenceO2: limit.referenceO2, limit: limit.limit.upper))
            guard case .exceeded(let value, let multiple, let source, let oxygenNear21) = outcome else { continue }
            if oxygenNear21 {
                logger.warning("O2 near 21 % while judging", metadata: ["mn": measurement.mn, "o2": "\(oxygen?.avg ?? 0)"])
            }
            let periodStart = measurement.dataTime
            var judgment = ExceedanceJudgment(
                id: ExceedanceJudgment.episodeId(outletId: point.outletId, factor: reading.factor, periodStart: periodStart),
                version: 1, status: .opened, enterpriseId: point.enterpriseId, enterpriseName: point.enterpriseName,
                outletId: point.outletId, outletName: point.outletName, mn: measurement.mn, factor: reading.factor,
                factorName: CodeTables.standard.factor(reading.factor)?.name ?? reading.factor, unit: limit.unit, basis: "hour",
                periodStart: periodStart, periodEnd: periodStart.addingTimeInterval(3600), value: value,
                limit: limit.limit.upper, multiple: multiple,
                limitSource: .init(rowId: limit.rowId, standard: limit.standardCode, version: limit.standardVersion, provisional: limit.provisional),
                inputs: .init(cn: measurement.cn, frameId: measurement.frameId, mean: reading.avg, convertedMean: reading.zsAvg,
                              oxygenMean: oxygen?.avg, referenceO2: limit.referenceO2, flag: reading.flag, valueSource: source.rawValue),
                countyCode: point.countyCode, cityCode: point.cityCode)
            try await publishIfChanged(&judgment, in: db)
        }
    }

    /// Inserts a new judgment or a new version when a recomputation changed it; an identical
    /// recomputation changes nothing (deterministic, so the same inputs give the same bytes).
    private func publishIfChanged(_ judgment: inout ExceedanceJudgment, in db: isolated Database) async throws {
        let existing = try await db.query("SELECT version, body FROM judgment.judgments WHERE id = \(judgment.id) FOR UPDATE")
        if let row = existing.first {
            let version = try row.decode("version", as: Int.self)
            var previous = judgment
            previous.version = version
            let body = try row.decode("body", as: String.self)
            if try Self.canonical(previous) == body { return }
            judgment.version = version + 1
            judgment.status = .extended
            try await db.execute("""
                UPDATE judgment.judgments SET version = \(judgment.version), status = \(judgment.status.rawValue),
                       body = \(try Self.canonical(judgment)), updated_at = now()
                WHERE id = \(judgment.id)
                """)
        } else {
            try await db.execute("""
                INSERT INTO judgment.judgments (id, kind, version, status, outlet_id, factor, period_start, body)
                VALUES (\(judgment.id), 'exceedance', 1, \(judgment.status.rawValue), \(judgment.outletId), \(judgment.factor),
                        \(judgment.periodStart), \(try Self.canonical(judgment)))
                """)
        }
        let event = CloudEvent(id: "\(judgment.id)#v\(judgment.version)", source: Self.source, type: EventType.exceedance,
                               time: Date(), subject: judgment.outletId, data: judgment)
        try await outbox.append(event, topic: BusTopics.judgments, key: judgment.outletId, in: db)
        logger.notice("exceedance judged", metadata: [
            "judgment": judgment.id, "version": "\(judgment.version)", "mn": judgment.mn, "factor": judgment.factor,
            "value": "\(judgment.value)", "limit": "\(judgment.limit)",
        ])
    }

    static func canonical(_ judgment: ExceedanceJudgment) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(judgment), as: UTF8.self)
    }
}
