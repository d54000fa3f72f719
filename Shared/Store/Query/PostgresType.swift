/// A PostgreSQL data type, as the server names it in results and as Duban binds parameters.
/// Only the name is public: the numeric type id (OID) stays inside `Store`.
public struct PostgresType: Hashable, Sendable, CustomStringConvertible {
    let oid: UInt32

    init(oid: UInt32) {
        self.oid = oid
    }

    /// The type's name (`int8`, `timestamptz`…), or `oid N` for a type `Store` does not know
    /// (an enum or domain created by a migration).
    public var name: String {
        Self.knownNames[oid] ?? "oid \(oid)"
    }

    public var description: String { name }

    public static let bool = PostgresType(oid: 16)
    public static let bytea = PostgresType(oid: 17)
    public static let char = PostgresType(oid: 18)
    public static let name = PostgresType(oid: 19)
    public static let int8 = PostgresType(oid: 20)
    public static let int2 = PostgresType(oid: 21)
    public static let int4 = PostgresType(oid: 23)
    public static let text = PostgresType(oid: 25)
    public static let oidType = PostgresType(oid: 26)
    public static let json = PostgresType(oid: 114)
    public static let float4 = PostgresType(oid: 700)
    public static let float8 = PostgresType(oid: 701)
    public static let unknown = PostgresType(oid: 705)
    public static let bpchar = PostgresType(oid: 1042)
    public static let varchar = PostgresType(oid: 1043)
    public static let date = PostgresType(oid: 1082)
    public static let time = PostgresType(oid: 1083)
    public static let timestamp = PostgresType(oid: 1114)
    public static let timestamptz = PostgresType(oid: 1184)
    public static let interval = PostgresType(oid: 1186)
    public static let numeric = PostgresType(oid: 1700)
    public static let uuid = PostgresType(oid: 2950)
    public static let jsonb = PostgresType(oid: 3802)

    private static let knownNames: [UInt32: String] = [
        16: "bool", 17: "bytea", 18: "char", 19: "name", 20: "int8", 21: "int2", 23: "int4", 25: "text",
        26: "oid", 114: "json", 700: "float4", 701: "float8", 705: "unknown", 1042: "bpchar",
        1043: "varchar", 1082: "date", 1083: "time", 1114: "timestamp", 1184: "timestamptz",
        1186: "interval", 1700: "numeric", 2950: "uuid", 3802: "jsonb",
        1000: "bool[]", 1001: "bytea[]", 1005: "int2[]", 1007: "int4[]", 1016: "int8[]", 1009: "text[]",
        1015: "varchar[]", 1021: "float4[]", 1022: "float8[]", 1185: "timestamptz[]", 2951: "uuid[]",
        2249: "record", 2278: "void",
    ]

    /// Types whose text form is a sequence of characters (not a number, date…).
    var isCharacterType: Bool {
        [Self.text, .varchar, .bpchar, .name, .char, .unknown].contains(self)
    }

    var isInteger: Bool { [Self.int2, .int4, .int8, .oidType].contains(self) }
}
