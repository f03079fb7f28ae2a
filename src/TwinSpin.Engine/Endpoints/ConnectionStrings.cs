using System.Data.Common;

namespace TwinSpin.Engine.Endpoints;

/// <summary>Keeps secrets out of the job store, logs and messages.</summary>
public static class ConnectionStrings
{
    private static readonly string[] SecretKeys =
        ["password", "pwd", "token", "access token", "accesstoken", "secret", "key", "api key", "apikey"];

    public static string Redact(string connectionString)
    {
        DbConnectionStringBuilder builder;
        try
        {
            builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
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

    /// <summary>Removes every occurrence of the secret values of <paramref name="connectionString"/> from a message.</summary>
    public static string Scrub(string message, string connectionString)
    {
        DbConnectionStringBuilder builder;
        try
        {
            builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            return message;
        }

        foreach (var name in builder.Keys.Cast<string>())
        {
            if (SecretKeys.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase) &&
                builder[name]?.ToString() is { Length: > 0 } secret)
            {
                message = message.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return message;
    }
}
