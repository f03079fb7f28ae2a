#Requires -Version 7.0
<#
.SYNOPSIS
    Converts the cmdlet pages in docs/ (platyPS-style markdown) into the MAML help file Get-Help reads.
.DESCRIPTION
    Reads every *.md file directly in -DocsPath whose first line is "# <Verb>-TwinSpin<Noun>" (other
    pages, such as design notes, are skipped) and writes one MAML file with a command:command element
    per page. Get-Help finds the file for the binary cmdlets when it is named TwinSpin.dll-Help.xml and
    sits in a culture folder (en-US) next to TwinSpin.dll.

    Page layout (platyPS markdown, no front matter):

        # Verb-Noun
        ## SYNOPSIS            one paragraph
        ## SYNTAX              ### SetName [(Default)] + one fenced code block with the syntax line
        ## DESCRIPTION         paragraphs and "- " lists
        ## EXAMPLES            ### Example N: title + fenced code block(s) + explanation paragraphs
        ## PARAMETERS          ### -Name + description + one ```yaml block per parameter set
                               (Type, Parameter Sets, Aliases, Accepted values, Required, Position,
                               Default value, Accept pipeline input, Accept wildcard characters);
                               ### CommonParameters (text only; Get-Help adds its own)
        ## INPUTS / OUTPUTS    ### TypeName + text
        ## NOTES               paragraphs
        ## RELATED LINKS       optional "- [text](uri)" lines

    The pages are checked before anything is written: a missing section, an unknown heading, a
    parameter without yaml, or a syntax line that disagrees with the parameters' yaml (which
    parameters a set has, whether each is required and positional) stops the conversion with the
    file and line at fault. The XML is written with System.Xml.XmlWriter.
.PARAMETER DocsPath
    Folder holding the markdown pages.
.PARAMETER OutputPath
    The MAML file to write, normally <module>/en-US/TwinSpin.dll-Help.xml. Its folder is created if needed.
.EXAMPLE
    & src/TwinSpin.PowerShell/Help/ConvertTo-MamlHelp.ps1 -DocsPath docs -OutputPath out/TwinSpin/en-US/TwinSpin.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $DocsPath,

    [Parameter(Mandatory)]
    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$ns = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

$titlePattern = '^# (?<verb>[A-Za-z]+)-(?<noun>TwinSpin[A-Za-z]+)\s*$'
$knownSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'
$requiredSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES'
$yamlKeys = 'Type', 'Parameter Sets', 'Aliases', 'Accepted values', 'Required', 'Position', 'Default value',
    'Accept pipeline input', 'Accept wildcard characters'

#region Markdown reading

function Stop-Page {
    param([string] $File, [int] $Line, [string] $Message)
    throw "${File}:${Line}: $Message"
}

function Test-Fence {
    # Returns the fence marker (``` or ~~~, any length) and info string of a fence line, or $null.
    param([string] $Text)
    if ($Text -match '^\s{0,3}(?<marker>`{3,}|~{3,})\s*(?<info>[^`]*)$') {
        return [pscustomobject]@{ Marker = $Matches.marker; Info = $Matches.info.Trim() }
    }
    $null
}

function Split-Heading {
    <# Splits numbered lines at headings of one level ("## " or "### "), ignoring headings inside fenced code.
       Returns the lines before the first heading as a part with a $null title. #>
    param([object[]] $Lines, [int] $Level)
    $prefix = ('#' * $Level) + ' '
    $parts = [System.Collections.Generic.List[object]]::new()
    $current = [pscustomobject]@{ Title = $null; Line = if ($Lines.Count) { $Lines[0].Number } else { 0 }; Lines = [System.Collections.Generic.List[object]]::new() }
    $fence = $null
    foreach ($line in $Lines) {
        $f = Test-Fence $line.Text
        if ($fence) {
            if ($f -and $f.Marker[0] -eq $fence[0] -and $f.Marker.Length -ge $fence.Length -and -not $f.Info) { $fence = $null }
        }
        elseif ($f) {
            $fence = $f.Marker
        }
        elseif ($line.Text.StartsWith($prefix, [StringComparison]::Ordinal)) {
            $parts.Add($current)
            $current = [pscustomobject]@{ Title = $line.Text.Substring($prefix.Length).Trim(); Line = $line.Number; Lines = [System.Collections.Generic.List[object]]::new() }
            continue
        }
        $current.Lines.Add($line)
    }
    $parts.Add($current)
    $parts
}

