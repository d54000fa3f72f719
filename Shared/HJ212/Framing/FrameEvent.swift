/// What the decoder produced from the bytes it was given: a packet or a rejection, in input order.
public enum FrameEvent: Sendable, Equatable {
    case packet(Packet)
    case rejected(Rejection)
}
