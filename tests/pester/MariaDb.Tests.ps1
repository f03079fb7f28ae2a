BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $admin = $env:TWINSPIN_TEST_MARIADB
    if (-not $admin) { throw 'TWINSPIN_TEST_MARIADB is not set: run the tests with ./build.ps1 -Task Test.' }
    $parts = @{}
    foreach ($pair in $admin -split ';') { $k, $v = $pair -split '=', 2; $parts[$k.Trim().ToLowerInvariant()] = $v }
    # The client reads the password from the environment, never from its command line.
    $env:MYSQL_PWD = $parts['password']
    $client = @('--no-defaults', '--default-character-set=utf8mb4', '-h', $parts['server'], '-P', $parts['port'], '-u', $parts['user id'])
    function Invoke-MariaDb([string] $Sql, [string] $Database) {
        $arguments = $client + @(if ($Database) { '-D', $Database })
        $Sql | mariadb @arguments
        if ($LASTEXITCODE -ne 0) { throw 'mariadb failed' }
    }

    $database = 'ts_pester_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    Invoke-MariaDb "CREATE DATABASE $database CHARACTER SET utf8mb4"

    # The sample pair's target goes to MariaDB as INSERT statements (sqlite3 out, the mariadb client in):
    # REAL values keep all their digits that way. The server's own time zone is not UTC, so the
    # TIMESTAMP column is written in a UTC session, as the source's text means it.
    $pair = New-SamplePair -Rows 8000 -Differences 30 -Seed 17
    $inserts = ".mode insert accounts`nSELECT * FROM accounts;" | sqlite3 (Join-Path $pair 'target.db')
    $load = @(
        "SET time_zone = '+00:00';"
        "SET sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES');"
        @'
CREATE TABLE accounts (id BIGINT PRIMARY KEY, customer VARCHAR(200) NOT NULL, email VARCHAR(200), balance DOUBLE NOT NULL,
    credit_limit DECIMAL(12,2), opened_at TIMESTAMP(6) NOT NULL, status VARCHAR(20) NOT NULL, branch BIGINT NOT NULL,
    score DOUBLE, notes TEXT);
'@
        'START TRANSACTION;'
        $inserts
        'COMMIT;'
    ) -join "`n"
    Invoke-MariaDb $load $database

    $password = ConvertTo-SecureString $parts['password'] -AsPlainText -Force
    $credential = [pscredential]::new($parts['user id'], $password)
    $location = "Server=$($parts['server']);Port=$($parts['port']);Database=$database"
    $mariadb = New-TwinSpinEndpoint MariaDb $location ACCOUNTS -Credential $credential
    $sqlite = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $store = Join-Path $pair 'store.db'
}

AfterAll {
    Invoke-MariaDb "DROP DATABASE IF EXISTS $database"
    Remove-Item Env:MYSQL_PWD -ErrorAction SilentlyContinue
}

Describe 'A SQLite table against its MariaDB copy' {
    It 'finds exactly the planted differences, with either strategy' {
        $job = Start-TwinSpinJob -Source $sqlite -Target $mariadb -Store $store -PartitionRowThreshold 300
        $job.Status | Should -Be 'Completed'
        Get-FoundSet ($job | Get-TwinSpinDiscrepancy) | Should -Be (Get-PlantedSet $pair)
        $rows = Start-TwinSpinJob -Source $mariadb -Target $sqlite -Store $store -Strategy Rows -PartitionRowThreshold 500
        $rows.Status | Should -Be 'Completed'
        ($rows | Get-TwinSpinDiscrepancy | Group-Object Type -AsHashTable -AsString).Keys | Sort-Object |
            Should -Be @('MissingInSource', 'MissingInTarget', 'ValueMismatch')
        $rows.DiscrepanciesFound | Should -Be $job.DiscrepanciesFound
    }

    It 'keeps the password out of the endpoint, the job and the store' {
        $mariadb.ConnectionString | Should -Not -Match ([regex]::Escape($parts['password']))
        $job = Get-TwinSpinJob -Store $store | Select-Object -First 1
        $job.Target | Should -Not -Match ([regex]::Escape($parts['password']))
        [System.IO.File]::ReadAllText($store) | Should -Not -Match ([regex]::Escape($parts['password']))
    }

    It 'reports a wrong password as a connection error without the password' {
        $wrong = [pscredential]::new($parts['user id'], (ConvertTo-SecureString 'N0t-The-Password' -AsPlainText -Force))
        $bad = New-TwinSpinEndpoint MariaDb $location accounts -Credential $wrong
        $err = { Compare-TwinSpinRange $sqlite $bad -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.ConnectionFailed,TwinSpin.Commands.CompareTwinSpinRangeCommand' -PassThru
        $err.Exception.Message | Should -Not -Match 'N0t-The-Password'
    }
}
