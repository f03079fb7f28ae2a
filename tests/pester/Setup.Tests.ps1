# The test set-up's own logic: a package dpkg has never heard of is missing, and a prerequisite still
# missing after the install step stops the run with one line naming it.
BeforeAll {
    . (Join-Path $PSScriptRoot '../setup/Prerequisites.ps1')
}

Describe 'Test prerequisites' {
    It 'takes a package dpkg has never heard of as missing' {
        Get-MissingDebianPackage -Name 'twinspin-no-such-package' | Should -Be 'twinspin-no-such-package'
    }

    It 'takes an installed package as present and keeps only the missing ones' {
        @(Get-MissingDebianPackage -Name 'dpkg', 'twinspin-no-such-package', 'coreutils') |
            Should -Be @('twinspin-no-such-package')
    }

    It 'finds every prerequisite of this run present after the install step' {
        { Assert-TestPrerequisite } | Should -Not -Throw
    }

    It 'stops with one line naming what is still missing' {
        $checks = @(
            @{ What = 'a present thing'; Package = 'dpkg'; Test = { $true } }
            @{ What = 'the absent tool'; Package = 'absent-package'; Test = { $false } }
            @{ What = "the ODBC driver 'No Such Driver'"; Package = 'no-driver-package'; Test = { Test-OdbcDriver 'No Such Driver' } }
        )
        $message = try { Assert-TestPrerequisite -Check $checks; '' } catch { $_.Exception.Message }
        $message | Should -Be ("Test prerequisites missing after the install step: the absent tool (package absent-package), " +
            "the ODBC driver 'No Such Driver' (package no-driver-package).")
    }
}
