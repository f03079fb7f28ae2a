# Start-TwinSpinJob -AsJob: a PowerShell job that Get-Job, Wait-Job, Receive-Job and Stop-Job handle.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $pair = New-SamplePair -Rows 40000 -Differences 30 -Seed 41
    $planted = Get-PlantedSet $pair
    $store = Join-Path $pair 'store.db'
    $src = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $tgt = New-TwinSpinEndpoint Sqlite "Data Source=$pair/target.db" accounts
    $other = New-SamplePair -Rows 10000 -Differences 12 -Seed 42
    $otherSrc = New-TwinSpinEndpoint Sqlite "Data Source=$other/source.db" accounts
    $otherTgt = New-TwinSpinEndpoint Sqlite "Data Source=$other/target.db" accounts
}

AfterAll {
    Get-Job | Where-Object PSJobTypeName -eq 'TwinSpinJob' | Remove-Job -Force
}

Describe 'Start-TwinSpinJob -AsJob' {
    It 'returns a PowerShell job at once; Wait-Job and Receive-Job give the TwinSpin.Job with exactly the planted set' {
        $background = Start-TwinSpinJob $src $tgt -Store $store -Name 'in background' -AsJob
        $background | Should -BeOfType System.Management.Automation.Job
        $background.PSJobTypeName | Should -Be 'TwinSpinJob'
        $background.Name | Should -Be 'in background'
        (Get-Job -Id $background.Id).InstanceId | Should -Be $background.InstanceId
        $result = $background | Wait-Job -Timeout 120 | Receive-Job
        $background.State | Should -Be 'Completed'
        $result.PSObject.TypeNames[0] | Should -Be 'TwinSpin.Job'
        $result.Status | Should -Be 'Completed'
        Get-FoundSet ($result | Get-TwinSpinDiscrepancy) | Should -Be $planted
        $background.HasMoreData | Should -BeFalse -Because 'Receive-Job took the output'
    }

    It 'runs several comparisons at once, each exact' {
        $jobs = @(
            Start-TwinSpinJob $src $tgt -Store $store -Name 'first of two' -AsJob
            Start-TwinSpinJob $otherSrc $otherTgt -Store $store -Name 'second of two' -AsJob
        )
        $results = $jobs | Wait-Job -Timeout 120 | Receive-Job
        $jobs.State | Should -Be @('Completed', 'Completed')
        Get-FoundSet (($results | Where-Object Name -eq 'first of two') | Get-TwinSpinDiscrepancy) | Should -Be $planted
        Get-FoundSet (($results | Where-Object Name -eq 'second of two') | Get-TwinSpinDiscrepancy) | Should -Be (Get-PlantedSet $other)
    }

    It 'shows its progress through Receive-Job' {
        $ps = New-ModuleRunspacePowerShell
        try {
            $null = $ps.AddScript({
                param($src, $tgt, $store)
                Start-TwinSpinJob $src $tgt -Store $store -PartitionRowThreshold 200 -AsJob | Wait-Job | Receive-Job
            }).AddArgument($src).AddArgument($tgt).AddArgument($store)
            $out = $ps.Invoke()
            $ps.HadErrors | Should -BeFalse
            $out[0].Status | Should -Be 'Completed'
            $progress = @($ps.Streams.Progress)
            ($progress | Where-Object StatusDescription -match '^Partitions [\d,]+/[\d,]+ \| rows').Count | Should -BeGreaterThan 0
            $progress[-1].RecordType | Should -Be 'Completed'
        }
        finally { $ps.Dispose() }
    }

    It 'stops with Stop-Job, keeping what it found, the job Cancelled in the store' {
        $background = Start-TwinSpinJob $src $tgt -Store $store -Name 'to stop' -PartitionRowThreshold 20 -FanOut 4 -Parallelism 1 -Strategy Rows -AsJob
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        do { Start-Sleep -Milliseconds 50; $stored = Get-TwinSpinJob -Store $store -Name 'to stop' } until ($stored.ProcessedRows -gt 0 -or [DateTime]::UtcNow -gt $deadline)
        $background | Stop-Job
        $background.State | Should -Be 'Stopped'
        $result = $background | Receive-Job -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Status | Should -Be 'Cancelled'
        $result.ProcessedRows | Should -BeLessThan $result.TotalRows
        "$warnings" | Should -Match "Job $($result.Id) was stopped"
        (Get-TwinSpinJob $result.Id -Store $store).Status | Should -Be 'Cancelled'
        # Found so far, kept: every one of them is planted.
        Get-FoundSet (Get-TwinSpinDiscrepancy $result.Id -Store $store) | Where-Object { $_ -notin $planted } | Should -BeNullOrEmpty
    }

    It 'fails with the error record a foreground run would write' {
        $missing = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" no_such_table
        $background = Start-TwinSpinJob $missing $tgt -Store $store -AsJob
        $null = $background | Wait-Job -Timeout 60
        $background.State | Should -Be 'Failed'
        $background | Receive-Job -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.TableNotFound*'
    }

    It 'does nothing with -WhatIf' {
        $before = @(Get-Job).Count
        Start-TwinSpinJob $src $tgt -Store $store -AsJob -WhatIf | Should -BeNullOrEmpty
        @(Get-Job).Count | Should -Be $before
    }
}
