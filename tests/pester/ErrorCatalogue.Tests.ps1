# Bad input across the cmdlets (docs/errors.md): each case is a clear error (its ErrorId, its ErrorCategory,
# a message naming what to fix) that loses nothing, or, when it is not an error, the correct result.
# Errors.Tests.ps1 has the first sixteen cases; none of them is repeated here.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $dir = New-TestDirectory
    $store = Join-Path $dir 'store.db'
    $good = Join-Path $dir 'good.db'
    Invoke-Sqlite $good @'
CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, w BLOB, n REAL);
INSERT INTO t VALUES (1, 'a', x'00', 1.5), (2, 'b', x'01', 2.5), (3, 'a;b', x'02', 3.5);
CREATE TABLE t2 (id INTEGER PRIMARY KEY, v TEXT, w BLOB, n REAL);
INSERT INTO t2 VALUES (1, 'a', x'00', 1.5), (2, 'B', x'01', 2.5), (4, 'd', x'04', 4.5);
CREATE TABLE empty_t (id INTEGER PRIMARY KEY, v TEXT, w BLOB, n REAL);
CREATE TABLE ck (a INTEGER NOT NULL, b INTEGER NOT NULL, v TEXT, PRIMARY KEY (a, b));
INSERT INTO ck VALUES (1, 1, 'x'), (1, 2, 'y');
CREATE TABLE ck_nulls (a INTEGER, b INTEGER, v TEXT);
INSERT INTO ck_nulls VALUES (1, 1, 'x'), (1, NULL, 'y');
CREATE TABLE ck_dupes (a INTEGER, b INTEGER, v TEXT);
INSERT INTO ck_dupes VALUES (1, 1, 'x'), (1, 1, 'y'), (1, 2, 'z');
'@
    function Endpoint([string] $Table, [string] $Path = $good) { New-TwinSpinEndpoint Sqlite "Data Source=$Path" $Table }

    # Runs $Command with every error terminating; asserts the ErrorId (FullyQualifiedErrorId starts with it), the
    # category and that the message names each of $Names; returns the error record.
    function Assert-Failure([scriptblock] $Command, [string] $ErrorId, [string] $Category, [string[]] $Names = @()) {
        $ErrorActionPreference = 'Stop'
        $record = $null
        try { & $Command | Out-Null } catch { $record = $_ }
        $record | Should -Not -BeNullOrEmpty -Because "the command should fail with $ErrorId"
        $record.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        "$($record.CategoryInfo.Category)" | Should -Be $Category
        foreach ($name in $Names) { $record.Exception.Message | Should -Match ([regex]::Escape($name)) }
        $record
    }

    # A port on 127.0.0.1 nothing listens on (taken from the system, then released).
    function Get-ClosedPort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    # Writes the mounts this file makes, so AfterAll can always unmount them.
    $mounts = [System.Collections.Generic.List[string]]::new()
    function New-TestMount([string] $Name, [string] $Size) {
        $path = Join-Path $dir $Name
        New-Item -ItemType Directory -Path $path | Out-Null
        & mount -t tmpfs -o "size=$Size" tmpfs $path
        if ($LASTEXITCODE -ne 0) { throw "mount of a tmpfs on $path failed (the tests run as root)" }
        $mounts.Add($path)
        $path
    }

    # PostgreSQL (TWINSPIN_TEST_POSTGRES).
    $pgParts = Connect-TestPostgres
    $pgDatabase = New-TestPostgresDatabase 'ts_errcat'
    $pgLocation = "Host=$($pgParts['host']);Port=$($pgParts['port']);Database=$pgDatabase"
    $pgAdmin = "$pgLocation;Username=$($pgParts['username']);Password=$($pgParts['password'])"
    function Invoke-Psql([string] $Sql) {
        $out = $Sql | psql -d $pgDatabase -q -t -A -v ON_ERROR_STOP=1
        if ($LASTEXITCODE -ne 0) { throw "psql failed: $Sql" }
        $out
    }
    Invoke-Psql @'
CREATE TABLE nopk (id int, v text);
INSERT INTO nopk VALUES (1, 'a'), (2, 'b');
CREATE TABLE victim (x int);
INSERT INTO victim VALUES (1);
CREATE TABLE typed (id int PRIMARY KEY, v date);
CREATE TABLE "Tä;ble ""q"" 'x'" ("I;d ""k""" int PRIMARY KEY, "Vä'l;ue" text);
INSERT INTO "Tä;ble ""q"" 'x'" VALUES (1, 'a'), (2, 'b'), (3, 'c');
'@ | Out-Null

    # MariaDB (TWINSPIN_TEST_MARIADB).
    if (-not $env:TWINSPIN_TEST_MARIADB) { throw 'TWINSPIN_TEST_MARIADB is not set: run the tests with ./build.ps1 -Task Test.' }
    $mdbParts = @{}
    foreach ($pair in $env:TWINSPIN_TEST_MARIADB -split ';') { $k, $v = $pair -split '=', 2; $mdbParts[$k.Trim().ToLowerInvariant()] = $v }
    $env:MYSQL_PWD = $mdbParts['password']
    $mdbClient = @('--no-defaults', '--default-character-set=utf8mb4', '-h', $mdbParts['server'], '-P', $mdbParts['port'], '-u', $mdbParts['user id'])
    $mdbDatabase = 'ts_errcat_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    function Invoke-MariaDb([string] $Sql) {
        $out = $Sql | mariadb @mdbClient -N -D $mdbDatabase
        if ($LASTEXITCODE -ne 0) { throw "mariadb failed: $Sql" }
        $out
    }
    "CREATE DATABASE $mdbDatabase CHARACTER SET utf8mb4" | mariadb @mdbClient
    if ($LASTEXITCODE -ne 0) { throw 'Cannot create the MariaDB test database' }
    Invoke-MariaDb @'
