import Bus
import Crypto
import Domain
import Foundation
import Registry
import Runtime
import Store

/// `duban-ctl mark create|amend|withdraw|reject-proposal|list|history|refusals|stats` (also
/// `duban-ctl marks stats`): submits mark commands to Marking on `duban.commands`
/// (`DUBAN_KAFKA_BOOTSTRAP`) and reads the marks, their versions and the statistics from
/// Marking's schema (`DUBAN_DATABASE_URL`). Marking
/// answers a command on `duban.marks`: the accepted version, or a refusal with its codes
/// (`mark history` and `mark refusals` show both once handled).
enum MarkCommand {
    static let usage = """
        usage: duban-ctl mark create --type TYPE (--outlet ID | --mn MN) --from TIME --to TIME --reason TEXT
                   [--factors CODE,CODE] [--attach KIND=FILE,…] [--attach-ref KIND=NAME:SHA256:SIZE,…]
                   [--by NAME] [--role enterprise-user|om-operator|bureau] [--approval REF] [--proposal MP-ID] [--command-id ID]
               duban-ctl mark amend MARK-ID --note WHY [same options as create; omitted ones keep the current value]
               duban-ctl mark withdraw MARK-ID --note WHY [--by NAME] [--role ROLE] [--approval REF]
               duban-ctl mark reject-proposal MP-ID --note WHY [--by NAME] [--role ROLE]
               duban-ctl mark list [--enterprise ID] [--outlet ID] [--from TIME] [--to TIME] [--all]
               duban-ctl mark history MARK-ID
               duban-ctl mark refusals [--limit N]
               duban-ctl marks stats [--enterprise ID] [--from TIME] [--to TIME]
          The reason must start with 【计划内】 or 【计划外】 (its kind follows the prefix).
          TIME: ISO 8601, or China time without zone (2026-03-10T08:00). KIND: the mark type's evidence code.
        """

    static func run(_ arguments: [String]) async -> Int32 {
        let (options, positional) = CtlSupport.parse(arguments)
        switch positional.first {
        case "create": return await submit(.create, markId: nil, options)
        case "amend", "withdraw":
            guard positional.count == 2 else { return CtlSupport.fail("缺少标记编号\n\(usage)", status: 2) }
            return await submit(positional[0] == "amend" ? .amend : .withdraw, markId: positional[1], options)
        case "reject-proposal":
            guard positional.count == 2 else { return CtlSupport.fail("缺少提议编号（MP-…）\n\(usage)", status: 2) }
            var withProposal = options
            withProposal["proposal"] = positional[1]
            return await submit(.rejectProposal, markId: nil, withProposal)
        case "list": return await list(options)
        case "history":
            guard positional.count == 2 else { return CtlSupport.fail("缺少标记编号\n\(usage)", status: 2) }
            return await history(positional[1])
        case "refusals": return await refusals(options)
        case "stats": return await stats(options)
        default: return CtlSupport.fail(usage, status: 2)
        }
    }

    // MARK: Commands

