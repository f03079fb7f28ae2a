namespace TwinSpin.Engine.Store;

/// <summary>Versioned migrations of the SQLite job store; each runs once, in order, in a transaction.</summary>
internal static class SqliteStoreSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            source_json TEXT NOT NULL,
            target_json TEXT NOT NULL,
            plan_json TEXT NOT NULL,
            where_sql TEXT NULL,
            range_lower_json TEXT NULL,
            range_upper_json TEXT NULL,
            options_json TEXT NOT NULL,
            started_at TEXT NULL,
            completed_at TEXT NULL,
            heartbeat_at TEXT NULL,
            total_rows INTEGER NOT NULL DEFAULT 0,
            processed_rows INTEGER NOT NULL DEFAULT 0,
            discrepancies_found INTEGER NOT NULL DEFAULT 0,
            stop_requested INTEGER NOT NULL DEFAULT 0,
            error TEXT NULL
        );
        CREATE TABLE partitions (
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            id INTEGER NOT NULL,
            parent_id INTEGER NULL,
            depth INTEGER NOT NULL,
            lower_json TEXT NULL,
            upper_json TEXT NULL,
            status TEXT NOT NULL,
            source_rows INTEGER NOT NULL DEFAULT 0,
            target_rows INTEGER NOT NULL DEFAULT 0,
            discrepancies INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NULL,
            completed_at TEXT NULL,
            PRIMARY KEY (job_id, id)
        );
        CREATE INDEX partitions_by_status ON partitions (job_id, status);
        CREATE TABLE discrepancies (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            partition_id INTEGER NOT NULL,
            type TEXT NOT NULL,
            key_json TEXT NOT NULL,
            fields_json TEXT NOT NULL,
            duplicate_side TEXT NULL,
            duplicate_count INTEGER NULL
        );
        CREATE INDEX discrepancies_by_job ON discrepancies (job_id, type);
        """,
    ];
}
