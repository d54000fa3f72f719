public import Foundation

/// When to ask a provider about an attempt that has no receipt: 10 minutes, 1 hour, 24 hours and
/// 72 hours after it was submitted; after the last check without an answer the attempt is marked
/// `unknown`, visibly, on the order.
public struct ReconciliationSchedule: Sendable, Equatable {
    public var checkpoints: [Duration]

    public static let standard = ReconciliationSchedule(checkpoints: [.seconds(600), .seconds(3600), .seconds(86_400), .seconds(259_200)])

    public init(checkpoints: [Duration]) {
        self.checkpoints = checkpoints.sorted()
    }

    public enum Step: Sendable, Equatable {
        /// Query the provider at this time.
        case query(at: Date)
        /// Every check is done: mark the attempt unknown.
        case markUnknown
    }

    /// The next step for an attempt submitted at `submittedAt` that has had `checksDone` queries.
    public func next(submittedAt: Date, checksDone: Int) -> Step {
        guard checksDone < checkpoints.count else { return .markUnknown }
        let offset = checkpoints[max(checksDone, 0)]
        return .query(at: submittedAt.addingTimeInterval(offset.seconds))
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number (for `Date` arithmetic).
    var seconds: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
