/// The `HJ212` module: the HJ 212 (2005, 2017, provisional 2025) protocol codec, in pure Swift with
/// no I/O and no Foundation. Entry points:
/// - `FrameDecoder`: streaming framer and decoder (`append`, `next`, `finish`), giving `FrameEvent`s.
/// - `Packet`, `DataArea`, `FactorGroup`: the decoded packet, its data area gathered per factor.
/// - `Replies`, `PlatformCommands`, `PacketEncoder`: what the platform sends back.
/// - `SplitReassembler`: PNUM/PNO reassembly with a caller-driven timeout.
/// - `HJ212CRC`, `CodeTables`, `HJ212DateTime`.
/// See docs/hj212.md.
public enum HJ212 {}
