import Foundation

extension DeviceFrames {
    /// A flue-gas hour of the thin-path point at a heavy emission rate: SO2 at `sulphurDioxide`
    /// mg/m³ and the flow at `flow` m³/s (both inside the registered ranges, 500 and 1000), so
    /// the hour's SO2 amount is `sulphurDioxide` × `flow` × 3600 mg — 400 × 900 is about 1.3 t,
    /// a pace that crosses a 70 t monthly permit total within days.
    public static func heavyLoadReadings(sulphurDioxide: Double, flow: Double) -> [Reading] {
        [
            Reading(factor: "a21026", avg: sulphurDioxide, min: sulphurDioxide - 10, max: sulphurDioxide + 10),
            Reading(factor: "a21002", avg: 30, min: 25, max: 35),
            Reading(factor: "a34013", avg: 3, min: 2, max: 4),
            Reading(factor: "a19001", avg: 6.5, min: 6, max: 7),
            Reading(factor: "a00000", avg: flow, min: flow - 20, max: flow + 20),
        ]
    }
}
