<#
.SYNOPSIS
    Starts (or stops) the database servers the tests use, each in a private data directory on
    127.0.0.1 with a free port, and returns their connection strings.
.DESCRIPTION
    Start writes the servers' state to -StatePath and returns an object with one connection string
    per server; the test run puts them in environment variables (TWINSPIN_TEST_POSTGRES). Stop
    stops every server listed in -StatePath and deletes its data directory.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Start', 'Stop')] [string] $Action,
    [Parameter(Mandatory)] [string] $StatePath
)

$ErrorActionPreference = 'Stop'
$serviceUser = 'postgres' # Debian's postgresql package creates it; servers refuse to run as root

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Invoke-AsServiceUser([string] $Command, [string[]] $Arguments) {
    & runuser -u $serviceUser -- $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command failed (exit code $LASTEXITCODE)" }
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

function Stop-Server($server) {
    switch ($server.Kind) {
        'postgres' {
            & runuser -u $serviceUser -- "$($server.Bin)/pg_ctl" -D "$($server.Data)/db" -m immediate -w stop | Out-Null
        }
    }
    & rm -rf $server.Data # files of the service user: Remove-Item refuses them
}

if ($Action -eq 'Start') {
    $servers = @(Start-Postgres)
    $servers | ConvertTo-Json | Set-Content -Path $StatePath
    $servers
}
else {
    if (Test-Path $StatePath) {
        foreach ($server in @(Get-Content $StatePath -Raw | ConvertFrom-Json)) { Stop-Server $server }
        Remove-Item $StatePath
    }
}
