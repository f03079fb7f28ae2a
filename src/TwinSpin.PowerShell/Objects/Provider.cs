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

/// <summary>How key ranges are cut.</summary>
public enum KeyPartitioning
{
    /// <summary>Range, unless a text key cannot be ordered the same way on both sides (then Hash).</summary>
    Auto,
    /// <summary>Ranges of the key itself.</summary>
    Range,
    /// <summary>Ranges of a portable hash of the key: the same rows on both sides whatever the collations.</summary>
    Hash,
}
