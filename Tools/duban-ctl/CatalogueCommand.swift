import Domain
import Foundation
import Registry
import Runtime
import Store

/// `duban-ctl catalogue limit|check`: which limit applies, and whether the catalogue files are sound.
///
/// `limit` answers for a registered outlet (`--outlet ID`, from the database) or for an outlet
/// profile given on the command line (`--industry …`), a factor and an instant, as one JSON object
/// naming the winning row (or permit), its standard and version, whether it is provisional, every
/// candidate considered and every note. No applicable row is an answer too (`"selected": false`
/// with the reason), never an empty output.
enum CatalogueCommand {
    static let usage = """
        usage: duban-ctl catalogue limit --outlet ID --factor CODE [--at INSTANT] [--basis hour|day]
               duban-ctl catalogue limit --industry thermal-power|cement|paper --factor CODE [--at INSTANT] [--basis hour|day]
                   [--unit-type boiler|gas-turbine|cement-kiln|cement-dryer|cement-ventilated|paper-line|wastewater-plant]
                   [--fuel coal|oil|natural-gas|other-gas] [--category pulp-mill|integrated-pulp-paper|paper-mill]
                   [--new | --existing | --commissioned YYYY-MM-DD] [--discharge direct|indirect]
                   [--flags FLAG,FLAG…] [--ultra-low] [--catalogue DIR]
               duban-ctl catalogue check [--catalogue DIR]
          INSTANT: 2026-04-01 (00:00 China time), 2026-04-01T10:00:00+08:00 or …Z; default now.
          Profile mode reads the catalogue from --catalogue DIR, else from DUBAN_DATABASE_URL when set,
          else from data/catalogue.
        """

    static func run(_ arguments: [String]) async -> Int32 {
        var (options, positional) = CtlSupport.parse(arguments)
        if positional.first == "catalogue" { positional.removeFirst() }
        switch positional.first {
        case "limit": return await limit(options)
        case "check": return check(options)
        default: return CtlSupport.fail(usage, status: 2)
        }
    }

