import Crypto
import Domain
import Foundation
import Runtime

/// Dispatch's own configuration: the supervision rules and holiday calendar (data files), the
/// Ed25519 key that signs chain heads, and how often deadlines are checked.
///
/// Environment: `DUBAN_SUPERVISION_RULES` (default data/supervision/rules.json),
/// `DUBAN_SUPERVISION_HOLIDAYS` (default data/supervision/holidays.json),
/// `DUBAN_DISPATCH_SIGNING_SEED` (32-byte hex seed; required unless `DUBAN_DISPATCH_DEV_KEY=1`,
/// which generates a throwaway key and logs its public half), `DUBAN_DISPATCH_TICK_INTERVAL`
/// (default 30s), `DUBAN_DISPATCH_SIGN_INTERVAL` (default 1h: unsigned chain heads are signed).
struct DispatchConfiguration: Sendable {
    let rules: SupervisionRules
    let calendar: HolidayCalendar
    let signingKey: Ed25519.KeyPair
    let tickInterval: Duration
    let signInterval: Duration

    static func load(_ environment: Runtime.Environment, logger: Logger) throws -> DispatchConfiguration {
        let rulesPath = environment.string("DUBAN_SUPERVISION_RULES", default: "data/supervision/rules.json")
        let holidaysPath = environment.string("DUBAN_SUPERVISION_HOLIDAYS", default: "data/supervision/holidays.json")
        let rules = try SupervisionRulesDocument.parse(try read(rulesPath, variable: "DUBAN_SUPERVISION_RULES"), file: rulesPath)
        let calendar = try HolidayCalendarDocument.parse(try read(holidaysPath, variable: "DUBAN_SUPERVISION_HOLIDAYS"), file: holidaysPath)
        let key = try signingKey(environment, logger: logger)
        let tickInterval = try environment.duration("DUBAN_DISPATCH_TICK_INTERVAL", default: .seconds(30))
        let signInterval = try environment.duration("DUBAN_DISPATCH_SIGN_INTERVAL", default: .seconds(3600))
        return DispatchConfiguration(rules: rules, calendar: calendar, signingKey: key, tickInterval: tickInterval, signInterval: signInterval)
    }

    private static func read(_ path: String, variable: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(variable: variable, expected: "a readable file", found: path)
        }
        return data
    }

    static func signingKey(_ environment: Runtime.Environment, logger: Logger) throws -> Ed25519.KeyPair {
        if let seedText = environment.optionalString("DUBAN_DISPATCH_SIGNING_SEED") {
            guard let seed = Hex.decode(seedText), seed.count == 32, let key = Ed25519.keyPair(seed: seed) else {
                throw ConfigurationError(variable: "DUBAN_DISPATCH_SIGNING_SEED", expected: "64 hex digits (a 32-byte Ed25519 seed)",
                                         found: "<\(seedText.count) characters>")
            }
            logger.info("chain heads signed with the configured key", metadata: ["public_key": "\(Hex.encode(key.publicKey))"])
            return key
        }
        guard try environment.bool("DUBAN_DISPATCH_DEV_KEY", default: false) else {
            throw ConfigurationError(variable: "DUBAN_DISPATCH_SIGNING_SEED",
                                     expected: "64 hex digits (or DUBAN_DISPATCH_DEV_KEY=1 for a throwaway development key)",
                                     found: "<unset>")
        }
        let key = Ed25519.generate()
        logger.warning("DEVELOPMENT signing key generated: signatures cannot be verified after a restart",
                       metadata: ["public_key": "\(Hex.encode(key.publicKey))"])
        return key
    }
}
