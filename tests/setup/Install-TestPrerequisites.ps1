<#
.SYNOPSIS
    Installs what the tests need from Debian's packages when it is missing (the tests run as root
    on Debian machines): the sqlite3 shell (an independent writer of test tables), the PostgreSQL
    and MariaDB servers, unixODBC with the psqlODBC and SQLite ODBC drivers.
#>
$ErrorActionPreference = 'Stop'
$needed = 'sqlite3', 'postgresql', 'mariadb-server', 'unixodbc', 'odbc-postgresql', 'libsqliteodbc'
$missing = @($needed | Where-Object { (dpkg-query -W -f '${Status}' $_ 2>$null) -notmatch 'install ok installed' })
if ($missing.Count -eq 0) { return }
if (-not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
    throw "Install these packages first: $($missing -join ', ')"
}
Write-Host "Installing $($missing -join ', ') from Debian's packages"
$env:DEBIAN_FRONTEND = 'noninteractive'
apt-get update -qq | Out-Null
apt-get install -y -qq --no-install-recommends @missing | Out-Null
if ($LASTEXITCODE -ne 0) { throw "apt-get install $($missing -join ' ') failed" }
