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
