using Apache.Arrow;
using Apache.Arrow.Types;
using TwinSpin.Engine.Endpoints;

namespace TwinSpin.Engine.Batches;

/// <summary>The Arrow type that holds each logical type's canonical value.</summary>
public static class ArrowSchemas
{
    public static IArrowType For(LogicalType type) => type switch
    {
        LogicalType.Integer => Int64Type.Default,
        LogicalType.Float => DoubleType.Default,
        // Exact decimals of any precision (Oracle NUMBER(38) included) as canonical text.
        LogicalType.Decimal => StringType.Default,
        LogicalType.Text => StringType.Default,
        LogicalType.Boolean => BooleanType.Default,
        LogicalType.Date => Date32Type.Default,
        LogicalType.Timestamp => new TimestampType(TimeUnit.Microsecond, "UTC"),
        LogicalType.Binary => BinaryType.Default,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static Schema For(IReadOnlyList<PlannedColumn> columns)
    {
        var builder = new Schema.Builder();
        foreach (var column in columns)
        {
            builder.Field(f => f.Name(column.Name).DataType(For(column.Type)).Nullable(true));
        }

        return builder.Build();
    }
}
