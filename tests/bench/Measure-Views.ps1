<#
.SYNOPSIS
    Times Show-TwinSpinPartition on a job with 100,000 partitions (issue 11's view benchmark; not a test).
.DESCRIPTION
    Runs a small real job to get a genuine job row, then replaces its partitions, with sqlite3, by a tree of
    1 + 100 + 100 x 999 = 100,001 ranges, one leaf in 97 mismatched. Prints the time of each view next to
    Get-TwinSpinPartition reading the same partitions, in one run.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build; dotnet pwsh tests/bench/Measure-Views.ps1
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/TwinSpin/TwinSpin.psd1'),
    [int] $Splits = 100,
    [int] $LeavesPerSplit = 999
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$dir = Join-Path ([System.IO.Path]::GetTempPath()) ("twinspin-views-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory $dir | Out-Null
try {
    "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a');" | sqlite3 "$dir/a.db"
    $store = Join-Path $dir 'store.db'
    $null = New-Item -ItemType File $store
    $e = New-TwinSpinEndpoint Sqlite "Data Source=$dir/a.db" t
    $job = Start-TwinSpinJob $e $e -Store $store
    $leafRows = 1000
    @"
DELETE FROM partitions WHERE job_id = $($job.Id);
INSERT INTO partitions (job_id, id, parent_id, depth, lower_json, upper_json, status, source_rows, target_rows, discrepancies)
VALUES ($($job.Id), 1, NULL, 0, NULL, NULL, 'Split', $($Splits * $LeavesPerSplit * $leafRows), $($Splits * $LeavesPerSplit * $leafRows), 0);
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < $Splits)
INSERT INTO partitions (job_id, id, parent_id, depth, lower_json, upper_json, status, source_rows, target_rows)
SELECT $($job.Id), 2 + i, 1, 1, '[' || (i * $LeavesPerSplit * $leafRows) || ']', '[' || ((i + 1) * $LeavesPerSplit * $leafRows) || ']', 'Split',
       $($LeavesPerSplit * $leafRows), $($LeavesPerSplit * $leafRows) FROM s;
WITH RECURSIVE l(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM l WHERE n + 1 < $($Splits * $LeavesPerSplit))
INSERT INTO partitions (job_id, id, parent_id, depth, lower_json, upper_json, status, source_rows, target_rows, discrepancies)
SELECT $($job.Id), 2 + $Splits + n, 2 + n / $LeavesPerSplit, 2, '[' || (n * $leafRows) || ']', '[' || ((n + 1) * $leafRows) || ']',
       CASE WHEN n % 97 = 0 THEN 'Mismatched' ELSE 'Matched' END, $leafRows, $leafRows, CASE WHEN n % 97 = 0 THEN 10 ELSE 0 END FROM l;
"@ | sqlite3 $store
    if ($LASTEXITCODE -ne 0) { throw 'sqlite3 failed' }

    $count = @(Get-TwinSpinPartition $job.Id -Store $store).Count
    $measure = {
        param([string] $What, [scriptblock] $Run)
        & $Run | Out-Null # warm: the first call also loads the engine's code
        $lines = 0
        $time = Measure-Command { $lines = @(& $Run).Count }
        [pscustomobject]@{ View = $What; Lines = $lines; Seconds = [math]::Round($time.TotalSeconds, 3) }
    }
    $results = @(
        & $measure 'Get-TwinSpinPartition (objects, reference)' { Get-TwinSpinPartition $job.Id -Store $store }
        & $measure 'Show-TwinSpinPartition (matched rolled up)' { Show-TwinSpinPartition $job.Id -Store $store }
        & $measure 'Show-TwinSpinPartition -Expand All' { Show-TwinSpinPartition $job.Id -Store $store -Expand All }
        & $measure 'Show-TwinSpinPartition -Depth 1' { Show-TwinSpinPartition $job.Id -Store $store -Depth 1 }
    )
    "Partitions: {0:N0}" -f $count
    $reference = $results[0].Seconds
    $results | ForEach-Object { $_ | Add-Member -PassThru RatioToGet ([math]::Round($_.Seconds / $reference, 2)) } | Format-Table -AutoSize | Out-String
}
finally {
    Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue
}