function ConvertFrom-InlineMarkdown {
    # Plain text for MAML: links become "text (uri)", emphasis markers and backslash escapes go; `code` stays.
    param([string] $Text)
    $Text = [regex]::Replace($Text, '\[(?<text>[^\]]+)\]\((?<uri>[^)\s]+)\)', {
            param($m)
            if ($m.Groups['text'].Value -eq $m.Groups['uri'].Value) { $m.Groups['uri'].Value } else { "$($m.Groups['text'].Value) ($($m.Groups['uri'].Value))" }
        })
    $Text = [regex]::Replace($Text, '<(?<uri>https?://[^>\s]+)>', '${uri}')
    $Text = [regex]::Replace($Text, '(\*\*|__)(?=\S)(?<inner>.+?)(?<=\S)\1', '${inner}')
    $Text = [regex]::Replace($Text, '\\(?<char>[\\`*_{}\[\]()#+\-.!<>|])', '${char}')
    $Text
}

function Get-Block {
    <# Parses body lines into blocks: Paragraph (soft-wrapped lines joined), ListItem, Code (verbatim). #>
    param([object[]] $Lines, [string] $File)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $text = $null; $kind = $null; $start = 0
    $flush = {
        if ($null -ne $text) {
            $blocks.Add([pscustomobject]@{ Kind = $kind; Text = (ConvertFrom-InlineMarkdown $text); Language = $null; Line = $start })
        }
    }
    for ($i = 0; $i -lt $Lines.Count; $i++) {
        $line = $Lines[$i]
        $f = Test-Fence $line.Text
        if ($f) {
            . $flush; $text = $null
            $code = [System.Collections.Generic.List[string]]::new()
            $closed = $false
            for ($i++; $i -lt $Lines.Count; $i++) {
                $g = Test-Fence $Lines[$i].Text
                if ($g -and $g.Marker[0] -eq $f.Marker[0] -and $g.Marker.Length -ge $f.Marker.Length -and -not $g.Info) { $closed = $true; break }
                $code.Add($Lines[$i].Text)
            }
            if (-not $closed) { Stop-Page $File $line.Number 'Code fence is never closed.' }
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Text = ($code -join "`n"); Language = $f.Info; Line = $line.Number })
            continue
        }
        if ($line.Text -match '^\s*$') {
            . $flush; $text = $null
            continue
        }
        if ($line.Text -match '^\s*#{1,6}\s') {
            Stop-Page $File $line.Number "Unexpected heading '$($line.Text.Trim())' here."
        }
        if ($line.Text -match '^\s{0,3}(?<bullet>[-*+]|\d+[.)])\s+(?<item>.*)$') {
            . $flush
            $kind = 'ListItem'; $start = $line.Number
            $bullet = if ($Matches.bullet -match '^\d') { $Matches.bullet } else { '-' }
            $text = "$bullet $($Matches.item.Trim())"
            continue
        }
        if ($null -eq $text) {
            $kind = 'Paragraph'; $start = $line.Number; $text = $line.Text.Trim()
        }
        else {
            $text += ' ' + $line.Text.Trim()
        }
    }
    . $flush
    $blocks
}

function Get-Paragraph {
    # The prose of blocks as MAML paragraphs; code inside prose is kept, indented.
    param([object[]] $Blocks)
    foreach ($b in $Blocks) {
        if ($b.Kind -eq 'Code') { ($b.Text -split "`n" | ForEach-Object { "    $_" }) -join "`n" } else { $b.Text }
    }
}

