using Microsoft.Data.Sqlite;
using TwinSpin.Engine.Endpoints;
using Xunit;

namespace TwinSpin.Engine.Tests;

/// <summary>Every engine is registered once, and what its registration says reaches the shared code.</summary>
public sealed class EngineRegistryTests
{
    [Fact]
    public void Every_provider_has_exactly_one_registration()
    {
        foreach (var provider in Enum.GetValues<ProviderKind>())
        {
            Assert.Single(Engines.All, engine => engine.Provider == provider);
            Assert.Equal(provider, Engines.For(provider).Provider);
        }

        Assert.Equal(Enum.GetValues<ProviderKind>().Length, Engines.All.Count);
        var unknown = Assert.Throws<TwinSpinException>(() => Engines.For((ProviderKind)99));
        Assert.Equal(ErrorCode.ProviderNotSupported, unknown.Code);
    }

    [Theory]
    [InlineData(ProviderKind.PostgreSql, "Host=h", "Username=u;Password=\"p;w\"")]
    [InlineData(ProviderKind.MariaDb, "Server=h", "User ID=u;Password=\"p;w\"")]
    [InlineData(ProviderKind.Oracle, "Data Source=h", "User Id=u;Password=\"p;w\"")]
    [InlineData(ProviderKind.Odbc, "Driver={PostgreSQL Unicode}", "UID=u;PWD={p;w}")]
    [InlineData(ProviderKind.Db2, "Database=d", "UID=u;PWD={p;w}")]
    public void A_credential_goes_under_the_engines_own_keywords(ProviderKind provider, string connectionString, string credentialPart)
    {
        var withCredential = ConnectionStrings.WithCredential(provider, connectionString, "u", "p;w");
        Assert.EndsWith(credentialPart, withCredential, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_engines_own_failures_are_classified_by_its_registration()
    {
        Assert.True(TransientErrors.IsTransient(new SqliteException("database is locked", 5)));
        Assert.True(TransientErrors.IsTransient(new SqliteException("table is locked", 6)));
        // A SQLite error that is not busy or locked is final, whatever the shared rules would say.
        Assert.False(TransientErrors.IsTransient(new SqliteException("no such table: t", 1)));
        Assert.False(Engines.For(ProviderKind.Sqlite).ClassifyTransient(new SqliteException("no such table: t", 1)) ?? true);
        Assert.Null(Engines.For(ProviderKind.Sqlite).ClassifyTransient(new IOException()));
    }

    [Fact]
    public void An_odbc_connection_string_stored_without_its_secret_still_reads_under_odbc_rules()
    {
        var spec = new EndpointSpec(ProviderKind.Odbc, "Driver={PostgreSQL Unicode};Server=db;Uid=u;Pwd={p;w}}d}", "t");
        var stored = spec.RedactedConnectionString;
        Assert.DoesNotContain("p;w", stored);
        var builder = new System.Data.Common.DbConnectionStringBuilder(useOdbcRules: true) { ConnectionString = stored };
        Assert.Equal("{PostgreSQL Unicode}", builder["driver"]);
        Assert.Equal(["pwd"], ConnectionStrings.SecretKeywords(spec.ConnectionString, odbcSyntax: true));
        var restored = ConnectionStrings.WithCredential(ProviderKind.Odbc, stored, null, "p;w}d", "pwd");
        var back = new System.Data.Common.DbConnectionStringBuilder(useOdbcRules: true) { ConnectionString = restored };
        Assert.Equal("{PostgreSQL Unicode}", back["driver"]);
        Assert.Equal("p;w}d", back["pwd"]?.ToString()?.Trim('{', '}').Replace("}}", "}"));
    }
}
