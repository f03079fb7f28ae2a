# New-TwinSpinRepairScript and Invoke-TwinSpinRepair on every real engine as the repaired side: the script applied with
# the database's own client (sqlite3, psql, mariadb) and the repair applied directly, each followed by the job run
# again, which must find nothing. Awkward values (quotes, backslashes, control characters, unicode, 100 KB of text,
# NULL, 38-digit decimals, microsecond timestamps, binary) must arrive exactly.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $store = Join-Path (New-TestDirectory) 'store.db'

    # PostgreSQL
    $pgParts = Connect-TestPostgres
    $pgCredential = [pscredential]::new($pgParts['username'], (ConvertTo-SecureString $pgParts['password'] -AsPlainText -Force))
    $pgDatabases = [System.Collections.Generic.List[string]]::new()
    function New-PgEndpoint([string] $Database, [string] $Table) {
        New-TwinSpinEndpoint PostgreSql "Host=$($pgParts['host']);Port=$($pgParts['port']);Database=$Database" $Table -Credential $pgCredential
    }
    function Invoke-Psql([string] $Database, [string] $Sql) {
        $Sql | psql -d $Database -q -v ON_ERROR_STOP=1 | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "psql failed on $Database" }
    }

    # MariaDB: the client reads the password from the environment, never from its command line.
    $mdParts = @{}
    foreach ($part in $env:TWINSPIN_TEST_MARIADB -split ';') { $k, $v = $part -split '=', 2; $mdParts[$k.Trim().ToLowerInvariant()] = $v }
    $env:MYSQL_PWD = $mdParts['password']
    $mdClient = @('--no-defaults', '--default-character-set=utf8mb4', '-h', $mdParts['server'], '-P', $mdParts['port'], '-u', $mdParts['user id'])
    $mdCredential = [pscredential]::new($mdParts['user id'], (ConvertTo-SecureString $mdParts['password'] -AsPlainText -Force))
    $mdDatabases = [System.Collections.Generic.List[string]]::new()
    function Invoke-MariaDbClient([string] $Database, [string] $Sql) {
        $Sql | mariadb @mdClient -D $Database
        if ($LASTEXITCODE -ne 0) { throw "mariadb failed on $Database" }
    }
    function New-MdDatabase {
        $name = 'ts_repair_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        'CREATE DATABASE ' + $name + ' CHARACTER SET utf8mb4' | mariadb @mdClient
        if ($LASTEXITCODE -ne 0) { throw 'mariadb failed' }
        $mdDatabases.Add($name)
        $name
    }

    # The awkward rows, in each engine's own SQL, and the changes that make the copy differ from them.
    $awkward = @{
        Sqlite = @"
CREATE TABLE t (id INTEGER PRIMARY KEY, txt TEXT, amount TEXT, at TIMESTAMP, data BLOB, f REAL);
INSERT INTO t VALUES
 (1, 'it''s a ''quote''', '12345678901234567890123456.1234567890', '1900-01-01 00:00:00', X'00FF10', 1.5e300),
 (2, 'back\slash \n not a newline', '-0.0000000001', '2262-04-11 23:47:16.854775', NULL, -2.5e-300),
 (3, 'tab' || char(9) || 'here' || char(13) || char(10) || 'line' || char(1) || 'end', NULL, NULL, X'', 0.1),
 (4, replace(hex(zeroblob(6000)), '00', 'Åström ✓ 王 😀 '), '0', '2024-02-29 12:34:56.000001', zeroblob(3000), NULL),
 (5, NULL, '9999999999999999999999999999.9999999999', '1970-01-01 00:00:00', NULL, 0),
 (6, '', '1', '2000-01-01 00:00:00', X'0102', 1);
"@
        PostgreSql = @"
CREATE TABLE t (id BIGINT PRIMARY KEY, txt TEXT, amount NUMERIC(38,10), at TIMESTAMP(6), flag BOOLEAN, data BYTEA, f DOUBLE PRECISION);
INSERT INTO t VALUES
 (1, 'it''s a ''quote''', 1234567890123456789012345678.1234567890, '1900-01-01 00:00:00', true, '\x00ff10', 1.5e300),
 (2, 'back\slash \n not a newline', -0.0000000001, '2262-04-11 23:47:16.854775', false, NULL, -2.5e-300),
 (3, E'tab\there\r\nline\x01end', NULL, NULL, NULL, '\x', 0.1),
 (4, repeat('Åström ✓ 王 😀 ', 6000), 0, '2024-02-29 12:34:56.000001', true, decode(repeat('ab', 3000), 'hex'), NULL),
 (5, NULL, 9999999999999999999999999999.9999999999, '1970-01-01 00:00:00', false, NULL, 0),
 (6, '', 1, '2000-01-01 00:00:00', NULL, '\x0102', 1);
"@
        MariaDb = @"
CREATE TABLE t (id BIGINT PRIMARY KEY, txt LONGTEXT, amount DECIMAL(38,10), at DATETIME(6), data LONGBLOB, f DOUBLE) CHARACTER SET utf8mb4;
INSERT INTO t VALUES
 (1, 'it''s a ''quote''', 1234567890123456789012345678.1234567890, '1900-01-01 00:00:00', X'00FF10', 1.5e300),
 (2, CONCAT('back', CHAR(92), 'slash ', CHAR(92), 'n not a newline'), -0.0000000001, '2262-04-11 23:47:16.854775', NULL, -2.5e-300),
 (3, CONCAT('tab', CHAR(9), 'here', CHAR(13), CHAR(10), 'line', CHAR(1), 'end'), NULL, NULL, X'', 0.1),
 (4, REPEAT('Åström ✓ 王 😀 ', 6000), 0, '2024-02-29 12:34:56.000001', UNHEX(REPEAT('ab', 3000)), NULL),
 (5, NULL, 9999999999999999999999999999.9999999999, '1970-01-01 00:00:00', NULL, 0),
 (6, '', 1, '2000-01-01 00:00:00', X'0102', 1);
"@
    }
    # Row 1 missing in the copy, row 7 only in it, the others changed in one or two columns.
    $changes = @{
        Sqlite = "DELETE FROM t WHERE id = 1; UPDATE t SET txt = 'changed' WHERE id = 2; UPDATE t SET amount = '5', f = 0.2 WHERE id = 3;
                  UPDATE t SET txt = txt || 'x' WHERE id = 4; UPDATE t SET at = '1970-01-01 00:00:00.000001' WHERE id = 5;
                  UPDATE t SET data = X'01', txt = NULL WHERE id = 6; INSERT INTO t VALUES (7, 'extra', '1', NULL, NULL, NULL);"
        PostgreSql = "DELETE FROM t WHERE id = 1; UPDATE t SET txt = 'changed' WHERE id = 2; UPDATE t SET amount = 5, f = 0.2 WHERE id = 3;
                  UPDATE t SET txt = txt || 'x' WHERE id = 4; UPDATE t SET flag = true, at = at + interval '1 microsecond' WHERE id = 5;
                  UPDATE t SET data = '\x01', txt = NULL WHERE id = 6; INSERT INTO t VALUES (7, 'extra', 1, NULL, NULL, NULL, NULL);"
        MariaDb = "DELETE FROM t WHERE id = 1; UPDATE t SET txt = 'changed' WHERE id = 2; UPDATE t SET amount = 5, f = 0.2 WHERE id = 3;
                  UPDATE t SET txt = CONCAT(txt, 'x') WHERE id = 4; UPDATE t SET at = '1970-01-01 00:00:00.000001' WHERE id = 5;
                  UPDATE t SET data = X'01', txt = NULL WHERE id = 6; INSERT INTO t VALUES (7, 'extra', 1, NULL, NULL, NULL);"
    }

    # A fresh pair of the awkward table on one engine: the source, and a copy with the changes. Returns the endpoints.
    function New-AwkwardPair([string] $Engine) {
        switch ($Engine) {
            'Sqlite' {
                $dir = New-TestDirectory
                Invoke-Sqlite "$dir/a.db" $awkward.Sqlite
                Invoke-Sqlite "$dir/b.db" ($awkward.Sqlite + $changes.Sqlite)
                @{ Source = New-TwinSpinEndpoint Sqlite "Data Source=$dir/a.db" t; Target = New-TwinSpinEndpoint Sqlite "Data Source=$dir/b.db" t
                   Apply = { param($script) sqlite3 -bail "$dir/b.db" ".read '$script'"; $LASTEXITCODE }.GetNewClosure() }
            }
            'PostgreSql' {
                $a = New-TestPostgresDatabase 'ts_repair'; $b = New-TestPostgresDatabase 'ts_repair'
                $pgDatabases.Add($a); $pgDatabases.Add($b)
                Invoke-Psql $a $awkward.PostgreSql
                Invoke-Psql $b ($awkward.PostgreSql + $changes.PostgreSql)
                @{ Source = New-PgEndpoint $a public.t; Target = New-PgEndpoint $b public.t; Credential = $pgCredential
                   Apply = { param($script) psql -d $b -q -v ON_ERROR_STOP=1 -f $script | Out-Null; $LASTEXITCODE }.GetNewClosure() }
            }
            'MariaDb' {
                $a = New-MdDatabase; $b = New-MdDatabase
                Invoke-MariaDbClient $a $awkward.MariaDb
                Invoke-MariaDbClient $b ($awkward.MariaDb + $changes.MariaDb)
                $location = "Server=$($mdParts['server']);Port=$($mdParts['port'])"
                $client = $mdClient # a closure keeps only the function's own variables
                @{ Source = New-TwinSpinEndpoint MariaDb "$location;Database=$a" t -Credential $mdCredential
                   Target = New-TwinSpinEndpoint MariaDb "$location;Database=$b" t -Credential $mdCredential; Credential = $mdCredential
                   Apply = { param($script) Get-Content $script -Raw | mariadb @client -D $b; $LASTEXITCODE }.GetNewClosure() }
            }
        }
    }
}