function Read-Yaml {
    param([object] $Block, [string] $File)
    $values = [ordered]@{}
    $number = $Block.Line
    foreach ($raw in $Block.Text -split "`n") {
        $number++
        if ($raw -match '^\s*$') { continue }
        if ($raw -notmatch '^(?<key>[A-Za-z][A-Za-z ]*?)\s*:\s*(?<value>.*)$') { Stop-Page $File $number "Cannot read yaml line '$raw' (expected 'Key: value')." }
        $key = $yamlKeys | Where-Object { $_ -eq $Matches.key } | Select-Object -First 1
        if (-not $key) { Stop-Page $File $number "Unknown yaml key '$($Matches.key)'. Known keys: $($yamlKeys -join ', ')." }
        if ($values.Contains($key)) { Stop-Page $File $number "Yaml key '$key' appears twice." }
        $values[$key] = $Matches.value.Trim()
    }
    foreach ($key in 'Type', 'Parameter Sets', 'Required', 'Position') {
        if (-not $values.Contains($key) -or -not $values[$key]) { Stop-Page $File $Block.Line "The yaml block has no '$key'." }
    }
    $required = $values['Required']
    if ($required -notin 'True', 'False') { Stop-Page $File $Block.Line "Required must be True or False, not '$required'." }
    $position = $values['Position']
    if ($position -ne 'Named' -and $position -notmatch '^\d+$') { Stop-Page $File $Block.Line "Position must be Named or a number, not '$position'." }
    $pipeline = if ($values.Contains('Accept pipeline input') -and $values['Accept pipeline input']) { $values['Accept pipeline input'] } else { 'False' }
    if ($pipeline -notmatch '^(False|True \((ByValue|ByPropertyName|ByValue, ByPropertyName)\))$') {
        Stop-Page $File $Block.Line "Accept pipeline input must be False, True (ByValue), True (ByPropertyName) or True (ByValue, ByPropertyName), not '$pipeline'."
    }
    $wildcards = if ($values.Contains('Accept wildcard characters') -and $values['Accept wildcard characters']) { $values['Accept wildcard characters'] } else { 'False' }
    if ($wildcards -notin 'True', 'False') { Stop-Page $File $Block.Line "Accept wildcard characters must be True or False, not '$wildcards'." }
    $list = { param($v) if (-not $v -or $v -eq 'None') { @() } else { @($v -split '\s*,\s*' | Where-Object { $_ }) } }
    [pscustomobject]@{
        Type           = $values['Type']
        Sets           = & $list $values['Parameter Sets']
        Aliases        = & $list $(if ($values.Contains('Aliases')) { $values['Aliases'] })
        AcceptedValues = & $list $(if ($values.Contains('Accepted values')) { $values['Accepted values'] })
        Required       = $required -eq 'True'
        Position       = if ($position -eq 'Named') { 'named' } else { $position }
        DefaultValue   = if ($values.Contains('Default value') -and $values['Default value']) { $values['Default value'] } else { 'None' }
        PipelineInput  = $pipeline
        Globbing       = $wildcards -eq 'True'
        Line           = $Block.Line
    }
}

function Read-SyntaxLine {
    <# The parameters of one syntax line, in order, with what the brackets say:
       -A <T> required named; [-A <T>] optional named; [-A] <T> required positional;
       [[-A] <T>] optional positional; [-S] optional switch; -S required switch. #>
    param([string] $Syntax)
    $pattern = '(?<![\w-])(?<open>\[{0,2})-(?<name>[A-Za-z]\w*)(?<close1>\]?)(?<value>\s+(?:<[^>]+>|\{[^}]+\}))?(?<close2>\]?)'
    foreach ($m in [regex]::Matches($Syntax, $pattern)) {
        $hasValue = $m.Groups['value'].Success
        $open = $m.Groups['open'].Value.Length
        $positional = $hasValue -and $m.Groups['close1'].Value -eq ']'
        [pscustomobject]@{
            Name       = $m.Groups['name'].Value
            HasValue   = $hasValue
            Positional = $positional
            Required   = if ($positional) { $open -eq 1 } else { $open -eq 0 }
        }
    }
}

