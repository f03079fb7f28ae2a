BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

# The README's first command runs this script on a 1,000,000-row pair (build.ps1 -Task Demo); here it runs
# on a small pair, so a clean clone proves the script is there and still works.
Describe 'The demo script' {
    It 'reconciles a sample pair and finds exactly the planted differences' {
        $pair = New-SamplePair -Rows 20000 -Differences 30 -Seed 5
        $script = Join-Path $PSScriptRoot '../demo/Show-Demo.ps1'
        Test-Path $script | Should -BeTrue
        { & $script -ModulePath $env:TWINSPIN_TEST_MODULE -DemoPath $pair 6>$null | Out-Null } | Should -Not -Throw
    }
}
