/// A missing or malformed environment variable. Stops the service at start with a message that
/// names the variable and what it expects.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    public let variable: String
    public let expected: String
    public let found: String?

    public init(variable: String, expected: String, found: String?) {
        self.variable = variable
        self.expected = expected
        self.found = found
    }

    public var description: String {
        if let found {
            return "configuration: \(variable)=\(found.debugDescription) is invalid; expected \(expected)"
        }
        return "configuration: \(variable) is not set; expected \(expected)"
    }
}