function Read-Page {
    param([string] $Path)
    $file = [IO.Path]::GetFileName($Path)
    $raw = [IO.File]::ReadAllLines($Path)
    $lines = for ($i = 0; $i -lt $raw.Count; $i++) { [pscustomobject]@{ Number = $i + 1; Text = $raw[$i].TrimEnd() } }
    $title = [regex]::Match($raw[0], $titlePattern)
    $name = "$($title.Groups['verb'].Value)-$($title.Groups['noun'].Value)"

    $sections = [ordered]@{}
    foreach ($part in Split-Heading @($lines | Select-Object -Skip 1) 2) {
        if ($null -eq $part.Title) {
            if ($part.Lines | Where-Object { $_.Text -notmatch '^\s*$' }) { Stop-Page $file $part.Line 'Text between the title and ## SYNOPSIS.' }
            continue
        }
        $key = $part.Title.ToUpperInvariant()
        if ($key -notin $knownSections) { Stop-Page $file $part.Line "Unknown section '## $($part.Title)'. Known sections: $($knownSections -join ', ')." }
        if ($part.Title -cne $key) { Stop-Page $file $part.Line "Section headings are upper case: '## $key'." }
        if ($sections.Contains($key)) { Stop-Page $file $part.Line "Section '## $key' appears twice." }
        $sections[$key] = $part
    }
    foreach ($key in $requiredSections) {
        if (-not $sections.Contains($key)) { Stop-Page $file 1 "Section '## $key' is missing." }
    }
    $order = @($sections.Keys)
    $expected = @($knownSections | Where-Object { $_ -in $order })
    if (($order -join '|') -ne ($expected -join '|')) { Stop-Page $file 1 "Sections must come in this order: $($expected -join ', ')." }

    # SYNOPSIS and DESCRIPTION
    $synopsis = @(Get-Paragraph (Get-Block $sections.SYNOPSIS.Lines $file))
    if ($synopsis.Count -ne 1) { Stop-Page $file $sections.SYNOPSIS.Line "SYNOPSIS must be one paragraph (found $($synopsis.Count))." }
    $description = @(Get-Paragraph (Get-Block $sections.DESCRIPTION.Lines $file))
    if (-not $description) { Stop-Page $file $sections.DESCRIPTION.Line 'DESCRIPTION is empty.' }

    # SYNTAX
    $syntax = [System.Collections.Generic.List[object]]::new()
    foreach ($part in Split-Heading $sections.SYNTAX.Lines 3) {
        $blocks = @(Get-Block $part.Lines $file)
        if ($null -eq $part.Title) {
            if ($blocks) { Stop-Page $file $part.Line 'SYNTAX holds only ### parameter set headings, each with one code block.' }
            continue
        }
        if ($part.Title -notmatch '^(?<set>\S+)(?<default>\s+\(Default\))?$') { Stop-Page $file $part.Line "Cannot read the parameter set heading '### $($part.Title)'." }
        $set = $Matches.set; $isDefault = $Matches.ContainsKey('default')
        if ($blocks.Count -ne 1 -or $blocks[0].Kind -ne 'Code') { Stop-Page $file $part.Line "Parameter set '$set' needs exactly one code block with its syntax line." }
        $line = ($blocks[0].Text -split "`n" | ForEach-Object Trim) -join ' '
        if (-not $line.StartsWith("$name ", [StringComparison]::Ordinal)) { Stop-Page $file $blocks[0].Line "The syntax line must start with '$name'." }
        if ($syntax | Where-Object Name -EQ $set) { Stop-Page $file $part.Line "Parameter set '$set' appears twice." }
        $syntax.Add([pscustomobject]@{ Name = $set; IsDefault = $isDefault; Text = $line; Parameters = @(Read-SyntaxLine $line.Substring($name.Length)); Line = $blocks[0].Line })
    }
    if (-not $syntax.Count) { Stop-Page $file $sections.SYNTAX.Line 'SYNTAX has no parameter set.' }
    if (@($syntax | Where-Object IsDefault).Count -gt 1) { Stop-Page $file $sections.SYNTAX.Line 'More than one parameter set is marked (Default).' }

    # EXAMPLES
    $examples = [System.Collections.Generic.List[object]]::new()
    foreach ($part in Split-Heading $sections.EXAMPLES.Lines 3) {
        $blocks = @(Get-Block $part.Lines $file)
        if ($null -eq $part.Title) {
            if ($blocks) { Stop-Page $file $part.Line 'EXAMPLES holds only ### Example headings.' }
            continue
        }
        if ($part.Title -notmatch '^Example \d+') { Stop-Page $file $part.Line "Example headings read '### Example N: title', not '### $($part.Title)'." }
        $code = @($blocks | Where-Object Kind -EQ 'Code')
        if (-not $code) { Stop-Page $file $part.Line "Example '$($part.Title)' has no code block." }
        $firstCode = [array]::IndexOf($blocks, $code[0])
        $lastCode = [array]::IndexOf($blocks, $code[-1])
        if (@($blocks[$firstCode..$lastCode] | Where-Object Kind -NE 'Code')) { Stop-Page $file $part.Line "Example '$($part.Title)': keep its code blocks together; explain after them." }
        $examples.Add([pscustomobject]@{
                Title        = $part.Title
                Introduction = @(if ($firstCode -gt 0) { Get-Paragraph $blocks[0..($firstCode - 1)] })
                # Only commands go in <dev:code> (tools run or parse it); sample output opens the remarks.
                Code         = (@($code | Where-Object Language -NE 'Output').Text -join "`n`n")
                Remarks      = @(@($code | Where-Object Language -EQ 'Output' | ForEach-Object { ($_.Text -split "`n" | ForEach-Object { "    $_" }) -join "`n" }) +
                    @(if ($lastCode -lt $blocks.Count - 1) { Get-Paragraph $blocks[($lastCode + 1)..($blocks.Count - 1)] }))
            })
    }
    if (-not $examples.Count) { Stop-Page $file $sections.EXAMPLES.Line 'EXAMPLES has no example.' }

    # PARAMETERS
    $parameters = [System.Collections.Generic.List[object]]::new()
    foreach ($part in Split-Heading $sections.PARAMETERS.Lines 3) {
        $blocks = @(Get-Block $part.Lines $file)
        if ($null -eq $part.Title) {
            if ($blocks) { Stop-Page $file $part.Line 'PARAMETERS holds only ### -Name (and ### CommonParameters) headings.' }
            continue
        }
        if ($part.Title -eq 'CommonParameters') { continue } # Get-Help describes the common parameters itself.
        if ($part.Title -notmatch '^-(?<name>[A-Za-z]\w*)$') { Stop-Page $file $part.Line "Parameter headings read '### -Name', not '### $($part.Title)'." }
        $parameterName = $Matches.name
        if ($parameters | Where-Object Name -EQ $parameterName) { Stop-Page $file $part.Line "Parameter '-$parameterName' appears twice." }
        $yaml = @($blocks | Where-Object { $_.Kind -eq 'Code' -and $_.Language -eq 'yaml' })
        if (-not $yaml) { Stop-Page $file $part.Line "Parameter '-$parameterName' has no yaml block." }
        $prose = @($blocks | Where-Object { -not ($_.Kind -eq 'Code' -and $_.Language -eq 'yaml') })
        if (-not $prose) { Stop-Page $file $part.Line "Parameter '-$parameterName' has no description." }
        $entries = @($yaml | ForEach-Object { Read-Yaml $_ $file })
        $parameters.Add([pscustomobject]@{ Name = $parameterName; Description = @(Get-Paragraph $prose); Entries = $entries; Line = $part.Line })
    }

    # Every set a parameter names exists; every syntax line agrees with the parameters' yaml.
    $setNames = @($syntax.Name)
    foreach ($p in $parameters) {
        $seen = @{}
        foreach ($entry in $p.Entries) {
            foreach ($set in $entry.Sets) {
                if ($set -eq '(All)') {
                    if ($p.Entries.Count -gt 1) { Stop-Page $file $entry.Line "Parameter '-$($p.Name)': '(All)' cannot be combined with per-set yaml blocks." }
                    continue
                }
                if ($set -notin $setNames) { Stop-Page $file $entry.Line "Parameter '-$($p.Name)' names parameter set '$set', which SYNTAX does not have ($($setNames -join ', '))." }
                if ($seen.ContainsKey($set)) { Stop-Page $file $entry.Line "Parameter '-$($p.Name)' describes set '$set' twice." }
                $seen[$set] = $true
            }
        }
    }
    foreach ($s in $syntax) {
        $documented = @($parameters | Where-Object { Get-SetEntry $_ $s.Name } | ForEach-Object Name)
        $written = @($s.Parameters.Name)
        $missing = @($documented | Where-Object { $_ -notin $written })
        $extra = @($written | Where-Object { $_ -notin $documented })
        if ($missing) { Stop-Page $file $s.Line "The syntax of set '$($s.Name)' leaves out $(($missing | ForEach-Object { "-$_" }) -join ', '), documented for this set." }
        if ($extra) { Stop-Page $file $s.Line "The syntax of set '$($s.Name)' shows $(($extra | ForEach-Object { "-$_" }) -join ', '), not documented for this set under PARAMETERS." }
        foreach ($w in $s.Parameters) {
            $p = $parameters | Where-Object Name -EQ $w.Name
            $entry = Get-SetEntry $p $s.Name
            $isSwitch = $entry.Type -eq 'SwitchParameter'
            if ($isSwitch -eq $w.HasValue) { Stop-Page $file $s.Line "Set '$($s.Name)': -$($w.Name) is $(if ($isSwitch) { 'a switch' } else { "of type $($entry.Type)" }) but the syntax line $(if ($w.HasValue) { 'gives it a value' } else { 'gives it no value' })." }
            if ($w.Required -ne $entry.Required) { Stop-Page $file $s.Line "Set '$($s.Name)': the syntax line shows -$($w.Name) as $(if ($w.Required) { 'required' } else { 'optional' }), its yaml says Required: $($entry.Required)." }
            if ($w.Positional -ne ($entry.Position -ne 'named')) { Stop-Page $file $s.Line "Set '$($s.Name)': the syntax line shows -$($w.Name) as $(if ($w.Positional) { 'positional' } else { 'named' }), its yaml says Position: $($entry.Position)." }
        }
    }

    # INPUTS, OUTPUTS
    $types = {
        param($section, $what)
        foreach ($part in Split-Heading $section.Lines 3) {
            $blocks = @(Get-Block $part.Lines $file)
            if ($null -eq $part.Title) {
                if ($blocks) { Stop-Page $file $part.Line "$what holds only ### TypeName headings." }
                continue
            }
            [pscustomobject]@{ Type = $part.Title; Description = @(Get-Paragraph $blocks) }
        }
    }
    $inputs = @(& $types $sections.INPUTS 'INPUTS')
    $outputs = @(& $types $sections.OUTPUTS 'OUTPUTS')
    if (-not $inputs) { Stop-Page $file $sections.INPUTS.Line 'INPUTS has no ### TypeName (write ### None when nothing is accepted).' }
    if (-not $outputs) { Stop-Page $file $sections.OUTPUTS.Line 'OUTPUTS has no ### TypeName (write ### None when nothing is written).' }

    $notes = @(Get-Paragraph (Get-Block $sections.NOTES.Lines $file))

    $links = @(if ($sections.Contains('RELATED LINKS')) {
            foreach ($b in Get-Block $sections['RELATED LINKS'].Lines $file) {
                $source = ($sections['RELATED LINKS'].Lines | Where-Object Number -EQ $b.Line).Text
                if ($source -match '^\s*[-*+]\s+\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)\s*$') { [pscustomobject]@{ Text = $Matches.text; Uri = $Matches.uri } }
                elseif ($source -match '^\s*[-*+]\s+(?<text>\S.*)$') { [pscustomobject]@{ Text = $Matches.text.Trim(); Uri = '' } }
                else { Stop-Page $file $b.Line 'RELATED LINKS holds only "- [text](uri)" or "- text" lines.' }
            }
        })

    [pscustomobject]@{
        File        = $file
        Name        = $name
        Verb        = $title.Groups['verb'].Value
        Noun        = $title.Groups['noun'].Value
        Synopsis    = $synopsis[0]
        Description = $description
        Syntax      = $syntax
        Examples    = $examples
        Parameters  = $parameters
        Inputs      = $inputs
        Outputs     = $outputs
        Notes       = $notes
        Links       = $links
    }
}

