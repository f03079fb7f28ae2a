BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $admin = $env:TWINSPIN_TEST_POSTGRES
    if (-not $admin) { throw 'TWINSPIN_TEST_POSTGRES is not set: run the tests with ./build.ps1 -Task Test.' }
    $parts = @{}
    foreach ($pair in $admin -split ';') { $k, $v = $pair -split '=', 2; $parts[$k.Trim().ToLowerInvariant()] = $v }
    $env:PGHOST = $parts['host']; $env:PGPORT = $parts['port']; $env:PGUSER = $parts['username']; $env:PGPASSWORD = $parts['password']
    $database = 'ts_odbc_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    psql -d postgres -q -c "CREATE DATABASE $database" | Out-Null

    # The sample pair's target goes to PostgreSQL through CSV (sqlite3 out, psql in). The sqlite3 shell
    # prints doubles rounded to 15 digits, not always correctly: this pair (Postgres.Tests.ps1's) has no
    # double that the CSV changes.
    $pair = New-SamplePair -Rows 8000 -Differences 30 -Seed 17
    $csv = Join-Path $pair 'target.csv'
    'SELECT * FROM accounts;' | sqlite3 -csv (Join-Path $pair 'target.db') | Set-Content $csv
    psql -d $database -q -v ON_ERROR_STOP=1 -c @'
CREATE TABLE accounts (id bigint PRIMARY KEY, customer text NOT NULL, email text, balance double precision NOT NULL,
    credit_limit numeric(12,2), opened_at timestamp(6) NOT NULL, status text NOT NULL, branch bigint NOT NULL,
    score double precision, notes text)
'@ | Out-Null
    psql -d $database -q -v ON_ERROR_STOP=1 -c "\copy accounts FROM '$csv' WITH (FORMAT csv)" | Out-Null

    # Debian's psqlODBC and SQLite ODBC drivers, registered with unixODBC under these names.
    $odbcPg = New-TwinSpinEndpoint Odbc "Driver={PostgreSQL Unicode};Server=$($parts['host']);Port=$($parts['port']);Database=$database;Uid=$($parts['username']);Pwd=$($parts['password'])" public.accounts
    $odbcSqlite = New-TwinSpinEndpoint Odbc "Driver={SQLite3};Database=$pair/target.db" accounts
    $sqlite = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $store = Join-Path $pair 'store.db'
}

AfterAll {
    psql -d postgres -q -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" | Out-Null
}

Describe 'Odbc endpoints' {
    It 'finds exactly the planted differences in PostgreSQL through psqlODBC, dialect detected' {
        $job = Start-TwinSpinJob -Source $sqlite -Target $odbcPg -Store $store -PartitionRowThreshold 300 -WarningVariable warnings
        $job.Status | Should -Be 'Completed'
        $warnings | Should -BeNullOrEmpty
        Get-FoundSet ($job | Get-TwinSpinDiscrepancy) | Should -Be (Get-PlantedSet $pair)
    }

    It 'falls back to fetching rows through the SQLite ODBC driver, says so, and still finds every difference' {
        $job = Start-TwinSpinJob -Source $sqlite -Target $odbcSqlite -Store $store -PartitionRowThreshold 300 -WarningVariable warnings
        $job.Status | Should -Be 'Completed'
        "$warnings" | Should -Match 'ODBC/SQLite\) cannot compute checksums in SQL'
        Get-FoundSet ($job | Get-TwinSpinDiscrepancy) | Should -Be (Get-PlantedSet $pair)
    }

    It 'keeps the password out of the endpoint and the store' {
        $odbcPg.ConnectionString | Should -Not -Match ([regex]::Escape($parts['password']))
        [System.IO.File]::ReadAllText($store) | Should -Not -Match ([regex]::Escape($parts['password']))
    }

    It 'reports a driver that is not installed as a connection error' {
        $missing = New-TwinSpinEndpoint Odbc 'Driver={TwinSpin No Such Driver};Database=x' accounts
        { Compare-TwinSpinRange $sqlite $missing -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.ConnectionFailed,TwinSpin.Commands.CompareTwinSpinRangeCommand'
    }
}
