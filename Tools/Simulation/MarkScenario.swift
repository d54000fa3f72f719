public import Foundation

/// Issue 6's proof scenario (docs/marking.md, "The proof scenario"): three plants of the sample
/// registry whose data each call for one marking verdict.
///
/// - A thermal unit starts up over `startUp` (three whole hours): main steam flow and generator
///   output rise from zero (grid connection after 2.5 h), and the last start-up hour's SO2 is over
///   the permit's 35 mg/m³ (coal firing before the desulphuriser catches up). A correct 并网/供能
///   mark over `startUp` is consistent and withdraws Judgment's exceedance of that hour.
/// - A cement kiln's smoke chamber stays above 1000 ℃ with the raw-meal feed at zero over
///   `kilnPeriod`: a 停窑 mark there is a suspected false mark (the kiln is still firing).
/// - A paper mill's wastewater COD is over its daily limit for the whole China-time day
///   `paperDay`, three days before: left unmarked past the deadline, it is a missed mark.
///
/// Pure: builds the frames; `duban-sim scenario marks` and the integration test send them.
public struct MarkScenario: Sendable {
    /// A device of the sample registry (data/registry/sample.json).
    public struct Plant: Sendable, Equatable {
        public let enterpriseId: String
        public let outletId: String
        public let mn: String
        public let password: String
    }

    /// One frame to send, with what it says in words (China time).
    public struct Upload: Sendable {
        public let plant: Plant
        public let summary: String
        public let frame: [UInt8]
    }

    public static let thermalUnit = Plant(enterpriseId: "E-TP-01", outletId: "O-TP-01-1", mn: "88888880000001", password: "123456")
    public static let cementKiln = Plant(enterpriseId: "E-CM-01", outletId: "O-CM-01-1", mn: "51018100000101", password: "123456")
    public static let paperMill = Plant(enterpriseId: "E-PP-01", outletId: "O-PP-01-1", mn: "51112600000401", password: "123456")

