import CRdKafka

/// Every failure of the `Bus` module. `code` is a stable string for logs, metrics and reject
/// reasons; `native` is librdkafka's own code when there is one.
public struct KafkaError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Stable, machine-readable category. These strings leave the process (logs, metrics): never
    /// rename one.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A property was rejected by librdkafka or conflicts with a guarantee Duban needs.
        public static let configuration = Code(rawValue: "kafka.configuration")
        /// librdkafka could not create the client handle.
        public static let clientCreation = Code(rawValue: "kafka.client_creation")
        /// The broker did not acknowledge a record (rejected, or not acknowledged in time).
        public static let delivery = Code(rawValue: "kafka.delivery_failed")
        /// An operation with a deadline (flush, metadata) did not finish in time.
        public static let timedOut = Code(rawValue: "kafka.timed_out")
        /// The producer or consumer was closed before the operation completed.
        public static let closed = Code(rawValue: "kafka.closed")
        /// Subscribing to topics failed.
        public static let subscription = Code(rawValue: "kafka.subscription")
        /// Taking or giving up partitions after a rebalance failed.
        public static let assignment = Code(rawValue: "kafka.assignment")
        /// Committing offsets to Kafka failed.
        public static let commit = Code(rawValue: "kafka.commit")
        /// The client hit an unrecoverable error (e.g. idempotent producer fenced): it must be recreated.
        public static let fatal = Code(rawValue: "kafka.fatal")
        /// The caller used the API in a way it does not support (e.g. two concurrent `next()` calls).
        public static let misuse = Code(rawValue: "kafka.misuse")
    }

    public let code: Code
    /// librdkafka's code, when the failure came from librdkafka.
    public let native: KafkaResponseCode?
    /// What went wrong, in words; safe to log.
    public let reason: String
    /// Extra detail from librdkafka or the broker (only in `debugDescription`).
    public let detail: String?
    public let file: String
    public let line: UInt
    private let fatalFlag: Bool

    init(
        _ code: Code, _ reason: String, native: KafkaResponseCode? = nil, detail: String? = nil, fatal: Bool = false,
        file: String = #fileID, line: UInt = #line
    ) {
        self.code = code
        self.reason = reason
        self.native = native
        self.detail = detail
        self.fatalFlag = fatal
        self.file = file
        self.line = line
    }

    /// Whether the same operation may succeed later without changing anything (broker back, leader
    /// elected, queue drained).
    public var isRetriable: Bool {
        if isFatal { return false }
        if code == .timedOut { return true }
        return native?.isRetriable ?? false
    }

    /// Whether the client that raised this error can no longer be used and must be recreated.
    public var isFatal: Bool { fatalFlag || code == .fatal || native == .fatal }

    public var description: String {
        if let native { return "\(code.rawValue): \(reason) [\(native.name)]" }
        return "\(code.rawValue): \(reason)"
    }

    public var debugDescription: String {
        var text = description
        if let native { text += " native=\(native.rawValue) (\(native.text))" }
        if let detail { text += " detail=\(detail)" }
        return text + " at \(file):\(line)"
    }
}
