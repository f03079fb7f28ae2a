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

    It 'finds nothing in a range where the tables agree' {
        $clean = $planted.id | Sort-Object | Select-Object -First 1
        Compare-TwinSpinRange $src $tgt -To $clean | Should -BeNullOrEmpty
    }
}
