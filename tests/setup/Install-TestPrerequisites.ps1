<#
.SYNOPSIS
    Installs what the tests need from Debian's packages when it is missing (the tests run as root
    on Debian machines): the sqlite3 shell (an independent writer of test tables) and the
    PostgreSQL server.
#>
$ErrorActionPreference = 'Stop'
# package -> how to tell it is there
$needed = [ordered]@{
    sqlite3    = { Get-Command sqlite3 -ErrorAction SilentlyContinue }
    postgresql = { Get-ChildItem /usr/lib/postgresql/*/bin/initdb -ErrorAction SilentlyContinue }
}
$missing = @($needed.Keys | Where-Object { -not (& $needed[$_]) })
if ($missing.Count -eq 0) { return }
if (-not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
    throw "Install these packages first: $($missing -join ', ')"
}
Write-Host "Installing $($missing -join ', ') from Debian's packages"
$env:DEBIAN_FRONTEND = 'noninteractive'
apt-get update -qq | Out-Null
apt-get install -y -qq --no-install-recommends @missing | Out-Null
if ($LASTEXITCODE -ne 0) { throw "apt-get install $($missing -join ' ') failed" }
