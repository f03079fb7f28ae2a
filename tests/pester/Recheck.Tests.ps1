# Start-TwinSpinJob -Recheck: rows in flight. A writer process (psql) delivers some of the planted differences to
# the PostgreSQL target while and shortly after the job runs, as replication would; after -RecheckDelay the job reads
# its discrepancies again, and exactly the planted differences that were not delivered remain.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $parts = Connect-TestPostgres
    $credential = [pscredential]::new($parts['username'], (ConvertTo-SecureString $parts['password'] -AsPlainText -Force))
    $pair = New-SamplePair -Rows 20000 -Differences 60 -Seed 81
    $planted = Get-Content (Join-Path $pair 'planted.json') -Raw | ConvertFrom-Json
    $sourceDatabase = New-TestPostgresDatabase 'ts_recheck'
    $targetDatabase = New-TestPostgresDatabase 'ts_recheck'
    Copy-SampleToPostgres $pair $sourceDatabase source
    Copy-SampleToPostgres $pair $targetDatabase target
    $location = "Host=$($parts['host']);Port=$($parts['port'])"
    $src = New-TwinSpinEndpoint PostgreSql "$location;Database=$sourceDatabase" public.accounts -Credential $credential
    $tgt = New-TwinSpinEndpoint PostgreSql "$location;Database=$targetDatabase" public.accounts -Credential $credential
    $store = Join-Path $pair 'store.db'

    # In flight: every other planted difference of each kind, text columns only for changed values (sqlite3's quote()
    # writes text exactly). The writer makes the target hold the source's row for each.
    $textColumns = 'customer', 'email', 'status', 'notes'
    $inFlight = @($planted | Where-Object { $_.type -ne 'ValueMismatch' -or $_.column -in $textColumns } |
        Group-Object type | ForEach-Object { $_.Group | Select-Object -Index (0..($_.Count - 1) | Where-Object { $_ % 2 -eq 0 }) })
    $statements = foreach ($d in $inFlight) {
        switch ($d.type) {
            'MissingInSource' { "DELETE FROM accounts WHERE id = $($d.id);" }
            'MissingInTarget' { ".mode insert accounts`nSELECT * FROM accounts WHERE id = $($d.id);" | sqlite3 (Join-Path $pair 'source.db') }
            'ValueMismatch' {
                "SELECT 'UPDATE accounts SET $($d.column) = ' || quote($($d.column)) || ' WHERE id = $($d.id);' FROM accounts WHERE id = $($d.id);" |
                    sqlite3 (Join-Path $pair 'source.db')
            }
        }
    }
    $writer = Join-Path $pair 'writer.sql'
    # A moment into the run, then one change every 20 ms: during the run and after it.
    @('SELECT pg_sleep(0.3);') + @($statements | ForEach-Object { $_; 'SELECT pg_sleep(0.02);' }) | Set-Content $writer
    $expectedStanding = @($planted | Where-Object { $_ -notin $inFlight } | ForEach-Object { '{0} {1} {2}' -f $_.type, $_.id, $_.column } | Sort-Object)
    $inFlightSet = @($inFlight | ForEach-Object { '{0} {1} {2}' -f $_.type, $_.id, $_.column })
}

AfterAll {
    Remove-TestPostgresDatabase $sourceDatabase
    Remove-TestPostgresDatabase $targetDatabase
}

