<#
.SYNOPSIS
    One benchmark case, run in a fresh pwsh by Invoke-Benchmark.ps1: imports the module, reconciles the
    pair as a DBA in a session would (Start-TwinSpinJob), and writes a JSON result: the job's wall time
    (Start-TwinSpinJob only: not the import, not reading the results back), the process's peak resident
    memory (VmHWM) right after the job, the job's status and every discrepancy as "Type id column"; then,
    unless -Once, the same job twice more in the same session: the third job's time is the warm time (code
    loaded, compiled and re-optimized by tiering, connections pooled).
    -ProcessOnly is a DBA's scheduled script: import, one job, its time written, nothing read back; the caller
    times the whole process around it. Its result is three plain lines (seconds, status, error): ConvertTo-Json
    and Set-Content, used for the first time in a process, cost it 0.15-0.2 s that the module does not spend.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [ValidateSet('Sqlite', 'PostgreSql')] [string] $Provider,
    [Parameter(Mandatory)] [string] $SourceConnectionString,
    [Parameter(Mandatory)] [string] $TargetConnectionString,
    [Parameter(Mandatory)] [string] $StorePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [ValidateSet('Checksum', 'Rows')] [string] $Strategy = 'Checksum',
    [switch] $PortableHash,
    # Without it, the job runs twice more in the same session: the first run pays for loading and compiling
    # the code (as a DBA's first job in a session does), the third shows the engine warm.
    [switch] $Once,
    # One job, its time and status only (implies -Once): the caller times the whole process.
    [switch] $ProcessOnly
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue' # no terminal here; the progress records are still produced
Import-Module $ModulePath -Force

$source = New-TwinSpinEndpoint -Provider $Provider -ConnectionString $SourceConnectionString -Table accounts
$target = New-TwinSpinEndpoint -Provider $Provider -ConnectionString $TargetConnectionString -Table accounts
$parameters = @{ Source = $source; Target = $target; KeyColumn = 'id'; Name = 'bench'; Store = $StorePath }
if ($Strategy -ne 'Checksum') { $parameters.Strategy = $Strategy }
if ($PortableHash) { $parameters.PortableHash = $true }

if (-not $ProcessOnly) { [GC]::Collect() } # a steadier peak for the memory figure, which -ProcessOnly does not take
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$job = Start-TwinSpinJob @parameters
$watch.Stop()
if ($ProcessOnly) {
    $lines = [string[]]@($watch.Elapsed.TotalSeconds.ToString('R', [cultureinfo]::InvariantCulture), $job.Status, ($job.Error -replace '\s+', ' '))
    [IO.File]::WriteAllLines($ResultPath, $lines)
    return
}
# The peak of the first job alone: the warm run must not change what the memory check compares.
$peakKiB = [long](((Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }) -split '\s+')[1])
$warmSeconds = $null
if (-not $Once) {
    foreach ($run in 2, 3) {
        $parameters.Name = "bench (run $run)"
        $warm = [System.Diagnostics.Stopwatch]::StartNew()
        $null = Start-TwinSpinJob @parameters
        $warmSeconds = $warm.Elapsed.TotalSeconds
    }
}

$found = @($job | Get-TwinSpinDiscrepancy -Store $StorePath | ForEach-Object { '{0} {1} {2}' -f $_.Type, $_.Key['id'], $_.Columns })
[pscustomobject]@{
    Seconds  = $watch.Elapsed.TotalSeconds
    WarmSeconds = $warmSeconds
    PeakMiB  = [Math]::Round($peakKiB / 1024, 1)
    Status   = [string]$job.Status
    Error    = [string]$job.Error
    JobRows  = $job.TotalRows
    Found    = $found
} | ConvertTo-Json -Depth 3 | Set-Content -Path $ResultPath
