public import Foundation

extension DeviceFrames {
    /// A flue-gas hour of the thin-path point whose NOx and dust analysers report a fault (flag D)
    /// when `faulty`, while SO2, O2 and flow measure normally. Every value moves with `hour`, so
    /// nothing reads as unchanged (长期固定不变) over a scenario of several hours.
    public static func analyserFaultReadings(hour: Int, so2: Double, faulty: Bool) -> [Reading] {
        let shift = Double(hour)
        let fault = faulty ? "D" : "N"
        return [
            Reading(factor: "a21026", avg: so2, min: so2 * 0.9, max: so2 * 1.1),
            Reading(factor: "a21002", avg: 20 + shift, min: 15 + shift, max: 25 + shift, flag: fault),
            Reading(factor: "a34013", avg: 2 + shift / 10, min: 1.5, max: 3 + shift / 10, flag: fault),
            Reading(factor: "a19001", avg: 6 + shift / 20, min: 5.5, max: 6.5 + shift / 20),
            Reading(factor: "a00000", avg: 300 + shift, min: 290 + shift, max: 310 + shift),
        ]
    }

    /// Hourly frames for `readings(i)` at `first` + i hours, i in `hours`.
    public static func hours(mn: String, password: String, from first: Date, _ hours: Range<Int>,
                             readings: (Int) -> [Reading]) throws -> [[UInt8]] {
        try hours.map { hour in
            try DeviceFrames.hourly(mn: mn, password: password, hourStart: first.addingTimeInterval(TimeInterval(hour * 3600)),
                                    readings: readings(hour))
        }
    }
}