AfterAll {
    foreach ($name in $pgDatabases) { Remove-TestPostgresDatabase $name }
    foreach ($name in $mdDatabases) { 'DROP DATABASE IF EXISTS ' + $name | mariadb @mdClient }
    Remove-Item Env:MYSQL_PWD -ErrorAction SilentlyContinue
}

Describe 'Repair of awkward values on <_>' -ForEach 'Sqlite', 'PostgreSql', 'MariaDb' {
    It 'converges with the script run by the database''s own client' {
        $pair = New-AwkwardPair $_
        $job = Start-TwinSpinJob $pair.Source $pair.Target -Store $store
        $found = @($job | Get-TwinSpinDiscrepancy)
        @($found.Type | Sort-Object -Unique) | Should -Be @('MissingInSource', 'MissingInTarget', 'ValueMismatch')
        $found.Count | Should -Be 7

        $path = Join-Path (New-TestDirectory) 'repair.sql'
        $script = $job | New-TwinSpinRepairScript -Path $path -Credential $pair.Credential -ErrorAction Stop
        $script.Inserts | Should -Be 1
        $script.Deletes | Should -Be 1
        $script.Updates | Should -Be 5
        $script.Skipped | Should -Be 0
        (Get-Content $path -First 1) | Should -BeLike "-- TwinSpin repair script for job $($job.Id) *"
        & $pair.Apply $path | Should -Be 0

        $again = Start-TwinSpinJob $pair.Source $pair.Target -Store $store
        @($again | Get-TwinSpinDiscrepancy | ForEach-Object { "$_ $($_.Fields)" }) | Should -BeNullOrEmpty
        $again.DiscrepanciesFound | Should -Be 0
    }

    It 'converges with Invoke-TwinSpinRepair, which re-checks the rows it repaired' {
        $pair = New-AwkwardPair $_
        $job = Start-TwinSpinJob $pair.Source $pair.Target -Store $store
        $result = $job | Invoke-TwinSpinRepair -Confirm:$false -Credential $pair.Credential -ErrorAction Stop
        $result.Inserted | Should -Be 1
        $result.Deleted | Should -Be 1
        $result.Updated | Should -Be 5
        $result.Remaining | Should -Be 0
        (Start-TwinSpinJob $pair.Source $pair.Target -Store $store).DiscrepanciesFound | Should -Be 0
    }
}

