# The emulator as a separate process, the way the demo, the bench scripts and the cmdlet tests start it.
BeforeAll {
    Import-Module (Join-Path $env:FALCONX_REPO_ROOT 'tools/EmulatorHost.psm1') -Force
}

Describe 'Emulator process' {
    BeforeAll {
        $dataDir = Join-Path ([IO.Path]::GetTempPath()) ("falconx-pester-" + [guid]::NewGuid().ToString('N'))
        $emulator = Start-FalconXEmulator -ArgumentList @('--submission-delay-ms', '0', '--region', 'eu-1',
            '--quota-total', '7', '--data-dir', $dataDir)
        $base = $emulator.BaseUrl
    }

    AfterAll {
        if ($emulator) { $emulator | Stop-FalconXEmulator }
        Remove-Item $dataDir -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'listens on loopback and answers health' {
        $emulator.BaseUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
        (Invoke-RestMethod "$base/_emulator/health").status | Should -Be 'ok'
    }

    It 'applies command-line options: region header and quota' {
        $answer = Invoke-WebRequest -Method Post -Uri "$base/oauth2/token" -Body @{
            client_id = $emulator.ClientId; client_secret = $emulator.ClientSecret }
        $answer.StatusCode | Should -Be 201
        $answer.Headers['X-Cs-Region'] | Should -Be 'eu-1'
        $token = ($answer.Content | ConvertFrom-Json).access_token
        $quota = Invoke-RestMethod "$base/falconx/queries/submissions/v1" -Headers @{ Authorization = "Bearer $token" }
        $quota.meta.quota.total | Should -Be 7
    }

    It 'runs an upload, submission and report round trip, storing the sample in --data-dir' {
        $token = (Invoke-RestMethod -Method Post -Uri "$base/oauth2/token" -Body @{
                client_id = $emulator.ClientId; client_secret = $emulator.ClientSecret }).access_token
        $headers = @{ Authorization = "Bearer $token" }
        $bytes = [Text.Encoding]::ASCII.GetBytes('MZ FALCONX-MALICIOUS pester')
        $upload = Invoke-RestMethod -Method Post -Uri "$base/samples/entities/samples/v3?file_name=p.exe" `
            -Headers $headers -ContentType 'application/octet-stream' -Body $bytes
        $sha = $upload.resources[0].sha256
        Test-Path (Join-Path $dataDir $sha) | Should -BeTrue
        $body = @{ sandbox = @(@{ sha256 = $sha; environment_id = 160 }) } | ConvertTo-Json -Depth 4
        $id = (Invoke-RestMethod -Method Post -Uri "$base/falconx/entities/submissions/v1" -Headers $headers `
                -ContentType 'application/json' -Body $body).resources[0].id
        $report = Invoke-RestMethod "$base/falconx/entities/reports/v1?ids=$id" -Headers $headers
        $report.resources[0].verdict | Should -Be 'malicious'
        (Invoke-RestMethod "$base/_emulator/stats").submissions | Should -Be 1
    }

    It 'changes faults at run time through PUT /_emulator/faults' {
        $faults = Invoke-RestMethod -Method Put -Uri "$base/_emulator/faults" -ContentType 'application/json' `
            -Body '{"failNextRequests":1,"errorStatuses":[503]}'
        $faults.failNextRequests | Should -Be 1
        $token = (Invoke-RestMethod -Method Post -Uri "$base/oauth2/token" -Body @{
                client_id = $emulator.ClientId; client_secret = $emulator.ClientSecret }).access_token
        $status = try {
            Invoke-WebRequest "$base/falconx/queries/reports/v1" -Headers @{ Authorization = "Bearer $token" } | Out-Null; 200
        } catch { [int]$_.Exception.Response.StatusCode }
        $status | Should -Be 503
    }

    It 'stops cleanly on POST /_emulator/shutdown' {
        Invoke-RestMethod -Method Post -Uri "$base/_emulator/shutdown" | Out-Null
        $emulator.Process.WaitForExit(15000) | Should -BeTrue
        $emulator.Process.ExitCode | Should -Be 0
    }
}

Describe 'Emulator command line' {
    It 'refuses an unknown option with a usage message and exit code 2' {
        $dll = Join-Path $env:FALCONX_REPO_ROOT 'out/emulator/FalconX.Emulator.dll'
        $output = & ([Environment]::ProcessPath) $dll --no-such-option 1 2>&1
        $LASTEXITCODE | Should -Be 2
        ($output | Out-String) | Should -Match 'Unknown option'
        ($output | Out-String) | Should -Match '--submission-delay-ms'
    }
}
