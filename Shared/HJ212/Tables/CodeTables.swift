/// The code tables the codec consults: command codes, system codes, data flags, factor codes (with
/// the 2005 → 2017 mapping) and site-information codes. They are data: a provincial extension is
/// `CodeTables.standard.adding(factor: …)`, not a code change. Immutable storage is shared, so
/// every decoded packet can carry the tables it was decoded with for one reference count.
public struct CodeTables: Sendable {
    final class Storage: Sendable {
        let commands: [Int: CommandInfo]
        let systems: [String: SystemCodeInfo]
        let dataFlags: [String: DataFlagInfo]
        let factors: [String: FactorInfo]
        let factorsBy2005Code: [String: FactorInfo]
        let infoCodes: [String: InfoCodeInfo]
        /// `knownCommand[cn]` for the hot path (no hashing per frame).
        let knownCommand: [Bool]

        init(commands: [Int: CommandInfo], systems: [String: SystemCodeInfo], dataFlags: [String: DataFlagInfo],
             factors: [String: FactorInfo], infoCodes: [String: InfoCodeInfo]) {
            self.commands = commands
            self.systems = systems
            self.dataFlags = dataFlags
            self.factors = factors
            var by2005: [String: FactorInfo] = [:]
            for factor in factors.values {
                if let old = factor.code2005 { by2005[old] = factor }
            }
            self.factorsBy2005Code = by2005
            self.infoCodes = infoCodes
            var known = [Bool](repeating: false, count: 10_000)
            for code in commands.keys where (0..<10_000).contains(code) { known[code] = true }
            self.knownCommand = known
        }
    }

    let storage: Storage

    public init(commands: [CommandInfo], systems: [SystemCodeInfo], dataFlags: [DataFlagInfo],
                factors: [FactorInfo], infoCodes: [InfoCodeInfo]) {
        storage = Storage(
            commands: Dictionary(commands.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last }),
            systems: Dictionary(systems.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last }),
            dataFlags: Dictionary(dataFlags.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last }),
            factors: Dictionary(factors.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last }),
            infoCodes: Dictionary(infoCodes.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last }))
    }

    /// The tables of HJ 212-2017 with the HJ/T 212-2005 mapping and the provisional 2025 additions.
    public static let standard = CodeTables(
        commands: StandardTables.commands, systems: StandardTables.systems, dataFlags: StandardTables.dataFlags,
        factors: StandardTables.factors, infoCodes: StandardTables.infoCodes)

    public var commands: [CommandInfo] { storage.commands.values.sorted { $0.code < $1.code } }
    public var systems: [SystemCodeInfo] { storage.systems.values.sorted { $0.code < $1.code } }
    public var dataFlags: [DataFlagInfo] { storage.dataFlags.values.sorted { $0.code < $1.code } }
    public var factors: [FactorInfo] { storage.factors.values.sorted { $0.code < $1.code } }
    public var infoCodes: [InfoCodeInfo] { storage.infoCodes.values.sorted { $0.code < $1.code } }

    public func command(_ code: Int) -> CommandInfo? { storage.commands[code] }
    public func command(_ code: String) -> CommandInfo? { Int(code).flatMap { storage.commands[$0] } }
    public func system(_ code: String) -> SystemCodeInfo? { storage.systems[code] }
    public func dataFlag(_ code: String) -> DataFlagInfo? { storage.dataFlags[code] }
    public func infoCode(_ code: String) -> InfoCodeInfo? { storage.infoCodes[code] }

    /// The factor for a 2017 code, or for a 2005 code through the mapping.
    public func factor(_ code: String) -> FactorInfo? {
        storage.factors[code] ?? storage.factorsBy2005Code[code]
    }

    /// The 2017 code a factor code stands for: itself when it is a 2017 code or unknown, the mapped
    /// code when it is a 2005 code.
    public func currentCode(for code: String) -> String {
        if storage.factors[code] != nil { return code }
        return storage.factorsBy2005Code[code]?.code ?? code
    }

    func isKnownCommand(_ code: Int) -> Bool {
        code >= 0 && code < 10_000 && storage.knownCommand[code]
    }

    public func adding(command: CommandInfo) -> CodeTables { rebuilt(commands: [command]) }
    public func adding(system: SystemCodeInfo) -> CodeTables { rebuilt(systems: [system]) }
    public func adding(dataFlag: DataFlagInfo) -> CodeTables { rebuilt(dataFlags: [dataFlag]) }
    public func adding(factor: FactorInfo) -> CodeTables { rebuilt(factors: [factor]) }
    public func adding(infoCode: InfoCodeInfo) -> CodeTables { rebuilt(infoCodes: [infoCode]) }

    private func rebuilt(commands: [CommandInfo] = [], systems: [SystemCodeInfo] = [], dataFlags: [DataFlagInfo] = [],
                         factors: [FactorInfo] = [], infoCodes: [InfoCodeInfo] = []) -> CodeTables {
        CodeTables(commands: self.commands + commands, systems: self.systems + systems,
                   dataFlags: self.dataFlags + dataFlags, factors: self.factors + factors,
                   infoCodes: self.infoCodes + infoCodes)
    }
}
