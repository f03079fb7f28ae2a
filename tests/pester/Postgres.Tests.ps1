BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $admin = $env:TWINSPIN_TEST_POSTGRES
    if (-not $admin) { throw 'TWINSPIN_TEST_POSTGRES is not set: run the tests with ./build.ps1 -Task Test.' }
    $parts = @{}
    foreach ($pair in $admin -split ';') { $k, $v = $pair -split '=', 2; $parts[$k.Trim().ToLowerInvariant()] = $v }
    $env:PGHOST = $parts['host']; $env:PGPORT = $parts['port']; $env:PGUSER = $parts['username']; $env:PGPASSWORD = $parts['password']
    $database = 'ts_pester_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    psql -d postgres -q -c "CREATE DATABASE $database" | Out-Null

    # The sample pair's target goes to PostgreSQL through CSV (sqlite3 out, psql in).
    $pair = New-SamplePair -Rows 8000 -Differences 30 -Seed 17
    $csv = Join-Path $pair 'target.csv'
    'SELECT * FROM accounts;' | sqlite3 -csv (Join-Path $pair 'target.db') | Set-Content $csv
    psql -d $database -q -v ON_ERROR_STOP=1 -c @'
CREATE TABLE accounts (id bigint PRIMARY KEY, customer text NOT NULL, email text, balance double precision NOT NULL,
    credit_limit numeric(12,2), opened_at timestamp(6) NOT NULL, status text NOT NULL, branch bigint NOT NULL,
    score double precision, notes text)
'@ | Out-Null
    psql -d $database -q -v ON_ERROR_STOP=1 -c "\copy accounts FROM '$csv' WITH (FORMAT csv)" | Out-Null

    $password = ConvertTo-SecureString $parts['password'] -AsPlainText -Force
    $credential = [pscredential]::new($parts['username'], $password)
    $pg = New-TwinSpinEndpoint PostgreSql "Host=$($parts['host']);Port=$($parts['port']);Database=$database" public.accounts -Credential $credential
    $sqlite = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $store = Join-Path $pair 'store.db'
}

AfterAll {
    psql -d postgres -q -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" | Out-Null
    psql -d postgres -q -c "DROP DATABASE IF EXISTS ${database}_store WITH (FORCE)" | Out-Null
}

Describe 'A SQLite table against its PostgreSQL copy' {
    It 'finds exactly the planted differences, with either strategy' {
        $job = Start-TwinSpinJob -Source $sqlite -Target $pg -Store $store -PartitionRowThreshold 300
        $job.Status | Should -Be 'Completed'
        Get-FoundSet ($job | Get-TwinSpinDiscrepancy) | Should -Be (Get-PlantedSet $pair)
        $rows = Start-TwinSpinJob -Source $pg -Target $sqlite -Store $store -Strategy Rows
        ($rows | Get-TwinSpinDiscrepancy | Group-Object Type -AsHashTable -AsString).Keys | Sort-Object |
            Should -Be @('MissingInSource', 'MissingInTarget', 'ValueMismatch')
        $rows.DiscrepanciesFound | Should -Be $job.DiscrepanciesFound
    }

    It 'keeps the password out of the endpoint, the job and the store' {
        $pg.ConnectionString | Should -Not -Match ([regex]::Escape($parts['password']))
        $job = Get-TwinSpinJob -Store $store | Select-Object -First 1
        $job.Target | Should -Not -Match ([regex]::Escape($parts['password']))
        [System.IO.File]::ReadAllText($store) | Should -Not -Match ([regex]::Escape($parts['password']))
    }

    It 'reports a wrong password as a connection error without the password' {
        $wrong = [pscredential]::new($parts['username'], (ConvertTo-SecureString 'N0t-The-Password' -AsPlainText -Force))
        $bad = New-TwinSpinEndpoint PostgreSql "Host=$($parts['host']);Port=$($parts['port']);Database=$database" accounts -Credential $wrong
        $err = { Compare-TwinSpinRange $sqlite $bad -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.ConnectionFailed,TwinSpin.Commands.CompareTwinSpinRangeCommand' -PassThru
        $err.Exception.Message | Should -Not -Match 'N0t-The-Password'
    }
}

Describe 'A job store in PostgreSQL' {
    BeforeAll {
        psql -d postgres -q -c "CREATE DATABASE ${database}_store" | Out-Null
        $pgStore = "Host=$($parts['host']);Port=$($parts['port']);Username=$($parts['username']);Password=$($parts['password']);Database=${database}_store"
    }

    It 'holds jobs, partitions and discrepancies like the SQLite store, without the password' {
        $job = Start-TwinSpinJob -Source $sqlite -Target $pg -Store $pgStore -PartitionRowThreshold 300
        $job.Status | Should -Be 'Completed'
        $job.Store | Should -Not -Match ([regex]::Escape($parts['password']))
        Get-FoundSet (Get-TwinSpinDiscrepancy -JobId $job.Id -Store $pgStore) | Should -Be (Get-PlantedSet $pair)
        (Get-TwinSpinPartition -JobId $job.Id -Store $pgStore -Status Mismatched).Count | Should -BeGreaterThan 0
    }

    It 'reconnects piped jobs through $env:TWINSPIN_STORE, though they carry the store without its password' {
        $env:TWINSPIN_STORE = $pgStore
        try {
            $job = Start-TwinSpinJob -Source $sqlite -Target $pg
            Get-FoundSet ($job | Get-TwinSpinDiscrepancy) | Should -Be (Get-PlantedSet $pair)
            ($job | Get-TwinSpinJob).Id | Should -Be $job.Id
            $job | Remove-TwinSpinJob -Confirm:$false
            Get-TwinSpinJob -JobId $job.Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        finally { Remove-Item Env:TWINSPIN_STORE }
    }
}
