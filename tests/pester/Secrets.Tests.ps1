# A password given with -Credential never reaches the job store, warnings, errors, verbose output or any object
# the cmdlets emit: a whole session of them against the real PostgreSQL test server is searched for it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $parts = Connect-TestPostgres
    $password = $parts['password']
    $credential = [pscredential]::new($parts['username'], (ConvertTo-SecureString $password -AsPlainText -Force))
    $database = New-TestPostgresDatabase 'ts_secrets'
    $sourceDatabase = New-TestPostgresDatabase 'ts_secrets_src'
    $pair = New-SamplePair -Rows 20000 -Differences 40 -Seed 31
    Copy-SampleToPostgres $pair $sourceDatabase source
    Copy-SampleToPostgres $pair $database target
    $withoutSecret = "Host=$($parts['host']);Port=$($parts['port']);Database=$database"
    $sourceWithoutSecret = "Host=$($parts['host']);Port=$($parts['port']);Database=$sourceDatabase"
    $store = Join-Path $pair 'store.db'
}

AfterAll {
    Remove-TestPostgresDatabase $database
    Remove-TestPostgresDatabase $sourceDatabase
}

Describe 'Secrets' {
    It 'appear nowhere: store bytes, objects, warnings, errors, verbose output' {
        $emitted = [System.Collections.Generic.List[object]]::new()
        $src = New-TwinSpinEndpoint PostgreSql $sourceWithoutSecret public.accounts -Credential $credential
        $tgt = New-TwinSpinEndpoint PostgreSql $withoutSecret public.accounts -Credential $credential
        $missing = New-TwinSpinEndpoint PostgreSql $withoutSecret public.no_such_table -Credential $credential
        $wrong = New-TwinSpinEndpoint PostgreSql "$withoutSecret;Username=$($parts['username']);Password=$password-wrong" public.accounts
        $emitted.AddRange(@($src, $tgt, $missing, $wrong))

        $all = & {
            $ErrorActionPreference = 'Continue' # the errors are part of what is searched
            Test-TwinSpinEndpoint $src
            Test-TwinSpinEndpoint (New-TwinSpinEndpoint PostgreSql $withoutSecret public.accounts) -Credential $credential
            Test-TwinSpinEndpoint $wrong
            Compare-TwinSpinRange $src $tgt -Verbose
            $job = Start-TwinSpinJob $src $tgt -Store $store -Verbose -PartitionRowThreshold 50 -Strategy Rows
            $job
            Get-TwinSpinJob -Id $job.Id -Store $store
            Get-TwinSpinPartition -JobId $job.Id -Store $store
            Get-TwinSpinDiscrepancy -JobId $job.Id -Store $store
            Start-TwinSpinJob $src $missing -Store $store
            Start-TwinSpinJob $src $wrong -Store $store
            # A completed job resumed: a warning.
            Resume-TwinSpinJob -Id $job.Id -Store $store
            # In the background, from a command line that holds the password itself.
            $background = Invoke-Expression "Start-TwinSpinJob `$src (New-TwinSpinEndpoint PostgreSql '$withoutSecret;Username=$($parts['username']);Password=$password' public.accounts) -Store '$store' -AsJob"
            $background.Command
            $background | Get-Job | Format-List * | Out-String
            $background | Wait-Job | Receive-Job
        } *>&1
        $all | Should -Not -BeNullOrEmpty
        $emitted.AddRange(@($all))

        # A job that needs its password back: cancelled at once through the store, then resumed.
        $ps = New-ModuleRunspacePowerShell
        $null = $ps.AddCommand('Start-TwinSpinJob').AddParameters(@{ Source = $src; Target = $tgt; Store = $store; Name = 'to resume'
                PartitionRowThreshold = 10; FanOut = 2; Parallelism = 1; Strategy = 'Rows' })
        $handle = $ps.BeginInvoke()
        do { Start-Sleep -Milliseconds 100; $running = Get-TwinSpinJob -Store $store | Where-Object { $_.Name -eq 'to resume' -and $_.Status -eq 'Running' } }
        until ($running -or $handle.IsCompleted)
        Stop-TwinSpinJob -Id $running.Id -Store $store
        $emitted.AddRange(@($ps.EndInvoke($handle)))
        $emitted.AddRange(@($ps.Streams.Warning + $ps.Streams.Error + $ps.Streams.Verbose))
        $ps.Dispose()
        $resumeErrors = $null
        Resume-TwinSpinJob -Id $running.Id -Store $store -ErrorVariable resumeErrors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $resumeErrors[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.CredentialRequired*'
        $resumed = Resume-TwinSpinJob -Id $running.Id -Store $store -Credential $credential
        $resumed.Status | Should -Be 'Completed'
        $emitted.AddRange(@($resumeErrors + $resumed))

        # What was said really happened: errors, warnings and verbose records are among what is searched.
        @($emitted | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -BeGreaterThan 2
        @($emitted | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
        foreach ($item in $emitted) {
            $text = if ($item -is [System.Management.Automation.ErrorRecord]) {
                "$item $($item.Exception.Message) $($item.Exception.InnerException) $($item.TargetObject) $($item.ErrorDetails)"
            } else { "$item" }
            $text | Should -Not -Match ([regex]::Escape($password))
            if ($item -isnot [System.Management.Automation.ErrorRecord] -and $item -isnot [System.Management.Automation.InformationalRecord]) {
                # Every object the cmdlets emit, serialized deeply (error and stream records are searched as text above:
                # serializing an exception's reflection graph would never end).
                ($item | ConvertTo-Json -Depth 10 -WarningAction SilentlyContinue) | Should -Not -Match ([regex]::Escape($password))
            }
        }
        # Reports: every format, from the job that needed its password back.
        foreach ($format in 'csv', 'json', 'html') {
            $report = Join-Path $pair "report.$format"
            Export-TwinSpinReport -JobId $resumed.Id -Path $report -Store $store
            (Get-Content $report -Raw).Contains($password) | Should -BeFalse -Because "the $format report must not hold it"
        }
        (Get-Content (Join-Path $pair 'report.json') -Raw).Contains($database) | Should -BeTrue -Because 'the search finds what is there'
        (Get-Content (Join-Path $pair 'report.html') -Raw).Contains($database) | Should -BeTrue -Because 'the page shows the redacted connection string'

        # The store file and its journal, as bytes in the encodings SQLite may write text in.
        # The search finds what is there (the database name is stored), so it can find the password if it were.
        [System.Text.Encoding]::Latin1.GetString([System.IO.File]::ReadAllBytes($store)).Contains($database) | Should -BeTrue
        foreach ($file in Get-ChildItem "$store*") {
            $bytes = [System.Text.Encoding]::Latin1.GetString([System.IO.File]::ReadAllBytes($file.FullName))
            foreach ($encoding in [System.Text.Encoding]::UTF8, [System.Text.Encoding]::Unicode) {
                $bytes.Contains([System.Text.Encoding]::Latin1.GetString($encoding.GetBytes($password))) | Should -BeFalse -Because "$($file.Name) must not hold it"
            }
        }
    }
}
