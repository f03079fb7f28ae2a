# Export-TwinSpinReport (Csv, Json): the files read back with independent readers (Import-Csv, ConvertFrom-Json, sqlite3)
# and checked against the planted differences.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $pair = New-SamplePair -Rows 6000 -Differences 45 -Seed 61
    $store = Join-Path $pair 'store.db'
    $src = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
    $tgt = New-TwinSpinEndpoint Sqlite "Data Source=$pair/target.db" accounts
    $job = Start-TwinSpinJob $src $tgt -Store $store -PartitionRowThreshold 200 -FanOut 4
    $planted = Get-PlantedSet $pair
    $out = New-TestDirectory

    # Awkward text: a separator, quotes, a line break, unicode, a leading '=' a spreadsheet would run, NULL.
    $dir = New-TestDirectory
    Invoke-Sqlite "$dir/a.db" "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a,b'), (2, 'say ""hi""'), (3, 'two' || char(10) || 'lines'), (4, '=1+1'), (5, NULL), (6, 'Åström ✓'), (7, '  padded ');"
    Invoke-Sqlite "$dir/b.db" "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a;b'), (2, 'say ''hi'''), (3, 'two lines'), (4, '=1+2'), (5, 'set'), (6, 'Astrom ✗'), (7, 'padded');"
    $odd = Start-TwinSpinJob (New-TwinSpinEndpoint Sqlite "Data Source=$dir/a.db" t) (New-TwinSpinEndpoint Sqlite "Data Source=$dir/b.db" t) -Store $store
}

Describe 'Export-TwinSpinReport -Format Csv' {
    It 'writes one row per planted difference, key columns under their own names' {
        $path = Join-Path $out 'job.csv'
        $job | Export-TwinSpinReport -Path $path
        $rows = @(Import-Csv $path)
        $rows.Count | Should -Be $planted.Count
        @($rows | ForEach-Object { '{0} {1} {2}' -f $_.Type, $_.id, $_.Column } | Sort-Object) | Should -Be $planted
        $rows.JobId | Sort-Object -Unique | Should -Be "$($job.Id)"
        (Get-Content $path -First 1) | Should -Be "$([char]0xFEFF)JobId,Type,id,Column,SourceValue,TargetValue"
    }

    It 'holds each differing value as the databases do' {
        $path = Join-Path $out 'values.csv'
        Export-TwinSpinReport $job.Id $path -Store $store
        $text = @(Import-Csv $path | Where-Object { $_.Column -in 'customer', 'email', 'status', 'notes' })
        $text.Count | Should -BeGreaterThan 3
        foreach ($row in $text) {
            $source = sqlite3 "$pair/source.db" "SELECT $($row.Column) FROM accounts WHERE id = $($row.id)"
            $target = sqlite3 "$pair/target.db" "SELECT $($row.Column) FROM accounts WHERE id = $($row.id)"
            $row.SourceValue | Should -Be "$source"
            $row.TargetValue | Should -Be "$target"
        }
    }

    It 'round-trips separators, quotes, line breaks, unicode and formulas; NULL is an empty cell' {
        $path = Join-Path $out 'odd.csv'
        Export-TwinSpinReport $odd.Id $path -Store $store
        $rows = @(Import-Csv $path)
        $rows.Count | Should -Be 7
        $byId = @{}; $rows | ForEach-Object { $byId[$_.id] = $_ }
        $byId['1'].SourceValue | Should -Be 'a,b'
        $byId['2'].TargetValue | Should -Be "say 'hi'"
        $byId['2'].SourceValue | Should -Be 'say "hi"'
        $byId['3'].SourceValue | Should -Be "two`nlines"
        $byId['4'].SourceValue | Should -Be '=1+1'
        $byId['5'].SourceValue | Should -Be ''
        $byId['6'].SourceValue | Should -Be 'Åström ✓'
        $byId['7'].SourceValue | Should -Be '  padded ' -Because 'readers trim unquoted spaces'
    }

    It 'takes -Delimiter and -Encoding for Excel in other locales' {
        $path = Join-Path $out 'semicolon.csv'
        Export-TwinSpinReport $odd.Id $path -Store $store -Delimiter ';' -Encoding Utf8NoBOM
        [System.IO.File]::ReadAllBytes($path)[0] | Should -Be ([byte][char]'J')
        $rows = @(Import-Csv $path -Delimiter ';')
        ($rows | Where-Object id -eq 1).TargetValue | Should -Be 'a;b'
        $unicode = Join-Path $out 'utf16.csv'
        Export-TwinSpinReport $odd.Id $unicode -Store $store -Encoding Unicode
        [System.IO.File]::ReadAllBytes($unicode)[0..1] | Should -Be @(0xFF, 0xFE)
        (Import-Csv $unicode -Encoding Unicode | Where-Object id -eq 6).SourceValue | Should -Be 'Åström ✓'
    }
}

