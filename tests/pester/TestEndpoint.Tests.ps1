BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $dir = New-TestDirectory
    $db = Join-Path $dir 'a.db'
    Invoke-Sqlite $db @'
CREATE TABLE t (id INTEGER PRIMARY KEY, amount DECIMAL(12,2), at TIMESTAMP, note TEXT);
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 300)
INSERT INTO t SELECT n, n / 100.0, '2024-01-01 00:00:00.000001', 'row ' || n FROM c;
CREATE TABLE loose (k INTEGER, v TEXT);
INSERT INTO loose VALUES (1, 'a'), (2, 'b'), (2, 'c');
ANALYZE;
'@
    $good = New-TwinSpinEndpoint Sqlite "Data Source=$db" t
}

Describe 'Test-TwinSpinEndpoint' {
    It 'passes every check on a sound SQLite table and reports its statistics' {
        $test = Test-TwinSpinEndpoint $good -SampleRows 20 -ErrorVariable errors
        $errors | Should -BeNullOrEmpty
        $test.PSObject.TypeNames[0] | Should -Be 'TwinSpin.EndpointTest'
        $test.Passed | Should -BeTrue
        $test.Problems | Should -BeNullOrEmpty
        $test.Connected | Should -BeTrue
        $test.TableFound | Should -BeTrue
        $test.Columns | Should -Be @('id', 'amount', 'at', 'note')
        $test.KeyColumns | Should -Be @('id')
        $test.KeyUnique | Should -BeTrue
        $test.KeyUniqueDeclared | Should -BeTrue
        $test.NullKeys | Should -Be 0
        $test.HashContract | Should -Be 'Passed'
        $test.SampledRows | Should -Be 20
        $test.RowEstimate | Should -Be 300
        ($test | Out-String) | Should -Match 'HashContract\s+: Passed'
    }

    It 'reports a missing table as a property and a problem, not an error' {
        $test = New-TwinSpinEndpoint Sqlite "Data Source=$db" nope | Test-TwinSpinEndpoint -ErrorVariable errors
        $errors | Should -BeNullOrEmpty
        $test.Connected | Should -BeTrue
        $test.TableFound | Should -BeFalse
        $test.HashContract | Should -Be 'NotChecked'
        $test.Passed | Should -BeFalse
        @($test.Problems).Count | Should -Be 1
        $test.Problems[0] | Should -Match "Table 'nope' does not exist"
    }

    It 'reports a key that is not unique on the sample' {
        $test = Test-TwinSpinEndpoint (New-TwinSpinEndpoint Sqlite "Data Source=$db" loose) -KeyColumn k -ErrorVariable errors
        $errors | Should -BeNullOrEmpty
        $test.KeyUnique | Should -BeFalse
        $test.KeyUniqueDeclared | Should -BeFalse
        $test.NullKeys | Should -Be 0
        $test.HashContract | Should -Be 'Passed'
        $test.Problems | Should -HaveCount 1
        $test.Problems[0] | Should -Match 'not unique.*k=2'
    }

    It 'reports a table without a key to use as a problem naming -KeyColumn' {
        $test = Test-TwinSpinEndpoint (New-TwinSpinEndpoint Sqlite "Data Source=$db" loose)
        $test.TableFound | Should -BeTrue
        $test.KeyColumns | Should -BeNullOrEmpty
        $test.Problems[0] | Should -Match '-KeyColumn'
    }

    It 'reports a dead connection as a property and a problem, without the password' {
        $dead = New-TwinSpinEndpoint PostgreSql 'Host=127.0.0.1;Port=1;Database=none;Username=x;Password=D3ad-Secret;Timeout=3' t
        $test = Test-TwinSpinEndpoint $dead -ErrorVariable errors
        $errors | Should -BeNullOrEmpty
        $test.Connected | Should -BeFalse
        $test.TableFound | Should -BeFalse
        $test.RowEstimate | Should -BeNullOrEmpty
        $test.Problems | Should -HaveCount 1
        $test.Problems[0] | Should -Match '^Cannot connect'
        $test.Problems[0] | Should -Not -Match 'D3ad-Secret'
    }

    It 'rejects an invalid sample size as a parameter error' {
        { Test-TwinSpinEndpoint $good -SampleRows 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,TwinSpin.Commands.TestTwinSpinEndpointCommand'
    }
}

Describe 'The warnings of a job' {
    It 'are on the job object Start-TwinSpinJob writes and on the one read back' {
        $other = Join-Path $dir 'b.db'
        Invoke-Sqlite $other 'CREATE TABLE t (id INTEGER PRIMARY KEY, amount DECIMAL(12,2), at TIMESTAMP); INSERT INTO t VALUES (1, 0.01, NULL);'
        $store = Join-Path $dir 'store.db'
        $job = Start-TwinSpinJob $good (New-TwinSpinEndpoint Sqlite "Data Source=$other" t) -Store $store -WarningVariable warned -WarningAction SilentlyContinue
        $job.Status | Should -Be 'Completed'
        $job.Strategy | Should -Be 'Checksum'
        $job.Warnings | Should -Be @("Column 'note' exists only in the source and is not compared.")
        @($warned).Count | Should -Be 1
        (Get-TwinSpinJob -JobId $job.Id -Store $store).Warnings | Should -Be $job.Warnings
        $clean = Start-TwinSpinJob $good $good -Store $store
        $clean.Warnings | Should -BeNullOrEmpty
        $clean.Warnings.GetType().Name | Should -Be 'String[]'
    }
}
