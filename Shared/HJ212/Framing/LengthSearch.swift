/// Looks for the real end of a frame whose declared length does not lead to a CRC: the first place
/// after which four hex digits equal the CRC (either variant) of everything before it, followed by
/// a terminator. It runs both registers forward one byte at a time and keeps its progress between
/// calls, so a slow sender costs linear work, and it stops at the next `##dddd` header or at the
/// largest frame allowed.
struct LengthSearch {
    enum Outcome {
        case needMore
        case found(segmentEnd: Int, lowercase: Bool, terminator: Terminator, variant: CRCVariant)
        /// Nothing found; `stop` is where scanning should resume (the next header) or the end of
        /// what was examined.
        case notFound(stop: Int, nextHeader: Bool)
    }

    let frameStart: Int
    private(set) var position: Int
    private var register: UInt16 = 0xFFFF
    private var modbusRegister: UInt16 = 0xFFFF

    init(frameStart: Int) {
        self.frameStart = frameStart
        position = frameStart + 6
    }

    /// The same search with every index moved by `-offset` (after the decoder dropped consumed bytes).
    func shifted(by offset: Int) -> LengthSearch {
        var moved = LengthSearch(frameStart: frameStart - offset)
        moved.position = position - offset
        moved.register = register
        moved.modbusRegister = modbusRegister
        return moved
    }

    mutating func advance(_ base: UnsafeRawPointer, count: Int, finished: Bool, declaredEnd: Int,
                          options: DecodeOptions) -> Outcome {
        let segmentStart = frameStart + 6
        let limit = min(segmentStart + 9999, frameStart + options.maxFrameBytes - 4)
        while position <= limit {
            switch FrameEnd.isHeader(at: position, in: base, count: count) {
            case .some(true): return .notFound(stop: position, nextHeader: true)
            case nil where !finished: return .needMore
            default: break
            }
            if position - segmentStart >= FrameDecoder.minimumSegment && position != declaredEnd {
                switch FrameEnd.at(position, in: base, count: count, finished: finished) {
                case .needMore:
                    return .needMore
                case .end(let crc, let lowercase, let terminator) where crc == register:
                    return .found(segmentEnd: position, lowercase: lowercase, terminator: terminator, variant: .hj212)
                case .end(let crc, let lowercase, let terminator) where crc == HJ212CRC.swapped(modbusRegister):
                    return .found(segmentEnd: position, lowercase: lowercase, terminator: terminator, variant: .modbusSwapped)
                default:
                    break
                }
            }
            guard position < count else {
                return finished ? .notFound(stop: count, nextHeader: false) : .needMore
            }
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            register = HJ212CRC.step(register, byte)
            modbusRegister = HJ212CRC.modbusStep(modbusRegister, byte)
            position += 1
        }
        return .notFound(stop: min(position, count), nextHeader: false)
    }
}
