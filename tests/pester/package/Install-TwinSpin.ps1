<#
.SYNOPSIS
    Package.Tests.ps1, in a child pwsh whose HOME is a temporary folder: registers the folder holding
    TwinSpin's .nupkg as a repository, installs TwinSpin from it for the current user, and unregisters it.
    Writes {Repositories} (the repository names left registered afterwards) as JSON to -ResultPath.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('PSResourceGet', 'PowerShellGet')] [string] $Client,
    [Parameter(Mandatory)] [string] $Feed,
    [Parameter(Mandatory)] [string] $ResultPath
)

$ErrorActionPreference = 'Stop'
$name = 'TwinSpinTest' + [guid]::NewGuid().ToString('N').Substring(0, 8)
if ($Client -eq 'PSResourceGet') {
    Register-PSResourceRepository -Name $name -Uri $Feed -Trusted
    try { Install-PSResource -Name TwinSpin -Repository $name -Scope CurrentUser -TrustRepository }
    finally { Unregister-PSResourceRepository -Name $name }
    $left = @(Get-PSResourceRepository | ForEach-Object Name)
}
else {
    # PowerShellGet v2 reads a folder of .nupkg files as a file-share repository.
    Register-PSRepository -Name $name -SourceLocation $Feed -InstallationPolicy Trusted
    try { Install-Module -Name TwinSpin -Repository $name -Scope CurrentUser }
    finally { Unregister-PSRepository -Name $name }
    $left = @(Get-PSRepository -WarningAction SilentlyContinue | ForEach-Object Name)
}
@{ Repositories = $left } | ConvertTo-Json | Set-Content -Path $ResultPath
