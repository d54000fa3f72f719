public import Domain

/// What Ingest needs to admit a device: the registered point's password and protocol mode.
public struct DeviceCredentials: Sendable, Hashable {
    public let mn: String
    public let password: String
    /// Strict devices may not use the three lenient-only deviations (hj212.md, last section).
    public let mode: MonitoringPoint.Mode

    public init(mn: String, password: String, mode: MonitoringPoint.Mode) {
        self.mn = mn
        self.password = password
        self.mode = mode
    }
}
