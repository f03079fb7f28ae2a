# The module package (build.ps1 -Task Package): what it holds, and that both gallery clients install it from
# a local file repository so that a clean pwsh imports TwinSpin by name and runs a real job.
#
# The suite has staged the module already, so the package is made with -NoBuild. Packing and each install
# run in a child pwsh whose HOME is a temporary folder: PSResourceGet and PowerShellGet keep their repository lists
# and the CurrentUser module path under HOME (PSResourceGet ignores XDG_DATA_HOME), so neither a
# registration nor an install can reach the user's own. Windows keeps them elsewhere (Documents, AppData),
# out of reach of an environment variable, so the install tests only run on Linux and macOS.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $staged = Split-Path $env:TWINSPIN_TEST_MODULE
    $feed = Join-Path $root 'out/package'

    # Runs a script file in a new pwsh with HOME set to $HomePath and nothing inherited that points at
    # modules or stores.
    function Invoke-IsolatedPwsh([string] $HomePath, [string] $File, [hashtable] $Arguments) {
        $info = [System.Diagnostics.ProcessStartInfo]::new((Get-PwshPath))
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $File) { $info.ArgumentList.Add($argument) }
        foreach ($entry in $Arguments.GetEnumerator()) {
            $info.ArgumentList.Add("-$($entry.Key)")
            if ($entry.Value -isnot [switch]) { $info.ArgumentList.Add([string]$entry.Value) }
        }
        $info.Environment['HOME'] = $HomePath
        foreach ($name in 'PSModulePath', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'TWINSPIN_STORE') {
            [void]$info.Environment.Remove($name)
        }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(300000)) {
            $process.Kill($true)
            throw "$File did not finish within 5 minutes."
        }
        if ($process.ExitCode -ne 0) { throw "$File failed (exit code $($process.ExitCode)): $($stderr.Result)$($stdout.Result)" }
    }

    # A script of tests/pester/package in an isolated pwsh; returns the JSON it wrote to -ResultPath.
    function Invoke-PackageScript([string] $HomePath, [string] $Script, [hashtable] $Arguments) {
        $resultPath = Join-Path $HomePath "result-$([guid]::NewGuid().ToString('N')).json"
        Invoke-IsolatedPwsh $HomePath (Join-Path $PSScriptRoot "package/$Script") ($Arguments + @{ ResultPath = $resultPath })
        Get-Content $resultPath -Raw | ConvertFrom-Json
    }

    # What the user's own configuration holds, to show the tests left it as it was.
    function Get-UserPackageState {
        $userHome = [Environment]::GetFolderPath('UserProfile')
        foreach ($path in '.local/share/PSResourceGet/PSResourceRepository.xml', '.cache/powershell/PowerShellGet/PSRepositories.xml') {
            $file = Join-Path $userHome $path
            "${path}: $(if (Test-Path $file) { (Get-FileHash $file).Hash } else { 'absent' })"
        }
        $modules = Join-Path $userHome '.local/share/powershell/Modules'
        if (Test-Path $modules) { Get-ChildItem $modules -Recurse -Name | Sort-Object }
    }

    $userStateBefore = Get-UserPackageState
    $temporary = [System.Collections.Generic.List[string]]::new() # removed in AfterAll, added to by the blocks
    $packHome = New-TestDirectory
    $temporary.Add($packHome)
    Invoke-IsolatedPwsh $packHome (Join-Path $root 'build.ps1') @{ Task = 'Package'; NoBuild = [switch]::Present }
    $packages = @(Get-ChildItem $feed -Filter '*.nupkg')
    $manifest = Import-PowerShellDataFile (Join-Path $staged 'TwinSpin.psd1')

    $pair = New-SamplePair -Rows 5000 -Differences 30
    $planted = Get-PlantedSet $pair
    $temporary.Add($pair)
}

