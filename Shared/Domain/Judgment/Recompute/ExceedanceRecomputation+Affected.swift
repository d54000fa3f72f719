public import Foundation

extension ExceedanceRecomputation {
    /// The periods a stored upload can change: its hour (a daily upload its China-time day), plus,
    /// when it moved the point's "complete through" instant forward, the hours it completed (the
    /// first minute of a new hour completes the hour before). After a long silence at most
    /// `catchUpLimit` of completed time is recomputed.
    public static func affectedSpan(level: StoredValue.Level, dataTime: Date, completeBefore: Date?, completeAfter: Date?,
                                    catchUpLimit: TimeInterval = 7 * 86_400) -> TimeSpan {
        var affected: TimeSpan
        switch level {
        case .realTime, .minute, .hour:
            let hour = hourFloor(dataTime)
            affected = TimeSpan(start: hour, end: hour.addingTimeInterval(3600))!
        case .day:
            affected = TimeSpan(start: dataTime, end: dataTime.addingTimeInterval(86_400))!
        }
        if let completeBefore, let completeAfter, completeAfter > completeBefore {
            let start = max(completeBefore, completeAfter.addingTimeInterval(-catchUpLimit))
            affected = TimeSpan(start: min(affected.start, start), end: max(affected.end, completeAfter))!
        }
        return affected
    }
}
