BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $parts = Connect-TestPostgres
    $database = New-TestPostgresDatabase
    $pair = New-SamplePair -Rows 8000 -Differences 30 -Seed 29
    Copy-SampleToPostgres $pair $database

    $password = ConvertTo-SecureString $parts['password'] -AsPlainText -Force
    $credential = [pscredential]::new($parts['username'], $password)
    $pg = New-TwinSpinEndpoint PostgreSql "Host=$($parts['host']);Port=$($parts['port']);Database=$database" public.accounts -Credential $credential
    $sqlite = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $store = Join-Path $pair 'store.db'
}

AfterAll {
    Remove-TestPostgresDatabase $database
    Remove-TestPostgresDatabase "${database}_store"
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
