<#
.SYNOPSIS
    What the tests need from the machine, and how to tell whether it is there. Dot-sourced by
    Install-TestPrerequisites.ps1 and by the Pester test of this logic (tests/pester/Setup.Tests.ps1).
#>

# Debian packages the tests need: the sqlite3 shell (an independent writer of test tables), the
# PostgreSQL and MariaDB servers, unixODBC with the psqlODBC and SQLite ODBC drivers, and headless
# Chromium with its WebDriver (the HTML report is checked in a real browser).
$TestPackages = 'sqlite3', 'postgresql', 'mariadb-server', 'unixodbc', 'odbc-postgresql', 'libsqliteodbc', 'chromium', 'chromium-driver'

function Get-MissingDebianPackage {
    <# The names among $Name that dpkg does not report as installed. A package dpkg has never heard
       of prints nothing: that is missing too (a bare '-notmatch' on no output is false). #>
    param([Parameter(Mandatory)] [string[]] $Name)
    foreach ($package in $Name) {
        $status = "$(dpkg-query -W -f '${Status}' $package 2>$null)"
        if ($status -notmatch '\binstall ok installed\b') { $package }
    }
}

function Get-TestPrerequisiteCheck {
    <# One check per thing the tests use, each naming the package that provides it. #>
    @(
        @{ What = 'the sqlite3 shell'; Package = 'sqlite3'; Test = { [bool](Get-Command sqlite3 -ErrorAction SilentlyContinue) } }
        @{ What = 'PostgreSQL server binaries (initdb)'; Package = 'postgresql'; Test = { [bool](Get-ChildItem /usr/lib/postgresql/*/bin/initdb -ErrorAction SilentlyContinue) } }
        @{ What = 'the MariaDB server (mariadbd)'; Package = 'mariadb-server'; Test = { [bool](Get-Command mariadbd -ErrorAction SilentlyContinue) } }
        @{ What = 'the unixODBC driver manager (odbcinst)'; Package = 'unixodbc'; Test = { [bool](Get-Command odbcinst -ErrorAction SilentlyContinue) } }
        @{ What = "the ODBC driver 'PostgreSQL Unicode'"; Package = 'odbc-postgresql'; Test = { Test-OdbcDriver 'PostgreSQL Unicode' } }
        @{ What = "the ODBC driver 'SQLite3'"; Package = 'libsqliteodbc'; Test = { Test-OdbcDriver 'SQLite3' } }
        @{ What = 'the Chromium browser (chromium)'; Package = 'chromium'; Test = { [bool](Get-Command chromium -ErrorAction SilentlyContinue) } }
        @{ What = 'the Chromium WebDriver (chromedriver)'; Package = 'chromium-driver'; Test = { [bool](Get-Command chromedriver -ErrorAction SilentlyContinue) } }
    )
}

function Test-OdbcDriver([string] $Name) {
    if (-not (Get-Command odbcinst -ErrorAction SilentlyContinue)) { return $false }
    @(odbcinst -q -d 2>$null) -contains "[$Name]"
}

function Assert-TestPrerequisite {
    <# Throws one line naming everything still missing, so a run stops at once instead of failing
       a hundred tests with confusing errors. #>
    param([hashtable[]] $Check = (Get-TestPrerequisiteCheck))
    $absent = @($Check | Where-Object { -not (& $_.Test) })
    if ($absent.Count -gt 0) {
        $list = ($absent | ForEach-Object { "$($_.What) (package $($_.Package))" }) -join ', '
        throw "Test prerequisites missing after the install step: $list."
    }
}
