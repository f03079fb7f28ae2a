# The benchmark's own measuring scripts (tests/bench): CI never runs the benchmark, so their contracts are checked here.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $benchDir = Join-Path $PSScriptRoot '../bench'
    $pair = New-SamplePair -Rows 20000 -Differences 12 -Seed 41
}

Describe 'Invoke-BenchCase.ps1 -ProcessOnly (a scheduled script, timed from outside)' {
    It 'writes the job time, status and error as three plain lines, in a fresh pwsh' {
        $result = Join-Path $pair 'process.txt'
        & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $benchDir 'Invoke-BenchCase.ps1') -ModulePath $env:TWINSPIN_TEST_MODULE `
            -Provider Sqlite -SourceConnectionString "Data Source=$pair/source.db" -TargetConnectionString "Data Source=$pair/target.db" `
            -StorePath (Join-Path $pair 'process.db') -ResultPath $result -ProcessOnly
        $LASTEXITCODE | Should -Be 0
        $lines = @(Get-Content $result)
        $lines.Count | Should -Be 3
        [double]::Parse($lines[0], [cultureinfo]::InvariantCulture) | Should -BeGreaterThan 0
        $lines[1] | Should -Be 'Completed'
        $lines[2] | Should -BeNullOrEmpty
    }
}

Describe 'Measure-JobCpu.ps1 (a job against the CPU it took)' {
    BeforeAll {
        $parts = Connect-TestPostgres
        $source = New-TestPostgresDatabase
        $target = New-TestPostgresDatabase
        Copy-SampleToPostgres $pair $source -Side source
        Copy-SampleToPostgres $pair $target -Side target
        $base = "Host=$($parts['host']);Port=$($parts['port']);Username=$($parts['username']);Password=$($parts['password'])"
    }

    AfterAll {
        Remove-TestPostgresDatabase $source
        Remove-TestPostgresDatabase $target
    }

    It 'counts the CPU of this process and of the local server for every job, and the least wall time it allows' {
        $rows = @(& (Join-Path $benchDir 'Measure-JobCpu.ps1') -ModulePath $env:TWINSPIN_TEST_MODULE -Jobs 2 `
                -SourceConnectionString "$base;Database=$source" -TargetConnectionString "$base;Database=$target")
        $rows.Count | Should -Be 2
        $cores = [Environment]::ProcessorCount
        foreach ($row in $rows) {
            $row.'Client CPU s' | Should -BeGreaterThan 0
            $row.'Wall s' | Should -BeGreaterThan 0
            $floor = ($row.'Client CPU s' + $row.'Server CPU s') / $cores
            [Math]::Abs($row."Least wall s ($cores cores)" - $floor) | Should -BeLessOrEqual 0.011 -Because 'the floor is both CPUs over the cores'
        }
        # The server hashed both tables: its backends are processes named postgres on this machine. /proc counts in
        # 10 ms ticks, so a small job's share is summed over both jobs.
        ($rows | Measure-Object 'Server CPU s' -Sum).Sum | Should -BeGreaterThan 0
    }
}
