/// Which checksum a frame carried.
public enum CRCVariant: String, Sendable, Hashable {
    /// The standard's CRC (Appendix A).
    case hj212
    /// CRC-16/MODBUS printed low byte first (some devices; lenient mode only).
    case modbusSwapped = "modbus_swapped"
}
