namespace TwinSpin.Engine.Store;

/// <summary>Versioned migrations of the job store; each runs once, in order, in a transaction. The
/// same DDL serves SQLite and PostgreSQL but for the identity column and the integer type.</summary>
internal static class StoreSchema
{
    public static IReadOnlyList<string> For(string identityColumn, string integer) =>
        Migrations.Select(m => m.Replace("{identity}", identityColumn, StringComparison.Ordinal).Replace("{integer}", integer, StringComparison.Ordinal)).ToList();

    private static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE jobs (
            id {identity},
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
            total_rows {integer} NOT NULL DEFAULT 0,
            processed_rows {integer} NOT NULL DEFAULT 0,
            discrepancies_found {integer} NOT NULL DEFAULT 0,
            stop_requested {integer} NOT NULL DEFAULT 0,
            error TEXT NULL
        );
        CREATE TABLE partitions (
            job_id {integer} NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            id {integer} NOT NULL,
            parent_id {integer} NULL,
            depth {integer} NOT NULL,
            lower_json TEXT NULL,
            upper_json TEXT NULL,
            status TEXT NOT NULL,
            source_rows {integer} NOT NULL DEFAULT 0,
            target_rows {integer} NOT NULL DEFAULT 0,
            discrepancies {integer} NOT NULL DEFAULT 0,
            started_at TEXT NULL,
            completed_at TEXT NULL,
            PRIMARY KEY (job_id, id)
        );
        CREATE INDEX partitions_by_status ON partitions (job_id, status);
        CREATE TABLE discrepancies (
            id {identity},
            job_id {integer} NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            partition_id {integer} NOT NULL,
            type TEXT NOT NULL,
            key_json TEXT NOT NULL,
            fields_json TEXT NOT NULL,
            duplicate_side TEXT NULL,
            duplicate_count {integer} NULL
        );
        CREATE INDEX discrepancies_by_job ON discrepancies (job_id, type);
        """,
        // 2: the warnings a job wrote (a JSON array of strings), e.g. that the hash contract self-check
        // made it fetch rows instead of trusting checksums.
        """
        ALTER TABLE jobs ADD COLUMN warnings TEXT NULL;
        """,
        // 3: resume. Which process runs the job ("host:pid:start", see ProcessOwner), and how many runs it has had:
        // a resume claims the job by moving runs on, so of two resumes at once only one wins.
        """
        ALTER TABLE jobs ADD COLUMN owner TEXT NULL;
        ALTER TABLE jobs ADD COLUMN runs {integer} NOT NULL DEFAULT 1;
        """,
        // 4: rows in flight. A discrepancy that no longer differs when read again after the run is kept, marked with
        // when it was seen resolved, and left out of the job's count (which resolved_in_flight counts instead).
        """
        ALTER TABLE discrepancies ADD COLUMN resolved_at TEXT NULL;
        ALTER TABLE jobs ADD COLUMN resolved_in_flight {integer} NOT NULL DEFAULT 0;
        """,
    ];
}
