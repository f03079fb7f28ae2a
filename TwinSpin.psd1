@{
    RootModule           = 'TwinSpin.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0c2f3e-7a61-4c1e-9d3a-2f7e8c4b9a10'
    Author               = 'TwinSpin developers'
    CompanyName          = 'TwinSpin'
    Copyright            = '(c) TwinSpin developers. All rights reserved.'
    Description          = 'Reconciles very large tables between two databases (DB2, Oracle, any ADO.NET or ODBC source): recursive in-database checksums, Arrow leaf diffs, field-level discrepancies, a persistent job store.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('TwinSpin.Format.ps1xml')
    CmdletsToExport      = @(
        'New-TwinSpinEndpoint'
        'Start-TwinSpinJob'
        'Get-TwinSpinJob'
        'Watch-TwinSpinJob'
        'Stop-TwinSpinJob'
        'Resume-TwinSpinJob'
        'Remove-TwinSpinJob'
        'Get-TwinSpinPartition'
        'Get-TwinSpinDiscrepancy'
        'Show-TwinSpinPartition'
        'Show-TwinSpinDiscrepancy'
        'Export-TwinSpinReport'
        'New-TwinSpinRepairScript'
        'Invoke-TwinSpinRepair'
        'Compare-TwinSpinRange'
        'Test-TwinSpinEndpoint'
        'Test-TwinSpinSample'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('reconciliation', 'database', 'DB2', 'Oracle', 'checksum', 'diff', 'Arrow')
            ProjectUri   = 'https://github.com/twinspin/twinspin'
            LicenseUri   = 'https://github.com/twinspin/twinspin/blob/main/LICENSE'
            ReleaseNotes = 'First release: endpoints for SQLite, PostgreSQL, MariaDB, ODBC, DB2 and Oracle; jobs with a persistent store, resume and stop; partition and discrepancy views. See Get-Help about_TwinSpin.'
        }
    }
}
