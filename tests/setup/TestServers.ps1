<#
.SYNOPSIS
    Starts (or stops) the database servers the tests use, each in a private data directory on
    127.0.0.1 with a free port, and returns their connection strings.
.DESCRIPTION
    Start writes the servers' state to -StatePath and returns an object with one connection string
    per server; the test run puts them in environment variables (TWINSPIN_TEST_POSTGRES,
    TWINSPIN_TEST_MARIADB). Stop stops every server listed in -StatePath and deletes its data directory.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Start', 'Stop')] [string] $Action,
    [Parameter(Mandatory)] [string] $StatePath
)

$ErrorActionPreference = 'Stop'
# Users created by Debian's postgresql and mariadb-server packages: the servers refuse to run as root.
$serviceUser = 'postgres'
$mariaDbUser = 'mysql'

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Invoke-AsServiceUser([string] $Command, [string[]] $Arguments, [string] $User = $serviceUser) {
    & runuser -u $User -- $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command failed (exit code $LASTEXITCODE)" }
}

function New-DataDirectory([string] $Prefix, [string] $Owner) {
    $data = Join-Path ([System.IO.Path]::GetTempPath()) ("$Prefix-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $data | Out-Null
    & chown "${Owner}:" $data
    $data
}

function Start-Postgres {
    $bin = Get-ChildItem /usr/lib/postgresql/*/bin/initdb -ErrorAction SilentlyContinue | Sort-Object FullName | Select-Object -Last 1
    if (-not $bin) { throw 'PostgreSQL server binaries not found under /usr/lib/postgresql; install the postgresql package.' }
    $bin = $bin.DirectoryName
    $data = Join-Path ([System.IO.Path]::GetTempPath()) ("twinspin-pg-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $data | Out-Null
    $password = [guid]::NewGuid().ToString('N')
    $passwordFile = Join-Path $data 'pw'
    Set-Content -Path $passwordFile -Value $password -NoNewline
    & chown -R "${serviceUser}:" $data
    $port = Get-FreePort
    Invoke-AsServiceUser "$bin/initdb" @('-D', "$data/db", '-U', 'twinspin', "--pwfile=$passwordFile", '-A', 'scram-sha-256',
        '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync') | Out-Null
    [System.IO.File]::Delete($passwordFile) # Remove-Item refuses files of other users here
    Invoke-AsServiceUser "$bin/pg_ctl" @('-D', "$data/db", '-l', "$data/server.log", '-w', '-t', '60', 'start',
        '-o', "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off") | Out-Null
    [pscustomobject]@{
        Kind             = 'postgres'
        Data             = $data
        Bin              = $bin
        Port             = $port
        ConnectionString = "Host=127.0.0.1;Port=$port;Username=twinspin;Password=$password;Database=postgres"
    }
}

function Start-MariaDb {
    $server = Get-Command mariadbd -ErrorAction SilentlyContinue
    if (-not $server) { $server = Get-Item /usr/sbin/mariadbd -ErrorAction SilentlyContinue }
    if (-not $server) { throw 'mariadbd not found; install the mariadb-server package.' }
    $data = New-DataDirectory 'twinspin-mdb' $mariaDbUser
    $socket = "$data/mariadb.sock"
    $port = Get-FreePort
    # --no-defaults everywhere: the machine's /etc/mysql configuration (its socket, port, data
    # directory, logs) belongs to the packaged service, not to this throwaway server.
    Invoke-AsServiceUser 'mariadb-install-db' @('--no-defaults', "--datadir=$data/db", '--skip-test-db',
        '--skip-name-resolve', '--auth-root-authentication-method=socket') -User $mariaDbUser | Out-Null
    # setsid: the server outlives this script (and its terminal) until Stop. Its time zone is not UTC
    # on purpose: the tests prove that TwinSpin's sessions read TIMESTAMP columns in UTC themselves.
    $process = Start-Process -FilePath setsid -PassThru -RedirectStandardOutput "$data/stdout.log" -RedirectStandardError "$data/stderr.log" -ArgumentList @(
        'runuser', '-u', $mariaDbUser, '--', $server.Source, '--no-defaults', "--datadir=$data/db", "--socket=$socket",
        "--port=$port", '--bind-address=127.0.0.1', "--pid-file=$data/mariadb.pid", "--log-error=$data/server.log",
        '--skip-name-resolve', '--character-set-server=utf8mb4', '--collation-server=utf8mb4_general_ci', '--default-time-zone=+05:00',
        '--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0', '--sync-frm=0', '--innodb-buffer-pool-size=128M')
    $state = [pscustomobject]@{
        Kind             = 'mariadb'
        Data             = $data
        Socket           = $socket
        Port             = $port
        ConnectionString = $null
    }
    try {
        # Ready when root (authenticated by the unix socket: this script runs as root) gets an answer.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($true) {
            & mariadb-admin --no-defaults "--socket=$socket" -uroot --connect-timeout=2 ping *> $null
            if ($LASTEXITCODE -eq 0) { break }
            if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
                $log = if (Test-Path "$data/server.log") { Get-Content "$data/server.log" -Tail 20 | Out-String } else { '' }
                throw "MariaDB did not start on port ${port}: $log"
            }
            Start-Sleep -Milliseconds 100
        }

        $password = [guid]::NewGuid().ToString('N')
        $sql = "CREATE USER 'twinspin'@'127.0.0.1' IDENTIFIED BY '$password'; " +
            "GRANT ALL PRIVILEGES ON *.* TO 'twinspin'@'127.0.0.1' WITH GRANT OPTION;"
        & mariadb --no-defaults "--socket=$socket" -uroot -e $sql
        if ($LASTEXITCODE -ne 0) { throw 'Creating the MariaDB test user failed.' }
        $state.ConnectionString = "Server=127.0.0.1;Port=$port;User ID=twinspin;Password=$password"
        $state
    }
    catch {
        Stop-Server $state
        throw
    }
}

function Stop-Server($server) {
    switch ($server.Kind) {
        'postgres' {
            & runuser -u $serviceUser -- "$($server.Bin)/pg_ctl" -D "$($server.Data)/db" -m immediate -w stop | Out-Null
        }
        'mariadb' {
            # shutdown returns once the server has removed its pid file, i.e. stopped.
            & mariadb-admin --no-defaults "--socket=$($server.Socket)" -uroot --connect-timeout=5 shutdown *> $null
            $pidFile = "$($server.Data)/mariadb.pid" # still there: the server did not answer, end it by its id
            if (Test-Path $pidFile) { & kill -KILL ([System.IO.File]::ReadAllText($pidFile).Trim()) *> $null }
        }
    }
    & rm -rf $server.Data # files of the service user: Remove-Item refuses them
}

if ($Action -eq 'Start') {
    # The state file lists each server as soon as it runs, so Stop cleans up after a partial start.
    $servers = [System.Collections.Generic.List[object]]::new()
    try {
        foreach ($start in @('Start-Postgres', 'Start-MariaDb')) {
            $servers.Add((& $start))
            ConvertTo-Json -InputObject @($servers) | Set-Content -Path $StatePath
        }
    }
    catch {
        foreach ($server in $servers) { Stop-Server $server }
        if (Test-Path $StatePath) { Remove-Item $StatePath }
        throw
    }
    $servers
}
else {
    if (Test-Path $StatePath) {
        foreach ($server in @(Get-Content $StatePath -Raw | ConvertFrom-Json)) { Stop-Server $server }
        Remove-Item $StatePath
    }
}
