BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $pair = New-SamplePair -Rows 20000 -Differences 60
    $store = Join-Path $pair 'store.db'
    $src = New-TwinSpinEndpoint -Provider Sqlite -ConnectionString "Data Source=$pair/source.db" -Table accounts
    $tgt = New-TwinSpinEndpoint -Provider Sqlite -ConnectionString "Data Source=$pair/target.db" -Table accounts
    $job = Start-TwinSpinJob -Source $src -Target $tgt -KeyColumn id -Store $store -PartitionRowThreshold 500 -Name 'pester accounts'
}

Describe 'Start-TwinSpinJob' {
    It 'returns a completed TwinSpin.Job' {
        $job.PSObject.TypeNames[0] | Should -Be 'TwinSpin.Job'
        $job.Status | Should -Be 'Completed'
        $job.Name | Should -Be 'pester accounts'
        $job.KeyColumns | Should -Be @('id')
        $job.TotalRows | Should -Be 40000
        $job.ProcessedRows | Should -Be $job.TotalRows
        $job.Store | Should -Be $store
    }

    It 'finds exactly the planted differences' {
        $job.DiscrepanciesFound | Should -Be 60
        Get-FoundSet ($job | Get-TwinSpinDiscrepancy) | Should -Be (Get-PlantedSet $pair)
    }

    It 'finds the same with -Strategy Rows and other tuning' {
        $rows = Start-TwinSpinJob $src $tgt -Strategy Rows -FanOut 3 -Parallelism 1 -PartitionRowThreshold 2000 -Store $store
        Get-FoundSet ($rows | Get-TwinSpinDiscrepancy) | Should -Be (Get-PlantedSet $pair)
    }

    It 'uses the primary key when -KeyColumn is not given, and honours -Column, -ExcludeColumn and -Where' {
        $some = Start-TwinSpinJob $src $tgt -Column customer, status -Where 'branch < 200' -Store $store
        $some.KeyColumns | Should -Be @('id')
        $some.Columns | Should -Be @('customer', 'status')
        $found = $some | Get-TwinSpinDiscrepancy
        $found | Where-Object Type -eq 'ValueMismatch' | ForEach-Object { $_.Columns | Should -BeIn @('customer', 'status') }
        $excluded = Start-TwinSpinJob $src $tgt -ExcludeColumn notes, score -Store $store
        $excluded.Columns | Should -Not -Contain 'notes'
        ($excluded | Get-TwinSpinDiscrepancy -Type ValueMismatch).Columns | Should -Not -Contain 'notes'
    }

    It 'emits progress records from the pipeline thread' {
        $ps = New-ModuleRunspacePowerShell
        try {
            $null = $ps.AddCommand('Start-TwinSpinJob').AddParameters(@{ Source = $src; Target = $tgt; Store = $store; PartitionRowThreshold = 200 })
            $out = $ps.Invoke()
            $ps.HadErrors | Should -BeFalse
            $out[0].Status | Should -Be 'Completed'
            $progress = @($ps.Streams.Progress)
            $progress.Count | Should -BeGreaterThan 1
            $progress[0].Activity | Should -Match 'accounts'
            $progress[-1].RecordType | Should -Be 'Completed'
            ($progress | Where-Object StatusDescription -match 'Partitions \d+/\d+ \| rows [\d,]+/[\d,]+ \| \d+ discrepancies \| [\d,]+ rows/s').Count | Should -BeGreaterThan 0
        }
        finally { $ps.Dispose() }
    }

    It 'does nothing with -WhatIf' {
        $before = @(Get-TwinSpinJob -Store $store).Count
        Start-TwinSpinJob $src $tgt -Store $store -WhatIf | Should -BeNullOrEmpty
        @(Get-TwinSpinJob -Store $store).Count | Should -Be $before
    }

    It 'uses $env:TWINSPIN_STORE when -Store is not given' {
        $env:TWINSPIN_STORE = Join-Path $pair 'env-store.db'
        try {
            $j = Start-TwinSpinJob $src $tgt
            $j.Store | Should -Be $env:TWINSPIN_STORE
            (Get-TwinSpinJob -Id $j.Id).Name | Should -Be 'accounts'
        }
        finally { Remove-Item Env:TWINSPIN_STORE }
    }
}

