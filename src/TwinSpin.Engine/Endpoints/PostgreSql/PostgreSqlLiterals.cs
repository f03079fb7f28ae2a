namespace TwinSpin.Engine.Endpoints.PostgreSql;

/// <summary>
/// PostgreSQL with standard_conforming_strings on (the default since 9.1): a backslash in '...' is itself. The session
/// runs in UTC so a timestamp with time zone means what TwinSpin read (it reads them in UTC).
/// </summary>
public sealed class PostgreSqlLiterals : SqlLiterals
{
    public static PostgreSqlLiterals Instance { get; } = new();

    public override IReadOnlyList<string> SessionStatements => ["SET TIME ZONE 'UTC'", "SET standard_conforming_strings = on"];

    protected override string Binary(byte[] value) => "'\\x" + Convert.ToHexString(value) + "'::bytea";

    protected override string Float(double value) => value switch
    {
        double.NaN => "'NaN'::float8",
        double.PositiveInfinity => "'Infinity'::float8",
        double.NegativeInfinity => "'-Infinity'::float8",
        _ => base.Float(value),
    };
}
