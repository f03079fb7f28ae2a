<#
.SYNOPSIS
    Times the views and the report export on a job with 100,000 partitions and 1,000,000 discrepancies
    (issue 11's benchmark; not a test).
.DESCRIPTION
    Runs a small real job to get a genuine job row, then replaces its partitions, with sqlite3, by a tree of
    1 + 100 + 100 x 999 = 100,001 ranges, one leaf in 97 mismatched, and gives it 1,000,000 discrepancies
    (value mismatches of a 40-character text, one in ten a missing row). Prints, in one run:
    - the time of each tree view next to Get-TwinSpinPartition reading the same partitions;
    - the time, file size and peak memory of each report format next to Get-TwinSpinDiscrepancy | Export-Csv,
      each export in its own pwsh process (peak resident memory from /proc/self/status, VmHWM) beside a
      process that only imports the module and reads the job.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build; dotnet pwsh tests/bench/Measure-Views.ps1
.EXAMPLE
    dotnet pwsh tests/bench/Measure-Views.ps1 -Discrepancies 100000   # a quicker run
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/TwinSpin/TwinSpin.psd1'),
    [int] $Splits = 100,
    [int] $LeavesPerSplit = 999,
    [int] $Discrepancies = 1000000
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
    # Discrepancies spread over the mismatched leaves, in the store's own JSON forms.
    $mismatchedLeaves = [math]::Ceiling($Splits * $LeavesPerSplit / 97)
    @"
UPDATE jobs SET discrepancies_found = $Discrepancies WHERE id = $($job.Id);
WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n + 1 < $Discrepancies)
INSERT INTO discrepancies (job_id, partition_id, type, key_json, fields_json)
SELECT $($job.Id), 2 + $Splits + 97 * (n % $mismatchedLeaves),
       CASE WHEN n % 10 = 0 THEN 'MissingInTarget' ELSE 'ValueMismatch' END,
       '{"id":' || n || '}',
       CASE WHEN n % 10 = 0 THEN '[]'
            ELSE '[{"column":"v","source":"customer ' || n || ' of the source table, Åström","target":"customer ' || n || ' of the target table, Astrom"}]' END
FROM d;
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
    $results | ForEach-Object { $_ | Add-Member -PassThru RatioToGet ([math]::Round($_.Seconds / $reference, 2)) } | Format-Table -AutoSize | Out-String -Width 200

    # Exports, each in a fresh process so its peak memory is its own.
    $pwsh = if (Test-Path "$PSHOME/pwsh") { "$PSHOME/pwsh" } else { 'pwsh' } # the local tool has a pwsh apphost in $PSHOME
    $exportRun = {
        param([string] $What, [string] $Command, [string] $File)
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$job = Get-TwinSpinJob -Id $($job.Id) -Store '$store'
`$seconds = (Measure-Command { $Command }).TotalSeconds
`$peak = [long](((Get-Content /proc/self/status | Select-String '^VmHWM:').Line -replace '\D', '')) * 1KB
"`$seconds `$peak"
"@
        $seconds, $peak = (& $pwsh -NoProfile -NonInteractive -Command $script) -split ' '
        if ($LASTEXITCODE -ne 0) { throw "$What failed" }
        $size = if ($File -and (Test-Path $File)) { (Get-Item $File).Length } else { 0 }
        [pscustomobject]@{ Export = $What; Seconds = [math]::Round([double]$seconds, 2); FileMB = [math]::Round($size / 1MB, 1); PeakMB = [math]::Round([long]$peak / 1MB) }
    }
    $exports = @(
        & $exportRun 'import and read the job only (baseline)' '$null = $job' $null
        & $exportRun 'Get-TwinSpinDiscrepancy | Export-Csv (reference)' "Get-TwinSpinDiscrepancy $($job.Id) -Store '$store' | Export-Csv '$dir/plain.csv'" "$dir/plain.csv"
        & $exportRun 'Export-TwinSpinReport -Format Csv' "Export-TwinSpinReport $($job.Id) '$dir/report.csv' -Store '$store'" "$dir/report.csv"
        & $exportRun 'Export-TwinSpinReport -Format Json' "Export-TwinSpinReport $($job.Id) '$dir/report.json' -Store '$store'" "$dir/report.json"
        & $exportRun 'Export-TwinSpinReport -Format Html' "Export-TwinSpinReport $($job.Id) '$dir/report.html' -Store '$store'" "$dir/report.html"
    )
    "Discrepancies: {0:N0}" -f $Discrepancies
    $baseline = $exports[0].PeakMB
    $referenceSeconds = $exports[1].Seconds
    $exports | ForEach-Object {
        $_ | Add-Member -PassThru TimeRatioToExportCsv ([math]::Round($_.Seconds / $referenceSeconds, 2)) |
            Add-Member -PassThru PeakOverBaselineMB ($_.PeakMB - $baseline)
    } | Format-Table -AutoSize | Out-String -Width 200
}
finally {
    Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue
}
