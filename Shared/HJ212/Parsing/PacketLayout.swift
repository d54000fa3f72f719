/// Where everything of a decoded packet sits in its raw frame, plus the few values decoding had to
/// compute anyway (numbers go into the item slots).
struct PacketLayout: Sendable {
    /// The data segment is `[6, segmentEnd)`.
    var segmentEnd = 6
    var declaredLength = 0
    var qn = Span.absent
    var st = Span.absent
    var cn = Span.absent
    var pw = Span.absent
    var mn = Span.absent
    var flag = Span.absent
    var pnum = Span.absent
    var pno = Span.absent
    /// The data area between `CP=&&` and the closing `&&`.
    var cpStart = 0
    var cpEnd = 0
    var flagValue = -1
    var pnumValue = -1
    var pnoValue = -1
    var cnValue = -1
    var dataTime: HJ212DateTime?
    var qnTime: HJ212DateTime?
    var deviations = DeviationSet()
    var crcVariant = CRCVariant.hj212
    var terminator = Terminator.crlf
}
