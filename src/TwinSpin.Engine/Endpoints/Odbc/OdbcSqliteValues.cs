using System.Globalization;
using System.Text;
using TwinSpin.Engine.Endpoints.Sqlite;

namespace TwinSpin.Engine.Endpoints.Odbc;

/// <summary>
/// SQLite's values through its ODBC driver, exactly as Microsoft.Data.Sqlite returns them. The driver
/// types a result column by its declared type, not by what each value holds: it truncates integers
/// to 32 bits, rounds reals to 15 digits, garbles text outside the Basic Multilingual Plane, returns
/// blobs as X'..' text and integer timestamps as NULL. So fetched columns travel as tagged text
/// (<see cref="TaggedSelect"/>) that names the storage class and spells the value losslessly, and
/// <see cref="Decode"/> rebuilds the long, double, string or byte[] the native provider would give.
/// </summary>
public static class OdbcSqliteValues
{
    /// <summary>Result columns whose name starts with this hold tagged values (no dot: the driver cuts names at dots).</summary>
    public const string TaggedColumnPrefix = "twinspin_tagged__";

    /// <summary>The column as tagged text: i (integer), r (real, 17 significant digits), t (text, UTF-8 hex), b (blob, hex); NULL stays NULL.</summary>
    public static string TaggedSelect(string columnName)
    {
        var c = SqliteDialect.Instance.QuoteIdentifier(columnName);
        return $"CASE typeof({c}) WHEN 'integer' THEN 'i' || {c} WHEN 'real' THEN 'r' || printf('%!.17g', {c}) " +
               $"WHEN 'text' THEN 't' || hex(CAST({c} AS BLOB)) WHEN 'blob' THEN 'b' || hex({c}) END " +
               $"AS {SqliteDialect.Instance.QuoteIdentifier(TaggedColumnPrefix + columnName)}";
    }

    /// <summary>The value a tagged text stands for.</summary>
    public static object Decode(string tagged)
    {
        var body = tagged.AsSpan(1);
        return tagged[0] switch
        {
            'i' => long.Parse(body, NumberStyles.Integer, CultureInfo.InvariantCulture),
            'r' => ParseReal(body),
            't' => Encoding.UTF8.GetString(Convert.FromHexString(body)),
            'b' => Convert.FromHexString(body),
            _ => throw new FormatException($"'{tagged}' is not a tagged SQLite value."),
        };
    }

    private static double ParseReal(ReadOnlySpan<char> text) => text switch
    {
        "Inf" or "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
