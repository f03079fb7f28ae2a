<#
.SYNOPSIS
    Installs what the tests need from Debian's packages when it is missing (the tests run as root on
    Debian machines), then stops with one clear line if anything is still missing.
#>
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Prerequisites.ps1')

$missing = @(Get-MissingDebianPackage -Name $TestPackages)
if ($missing.Count -gt 0) {
    if (-not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        throw "Install these packages first: $($missing -join ', ')"
    }
    Write-Host "Installing $($missing -join ', ') from Debian's packages"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    apt-get update -qq | Out-Null
    apt-get install -y -qq --no-install-recommends @missing | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "apt-get install $($missing -join ' ') failed (exit code $LASTEXITCODE)" }
}
Assert-TestPrerequisite
