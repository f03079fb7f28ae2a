namespace TwinSpin.Engine.Endpoints;

/// <summary>The engine-independent type of a column; canonical forms are defined per logical type
/// (docs/hash-contract.md).</summary>
public enum LogicalType
{
    Integer,
    Decimal,
    Float,
    Text,
    Boolean,
    Date,
    Timestamp,
    Binary,
}
