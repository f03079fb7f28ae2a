<#
.SYNOPSIS
    Installs what the tests need from Debian's packages when it is missing (the tests run as root
    on Debian machines): the sqlite3 shell, an independent writer of test tables.
#>
$ErrorActionPreference = 'Stop'
$needed = @{ sqlite3 = 'sqlite3' }
$missing = @($needed.Keys | Where-Object { -not (Get-Command $_ -ErrorAction SilentlyContinue) } | ForEach-Object { $needed[$_] })
if ($missing.Count -eq 0) { return }
if (-not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
    throw "Install these packages first: $($missing -join ', ')"
}
Write-Host "Installing $($missing -join ', ') from Debian's packages"
$env:DEBIAN_FRONTEND = 'noninteractive'
apt-get update -qq | Out-Null
apt-get install -y -qq --no-install-recommends @missing | Out-Null
if ($LASTEXITCODE -ne 0) { throw "apt-get install $($missing -join ' ') failed" }
