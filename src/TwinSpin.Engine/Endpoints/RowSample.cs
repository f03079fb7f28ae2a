using Apache.Arrow;

namespace TwinSpin.Engine.Endpoints;

/// <summary>What the database computed for one sampled row: the row hash, the hash of each column alone and,
/// when the dialect builds it in SQL, each column's canonical text (its row text field, e.g. <c>3:1.1</c> or <c>N</c>).</summary>
public sealed record SqlRowHashes(ulong RowHash, IReadOnlyList<ulong> ColumnHashes, IReadOnlyList<string>? ColumnTexts);

/// <summary>A few rows of one side in key order: their values as a fetch reads them into Arrow and, row for
/// row, the hashes the database computed for them in the same query.</summary>
public sealed class RowSample(RecordBatch values, IReadOnlyList<SqlRowHashes> hashes) : IDisposable
{
    public RecordBatch Values { get; } = values;

    /// <summary>One entry per row of <see cref="Values"/>; empty when the sample was taken without hashes.</summary>
    public IReadOnlyList<SqlRowHashes> Hashes { get; } = hashes;

    public int Length => Values.Length;

    public void Dispose() => Values.Dispose();
}
