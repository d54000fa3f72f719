import Bus
import Crypto
import Domain
import Foundation
import Runtime
import Store

/// `duban-ctl orders stats [--from T] [--to T]`: the supervision figures (reply rate, on-time
/// rate, time to close, orders by stage, type, city, industry and status, share ending in a
/// confirmed violation) over the orders opened in [from, to), as JSON for the portal. Reads the
/// orders' state from Dispatch's schema (`DUBAN_DATABASE_URL`). Times: ISO 8601, or China time
/// without a zone; the default window is everything up to now.
///
/// `duban-ctl order show ORDER`: the order and its events, refusals and signed heads.
///
/// `duban-ctl order ACTION ORDER --actor ID --role ROLE …`: publishes the command on
/// `duban.commands` (`DUBAN_KAFKA_BOOTSTRAP`) as Portal does; Dispatch checks role and
/// jurisdiction. With `DUBAN_DATABASE_URL` the order is looked up first (its id keys the record,
/// so one order's commands stay in order) and the answer is awaited: exit 0 applied, 1 refused
/// (code and reason printed), 3 no answer within `--wait` seconds (default 20, 0: do not wait).
enum OrdersVerb {
    static let usage = """
        usage: duban-ctl orders stats [--from TIME] [--to TIME]
               duban-ctl order show ORDER
               duban-ctl order ACTION ORDER --actor ID --role ROLE [--name NAME] [--enterprise ID[,ID]]
                                            [--jurisdiction PROVINCE[/CITY[/COUNTY]]] [--wait SECONDS] ARGUMENTS
          ACTION and its ARGUMENTS:
            submit_reply          --what TEXT --actions TEXT [--attach FILE[,FILE]] [--attach-kind KIND]
            accept_reply          [--note TEXT]
            return_reply          --reason TEXT
            submit_response       --kind statement|evidence|defence|confirmation --text TEXT [--attach FILE[,FILE]]
            assign_investigator   --investigator ID [--investigator-name NAME] --mode remote|on_site
            record_investigation  --mode remote|on_site --findings TEXT [--conducted-at TIME] [--attach FILE[,FILE]]
            decide                --outcome no_violation --reason TEXT
                                  --outcome violation_confirmed --case-number N --ticket N --amount-fen FEN
                                  --outcome referred --agency NAME --reason TEXT
            reassign              --to PROVINCE[/CITY[/COUNTY]] --reason TEXT
            advance_stage         --to dispatch|handling_after --reason TEXT
            cancel                --reason TEXT
            any                   --command-json '{"code":"…",…}'   (the command's JSON form, docs/dispatch.md)
          ROLE: enterprise_user | om_operator | county_officer | city_officer | province_officer
        """

    static func run(_ arguments: [String]) async -> Int32 {
        let (options, positional) = CtlSupport.parse(arguments)
        switch positional.first {
        case "stats" where positional.count == 1: return await stats(options)
        case "show" where positional.count == 2: return await show(positional[1])
        case let action? where positional.count == 2: return await send(action: action, order: positional[1], options: options)
        default: return CtlSupport.fail(usage, status: 2)
        }
    }

