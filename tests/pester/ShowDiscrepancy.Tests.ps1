# Show-TwinSpinDiscrepancy: the diff viewer, checked against the discrepancy objects and the databases themselves.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $pair = New-SamplePair -Rows 5000 -Differences 40 -Seed 51
    $store = Join-Path $pair 'store.db'
    $src = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $tgt = New-TwinSpinEndpoint Sqlite "Data Source=$pair/target.db" accounts
    $job = Start-TwinSpinJob $src $tgt -Store $store
    $all = @($job | Get-TwinSpinDiscrepancy)
    $esc = [char]27

    # A table of awkward values: one long text differing in one character, quotes, unicode, NULL.
    $dir = New-TestDirectory
    $long = 'x' * 1500 + 'MIDDLE' + 'y' * 1500
    Invoke-Sqlite "$dir/a.db" "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, '$long'), (2, 'it''s ✓ done'), (3, NULL), (4, 'only here');"
    Invoke-Sqlite "$dir/b.db" "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, '$($long.Replace('MIDDLE', 'MIDDLe'))'), (2, 'it''s ✗ done'), (3, 'now set');"
    $odd = Start-TwinSpinJob (New-TwinSpinEndpoint Sqlite "Data Source=$dir/a.db" t) (New-TwinSpinEndpoint Sqlite "Data Source=$dir/b.db" t) -Store $store
}

Describe 'Show-TwinSpinDiscrepancy' {
    It 'shows each differing field with the source value above the target value, differences marked' {
        $mismatches = @($all | Where-Object Type -eq 'ValueMismatch')
        $mismatches.Count | Should -BeGreaterThan 5
        foreach ($d in $mismatches) {
            $lines = @($d | Show-TwinSpinDiscrepancy -Context 1000)
            $lines[0] | Should -Be "ValueMismatch $($d.Key)  (job $($job.Id), partition $($d.PartitionId))"
            $lines.Count | Should -Be (1 + 2 * $d.Fields.Count)
            for ($i = 0; $i -lt $d.Fields.Count; $i++) {
                $field = $d.Fields[$i]
                $source = $lines[1 + 2 * $i]; $target = $lines[2 + 2 * $i]
                $source | Should -Match "^    $([regex]::Escape($field.Column))\s+source  "
                $target | Should -Match '^\s+target  '
                # Without the markers, each line holds the value as the objects print it.
                $shownSource = ($source -replace '^\s+\S+\s+source  ') -replace '\[-(.*?)-\]', '$1'
                $shownTarget = ($target -replace '^\s+target  ') -replace '\{\+(.*?)\+\}', '$1'
                $shownSource | Should -Be ($field.ToString() -split ' -> ')[0].Substring($field.Column.Length + 2)
                $shownTarget | Should -Be ($field.ToString() -split ' -> ', 2)[1]
                ($source + $target) | Should -Match '\[-|\{\+' -Because 'something differs'
            }
        }
    }

    It 'reads a job''s discrepancies itself, with -Type and -First' {
        $lines = @(Show-TwinSpinDiscrepancy $job.Id -Store $store -Type MissingInTarget -First 3)
        @($lines | Where-Object { $_ -like 'MissingInTarget *' }).Count | Should -Be 3
        $lines | Where-Object { $_ -match '^\S' -and $_ -notlike 'MissingInTarget *' } | Should -BeNullOrEmpty
        @($job | Show-TwinSpinDiscrepancy | Where-Object { $_ -match '^\S' }).Count | Should -Be $all.Count
    }

    It 'elides long values around the difference and keeps quotes and unicode' {
        $lines = @(Show-TwinSpinDiscrepancy $odd.Id -Store $store)
        $long = $lines | Where-Object { $_ -match 'source  .*MIDDL' }
        # 20 equal characters kept on each side of the change ('MIDDL' among them), the rest elided.
        $long | Should -Match '…x{15}MIDDL\[-E-\]y{20}…'
        ($long.Length) | Should -BeLessThan 120
        $lines | Should -Contain "    v  source  'it's [-✓-] done'"
        $lines | Should -Contain "       target  'it's {+✗+} done'"
        ($lines | Where-Object { $_ -match 'target  ' }) -join "`n" | Should -Match "\{\+'now set'\+\}"
    }

    It 'with -Row, shows the row that exists, as the database holds it' {
        $missing = @($all | Where-Object Type -like 'Missing*' | Select-Object -First 6)
        $lines = @($missing | Show-TwinSpinDiscrepancy -Row -Context 1000)
        foreach ($d in $missing) {
            $file = if ($d.Type -eq 'MissingInTarget') { 'source.db' } else { 'target.db' }
            $expected = sqlite3 -separator '|' "$pair/$file" "SELECT customer, status FROM accounts WHERE id = $($d.Key['id'])"
            $customer, $status = $expected -split '\|'
            $at = [array]::IndexOf($lines, ($lines | Where-Object { $_ -like "$($d.Type) $($d.Key) *" }))
            $at | Should -BeGreaterOrEqual 0
            $block = $lines[($at + 1)..($at + 11)]
            $block[0] | Should -Match "the row exists only in the $($file -replace '\.db')"
            $block | Should -Contain "    id            $($d.Key['id'])"
            $block | Should -Contain "    customer      '$customer'"
            $block | Should -Contain "    status        '$status'"
        }
    }

    It 'with -Row, a side that cannot be read is one error record and every discrepancy is still shown by its key' {
        $gone = New-SamplePair -Rows 300 -Differences 12 -Seed 52
        $goneJob = Start-TwinSpinJob (New-TwinSpinEndpoint Sqlite "Data Source=$gone/source.db" accounts) (New-TwinSpinEndpoint Sqlite "Data Source=$gone/target.db" accounts) -Store $store
        $found = @($goneJob | Get-TwinSpinDiscrepancy | Where-Object Type -like 'Missing*')
        $found.Count | Should -BeGreaterThan 1
        Invoke-Sqlite "$gone/source.db" 'DROP TABLE accounts;'
        Invoke-Sqlite "$gone/target.db" 'DROP TABLE accounts;'
        $lines = @($found | Show-TwinSpinDiscrepancy -Row -ErrorVariable err -ErrorAction SilentlyContinue)
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.TableNotFound*'
        foreach ($d in $found) { $lines | Should -Contain "$($d.Type) $($d.Key)  (job $($goneJob.Id), partition $($d.PartitionId))" }
    }

    It 'colours with $PSStyle.OutputRendering Ansi, never with -NoColor or when piped on' {
        $d = $all | Where-Object Type -eq 'ValueMismatch' | Select-Object -First 1
        $d | Show-TwinSpinDiscrepancy | Should -Not -Match $esc
        $saved = $PSStyle.OutputRendering
        try {
            $PSStyle.OutputRendering = 'Ansi'
            ($d | Show-TwinSpinDiscrepancy) -join "`n" | Should -Match "$esc\[41;97m"
            $d | Show-TwinSpinDiscrepancy -NoColor | Should -Not -Match $esc
        }
        finally { $PSStyle.OutputRendering = $saved }
    }

    It 'reports a missing job with a stable ErrorId' {
        Show-TwinSpinDiscrepancy -JobId 999 -Store $store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.JobNotFound*'
    }
}
