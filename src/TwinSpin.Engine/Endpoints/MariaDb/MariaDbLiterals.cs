using System.Text;

namespace TwinSpin.Engine.Endpoints.MariaDb;

/// <summary>
/// MariaDB reads a backslash in '...' as an escape unless sql_mode has NO_BACKSLASH_ESCAPES, which a script cannot know:
/// text holding a backslash or a control character is written as UTF-8 hex (_utf8mb4 X'...'), which reads the same in
/// every mode. The session runs in UTC, as TwinSpin's own connections do, so TIMESTAMP columns get the instant it read.
/// </summary>
public sealed class MariaDbLiterals : SqlLiterals
{
    public static MariaDbLiterals Instance { get; } = new();

    public override IReadOnlyList<string> SessionStatements => ["SET time_zone = '+00:00'"];

    public override string BeginTransaction => "START TRANSACTION;";

    protected override string Text(string value) =>
        value.Any(c => c == '\\' || char.IsControl(c))
            ? "_utf8mb4 X'" + Convert.ToHexString(Encoding.UTF8.GetBytes(value)) + "'"
            : base.Text(value);
}
