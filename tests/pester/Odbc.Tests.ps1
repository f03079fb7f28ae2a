BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $parts = Connect-TestPostgres
    $database = New-TestPostgresDatabase 'ts_odbc'
    $pair = New-SamplePair -Rows 8000 -Differences 30 -Seed 23
    Copy-SampleToPostgres $pair $database

    # Debian's psqlODBC and SQLite ODBC drivers, registered with unixODBC under these names.
    $odbcPg = New-TwinSpinEndpoint Odbc "Driver={PostgreSQL Unicode};Server=$($parts['host']);Port=$($parts['port']);Database=$database;Uid=$($parts['username']);Pwd=$($parts['password'])" public.accounts
    $odbcSqlite = New-TwinSpinEndpoint Odbc "Driver={SQLite3};Database=$pair/target.db" accounts
    $sqlite = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $store = Join-Path $pair 'store.db'
}

AfterAll {
    Remove-TestPostgresDatabase $database
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
