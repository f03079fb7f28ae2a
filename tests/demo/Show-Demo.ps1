<#
.SYNOPSIS
    The demo: reconciles the sample pair with live progress, then prints the job, the partition
    tree and the first discrepancies, and checks them against the planted differences.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DemoPath
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$store = Join-Path $DemoPath 'twinspin.db'
Remove-Item "$store*" -ErrorAction SilentlyContinue

$src = New-TwinSpinEndpoint -Provider Sqlite -ConnectionString "Data Source=$(Join-Path $DemoPath 'source.db')" -Table accounts
$tgt = New-TwinSpinEndpoint -Provider Sqlite -ConnectionString "Data Source=$(Join-Path $DemoPath 'target.db')" -Table accounts
$job = Start-TwinSpinJob -Source $src -Target $tgt -KeyColumn id -Name 'demo accounts' -Store $store

Write-Host "`n== Job ==" -ForegroundColor Cyan
$job | Format-List Id, Name, Status, Source, Target, KeyColumns, Columns, TotalRows, ProcessedRows, DiscrepanciesFound,
    PartitionsMatched, PartitionsSplit, PartitionsMismatched, Duration | Out-Host

Write-Host "== Partition tree, first level (runs of matched ranges rolled up; Show-TwinSpinPartition without -Depth opens every branch) ==" -ForegroundColor Cyan
$job | Show-TwinSpinPartition -Depth 1 | Out-Host

Write-Host "`n== First discrepancies ==" -ForegroundColor Cyan
$job | Get-TwinSpinDiscrepancy -First 15 | Format-Table -Wrap | Out-Host

Write-Host "== Field differences, highlighted ==" -ForegroundColor Cyan
$job | Show-TwinSpinDiscrepancy -Type ValueMismatch -First 5 | Out-Host

$report = Join-Path $DemoPath 'report.html'
$job | Export-TwinSpinReport -Path $report
Write-Host "`nHTML report (open it in a browser): $report"

Write-Host "`n== By type ==" -ForegroundColor Cyan
$found = @($job | Get-TwinSpinDiscrepancy)
$found | Group-Object Type -NoElement | Format-Table Name, Count | Out-Host

$planted = Get-Content (Join-Path $DemoPath 'planted.json') -Raw | ConvertFrom-Json
$expected = $planted | ForEach-Object { '{0} {1} {2}' -f $_.type, $_.id, $_.column } | Sort-Object
$actual = $found | ForEach-Object { '{0} {1} {2}' -f $_.Type, $_.Key['id'], $_.Columns } | Sort-Object
$diff = Compare-Object $expected $actual
if ($diff) {
    $diff | Format-Table | Out-Host
    throw "The job's discrepancies differ from the $($planted.Count) planted differences."
}
Write-Host "All $($planted.Count) planted differences found, nothing else." -ForegroundColor Green