function Get-SetEntry {
    # The yaml block of a parameter that applies to a parameter set, or $null when it is not in the set.
    param([object] $Parameter, [string] $Set)
    foreach ($entry in $Parameter.Entries) {
        if ($entry.Sets -contains '(All)' -or $entry.Sets -contains $Set) { return $entry }
    }
    $null
}

#endregion

#region MAML writing

function Write-Para {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    if (-not $Paragraphs) { $Paragraphs = @('') }
    foreach ($para in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $ns.maml, $para) }
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $ns.maml)
    Write-Para $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Write-Parameter {
    param([System.Xml.XmlWriter] $Writer, [object] $Parameter, [object] $Entry, [switch] $InSyntax)
    $isSwitch = $Entry.Type -eq 'SwitchParameter'
    $Writer.WriteStartElement('command', 'parameter', $ns.command)
    $Writer.WriteAttributeString('required', $Entry.Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $Entry.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Entry.PipelineInput)
    $Writer.WriteAttributeString('position', $Entry.Position)
    $Writer.WriteAttributeString('aliases', $(if ($Entry.Aliases) { $Entry.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.Name)
    Write-Description $Writer $Parameter.Description
    if ($InSyntax -and $Entry.AcceptedValues) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $ns.command)
        foreach ($value in $Entry.AcceptedValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $ns.command)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $ns.command, 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not ($InSyntax -and $isSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $ns.command)
        $Writer.WriteAttributeString('required', $(if ($isSwitch) { 'false' } else { 'true' }))
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Entry.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $ns.dev)
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Entry.Type)
    $Writer.WriteElementString('maml', 'uri', $ns.maml, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $ns.dev, $Entry.DefaultValue)
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [object[]] $Types)
    $Writer.WriteStartElement('command', $ListName, $ns.command)
    foreach ($t in $Types) {
        $Writer.WriteStartElement('command', $ItemName, $ns.command)
        $Writer.WriteStartElement('dev', 'type', $ns.dev)
        $Writer.WriteElementString('maml', 'name', $ns.maml, $t.Type)
        $Writer.WriteEndElement()
        Write-Description $Writer $t.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Command {
    param([System.Xml.XmlWriter] $Writer, [object] $Page)
    $Writer.WriteStartElement('command', 'command', $ns.command)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $ns.command)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)
    $Writer.WriteAttributeString('xmlns', 'MSHelp', $null, $ns.MSHelp)

    $Writer.WriteStartElement('command', 'details', $ns.command)
    $Writer.WriteElementString('command', 'name', $ns.command, $Page.Name)
    $Writer.WriteElementString('command', 'verb', $ns.command, $Page.Verb)
    $Writer.WriteElementString('command', 'noun', $ns.command, $Page.Noun)
    Write-Description $Writer $Page.Synopsis
    $Writer.WriteEndElement()

    Write-Description $Writer $Page.Description

    $Writer.WriteStartElement('command', 'syntax', $ns.command)
    foreach ($set in $Page.Syntax) {
        $Writer.WriteStartElement('command', 'syntaxItem', $ns.command)
        $Writer.WriteElementString('maml', 'name', $ns.maml, $Page.Name)
        foreach ($w in $set.Parameters) {
            $p = $Page.Parameters | Where-Object Name -EQ $w.Name
            Write-Parameter $Writer $p (Get-SetEntry $p $set.Name) -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # One entry per parameter: the yaml of the default set (or the first set) when they differ by set.
    $defaultSet = ($Page.Syntax | Where-Object IsDefault | Select-Object -First 1)
    $Writer.WriteStartElement('command', 'parameters', $ns.command)
    foreach ($p in $Page.Parameters) {
        $entry = if ($defaultSet) { Get-SetEntry $p $defaultSet.Name }
        if (-not $entry) { $entry = $p.Entries[0] }
        Write-Parameter $Writer $p $entry
    }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $Page.Inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $Page.Outputs

    $Writer.WriteStartElement('maml', 'alertSet', $ns.maml)
    $Writer.WriteStartElement('maml', 'alert', $ns.maml)
    Write-Para $Writer $Page.Notes
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $ns.command)
    foreach ($example in $Page.Examples) {
        $Writer.WriteStartElement('command', 'example', $ns.command)
        $Writer.WriteElementString('maml', 'title', $ns.maml, "-------------------------- $($example.Title) --------------------------")
        if ($example.Introduction) {
            $Writer.WriteStartElement('maml', 'introduction', $ns.maml)
            Write-Para $Writer $example.Introduction
            $Writer.WriteEndElement()
        }
        $Writer.WriteElementString('dev', 'code', $ns.dev, $example.Code)
        # A trailing empty paragraph keeps a blank line between examples in Get-Help's output.
        $Writer.WriteStartElement('dev', 'remarks', $ns.dev)
        Write-Para $Writer (@($example.Remarks) + '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    if ($Page.Links) {
        $Writer.WriteStartElement('command', 'relatedLinks', $ns.command)
        foreach ($link in $Page.Links) {
            $Writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
            $Writer.WriteElementString('maml', 'linkText', $ns.maml, $link.Text)
            $Writer.WriteElementString('maml', 'uri', $ns.maml, $link.Uri)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    $Writer.WriteEndElement() # command:command
}

#endregion

$docs = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($DocsPath)
$output = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputPath)
if (-not [IO.Directory]::Exists($docs)) { throw "The docs folder '$docs' does not exist." }

$pages = foreach ($path in [IO.Directory]::GetFiles($docs, '*.md') | Sort-Object) {
    $first = [IO.File]::ReadLines($path) | Select-Object -First 1
    if ($first -notmatch $titlePattern) {
        Write-Verbose "Skipping $([IO.Path]::GetFileName($path)): not a cmdlet page."
        continue
    }
    Write-Verbose "Reading $([IO.Path]::GetFileName($path))"
    Read-Page $path
}
$pages = @($pages)
if (-not $pages) { throw "No cmdlet page (first line '# <Verb>-TwinSpin<Noun>') in '$docs'." }
$duplicates = @($pages | Group-Object Name | Where-Object Count -GT 1)
if ($duplicates) { throw "More than one page documents $($duplicates.Name -join ', '): $(($duplicates.Group.File) -join ', ')." }

$directory = [IO.Path]::GetDirectoryName($output)
if ($directory) { [void][IO.Directory]::CreateDirectory($directory) }

# Write next to the target, then replace it: a failure never leaves a half-written help file.
$temporary = "$output.$PID.tmp"
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.NewLineChars = "`n"
$settings.NewLineHandling = [System.Xml.NewLineHandling]::Replace
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create($temporary, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', $ns.msh)
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($page in $pages | Sort-Object Name) { Write-Command $writer $page }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
    $writer.Flush()
}
catch {
    $writer.Dispose()
    [IO.File]::Delete($temporary)
    throw
}
$writer.Dispose()
[IO.File]::Move($temporary, $output, $true)
Write-Verbose "Wrote $($pages.Count) commands to $output"
