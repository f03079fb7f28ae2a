# Resume-TwinSpinJob against real processes: a pwsh running a job is killed with SIGKILL at random moments,
# then the job is resumed here; the result must be exactly the planted differences, each once, on both kinds
# of job store. Also: a cancelled job from the pipeline, a completed job, a job held by a live process.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $pair = New-SamplePair -Rows 100000 -Differences 300 -Seed 23
    $planted = Get-PlantedSet $pair
    $src = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $tgt = New-TwinSpinEndpoint Sqlite "Data Source=$pair/target.db" accounts
    # Small leaves and one connection a side: a job of several seconds, thousands of ranges.
    $slow = @{ PartitionRowThreshold = 20; FanOut = 4; Parallelism = 1; Strategy = 'Rows' }

    # Starts the job in a new pwsh process; returns the process once the job is recorded in the store.
    function Start-JobProcess([string] $Store, [string] $Name) {
        $script = Join-Path $pair "run-$([guid]::NewGuid().ToString('N')).ps1"
        @"
Import-Module '$env:TWINSPIN_TEST_MODULE'
`$src = New-TwinSpinEndpoint Sqlite 'Data Source=$pair/source.db' accounts
`$tgt = New-TwinSpinEndpoint Sqlite 'Data Source=$pair/target.db' accounts
Start-TwinSpinJob `$src `$tgt -Store '$Store' -Name '$Name' -PartitionRowThreshold $($slow.PartitionRowThreshold) -FanOut $($slow.FanOut) -Parallelism 1 -Strategy Rows | Out-Null
"@ | Set-Content $script
        $process = Start-Process (Get-PwshPath) -ArgumentList '-NoProfile', '-NonInteractive', '-File', $script -PassThru
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        do {
            Start-Sleep -Milliseconds 50
            $job = Get-TwinSpinJob -Store $Store -ErrorAction SilentlyContinue | Where-Object Name -eq $Name
        } until ($job -or $process.HasExited -or [DateTime]::UtcNow -gt $deadline)
        $job | Should -Not -BeNullOrEmpty -Because 'the job should be recorded'
        [pscustomobject]@{ Process = $process; JobId = $job.Id }
    }

    function Assert-Exact($Job, [string] $Store) {
        $Job.Status | Should -Be 'Completed'
        $found = @(Get-TwinSpinDiscrepancy -JobId $Job.Id -Store $Store)
        Get-FoundSet $found | Should -Be $planted
        $found.Count | Should -Be $planted.Count -Because 'nothing is reported twice'
        $Job.DiscrepanciesFound | Should -Be $planted.Count
        $Job.ProcessedRows | Should -Be $Job.TotalRows
        $Job.PartitionsPending + $Job.PartitionsIncomplete | Should -Be 0
    }

    # One store of each kind.
    $sqliteStore = Join-Path $pair 'store.db'
    Connect-TestPostgres | Out-Null
    $storeDatabase = New-TestPostgresDatabase 'ts_resume_store'
    $postgresStore = ($env:TWINSPIN_TEST_POSTGRES -replace '(?i)(^|;)\s*Database=[^;]*', '') + ";Database=$storeDatabase"
    # How long an uninterrupted job runs, so kill points spread over the whole of it.
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $uninterrupted = Start-TwinSpinJob $src $tgt -Store $sqliteStore -Name uninterrupted @slow
    $runMs = $clock.ElapsedMilliseconds
    Write-Host "Uninterrupted job: $runMs ms, $($uninterrupted.PartitionsMatched + $uninterrupted.PartitionsMismatched + $uninterrupted.PartitionsSplit) partitions"
}

AfterAll {
    Remove-TestPostgresDatabase $storeDatabase
}

Describe 'Resume after kill -9' {
    It 'the uninterrupted run finds exactly the planted differences' {
        Assert-Exact $uninterrupted $sqliteStore
    }

    It 'a job killed at random moments resumes to exactly the uninterrupted result (<Kind> store)' -ForEach @(
        @{ Kind = 'sqlite'; Seed = 1 }, @{ Kind = 'postgres'; Seed = 2 }
    ) {
        $store = if ($Kind -eq 'sqlite') { $sqliteStore } else { $postgresStore }
        $random = [Random]::new($Seed)
        $points = @()
        foreach ($i in 1..4) {
            $name = "killed $Kind $i"
            $run = Start-JobProcess $store $name
            $killAt = $random.Next(0, [int]($runMs * 0.8))
            Start-Sleep -Milliseconds $killAt
            kill -9 $run.Process.Id
            $run.Process.WaitForExit()
            $before = Get-TwinSpinJob -Id $run.JobId -Store $store
            $before.Status | Should -Be 'Failed' -Because 'a killed process is known to be gone at once on its host'
            $before.Error | Should -Match '^Abandoned'
            $points += "$killAt ms ($($before.ProcessedRows) of $($before.TotalRows) rows, $($before.DiscrepanciesFound) found)"

            $resumed = Resume-TwinSpinJob -Id $run.JobId -Store $store
            $resumed.Runs | Should -Be 2
            Assert-Exact $resumed $store
        }
        Write-Host "Kill points ($Kind store): $($points -join '; ')"
    }
}

Describe 'Resume-TwinSpinJob' {
    It 'resumes a cancelled job piped from Get-TwinSpinJob' {
        $run = Start-JobProcess $sqliteStore 'to stop'
        Start-Sleep -Milliseconds ([int]($runMs / 3))
        Stop-TwinSpinJob -Id $run.JobId -Store $sqliteStore
        $run.Process.WaitForExit(30000) | Should -BeTrue
        (Get-TwinSpinJob -Id $run.JobId -Store $sqliteStore).Status | Should -Be 'Cancelled'

        $resumed = Get-TwinSpinJob -Id $run.JobId -Store $sqliteStore | Resume-TwinSpinJob
        Assert-Exact $resumed $sqliteStore
    }

    It 'returns a completed job unchanged, with a warning' {
        $again = Resume-TwinSpinJob -Id $uninterrupted.Id -Store $sqliteStore -WarningVariable warnings -WarningAction SilentlyContinue
        $again.Status | Should -Be 'Completed'
        $again.Runs | Should -Be 1
        $warnings | Should -Match 'nothing to resume'
    }

    It 'refuses a job held by a live process, naming it' {
        $run = Start-JobProcess $sqliteStore 'held'
        try {
            Resume-TwinSpinJob -Id $run.JobId -Store $sqliteStore -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.JobRunning*'
            $failures[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
            $failures[0].Exception.Message | Should -Match "process $($run.Process.Id) on"
        }
        finally {
            Stop-TwinSpinJob -Id $run.JobId -Store $sqliteStore
            $run.Process.WaitForExit(30000) | Out-Null
        }
    }

    It 'with -WhatIf claims nothing' {
        $cancelled = Get-TwinSpinJob -Store $sqliteStore | Where-Object Status -eq Cancelled | Select-Object -First 1
        $cancelled | Should -Not -BeNullOrEmpty
        Resume-TwinSpinJob -Id $cancelled.Id -Store $sqliteStore -WhatIf | Should -BeNullOrEmpty
        (Get-TwinSpinJob -Id $cancelled.Id -Store $sqliteStore).Runs | Should -Be $cancelled.Runs
    }
}
