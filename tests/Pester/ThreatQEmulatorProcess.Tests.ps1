# The ThreatQ emulator as a separate process, the way the demo and the ThreatQ cmdlet tests start it.
BeforeAll {
    Import-Module (Join-Path $env:FALCONX_REPO_ROOT 'tools/EmulatorHost.psm1') -Force
}

Describe 'ThreatQ emulator process' {
    BeforeAll {
        $dataDir = Join-Path ([IO.Path]::GetTempPath()) ("threatq-pester-" + [guid]::NewGuid().ToString('N'))
        $tq = Start-ThreatQEmulator -ArgumentList @('--token-lifetime-sec', '600', '--data-dir', $dataDir)
        $base = $tq.BaseUrl
        function Get-TqToken {
            (Invoke-RestMethod -Method Post -Uri "$base/api/token" -ContentType 'application/json' -Body (@{
                    grant_type = 'password'; client_id = $tq.ClientId; email = $tq.Email; password = $tq.Password } | ConvertTo-Json))
        }
    }

    AfterAll {
        if ($tq) { $tq | Stop-ThreatQEmulator }
        Remove-Item $dataDir -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'listens on loopback, answers health and hands out the demo credentials' {
        $base | Should -Match '^http://127\.0\.0\.1:\d+$'
        (Invoke-RestMethod "$base/_emulator/health").status | Should -Be 'ok'
        $tq.Email | Should -Not -BeNullOrEmpty
        $tq.ClientSecret | Should -Not -BeNullOrEmpty
    }

    It 'applies --token-lifetime-sec and takes a form-encoded password grant too' {
        (Get-TqToken).expires_in | Should -Be 600
        $form = Invoke-RestMethod -Method Post -Uri "$base/api/token" -Body @{
            grant_type = 'password'; client_id = $tq.ClientId; email = $tq.Email; password = $tq.Password }
        $form.access_token | Should -Not -BeNullOrEmpty
    }

    It 'stores an uploaded attachment in --data-dir, lists it by tag and serves the same bytes' {
        $headers = @{ Authorization = "Bearer $((Get-TqToken).access_token)" }
        $file = New-TemporaryFile
        try {
            [IO.File]::WriteAllBytes($file, [byte[]](1..200))
            $created = Invoke-RestMethod -Method Post -Uri "$base/api/attachments" -Headers $headers -Form @{
                file = Get-Item $file; type = 'Malware Sample'; tags = 'detonate' }
            $id = $created.data[0].id
            @(Get-ChildItem $dataDir -File).Count | Should -Be 1
            $listed = Invoke-RestMethod "$base/api/attachments?tag=detonate&limit=10" -Headers $headers
            $listed.total | Should -Be 1
            $out = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString('N'))
            Invoke-WebRequest "$base/api/attachments/$id/download" -Headers $headers -OutFile $out
            [IO.File]::ReadAllBytes($out) | Should -Be ([byte[]](1..200))
            Remove-Item $out
        } finally { Remove-Item $file }
    }

    It 'upserts a consume body: sending it twice leaves the revision unchanged' {
        $headers = @{ Authorization = "Bearer $((Get-TqToken).access_token)" }
        $body = '[{"value":"pester.example","type":{"name":"FQDN"},"sources":[{"name":"Pester"}]}]'
        Invoke-RestMethod -Method Post -Uri "$base/api/indicators/consume" -Headers $headers -ContentType 'application/json' -Body $body | Out-Null
        $revision = (Invoke-RestMethod "$base/_emulator/objects").revision
        Invoke-RestMethod -Method Post -Uri "$base/api/indicators/consume" -Headers $headers -ContentType 'application/json' -Body $body | Out-Null
        $after = Invoke-RestMethod "$base/_emulator/objects?collection=indicators"
        $after.revision | Should -Be $revision
        @($after.collections.indicators).Count | Should -Be 1
    }

    It 'stops on Stop-ThreatQEmulator' {
        $other = Start-ThreatQEmulator
        $other | Stop-ThreatQEmulator
        $other.Process.HasExited | Should -BeTrue
    }
}
