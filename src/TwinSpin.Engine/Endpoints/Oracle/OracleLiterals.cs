namespace TwinSpin.Engine.Endpoints.Oracle;

/// <summary>
/// Oracle: a string literal holds at most 4,000 bytes, and SQL*Plus reads lines of at most 2,499 characters, so long
/// text is TO_CLOB pieces of 1,000 bytes, one per line; binary is HEXTORAW (RAW, at most 2,000 bytes in SQL). SQL*Plus
/// must not read '&amp;' as a substitution variable nor end a statement at a blank line inside a value.
/// </summary>
public sealed class OracleLiterals : SqlLiterals
{
    private const int PieceBytes = 1_000;

    private const int MaxRawBytes = 2_000;

    public static OracleLiterals Instance { get; } = new();

    public override IReadOnlyList<string> SessionStatements => ["ALTER SESSION SET TIME_ZONE = 'UTC'"];

    public override IReadOnlyList<string> ClientDirectives => ["SET DEFINE OFF", "SET SQLBLANKLINES ON"];

    public override string BeginTransaction => string.Empty;

    protected override string Text(string value)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(value) <= PieceBytes)
        {
            return base.Text(value);
        }

        return string.Join("\n|| ", Chunks(value, PieceBytes).Select(piece => "TO_CLOB(" + base.Text(piece) + ")"));
    }

    protected override string Binary(byte[] value) => value.Length <= MaxRawBytes
        ? "HEXTORAW('" + Convert.ToHexString(value) + "')"
        : throw new TwinSpinException(ErrorCode.TypeMismatch,
            $"A binary value of {value.Length:N0} bytes cannot be written as an Oracle literal (at most {MaxRawBytes:N0}); repair that row with a tool that binds values.");

    protected override string Boolean(bool value) => value ? "1" : "0";

    protected override string Float(double value) => value switch
    {
        double.NaN => "BINARY_DOUBLE_NAN",
        double.PositiveInfinity => "BINARY_DOUBLE_INFINITY",
        double.NegativeInfinity => "-BINARY_DOUBLE_INFINITY",
        _ => base.Float(value),
    };
}