Describe 'Reading jobs back' {
    It 'Get-TwinSpinJob filters by id, name and status' {
        (Get-TwinSpinJob -Id $job.Id -Store $store).Name | Should -Be 'pester accounts'
        (Get-TwinSpinJob -Name 'pester*' -Store $store).Id | Should -Contain $job.Id
        Get-TwinSpinJob -Name 'nothing-like-this*' -Store $store | Should -BeNullOrEmpty
        (Get-TwinSpinJob -Status Completed -Store $store).Id | Should -Contain $job.Id
    }

    It 'takes a job id by position, and validates -Status' {
        (Get-TwinSpinJob $job.Id -Store $store).Name | Should -Be 'pester accounts'
        { Get-TwinSpinJob -Status Bogus -Store $store } | Should -Throw -ErrorId 'ParameterArgumentValidationError,TwinSpin.Commands.GetTwinSpinJobCommand'
    }

    It 'binds a partition''s JobId, not its own Id, when partitions are piped to job cmdlets' {
        $last = $job | Get-TwinSpinPartition | Select-Object -Last 1
        $last.Id | Should -Not -Be $job.Id
        ($last | Get-TwinSpinJob).Id | Should -Be $job.Id
    }

    It 'binds JobId and Store by property name, from jobs and from Import-Csv rows' {
        $csv = Join-Path $pair 'jobs.csv'
        Get-TwinSpinJob -Id $job.Id -Store $store | Select-Object JobId, Store | Export-Csv $csv
        $fromCsv = Import-Csv $csv | Get-TwinSpinPartition
        $fromCsv.Count | Should -Be ($job | Get-TwinSpinPartition).Count
    }

    It 'Get-TwinSpinPartition returns the tree; mismatched leaves hold every discrepancy' {
        $all = $job | Get-TwinSpinPartition
        $all[0].PSObject.TypeNames[0] | Should -Be 'TwinSpin.Partition'
        ($all | Where-Object { $null -eq $_.ParentId }).Count | Should -Be 1
        $mismatched = $job | Get-TwinSpinPartition -Status Mismatched
        $mismatched | ForEach-Object { $_.Discrepancies | Should -BeGreaterThan 0 }
        ($mismatched | Measure-Object Discrepancies -Sum).Sum | Should -Be $job.DiscrepanciesFound
        ($job | Get-TwinSpinPartition -Depth 0).Count | Should -Be 1
    }

    It 'Get-TwinSpinDiscrepancy filters by type, partition and count' {
        $missing = $job | Get-TwinSpinDiscrepancy -Type MissingInTarget
        $missing.Count | Should -Be 20
        $missing | ForEach-Object { $_.Fields.Count | Should -Be 0 }
        ($job | Get-TwinSpinDiscrepancy -First 7).Count | Should -Be 7
        $leaf = $job | Get-TwinSpinPartition -Status Mismatched | Select-Object -First 1
        ($leaf | Get-TwinSpinDiscrepancy).Count | Should -Be $leaf.Discrepancies
    }

    It 'gives field-level differences with both values' {
        $mismatch = $job | Get-TwinSpinDiscrepancy -Type ValueMismatch | Where-Object Columns -eq 'branch' | Select-Object -First 1
        $mismatch.Fields[0].Column | Should -Be 'branch'
        $mismatch.Fields[0].TargetValue | Should -Be ($mismatch.Fields[0].SourceValue + 1)
        $mismatch.Key | Should -BeOfType System.Collections.Specialized.OrderedDictionary
    }

    It 'exports readable CSV through Where-Object and Export-Csv' {
        $csv = Join-Path $pair 'diffs.csv'
        $job | Get-TwinSpinDiscrepancy | Where-Object Type -eq ValueMismatch | Export-Csv $csv
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 20
        $rows[0].Key | Should -Match '^id=\d+$'
        $rows[0].Fields | Should -Match '^\w+: .* -> .*$'
        ($job | Get-TwinSpinDiscrepancy | Group-Object Type).Count | Should -Be 3
    }
}

Describe 'Remove-TwinSpinJob' {
    It 'keeps the job with -WhatIf and removes it otherwise' {
        $doomed = Start-TwinSpinJob $src $tgt -Store $store -Name doomed
        Remove-TwinSpinJob -Id $doomed.Id -Store $store -WhatIf
        Get-TwinSpinJob -Id $doomed.Id -Store $store | Should -Not -BeNullOrEmpty
        $doomed | Remove-TwinSpinJob -Confirm:$false
        Get-TwinSpinJob -Id $doomed.Id -Store $store -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        { Get-TwinSpinJob -Id $doomed.Id -Store $store -ErrorAction Stop } | Should -Throw -ErrorId 'TwinSpin.JobNotFound,TwinSpin.Commands.GetTwinSpinJobCommand'
    }
}
