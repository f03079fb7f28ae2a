using System.Data.Common;

namespace TwinSpin.Engine.Endpoints;

/// <summary>Keeps secrets out of the job store, logs and messages.</summary>
public static class ConnectionStrings
{
    private static readonly string[] SecretKeys =
        ["password", "pwd", "token", "access token", "accesstoken", "secret", "key", "api key", "apikey"];

    /// <param name="odbcSyntax">ODBC's rules ({braced} values) for an ODBC connection string; null: whichever parses.
    /// Written back under the other rules, an ODBC string's braces would be quoted and no driver manager would read it.</param>
    public static string Redact(string connectionString, bool? odbcSyntax = null)
    {
        var builder = Parse(connectionString, odbcSyntax);
        if (builder is null)
        {
            return "(unparseable connection string)";
        }

        foreach (var name in builder.Keys.Cast<string>().ToList())
        {
            if (SecretKeys.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                builder.Remove(name);
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>The keywords whose (non-empty) values <see cref="Redact"/> removes, as the connection string spells them.</summary>
    public static IReadOnlyList<string> SecretKeywords(string connectionString, bool? odbcSyntax = null) =>
        Parse(connectionString, odbcSyntax) is { } builder
            ? builder.Keys.Cast<string>().Where(name => SecretKeys.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase) &&
                builder[name]?.ToString() is { Length: > 0 }).ToList()
            : [];

    /// <summary>
    /// The connection string with a user name and password set by the connection-string builder (never by
    /// concatenation, so a password with ';', '=', quotes or braces stays one value). The password goes under
    /// <paramref name="passwordKeyword"/> when given (the keyword a stored connection string lost), else under
    /// the one the string already uses, else the provider's; the user name likewise. A null user leaves it as is.
    /// </summary>
    public static string WithCredential(ProviderKind provider, string connectionString, string? userName, string password,
        string? passwordKeyword = null)
    {
        var keywords = Engines.For(provider).Credentials;
        var builder = new DbConnectionStringBuilder(keywords.OdbcSyntax) { ConnectionString = connectionString };
        if (!string.IsNullOrEmpty(userName))
        {
            builder[Existing(builder, UserKeys) ?? keywords.User] = userName;
        }

        builder[passwordKeyword ?? Existing(builder, ["password", "pwd"]) ?? keywords.Password] = password;
        return builder.ConnectionString;
    }

    private static readonly string[] UserKeys = ["user id", "userid", "user", "username", "user name", "uid"];

    private static string? Existing(DbConnectionStringBuilder builder, string[] names) =>
        builder.Keys.Cast<string>().FirstOrDefault(name => names.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase));

    /// <summary>Removes every occurrence of the secret values of <paramref name="connectionString"/> from a message.</summary>
    public static string Scrub(string message, string connectionString)
    {
        var builder = Parse(connectionString);
        if (builder is null)
        {
            return message;
        }

        foreach (var name in builder.Keys.Cast<string>())
        {
            if (SecretKeys.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase) &&
                builder[name]?.ToString() is { Length: > 0 } secret)
            {
                message = message.Replace(secret, "***", StringComparison.Ordinal);
                // ODBC braces a value ({p;w}}d} is p;w}d): drivers may echo either form.
                if (secret.StartsWith('{') && secret.EndsWith('}') && secret[1..^1].Replace("}}", "}", StringComparison.Ordinal) is { Length: > 0 } unbraced)
                {
                    message = message.Replace(unbraced, "***", StringComparison.Ordinal);
                }
            }
        }

        return message;
    }

    /// <summary>The keywords by which the providers TwinSpin uses let a connection string set a command timeout
    /// (Npgsql, MySqlConnector, Microsoft.Data.Sqlite, DB2, Oracle).</summary>
    private static readonly string[] CommandTimeoutKeys =
        ["command timeout", "commandtimeout", "default command timeout", "defaultcommandtimeout", "default timeout", "querytimeout", "query timeout"];

    /// <summary>True when the connection string sets how long a command may run.</summary>
    public static bool SetsCommandTimeout(string connectionString) =>
        Parse(connectionString) is { } builder &&
        builder.Keys.Cast<string>().Any(name => CommandTimeoutKeys.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase));

    /// <summary>Parses with the usual rules, else with ODBC's (braced values); null when neither can.</summary>
    private static DbConnectionStringBuilder? Parse(string connectionString, bool? odbcSyntax = null)
    {
        foreach (var odbcRules in odbcSyntax is { } only ? [only] : new[] { false, true })
        {
            try
            {
                return new DbConnectionStringBuilder(odbcRules) { ConnectionString = connectionString };
            }
            catch (ArgumentException)
            {
            }
        }

        return null;
    }
}
