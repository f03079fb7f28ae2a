#Requires -Version 7.0
<#
.SYNOPSIS
    Converts a conceptual page (docs/about_<Topic>.md) into the plain-text about topic Get-Help reads.
.DESCRIPTION
    Get-Help about_<Topic> shows <module>/<culture>/about_<Topic>.help.txt as it is, so the markdown is
    turned into the classic about-topic layout:

        # about_Topic          ->  TOPIC / about_Topic (the first line must be this heading)
        ## SECTION             ->  SECTION, in capitals, at the margin
        ### Subsection         ->  the title, indented 2
        paragraphs, "- " items ->  rewrapped to 80 columns, indented 4 (items with a hanging indent)
        ``` fenced code ```    ->  the lines as they are, indented 8

    Inline markup is reduced to text: **bold** and `code` lose their markers, [text](uri) becomes text.
    Other markdown (tables, numbered lists, nested lists) is not supported: write the page without it.
.PARAMETER Path
    The markdown page.
.PARAMETER OutputPath
    The text file to write, normally <module>/en-US/about_<Topic>.help.txt. Its folder is created if needed.
.EXAMPLE
    & src/TwinSpin.PowerShell/Help/ConvertTo-AboutHelp.ps1 -Path docs/about_TwinSpin.md -OutputPath out/TwinSpin/en-US/about_TwinSpin.help.txt
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$width = 80

function ConvertTo-PlainText([string] $Text) {
    $Text = $Text -replace '\[([^\]]+)\]\([^)]+\)', '$1'
    $Text -replace '\*\*', '' -replace '`', ''
}

function Format-Wrapped([string] $Text, [int] $Indent, [int] $HangingIndent = $Indent) {
    # Greedy wrap; a word longer than the line stays whole.
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ' ' * $Indent
    $empty = $true
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if (-not $empty -and $line.Length + 1 + $word.Length -gt $width) {
            $lines.Add($line)
            $line = ' ' * $HangingIndent
            $empty = $true
        }
        $line += $(if ($empty) { $word } else { " $word" })
        $empty = $false
    }
    if (-not $empty) { $lines.Add($line) }
    $lines
}

$source = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Path)
$lines = [IO.File]::ReadAllLines($source)
if ($lines.Count -eq 0 -or $lines[0] -notmatch '^# (?<topic>about_\w+)\s*$') {
    throw "${source}:1: an about page starts with '# about_<Topic>'."
}

$output = [System.Collections.Generic.List[string]]::new()
$output.Add('TOPIC')
$output.Add("    $($Matches.topic)")
$paragraph = $null   # the text of the paragraph or list item being read, joined from its lines
$isItem = $false
$inCode = $false

function Complete-Paragraph {
    if ($null -eq $script:paragraph) { return }
    $text = ConvertTo-PlainText $script:paragraph
    if ($script:isItem) { Format-Wrapped "- $text" 4 6 | ForEach-Object { $output.Add($_) } }
    else { Format-Wrapped $text 4 | ForEach-Object { $output.Add($_) } }
    $script:paragraph = $null
}

for ($i = 1; $i -lt $lines.Count; $i++) {
    $line = $lines[$i]
    if ($line -match '^\s*```') {
        Complete-Paragraph
        $inCode = -not $inCode
        continue
    }
    if ($inCode) {
        $output.Add($(if ($line.Trim()) { "        $line" } else { '' }))
        continue
    }
    if ($line -match '^(?<level>#{2,3}) (?<title>.+)$') {
        Complete-Paragraph
        $title = ConvertTo-PlainText $Matches.title.Trim()
        $output.Add('')
        $output.Add($(if ($Matches.level -eq '##') { $title.ToUpperInvariant() } else { "  $title" }))
        continue
    }
    if ($line -match '^#') { throw "${source}:$($i + 1): only '##' and '###' headings follow the title." }
    if (-not $line.Trim()) {
        if ($null -ne $paragraph) { Complete-Paragraph; $output.Add('') }
        continue
    }
    if ($line -match '^- (?<text>.*)$') {
        # A list item ends the paragraph or item before it; the items of one list stay together.
        $wasItem = $isItem -and $null -ne $paragraph
        $hadParagraph = $null -ne $paragraph
        Complete-Paragraph
        if ($hadParagraph -and -not $wasItem) { $output.Add('') }
        $paragraph = $Matches.text
        $isItem = $true
        continue
    }
    if ($null -eq $paragraph) { $paragraph = $line.Trim(); $isItem = $false }
    else { $paragraph += ' ' + $line.Trim() }
}
if ($inCode) { throw "${source}: a code fence is not closed." }
Complete-Paragraph

# Collapse the blank lines the sections leave behind, so each break is one empty line.
$text = (($output -join "`n") -replace "\n{3,}", "`n`n").TrimEnd() + "`n"
$target = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputPath)
$directory = [IO.Path]::GetDirectoryName($target)
if ($directory) { [void][IO.Directory]::CreateDirectory($directory) }
[IO.File]::WriteAllText($target, $text, [System.Text.UTF8Encoding]::new($false))
