import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Turns exceedance judgments into orders through the supervision rules: a new episode opens an
/// order (its first stage as the trigger rule says: a pre-warning 事前预警 for one hour), unless
/// it meets an open order of the same outlet and cause, which it joins; a newer version of the
/// episode grows it, a withdrawn judgment (e.g. a mark accepted) withdraws the
/// finding, which cancels or closes the order with the reason. Runs inside the consumer's
/// transaction. An equipment fault of the outlet that still stands and explains the episode
/// (the ruleset's inhibition rules) opens its order inhibited: no pre-warning is sent and no
/// deadline runs until the fault is closed or withdrawn (`AbnormalHandler`).
struct ExceedanceHandler: Sendable {
    let ledger: OrderLedger
    let faults = EquipmentFaults()
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == EventType.exceedance else { return }
        let judgment = try record.event(ExceedanceJudgment.self, "exceedance event").data
        let now = Date()
        // Every version is kept with its inputs, for the evidence package.
        _ = try await ledger.receive(id: judgment.id, version: judgment.version, type: envelope.type, status: judgment.status.rawValue,
                                     body: try JSONB(encoding: judgment), at: now, in: db)
        let finding = Self.finding(judgment)
        guard let orderId = try await ledger.holder(of: finding, in: db) else {
            if judgment.status == .withdrawn { return }
            try await open(for: judgment, finding: finding, at: now, in: db)
            return
        }
        guard let order = try await ledger.load(orderId, in: db) else {
            logger.warning("episode's order predates the supervision rules; judgment not applied", metadata: ["order": "\(orderId)"])
            return
        }
        let command: OrderCommand
        if judgment.status == .withdrawn {
            command = .withdrawFinding(id: judgment.id, reason: "判定已撤回（第\(judgment.version)版）")
        } else {
            let known = order.findings.first { $0.id == judgment.id }
            if let known, known.version >= judgment.version { return }
            command = .addFinding(finding)
        }
        switch order.handle(command, by: .system(), at: now, context: try ledger.context(for: order)) {
        case .success(let outcome):
            try await ledger.record(outcome, previous: order, judgmentVersion: judgment.version, at: now, in: db)
            if case .addFinding = command { try await inhibitIfExplained(outcome.order, at: now, in: db) }
        case .failure(let refusal):
            // A judgment about an ended order, or one the rules do not take: kept in the log only.
            logger.notice("judgment not applied to its order", metadata: [
                "order": "\(order.number)", "judgment": "\(judgment.id)", "code": "\(refusal.code.rawValue)", "reason": "\(refusal.reasonZh)",
            ])
        }
    }

    /// An episode grown into the span of an equipment fault that stands is held from then on.
    private func inhibitIfExplained(_ order: SupervisionOrder, at now: Date, in db: isolated Database) async throws {
        let context = try ledger.context(for: order)
        let standing = try await faults.standing(enterpriseId: order.enterprise.id, outletId: order.outletId, in: db)
        let explaining = Set(EpisodeGrouping.faultsNewlyExplaining(order, standingFaults: standing, ruleset: context.ruleset))
        var current = order
        for fault in standing where explaining.contains(fault.id) {
            let command = OrderCommand.inhibit(faultFindingId: fault.id, reason: "监测设备故障可解释本督办单所涉数据：\(fault.summaryZh)")
            switch current.handle(command, by: .system(), at: now, context: context) {
            case .success(let outcome):
                try await ledger.record(outcome, previous: current, at: now, in: db)
                current = outcome.order
            case .failure(let refusal):
                logger.notice("fault not applied to the grown order", metadata: [
                    "order": "\(order.number)", "fault": fault.id, "code": refusal.code.rawValue, "reason": refusal.reasonZh,
                ])
            }
        }
    }

    private func open(for judgment: ExceedanceJudgment, finding: Finding, at now: Date, in db: isolated Database) async throws {
        // The registry knows the enterprise's industry and place; the judgment's codes stand in
        // when the outlet is not (or no longer) registered at that instant.
        let registered = try await ledger.registry.outletContext(id: judgment.outletId, at: judgment.periodStart)
        guard let location = Self.location(registered) ?? Self.location(judgment) else {
            throw HandlingError.permanent(DispatchError.noJurisdiction(enterpriseId: judgment.enterpriseId).description)
        }
        try await ledger.open(finding, enterpriseName: judgment.enterpriseName, industry: registered?.enterprise.industry,
                              outletName: judgment.outletName, location: location,
                              markingDeadline: try await markingDeadline(for: judgment, province: location.province),
                              version: judgment.version,
                              standingFaults: try await faults.standing(enterpriseId: judgment.enterpriseId, outletId: judgment.outletId, in: db),
                              at: now, in: db)
    }

    /// When the enterprise may no longer mark the judged data (the province's marking policy in
    /// force on the data's day): the handling-after trigger counts from it. Nil, with a warning,
    /// when the registry holds no readable policy: the order then moves on by its other triggers.
    private func markingDeadline(for judgment: ExceedanceJudgment, province: String) async throws -> Date? {
        let day = CivilDate(chinaTimeOf: judgment.periodStart)
        do {
            let marks = try await ledger.registry.ruleCatalogue().marks
            guard let policy = marks.policy(province: province, on: day) else {
                logger.warning("no marking policy for the judged day; order opened without a marking deadline",
                               metadata: ["province": "\(province)", "day": "\(day.description)"])
                return nil
            }
            return policy.deadline(forDataAt: judgment.periodStart)
        } catch let error as RegistryError {
            logger.warning("mark catalogue unreadable; order opened without a marking deadline", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// The judgment as the rules see it.
    static func finding(_ judgment: ExceedanceJudgment) -> Finding {
        let start = ChinaTime.components(of: judgment.periodStart)
        return Finding(
            id: judgment.id, version: judgment.version, type: .exceedance, basis: triggerBasis(judgment.basis), enterpriseId: judgment.enterpriseId,
            outletId: judgment.outletId, monitoringPoint: judgment.mn, factor: judgment.factor, factorName: judgment.factorName,
            start: judgment.periodStart, end: judgment.periodEnd, ongoing: judgment.status != .closed, value: judgment.value,
            limit: judgment.limit, unit: judgment.unit, measures: [.multipleOverLimit: judgment.multiple],
            summaryZh: "\(judgment.outletName)\(judgment.factorName)\(start.month)月\(start.day)日\(start.hour)时均值"
                + "\(String(format: "%.1f", judgment.value))\(judgment.unit)，超过限值\(String(format: "%.1f", judgment.limit))")
    }

    /// Judgments name the averaging basis as the catalogue does (`hour`, `day`); trigger rules as
    /// the supervision rules do (`hourly`, `daily`).
    static func triggerBasis(_ basis: String) -> String {
        switch basis {
        case AveragingBasis.hour.rawValue: "hourly"
        case AveragingBasis.day.rawValue: "daily"
        default: basis
        }
    }

    /// The enterprise's place as the registry records it: its county (or city) and the bureaus above.
    static func location(_ registered: OutletContext?) -> JurisdictionPath? {
        guard let registered, let province = registered.province?.code else { return nil }
        guard let city = registered.city?.code else { return JurisdictionPath(province: province) }
        guard let county = registered.county?.code else { return JurisdictionPath(province: province, city: city) }
        return JurisdictionPath(province: province, city: city, county: county)
    }

    /// The enterprise's place from the judgment's division codes (GB/T 2260: province 2 digits,
    /// city 4, county 6).
    static func location(_ judgment: ExceedanceJudgment) -> JurisdictionPath? {
        location(countyCode: judgment.countyCode, cityCode: judgment.cityCode)
    }

    static func location(countyCode: String?, cityCode: String?) -> JurisdictionPath? {
        guard let code = countyCode ?? cityCode, code.count == 6, code.allSatisfy(\.isNumber) else { return nil }
        let province = String(code.prefix(2)) + "0000"
        let city = String(code.prefix(4)) + "00"
        if code == province { return JurisdictionPath(province: province) }
        if code == city { return JurisdictionPath(province: province, city: city) }
        return JurisdictionPath(province: province, city: city, county: code)
    }
}