    static func submit(_ action: MarkSubmission.Action, markId: String?, _ options: [String: String]) async -> Int32 {
        do {
            guard let role = MarkSubmitterRole(rawValue: options["role"] ?? MarkSubmitterRole.enterpriseUser.rawValue) else {
                return CtlSupport.fail("--role 须为 enterprise-user、om-operator 或 bureau", status: 2)
            }
            var draft: MarkDraft?
            if action == .create || action == .amend {
                let current = action == .amend ? try await currentDraft(markId ?? "") : nil
                if action == .amend, current == nil { return CtlSupport.fail("没有编号为「\(markId ?? "")」的标记") }
                switch makeDraft(options, base: current) {
                case .success(let made): draft = made
                case .failure(let problem): return CtlSupport.fail(problem.message, status: 2)
                }
            }
            let submission = MarkSubmission(action: action, markId: markId, draft: draft, submittedBy: options["by"] ?? NSUserName(), role: role,
                                            approvalReference: options["approval"], note: options["note"], proposalId: options["proposal"])
            let message = MarkCommandMessage(commandId: options["command-id"] ?? UUID().uuidString.lowercased(), submission: submission,
                                             issuedAt: Date())
            let event = CloudEvent(id: message.commandId, source: "/duban/ctl", type: MarkCommandMessage.eventType, time: message.issuedAt,
                                   subject: markId ?? message.key, data: message)
            // A withdrawal carries no subject: key it like the mark's other commands (its MN or
            // outlet) when the database can say, so it cannot overtake the create it withdraws.
            var key = message.key
            if action == .withdraw, Environment().optionalString("DUBAN_DATABASE_URL") != nil, let current = try await currentDraft(markId ?? "") {
                key = current.mn ?? current.outletId ?? key
            }
            let producer = try Producer(configuration: try KafkaConfiguration.fromEnvironment(Environment(), clientID: "duban-ctl"),
                                        logger: Logger(label: "duban.ctl", level: .warning))
            let report = try await producer.send(try event.record(topic: BusTopics.commands, key: key))
            await producer.close()
            var answer: [String: Any] = ["commandId": message.commandId, "action": action.rawValue, "topic": report.topic,
                                         "partition": Int(report.partition), "offset": Int(report.offset)]
            // Marking names a new mark after the command, so the id is known before it answers.
            if action == .rejectProposal {
                answer["proposalId"] = options["proposal"]
            } else {
                answer["markId"] = markId ?? "MK-\(SHA256.hex(Array(message.commandId.utf8)).prefix(16).uppercased())"
            }
            Console.line(CtlSupport.json(answer))
            return 0
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    struct OptionProblem: Error { var message: String }

    /// The draft from the options, each omitted one taken from `base` (an amendment).
    static func makeDraft(_ options: [String: String], base: MarkDraft?) -> Result<MarkDraft, OptionProblem> {
        func instant(_ name: String, _ fallback: Date?) -> Result<Date, OptionProblem> {
            guard let text = options[name] else {
                return fallback.map { .success($0) } ?? .failure(OptionProblem(message: "缺少 --\(name)"))
            }
            return CtlSupport.instant(text).map { .success($0) } ?? .failure(OptionProblem(message: "--\(name) \(text) 不是有效时间"))
        }
        guard let typeId = options["type"] ?? base?.typeId else { return .failure(OptionProblem(message: "缺少 --type（如 thermal-power.startup）")) }
        let outlet = options["outlet"] ?? base?.outletId
        let mn = options["mn"] ?? base?.mn
        guard outlet != nil || mn != nil else { return .failure(OptionProblem(message: "须指定 --outlet 或 --mn")) }
        let start: Date, end: Date
        switch instant("from", base?.start) { case .success(let value): start = value; case .failure(let problem): return .failure(problem) }
        switch instant("to", base?.end) { case .success(let value): end = value; case .failure(let problem): return .failure(problem) }
        guard let reason = options["reason"] ?? base?.reason else { return .failure(OptionProblem(message: "缺少 --reason（以【计划内】或【计划外】开头）")) }
        let kind: MarkRecord.ReasonKind = reason.drop(while: \.isWhitespace).hasPrefix("【计划内】") ? .planned : .unplanned
        let factors = options["factors"].map { $0.split(separator: ",").map(String.init) } ?? base?.factors ?? []
        var attachments: [MarkAttachment] = []
        for pair in (options["attach"] ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let data = FileManager.default.contents(atPath: parts[1]) else {
                return .failure(OptionProblem(message: "--attach \(pair)：须为 类别=文件路径，且文件可读"))
            }
            attachments.append(MarkAttachment(fileName: URL(fileURLWithPath: parts[1]).lastPathComponent, sha256: SHA256.hex(Array(data)),
                                              size: data.count, kind: parts[0]))
        }
        for pair in (options["attach-ref"] ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            let fields = parts.count == 2 ? parts[1].split(separator: ":").map(String.init) : []
            guard fields.count == 3, let size = Int(fields[2]) else {
                return .failure(OptionProblem(message: "--attach-ref \(pair)：须为 类别=文件名:SHA256:字节数"))
            }
            attachments.append(MarkAttachment(fileName: fields[0], sha256: fields[1].lowercased(), size: size, kind: parts[0]))
        }
        if attachments.isEmpty, let kept = base?.attachments { attachments = kept }
        return .success(MarkDraft(outletId: outlet, mn: mn, factors: factors, typeId: typeId, start: start, end: end, reasonKind: kind,
                                  reason: reason, attachments: attachments))
    }

    /// The newest version of a mark as a draft, with the attachments of its last version.
    static func currentDraft(_ markId: String) async throws -> MarkDraft? {
        let database = try await CtlSupport.database()
        let rows = try await database.query("""
            SELECT m.record::text AS record, v.attachments::text AS attachments
            FROM marking.marks m JOIN marking.mark_versions v ON v.mark_id = m.id AND v.version = m.version
            WHERE m.id = \(markId)
            """)
        guard let row = rows.first else { return nil }
        let record = try JSONB(try row.decode("record", as: String.self)).decode(MarkRecord.self)
        let attachments = try JSONB(try row.decode("attachments", as: String.self)).decode([MarkAttachment].self)
        return MarkDraft(outletId: record.outletId, mn: record.mn, factors: record.factors, typeId: record.typeId, start: record.start,
                         end: record.end, reasonKind: record.reasonKind, reason: record.reason, attachments: attachments)
    }

    // MARK: Reading

    static func list(_ options: [String: String]) async -> Int32 {
        do {
            let from = try options["from"].map { try instant($0, "from") } ?? Date(timeIntervalSince1970: 0)
            let to = try options["to"].map { try instant($0, "to") } ?? Date().addingTimeInterval(86_400 * 365)
            let includeWithdrawn = options["all"] != nil
            let database = try await CtlSupport.database()
            let rows = try await database.query("""
                SELECT record::text AS record FROM marking.marks
                WHERE start_at < \(to) AND end_at > \(from)
                  AND (\(options["enterprise"] ?? "") = '' OR enterprise_id = \(options["enterprise"] ?? ""))
                  AND (\(options["outlet"] ?? "") = '' OR outlet_id = \(options["outlet"] ?? ""))
                  AND (\(includeWithdrawn) OR status = 'active')
                ORDER BY start_at, id
                """)
            for row in rows {
                let record = try JSONB(try row.decode("record", as: String.self)).decode(MarkRecord.self)
                Console.line(try encode(record))
            }
            return 0
        } catch let problem as OptionProblem {
            return CtlSupport.fail(problem.message, status: 2)
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    static func history(_ markId: String) async -> Int32 {
        do {
            let database = try await CtlSupport.database()
            let rows = try await database.query("""
                SELECT version, action, command_id, submitted_by, role, note, changes::text AS changes, late, correction,
                       approval_reference, policy_id, accepted_at, attachments::text AS attachments
                FROM marking.mark_versions WHERE mark_id = \(markId) ORDER BY version
                """)
            guard !rows.isEmpty else { return CtlSupport.fail("没有编号为「\(markId)」的标记") }
            for row in rows {
                var line: [String: Any] = [
                    "markId": markId, "version": try row.decode("version", as: Int.self), "action": try row.decode("action", as: String.self),
                    "commandId": try row.decode("command_id", as: String.self), "submittedBy": try row.decode("submitted_by", as: String.self),
                    "role": try row.decode("role", as: String.self), "late": try row.decode("late", as: Bool.self),
                    "correction": try row.decode("correction", as: Bool.self), "policyId": try row.decode("policy_id", as: String.self),
                    "acceptedAt": ISO8601DateFormatter().string(from: try row.decode("accepted_at", as: Date.self)),
                    "changes": try JSONSerialization.jsonObject(with: Data(try row.decode("changes", as: String.self).utf8)),
                    "attachments": try JSONSerialization.jsonObject(with: Data(try row.decode("attachments", as: String.self).utf8)),
                ]
                if let note = try row.decode("note", as: String?.self) { line["note"] = note }
                if let approval = try row.decode("approval_reference", as: String?.self) { line["approvalReference"] = approval }
                Console.line(CtlSupport.json(line))
            }
            return 0
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    static func refusals(_ options: [String: String]) async -> Int32 {
        guard let limit = Int(options["limit"] ?? "50"), limit > 0 else { return CtlSupport.fail("--limit 须为正整数", status: 2) }
        do {
            let database = try await CtlSupport.database()
            let rows = try await database.query("""
                SELECT command_id, action, mark_id, outlet_id, submitted_by, role, code, problems::text AS problems, refused_at
                FROM marking.command_refusals ORDER BY refused_at DESC LIMIT \(limit)
                """)
            for row in rows {
                Console.line(CtlSupport.json([
                    "commandId": try row.decode("command_id", as: String.self), "action": try row.decode("action", as: String.self),
                    "markId": try row.decode("mark_id", as: String.self), "outletId": try row.decode("outlet_id", as: String.self),
                    "submittedBy": try row.decode("submitted_by", as: String.self), "role": try row.decode("role", as: String.self),
                    "code": try row.decode("code", as: String.self),
                    "problems": try JSONSerialization.jsonObject(with: Data(try row.decode("problems", as: String.self).utf8)),
                    "refusedAt": ISO8601DateFormatter().string(from: try row.decode("refused_at", as: Date.self)),
                ]))
            }
            return 0
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    static func instant(_ text: String, _ name: String) throws -> Date {
        guard let date = CtlSupport.instant(text) else { throw OptionProblem(message: "--\(name) \(text) 不是有效时间") }
        return date
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

// MARK: Statistics

extension MarkCommand {
    /// Per enterprise (with totals per industry and city) over [from, to) (default: this China-time
    /// year up to now): marks by type
    /// (count, hours inside the window), share of the outlets' hours marked, use of each yearly
    /// allowance, verdicts by kind and how many of the doubted marks were since amended or
    /// withdrawn, and hours from the end of the marked period to the first accepted version.
    static func stats(_ options: [String: String]) async -> Int32 {
        do {
            let now = Date()
            let thisYear = CivilDate(year: CivilDate(chinaTimeOf: now).year, month: 1, day: 1)!.startInChina
            let from = try options["from"].map { try instant($0, "from") } ?? thisYear
            let to = try options["to"].map { try instant($0, "to") } ?? now
            guard from < to else { return CtlSupport.fail("--from 须早于 --to", status: 2) }
            let database = try await CtlSupport.database()
            let registry = RegistryReader(database: database)
            let catalogue = try await registry.ruleCatalogue().marks
            let enterprise = options["enterprise"] ?? ""
            // Whole calendar years, for the allowances.
            let yearsFrom = CivilDate(year: CivilDate(chinaTimeOf: from).year, month: 1, day: 1)!.startInChina
            let yearsTo = CivilDate(year: CivilDate(chinaTimeOf: to.addingTimeInterval(-1)).year + 1, month: 1, day: 1)!.startInChina
            let rows = try await database.query("""
                SELECT m.record::text AS record, v.accepted_at AS first_accepted
                FROM marking.marks m JOIN marking.mark_versions v ON v.mark_id = m.id AND v.version = 1
                WHERE m.status = 'active' AND m.start_at < \(yearsTo) AND m.end_at > \(yearsFrom)
                  AND (\(enterprise) = '' OR m.enterprise_id = \(enterprise))
                ORDER BY m.enterprise_id, m.start_at
                """)
            var marks: [(record: MarkRecord, firstAccepted: Date)] = []
            for row in rows {
                marks.append((try JSONB(try row.decode("record", as: String.self)).decode(MarkRecord.self), try row.decode("first_accepted", as: Date.self)))
            }
            let verdictRows = try await database.query("""
                SELECT v.enterprise_id, v.kind, v.mark_id, v.mark_version, m.version AS current_version, m.status AS current_status
                FROM marking.verdicts v LEFT JOIN marking.marks m ON m.id = v.mark_id
                WHERE v.start_at < \(to) AND v.end_at > \(from) AND (\(enterprise) = '' OR v.enterprise_id = \(enterprise))
                """)
            var verdicts: [String: [String: Int]] = [:]
            var corrected: [String: Int] = [:]
            for row in verdictRows {
                let owner = try row.decode("enterprise_id", as: String.self)
                let kind = try row.decode("kind", as: String.self)
                verdicts[owner, default: [:]][kind, default: 0] += 1
                if kind != MarkVerdict.Kind.consistent.rawValue, let judged = try row.decode("mark_version", as: Int?.self),
                   let current = try row.decode("current_version", as: Int?.self), current > judged {
                    corrected[owner, default: 0] += 1
                }
            }
            let windowHours = to.timeIntervalSince(from) / 3600
            var enterprises: [[String: Any]] = []
            var groups: [String: [String: GroupFigures]] = [:]
            for owner in Set(marks.map(\.record.enterpriseId)).union(verdicts.keys).sorted() {
                let own = marks.filter { $0.record.enterpriseId == owner }
                let inWindow = own.filter { $0.record.start < to && $0.record.end > from }
                func clipped(_ record: MarkRecord) -> Double { max(0, min(record.end, to).timeIntervalSince(max(record.start, from))) / 3600 }
                var byType: [String: (count: Int, hours: Double)] = [:]
                for mark in inWindow { byType[mark.record.typeId, default: (0, 0)].count += 1; byType[mark.record.typeId]!.hours += clipped(mark.record) }
                let outletCount = try await database.query("""
                    SELECT count(DISTINCT id) AS n FROM registry.outlets WHERE enterprise_id = \(owner)
                    """).first?.decode("n", as: Int.self) ?? 0
                // Marked hours counted once per outlet however many marks overlap.
                var markedHours = 0.0
                for outlet in Set(inWindow.map(\.record.outletId)) {
                    let spans = inWindow.filter { $0.record.outletId == outlet }
                        .map { (max($0.record.start, from), min($0.record.end, to)) }.sorted { $0.0 < $1.0 }
                    var cursor = from
                    for (start, end) in spans where end > cursor {
                        markedHours += end.timeIntervalSince(max(start, cursor)) / 3600
                        cursor = end
                    }
                }
                var allowances: [[String: Any]] = []
                for outlet in Set(own.map(\.record.outletId)).sorted() {
                    guard let context = try await registry.outletContext(id: outlet, at: to.addingTimeInterval(-1)),
                          let policy = catalogue.policy(province: context.province?.code ?? "national", on: CivilDate(chinaTimeOf: to.addingTimeInterval(-1)))
                    else { continue }
                    for cap in policy.caps {
                        guard let yearly = cap.yearlyHours else { continue }
                        let used = MarkAllowance.hoursByYear(own.filter { $0.record.outletId == outlet && $0.record.typeId == cap.markType }
                            .map { (start: $0.record.start, end: $0.record.end) })
                        for year in CivilDate(chinaTimeOf: from).year...CivilDate(chinaTimeOf: to.addingTimeInterval(-1)).year {
                            let hours = used[year] ?? 0
                            allowances.append(["outletId": outlet, "typeId": cap.markType, "year": year, "capHours": yearly,
                                               "usedHours": round2(hours), "share": round2(hours / yearly), "policyId": policy.id])
                        }
                    }
                }
                let delays = inWindow.map { max(0, $0.firstAccepted.timeIntervalSince($0.record.end) / 3600) }
                // Industry and city from the registry, through any of the enterprise's outlets.
                let anyOutlet = try await database.query("SELECT min(id) AS id FROM registry.outlets WHERE enterprise_id = \(owner)").first?
                    .decode("id", as: String?.self)
                var place: OutletContext?
                if let anyOutlet { place = try await registry.outletContext(id: anyOutlet, at: to.addingTimeInterval(-1)) }
                let industry = place?.enterprise.industry.rawValue ?? "unknown"
                let city = place?.city?.code ?? "unknown"
                let ownVerdicts = verdicts[owner] ?? [:]
                for (group, key) in [("byIndustry", industry), ("byCity", city)] {
                    var entry = groups[group, default: [:]][key, default: GroupFigures()]
                    entry.enterprises += 1
                    entry.marks += inWindow.count
                    entry.hours += inWindow.reduce(0) { $0 + clipped($1.record) }
                    for (kind, count) in ownVerdicts { entry.verdicts[kind, default: 0] += count }
                    entry.corrected += corrected[owner] ?? 0
                    groups[group, default: [:]][key] = entry
                }
                enterprises.append([
                    "enterpriseId": owner, "industry": industry, "cityCode": city, "outlets": outletCount, "marks": inWindow.count,
                    "byType": byType.keys.sorted().map { type in
                        ["typeId": type, "nameZh": catalogue.type(id: type)?.nameZh ?? type, "count": byType[type]!.count,
                         "hours": round2(byType[type]!.hours)] as [String: Any]
                    },
                    "markedHours": round2(markedHours),
                    "shareOfHoursMarked": outletCount > 0 ? round2(markedHours / (windowHours * Double(outletCount))) : 0,
                    "allowances": allowances,
                    "verdicts": verdicts[owner] ?? [:], "doubtedMarksCorrected": corrected[owner] ?? 0,
                    "hoursFromPeriodToMark": delays.isEmpty ? [:] : ["average": round2(delays.reduce(0, +) / Double(delays.count)),
                                                                    "max": round2(delays.max() ?? 0)],
                ])
            }
            let iso = ISO8601DateFormatter()
            var answer: [String: Any] = ["from": iso.string(from: from), "to": iso.string(from: to), "enterprises": enterprises]
            for group in ["byIndustry", "byCity"] {
                answer[group] = (groups[group] ?? [:]).mapValues { figures in
                    ["enterprises": figures.enterprises, "marks": figures.marks, "hours": round2(figures.hours), "verdicts": figures.verdicts,
                     "doubtedMarksCorrected": figures.corrected] as [String: Any]
                }
            }
            Console.line(CtlSupport.json(answer))
            return 0
        } catch let problem as OptionProblem {
            return CtlSupport.fail(problem.message, status: 2)
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    static func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// Totals of one industry or city.
    struct GroupFigures {
        var enterprises = 0
        var marks = 0
        var hours = 0.0
        var verdicts: [String: Int] = [:]
        var corrected = 0
    }
}
