namespace TwinSpin.Engine.Endpoints.Sqlite;

/// <summary>SQLite's storage classes as sqlite3_value_type and sqlite3_column_type return them.</summary>
internal static class SqliteStorageClass
{
    public const int Integer = 1;
    public const int Float = 2;
    public const int Text = 3;
    public const int Blob = 4;
    public const int Null = 5;
}
