<#
.SYNOPSIS
    Where a job's time goes on this machine, by CPU: runs the same PostgreSQL job -Jobs times in this pwsh and
    prints, per job, the wall time, the CPU this process used (the module, pwsh and the .NET runtime, the JIT
    included), the CPU of the local PostgreSQL server's processes, and what the JIT compiled meanwhile.
    The sum of both CPUs divided by the cores is the least wall time the job could take with every core busy;
    issue 14's note and docs/performance.md use it. Run it in a fresh pwsh so that job 1 is a session's first job.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/bench/Measure-JobCpu.ps1 -SourceConnectionString $s -TargetConnectionString $t -Jobs 3
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/TwinSpin/TwinSpin.psd1'),
    [Parameter(Mandatory)] [string] $SourceConnectionString,
    [Parameter(Mandatory)] [string] $TargetConnectionString,
    [string] $Table = 'accounts',
    [string] $KeyColumn = 'id',
    [int] $Jobs = 3
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
if (-not $IsLinux) { throw 'Measure-JobCpu.ps1 reads /proc: Linux only.' }
$ticksPerSecond = 100.0 # USER_HZ: the unit of utime and stime in /proc/<pid>/stat

# utime + stime of one process, in seconds (fields 14 and 15; the command name before them may hold spaces).
function Get-ProcessCpu([string] $StatPath) {
    try {
        $fields = ([IO.File]::ReadAllText($StatPath) -replace '^.*\) ', '') -split ' '
        ([double]$fields[11] + [double]$fields[12]) / $ticksPerSecond
    }
    catch { 0.0 } # the process ended meanwhile
}

# Every process named postgres: the server's backends (TwinSpin's pooled connections stay open between jobs).
function Get-ServerCpu {
    $sum = 0.0
    foreach ($dir in [IO.Directory]::GetDirectories('/proc')) {
        if ([IO.Path]::GetFileName($dir) -notmatch '^\d+$') { continue }
        $name = try { [IO.File]::ReadAllText("$dir/comm").Trim() } catch { '' }
        if ($name -eq 'postgres') { $sum += Get-ProcessCpu "$dir/stat" }
    }
    $sum
}

Import-Module $ModulePath -Force
$source = New-TwinSpinEndpoint -Provider PostgreSql -ConnectionString $SourceConnectionString -Table $Table
$target = New-TwinSpinEndpoint -Provider PostgreSql -ConnectionString $TargetConnectionString -Table $Table
$store = Join-Path ([IO.Path]::GetTempPath()) ("twinspin-cpu-" + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.db')
$cores = [Environment]::ProcessorCount
try {
    foreach ($run in 1..$Jobs) {
        $server0 = Get-ServerCpu
        $client0 = Get-ProcessCpu '/proc/self/stat'
        $methods0 = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
        $jit0 = [System.Runtime.JitInfo]::GetCompilationTime($false)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $null = Start-TwinSpinJob -Source $source -Target $target -KeyColumn $KeyColumn -Name "cpu $run" -Store $store
        $watch.Stop()
        $client = (Get-ProcessCpu '/proc/self/stat') - $client0
        $server = (Get-ServerCpu) - $server0
        [pscustomobject]@{
            Job            = $run
            'Wall s'       = [Math]::Round($watch.Elapsed.TotalSeconds, 2)
            'Client CPU s' = [Math]::Round($client, 2)
            'Server CPU s' = [Math]::Round($server, 2)
            "Least wall s ($cores cores)" = [Math]::Round(($client + $server) / $cores, 2)
            'JIT methods'  = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $methods0
            'JIT s'        = [Math]::Round(([System.Runtime.JitInfo]::GetCompilationTime($false) - $jit0).TotalSeconds, 2)
        }
    }
}
finally {
    Remove-Item "$store*" -Force -ErrorAction SilentlyContinue
}
