# Watch-TwinSpinJob follows a job run by another process through the store; Get-TwinSpinJob's progress
# properties and -Summary; the default views fit a 120-column console.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $pair = New-SamplePair -Rows 60000 -Differences 50 -Seed 31
    $planted = Get-PlantedSet $pair
    $store = Join-Path $pair 'store.db'
    $src = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $tgt = New-TwinSpinEndpoint Sqlite "Data Source=$pair/target.db" accounts
    $quick = Start-TwinSpinJob $src $tgt -Store $store -Name quick
}

Describe 'Watch-TwinSpinJob' {
    It 'shows live progress of a job another process runs, and returns the job when it ends' {
        $script = Join-Path $pair 'run.ps1'
        @"
Import-Module '$env:TWINSPIN_TEST_MODULE'
`$src = New-TwinSpinEndpoint Sqlite 'Data Source=$pair/source.db' accounts
`$tgt = New-TwinSpinEndpoint Sqlite 'Data Source=$pair/target.db' accounts
Start-TwinSpinJob `$src `$tgt -Store '$store' -Name watched -PartitionRowThreshold 20 -FanOut 4 -Parallelism 1 -Strategy Rows | Out-Null
"@ | Set-Content $script
        $process = Start-Process (Get-PwshPath) -ArgumentList '-NoProfile', '-NonInteractive', '-File', $script -PassThru
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            do {
                Start-Sleep -Milliseconds 50
                $job = Get-TwinSpinJob -Store $store | Where-Object Name -eq watched
            } until ($job -or $process.HasExited -or [DateTime]::UtcNow -gt $deadline)
            $job.Status | Should -BeIn 'Pending', 'Running' -Because 'the job must still be running for the watch to mean anything'

            $ps = New-ModuleRunspacePowerShell
            $null = $ps.AddCommand('Watch-TwinSpinJob').AddParameters(@{ JobId = $job.Id; Store = $store; IntervalSeconds = 0.2 })
            $out = $ps.Invoke()
            $ps.HadErrors | Should -BeFalse
            $process.WaitForExit(60000) | Should -BeTrue
            $out.Count | Should -Be 1
            $out[0].Status | Should -Be 'Completed'
            $out[0].PercentComplete | Should -Be 100
            Get-FoundSet (Get-TwinSpinDiscrepancy -JobId $out[0].Id -Store $store) | Should -Be $planted

            $progress = @($ps.Streams.Progress)
            $live = @($progress | Where-Object RecordType -eq 'Processing')
            $live.Count | Should -BeGreaterThan 1 -Because 'the store is read every 0.2 s while the job runs'
            $live[-1].StatusDescription | Should -Match '^Partitions [\d,]+/[\d,]+ \| rows [\d,]+/[\d,]+ \| [\d,]+ discrepancies \| [\d,]+ rows/s$'
            $live[-1].Activity | Should -Match "job $($job.Id) \(watched\)"
            # Progress only grows.
            $rows = $live | ForEach-Object { [long](($_.StatusDescription -split '\| rows ')[1] -split '/')[0].Replace(',', '') }
            for ($i = 1; $i -lt $rows.Count; $i++) { $rows[$i] | Should -BeGreaterOrEqual $rows[$i - 1] }
            $progress[-1].RecordType | Should -Be 'Completed'
            $ps.Dispose()
        }
        finally { if (-not $process.HasExited) { $process.Kill() } }
    }

    It 'returns a job that has already ended at once' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $watched = $quick | Watch-TwinSpinJob
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $watched.Id | Should -Be $quick.Id
        $watched.Status | Should -Be 'Completed'
    }

    It 'reports a missing job with a stable ErrorId' {
        Watch-TwinSpinJob 999 -Store $store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.JobNotFound*'
    }
}

Describe 'Get-TwinSpinJob progress and -Summary' {
    It 'gives percent done, rows/s and no time remaining for a completed job' {
        $quick.PercentComplete | Should -Be 100
        $quick.RowsPerSecond | Should -Be ([math]::Round($quick.ProcessedRows / ($quick.CompletedAt - $quick.StartedAt).TotalSeconds))
        $quick.Remaining | Should -BeNullOrEmpty
    }

    It 'sums the store as a naive count of the jobs does' {
        $failing = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" no_such_table
        Start-TwinSpinJob $failing $tgt -Store $store -ErrorAction SilentlyContinue | Out-Null
        $jobs = @(Get-TwinSpinJob -Store $store)
        $summary = Get-TwinSpinJob -Summary -Store $store
        $summary.PSObject.TypeNames[0] | Should -Be 'TwinSpin.JobSummary'
        $summary.Jobs | Should -Be $jobs.Count
        foreach ($status in 'Pending', 'Running', 'Completed', 'Failed', 'Cancelled') {
            $summary.$status | Should -Be @($jobs | Where-Object Status -eq $status).Count -Because $status
        }
        $summary.InSync | Should -Be @($jobs | Where-Object { $_.Status -eq 'Completed' -and $_.DiscrepanciesFound -eq 0 }).Count
        $summary.Discrepancies | Should -Be ($jobs | Measure-Object DiscrepanciesFound -Sum).Sum
        $summary.RowsCompared | Should -Be ($jobs | Measure-Object ProcessedRows -Sum).Sum
        $summary.LastStartedAt | Should -Be ($jobs | Measure-Object StartedAt -Maximum).Maximum
    }
}

Describe 'Default views' {
    It 'fit a 120-column console: <Name>' -ForEach @(
        @{ Name = 'jobs'; Get = { Get-TwinSpinJob -Store $store } }
        @{ Name = 'summary'; Get = { Get-TwinSpinJob -Summary -Store $store } }
        @{ Name = 'partitions'; Get = { Get-TwinSpinPartition $quick.Id -Store $store | Select-Object -First 20 } }
        @{ Name = 'endpoints'; Get = { $src, $tgt } }
        @{ Name = 'discrepancies'; Get = { Get-TwinSpinDiscrepancy $quick.Id -Store $store -First 20 } }
        @{ Name = 'endpoint tests'; Get = { Test-TwinSpinEndpoint $src; Test-TwinSpinEndpoint $tgt } }
    ) {
        # A table too wide for the console loses columns: at 120 every column must still be there.
        $headers = { param($text) (($text -split "`r?`n" | Where-Object { $_.Trim() })[0] -split '\s+' | Where-Object { $_ }) }
        $text = & $Get | Format-Table | Out-String -Width 120
        & $headers $text | Should -Be (& $headers (& $Get | Format-Table | Out-String -Width 1000))
        $text | Should -Not -Match 'TwinSpin\.|System\.' -Because 'cells show values, not type names'
    }

    It 'lists a job and a discrepancy with readable values' {
        $text = $quick | Format-List | Out-String
        $text | Should -Match 'Progress\s+: 100% of [\d,]+ rows'
        $text | Should -Match 'Partitions\s+: [\d,]+ matched, [\d,]+ mismatched'
        $mismatch = Get-TwinSpinDiscrepancy $quick.Id -Store $store -Type ValueMismatch -First 1
        $list = $mismatch | Format-List | Out-String
        $list | Should -Match "Key\s+: id=$($mismatch.Key['id'])"
        $list | Should -Match "Fields\s+: $([regex]::Escape($mismatch.Fields[0].Column)): "
        $list | Should -Not -Match 'System\.'
    }
}
