namespace TwinSpin;

/// <summary>Database providers an endpoint can use.</summary>
public enum Provider
{
    Sqlite,
    PostgreSql,
    MariaDb,
    Odbc,
    Db2,
    Oracle,
}

/// <summary>How ranges are compared.</summary>
public enum Strategy
{
    /// <summary>Count and checksum ranges in the databases; fetch only small unequal ranges.</summary>
    Checksum,
    /// <summary>Split by row counts and fetch every leaf range (no in-database hashing).</summary>
    Rows,
}
