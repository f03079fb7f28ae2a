BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'The TwinSpin module' {
    It 'exports the cmdlets' {
        $names = (Get-Command -Module TwinSpin).Name | Sort-Object
        $names | Should -Be @('Compare-TwinSpinRange', 'Export-TwinSpinReport', 'Get-TwinSpinDiscrepancy', 'Get-TwinSpinJob', 'Get-TwinSpinPartition',
            'Invoke-TwinSpinRepair', 'New-TwinSpinEndpoint', 'New-TwinSpinRepairScript', 'Remove-TwinSpinJob', 'Resume-TwinSpinJob', 'Show-TwinSpinDiscrepancy', 'Show-TwinSpinPartition', 'Start-TwinSpinJob', 'Stop-TwinSpinJob', 'Test-TwinSpinEndpoint', 'Test-TwinSpinSample', 'Watch-TwinSpinJob')
    }

    It 'loads the engine and its dependencies in a private load context, not the default one' {
        # Force the engine to load: a job run touches Arrow and SQLite.
        $dir = New-TestDirectory
        Invoke-Sqlite (Join-Path $dir 'a.db') 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, ''a'');'
        $e = New-TwinSpinEndpoint Sqlite "Data Source=$dir/a.db" t
        Compare-TwinSpinRange -Source $e -Target $e | Should -BeNullOrEmpty

        $engineContext = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'TwinSpin.Engine'
        $engineContext | Should -Not -BeNullOrEmpty
        $engineContext.Assemblies.GetName().Name | Should -Contain 'TwinSpin.Engine'
        $engineContext.Assemblies.GetName().Name | Should -Contain 'Apache.Arrow'
        $engineContext.Assemblies.GetName().Name | Should -Contain 'Microsoft.Data.Sqlite'
        $default = [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.GetName().Name
        $default | Should -Not -Contain 'TwinSpin.Engine'
        $default | Should -Not -Contain 'Apache.Arrow'
        $default | Should -Contain 'TwinSpin'
    }

    It 'declares output types and supports -WhatIf where it writes' {
        (Get-Command Start-TwinSpinJob).OutputType.Name | Should -Contain 'TwinSpin.Job'
        (Get-Command Remove-TwinSpinJob).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command Stop-TwinSpinJob).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command Start-TwinSpinJob).Parameters.Keys | Should -Contain 'WhatIf'
    }

    It 'completes enum parameter values' {
        $result = TabExpansion2 -inputScript 'New-TwinSpinEndpoint -Provider Sq' -cursorColumn 33
        $result.CompletionMatches.CompletionText | Should -Contain 'Sqlite'
    }

    It 'completes column names from the source table' {
        $dir = New-TestDirectory
        Invoke-Sqlite (Join-Path $dir 'a.db') 'CREATE TABLE t (id INTEGER PRIMARY KEY, amount REAL, amended TEXT);'
        # The completer needs $s bound: define it first, then complete.
        $s = New-TwinSpinEndpoint Sqlite "Data Source=$dir/a.db" t
        $line = 'Start-TwinSpinJob -Source $s -Target $s -ExcludeColumn am'
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $result.CompletionMatches.CompletionText | Should -Be @('amount', 'amended')
    }

    It 'completes job ids from the store' {
        $dir = New-TestDirectory
        Invoke-Sqlite (Join-Path $dir 'a.db') 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, ''a'');'
        $env:TWINSPIN_STORE = Join-Path $dir 'store.db'
        try {
            $e = New-TwinSpinEndpoint Sqlite "Data Source=$dir/a.db" t
            $job = Start-TwinSpinJob $e $e -Name 'completion check'
            $line = 'Get-TwinSpinPartition -JobId '
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $result.CompletionMatches.CompletionText | Should -Contain ([string]$job.Id)
        }
        finally { Remove-Item Env:TWINSPIN_STORE }
    }
}
