import Runtime
import Testing

struct EnvironmentTests {
    @Test("a missing required variable names the variable and what it expects")
    func missing() {
        let environment = Environment([:])
        #expect(throws: ConfigurationError.self) { try environment.string("DUBAN_DATABASE_URL", expected: "a PostgreSQL URL") }
        do {
            _ = try environment.string("DUBAN_DATABASE_URL", expected: "a PostgreSQL URL")
        } catch let error as ConfigurationError {
            #expect(error.description == "configuration: DUBAN_DATABASE_URL is not set; expected a PostgreSQL URL")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("malformed numbers, ports, durations and booleans are refused with the value found")
    func malformed() {
        let environment = Environment(["N": "12x", "P": "70000", "D": "5 minutes", "B": "maybe", "E": "   "])
        #expect(throws: ConfigurationError(variable: "N", expected: "an integer from 1 to 10", found: "12x")) { try environment.int("N", default: 1, in: 1...10) }
        #expect(throws: ConfigurationError.self) { try environment.port("P", default: 1) }
        #expect(throws: ConfigurationError(variable: "D", expected: "a duration such as 250ms, 30s, 5m or 2h", found: "5 minutes")) { try environment.duration("D", default: .seconds(1)) }
        #expect(throws: ConfigurationError.self) { try environment.bool("B", default: false) }
        // Blank counts as unset: the default applies.
        #expect(environment.string("E", default: "fallback") == "fallback")
    }

    @Test("durations in ms, s, m and h", arguments: [("250ms", Duration.milliseconds(250)), ("30s", .seconds(30)), ("5m", .seconds(300)), ("2h", .seconds(7200)), ("1.5s", .milliseconds(1500))])
    func durations(text: String, expected: Duration) {
        #expect(Environment.parseDuration(text) == expected)
    }

    @Test("URLs must be http(s) with a host")
    func urls() throws {
        #expect(try Environment(["U": "http://127.0.0.1:8080/sms"]).url("U").port == 8080)
        #expect(throws: ConfigurationError.self) { try Environment(["U": "ftp://x/y"]).url("U") }
        #expect(throws: ConfigurationError.self) { try Environment(["U": "not a url"]).url("U") }
    }
}

