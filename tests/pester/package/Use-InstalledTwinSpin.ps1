<#
.SYNOPSIS
    Package.Tests.ps1, in a child pwsh with the installing HOME: imports TwinSpin by name, as a user
    would after installing it, and reconciles the sample pair in -Pair. Writes what the test checks as
    JSON to -ResultPath: where the module came from, its exports, the about topic and the discrepancies.
#>
param(
    [Parameter(Mandatory)] [string] $Pair,
    [Parameter(Mandatory)] [string] $Store,
    [Parameter(Mandatory)] [string] $ResultPath
)

$ErrorActionPreference = 'Stop'
Import-Module TwinSpin
$module = Get-Module TwinSpin
$source = New-TwinSpinEndpoint Sqlite "Data Source=$Pair/source.db" accounts
$target = New-TwinSpinEndpoint Sqlite "Data Source=$Pair/target.db" accounts
$job = Start-TwinSpinJob $source $target -Store $Store -ProgressAction SilentlyContinue
@{
    ModuleBase    = $module.ModuleBase
    Commands      = @((Get-Command -Module TwinSpin).Name)
    About         = Get-Help about_TwinSpin | Out-String
    Status        = [string]$job.Status
    Discrepancies = @($job | Get-TwinSpinDiscrepancy | ForEach-Object {
            [pscustomobject]@{ Type = [string]$_.Type; Id = $_.Key['id']; Columns = $_.Columns }
        })
} | ConvertTo-Json -Depth 4 | Set-Content -Path $ResultPath
