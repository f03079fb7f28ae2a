BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'The private load context' {
    It 'works when another module already loaded other versions of Arrow and Microsoft.Data.Sqlite' {
        $packages = Get-NuGetPackagesRoot
        $oldArrow = Join-Path $packages 'apache.arrow/14.0.2/lib/netstandard2.0/Apache.Arrow.dll'
        $oldSqlite = Join-Path $packages 'microsoft.data.sqlite.core/8.0.30/lib/net8.0/Microsoft.Data.Sqlite.dll'
        $oldArrow, $oldSqlite | ForEach-Object { Test-Path $_ | Should -BeTrue -Because "$_ is restored by tests/tools/TestTools.csproj" }
        $dir = New-TestDirectory
        Invoke-Sqlite (Join-Path $dir 'a.db') 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, ''a''), (2, ''b'');'
        Invoke-Sqlite (Join-Path $dir 'b.db') 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, ''a''), (2, ''c'');'
        $script = @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$oldArrow'
Add-Type -Path '$oldSqlite'
Import-Module '$env:TWINSPIN_TEST_MODULE'
`$a = New-TwinSpinEndpoint Sqlite 'Data Source=$dir/a.db' t
`$b = New-TwinSpinEndpoint Sqlite 'Data Source=$dir/b.db' t
`$found = @(Compare-TwinSpinRange `$a `$b)
`$default = [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.GetName() | Where-Object Name -in 'Apache.Arrow', 'Microsoft.Data.Sqlite'
`$engine = ([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'TwinSpin.Engine').Assemblies.GetName() | Where-Object Name -in 'Apache.Arrow', 'Microsoft.Data.Sqlite'
[pscustomobject]@{
    Found = `$found.ForEach({ "`$(`$_.Type) `$(`$_.Key) `$(`$_.Columns)" })
    Default = `$default.ForEach({ "`$(`$_.Name) `$(`$_.Version.Major)" }) | Sort-Object
    Engine = `$engine.ForEach({ "`$(`$_.Name) `$(`$_.Version.Major)" }) | Sort-Object
} | ConvertTo-Json -Compress
"@
        $json = & (Get-PwshPath) -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        $result = $json | ConvertFrom-Json
        $result.Found | Should -Be @('ValueMismatch id=2 v')
        $result.Default | Should -Be @('Apache.Arrow 14', 'Microsoft.Data.Sqlite 8')
        $result.Engine | Should -Be @('Apache.Arrow 23', 'Microsoft.Data.Sqlite 10')
    }
}

BeforeDiscovery {
    # Where build.ps1 stages the precompiled build (Hosting/EngineDirectory.cs chooses it).
    $onReadyPlatform = $IsLinux -and [Environment]::Version.Major -eq 10 -and
        [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier -notmatch 'musl' -and
        [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'X64'
}

Describe 'The precompiled (ReadyToRun) engine' {
    BeforeAll {
        $dir = New-TestDirectory
        # Enough rows that a job runs the checksum, split and fetch code paths, not only the set-up.
        $pair = New-SamplePair -Rows 5000 -Differences 20 -Seed 3
        # A fresh pwsh imports the module, runs one job, and says where the engine came from and how many
        # methods the JIT compiled during the job: precompiled code is not compiled again.
        $script:RunJob = {
            param([string] $ReadyToRun)
            $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:TWINSPIN_TEST_MODULE'
`$a = New-TwinSpinEndpoint Sqlite 'Data Source=$pair/source.db' accounts
`$b = New-TwinSpinEndpoint Sqlite 'Data Source=$pair/target.db' accounts
`$before = [System.Runtime.JitInfo]::GetCompiledMethodCount()
`$job = Start-TwinSpinJob -Source `$a -Target `$b -KeyColumn id -Store '$dir/store-`$env:TWINSPIN_READYTORUN.db'
`$jitted = [System.Runtime.JitInfo]::GetCompiledMethodCount() - `$before
`$engine = ([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'TwinSpin.Engine').Assemblies | Where-Object { `$_.GetName().Name -eq 'TwinSpin.Engine' }
[pscustomobject]@{ Status = [string]`$job.Status; Found = `$job.DiscrepanciesFound; Jitted = `$jitted; Engine = `$engine.Location } | ConvertTo-Json -Compress
"@
            $saved = $env:TWINSPIN_READYTORUN
            try {
                $env:TWINSPIN_READYTORUN = $ReadyToRun
                $json = & (Get-PwshPath) -NoProfile -NonInteractive -Command $script
                $LASTEXITCODE | Should -Be 0
            }
            finally { $env:TWINSPIN_READYTORUN = $saved }
            $json | ConvertFrom-Json
        }
        $moduleDeps = Join-Path (Split-Path $env:TWINSPIN_TEST_MODULE) 'deps'
        $planted = @(Get-PlantedSet $pair).Count
    }

    It 'is staged with the module, and loaded on .NET 10 linux-x64 where its code is used instead of compiling it' -Skip:(-not $onReadyPlatform) {
        Test-Path (Join-Path $moduleDeps 'ready/net10.0-linux-x64/TwinSpin.Engine.dll') | Should -BeTrue
        $ready = & $script:RunJob '1'
        $il = & $script:RunJob '0'
        $ready.Status, $il.Status | Should -Be 'Completed', 'Completed'
        $ready.Found | Should -Be $planted
        $il.Found | Should -Be $planted
        $ready.Engine | Should -BeLike "*deps/ready/net10.0-linux-x64/TwinSpin.Engine.dll"
        $il.Engine | Should -Be (Join-Path $moduleDeps 'TwinSpin.Engine.dll')
        # Images the runtime refused (made for another major version, say) would be compiled all the same.
        Write-Host "methods compiled during the job: precompiled $($ready.Jitted), IL $($il.Jitted)"
        $ready.Jitted | Should -BeLessThan ($il.Jitted * 0.7) -Because "the IL build compiled $($il.Jitted) methods during the job"
    }
}
