# Shared by the Pester tests: dot-source in BeforeAll.
Import-Module $env:TWINSPIN_TEST_MODULE -Force

function New-TestDirectory {
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ("twinspin-pester-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $path | Out-Null
    $path
}

# Runs SQL on a SQLite file with the sqlite3 command-line shell (an independent writer of the test data).
function Invoke-Sqlite {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Sql)
    $Sql | sqlite3 -bail $Path
    if ($LASTEXITCODE -ne 0) { throw "sqlite3 failed on $Path" }
}

# A sample pair with planted differences (tests/TwinSpin.SampleData); returns the folder.
function New-SamplePair {
    param([int] $Rows = 20000, [int] $Differences = 60, [int] $Seed = 7)
    $dir = New-TestDirectory
    dotnet $env:TWINSPIN_TEST_SAMPLEDATA --rows $Rows --differences $Differences --out $dir --seed $Seed | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'sample data generation failed' }
    $dir
}

function Get-PlantedSet([string] $Dir) {
    Get-Content (Join-Path $Dir 'planted.json') -Raw | ConvertFrom-Json |
        ForEach-Object { '{0} {1} {2}' -f $_.type, $_.id, $_.column } | Sort-Object
}

function Get-FoundSet($Discrepancies) {
    # A job stopped early may have found nothing: piping $null would run the block once on $null.
    @($Discrepancies | Where-Object { $null -ne $_ } | ForEach-Object { '{0} {1} {2}' -f $_.Type, $_.Key['id'], $_.Columns } | Sort-Object)
}

# A new runspace with the module imported: for progress records and for a second "session".
function New-ModuleRunspacePowerShell {
    $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
    $iss.ImportPSModule($env:TWINSPIN_TEST_MODULE)
    $iss.ThrowOnRunspaceOpenError = $true
    [powershell]::Create($iss)
}

function Get-NuGetPackagesRoot {
    ((dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
}

# pwsh of this session, to start another process (the local tool has a pwsh apphost in $PSHOME).
function Get-PwshPath {
    if (Test-Path "$PSHOME/pwsh") { "$PSHOME/pwsh" } elseif (Test-Path "$PSHOME/pwsh.exe") { "$PSHOME/pwsh.exe" } else { 'pwsh' }
}

# The test PostgreSQL server (TWINSPIN_TEST_POSTGRES): sets PG* variables for psql, returns the
# connection string's parts (host, port, username, password).
function Connect-TestPostgres {
    $admin = $env:TWINSPIN_TEST_POSTGRES
    if (-not $admin) { throw 'TWINSPIN_TEST_POSTGRES is not set: run the tests with ./build.ps1 -Task Test.' }
    $parts = @{}
    foreach ($pair in $admin -split ';') { $k, $v = $pair -split '=', 2; $parts[$k.Trim().ToLowerInvariant()] = $v }
    $env:PGHOST = $parts['host']; $env:PGPORT = $parts['port']; $env:PGUSER = $parts['username']; $env:PGPASSWORD = $parts['password']
    $parts
}

function New-TestPostgresDatabase([string] $Prefix = 'ts_pester') {
    $name = $Prefix + '_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    psql -d postgres -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $name" | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "Cannot create database $name" }
    $name
}

function Remove-TestPostgresDatabase([string] $Name) {
    psql -d postgres -q -c "DROP DATABASE IF EXISTS $Name WITH (FORCE)" | Out-Null
}

# Copies one side of a sample pair (its accounts table) into a PostgreSQL database, value for value
# (the generator's binary COPY: no text round trip can round a double).
function Copy-SampleToPostgres([string] $Pair, [string] $Database, [ValidateSet('source', 'target')] [string] $Side = 'target') {
    $connectionString = ($env:TWINSPIN_TEST_POSTGRES -replace '(?i)(^|;)\s*Database=[^;]*', '') + ";Database=$Database"
    dotnet $env:TWINSPIN_TEST_SAMPLEDATA copy-to-postgres (Join-Path $Pair "$Side.db") $connectionString | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "Cannot copy the $Side of $Pair into $Database" }
}