CREATE TABLE nopk (id int, v text);
INSERT INTO nopk VALUES (1, 'a'), (2, 'b');
CREATE TABLE victim (x int);
INSERT INTO victim VALUES (1);
CREATE TABLE `Tä;ble "q" 'x'` (`I;d "k"` int PRIMARY KEY, `Vä'l;ue` text);
INSERT INTO `Tä;ble "q" 'x'` VALUES (1, 'a'), (2, 'b'), (5, 'e');
'@ | Out-Null
    $mdbLocation = "$($env:TWINSPIN_TEST_MARIADB);Database=$mdbDatabase"
}

AfterAll {
    foreach ($mount in $mounts) {
        & umount $mount 2>$null
        if ($LASTEXITCODE -ne 0) { & umount -l $mount } # a connection pool may still hold a file there
    }
    Remove-TestPostgresDatabase $pgDatabase
    "DROP DATABASE IF EXISTS $mdbDatabase" | mariadb @mdbClient
    Remove-Item Env:MYSQL_PWD -ErrorAction SilentlyContinue
}

Describe 'Columns, keys and comparison options that do not fit the tables' {
    It 'a -Column that does not exist, naming it and the columns that do' {
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Column v, nope -Store $store } 'TwinSpin.ColumnNotFound' 'ObjectNotFound' "'nope'", 'id, v, w, n'
    }

    It 'a -ColumnMap to a target column that does not exist, naming the mapping and the target''s columns' {
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t2) -ColumnMap @{ v = 'vv' } -Store $store } 'TwinSpin.ColumnNotFound' 'ObjectNotFound' `
            "-ColumnMap maps 'v' to 'vv'", "'vv' does not exist in the target table 't2'", 'id, v, w, n'
    }

    It 'a -ColumnMap from a source column that does not exist' {
        Assert-Failure { Compare-TwinSpinRange (Endpoint t) (Endpoint t2) -ColumnMap @{ zz = 'v' } } 'TwinSpin.ColumnNotFound' 'ObjectNotFound' "'zz' does not exist in the source table 't'"
    }

    It 'a -KeyColumn that only the source has' {
        Assert-Failure { Start-TwinSpinJob (Endpoint ck) (Endpoint t) -KeyColumn a -Store $store } 'TwinSpin.ColumnNotFound' 'ObjectNotFound' "'a' does not exist in the target table 't'"
    }

    It 'an -ExcludeColumn that neither table has' {
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t2) -ExcludeColumn nope -Store $store } 'TwinSpin.ColumnNotFound' 'ObjectNotFound' "'nope'"
    }

    It 'an -IgnoreCaseColumn or -TrimColumn that is not text' {
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t2) -IgnoreCaseColumn n -Store $store } 'TwinSpin.InvalidArgument' 'InvalidArgument' "'n'", 'text columns only'
        Assert-Failure { Compare-TwinSpinRange (Endpoint t) (Endpoint t2) -TrimColumn id } 'TwinSpin.InvalidArgument' 'InvalidArgument' "'id'", 'text columns only'
    }

    It 'a -Tolerance on a text column' {
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Tolerance @{ v = 0.1 } -Store $store } 'TwinSpin.InvalidArgument' 'InvalidArgument' "'v'", 'numeric columns only'
    }

    It 'a -Tolerance that is not a number (was a FormatException)' {
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Tolerance @{ n = 'abc' } -Store $store } 'TwinSpin.InvalidArgument' 'InvalidArgument' "-Tolerance for column 'n'", "'abc'"
        Assert-Failure { Compare-TwinSpinRange (Endpoint t) (Endpoint t2) -Tolerance @{ n = 'abc' } } 'TwinSpin.InvalidArgument' 'InvalidArgument' "column 'n'"
    }

    It 'a -Tolerance of zero' {
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Tolerance @{ n = 0 } -Store $store } 'TwinSpin.InvalidArgument' 'InvalidArgument' "column 'n'", 'greater than zero'
    }

    It 'a NULL in the second key column, on the target side only' {
        Assert-Failure { Start-TwinSpinJob (Endpoint ck) (Endpoint ck_nulls) -KeyColumn a, b -Store $store } 'TwinSpin.NullKey' 'InvalidData' `
            "1 row(s) of the target table 'ck_nulls'", 'key column(s) a, b', '-Where'
    }

    It 'a compound key duplicated on the target side, naming the key' {
        Assert-Failure { Start-TwinSpinJob (Endpoint ck) (Endpoint ck_dupes) -KeyColumn a, b -Store $store } 'TwinSpin.KeyNotUnique' 'InvalidData' `
            'Key (a, b)', "target table 'ck_dupes'", 'include: 1, 1'
    }

    It 'a PostgreSQL date column against SQLite text, naming both types' {
        $pg = New-TwinSpinEndpoint PostgreSql $pgAdmin typed
        Assert-Failure { Start-TwinSpinJob (Endpoint t) $pg -Column v -Store $store } 'TwinSpin.TypeMismatch' 'InvalidType' "Column 'v' is TEXT", 'date', '-ExcludeColumn'
    }

    It 'no key and no primary key in PostgreSQL' {
        $pg = New-TwinSpinEndpoint PostgreSql $pgAdmin nopk
        Assert-Failure { Compare-TwinSpinRange $pg $pg } 'TwinSpin.NoKey' 'InvalidArgument' "'public.nopk'", '-KeyColumn'
    }
}

Describe 'Key ranges' {
    It '-From with more values than key columns (was TwinSpin.Unexpected: index out of range)' {
        Assert-Failure { Compare-TwinSpinRange (Endpoint t) (Endpoint t2) -From 1, 2, 3 } 'TwinSpin.InvalidArgument' 'InvalidArgument' '-From has 3 values', '1 column(s) (id)'
    }

    It '-From text for an integer key (SQLite compared nothing and reported no difference)' {
        Assert-Failure { Compare-TwinSpinRange (Endpoint t) (Endpoint t2) -From abc } 'TwinSpin.InvalidArgument' 'InvalidArgument' "-From value 'abc'", "key column 'id'"
        Assert-Failure { Compare-TwinSpinRange (Endpoint t) (Endpoint t2) -To 2.5 } 'TwinSpin.InvalidArgument' 'InvalidArgument' '-To value 2.5'
    }
}

Describe 'Filters' {
    It 'a -Where with a syntax error names the condition' {
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Where 'id = = 1' -Store $store } 'TwinSpin.QueryFailed' 'InvalidOperation' 'syntax error', '-Where condition "id = = 1"'
    }

    It 'a -Where that smuggles a second statement is refused, on every engine, and the table is still there' -ForEach @(
        @{ Where = '1=1; DROP TABLE victim' }
        @{ Where = '1=1) ; DROP TABLE victim; SELECT (1' } # closes TwinSpin's parenthesis: ran the DROP on PostgreSQL and MariaDB before
    ) {
        $pg = New-TwinSpinEndpoint PostgreSql $pgAdmin nopk
        $mdb = New-TwinSpinEndpoint MariaDb $mdbLocation nopk
        $victimDb = Join-Path $dir 'victim.db'
        Invoke-Sqlite $victimDb 'CREATE TABLE IF NOT EXISTS nopk (id INTEGER, v TEXT); CREATE TABLE IF NOT EXISTS victim (x INTEGER);'
        $sqlite = Endpoint nopk $victimDb
        foreach ($endpoint in $pg, $mdb, $sqlite) {
            Assert-Failure { Start-TwinSpinJob $endpoint $endpoint -KeyColumn id -Where $Where -Store $store } 'TwinSpin.InvalidArgument' 'InvalidArgument' '-Where', "';' outside quotes", 'Nothing was run'
            Assert-Failure { Compare-TwinSpinRange $endpoint $endpoint -KeyColumn id -Where $Where } 'TwinSpin.InvalidArgument' 'InvalidArgument' '-Where'
        }
        Invoke-Psql "SELECT count(*) FROM victim" | Should -Be 1
        Invoke-MariaDb "SELECT count(*) FROM victim" | Should -Be 1
        'SELECT count(*) FROM sqlite_master WHERE name = ''victim'';' | sqlite3 $victimDb | Should -Be 1
    }

    It 'a ; with a backslash or comment is refused (engines disagree on what such text quotes)' {
        Assert-Failure { Compare-TwinSpinRange (Endpoint t) (Endpoint t2) -Where "v <> 'a\'' ; DROP TABLE t; SELECT '" } 'TwinSpin.InvalidArgument' 'InvalidArgument' 'backslash'
        Assert-Failure { Compare-TwinSpinRange (Endpoint t) (Endpoint t2) -Where "v <> 'a;b' -- note" } 'TwinSpin.InvalidArgument' 'InvalidArgument' 'comment'
    }

    It 'an endpoint''s own -Where that smuggles a statement: refused by the job, a problem for Test-TwinSpinEndpoint' {
        $pg = New-TwinSpinEndpoint PostgreSql $pgAdmin nopk -Where '1=1) ; DELETE FROM victim; SELECT (1'
        Assert-Failure { Start-TwinSpinJob $pg $pg -KeyColumn id -Store $store } 'TwinSpin.InvalidArgument' 'InvalidArgument' "The source endpoint's -Where"
        $test = Test-TwinSpinEndpoint $pg -KeyColumn id
        $test.Passed | Should -BeFalse
        $test.Problems | Should -Match "The endpoint's -Where must be one SQL condition"
        Invoke-Psql "SELECT count(*) FROM victim" | Should -Be 1
    }

    It 'a ; inside a quoted literal is not an error: the filter works' {
        $found = Compare-TwinSpinRange (Endpoint t) (Endpoint t2) -Where "v <> 'a;b'"
        ($found | ForEach-Object { '{0} {1}' -f $_.Type, $_.Key['id'] } | Sort-Object) | Should -Be @('MissingInSource 4', 'ValueMismatch 2')
    }
}

Describe 'Names with quotes, semicolons and non-ASCII letters' {
    BeforeAll {
        $weird = "Tä;ble `"q`" 'x'"
        $weirdDb = Join-Path $dir 'weird.db'
        Invoke-Sqlite $weirdDb @'
CREATE TABLE "Tä;ble ""q"" 'x'" ("I;d ""k""" INTEGER PRIMARY KEY, "Vä'l;ue" TEXT);
INSERT INTO "Tä;ble ""q"" 'x'" VALUES (1, 'a'), (2, 'B'), (4, 'd');
'@
    }

    It 'a table and columns really named so are compared on SQLite, PostgreSQL and MariaDB' {
        $sqlite = Endpoint $weird $weirdDb
        $pg = New-TwinSpinEndpoint PostgreSql $pgAdmin $weird
        $mdb = New-TwinSpinEndpoint MariaDb $mdbLocation $weird
        $job = Start-TwinSpinJob $sqlite $pg -Store $store
        $job.Status | Should -Be 'Completed'
        $job.KeyColumns | Should -Be @('I;d "k"')
        $job.Columns | Should -Be @("Vä'l;ue")
        ($job | Get-TwinSpinDiscrepancy | ForEach-Object { '{0} {1}' -f $_.Type, $_.Key['I;d "k"'] } | Sort-Object) |
            Should -Be @('MissingInSource 3', 'MissingInTarget 4', 'ValueMismatch 2')
        $other = Start-TwinSpinJob $pg $mdb -Store $store
        ($other | Get-TwinSpinDiscrepancy | ForEach-Object { '{0} {1}' -f $_.Type, $_.Key['I;d "k"'] } | Sort-Object) |
            Should -Be @('MissingInSource 5', 'MissingInTarget 3')
        # A filter naming such a column (a ';' inside quotes is allowed).
        (Compare-TwinSpinRange $sqlite $pg -Where "`"Vä'l;ue`" <> 'B'" | ForEach-Object { '{0} {1}' -f $_.Type, $_.Key['I;d "k"'] } | Sort-Object) |
            Should -Be @('MissingInSource 2', 'MissingInSource 3', 'MissingInTarget 4')
    }

    It 'a table so named that does not exist is TableNotFound naming it' {
        $missing = "Nö;such `"t`"'"
        Assert-Failure { Start-TwinSpinJob (Endpoint $weird $weirdDb) (New-TwinSpinEndpoint PostgreSql $pgAdmin $missing) -Store $store } `
            'TwinSpin.TableNotFound' 'ObjectNotFound' "Table '$missing' does not exist in the target database"
        Assert-Failure { Compare-TwinSpinRange (New-TwinSpinEndpoint MariaDb $mdbLocation $missing) (Endpoint $weird $weirdDb) } `
            'TwinSpin.TableNotFound' 'ObjectNotFound' "Table '$missing' does not exist in the source database"
    }

    It 'a key column so named that does not exist is ColumnNotFound naming it' {
        Assert-Failure { Start-TwinSpinJob (Endpoint $weird $weirdDb) (Endpoint $weird $weirdDb) -KeyColumn 'I;d "q"' -Store $store } `
            'TwinSpin.ColumnNotFound' 'ObjectNotFound' "Column 'I;d `"q`"'", "I;d `"k`", Vä'l;ue"
    }
}

