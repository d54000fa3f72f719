/// What the order's rules need besides the order: the ruleset it was opened under and the
/// holiday calendar for deadlines.
public struct SupervisionContext: Sendable {
    public let ruleset: SupervisionRuleset
    public let calendar: HolidayCalendar

    public init(ruleset: SupervisionRuleset, calendar: HolidayCalendar) {
        self.ruleset = ruleset
        self.calendar = calendar
    }
}