Describe 'Start-TwinSpinJob -Recheck' {
    It 'keeps exactly the differences replication did not deliver; the delivered ones it found are marked resolved' {
        $inFlight.Count | Should -BeGreaterThan 10
        $psql = Start-Process psql -ArgumentList '-d', $targetDatabase, '-q', '-v', 'ON_ERROR_STOP=1', '-f', $writer -PassThru -NoNewWindow
        $job = Start-TwinSpinJob $src $tgt -Store $store -Recheck -RecheckDelay 4 -PartitionRowThreshold 500
        $psql.WaitForExit(30000) | Should -BeTrue
        $psql.ExitCode | Should -Be 0

        $job.Status | Should -Be 'Completed'
        $standing = @($job | Get-TwinSpinDiscrepancy)
        Get-FoundSet $standing | Should -Be $expectedStanding
        $job.DiscrepanciesFound | Should -Be $expectedStanding.Count

        $all = @($job | Get-TwinSpinDiscrepancy -IncludeResolved)
        $resolved = @($all | Where-Object { $null -ne $_.ResolvedAt })
        $job.ResolvedInFlight | Should -Be $resolved.Count
        @(Get-FoundSet $resolved | Where-Object { $_ -notin $inFlightSet }) | Should -BeNullOrEmpty -Because 'only delivered rows are resolved'
        $resolved | ForEach-Object { $_.ResolvedAt | Should -BeGreaterThan $job.StartedAt }
        (Get-TwinSpinJob $job.Id -Store $store).ResolvedInFlight | Should -Be $resolved.Count
    }

    It 'marks exactly the delivered rows resolved when they arrive after the run, before the recheck' {
        $fresh = New-TestPostgresDatabase 'ts_recheck'
        try {
            Copy-SampleToPostgres $pair $fresh target
            $target = New-TwinSpinEndpoint PostgreSql "$location;Database=$fresh" public.accounts -Credential $credential
            $background = Start-TwinSpinJob $src $target -Store $store -Name 'delivered late' -Recheck -RecheckDelay 8 -AsJob
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            do { Start-Sleep -Milliseconds 100; $stored = Get-TwinSpinJob -Store $store -Name 'delivered late' }
            until (($stored -and $stored.DiscrepanciesFound -eq $planted.Count -and $stored.PercentComplete -ge 100) -or [DateTime]::UtcNow -gt $deadline)
            $stored.DiscrepanciesFound | Should -Be $planted.Count -Because 'the run has found every planted difference before the writer starts'
            psql -d $fresh -q -v ON_ERROR_STOP=1 -f $writer | Out-Null
            $LASTEXITCODE | Should -Be 0
            $job = $background | Wait-Job -Timeout 60 | Receive-Job
            $job.Status | Should -Be 'Completed'
            Get-FoundSet ($job | Get-TwinSpinDiscrepancy) | Should -Be $expectedStanding
            $resolved = @($job | Get-TwinSpinDiscrepancy -IncludeResolved | Where-Object { $null -ne $_.ResolvedAt })
            Get-FoundSet $resolved | Should -Be @($inFlightSet | Sort-Object)
            $job.ResolvedInFlight | Should -Be $inFlight.Count
        }
        finally { Remove-TestPostgresDatabase $fresh }
    }

    It 'resolves nothing when nothing is in flight, and counts as a run without -Recheck does' {
        $sqlitePair = New-SamplePair -Rows 3000 -Differences 20 -Seed 82
        $s = New-TwinSpinEndpoint Sqlite "Data Source=$sqlitePair/source.db" accounts
        $t = New-TwinSpinEndpoint Sqlite "Data Source=$sqlitePair/target.db" accounts
        $plain = Start-TwinSpinJob $s $t -Store $store
        $rechecked = Start-TwinSpinJob $s $t -Store $store -Recheck -RecheckDelay 0 -RecheckCount 2
        $rechecked.ResolvedInFlight | Should -Be 0
        $rechecked.DiscrepanciesFound | Should -Be $plain.DiscrepanciesFound
        Get-FoundSet ($rechecked | Get-TwinSpinDiscrepancy) | Should -Be (Get-PlantedSet $sqlitePair)
    }

    It 'stops during the recheck delay as Cancelled, every discrepancy kept' {
        $sqlitePair = New-SamplePair -Rows 3000 -Differences 20 -Seed 83
        $s = New-TwinSpinEndpoint Sqlite "Data Source=$sqlitePair/source.db" accounts
        $t = New-TwinSpinEndpoint Sqlite "Data Source=$sqlitePair/target.db" accounts
        $background = Start-TwinSpinJob $s $t -Store $store -Name 'recheck stop' -Recheck -RecheckDelay 600 -AsJob
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        do { Start-Sleep -Milliseconds 100; $stored = Get-TwinSpinJob -Store $store -Name 'recheck stop' }
        until (($stored -and $stored.DiscrepanciesFound -eq 20) -or [DateTime]::UtcNow -gt $deadline)
        Stop-TwinSpinJob -Id $stored.Id -Store $store
        $result = $background | Wait-Job -Timeout 30 | Receive-Job -WarningAction SilentlyContinue
        $result.Status | Should -Be 'Cancelled'
        Get-FoundSet ($result | Get-TwinSpinDiscrepancy) | Should -Be (Get-PlantedSet $sqlitePair)
    }
}