Describe 'Export-TwinSpinReport -Format Json' {
    BeforeAll {
        $path = Join-Path $out 'job.json'
        $job | Export-TwinSpinReport -Path $path
        $report = Get-Content $path -Raw | ConvertFrom-Json -Depth 20
    }

    It 'holds every discrepancy, matching the planted ones' {
        @($report.discrepancies | ForEach-Object { '{0} {1} {2}' -f $_.type, $_.key.id, ($_.fields.column -join ',') } | Sort-Object) | Should -Be $planted
        ($report.counts.PSObject.Properties.Value | Measure-Object -Sum).Sum | Should -Be $planted.Count
        $report.job.discrepancies | Should -Be $planted.Count
    }

    It 'holds the partition tree as the store has it' {
        $partitions = @(Get-TwinSpinPartition $job.Id -Store $store)
        $report.partitions.Count | Should -Be $partitions.Count
        $ids = @{}; $report.partitions | ForEach-Object { $ids[[long]$_.id] = $_ }
        foreach ($p in $partitions) {
            $ids[$p.Id].status | Should -Be "$($p.Status)"
            $ids[$p.Id].sourceRows | Should -Be $p.SourceRows
        }
        @($report.partitions | Where-Object { $null -ne $_.parentId -and -not $ids.ContainsKey([long]$_.parentId) }) | Should -BeNullOrEmpty
        ($report.partitions | Where-Object { $null -eq $_.parentId }).Count | Should -Be 1
    }

    It 'holds the job: endpoints, key, options and metrics' {
        $report.twinspinReport | Should -Be 1
        $report.job.id | Should -Be $job.Id
        $report.job.status | Should -Be 'Completed'
        $report.job.source.table | Should -Be 'accounts'
        $report.job.source.connection | Should -BeLike "*$pair/source.db*"
        $report.job.keyColumns | Should -Be @('id')
        $report.job.totalRows | Should -Be $job.TotalRows
        $report.job.options.partitionRowThreshold | Should -Be 200
    }

    It 'writes values with their types: text as strings, NULL as null' {
        $oddPath = Join-Path $out 'odd.json'
        Export-TwinSpinReport $odd.Id $oddPath -Store $store
        $oddReport = Get-Content $oddPath -Raw | ConvertFrom-Json -Depth 20
        ($oddReport.discrepancies | Where-Object { $_.key.id -eq 5 }).fields[0].source | Should -BeNullOrEmpty
        ($oddReport.discrepancies | Where-Object { $_.key.id -eq 3 }).fields[0].source | Should -Be "two`nlines"
        ($oddReport.discrepancies | Where-Object { $_.key.id -eq 6 }).fields[0].target | Should -Be 'Astrom ✗'
    }
}

Describe 'Export-TwinSpinReport files and errors' {
    It 'gives each piped job its own file with a script block -Path' {
        $jobs = @(Get-TwinSpinJob -Store $store | Where-Object Id -in $job.Id, $odd.Id)
        $files = @($jobs | Export-TwinSpinReport -Path { Join-Path $out "each-$($_.Id).json" } -PassThru)
        $files.Count | Should -Be 2
        $files | ForEach-Object { $_ | Should -BeOfType System.IO.FileInfo; Test-Path $_.FullName | Should -BeTrue }
    }

    It 'refuses a second job for the same file' {
        $path = Join-Path $out 'same.csv'
        Get-TwinSpinJob -Store $store | Where-Object Id -in $job.Id, $odd.Id |
            Export-TwinSpinReport -Path $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.InvalidArgument*'
        @(Import-Csv $path).Count | Should -BeGreaterThan 0 -Because 'the first job''s report is kept'
    }

    It 'needs a known extension or -Format' {
        $path = Join-Path $out 'report.txt'
        Export-TwinSpinReport $job.Id $path -Store $store -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.InvalidArgument*'
        Test-Path $path | Should -BeFalse
        Export-TwinSpinReport $job.Id $path -Store $store -Format Json
        (Get-Content $path -Raw | ConvertFrom-Json).job.id | Should -Be $job.Id
    }

    It 'leaves no file when the folder does not exist, and keeps an existing file with -NoClobber' {
        $missing = Join-Path $out 'no/such/folder/job.csv'
        Export-TwinSpinReport $job.Id $missing -Store $store -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.ReportWriteFailed*'
        Test-Path (Join-Path $out 'no') | Should -BeFalse
        $kept = Join-Path $out 'kept.csv'
        Set-Content $kept 'keep me'
        Export-TwinSpinReport $job.Id $kept -Store $store -NoClobber -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.ReportWriteFailed*'
        Get-Content $kept | Should -Be 'keep me'
        @(Get-ChildItem $out -Filter '*.tmp') | Should -BeNullOrEmpty
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $out 'whatif.csv'
        Export-TwinSpinReport $job.Id $path -Store $store -WhatIf
        Test-Path $path | Should -BeFalse
    }

    It 'reports a missing job with a stable ErrorId' {
        Export-TwinSpinReport 999 (Join-Path $out 'none.csv') -Store $store -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.JobNotFound*'
    }
}

Describe 'Export-Csv of discrepancy objects' {
    It 'gives readable cells: the key as id=..., the fields as column: source -> target' {
        $path = Join-Path $out 'plain.csv'
        Get-TwinSpinDiscrepancy $job.Id -Store $store | Export-Csv $path
        $rows = @(Import-Csv $path)
        $rows.Count | Should -Be $planted.Count
        $rows | ForEach-Object { $_.Key | Should -Match '^id=\d+$' }
        (Get-Content $path -Raw) | Should -Not -Match 'System\.'
        ($rows | Where-Object Type -eq 'ValueMismatch' | Select-Object -First 1).Fields | Should -Match '^\w+: .+ -> .+$'
    }
}
