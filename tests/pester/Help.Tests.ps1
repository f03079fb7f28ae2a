BeforeDiscovery {
    Import-Module $env:TWINSPIN_TEST_MODULE -Force
    $commands = Get-Command -Module TwinSpin | ForEach-Object { @{ Name = $_.Name } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Help for <Name>' -ForEach $commands {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    }

    It 'has a synopsis, a description and examples' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name"   # not the auto-generated syntax stub
        ($help.Description.Text -join '') | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
    }

    It 'documents every parameter, and no parameter that does not exist' {
        $documented = @($help.Parameters.Parameter.Name | Where-Object { $_ -notin $common }) | Sort-Object
        $actual = @($command.Parameters.Keys | Where-Object { $_ -notin $common }) | Sort-Object
        $documented | Should -Be $actual
        foreach ($parameter in $help.Parameters.Parameter) {
            ($parameter.Description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a description"
        }
    }

    It 'has examples that parse and use only real parameters' {
        foreach ($example in $help.Examples.Example) {
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.Code, [ref]$null, [ref]$errors)
            $errors | Should -BeNullOrEmpty
            $calls = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -like '*-TwinSpin*' }, $true)
            foreach ($call in $calls) {
                $target = Get-Command $call.GetCommandName()
                $names = $target.Parameters.Keys + ($target.Parameters.Values.Aliases)
                foreach ($element in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                    $names | Should -Contain $element.ParameterName -Because "example uses -$($element.ParameterName) of $($call.GetCommandName())"
                }
            }
        }
    }
}

Describe 'about_TwinSpin' {
    BeforeAll {
        $about = Get-Help about_TwinSpin | Out-String
    }

    It 'is an about topic Get-Help finds in the imported module' {
        $about | Should -Match '^TOPIC\s+about_TwinSpin\s'
        $about | Should -Match '(?m)^SHORT DESCRIPTION$'
        $about | Should -Match '(?m)^LONG DESCRIPTION$'
    }

    It 'mentions every cmdlet the module exports' {
        # The exports read from the module, not a list kept here: a new cmdlet without a line fails.
        foreach ($name in (Get-Command -Module TwinSpin).Name) {
            $about | Should -Match "\b$([regex]::Escape($name))\b" -Because "about_TwinSpin should mention $name"
        }
    }
}
