#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and demonstrates TwinSpin.
.DESCRIPTION
    Build  stages an importable module in out/TwinSpin (cmdlets assembly, manifest, formats, and the
           engine with its dependencies in out/TwinSpin/deps for the private load context).
    Package builds, then packs out/TwinSpin (deps/ with the native runtimes included) into
           out/package/TwinSpin.<version>.nupkg, which Install-PSResource and Install-Module install from
           a local file repository (Register-PSResourceRepository / Register-PSRepository on that folder).
           -NoBuild packs the module already staged.
    Test   builds, runs every xunit and Pester test, and ends with the line "N passed, N failed".
    Demo   builds, creates a sample SQLite pair with planted differences and reconciles it.
    Bench  builds, then runs issue 4's benchmark (tests/bench/Invoke-Benchmark.ps1): generates the SQLite
           pairs (and loads PostgreSQL), measures the floors and TwinSpin in the same run, checks the
           planted differences and prints one table (docs/performance.md). -BenchRows sets the row
           count(s), -MemoryCheck adds the 5x memory case, -SkipPostgres leaves PostgreSQL out, -SkipSqlite
           the SQLite cases (the memory case still runs).
           With -Micro it runs the BenchmarkDotNet micro-benchmarks (ns per row) instead. Not run by CI.
    Clean  removes build output.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench -BenchRows 1000000,10000000
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench -Micro
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Package', 'Test', 'Demo', 'Bench', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Rows per table in the demo pair.
    [ValidateRange(1000, 100000000)]
    [int] $DemoRows = 1000000,

    # Bench: rows per table, one run per value (the 10,000,000 and 50,000,000 cases when asked).
    [ValidateRange(1000, 100000000)]
    [int[]] $BenchRows = @(1000000),

    # Bench: also run the default SQLite case at 5x the largest -BenchRows and compare peak memory.
    [switch] $MemoryCheck,

    # Bench: leave out the PostgreSQL cases (no server is started).
    [switch] $SkipPostgres,
    [switch] $SkipSqlite,

    # Bench: an earlier commit's staged module (its out/TwinSpin/TwinSpin.psd1): its PostgreSQL same-engine case
    # runs in the same run, for before/after figures.
    [string] $BenchBaseline,

    # Bench: run the BenchmarkDotNet micro-benchmarks (Arrow reader, row hash, merge diff) instead.
    [switch] $Micro,

    # Package: pack the module already staged in out/TwinSpin instead of building it first.
    [switch] $NoBuild
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleDir = Join-Path $out 'TwinSpin'

