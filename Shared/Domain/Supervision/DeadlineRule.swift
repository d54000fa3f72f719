/// How many working days a duty gets, for one order type or (`orderType` nil) for all types.
public struct DeadlineRule: Sendable, Hashable {
    public var orderType: OrderType?
    public var duty: DeadlineDuty
    public var workingDays: Int

    public init(orderType: OrderType?, duty: DeadlineDuty, workingDays: Int) {
        self.orderType = orderType
        self.duty = duty
        self.workingDays = workingDays
    }
}
