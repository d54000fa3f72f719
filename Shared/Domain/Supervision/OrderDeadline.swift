public import Foundation

/// A running deadline of an order: the duty, when it was set, when it falls due, and which of
/// the configured reminders have gone out (so a repeated clock tick reminds only once).
public struct OrderDeadline: Codable, Sendable, Hashable {
    public var duty: DeadlineDuty
    public var setAt: Date
    public var due: Date
    public var workingDays: Int
    /// Hours-before values (from the ruleset) already reminded.
    public var remindersIssued: [Int]
    /// Passed without the duty done, at the highest level already (nothing more to escalate).
    public var overdue: Bool
    /// A calendar year without the State Council's published arrangement was used.
    public var calendarProvisional: Bool
    /// How many times this duty's deadline already passed and was renewed one level up.
    public var escalations: Int

    public init(duty: DeadlineDuty, setAt: Date, due: Date, workingDays: Int, remindersIssued: [Int] = [],
                overdue: Bool = false, calendarProvisional: Bool = false, escalations: Int = 0) {
        self.duty = duty
        self.setAt = setAt
        self.due = due
        self.workingDays = workingDays
        self.remindersIssued = remindersIssued
        self.overdue = overdue
        self.calendarProvisional = calendarProvisional
        self.escalations = escalations
    }

    /// Met at `instant` only if the deadline never passed and `instant` is before it.
    public func isMet(at instant: Date) -> Bool { escalations == 0 && !overdue && instant < due }

    /// The configured reminders (hours before the deadline) whose moment has come at `now` and
    /// that were not issued yet. When several are due at once (the clock was late) only one
    /// message goes out, for the nearest; all of them count as issued.
    public func remindersDue(at now: Date, hoursBefore: [Int]) -> [Int] {
        guard !overdue, now < due else { return [] }
        return hoursBefore.filter { !remindersIssued.contains($0) && now >= due.addingTimeInterval(-Double($0) * 3600) }.sorted()
    }
}
