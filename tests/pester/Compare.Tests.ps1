BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $pair = New-SamplePair -Rows 10000 -Differences 45 -Seed 11
    $store = Join-Path $pair 'store.db'
    $src = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $tgt = New-TwinSpinEndpoint Sqlite "Data Source=$pair/target.db" accounts
    $planted = Get-Content (Join-Path $pair 'planted.json') -Raw | ConvertFrom-Json
}

Describe 'Compare-TwinSpinRange' {
    It 'writes the discrepancies of [From, To) to the pipeline without a store' {
        $ids = $planted.id | Sort-Object
        $from = $ids[5]; $to = $ids[30]
        $expected = $planted | Where-Object { $_.id -ge $from -and $_.id -lt $to } |
            ForEach-Object { '{0} {1} {2}' -f $_.type, $_.id, $_.column } | Sort-Object
        $found = Compare-TwinSpinRange -Source $src -Target $tgt -KeyColumn id -From $from -To $to -PartitionRowThreshold 100
        $found[0].PSObject.TypeNames[0] | Should -Be 'TwinSpin.Discrepancy'
        Get-FoundSet $found | Should -Be $expected
        Test-Path $store | Should -BeFalse
    }

    It 'compares the whole table when no bounds are given' {
        Get-FoundSet (Compare-TwinSpinRange $src $tgt) | Should -Be (Get-PlantedSet $pair)
    }

    It 're-checks partitions piped from a stored job, using the job''s tables' {
        $job = Start-TwinSpinJob $src $tgt -Store $store -PartitionRowThreshold 300
        $rechecked = $job | Get-TwinSpinPartition -Status Mismatched | Compare-TwinSpinRange
        Get-FoundSet $rechecked | Should -Be (Get-FoundSet ($job | Get-TwinSpinDiscrepancy))
        $rechecked | ForEach-Object { $_.JobId | Should -Be $job.Id; $_.PartitionId | Should -Not -BeNullOrEmpty }
    }

    It 'finds the same with the portable hash, with the engine''s own choices and with a wide explicit fan-out' {
        $planted = Get-PlantedSet $pair
        Get-FoundSet (Compare-TwinSpinRange $src $tgt -PortableHash) | Should -Be $planted
        Get-FoundSet (Compare-TwinSpinRange $src $tgt -FanOut 4096 -PartitionRowThreshold 50) | Should -Be $planted
        Get-FoundSet (Compare-TwinSpinRange $src $tgt -Strategy Rows) | Should -Be $planted
    }

    It 'finds nothing in a range where the tables agree' {
        $clean = $planted.id | Sort-Object | Select-Object -First 1
        Compare-TwinSpinRange $src $tgt -To $clean | Should -BeNullOrEmpty
    }
}

Describe 'Comparison options' {
    BeforeAll {
        $dir = New-TestDirectory
        Invoke-Sqlite (Join-Path $dir 'a.db') @'
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, code TEXT, note TEXT, price REAL, label TEXT);
INSERT INTO t VALUES (1, 'Alice', 'A1', 'x', 1.0, 'l1'), (2, 'bob', ' B2 ', '', 2.0, 'l2'), (3, 'Carol', 'C3', 'y', 3.0, 'l3');
'@
        Invoke-Sqlite (Join-Path $dir 'b.db') @'
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, code TEXT, note TEXT, price REAL, title TEXT);
INSERT INTO t VALUES (1, 'ALICE', 'A1', 'x', 1.0004, 'l1'), (2, 'BOB', 'B2', NULL, 2.0, 'l2'), (3, 'Carol', 'C3', 'y', 3.5, 'changed');
'@
        $a = New-TwinSpinEndpoint Sqlite "Data Source=$dir/a.db" t
        $b = New-TwinSpinEndpoint Sqlite "Data Source=$dir/b.db" t
    }

    It 'reports normalize-equal values without options, and only real differences with them' {
        $plain = Compare-TwinSpinRange $a $b -ColumnMap @{ label = 'title' }
        ($plain | ForEach-Object { "$($_.Key['id']):$($_.Columns)" }) | Should -Be @('1:name,price', '2:name,code,note', '3:price,label')
        $options = Compare-TwinSpinRange $a $b -ColumnMap @{ label = 'title' } -IgnoreCaseColumn name -TrimColumn code -EmptyStringAsNull -Tolerance @{ price = 0.001 }
        ($options | ForEach-Object { "$($_.Key['id']):$($_.Columns)" }) | Should -Be @('3:price,label')
    }

    It 'keeps the options with the job, so re-checked partitions use them' {
        $store = Join-Path $dir 'store.db'
        $job = Start-TwinSpinJob $a $b -Store $store -ColumnMap @{ label = 'title' } -IgnoreCaseColumn name -TrimColumn code -EmptyStringAsNull -Tolerance @{ price = 0.001 }
        $job.DiscrepanciesFound | Should -Be 1
        $again = $job | Get-TwinSpinPartition -Status Mismatched | Compare-TwinSpinRange
        ($again | ForEach-Object { "$($_.Key['id']):$($_.Columns)" }) | Should -Be @('3:price,label')
    }

    It 'rejects an option on a column of the wrong type' {
        { Compare-TwinSpinRange $a $b -ColumnMap @{ label = 'title' } -IgnoreCaseColumn price -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.InvalidArgument,TwinSpin.Commands.CompareTwinSpinRangeCommand'
    }
}
