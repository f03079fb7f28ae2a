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

/// <summary>How Test-TwinSpinSample draws its keys from the source.</summary>
public enum SampleMethod
{
    /// <summary>KeySeek for a single integer key, else TableSample where the database samples pages, else KeyScan.</summary>
    Auto,
    /// <summary>Random points in the integer key's span, each sought to the next key by its index.</summary>
    KeySeek,
    /// <summary>The database's page sampling (PostgreSQL and DB2 TABLESAMPLE SYSTEM, Oracle SAMPLE BLOCK).</summary>
    TableSample,
    /// <summary>Every key read once; the sample is the keys of smallest seeded hash (exactly uniform, a scan).</summary>
    KeyScan,
}
