import Foundation
public import Runtime

/// Named crash points for fault tests. `DUBAN_FAULT_POINT=<name>` makes the process stop at that
/// point: it writes `DUBAN_FAULT_MARKER` (a file path) and then sleeps until it is killed, so a
/// test can SIGKILL it at exactly that line. Unset in production: each check is one dictionary
/// lookup at start and a boolean test afterwards.
public enum FaultInjection {
    private static let armedPoint = ProcessInfo.processInfo.environment["DUBAN_FAULT_POINT"]
    private static let marker = ProcessInfo.processInfo.environment["DUBAN_FAULT_MARKER"]

    public static func point(_ name: String, logger: Logger) {
        guard let armedPoint, armedPoint == name else { return }
        logger.critical("fault point reached; waiting to be killed", metadata: ["fault.point": name])
        if let marker { _ = FileManager.default.createFile(atPath: marker, contents: Data(name.utf8)) }
        while true { sleep(3600) }
    }
}
