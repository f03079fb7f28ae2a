using System.Globalization;

namespace TwinSpin.Engine.Endpoints.Db2;

/// <summary>
/// DB2 (LUW and z/OS): a string constant holds at most 32,704 bytes, so longer text is CLOB pieces joined with ||;
/// binary is BX'...'; dates and timestamps go through DATE() and TIMESTAMP() with the form both platforms read.
/// The command-line processor (db2 -tvf) commits each batch where the script says COMMIT.
/// </summary>
public sealed class Db2Literals : SqlLiterals
{
    /// <summary>Under the 32,704-byte limit of a constant, with room for the line it is on.</summary>
    private const int MaxConstantBytes = 32_000;

    public static Db2Literals Instance { get; } = new();

    public override string BeginTransaction => string.Empty;

    protected override string Text(string value) =>
        System.Text.Encoding.UTF8.GetByteCount(value) <= MaxConstantBytes
            ? base.Text(value)
            : string.Join(" || ", Chunks(value, MaxConstantBytes).Select(piece => "CLOB(" + base.Text(piece) + ")"));

    protected override string Binary(byte[] value) => "BX'" + Convert.ToHexString(value) + "'";

    protected override string Date(DateTime value) => "DATE('" + value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "')";

    protected override string Timestamp(DateTime value) => "TIMESTAMP('" + value.ToString("yyyy-MM-dd-HH.mm.ss.ffffff", CultureInfo.InvariantCulture) + "')";
}