Describe 'Providers and connections' {
    It 'an unknown provider, listing the ones there are' {
        Assert-Failure { New-TwinSpinEndpoint -Provider Foo -ConnectionString 'x=y' -Table t } 'CannotConvertArgumentNoMessage' 'InvalidArgument' "'Provider'", 'Sqlite, PostgreSql, MariaDb, Odbc, Db2, Oracle'
    }

    It 'a PostgreSQL connection string that is not key=value pairs (was only found when connecting)' {
        Assert-Failure { New-TwinSpinEndpoint PostgreSql 'just some text' t } 'TwinSpin.InvalidConnectionString' 'InvalidArgument' 'connection string', "'key=value' pairs"
        Assert-Failure { New-TwinSpinEndpoint Odbc 'Driver={SQLite3;Database=x' t } 'TwinSpin.InvalidConnectionString' 'InvalidArgument' 'connection string'
    }

    It 'a keyword the driver does not know, naming it' {
        $pg = New-TwinSpinEndpoint PostgreSql "$pgAdmin;Bogus Key=1" nopk
        Assert-Failure { Compare-TwinSpinRange $pg $pg } 'TwinSpin.ConnectionFailed' 'ConnectionError' 'PostgreSQL connection string is not valid', 'bogus key'
        $mdb = New-TwinSpinEndpoint MariaDb "$mdbLocation;Bogus=1" nopk
        Assert-Failure { Compare-TwinSpinRange $mdb $mdb } 'TwinSpin.ConnectionFailed' 'ConnectionError' 'MariaDB connection string is not valid', 'bogus'
    }

    It 'a SQLite connection string without a Data Source' {
        Assert-Failure { Compare-TwinSpinRange (Endpoint t) (New-TwinSpinEndpoint Sqlite 'Mode=ReadOnly' t) } 'TwinSpin.ConnectionFailed' 'ConnectionError' "no 'Data Source'"
    }

    It 'an unreachable PostgreSQL server (a closed port on 127.0.0.1)' {
        $port = Get-ClosedPort
        $pg = New-TwinSpinEndpoint PostgreSql "Host=127.0.0.1;Port=$port;Username=u;Password=Unused-Secret-1;Database=d" t
        $err = Assert-Failure { Start-TwinSpinJob (Endpoint t) $pg -Store $store } 'TwinSpin.ConnectionFailed' 'ConnectionError' "PostgreSQL at 127.0.0.1:$port"
        $err.Exception.Message | Should -Not -Match 'Unused-Secret-1'
    }

    It 'an unreachable MariaDB server (a closed port on 127.0.0.1)' {
        $port = Get-ClosedPort
        $mdb = New-TwinSpinEndpoint MariaDb "Server=127.0.0.1;Port=$port;User ID=u;Password=Unused-Secret-2;Database=d" t
        $err = Assert-Failure { Compare-TwinSpinRange $mdb (Endpoint t) } 'TwinSpin.ConnectionFailed' 'ConnectionError' "MariaDB at 127.0.0.1:$port"
        $err.Exception.Message | Should -Not -Match 'Unused-Secret-2'
    }

    It 'a wrong password on the real PostgreSQL server: no job is recorded, the password is not shown' {
        $wrong = [pscredential]::new($pgParts['username'], (ConvertTo-SecureString 'Wr0ng-Catalogue-Pw' -AsPlainText -Force))
        $pg = New-TwinSpinEndpoint PostgreSql $pgLocation nopk -Credential $wrong
        Start-TwinSpinJob (Endpoint t) (Endpoint t) -Store $store | Out-Null # the store exists
        $before = @(Get-TwinSpinJob -Store $store).Count
        $err = Assert-Failure { Start-TwinSpinJob $pg $pg -KeyColumn id -Store $store } 'TwinSpin.ConnectionFailed' 'ConnectionError' 'password authentication failed', "user `"$($pgParts['username'])`""
        $err.Exception.Message | Should -Not -Match 'Wr0ng-Catalogue-Pw'
        @(Get-TwinSpinJob -Store $store).Count | Should -Be $before
    }

    It 'a PostgreSQL database that does not exist, naming it' {
        $pg = New-TwinSpinEndpoint PostgreSql ($pgAdmin -replace "Database=$pgDatabase", 'Database=ts_no_such_db') nopk
        Assert-Failure { Compare-TwinSpinRange $pg $pg } 'TwinSpin.ConnectionFailed' 'ConnectionError' "database 'ts_no_such_db'"
    }

    It 'a missing ODBC driver, naming it and how to list the installed ones' {
        $odbc = New-TwinSpinEndpoint Odbc 'Driver={TwinSpin Catalogue No Driver};Database=x' t
        Assert-Failure { Start-TwinSpinJob (Endpoint t) $odbc -Store $store } 'TwinSpin.ConnectionFailed' 'ConnectionError' 'TwinSpin Catalogue No Driver', 'odbcinst -q -d'
    }

    It 'an ODBC -Dialect TwinSpin cannot use through ODBC' {
        $odbc = New-TwinSpinEndpoint Odbc "Driver={SQLite3};Database=$good" t -Dialect MariaDb
        Assert-Failure { Compare-TwinSpinRange (Endpoint t) $odbc } 'TwinSpin.ProviderNotSupported' 'NotImplemented' "'MariaDb'", 'PostgreSQL and SQLite'
    }

    It 'a DB2 -Dialect that is not a DB2 platform' {
        $db2 = New-TwinSpinEndpoint Db2 'Server=db2.example.org:50000;Database=SAMPLE' t -Dialect Oracle
        Assert-Failure { Compare-TwinSpinRange (Endpoint t) $db2 } 'TwinSpin.InvalidArgument' 'InvalidArgument' "'Oracle' is not a DB2 platform", "'luw' or 'zos'"
    }
}

Describe 'Job stores that cannot be used' {
    It 'a store on a read-only file system (tmpfs remounted read-only: chmod does not stop root)' {
        $ro = New-TestMount 'ro' '1m'
        $roStore = Join-Path $ro 'store.db'
        $job = Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Store $roStore
        & mount -o remount,ro $ro
        $LASTEXITCODE | Should -Be 0
        Assert-Failure { Get-TwinSpinJob -Store $roStore } 'TwinSpin.StoreUnavailable' 'ResourceUnavailable' "job store '$roStore'"
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Store $roStore } 'TwinSpin.StoreUnavailable' 'ResourceUnavailable' "job store '$roStore'"
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Store (Join-Path $ro 'new.db') } 'TwinSpin.StoreUnavailable' 'ResourceUnavailable' 'new.db'
        # Nothing lost: readable again once writable.
        & mount -o remount,rw $ro
        (Get-TwinSpinJob -Id $job.Id -Store $roStore).DiscrepanciesFound | Should -Be 3
    }

    It 'a store path that is a directory, saying so' {
        Assert-Failure { Get-TwinSpinJob -Store $dir } 'TwinSpin.StoreUnavailable' 'ResourceUnavailable' "'$dir' is a directory", 'twinspin.db'
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Store $dir } 'TwinSpin.StoreUnavailable' 'ResourceUnavailable' "'$dir' is a directory"
    }

    It 'a store of a newer schema version is neither read nor migrated' {
        $newer = Join-Path $dir 'newer.db'
        Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Store $newer | Out-Null
        Invoke-Sqlite $newer 'UPDATE schema_version SET version = 99 WHERE version = (SELECT MAX(version) FROM schema_version);'
        $hash = (Get-FileHash $newer).Hash
        Assert-Failure { Get-TwinSpinJob -Store $newer } 'TwinSpin.StoreUnavailable' 'ResourceUnavailable' 'schema version 99', 'Update TwinSpin'
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Store $newer } 'TwinSpin.StoreUnavailable' 'ResourceUnavailable' 'schema version 99'
        (Get-FileHash $newer).Hash | Should -Be $hash
        'SELECT MAX(version) FROM schema_version; SELECT COUNT(*) FROM discrepancies;' | sqlite3 $newer | Should -Be @('99', '3')
    }

    It 'a store on a full disk (was TwinSpin.Unexpected): StoreUnavailable, and what was stored is kept' {
        $pair = New-SamplePair -Rows 30000 -Differences 6000 -Seed 13
        $src = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
        $tgt = New-TwinSpinEndpoint Sqlite "Data Source=$pair/target.db" accounts
        $full = New-TestMount 'full' '4m'
        $fullStore = Join-Path $full 'store.db'
        $first = Start-TwinSpinJob $src $tgt -Store $fullStore
        $first.DiscrepanciesFound | Should -Be 6000
        # Leave far less room than another 6,000 discrepancies take.
        $free = [long](((& df -k --output=avail $full) | Select-Object -Last 1).Trim())
        $filler = Join-Path $full 'filler'
        & dd if=/dev/zero "of=$filler" bs=1k "count=$($free - 256)" 2>$null
        $LASTEXITCODE | Should -Be 0
        Assert-Failure { Start-TwinSpinJob $src $tgt -Store $fullStore } 'TwinSpin.StoreUnavailable' 'ResourceUnavailable' "job store '$fullStore'", 'disk is full', 'Make room' | Out-Null
        Remove-Item $filler

        $second = Get-TwinSpinJob -Store $fullStore | Where-Object Id -ne $first.Id
        @($second).Count | Should -Be 1
        if ($second.Status -eq 'Running') {
            # Settling the job failed too (the disk was full): it is settled as abandoned once its heartbeat is old.
            Invoke-Sqlite $fullStore "UPDATE jobs SET heartbeat_at = '2000-01-01T00:00:00.0000000Z' WHERE id = $($second.Id);"
            $second = Get-TwinSpinJob -Id $second.Id -Store $fullStore
        }
        $second.Status | Should -Be 'Failed'
        $second.DiscrepanciesFound | Should -BeLessThan 6000
        # Every discrepancy the failed job counted is stored, and each is a real one.
        $kept = @(Get-TwinSpinDiscrepancy -JobId $second.Id -Store $fullStore)
        $kept.Count | Should -Be $second.DiscrepanciesFound
        $planted = Get-PlantedSet $pair
        Get-FoundSet $kept | Where-Object { $_ -notin $planted } | Should -BeNullOrEmpty
        # The earlier job is whole.
        (Get-TwinSpinJob -Id $first.Id -Store $fullStore).Status | Should -Be 'Completed'
        Get-FoundSet (Get-TwinSpinDiscrepancy -JobId $first.Id -Store $fullStore) | Should -Be $planted
    }

    It 'a PostgreSQL store with a wrong password, without the password' {
        $bad = "$pgLocation;Username=$($pgParts['username']);Password=Wr0ng-Store-Pw"
        $err = Assert-Failure { Get-TwinSpinJob -Store $bad } 'TwinSpin.StoreUnavailable' 'ResourceUnavailable' "database=$pgDatabase", 'password authentication failed'
        $err.Exception.Message | Should -Not -Match 'Wr0ng-Store-Pw'
    }
}

Describe 'Jobs that do not exist or are running' {
    It 'a job id that does not exist, for the cmdlets Errors.Tests.ps1 does not cover' {
        Start-TwinSpinJob (Endpoint t) (Endpoint t) -Store $store | Out-Null
        Assert-Failure { Get-TwinSpinJob -Id 424242 -Store $store } 'TwinSpin.JobNotFound' 'ObjectNotFound' 'Job 424242', $store
        Assert-Failure { Get-TwinSpinDiscrepancy -JobId 424242 -Store $store } 'TwinSpin.JobNotFound' 'ObjectNotFound' 'Job 424242'
        Assert-Failure { Remove-TwinSpinJob -Id 424242 -Store $store -Confirm:$false } 'TwinSpin.JobNotFound' 'ObjectNotFound' 'Job 424242'
        Assert-Failure { Compare-TwinSpinRange -JobId 424242 -Store $store } 'TwinSpin.JobNotFound' 'ObjectNotFound' 'Job 424242'
    }

    It 'Remove-TwinSpinJob of a running job refuses, naming the cure, and keeps the job' {
        $busyStore = Join-Path $dir 'busy.db'
        $job = Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Store $busyStore
        # Running, with a heartbeat from the future: alive whatever the clock says (no timing involved).
        Invoke-Sqlite $busyStore "UPDATE jobs SET status = 'Running', completed_at = NULL, heartbeat_at = '2999-01-01T00:00:00.0000000Z' WHERE id = $($job.Id);"
        Assert-Failure { Remove-TwinSpinJob -Id $job.Id -Store $busyStore -Confirm:$false } 'TwinSpin.JobRunning' 'ResourceBusy' "Job $($job.Id) is running", 'Stop-TwinSpinJob', '-Force'
        $kept = Get-TwinSpinJob -Id $job.Id -Store $busyStore
        $kept.Status | Should -Be 'Running'
        @(Get-TwinSpinDiscrepancy -JobId $job.Id -Store $busyStore).Count | Should -Be 3
    }
}

Describe 'Empty tables are not errors' {
    It 'an empty target: every source row is reported missing in the target' {
        $job = Start-TwinSpinJob (Endpoint t) (Endpoint empty_t) -Store $store
        $job.Status | Should -Be 'Completed'
        ($job | Get-TwinSpinDiscrepancy | ForEach-Object { '{0} {1}' -f $_.Type, $_.Key['id'] } | Sort-Object) |
            Should -Be @('MissingInTarget 1', 'MissingInTarget 2', 'MissingInTarget 3')
    }

    It 'an empty source: every target row is reported missing in the source' {
        (Compare-TwinSpinRange (Endpoint empty_t) (Endpoint t2) | ForEach-Object { '{0} {1}' -f $_.Type, $_.Key['id'] } | Sort-Object) |
            Should -Be @('MissingInSource 1', 'MissingInSource 2', 'MissingInSource 4')
    }

    It 'both sides empty: a completed job with zero discrepancies' {
        $job = Start-TwinSpinJob (Endpoint empty_t) (Endpoint empty_t) -Store $store
        $job.Status | Should -Be 'Completed'
        $job.DiscrepanciesFound | Should -Be 0
        $job.TotalRows | Should -Be 0
        $job | Get-TwinSpinDiscrepancy | Should -BeNullOrEmpty
    }

    It 'a -Where no row matches: zero discrepancies' {
        $job = Start-TwinSpinJob (Endpoint t) (Endpoint t2) -Where 'id < 0' -Store $store
        $job.Status | Should -Be 'Completed'
        $job.DiscrepanciesFound | Should -Be 0
    }
}

Describe 'Parameter validation (PowerShell''s own ErrorIds, before any connection)' {
    It '<Case>' -ForEach @(
        @{ Case = '-Parallelism 0'; Command = { Start-TwinSpinJob (Endpoint t) (Endpoint t) -Parallelism 0 -Store $store }; Name = 'Parallelism' }
        @{ Case = '-FanOut 1'; Command = { Compare-TwinSpinRange (Endpoint t) (Endpoint t) -FanOut 1 }; Name = 'FanOut' }
        @{ Case = '-MaxDepth 65'; Command = { Start-TwinSpinJob (Endpoint t) (Endpoint t) -MaxDepth 65 -Store $store }; Name = 'MaxDepth' }
        @{ Case = '-PartitionRowThreshold 0'; Command = { Start-TwinSpinJob (Endpoint t) (Endpoint t) -PartitionRowThreshold 0 -Store $store }; Name = 'PartitionRowThreshold' }
        @{ Case = 'Test-TwinSpinEndpoint -SampleRows 0'; Command = { Test-TwinSpinEndpoint (Endpoint t) -SampleRows 0 }; Name = 'SampleRows' }
        @{ Case = 'Get-TwinSpinDiscrepancy -First 0'; Command = { Get-TwinSpinDiscrepancy -JobId 1 -First 0 -Store $store }; Name = 'First' }
        @{ Case = 'Get-TwinSpinJob -Status Nope'; Command = { Get-TwinSpinJob -Status Nope -Store $store }; Name = 'Status' }
        @{ Case = 'Get-TwinSpinDiscrepancy -Type Nope'; Command = { Get-TwinSpinDiscrepancy -JobId 1 -Type Nope -Store $store }; Name = 'Type' }
        @{ Case = 'New-TwinSpinEndpoint -Table empty'; Command = { New-TwinSpinEndpoint Sqlite "Data Source=$good" '' }; Name = 'Table' }
    ) {
        $err = Assert-Failure $Command 'ParameterArgumentValidationError' 'InvalidData' "'$Name'"
        $err.FullyQualifiedErrorId | Should -BeLike '*TwinSpin.Commands.*'
    }

    It '-Strategy that does not exist, listing the ones there are' {
        Assert-Failure { Start-TwinSpinJob (Endpoint t) (Endpoint t) -Strategy Fastest -Store $store } 'CannotConvertArgumentNoMessage' 'InvalidArgument' "'Strategy'", 'Checksum, Rows'
    }
}

Describe 'Jobs only read the compared tables' {
    It 'runs whole jobs through a PostgreSQL role that may only SELECT the two tables, and changes nothing' {
        $role = 'ts_reader_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $rolePassword = [guid]::NewGuid().ToString('N')
        Invoke-Psql @"
CREATE TABLE ro_a AS SELECT g AS id, md5(g::text) AS v, g * 1.5 AS amount FROM generate_series(1, 5000) g;
ALTER TABLE ro_a ADD PRIMARY KEY (id);
CREATE TABLE ro_b AS SELECT * FROM ro_a;
ALTER TABLE ro_b ADD PRIMARY KEY (id);
UPDATE ro_b SET v = 'changed' WHERE id % 1000 = 0;
DELETE FROM ro_b WHERE id = 7;
INSERT INTO ro_b VALUES (9999, 'new', 1);
CREATE ROLE $role LOGIN PASSWORD '$rolePassword';
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE TEMPORARY ON DATABASE $pgDatabase FROM PUBLIC;
GRANT CONNECT ON DATABASE $pgDatabase TO $role;
GRANT USAGE ON SCHEMA public TO $role;
GRANT SELECT ON ro_a, ro_b TO $role;
"@ | Out-Null
        try {
            $fingerprint = "SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM ro_a t UNION ALL SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM ro_b t"
            $before = Invoke-Psql $fingerprint
            $credential = [pscredential]::new($role, (ConvertTo-SecureString $rolePassword -AsPlainText -Force))
            $a = New-TwinSpinEndpoint PostgreSql $pgLocation ro_a -Credential $credential
            $b = New-TwinSpinEndpoint PostgreSql $pgLocation ro_b -Credential $credential
            $roStore = Join-Path $dir 'readonly-role.db'
            $expected = @('MissingInSource 9999', 'MissingInTarget 7', 'ValueMismatch 1000', 'ValueMismatch 2000', 'ValueMismatch 3000', 'ValueMismatch 4000', 'ValueMismatch 5000')
            foreach ($options in @{}, @{ Strategy = 'Rows' }, @{ PortableHash = $true; PartitionRowThreshold = 200 }) {
                $job = Start-TwinSpinJob $a $b -Store $roStore @options
                $job.Status | Should -Be 'Completed'
                ($job | Get-TwinSpinDiscrepancy | ForEach-Object { '{0} {1}' -f $_.Type, $_.Key['id'] } | Sort-Object) | Should -Be $expected
            }
            @(Compare-TwinSpinRange $a $b -From 1 -To 2500).Count | Should -Be 3
            (Test-TwinSpinEndpoint $a).Passed | Should -BeTrue
            Invoke-Psql $fingerprint | Should -Be $before
            # And the role really cannot write (so a write by TwinSpin would have failed the jobs above).
            $env:PGUSER, $env:PGPASSWORD = $role, $rolePassword
            try {
                'DELETE FROM ro_a WHERE id = 1' | psql -d $pgDatabase -q -v ON_ERROR_STOP=1 2>$null
                $LASTEXITCODE | Should -Not -Be 0
            }
            finally { $null = Connect-TestPostgres }
        }
        finally {
            Invoke-Psql "DROP OWNED BY $role; DROP ROLE $role;" | Out-Null
        }
    }

    It 'leaves SQLite source and target files byte-identical' {
        $pair = New-SamplePair -Rows 5000 -Differences 40 -Seed 19
        $files = { Get-ChildItem $pair -File | Where-Object Name -ne 'planted.json' | Sort-Object Name | ForEach-Object { '{0} {1}' -f $_.Name, (Get-FileHash $_.FullName).Hash } }
        $before = & $files
        $src = New-TwinSpinEndpoint Sqlite "Data Source=$pair/source.db" accounts
        $tgt = New-TwinSpinEndpoint Sqlite "Data Source=$pair/target.db" accounts
        $sqliteStore = Join-Path $dir 'byte-identical.db'
        (Start-TwinSpinJob $src $tgt -Store $sqliteStore).DiscrepanciesFound | Should -Be 40
        (Start-TwinSpinJob $src $tgt -Store $sqliteStore -Strategy Rows -PortableHash).DiscrepanciesFound | Should -Be 40
        @(Compare-TwinSpinRange $src $tgt).Count | Should -Be 40
        Test-TwinSpinEndpoint $tgt | Out-Null
        & $files | Should -Be $before # the same files (no journal left behind), byte for byte
    }
}
