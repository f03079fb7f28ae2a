# Test-TwinSpinSample against planted truth: every difference a sample reports is a planted one, an equal pair reports none
# with the rule-of-three bound, a seed draws the same keys again, on SQLite pairs and on PostgreSQL (page sampling and key
# lookups); bad input gets the stable ErrorIds.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $pair = New-SamplePair -Rows 20000 -Differences 400 -Seed 41
    $source = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $target = New-TwinSpinEndpoint Sqlite "Data Source=$pair/target.db" accounts

    # What a sample may report: the planted differences a source key can show (a row only in the target is never drawn).
    $planted = @(Get-PlantedSet $pair | Where-Object { $_ -notlike 'MissingInSource *' })
    function Get-SampleSet($Result) {
        @($Result.Discrepancies | ForEach-Object { '{0} {1} {2}' -f $_.Type, $_.Key['id'], $_.Columns } | Sort-Object)
    }
}

Describe 'Test-TwinSpinSample on a SQLite pair' {
    It 'reports only planted differences, counted, with a bound above the measured rate' {
        $result = Test-TwinSpinSample $source $target -Size 5000 -Seed 11
        $result.GetType().FullName | Should -Be 'TwinSpin.SampleResult'
        $result.Method | Should -Be 'KeySeek'
        $result.Sampled | Should -Be 5000
        $result.Differences | Should -BeGreaterThan 0
        $result.Discrepancies[0].GetType().FullName | Should -Be 'TwinSpin.Discrepancy'
        Get-SampleSet $result | Where-Object { $_ -notin $planted } | Should -BeNullOrEmpty
        $result.Discrepancies.Type | Should -Not -Contain 'MissingInSource'
        @($result.Discrepancies.Key.id | Select-Object -Unique).Count | Should -Be $result.Differences
        $result.DifferenceRate | Should -Be ($result.Differences / 5000)
        $result.UpperBound | Should -BeGreaterThan $result.DifferenceRate
        "$result" | Should -Match '^\d+ of 5,000 sampled rows differ \(.*%\): the difference rate is below .*% with 95% confidence$'
        # The planted rate among source rows (the generator's 400 differences, minus those only in the target, in 20,000 rows).
        $rate = $planted.Count / 20000
        $result.DifferenceRate | Should -BeGreaterThan ($rate / 2)
        $result.DifferenceRate | Should -BeLessThan ($rate * 2)
    }

    It 'reports no difference in an equal pair, with the bound 1 - (1 - c)^(1/n), about 3/n' {
        $result = Test-TwinSpinSample $source $source -Size 20000 -Seed 1
        $result.Sampled | Should -Be 20000
        $result.Differences | Should -Be 0
        $result.Discrepancies | Should -BeNullOrEmpty
        $result.UpperBound | Should -BeLessThan (3 / 20000)
        $result.UpperBound | Should -BeGreaterThan (2.99 / 20000)
        "$result" | Should -Be 'no difference in 20,000 sampled rows: the difference rate is below 0.015% with 95% confidence'
        $c99 = Test-TwinSpinSample $source $source -Size 1000 -Seed 1 -Confidence 0.99
        $c99.UpperBound | Should -BeLessThan (1 - [math]::Pow(0.01, 1 / 1000) + 1e-9)
        $c99.UpperBound | Should -BeGreaterThan (1 - [math]::Pow(0.01, 1 / 1000) - 1e-9)
    }

    It 'draws the same keys again with the same seed, other keys with another, and shows the random seed it used' {
        $first = Test-TwinSpinSample $source $target -Size 3000 -Seed 5
        $again = Test-TwinSpinSample $source $target -Size 3000 -Seed 5
        $other = Test-TwinSpinSample $source $target -Size 3000 -Seed 6
        Get-SampleSet $again | Should -Be (Get-SampleSet $first)
        (Get-SampleSet $other) -join '|' | Should -Not -Be ((Get-SampleSet $first) -join '|')
        $random = Test-TwinSpinSample $source $target -Size 3000
        $replay = Test-TwinSpinSample $source $target -Size 3000 -Seed $random.Seed
        Get-SampleSet $replay | Should -Be (Get-SampleSet $random)
        $scan = Test-TwinSpinSample $source $target -Size 3000 -Seed 5 -Method KeyScan
        $scan.Method | Should -Be 'KeyScan'
        Get-SampleSet (Test-TwinSpinSample $source $target -Size 3000 -Seed 5 -Method KeyScan) | Should -Be (Get-SampleSet $scan)
        Get-SampleSet $scan | Where-Object { $_ -notin $planted } | Should -BeNullOrEmpty
    }

    It 'takes the column rules and -Where as a job does' {
        $excluded = Test-TwinSpinSample $source $target -Size 5000 -Seed 11 -ExcludeColumn customer, email, balance, credit_limit, opened_at, status, branch, score, notes
        $excluded.Discrepancies.Type | Should -Not -Contain 'ValueMismatch'
        $filtered = Test-TwinSpinSample $source $target -Size 2000 -Seed 3 -Where 'id < 100000'
        $filtered.Discrepancies.Key.id | Where-Object { $_ -ge 100000 } | Should -BeNullOrEmpty
        $filtered.Sampled | Should -BeGreaterThan 0
        $fraction = Test-TwinSpinSample $source $target -Fraction 0.05 -Seed 3
        $fraction.Sampled | Should -Be 1000
    }

    It 'writes progress while sampling' {
        $ps = New-ModuleRunspacePowerShell
        try {
            $null = $ps.AddCommand('Test-TwinSpinSample').AddParameter('Source', $source).AddParameter('Target', $target).AddParameter('Size', 2000)
            $out = $ps.Invoke()
            $out.Count | Should -Be 1
            $ps.Streams.Progress.StatusDescription | Where-Object { $_ -like 'Comparing rows: *' } | Should -Not -BeNullOrEmpty
            $ps.Streams.Progress.StatusDescription | Where-Object { $_ -like 'Drawing keys: *' } | Should -Not -BeNullOrEmpty
        }
        finally { $ps.Dispose() }
    }

    It 'formats as a list that fits 120 columns' {
        $result = Test-TwinSpinSample $source $target -Size 5000 -Seed 11
        $lines = ($result | Format-List | Out-String -Width 120) -split "`r?`n"
        $lines | Where-Object { $_.Length -gt 120 } | Should -BeNullOrEmpty
        $text = $lines -join "`n"
        $text | Should -Match 'Summary\s+: \d+ of 5,000 sampled rows differ'
        $text | Should -Match 'rows only in the target are never sampled'
        $text | Should -Match '\.\.\. \d+ more in \.Discrepancies'
    }
}

