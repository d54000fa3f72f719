import Foundation

extension DeviceFrames {
    /// A flue-gas hour of the thin-path point whose O2 reads `oxygen` % while the unit keeps
    /// running (flow around 300 m³/h and SO2 measured): with `oxygen` near 21 % the sample is
    /// ambient air (稀释、探头移出烟道), a sign of falsification. Every value moves with `hour`, so
    /// nothing reads as unchanged over a scenario of several hours.
    public static func dilutionReadings(hour: Int, oxygen: Double) -> [Reading] {
        let shift = Double(hour)
        return [
            Reading(factor: "a21026", avg: 10 + shift, min: 9 + shift, max: 11 + shift),
            Reading(factor: "a21002", avg: 20 + shift, min: 15 + shift, max: 25 + shift),
            Reading(factor: "a34013", avg: 2 + shift / 10, min: 1.5, max: 3 + shift / 10),
            Reading(factor: "a19001", avg: oxygen, min: oxygen - 0.1, max: oxygen + 0.05),
            Reading(factor: "a00000", avg: 300 + shift, min: 290 + shift, max: 310 + shift),
        ]
    }
}
