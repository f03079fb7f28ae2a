using System.Data.Common;

namespace TwinSpin.Engine.Endpoints.Drivers;

/// <summary>Opens a connection through a run-time loaded factory and runs the session settings the
/// hash contract needs; every failure becomes a ConnectionFailed error without secrets.</summary>
public static class DriverConnection
{
    public static async Task<DbConnection> OpenAsync(DbProviderFactory factory, string providerName, string connectionString,
        IReadOnlyList<string> sessionStatements, CancellationToken cancellationToken)
    {
        var connection = factory.CreateConnection()
            ?? throw new TwinSpinException(ErrorCode.DriverNotFound, $"The {providerName} driver's factory created no connection.");
        try
        {
            connection.ConnectionString = connectionString;
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            foreach (var statement in sessionStatements)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = statement;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new TwinSpinException(ErrorCode.ConnectionFailed,
                $"Cannot connect to {providerName} ({ConnectionStrings.Redact(connectionString)}): {ConnectionStrings.Scrub(e.Message, connectionString)}", e);
        }
    }

    /// <summary>Adds a named parameter (catalog queries; range queries bind through EndpointSession).</summary>
    public static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