function Invoke-Native {
    param([string] $What, [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

function Invoke-Build {
    Invoke-Native 'dotnet build' { dotnet build (Join-Path $root 'TwinSpin.sln') -c $Configuration --nologo -v quiet -clp:ErrorsOnly }
    if (Test-Path $moduleDir) { Remove-Item $moduleDir -Recurse -Force }
    $deps = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'deps') -Force
    $engineBin = Join-Path $root "src/TwinSpin.Engine/bin/$Configuration/net8.0" # the portable IL build
    $cmdletBin = Join-Path $root "src/TwinSpin.PowerShell/bin/$Configuration/net8.0"
    # The engine and all its dependencies (managed and native) go to deps/ only: the cmdlets
    # assembly must not find them next to itself, or the private load context is bypassed.
    Copy-Item (Join-Path $engineBin '*') $deps -Recurse
    # And the engine precompiled (ReadyToRun) for pwsh 7.6 (.NET 10) on linux-x64, which the module loads
    # there instead (Hosting/EngineDirectory.cs): a fresh session's first job then runs compiled code
    # from its first row. The images keep their IL, and any other runtime or platform loads deps/ itself.
    $ready = Join-Path $deps 'ready/net10.0-linux-x64'
    Invoke-Native 'ReadyToRun publish of the engine' {
        dotnet publish (Join-Path $root 'src/TwinSpin.Engine') -c $Configuration -f net10.0 -r linux-x64 --self-contained false `
            -p:PublishReadyToRun=true -o $ready --nologo -v quiet -clp:ErrorsOnly
    }
    Copy-Item (Join-Path $cmdletBin 'TwinSpin.dll'), (Join-Path $cmdletBin 'TwinSpin.pdb') $moduleDir
    Copy-Item (Join-Path $root 'TwinSpin.psd1') $moduleDir
    Copy-Item (Join-Path $root 'src/TwinSpin.PowerShell/TwinSpin.Format.ps1xml') $moduleDir
    # Get-Help for the binary cmdlets: MAML made from the docs/ cmdlet pages.
    & (Join-Path $root 'src/TwinSpin.PowerShell/Help/ConvertTo-MamlHelp.ps1') -DocsPath (Join-Path $root 'docs') `
        -OutputPath (Join-Path $moduleDir 'en-US/TwinSpin.dll-Help.xml')
    # Get-Help about_TwinSpin: the conceptual page as a plain-text about topic.
    & (Join-Path $root 'src/TwinSpin.PowerShell/Help/ConvertTo-AboutHelp.ps1') -Path (Join-Path $root 'docs/about_TwinSpin.md') `
        -OutputPath (Join-Path $moduleDir 'en-US/about_TwinSpin.help.txt')
    Write-Host "Module staged in $moduleDir"
}

function Invoke-Package {
    if (-not $NoBuild) { Invoke-Build }
    if (-not (Test-Path (Join-Path $moduleDir 'TwinSpin.psd1'))) { throw "No module staged in ${moduleDir}: run -Task Build first." }
    $packageDir = Join-Path $out 'package'
    if (Test-Path $packageDir) { Remove-Item $packageDir -Recurse -Force }
    New-Item -ItemType Directory -Path $packageDir | Out-Null
    # Compress-PSResource (PSResourceGet, shipped with pwsh) writes the same .nupkg Publish-PSResource would
    # push, after the same manifest validation, but needs no registered repository: packing never touches
    # the user's repository list and works offline. The folder it writes to is itself a file repository.
    $package = Compress-PSResource -Path $moduleDir -DestinationPath $packageDir -PassThru
    Write-Host "Module package in $($package.FullName)"
}

function Get-PesterModulePath {
    Invoke-Native 'restore of test tools' { dotnet restore (Join-Path $root 'tests/tools/TestTools.csproj') --nologo -v quiet }
    $packages = (dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $path = Join-Path $packages.Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester was not restored to $path." }
    $path
}

function Invoke-Test {
    & (Join-Path $root 'tests/setup/Install-TestPrerequisites.ps1')
    Invoke-Build
    $results = New-Item -ItemType Directory -Path (Join-Path $out 'test-results') -Force
    Get-ChildItem $results -File | Remove-Item -Force

    # Real database servers on 127.0.0.1, private data directories, stopped whatever happens.
    $serverState = Join-Path ([System.IO.Path]::GetTempPath()) "twinspin-servers-$PID.json" # one per run: runs may overlap
    $servers = & (Join-Path $root 'tests/setup/TestServers.ps1') -Action Start -StatePath $serverState
    try {
        foreach ($server in $servers) {
            # TWINSPIN_TEST_POSTGRES, TWINSPIN_TEST_MARIADB, ...
            Set-Item "Env:TWINSPIN_TEST_$($server.Kind.ToUpperInvariant())" $server.ConnectionString
        }
        Invoke-AllTests $results
    }
    finally {
        & (Join-Path $root 'tests/setup/TestServers.ps1') -Action Stop -StatePath $serverState
    }
}

function Invoke-AllTests([string] $results) {
    # xunit: the engine, against real SQLite files and database servers.
    $trx = Join-Path $results 'engine.trx'
    dotnet test (Join-Path $root 'tests/TwinSpin.Engine.Tests') -c $Configuration --no-build --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal'
    $xunitExit = $LASTEXITCODE
    $xunitPassed = 0; $xunitFailed = 0
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
        $xunitPassed = [int]$counters.passed
        $xunitFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    if ($xunitExit -ne 0 -and $xunitFailed -eq 0) { $xunitFailed = 1 } # the runner itself failed

    # Pester: the cmdlets, in a fresh pwsh (a loaded binary module cannot be unloaded).
    $pester = Get-PesterModulePath
    $pesterJson = Join-Path $results 'pester.json'
    # pwsh comes from the local tool manifest, like the one running this script.
    Push-Location $root
    dotnet tool run pwsh -- -NoProfile -NonInteractive -File (Join-Path $root 'tests/Invoke-PesterTests.ps1') `
        -PesterPath $pester -ModulePath (Join-Path $moduleDir 'TwinSpin.psd1') -ResultPath $pesterJson `
        -SampleDataPath (Join-Path $root "tests/TwinSpin.SampleData/bin/$Configuration/net10.0/TwinSpin.SampleData.dll")
    $pesterExit = $LASTEXITCODE
    Pop-Location
    $pesterPassed = 0; $pesterFailed = 0
    if (Test-Path $pesterJson) {
        $counts = Get-Content $pesterJson -Raw | ConvertFrom-Json
        $pesterPassed = [int]$counts.Passed
        $pesterFailed = [int]$counts.Failed
    }
    if ($pesterExit -ne 0 -and $pesterFailed -eq 0) { $pesterFailed = 1 }

    Write-Host "xunit: $xunitPassed passed, $xunitFailed failed; Pester: $pesterPassed passed, $pesterFailed failed"
    $passed = $xunitPassed + $pesterPassed
    $failed = $xunitFailed + $pesterFailed
    if ($passed -eq 0) { $failed = [Math]::Max($failed, 1) } # no test ran is a failure
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $demo = Join-Path $out 'demo'
    Invoke-Native 'sample data generation' {
        dotnet run --project (Join-Path $root 'tests/TwinSpin.SampleData') -c $Configuration --no-build -- `
            --rows $DemoRows --differences 300 --out $demo
    }
    & (Join-Path $root 'tests/demo/Show-Demo.ps1') -ModulePath (Join-Path $moduleDir 'TwinSpin.psd1') -DemoPath $demo
}

function Invoke-Bench {
    Invoke-Build
    $benchDir = Join-Path $root "tests/TwinSpin.Benchmarks/bin/$Configuration/net10.0"
    if ($Micro) {
        if ($Configuration -ne 'Release') { throw 'Micro-benchmarks need -Configuration Release.' }
        $artifacts = Join-Path $out 'bench/micro'
        Push-Location $benchDir
        try {
            Invoke-Native 'micro-benchmarks' { dotnet (Join-Path $benchDir 'TwinSpin.Benchmarks.dll') micro --filter '*' --artifacts $artifacts }
        }
        finally { Pop-Location }
        return
    }
    & (Join-Path $root 'tests/bench/Invoke-Benchmark.ps1') -Root $root -ModulePath (Join-Path $moduleDir 'TwinSpin.psd1') `
        -Configuration $Configuration -Rows $BenchRows -MemoryCheck:$MemoryCheck -SkipPostgres:$SkipPostgres -SkipSqlite:$SkipSqlite `
        -BaselineModulePath $BenchBaseline
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Package' { Invoke-Package }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Clean' {
        if (Test-Path $out) { Remove-Item $out -Recurse -Force }
        Invoke-Native 'dotnet clean' { dotnet clean (Join-Path $root 'TwinSpin.sln') -c $Configuration --nologo -v quiet }
    }
}
