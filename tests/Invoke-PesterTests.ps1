<#
.SYNOPSIS
    Runs the Pester tests in tests/pester against the staged module; writes {Passed, Failed} as JSON.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $SampleDataPath
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:TWINSPIN_TEST_MODULE = $ModulePath
$env:TWINSPIN_TEST_SAMPLEDATA = $SampleDataPath
$configuration = New-PesterConfiguration
$configuration.Run.Path = Join-Path $PSScriptRoot 'pester'
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $configuration
# A block or file that failed to run counts as a failure, not as nothing.
@{ Passed = $result.PassedCount; Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount } |
    ConvertTo-Json | Set-Content -Path $ResultPath
if ($result.Result -ne 'Passed') { exit 1 }
