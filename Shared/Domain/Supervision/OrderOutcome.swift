/// The result of an accepted command: the new state, the events to store (in order, numbered
/// from the order's next sequence) and what Dispatch must do. A command may legitimately
/// produce no events (a clock tick with nothing due).
public struct OrderOutcome: Sendable, Hashable {
    public var order: SupervisionOrder
    public var events: [OrderEvent]
    public var actions: [OrderAction]
}
