# The HTML report in a real browser: Debian's headless chromium driven by chromedriver over the W3C WebDriver
# HTTP protocol (Invoke-RestMethod). The page of a real job is checked against the differences the sample
# generator planted (planted.json), its tree is expanded and collapsed by clicks, its filter typed into.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function Get-FreeTcpPort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        try { $listener.Start(); $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    # One WebDriver command of the session; returns its value.
    function Invoke-WebDriver {
        param([string] $Method = 'Post', [string] $Path, $Body = @{})
        $uri = "$script:driverUri/session/$script:session$Path"
        $json = if ($Method -eq 'Get' -or $Method -eq 'Delete') { $null } else { $Body | ConvertTo-Json -Depth 10 -Compress }
        $response = Invoke-RestMethod -Method $Method -Uri $uri -Body $json -ContentType 'application/json; charset=utf-8' -SkipHttpErrorCheck -StatusCodeVariable status
        if ($status -ge 400) { throw "WebDriver $Method $Path failed ($status): $($response.value.error): $($response.value.message)" }
        $response.value
    }

    # The W3C web element identifier: the key of an element reference.
    $script:elementKey = 'element-6066-11e4-a52e-4f735466cecf'

    function Find-Element([string] $Css, [switch] $All) {
        $found = Invoke-WebDriver -Path '/elements' -Body @{ using = 'css selector'; value = $Css }
        $ids = @($found | ForEach-Object { $_.$script:elementKey })
        if ($All) { $ids } elseif ($ids.Count -gt 0) { $ids[0] } else { throw "No element matches '$Css'." }
    }

    function Test-Displayed([string] $Element) { [bool](Invoke-WebDriver -Method Get -Path "/element/$Element/displayed") }

    function Invoke-Script([string] $Script) { Invoke-WebDriver -Path '/execute/sync' -Body @{ script = $Script; args = @() } }

    # "type id column" for each discrepancy row the browser shows (not hidden), as Get-PlantedSet writes the planted ones.
    function Get-ShownSet {
        $rows = Invoke-Script @'
return Array.from(document.querySelectorAll("table.diffs tbody.d"))
  .filter(function (g) { return g.getClientRects().length > 0; })
  .map(function (g) {
    var columns = Array.from(g.querySelectorAll("td.col")).filter(function (c) { return !c.classList.contains("muted"); })
      .map(function (c) { return c.textContent; });
    return g.getAttribute("data-type") + "|" + g.querySelector("td.key").textContent + "|" + columns.join(",");
  });
'@
        @($rows | ForEach-Object {
            $type, $key, $columns = $_ -split '\|', 3
            if ($key -notmatch '^id=(\d+)$') { throw "Unexpected key '$key'." }
            '{0} {1} {2}' -f $type, $Matches[1], $columns
        } | Sort-Object)
    }

    $pair = New-SamplePair -Rows 20000 -Differences 40 -Seed 29
    $store = Join-Path $pair 'store.db'
    $src = New-TwinSpinEndpoint -Provider Sqlite -ConnectionString "Data Source=$pair/source.db" -Table accounts
    $tgt = New-TwinSpinEndpoint -Provider Sqlite -ConnectionString "Data Source=$pair/target.db" -Table accounts
    # A wide fan-out and a small threshold: a tree several levels deep (about 900 ranges) with matched runs rolled up.
    $job = Start-TwinSpinJob -Source $src -Target $tgt -Store $store -FanOut 64 -PartitionRowThreshold 40
    $planted = @(Get-PlantedSet $pair)
    $page = Join-Path $pair 'report.html'
    Export-TwinSpinReport -JobId $job.Id -Path $page -Format Html -Store $store

    $driverLog = Join-Path $pair 'chromedriver.log'
    $port = Get-FreeTcpPort
    $script:driverUri = "http://127.0.0.1:$port"
    $script:driver = Start-Process chromedriver -ArgumentList "--port=$port", "--log-path=$driverLog" -PassThru `
        -RedirectStandardOutput (Join-Path $pair 'chromedriver.out') -RedirectStandardError (Join-Path $pair 'chromedriver.err')
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while ($true) {
        try { if ((Invoke-RestMethod "$script:driverUri/status").value.ready) { break } } catch { }
        if ([DateTime]::UtcNow -gt $deadline) { throw "chromedriver did not start on port $port (log: $driverLog)." }
        Start-Sleep -Milliseconds 200
    }
    $capabilities = @{ capabilities = @{ alwaysMatch = @{ browserName = 'chrome'; 'goog:chromeOptions' = @{
        binary = (Get-Command chromium).Source
        args = @('--headless=new', '--no-sandbox', '--disable-gpu', '--window-size=1400,2400', '--disable-dev-shm-usage')
    } } } } | ConvertTo-Json -Depth 10
    $script:session = (Invoke-RestMethod -Method Post -Uri "$script:driverUri/session" -Body $capabilities -ContentType 'application/json').value.sessionId
    $null = Invoke-WebDriver -Path '/url' -Body @{ url = [Uri]::new($page).AbsoluteUri }
}

AfterAll {
    if ($script:session) { try { $null = Invoke-WebDriver -Method Delete -Path '' } catch { } }
    if ($script:driver) { Stop-Process -Id $script:driver.Id -Force -ErrorAction Ignore; $script:driver.WaitForExit(5000) | Out-Null }
}

Describe 'The HTML report in a browser' {
    It 'is one file that names the job and loads from disk' {
        (Invoke-WebDriver -Method Get -Path '/title') | Should -Be "TwinSpin job #$($job.Id) $($job.Name)"
        $planted.Count | Should -Be 40
        $job.DiscrepanciesFound | Should -Be $planted.Count
    }

    It 'shows every planted discrepancy, and only those' {
        Get-ShownSet | Should -Be $planted
        (Invoke-Script 'return document.getElementById("count-total").textContent') | Should -Be "$($planted.Count)"
        foreach ($type in 'MissingInTarget', 'MissingInSource', 'ValueMismatch') {
            $count = @($planted | Where-Object { $_ -like "$type *" }).Count
            (Invoke-Script "return document.querySelector('#counts tr[data-type=$type] td.num').textContent") | Should -Be "$count"
        }
    }

    It 'marks the differing characters of a changed value' {
        $changed = @(Find-Element 'tbody.d[data-type=ValueMismatch] td.val.tgt ins' -All)
        $changed.Count | Should -BeGreaterThan 0
        Test-Displayed $changed[0] | Should -BeTrue
    }

    It 'collapses and expands a branch of the tree on a click of its summary' {
        # A branch holding a mismatched leaf: branches with differences start open.
        $leafId = Invoke-Script @'
var leaf = Array.from(document.querySelectorAll("#tree .leaf")).find(function (l) {
  return l.querySelector(".s-Mismatched") && l.parentElement.closest("details").parentElement.closest("details"); });
return leaf ? leaf.id : null;
'@
        $leafId | Should -Not -BeNullOrEmpty
        $leaf = Find-Element "#$leafId"
        $summary = Invoke-WebDriver -Path "/element/$leaf/element" -Body @{ using = 'xpath'; value = './ancestor::details[1]/summary' }
        $summary = $summary.$script:elementKey
        Test-Displayed $leaf | Should -BeTrue
        $null = Invoke-WebDriver -Path "/element/$summary/click"
        Test-Displayed $leaf | Should -BeFalse
        $null = Invoke-WebDriver -Path "/element/$summary/click"
        Test-Displayed $leaf | Should -BeTrue
    }

    It 'collapses and expands the whole tree with its buttons' {
        $root = Find-Element '#tree .tree > details > summary'
        $firstChild = Find-Element '#tree .tree > details > .kids > *'
        $null = Invoke-WebDriver -Path "/element/$(Find-Element '#tree-collapse')/click"
        Test-Displayed $firstChild | Should -BeFalse
        Test-Displayed $root | Should -BeTrue
        $null = Invoke-WebDriver -Path "/element/$(Find-Element '#tree-expand')/click"
        Test-Displayed $firstChild | Should -BeTrue
    }

    It 'filters the rows by the text typed into the filter box' {
        $one = $planted | Where-Object { $_ -like 'ValueMismatch *' } | Select-Object -First 1
        $id = ($one -split ' ')[1]
        $filter = Find-Element '#filter'
        $null = Invoke-WebDriver -Path "/element/$filter/value" -Body @{ text = "id=$id" }
        $expected = @($planted | Where-Object { "id=$(($_ -split ' ')[1])" -like "*id=$id*" })
        $expected | Should -Contain $one
        Get-ShownSet | Should -Be $expected
        (Invoke-Script 'return document.getElementById("shown").textContent') | Should -Be "$($expected.Count) of $($planted.Count) shown"
        $null = Invoke-WebDriver -Path "/element/$filter/clear"
        $null = Invoke-WebDriver -Path "/element/$filter/value" -Body @{ text = 'no such text anywhere' }
        @(Get-ShownSet).Count | Should -Be 0
        $null = Invoke-WebDriver -Path "/element/$filter/clear"
        # clear fires no input event: typing and deleting one character does.
        $null = Invoke-WebDriver -Path "/element/$filter/value" -Body @{ text = "x$([char]0xE003)" }
        Get-ShownSet | Should -Be $planted
    }

    It 'filters the rows by type with the checkboxes' {
        $box = Find-Element 'input.type-filter[value=MissingInTarget]'
        $null = Invoke-WebDriver -Path "/element/$box/click"
        Get-ShownSet | Should -Be @($planted | Where-Object { $_ -notlike 'MissingInTarget *' })
        $null = Invoke-WebDriver -Path "/element/$box/click"
        Get-ShownSet | Should -Be $planted
    }

    It 'writes a screenshot of the page' {
        # The tree down to its first level, so one picture holds the summary, the tree and the table.
        $null = Invoke-WebDriver -Path "/element/$(Find-Element '#tree-collapse')/click"
        $null = Invoke-WebDriver -Path "/element/$(Find-Element '#tree .tree > details > summary')/click"
        $null = Invoke-Script 'window.scrollTo(0, 0)'
        $results = New-Item -ItemType Directory -Path (Join-Path $PSScriptRoot '../../out/test-results') -Force
        $png = Join-Path $results.FullName 'html-report.png'
        [IO.File]::WriteAllBytes($png, [Convert]::FromBase64String((Invoke-WebDriver -Method Get -Path '/screenshot')))
        $bytes = [IO.File]::ReadAllBytes($png)
        $bytes[1..3] | Should -Be ([byte[]][char[]]'PNG')
        $bytes.Length | Should -BeGreaterThan 10000
        Write-Host "Screenshot of the HTML report: $png"
    }
}

Describe 'The HTML report of a job over its limit' {
    It 'shows the first discrepancies, counts all of them and says so' {
        $limited = Join-Path $pair 'limited.html'
        Export-TwinSpinReport -JobId $job.Id -Path $limited -Format Html -Store $store -HtmlLimit 7
        $null = Invoke-WebDriver -Path '/url' -Body @{ url = [Uri]::new($limited).AbsoluteUri }
        $shown = @(Get-ShownSet)
        $shown.Count | Should -Be 7
        $shown | Where-Object { $_ -notin $planted } | Should -BeNullOrEmpty
        $note = Invoke-WebDriver -Method Get -Path "/element/$(Find-Element '#limit-note')/text"
        $note | Should -BeLike "Showing the first 7 of $($planted.Count) discrepancies; export Csv or Json for all.*"
        (Invoke-Script 'return document.getElementById("count-total").textContent') | Should -Be "$($planted.Count)"
    }
}