    static func stats(_ options: [String: String]) async -> Int32 {
        let now = Date()
        var window = (from: Date(timeIntervalSince1970: 0), to: now.addingTimeInterval(1))
        for name in ["from", "to"] {
            guard let text = options[name] else { continue }
            guard let instant = CtlSupport.instant(text) else { return CtlSupport.fail("--\(name) \(text) 不是有效时间", status: 2) }
            if name == "from" { window.from = instant } else { window.to = instant }
        }
        guard window.from < window.to else { return CtlSupport.fail("--from 须早于 --to", status: 2) }
        do {
            let database = try await CtlSupport.database()
            let rows = try await database.query("SELECT state::text AS state FROM dispatch.orders WHERE state IS NOT NULL ORDER BY opened_at")
            let orders = try rows.map { try JSONB(try $0.decode("state", as: String.self)).decode(SupervisionOrder.self) }
            let figures = SupervisionFigures.compute(orders, openedFrom: window.from, to: window.to, now: now)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            Console.line(String(decoding: try encoder.encode(figures), as: UTF8.self))
            return 0
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    // MARK: order show

    static func show(_ reference: String) async -> Int32 {
        do {
            let database = try await CtlSupport.database()
            guard let order = try await load(reference, from: database) else { return CtlSupport.fail("没有督办单「\(reference)」（按编号或单号查找）") }
            var text = "督办单 \(order.number)（\(order.id)）\n"
            text += "企业：\(order.enterprise.name)（\(order.enterprise.id)）  排放口：\(order.outletName)（\(order.outletId)）\n"
            text += "类型：\(order.type.nameZh)  阶段：\(order.stage.chineseName)  状态：\(order.status.nameZh)  承办：\(order.assignedBureau.code)\n"
            text += "开具：\(ChinaTime.text(order.openedAt))  规则集：\(order.rulesetId) \(order.rulesVersion)\n"
            for deadline in order.deadlines {
                text += "期限：\(deadline.duty.rawValue) 至 \(ChinaTime.dueText(deadline.due))\n"
            }
            if let closure = order.closure { text += "结论：\(closure.summaryZh)\n" }
            text += "\n序号  时间                 环节            阶段        操作人                     说明\n"
            let events = try await database.query("""
                SELECT sequence, transition, occurred_at, canonical FROM dispatch.order_events WHERE order_id = \(order.id) ORDER BY sequence
                """)
            for row in events {
                let canonical = try row.decode("canonical", as: String.self)
                let record = try? JSONDecoder.iso8601.decode(OrderEventRecord.self, from: Data(canonical.utf8))
                let stage = record.flatMap { OrderStage(rawValue: $0.stage)?.chineseName } ?? "?"
                text += "\(try row.decode("sequence", as: Int.self))  \(ChinaTime.text(try row.decode("occurred_at", as: Date.self)))  "
                    + "\(OrderChange.transitionNameZh(try row.decode("transition", as: String.self)))  \(stage)  \(record?.actor ?? "?")  \(record?.reason ?? "")\n"
            }
            let heads = try await database.query("""
                SELECT sequence, signed_at, reason FROM dispatch.chain_heads WHERE order_id = \(order.id) ORDER BY sequence
                """)
            for row in heads {
                text += "签名链头：序号\(try row.decode("sequence", as: Int.self))，\(ChinaTime.text(try row.decode("signed_at", as: Date.self)))，"
                    + "\(try row.decode("reason", as: String.self))\n"
            }
            let refusals = try await database.query("""
                SELECT command, actor, code, reason, refused_at FROM dispatch.command_refusals WHERE order_id = \(order.id) ORDER BY refused_at
                """)
            for row in refusals {
                text += "已拒绝：\(ChinaTime.text(try row.decode("refused_at", as: Date.self))) \(try row.decode("actor", as: String.self)) "
                    + "\(try row.decode("command", as: String.self))（\(try row.decode("code", as: String.self))）：\(try row.decode("reason", as: String.self))\n"
            }
            Console.line(text.trimmingCharacters(in: .newlines))
            return 0
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    static func load(_ reference: String, from database: Database) async throws -> SupervisionOrder? {
        let rows = try await database.query("""
            SELECT state::text AS state FROM dispatch.orders WHERE (id = \(reference) OR number = \(reference)) AND state IS NOT NULL
            """)
        return try rows.first.map { try JSONB(try $0.decode("state", as: String.self)).decode(SupervisionOrder.self) }
    }

    // MARK: order ACTION

    struct UsageError: Error, CustomStringConvertible { let description: String }

    static func send(action: String, order reference: String, options: [String: String]) async -> Int32 {
        let actor: OrderActor
        let command: OrderCommand
        let wait: Int
        do {
            actor = try self.actor(options)
            command = try self.command(action.replacingOccurrences(of: "-", with: "_"), options)
            wait = try integer(options["wait"] ?? "20", "--wait")
        } catch {
            return CtlSupport.fail("\(error)\n\(usage)", status: 2)
        }
        do {
            let environment = ProcessInfo.processInfo.environment
            var database: Database?
            var key = reference
            var before = 0
            if environment["DUBAN_DATABASE_URL"] != nil {
                let connected = try await CtlSupport.database()
                guard let order = try await load(reference, from: connected) else { return CtlSupport.fail("没有督办单「\(reference)」（按编号或单号查找）") }
                key = order.id
                before = order.sequence
                database = connected
            }
            let message = OrderCommandMessage(commandId: UUID().uuidString.lowercased(), order: reference, actor: actor, command: command, issuedAt: Date())
            let kafka = try KafkaConfiguration.fromEnvironment(Runtime.Environment(), clientID: "duban-ctl")
            let producer = try Producer(configuration: kafka, logger: Logger(label: "duban.ctl", level: .warning))
            let event = CloudEvent(id: message.commandId, source: "/duban/ctl", type: OrderCommandMessage.eventType, time: message.issuedAt,
                                   subject: key, data: message)
            _ = try await producer.send(try event.record(topic: BusTopics.commands, key: key))
            await producer.close()
            Console.line("已发送督办指令「\(command.nameZh)」（\(command.code)），指令编号 \(message.commandId)")
            guard let database, wait > 0 else { return 0 }
            return try await awaitAnswer(commandId: message.commandId, orderId: key, after: before, seconds: wait, in: database)
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    /// Polls Dispatch's tables until the command is refused or the order has moved on.
    static func awaitAnswer(commandId: String, orderId: String, after sequence: Int, seconds: Int, in database: Database) async throws -> Int32 {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let refused = try await database.query("SELECT code, reason FROM dispatch.command_refusals WHERE command_id = \(commandId)")
            if let row = refused.first {
                return CtlSupport.fail("督办系统拒绝了该指令（\(try row.decode("code", as: String.self))）：\(try row.decode("reason", as: String.self))")
            }
            if let order = try await load(orderId, from: database), order.sequence > sequence {
                Console.line("已办理：督办单\(order.number)现为\(order.stage.chineseName)，\(order.status.nameZh)（事件序号\(order.sequence)）")
                return 0
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        return CtlSupport.fail("\(seconds)秒内未见督办系统处理该指令（Dispatch 是否在运行？）", status: 3)
    }

    static func actor(_ options: [String: String]) throws -> OrderActor {
        guard let id = options["actor"], let roleText = options["role"] else { throw UsageError(description: "须给出 --actor 与 --role") }
        guard let role = OrderActor.Role(rawValue: roleText), role != .system else {
            throw UsageError(description: "--role「\(roleText)」无效：enterprise_user、om_operator、county_officer、city_officer 或 province_officer")
        }
        let name = options["name"] ?? id
        let enterprises = (options["enterprise"] ?? "").split(separator: ",").map(String.init)
        switch role {
        case .enterpriseUser:
            guard enterprises.count == 1 else { throw UsageError(description: "企业用户须以 --enterprise 给出一家企业") }
            return .enterpriseUser(id: id, name: name, enterpriseId: enterprises[0])
        case .operationsStaff:
            guard !enterprises.isEmpty else { throw UsageError(description: "运维人员须以 --enterprise 给出所服务的企业（逗号分隔）") }
            return .operationsStaff(id: id, name: name, servedEnterpriseIds: enterprises)
        default:
            guard let text = options["jurisdiction"] else { throw UsageError(description: "生态环境部门人员须以 --jurisdiction 给出辖区，如 510000/510100/510121") }
            let path = try jurisdiction(text, "--jurisdiction")
            let actor = OrderActor.officer(id: id, name: name, jurisdiction: path)
            guard actor.role == role else {
                throw UsageError(description: "--jurisdiction \(text) 是\(actor.role.nameZh)的辖区，与 --role \(roleText) 不符")
            }
            return actor
        }
    }

    static func command(_ code: String, _ options: [String: String]) throws -> OrderCommand {
        func required(_ name: String) throws -> String {
            guard let value = options[name], !value.isEmpty, value != "true" else { throw UsageError(description: "\(code) 须给出 --\(name)") }
            return value
        }
        if let json = options["command-json"] {
            let command: OrderCommand
            do { command = try JSONDecoder.iso8601.decode(OrderCommand.self, from: Data(json.utf8)) } catch {
                throw UsageError(description: "--command-json 不是有效的督办指令：\(error)")
            }
            guard command.code == code else { throw UsageError(description: "--command-json 的 code 为 \(command.code)，与 \(code) 不符") }
            return command
        }
        switch code {
        case "submit_reply":
            return .submitReply(EnterpriseReply(whatHappened: try required("what"), actionsTaken: try required("actions"),
                                                attachments: try attachments(options)))
        case "accept_reply": return .acceptReply(note: options["note"] ?? "")
        case "return_reply": return .returnReply(reason: try required("reason"))
        case "submit_response":
            guard let kind = HandlingResponse.Kind(rawValue: try required("kind")) else {
                throw UsageError(description: "--kind 应为 statement、evidence、defence 或 confirmation")
            }
            return .submitResponse(HandlingResponse(kind: kind, text: try required("text"), attachments: try attachments(options)))
        case "assign_investigator":
            let id = try required("investigator")
            return .assignInvestigator(Investigation.Assignment(investigatorId: id, investigatorName: options["investigator-name"] ?? id,
                                                                mode: try mode(try required("mode"))))
        case "record_investigation":
            var conductedAt = Date()
            if let text = options["conducted-at"] {
                guard let instant = CtlSupport.instant(text) else { throw UsageError(description: "--conducted-at \(text) 不是有效时间") }
                conductedAt = instant
            }
            return .recordInvestigation(Investigation.Report(mode: try mode(try required("mode")), findings: try required("findings"),
                                                             attachments: try attachments(options), conductedAt: conductedAt))
        case "decide":
            switch try required("outcome") {
            case "no_violation": return .decide(.noViolation(reason: try required("reason")))
            case "violation_confirmed":
                return .decide(.violationConfirmed(caseNumber: try required("case-number"), penaltyTicketNumber: try required("ticket"),
                                                   amountFen: try integer(try required("amount-fen"), "--amount-fen")))
            case "referred": return .decide(.referred(to: try required("agency"), reason: try required("reason")))
            case let other: throw UsageError(description: "--outcome「\(other)」无效：no_violation、violation_confirmed 或 referred")
            }
        case "reassign": return .reassign(to: try jurisdiction(try required("to"), "--to"), reason: try required("reason"))
        case "advance_stage":
            guard let stage = OrderStage(rawValue: try required("to")) else { throw UsageError(description: "--to 应为 dispatch 或 handling_after") }
            return .advanceStage(to: stage, reason: try required("reason"))
        case "cancel": return .cancel(reason: try required("reason"))
        default:
            throw UsageError(description: "未知的督办操作「\(code)」")
        }
    }

    static func mode(_ text: String) throws -> Investigation.Mode {
        guard let mode = Investigation.Mode(rawValue: text) else { throw UsageError(description: "--mode 应为 remote 或 on_site") }
        return mode
    }

    static func integer(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text), value >= 0 else { throw UsageError(description: "\(name) 应为非负整数，实为「\(text)」") }
        return value
    }

    /// `510000`, `510000/510100` or `510000/510100/510121`: six digits each.
    static func jurisdiction(_ text: String, _ name: String) throws -> JurisdictionPath {
        let codes = text.split(separator: "/").map(String.init)
        guard (1...3).contains(codes.count), codes.allSatisfy({ $0.count == 6 && $0.allSatisfy(\.isNumber) }) else {
            throw UsageError(description: "\(name)「\(text)」应为 省[/市[/县]] 的六位行政区划代码，如 510000/510100/510121")
        }
        switch codes.count {
        case 1: return JurisdictionPath(province: codes[0])
        case 2: return JurisdictionPath(province: codes[0], city: codes[1])
        default: return JurisdictionPath(province: codes[0], city: codes[1], county: codes[2])
        }
    }

    /// Attachments by reference: each file is read here only to take its SHA-256 and size.
    static func attachments(_ options: [String: String]) throws -> [AttachmentReference] {
        guard let list = options["attach"] else { return [] }
        return try list.split(separator: ",").map { path in
            guard let data = FileManager.default.contents(atPath: String(path)) else { throw UsageError(description: "无法读取附件 \(path)") }
            return AttachmentReference(fileName: URL(fileURLWithPath: String(path)).lastPathComponent, sha256: SHA256.hex(Array(data)),
                                       sizeBytes: data.count, kind: options["attach-kind"] ?? "document")
        }
    }
}

private extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