Describe 'Test-TwinSpinSample on PostgreSQL' {
    BeforeAll {
        $parts = Connect-TestPostgres
        $database = New-TestPostgresDatabase 'ts_sample'
        Copy-SampleToPostgres $pair $database -Side target
        psql -d $database -q -c 'ANALYZE accounts' | Out-Null
        $password = ConvertTo-SecureString $parts['password'] -AsPlainText -Force
        $credential = [pscredential]::new($parts['username'], $password)
        $pg = New-TwinSpinEndpoint PostgreSql "Host=$($parts['host']);Port=$($parts['port']);Database=$database" public.accounts -Credential $credential
    }

    AfterAll { Remove-TestPostgresDatabase $database }

    It 'samples a SQLite source against its PostgreSQL copy: only planted differences' {
        $result = Test-TwinSpinSample $source $pg -Size 5000 -Seed 2
        $result.Sampled | Should -Be 5000
        $result.Differences | Should -BeGreaterThan 0
        Get-SampleSet $result | Where-Object { $_ -notin $planted } | Should -BeNullOrEmpty
    }

    It 'samples PostgreSQL pages (TABLESAMPLE SYSTEM ... REPEATABLE) reproducibly, reporting only planted differences' {
        # The PostgreSQL copy is the target side of the pair: sampled from it, the planted MissingInSource rows are the ones it can see.
        $reverse = @(Get-PlantedSet $pair | Where-Object { $_ -notlike 'MissingInTarget *' } | ForEach-Object { $_ -replace '^MissingInSource', 'MissingInTarget' })
        $result = Test-TwinSpinSample $pg $source -Size 3000 -Seed 9 -Method TableSample
        $result.Method | Should -Be 'TableSample'
        $result.Sampled | Should -Be 3000
        $result.TableRows | Should -BeGreaterThan 15000
        $result.Differences | Should -BeGreaterThan 0
        Get-SampleSet $result | Where-Object { $_ -notin $reverse } | Should -BeNullOrEmpty
        Get-SampleSet (Test-TwinSpinSample $pg $source -Size 3000 -Seed 9 -Method TableSample) | Should -Be (Get-SampleSet $result)
        (Test-TwinSpinSample $pg $pg -Size 3000 -Seed 9).Differences | Should -Be 0
    }
}

Describe 'Test-TwinSpinSample errors' {
    It 'reports <Case> as <ErrorId>' -ForEach @(
        @{ Case = 'a missing table'; ErrorId = 'TwinSpin.TableNotFound'; Arguments = @{}; Table = 'no_such_table' }
        @{ Case = 'a size of 0'; ErrorId = 'TwinSpin.InvalidArgument'; Arguments = @{ Size = 0 } }
        @{ Case = 'a negative size'; ErrorId = 'TwinSpin.InvalidArgument'; Arguments = @{ Size = -5 } }
        @{ Case = 'a fraction above 1'; ErrorId = 'TwinSpin.InvalidArgument'; Arguments = @{ Fraction = 1.5 } }
        @{ Case = 'a confidence of 1'; ErrorId = 'TwinSpin.InvalidArgument'; Arguments = @{ Confidence = 1 } }
        @{ Case = 'a missing column'; ErrorId = 'TwinSpin.ColumnNotFound'; Arguments = @{ Column = 'no_such_column' } }
        @{ Case = 'TableSample on SQLite'; ErrorId = 'TwinSpin.InvalidArgument'; Arguments = @{ Method = 'TableSample' } }
    ) {
        $arguments = @{ Source = $source; Target = $target } + $Arguments
        if ($Table) { $arguments.Target = New-TwinSpinEndpoint Sqlite "Data Source=$pair/target.db" $Table }
        { Test-TwinSpinSample @arguments -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,TwinSpin.Commands.TestTwinSpinSampleCommand"
    }

    It 'writes nothing to the job store' {
        $store = Join-Path (New-TestDirectory) 'store.db'
        $env:TWINSPIN_STORE = $store
        try { Test-TwinSpinSample $source $target -Size 100 | Out-Null } finally { Remove-Item Env:TWINSPIN_STORE }
        Test-Path $store | Should -BeFalse
    }
}
