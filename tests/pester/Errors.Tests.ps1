BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $dir = New-TestDirectory
    $store = Join-Path $dir 'store.db'
    $good = Join-Path $dir 'good.db'
    Invoke-Sqlite $good @'
CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, w BLOB);
INSERT INTO t VALUES (1, 'a', x'00'), (2, 'b', x'01');
CREATE TABLE nokey (id INTEGER, v TEXT);
INSERT INTO nokey VALUES (1, 'a'), (2, 'b');
CREATE TABLE dupes (id INTEGER, v TEXT);
INSERT INTO dupes VALUES (1, 'a'), (7, 'b'), (7, 'c');
CREATE TABLE nulls (id INTEGER, v TEXT);
INSERT INTO nulls VALUES (1, 'a'), (NULL, 'b');
CREATE TABLE typed (id INTEGER PRIMARY KEY, v TEXT, w TEXT);
'@
    function Endpoint([string] $Table, [string] $Path = $good) { New-TwinSpinEndpoint Sqlite "Data Source=$Path" $Table }
    $command = 'TwinSpin.Commands.StartTwinSpinJobCommand'
}

Describe 'Bad input gives error records with stable ErrorIds' {
    It 'a missing table' {
        { Start-TwinSpinJob (Endpoint t) (Endpoint missing_table) -Store $store -ErrorAction Stop } |
            Should -Throw -ErrorId "TwinSpin.TableNotFound,$command"
    }

    It 'a missing key column, naming the columns that exist' {
        $err = { Start-TwinSpinJob (Endpoint t) (Endpoint t) -KeyColumn ident -Store $store -ErrorAction Stop } |
            Should -Throw -ErrorId "TwinSpin.ColumnNotFound,$command" -PassThru
        $err.Exception.Message | Should -Match 'id, v, w'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'no key and no primary key' {
        { Start-TwinSpinJob (Endpoint nokey) (Endpoint nokey) -Store $store -ErrorAction Stop } |
            Should -Throw -ErrorId "TwinSpin.NoKey,$command"
    }

    It 'a key that is not unique' {
        $err = { Start-TwinSpinJob (Endpoint dupes) (Endpoint dupes) -KeyColumn id -Store $store -ErrorAction Stop } |
            Should -Throw -ErrorId "TwinSpin.KeyNotUnique,$command" -PassThru
        $err.Exception.Message | Should -Match '7'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'NULL keys' {
        { Start-TwinSpinJob (Endpoint nulls) (Endpoint nulls) -KeyColumn id -Store $store -ErrorAction Stop } |
            Should -Throw -ErrorId "TwinSpin.NullKey,$command"
    }

    It 'columns whose types cannot be compared' {
        { Start-TwinSpinJob (Endpoint t) (Endpoint typed) -Store $store -ErrorAction Stop } |
            Should -Throw -ErrorId "TwinSpin.TypeMismatch,$command"
    }

    It 'a database file that does not exist (and is not created)' {
        $missing = Join-Path $dir 'missing.db'
        { Start-TwinSpinJob (Endpoint t) (Endpoint t $missing) -Store $store -ErrorAction Stop } |
            Should -Throw -ErrorId "TwinSpin.ConnectionFailed,$command"
        Test-Path $missing | Should -BeFalse
    }

    It 'a job store that cannot be opened' {
        $notADatabase = Join-Path $dir 'garbage.db'
        [System.IO.File]::WriteAllBytes($notADatabase, [byte[]]::new(4096) + 1)
        { Get-TwinSpinJob -Store $notADatabase -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.StoreUnavailable,TwinSpin.Commands.GetTwinSpinJobCommand'
    }

    It 'a DB2 or Oracle driver that is not installed, saying what to install' {
        $db2 = New-TwinSpinEndpoint Db2 'Server=db2.example.org:50000;Database=SAMPLE' accounts -DriverPath (Join-Path $dir 'no-driver-here')
        $err = { Compare-TwinSpinRange (Endpoint t) $db2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.DriverNotFound,TwinSpin.Commands.CompareTwinSpinRangeCommand' -PassThru
        $err.Exception.Message | Should -Match 'Net\.IBM\.Data\.Db2'
        $err.CategoryInfo.Category | Should -Be 'NotInstalled'
        $oracle = New-TwinSpinEndpoint Oracle 'Data Source=ora.example.org/ORCL' accounts
        $err = { Compare-TwinSpinRange (Endpoint t) $oracle -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.DriverNotFound,TwinSpin.Commands.CompareTwinSpinRangeCommand' -PassThru
        $err.Exception.Message | Should -Match 'Oracle\.ManagedDataAccess\.Core'
    }

    It 'a job that does not exist' {
        { Get-TwinSpinPartition -JobId 424242 -Store $store -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.JobNotFound,TwinSpin.Commands.GetTwinSpinPartitionCommand'
        { Stop-TwinSpinJob -Id 424242 -Store $store -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.JobNotFound,TwinSpin.Commands.StopTwinSpinJobCommand'
    }

    It 'a filter that the database rejects' {
        $err = { Compare-TwinSpinRange (Endpoint t) (Endpoint t) -Where 'no_such_column = 1' -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.QueryFailed,TwinSpin.Commands.CompareTwinSpinRangeCommand' -PassThru
        $err.Exception.Message | Should -Match 'no_such_column'
    }

    It 'a connection the driver refuses, without leaking the password' {
        # This SQLite build has no encryption, so any Password is refused when connecting.
        $secret = New-TwinSpinEndpoint Sqlite "Data Source=$good;Password=S3cret-Value" t
        $secret.ConnectionString | Should -Not -Match 'S3cret'
        $err = { Compare-TwinSpinRange $secret $secret -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.ConnectionFailed,TwinSpin.Commands.CompareTwinSpinRangeCommand' -PassThru
        $err.Exception.Message | Should -Not -Match 'S3cret'
    }

    It 'a connection string that cannot be parsed' {
        { New-TwinSpinEndpoint Sqlite 'Data Source="unterminated' t -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.InvalidConnectionString,TwinSpin.Commands.NewTwinSpinEndpointCommand'
    }

    It 'a -Store that does not exist is an error, not a new empty store' {
        $nowhere = Join-Path $dir 'no-such-store.db'
        { Get-TwinSpinJob -Store $nowhere -ErrorAction Stop } |
            Should -Throw -ErrorId 'TwinSpin.StoreUnavailable,TwinSpin.Commands.GetTwinSpinJobCommand'
        Test-Path $nowhere | Should -BeFalse
    }

    It 'one bad pair piped in does not stop the next' {
        $pairs = @(
            [pscustomobject]@{ Source = (Endpoint t); Target = (Endpoint missing_table) }
            [pscustomobject]@{ Source = (Endpoint t); Target = (Endpoint t) }
        )
        $jobs = $pairs | Start-TwinSpinJob -Store $store -ErrorVariable failures -ErrorAction SilentlyContinue
        @($jobs).Count | Should -Be 1
        $jobs.Status | Should -Be 'Completed'
        $failures[0].FullyQualifiedErrorId | Should -Be "TwinSpin.TableNotFound,$command"
    }

    It 'never writes secrets into the job store' {
        $secretStore = Join-Path $dir 'secret-store.db'
        $plain = Join-Path $dir 'plain.db'
        Invoke-Sqlite $plain 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, ''a'');'
        # Microsoft.Data.Sqlite only accepts a password for encrypted builds: use a key it ignores for the redaction check.
        $e = New-TwinSpinEndpoint Sqlite "Data Source=$plain" t
        $job = Start-TwinSpinJob $e $e -Store $secretStore -Name 'Password=S3cret-Value in a name is the user''s choice'
        $job.Source | Should -Not -Match 'S3cret'
    }
}
