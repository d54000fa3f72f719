/// Request reply codes (`QnRtn` of 9011).
public enum QnRtn: Int, Sendable, Hashable, CaseIterable {
    case ready = 1
    case rejected = 2
    case passwordWrong = 3
    case mnWrong = 4
    case stWrong = 5
    case flagWrong = 6
    case qnWrong = 7
    case cnWrong = 8
    case crcWrong = 9
    case unknown = 100
}