    static func limit(_ options: [String: String]) async -> Int32 {
        guard let factor = options["factor"] else { return CtlSupport.fail("缺少 --factor（HJ 212-2017 因子编码，如 a21026）\n\(usage)", status: 2) }
        var at = Date()
        if let text = options["at"] {
            guard let parsed = InstantText.parse(text) ?? CtlSupport.instant(text) else {
                return CtlSupport.fail("--at \(text) 不是有效时间：应为 2026-04-01 或 2026-04-01T10:00:00+08:00", status: 2)
            }
            at = parsed
        }
        var basis: AveragingBasis?
        if let text = options["basis"] {
            guard let parsed = AveragingBasis(rawValue: text) else { return CtlSupport.fail("--basis 应为 hour 或 day", status: 2) }
            basis = parsed
        }
        if let outlet = options["outlet"] {
            guard options["industry"] == nil else { return CtlSupport.fail("--outlet 与 --industry 只能用一个", status: 2) }
            do {
                let reader = RegistryReader(database: try await CtlSupport.database())
                guard let context = try await reader.outletContext(id: outlet, at: at) else {
                    return CtlSupport.fail("排放口 \(outlet) 在 \(InstantText.format(at)) 不存在")
                }
                let selection = try await reader.limit(outletId: outlet, factor: factor, at: at, basis: basis)
                Console.line(LimitReport.json(selection, factor: factor, at: at, outletId: outlet, profile: context.profile))
                return 0
            } catch {
                return CtlSupport.fail("\(error)")
            }
        }
        let profile: OutletProfile
        switch Self.profile(options, factor: factor) {
        case .success(let parsed): profile = parsed
        case .failure(let problem): return CtlSupport.fail("\(problem.message)\n\(usage)", status: 2)
        }
        do {
            let standards: StandardsCatalogue
            if options["catalogue"] == nil, Environment().optionalString("DUBAN_DATABASE_URL") != nil {
                standards = try await RegistryReader(database: try await CtlSupport.database()).standardsCatalogue(factor: factor)
            } else {
                standards = try RuleCatalogue.load(directory: URL(fileURLWithPath: options["catalogue"] ?? "data/catalogue")).standards
            }
            let selection = standards.selectLimit(for: profile, factor: factor, at: at, basis: basis)
            Console.line(LimitReport.json(selection, factor: factor, at: at, outletId: nil, profile: profile))
            return 0
        } catch let error as ImportError {
            return CtlSupport.fail(error.description)
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    struct ProfileProblem: Error {
        let message: String
    }

    /// The outlet profile given by options; every value checked against the catalogue's codes.
    static func profile(_ options: [String: String], factor: String) -> Result<OutletProfile, ProfileProblem> {
        func value<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws(ProfileProblem) -> E?
        where E.RawValue == String {
            guard let text = options[name] else { return nil }
            guard let parsed = E(rawValue: text) else {
                throw ProfileProblem(message: "--\(name) \(text) 无效，应为 \(E.allCases.map(\.rawValue).joined(separator: "、")) 之一")
            }
            return parsed
        }
        do throws(ProfileProblem) {
            guard let industry = try value("industry", Industry.self) else {
                throw ProfileProblem(message: "缺少 --outlet ID 或 --industry")
            }
            guard let medium = try value("medium", Medium.self) ?? Medium.of(factor: factor) else {
                throw ProfileProblem(message: "无法从因子 \(factor) 判断介质，请用 --medium air|water")
            }
            var profile = OutletProfile(
                industry: industry, medium: medium, unitType: try value("unit-type", UnitType.self),
                fuel: try value("fuel", Fuel.self), enterpriseCategory: try value("category", EnterpriseCategory.self),
                discharge: try value("discharge", DischargeMode.self) ?? .direct)
            let ages = [options["new"] != nil, options["existing"] != nil, options["commissioned"] != nil].filter { $0 }.count
            guard ages <= 1 else { throw ProfileProblem(message: "--new、--existing、--commissioned 只能用一个") }
            if options["new"] != nil { profile.declaredAge = .new }
            if options["existing"] != nil { profile.declaredAge = .existing }
            if let text = options["commissioned"] {
                guard let day = CivilDate(iso: text) else { throw ProfileProblem(message: "--commissioned \(text) 应为 YYYY-MM-DD") }
                profile.commissioned = day
            }
            for name in (options["flags"] ?? "").split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) })
            where !name.isEmpty {
                guard let flag = ProfileFlag(rawValue: name) else {
                    throw ProfileProblem(message: "--flags 中的 \(name) 无效：只能含小写字母、数字和连字符")
                }
                profile.flags.insert(flag)
            }
            if options["ultra-low"] != nil { profile.flags.insert(.ultraLow) }
            return .success(profile)
        } catch {
            return .failure(error)
        }
    }

    static func check(_ options: [String: String]) -> Int32 {
        let directory = options["catalogue"] ?? "data/catalogue"
        do {
            let catalogue = try RuleCatalogue.load(directory: URL(fileURLWithPath: directory))
            for warning in catalogue.warnings { FileHandle.standardError.write(Data("警告：\(warning)\n".utf8)) }
            let provisional = catalogue.standards.rows.filter { row in
                row.provisional || catalogue.standards.standard(id: row.standardId)?.provisional == true
            }.count
            Console.line("""
                目录 \(directory) 无误：\(catalogue.standards.standards.count) 项标准、\(catalogue.standards.rows.count) 行限值（其中暂定 \(provisional) 行）、\
                \(catalogue.marks.types.count) 类标记、\(catalogue.marks.overlapRules.count) 条重叠规则、\(catalogue.marks.policies.count) 套标记时限、\
                \(catalogue.codeRules.flags.count + catalogue.codeRules.statuses.count) 条代码规则
                """)
            return 0
        } catch {
            return CtlSupport.fail(error.description)
        }
    }
}
