BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $pair = New-SamplePair -Rows 20000 -Differences 10 -Seed 11
    $store = Join-Path $pair 'store.db'
    $src = New-TwinSpinEndpoint -Provider Sqlite -ConnectionString "Data Source=$pair/source.db" -Table accounts
    $tgt = New-TwinSpinEndpoint -Provider Sqlite -ConnectionString "Data Source=$pair/target.db" -Table accounts
    # Few differences, a wide fan-out and a small threshold give a tree several levels deep.
    $job = Start-TwinSpinJob -Source $src -Target $tgt -Store $store -FanOut 32 -PartitionRowThreshold 40
    $partitions = @($job | Get-TwinSpinPartition)
    $esc = [char]27
}

Describe 'Show-TwinSpinPartition' {
    It 'has a tree worth drawing' {
        ($partitions | Measure-Object Depth -Maximum).Maximum | Should -BeGreaterOrEqual 2
        $partitions.Status | Should -Contain 'Matched'
    }

    It 'draws every mismatched leaf, rolls matched siblings up, and accounts for every partition' {
        $lines = @($job | Show-TwinSpinPartition)
        $lines[0] | Should -Match "^#1 \[-inf, \+inf\)  Split  .*  $($job.DiscrepanciesFound) discrepancies$"
        $drawnIds = @($lines | ForEach-Object { if ($_ -match '^[│├└─ ]*#(\d+) ') { [long]$Matches[1] } })
        $mismatched = @($partitions | Where-Object Status -eq 'Mismatched' | ForEach-Object Id)
        $mismatched | Where-Object { $_ -notin $drawnIds } | Should -BeNullOrEmpty
        $collapsed = ($lines | ForEach-Object { if ($_ -match '… ([\d,]+) matched ranges?') { [long]($Matches[1] -replace ',') } } | Measure-Object -Sum).Sum
        ($drawnIds.Count + $collapsed) | Should -Be $partitions.Count
        $lines | Should -Not -Match $esc -Because 'lines that are not going straight to a console carry no colour'
    }

    It 'draws each range under its parent, indented by its depth' {
        $lines = @(Show-TwinSpinPartition -JobId $job.Id -Store $store -Expand All)
        $lines.Count | Should -Be $partitions.Count
        $byId = @{}; $partitions | ForEach-Object { $byId[$_.Id] = $_ }
        $stack = @{}; $lastUpper = @{}
        foreach ($line in $lines) {
            $null = $line -match '^(?<guides>[│├└─ ]*)#(?<id>\d+) (?<range>\[.*?\))  (?<status>\w+)'
            $p = $byId[[long]$Matches.id]
            $Matches.guides.Length | Should -Be (4 * $p.Depth)
            $Matches.range | Should -Be $p.Range
            $Matches.status | Should -Be $p.Status
            if ($p.Depth -gt 0) { $stack[$p.Depth - 1] | Should -Be $p.ParentId }
            $stack[$p.Depth] = $p.Id
            # Siblings in key order: each range starts at or after the end of the previous one (empty ranges are not recorded).
            $lower, $upper = $p.Range.Trim('[', ')') -split ', '
            if ($p.ParentId -and $lastUpper.ContainsKey($p.ParentId)) { [long]$lower | Should -BeGreaterOrEqual ([long]$lastUpper[$p.ParentId]) }
            if ($p.ParentId) { $lastUpper[$p.ParentId] = $upper }
        }
    }

    It 'stops at -Depth and counts what is below' {
        $lines = @(Show-TwinSpinPartition $job.Id -Store $store -Depth 0)
        $lines.Count | Should -Be 1
        $lines[0] | Should -Match "\(\+$('{0:N0}' -f ($partitions.Count - 1)) ranges below\)"
    }

    It 'draws a subtree with -PartitionId' {
        $inner = $partitions | Where-Object { $_.Depth -eq 1 -and $_.Status -eq 'Split' } | Select-Object -First 1
        $lines = @(Show-TwinSpinPartition $job.Id -Store $store -PartitionId $inner.Id -Expand All)
        $lines[0] | Should -Match "^#$($inner.Id) "
        $below = @($partitions | Where-Object ParentId -eq $inner.Id)
        $below.Count | Should -BeGreaterThan 0
        $lines.Count | Should -BeGreaterThan $below.Count
    }

    It 'colours statuses with $PSStyle.OutputRendering Ansi, and never with NO_COLOR or -NoColor' {
        $saved = $PSStyle.OutputRendering
        try {
            $PSStyle.OutputRendering = 'Ansi'
            $coloured = @(Show-TwinSpinPartition $job.Id -Store $store)
            ($coloured -match "$esc\[31mMismatched") | Should -Not -BeNullOrEmpty
            ($coloured -match "$esc\[2m… ") | Should -Not -BeNullOrEmpty
            Show-TwinSpinPartition $job.Id -Store $store -NoColor | Should -Not -Match $esc
            $env:NO_COLOR = '1'
            Show-TwinSpinPartition $job.Id -Store $store | Should -Not -Match $esc
        }
        finally { $PSStyle.OutputRendering = $saved; Remove-Item Env:NO_COLOR -ErrorAction Ignore }
        # The escapes removed, the coloured lines are the plain ones.
        ($coloured -replace "$esc\[[\d;]*m") | Should -Be @(Show-TwinSpinPartition $job.Id -Store $store)
    }

    It 'reports a missing job or partition with a stable ErrorId' {
        Show-TwinSpinPartition 999 -Store $store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.JobNotFound*'
        Show-TwinSpinPartition $job.Id -Store $store -PartitionId 99999999 -ErrorVariable err2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.PartitionNotFound*'
    }
}