AfterAll {
    foreach ($path in $temporary) { Remove-Item $path -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'build.ps1 -Task Package' {
    It 'packs a manifest that Test-ModuleManifest accepts' {
        $tested = Test-ModuleManifest (Join-Path $staged 'TwinSpin.psd1') -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -BeNullOrEmpty
        $tested.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $tested.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
    }

    It 'writes one package, named for the manifest''s version' {
        $packages.Name | Should -Be "TwinSpin.$($manifest.ModuleVersion).nupkg"
    }

    It 'holds every file of the staged module, deps/ and the native runtimes included' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($packages[0].FullName)
        try { $entries = @($zip.Entries.FullName | ForEach-Object { [uri]::UnescapeDataString($_) }) }
        finally { $zip.Dispose() }
        # NuGet's own parts of the package are not module files.
        $packed = $entries | Where-Object { $_ -notmatch '^(_rels/|package/|\[Content_Types\]\.xml$|TwinSpin\.nuspec$)' } | Sort-Object
        $files = Get-ChildItem $staged -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($staged, $_.FullName) -replace '\\', '/' } | Sort-Object
        $packed | Should -Be $files
        $files | Should -Contain 'en-US/about_TwinSpin.help.txt'
        @($files -like 'deps/runtimes/*/native/*').Count | Should -BeGreaterThan 0
    }

    It 'carries the manifest''s gallery metadata' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($packages[0].FullName)
        try {
            $reader = [IO.StreamReader]::new($zip.GetEntry('TwinSpin.nuspec').Open())
            $nuspec = ([xml]$reader.ReadToEnd()).package.metadata
            $reader.Dispose()
        }
        finally { $zip.Dispose() }
        $psData = $manifest.PrivateData.PSData
        $nuspec.id | Should -Be 'TwinSpin'
        $nuspec.version | Should -Be $manifest.ModuleVersion
        $nuspec.projectUrl | Should -Be $psData.ProjectUri
        $nuspec.licenseUrl | Should -Be $psData.LicenseUri
        $nuspec.releaseNotes | Should -Be $psData.ReleaseNotes
        foreach ($tag in $psData.Tags) { $nuspec.tags -split ' ' | Should -Contain $tag }
    }
}

Describe 'Installing the package with <Client>' -ForEach @(
    @{ Client = 'PSResourceGet'; Module = 'Microsoft.PowerShell.PSResourceGet' }
    @{ Client = 'PowerShellGet'; Module = 'PowerShellGet' }
) {
    BeforeAll {
        $available = [bool](Get-Module -ListAvailable $Module)
        if ($available -and -not $IsWindows) {
            $userHome = New-TestDirectory
            $temporary.Add($userHome)
            $install = Invoke-PackageScript $userHome 'Install-TwinSpin.ps1' @{ Client = $Client; Feed = $feed }
            $use = Invoke-PackageScript $userHome 'Use-InstalledTwinSpin.ps1' @{ Pair = $pair; Store = (Join-Path $userHome 'store.db') }
        }
    }

    BeforeEach {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'HOME does not isolate the module paths and repository lists on Windows' }
        elseif (-not $available) { Set-ItResult -Skipped -Because "$Module is not shipped with this pwsh" }
    }

    It 'installs for the current user under HOME, and a clean pwsh imports it by name' {
        $use.ModuleBase | Should -BeLike (Join-Path $userHome '.local/share/powershell/Modules/TwinSpin/*')
        $use.Commands | Sort-Object | Should -Be ((Get-Command -Module TwinSpin).Name | Sort-Object)
    }

    It 'runs a real job: the discrepancies are the planted ones' {
        $use.Status | Should -Be 'Completed'
        $found = $use.Discrepancies | ForEach-Object { '{0} {1} {2}' -f $_.Type, $_.Id, $_.Columns } | Sort-Object
        @($found).Count | Should -Be @($planted).Count
        $found | Should -Be $planted
    }

    It 'brings the about topic' {
        $use.About | Should -Match '^TOPIC\s+about_TwinSpin\s'
    }

    It 'leaves no test repository registered' {
        @($install.Repositories | Where-Object { $_ -like 'TwinSpinTest*' }) | Should -BeNullOrEmpty
    }
}

Describe 'The user''s own configuration' {
    It 'is as it was: no repository registered and no module installed there' {
        Get-UserPackageState | Should -Be $userStateBefore
    }
}