    /// SO2 of the start-up's last hour, against the permit's 35 mg/m³ at 6 % O2.
    public static let startUpSO2 = 120.0
    /// The hours before it: within the limit.
    public static let earlierSO2 = [18.0, 26.0]
    /// Main steam flow (e10101, t/h) and generator output (e10102, MW), one sample every 10 min
    /// from ignition. Steam stays under the 50 t/h stop threshold for only 40 min, shorter than
    /// the missed-stop rule's 60, so the start-up is not also proposed as a stop.
    public static let steamFlow: [Double] = [0, 0, 15, 35, 80, 140, 210, 290, 370, 450, 530, 610, 690, 760, 830, 880, 920, 950]
    public static let output: [Double] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40, 85, 130]
    /// Kiln-tail smoke-chamber temperature (e20101, ℃) every 10 min while the feed (e20102) is 0.
    public static let smokeChamber: [Double] = [1062, 1071, 1066, 1058, 1064, 1069, 1075, 1068, 1061, 1057, 1063, 1070, 1066, 1060, 1055, 1059, 1064, 1062]
    /// Hourly COD (w01018, mg/L) of the paper mill's day, against GB 3544's 80 mg/L daily limit.
    public static let hourlyCOD: [Double] = (0..<24).map { 138 + Double($0 % 6) * 4 }
    public static let wastewaterFlow = 90.0
    public static let paperDaysBefore = 3

    /// The start-up, from ignition to the end of the 并网/供能 mark it deserves.
    public let startUp: DateInterval
    /// The start-up hour whose SO2 exceeds.
    public let exceedingHour: Date
    /// When the kiln is hot with no feed.
    public let kilnPeriod: DateInterval
    /// The China-time day of the paper mill's COD exceedance (its start, in UTC).
    public let paperDay: Date
    /// Every frame in sending order: the thermal unit's, the kiln's, the paper mill's.
    public let uploads: [Upload]

    /// The scenario whose start-up ends at the whole hour `hoursAgo` hours before the last one
    /// started before `now`.
    public init(now: Date = Date(), hoursAgo: Int = 0, qnTime: Date = Date()) throws {
        guard hoursAgo >= 0, hoursAgo <= 72 else { throw SimulationError("the start-up must end 0 to 72 hours before the current hour, not \(hoursAgo)") }
        let hour = floor(now.timeIntervalSince1970 / 3600) * 3600
        try self.init(end: Date(timeIntervalSince1970: hour - Double(hoursAgo) * 3600), qnTime: qnTime)
    }

    /// The scenario whose start-up (and kiln period) ends at `end`, a whole hour.
    public init(end: Date, qnTime: Date = Date()) throws {
        guard end.timeIntervalSince1970.truncatingRemainder(dividingBy: 3600) == 0 else {
            throw SimulationError("the scenario's end must be a whole hour, not \(Self.chinaTime(end))")
        }
        let start = end.addingTimeInterval(-3 * 3600)
        startUp = DateInterval(start: start, end: end)
        exceedingHour = end.addingTimeInterval(-3600)
        kilnPeriod = DateInterval(start: start, end: end)
        let dayInChina = floor((end.timeIntervalSince1970 - 1 + 8 * 3600) / 86_400) * 86_400 - 8 * 3600
        paperDay = Date(timeIntervalSince1970: dayInChina - Double(Self.paperDaysBefore) * 86_400)

        var uploads: [Upload] = []
        func add(_ plant: Plant, st: String, cn: String, at time: Date, _ readings: [DeviceFrames.Reading], note: String = "") throws {
            let frame = try DeviceFrames.upload(mn: plant.mn, password: plant.password, st: st, cn: cn, dataTime: time, readings: readings,
                                                qnTime: qnTime)
            let values = readings.map { "\($0.factor)=\(DeviceFrames.format($0.avg))" }.joined(separator: " ")
            uploads.append(Upload(plant: plant, summary: "\(plant.outletId) MN=\(plant.mn) CN=\(cn) \(Self.chinaTime(time)) \(values)\(note)",
                                  frame: frame))
        }
        // The thermal unit: each hour's flue gas, then that hour's operating parameters, so the
        // exceeding hour is the last one judged.
        for hourIndex in 0..<3 {
            let hourStart = start.addingTimeInterval(Double(hourIndex) * 3600)
            let so2 = hourIndex == 2 ? Self.startUpSO2 : Self.earlierSO2[hourIndex]
            try add(Self.thermalUnit, st: "31", cn: "2061", at: hourStart, DeviceFrames.thinPathReadings(so2: so2),
                    note: hourIndex == 2 ? "（启动期间SO2超过许可限值35 mg/m³）" : "")
            for sample in hourIndex * 6..<(hourIndex + 1) * 6 {
                try add(Self.thermalUnit, st: "31", cn: "2051", at: start.addingTimeInterval(Double(sample) * 600), [
                    DeviceFrames.Reading(factor: "e10101", avg: Self.steamFlow[sample]),
                    DeviceFrames.Reading(factor: "e10102", avg: Self.output[sample]),
                ])
            }
        }
        for sample in Self.smokeChamber.indices {
            try add(Self.cementKiln, st: "31", cn: "2051", at: start.addingTimeInterval(Double(sample) * 600), [
                DeviceFrames.Reading(factor: "e20101", avg: Self.smokeChamber[sample]),
                DeviceFrames.Reading(factor: "e20102", avg: 0),
            ])
        }
        for hourIndex in Self.hourlyCOD.indices {
            try add(Self.paperMill, st: "32", cn: "2061", at: paperDay.addingTimeInterval(Double(hourIndex) * 3600), [
                DeviceFrames.Reading(factor: "w01018", avg: Self.hourlyCOD[hourIndex]),
                DeviceFrames.Reading(factor: "w00000", avg: Self.wastewaterFlow),
            ])
        }
        self.uploads = uploads
    }

    /// What the scenario shows and the marks it calls for, in words (China time).
    public var overview: [String] {
        [
            "火电 \(Self.thermalUnit.outletId)：\(Self.chinaTime(startUp.start)) 点火启动，约2.5小时后并网，\(Self.chinaTime(startUp.end)) 止；"
                + "\(Self.chinaTime(exceedingHour)) 时段SO2 \(DeviceFrames.format(Self.startUpSO2)) mg/m³ 超限 → 应标记「并网/供能」\(Self.chinaTime(startUp.start))–\(Self.chinaTime(startUp.end))",
            "水泥 \(Self.cementKiln.outletId)：\(Self.chinaTime(kilnPeriod.start))–\(Self.chinaTime(kilnPeriod.end)) 窑尾烟室温度高于1000 ℃、喂料为0 → 若标记「停窑」即疑似虚假标记",
            "造纸 \(Self.paperMill.outletId)：\(Self.chinaTime(paperDay).prefix(10)) 全天COD约148 mg/L，超过日均限值 → 截止时限后未标记即为漏标",
        ]
    }

    /// `2026-03-10 09:00` in China Standard Time.
    public static func chinaTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
