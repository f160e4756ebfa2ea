# A tiny TCP server on 127.0.0.1 for tests that need a peer the emulator cannot be: a proxy that asks for
# credentials, a TLS server with a certificate nobody trusts, a port that answers bytes that are not TLS, or a
# "other host" that must never receive a request. It records every request it reads (request line and headers)
# so a test can assert what reached it. It listens on loopback only and never connects anywhere.

$script:ServerScript = {
    param($Listener, $Mode, $ResponseBytes, $Certificate, $Requests, $Connections)
    while ($true) {
        try { $client = $Listener.AcceptTcpClient() } catch { break }   # Stop() ends the loop
        [void]$Connections.Add([DateTimeOffset]::UtcNow)
        try {
            $client.ReceiveTimeout = 5000
            $client.SendTimeout = 5000
            $stream = $client.GetStream()
            if ($Mode -eq 'NotTls') {
                # Whatever the client sends (a TLS ClientHello), the answer is plain text: the handshake cannot succeed.
                $bytes = [Text.Encoding]::ASCII.GetBytes("HTTP/1.1 400 Bad Request`r`nContent-Length: 0`r`nConnection: close`r`n`r`n")
                $stream.Write($bytes, 0, $bytes.Length)
                $stream.Flush()
                continue
            }
            if ($Mode -eq 'Tls') {
                $ssl = [System.Net.Security.SslStream]::new($stream, $false)
                try { $ssl.AuthenticateAsServer($Certificate, $false, $false) } catch { continue }
                $stream = $ssl
            }
            # Read the request head (up to the blank line), byte by byte: requests here are small.
            $head = [System.Collections.Generic.List[byte]]::new()
            $buffer = [byte[]]::new(1)
            while ($head.Count -lt 65536) {
                $n = $stream.Read($buffer, 0, 1)
                if ($n -le 0) { break }
                $head.Add($buffer[0])
                $c = $head.Count
                if ($c -ge 4 -and $head[$c - 4] -eq 13 -and $head[$c - 3] -eq 10 -and $head[$c - 2] -eq 13 -and $head[$c - 1] -eq 10) { break }
            }
            if ($head.Count -eq 0) { continue }   # the peer hung up (e.g. after refusing our certificate): no request
            $text = [Text.Encoding]::ASCII.GetString($head.ToArray())
            $lines = $text -split "`r`n"
            $headers = @{}
            foreach ($line in $lines[1..($lines.Count - 1)]) {
                $i = $line.IndexOf(':')
                if ($i -gt 0) { $headers[$line.Substring(0, $i).Trim()] = $line.Substring($i + 1).Trim() }
            }
            [void]$Requests.Add([pscustomobject]@{ RequestLine = $lines[0]; Headers = $headers; Raw = $text })
            $stream.Write($ResponseBytes, 0, $ResponseBytes.Length)
            $stream.Flush()
        } catch {
            # A client that gives up half way is part of what these tests provoke.
        } finally {
            $client.Dispose()
        }
    }
}

function Start-LoopbackServer {
    <#
    .SYNOPSIS
        Starts a one-connection-at-a-time TCP server on 127.0.0.1 (a free port) in a background runspace.
    .PARAMETER Mode
        Http: answer every request with -Response. Tls: the same behind TLS with a fresh self-signed certificate
        (which no client trusts). NotTls: answer the TLS handshake with plain text.
    .PARAMETER Response
        The raw HTTP answer (status line, headers, blank line, body); CRLF line ends are added where LF is given.
    .OUTPUTS
        An object with Port, Url, Requests (what was read), ConnectionCount and Stop().
    #>
    [CmdletBinding()]
    param(
        [ValidateSet('Http', 'Tls', 'NotTls')] [string] $Mode = 'Http',
        [string] $Response = "HTTP/1.1 200 OK`r`nContent-Type: text/plain`r`nContent-Length: 2`r`nConnection: close`r`n`r`nok"
    )
    $certificate = $null
    if ($Mode -eq 'Tls') {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new(
            'CN=falconx-test-untrusted', $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256,
            [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $names = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
        $names.AddIpAddress([System.Net.IPAddress]::Loopback)
        $names.AddDnsName('localhost')
        $request.CertificateExtensions.Add($names.Build())
        $selfSigned = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(1))
        # SslStream on Windows needs a key it can use from a persisted store; a PFX round trip gives one everywhere.
        $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($selfSigned.Export('Pfx'), [string]$null)
    }
    $normalized = ($Response -replace "(?<!`r)`n", "`r`n")
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $requests = [System.Collections.ArrayList]::Synchronized([System.Collections.ArrayList]::new())
    $connections = [System.Collections.ArrayList]::Synchronized([System.Collections.ArrayList]::new())
    $ps = [powershell]::Create()
    [void]$ps.AddScript($script:ServerScript).AddArgument($listener).AddArgument($Mode).AddArgument(
        [Text.Encoding]::UTF8.GetBytes($normalized)).AddArgument($certificate).AddArgument($requests).AddArgument($connections)
    $handle = $ps.BeginInvoke()
    $port = ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
    $scheme = if ($Mode -eq 'Http') { 'http' } else { 'https' }
    $server = [pscustomobject]@{
        PSTypeName  = 'FalconX.LoopbackServer'
        Port        = $port
        Url         = "${scheme}://127.0.0.1:$port"
        Requests    = $requests
        Connections = $connections
        Listener    = $listener
        PowerShell  = $ps
        Handle      = $handle
    }
    $server | Add-Member -MemberType ScriptMethod -Name Stop -Value {
        $this.Listener.Stop()
        try { [void]$this.PowerShell.EndInvoke($this.Handle) } catch { }
        $this.PowerShell.Dispose()
    }
    $server
}

function Get-ClosedLoopbackPort {
    <# .SYNOPSIS A loopback port that was free a moment ago and has nothing listening: connecting to it is refused. #>
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
    $listener.Stop()
    $port
}

Export-ModuleMember -Function Start-LoopbackServer, Get-ClosedLoopbackPort
