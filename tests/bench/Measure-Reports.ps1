<#
.SYNOPSIS
    Times Export-TwinSpinReport in each format on a real job with 100,000 discrepancies (a benchmark, not a test).
.DESCRIPTION
    Generates a sample pair (tests/TwinSpin.SampleData) with -Differences planted differences, runs the job, then
    exports it as Html (the default -HtmlLimit, and every discrepancy inline), Json and Csv, printing each one's time
    and file size. Each export runs once after one warm-up export, in this process.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build; dotnet pwsh tests/bench/Measure-Reports.ps1
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/TwinSpin/TwinSpin.psd1'),
    [string] $SampleDataPath = (Join-Path $PSScriptRoot '../TwinSpin.SampleData/bin/Release/net10.0/TwinSpin.SampleData.dll'),
    [int] $Rows = 300000,
    [int] $Differences = 100000
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$dir = Join-Path ([System.IO.Path]::GetTempPath()) ("twinspin-reports-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory $dir | Out-Null
try {
    dotnet $SampleDataPath --rows $Rows --differences $Differences --out $dir --seed 5 | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'sample data generation failed' }
    $store = Join-Path $dir 'store.db'
    $src = New-TwinSpinEndpoint -Provider Sqlite -ConnectionString "Data Source=$dir/source.db" -Table accounts
    $tgt = New-TwinSpinEndpoint -Provider Sqlite -ConnectionString "Data Source=$dir/target.db" -Table accounts
    $job = Start-TwinSpinJob -Source $src -Target $tgt -Store $store
    Export-TwinSpinReport -JobId $job.Id -Path (Join-Path $dir 'warm.html') -Store $store -ProgressAction SilentlyContinue
    "Job {0}: {1:N0} discrepancies" -f $job.Id, $job.DiscrepanciesFound
    $cases = @(
        @{ Report = 'Html (default -HtmlLimit)'; Format = 'Html'; Limit = 5000 }
        @{ Report = 'Html (all inline)'; Format = 'Html'; Limit = [math]::Max(1, $job.DiscrepanciesFound) }
        @{ Report = 'Json'; Format = 'Json'; Limit = 1 }
        @{ Report = 'Csv'; Format = 'Csv'; Limit = 1 }
    )
    $results = foreach ($case in $cases) {
        $file = Join-Path $dir ("report-{0}.{1}" -f $case.Limit, $case.Format.ToLowerInvariant())
        $time = Measure-Command { Export-TwinSpinReport -JobId $job.Id -Path $file -Format $case.Format -HtmlLimit $case.Limit -Store $store -ProgressAction SilentlyContinue }
        [pscustomobject]@{ Report = $case.Report; Seconds = [math]::Round($time.TotalSeconds, 2); MB = [math]::Round((Get-Item $file).Length / 1MB, 1) }
    }
    $results | Format-Table -AutoSize | Out-String
}
finally {
    Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue
}
