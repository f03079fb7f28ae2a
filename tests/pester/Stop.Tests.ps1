BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $pair = New-SamplePair -Rows 150000 -Differences 3000 -Seed 5
    $store = Join-Path $pair 'store.db'
    $src = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $tgt = New-TwinSpinEndpoint Sqlite "Data Source=$pair/target.db" accounts

    # Starts a deliberately slow job (tiny leaves, one connection) in another runspace.
    function Start-SlowJob([string] $Name) {
        $ps = New-ModuleRunspacePowerShell
        $null = $ps.AddCommand('Start-TwinSpinJob').AddParameters(@{
                Source = $src; Target = $tgt; Store = $store; Name = $Name
                PartitionRowThreshold = 5; FanOut = 2; Parallelism = 1; Strategy = 'Rows'
            })
        $handle = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        do {
            Start-Sleep -Milliseconds 200
            $running = Get-TwinSpinJob -Name $Name -Store $store -ErrorAction SilentlyContinue | Where-Object Status -eq Running
        } until ($running -and $running.ProcessedRows -gt 0 -or [DateTime]::UtcNow -gt $deadline)
        $running | Should -Not -BeNullOrEmpty -Because 'the job should be running and have made progress'
        [pscustomobject]@{ PowerShell = $ps; Handle = $handle; Job = $running }
    }
}

Describe 'Stopping a running job' {
    It 'Stop-TwinSpinJob from another runspace cancels it and keeps what was found' {
        $run = Start-SlowJob 'stop from elsewhere'
        Stop-TwinSpinJob -Id $run.Job.Id -Store $store -Confirm:$false
        $completed = $run.Handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30))
        $completed | Should -BeTrue -Because 'the job should stop within seconds'
        $output = $run.PowerShell.EndInvoke($run.Handle)
        $output[0].Status | Should -Be 'Cancelled'
        @($run.PowerShell.Streams.Warning).Message | Should -Match 'stopped'
        $run.PowerShell.Dispose()

        $job = Get-TwinSpinJob -Id $run.Job.Id -Store $store
        $job.Status | Should -Be 'Cancelled'
        $job.ProcessedRows | Should -BeLessThan $job.TotalRows
        @($job | Get-TwinSpinDiscrepancy).Count | Should -Be $job.DiscrepanciesFound
        $job | Get-TwinSpinPartition -Status Pending | Should -BeNullOrEmpty
        @($job | Get-TwinSpinPartition -Status Incomplete).Count | Should -BeGreaterThan 0
    }

    It 'stopping the pipeline (Ctrl+C) cancels the job and keeps what was found' {
        $run = Start-SlowJob 'ctrl c'
        $run.PowerShell.Stop()
        $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
        $run.PowerShell.Dispose()

        $job = Get-TwinSpinJob -Id $run.Job.Id -Store $store
        $job.Status | Should -Be 'Cancelled'
        @($job | Get-TwinSpinDiscrepancy).Count | Should -Be $job.DiscrepanciesFound
    }

    It 'Stop-TwinSpinJob on a finished job only warns, and -WhatIf sends no request' {
        $done = Start-TwinSpinJob $src $tgt -Store $store -Name finished
        Stop-TwinSpinJob -Id $done.Id -Store $store -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -Match 'Completed'
        $run = Start-SlowJob 'what if'
        Stop-TwinSpinJob -Id $run.Job.Id -Store $store -WhatIf
        (Get-TwinSpinJob -Id $run.Job.Id -Store $store).StopRequested | Should -BeFalse
        Remove-TwinSpinJob -Id $run.Job.Id -Store $store -Confirm:$false -ErrorVariable busy -ErrorAction SilentlyContinue
        $busy[0].FullyQualifiedErrorId | Should -Be 'TwinSpin.JobRunning,TwinSpin.Commands.RemoveTwinSpinJobCommand'
        $run.PowerShell.Stop()
        $run.PowerShell.Dispose()
    }

    It 'Remove-TwinSpinJob -Force on a running job stops it with a clear error in its session' {
        $run = Start-SlowJob 'removed while running'
        Remove-TwinSpinJob -Id $run.Job.Id -Store $store -Force -Confirm:$false
        $run.Handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30)) | Should -BeTrue
        $null = $run.PowerShell.EndInvoke($run.Handle)
        $run.PowerShell.Streams.Error[0].FullyQualifiedErrorId | Should -Be 'TwinSpin.JobNotFound,TwinSpin.Commands.StartTwinSpinJobCommand'
        $run.PowerShell.Dispose()
        Get-TwinSpinJob -Id $run.Job.Id -Store $store -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'A killed process' {
    It 'leaves a job that readers settle as Failed, keeping what it found' {
        $name = 'killed'
        $script = @"
Import-Module '$env:TWINSPIN_TEST_MODULE'
`$s = New-TwinSpinEndpoint Sqlite 'Data Source=$pair/source.db' accounts
`$t = New-TwinSpinEndpoint Sqlite 'Data Source=$pair/target.db' accounts
Start-TwinSpinJob `$s `$t -Store '$store' -Name $name -PartitionRowThreshold 5 -FanOut 2 -Parallelism 1 -Strategy Rows
"@
        $process = Start-Process (Get-PwshPath) -ArgumentList '-NoProfile', '-NonInteractive', '-Command', $script -PassThru
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            do {
                Start-Sleep -Milliseconds 300
                $running = Get-TwinSpinJob -Name $name -Store $store -ErrorAction SilentlyContinue | Where-Object Status -eq Running
            } until ($running -and $running.DiscrepanciesFound -gt 0 -or [DateTime]::UtcNow -gt $deadline)
            $running | Should -Not -BeNullOrEmpty
        }
        finally {
            $process | Stop-Process -Force   # SIGKILL: no chance to settle the job
            $process.WaitForExit()
        }

        # Let the heartbeat age past the timeout (as if half a minute had passed).
        Invoke-Sqlite $store "UPDATE jobs SET heartbeat_at = '2000-01-01T00:00:00.0000000Z' WHERE id = $($running.Id);"
        $job = Get-TwinSpinJob -Id $running.Id -Store $store
        $job.Status | Should -Be 'Failed'
        $job.Error | Should -Match 'Abandoned'
        $kept = @($job | Get-TwinSpinDiscrepancy)
        $kept.Count | Should -BeGreaterThan 0
        $kept.Count | Should -Be $job.DiscrepanciesFound
        $job | Remove-TwinSpinJob -Confirm:$false
    }
}
