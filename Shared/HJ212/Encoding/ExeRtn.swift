/// Execution result codes (`ExeRtn` of 9012).
public enum ExeRtn: Int, Sendable, Hashable, CaseIterable {
    case success = 1
    case failed = 2
    case conditionError = 3
    case timeout = 4
    case busy = 5
    case systemFault = 6
    case noData = 100
}