Describe 'Repair of a sample pair across engines' {
    BeforeAll {
        $sample = New-SamplePair -Rows 3000 -Differences 60 -Seed 71
        $planted = Get-PlantedSet $sample
        $sqliteSource = New-TwinSpinEndpoint Sqlite "Data Source=$sample/source.db" accounts
    }

    It 'makes a PostgreSQL copy equal to its SQLite source' {
        $database = New-TestPostgresDatabase 'ts_repair'; $pgDatabases.Add($database)
        Copy-SampleToPostgres $sample $database target
        $pg = New-PgEndpoint $database public.accounts
        $job = Start-TwinSpinJob $sqliteSource $pg -Store $store
        Get-FoundSet ($job | Get-TwinSpinDiscrepancy) | Should -Be $planted
        $path = Join-Path (New-TestDirectory) 'repair.sql'
        $null = $job | New-TwinSpinRepairScript -Path $path -Credential $pgCredential -ErrorAction Stop
        psql -d $database -q -v ON_ERROR_STOP=1 -f $path | Out-Null
        $LASTEXITCODE | Should -Be 0
        (Start-TwinSpinJob $sqliteSource $pg -Store $store).DiscrepanciesFound | Should -Be 0
    }

    It 'repairs through ODBC: PostgreSQL by psqlODBC and SQLite by the SQLite ODBC driver, with the inner database''s literals' {
        $database = New-TestPostgresDatabase 'ts_repair'; $pgDatabases.Add($database)
        Copy-SampleToPostgres $sample $database target
        $odbcPg = New-TwinSpinEndpoint Odbc "Driver={PostgreSQL Unicode};Server=$($pgParts['host']);Port=$($pgParts['port']);Database=$database" public.accounts -Credential $pgCredential
        $job = Start-TwinSpinJob $sqliteSource $odbcPg -Store $store
        Get-FoundSet ($job | Get-TwinSpinDiscrepancy) | Should -Be $planted
        $result = $job | Invoke-TwinSpinRepair -Credential $pgCredential -Confirm:$false -ErrorAction Stop
        $result.Remaining | Should -Be 0
        (Start-TwinSpinJob $sqliteSource $odbcPg -Store $store).DiscrepanciesFound | Should -Be 0

        $dir = New-TestDirectory
        Copy-Item "$sample/target.db" $dir
        $odbcSqlite = New-TwinSpinEndpoint Odbc "Driver={SQLite3};Database=$dir/target.db" accounts
        $job = Start-TwinSpinJob $sqliteSource $odbcSqlite -Store $store -WarningAction SilentlyContinue
        $path = Join-Path $dir 'repair.sql'
        $null = $job | New-TwinSpinRepairScript -Path $path -ErrorAction Stop
        sqlite3 -bail "$dir/target.db" ".read '$path'"
        $LASTEXITCODE | Should -Be 0
        (Start-TwinSpinJob $sqliteSource $odbcSqlite -Store $store -WarningAction SilentlyContinue).DiscrepanciesFound | Should -Be 0
    }

    It 'makes the source equal to the target with -Direction SourceFromTarget' {
        $dir = New-TestDirectory
        Copy-Item "$sample/source.db" "$dir/source.db"
        $source = New-TwinSpinEndpoint Sqlite "Data Source=$dir/source.db" accounts
        $target = New-TwinSpinEndpoint Sqlite "Data Source=$sample/target.db" accounts
        $targetBefore = (Get-FileHash "$sample/target.db").Hash
        $job = Start-TwinSpinJob $source $target -Store $store
        $result = $job | Invoke-TwinSpinRepair -Direction SourceFromTarget -Confirm:$false -ErrorAction Stop
        $result.Remaining | Should -Be 0
        $result.Inserted + $result.Deleted + $result.Updated | Should -Be $planted.Count
        (Start-TwinSpinJob $source $target -Store $store).DiscrepanciesFound | Should -Be 0
        (Get-FileHash "$sample/target.db").Hash | Should -Be $targetBefore -Because 'only the source is written'
    }

    It 'skips, with the reason, a row that changed since the job ran' {
        $dir = New-TestDirectory
        Copy-Item "$sample/source.db", "$sample/target.db" $dir
        $source = New-TwinSpinEndpoint Sqlite "Data Source=$dir/source.db" accounts
        $target = New-TwinSpinEndpoint Sqlite "Data Source=$dir/target.db" accounts
        $job = Start-TwinSpinJob $source $target -Store $store
        $gone = $job | Get-TwinSpinDiscrepancy -Type MissingInTarget -First 1
        Invoke-Sqlite "$dir/source.db" "DELETE FROM accounts WHERE id = $($gone.Key['id']);"
        $path = Join-Path $dir 'repair.sql'
        $script = $job | New-TwinSpinRepairScript -Path $path -ErrorAction Stop
        $script.Skipped | Should -Be 1
        Get-Content $path | Should -Contain "-- skipped id=$($gone.Key['id']): the row is no longer in the source; run the job again"
        sqlite3 -bail "$dir/target.db" ".read '$path'"
        (Start-TwinSpinJob $source $target -Store $store).DiscrepanciesFound | Should -Be 0
    }

    It 'changes nothing with -WhatIf, and writes no script with -WhatIf' {
        $dir = New-TestDirectory
        Copy-Item "$sample/target.db" $dir
        $target = New-TwinSpinEndpoint Sqlite "Data Source=$dir/target.db" accounts
        $before = (Get-FileHash "$dir/target.db").Hash
        $job = Start-TwinSpinJob $sqliteSource $target -Store $store
        $job | Invoke-TwinSpinRepair -WhatIf | Should -BeNullOrEmpty
        (Get-FileHash "$dir/target.db").Hash | Should -Be $before
        $job | New-TwinSpinRepairScript -Path "$dir/none.sql" -WhatIf | Should -BeNullOrEmpty
        Test-Path "$dir/none.sql" | Should -BeFalse
    }

    It 'asks before it repairs (ConfirmImpact High): a host that cannot ask gets an error and nothing changes' {
        $dir = New-TestDirectory
        Copy-Item "$sample/target.db" $dir
        $target = New-TwinSpinEndpoint Sqlite "Data Source=$dir/target.db" accounts
        $before = (Get-FileHash "$dir/target.db").Hash
        $job = Start-TwinSpinJob $sqliteSource $target -Store $store
        # A runspace whose host has no user interface: a confirmation prompt cannot be shown there.
        $ps = New-ModuleRunspacePowerShell
        try {
            $null = $ps.AddCommand('Invoke-TwinSpinRepair').AddParameters(@{ JobId = $job.Id; Store = $store })
            { $ps.Invoke() } | Should -Throw -ExpectedMessage '*prompt*'
        }
        finally { $ps.Dispose() }
        (Get-FileHash "$dir/target.db").Hash | Should -Be $before
        (Get-Command Invoke-TwinSpinRepair).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
            Should -Be 'High'
    }

    It 'gives stable ErrorIds: a missing job, a repaired table that is gone' {
        Invoke-TwinSpinRepair -JobId 9999 -Store $store -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.JobNotFound*'
        $dir = New-TestDirectory
        Copy-Item "$sample/target.db" $dir
        $target = New-TwinSpinEndpoint Sqlite "Data Source=$dir/target.db" accounts
        $job = Start-TwinSpinJob $sqliteSource $target -Store $store
        Invoke-Sqlite "$dir/target.db" 'DROP TABLE accounts;'
        $job | New-TwinSpinRepairScript -Path "$dir/r.sql" -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'TwinSpin.TableNotFound*'
        Test-Path "$dir/r.sql" | Should -BeFalse
    }
}
