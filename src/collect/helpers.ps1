# ---------------------------------------------------------------------------------------------
# Helpers (the same in every script mbxlint collect writes).
# ---------------------------------------------------------------------------------------------

# UTF-8 without a byte order mark, the same in Windows PowerShell 5.1 and PowerShell 7.
$script:Utf8 = New-Object System.Text.UTF8Encoding -ArgumentList $false
$script:Exports = New-Object System.Collections.Generic.List[object]
$script:Mailboxes = New-Object System.Collections.Generic.List[object]
$script:Identities = @()
$script:Scoped = $false
$script:Step = 0
$script:Skipped = $null

# Writes text to a file as UTF-8 (the path must be absolute: .NET does not follow Set-Location).
function Write-MbxlintFile {
    param([string]$Path, [string]$Text)
    [System.IO.File]::WriteAllText($Path, $Text, $script:Utf8)
}

# Writes the buffered objects as one JSON array file and empties the buffer.
function Save-MbxlintChunk {
    param(
        [string]$Name,
        [System.Collections.Generic.List[object]]$Buffer,
        [System.Collections.Generic.List[string]]$Files
    )
    $file = '{0}-{1:d4}.json' -f $Name, ($Files.Count + 1)
    $json = ConvertTo-Json -InputObject $Buffer.ToArray() -Depth $script:Depth
    Write-MbxlintFile -Path (Join-Path $script:SideFolder $file) -Text $json
    $Files.Add($file)
    $Buffer.Clear()
}

# Runs one export: the objects the Source script block writes, reduced to the properties mbxlint
# reads, streamed into files of at most $ChunkSize objects, and recorded for the manifest.
function Export-MbxlintObjects {
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][string]$Label,
        [Parameter(Mandatory = $true)][object[]]$Properties,
        [Parameter(Mandatory = $true)][scriptblock]$Source
    )
    $script:Step++
    $script:Skipped = $null
    $percent = [int](100 * ($script:Step - 1) / $script:StepCount)
    Write-Progress -Id 1 -Activity 'mbxlint collect' -Status ('{0} ({1} of {2})' -f $Label, $script:Step, $script:StepCount) -PercentComplete $percent
    $buffer = New-Object System.Collections.Generic.List[object]
    $files = New-Object System.Collections.Generic.List[string]
    $count = 0
    & $Source | Select-Object -Property $Properties | ForEach-Object {
        $buffer.Add($_)
        $count++
        if ($count % 100 -eq 0) {
            Write-Progress -Id 2 -ParentId 1 -Activity $Label -Status ('{0} objects' -f $count)
        }
        if ($buffer.Count -ge $ChunkSize) {
            Save-MbxlintChunk -Name $Name -Buffer $buffer -Files $files
        }
    }
    if ($buffer.Count -gt 0) {
        Save-MbxlintChunk -Name $Name -Buffer $buffer -Files $files
    }
    Write-Progress -Id 2 -ParentId 1 -Activity $Label -Completed
    $entry = [ordered]@{
        cmdlet  = $Label
        files   = @($files.ToArray())
        count   = $count
        skipped = $script:Skipped
    }
    $script:Exports.Add($entry)
    if ($script:Skipped) {
        Write-Warning ('{0}: skipped: {1}' -f $Label, $script:Skipped)
    } else {
        Write-Host ('{0}: {1} objects in {2} file(s)' -f $Label, $count, $files.Count)
    }
}

# Reads the identities file: a New-MigrationBatch CSV (EmailAddress column) or one identity a line.
function Read-MbxlintIdentities {
    param([string]$Path)
    $full = (Resolve-Path -LiteralPath $Path).ProviderPath
    $lines = @(Get-Content -LiteralPath $full | ForEach-Object { $_.Trim() } | Where-Object { $_ -ne '' })
    if ($lines.Count -eq 0) {
        throw ('The identities file {0} is empty.' -f $full)
    }
    $header = $lines[0].Replace('"', '')
    if ($header -match '^EmailAddress([,;]|$)') {
        $delimiter = ','
        if ($header.Contains(';')) {
            $delimiter = ';'
        }
        $ids = @(Import-Csv -LiteralPath $full -Delimiter $delimiter | ForEach-Object { [string]$_.EmailAddress })
    } else {
        $ids = $lines
    }
    $seen = New-Object 'System.Collections.Generic.HashSet[string]' -ArgumentList ([System.StringComparer]::OrdinalIgnoreCase)
    $unique = New-Object System.Collections.Generic.List[string]
    foreach ($id in $ids) {
        $id = $id.Trim()
        if ($id -ne '' -and $seen.Add($id)) {
            $unique.Add($id)
        }
    }
    return ,$unique.ToArray()
}

# Runs Command once per identity of the identities file; identities it cannot find are counted.
function Get-MbxlintScoped {
    param([string]$Label, [scriptblock]$Command)
    $missing = 0
    $last = ''
    foreach ($id in $script:Identities) {
        try {
            & $Command $id
        } catch {
            $missing++
            $last = $_.Exception.Message
        }
    }
    if ($missing -gt 0) {
        Write-Warning ('{0}: {1} of {2} identities not found (they may be another recipient type); last error: {3}' -f $Label, $missing, $script:Identities.Count, $last)
    }
}

# Remembers a mailbox for the per-mailbox exports that follow.
function Add-MbxlintMailbox {
    param($Mailbox)
    $id = [string]$Mailbox.ExchangeGuid
    if ($id -eq '' -or $id -eq '00000000-0000-0000-0000-000000000000') {
        $id = [string]$Mailbox.PrimarySmtpAddress
    }
    $archive = [string]$Mailbox.ArchiveGuid
    $script:Mailboxes.Add([pscustomobject]@{
        Id         = $id
        Address    = [string]$Mailbox.PrimarySmtpAddress
        HasArchive = ($archive -ne '' -and $archive -ne '00000000-0000-0000-0000-000000000000')
        Inactive   = ($Mailbox.IsInactiveMailbox -eq $true)
    })
}

# Runs Command once per mailbox exported above (or per mailbox with an archive), with progress.
function Get-MbxlintPerMailbox {
    param([string]$Label, [scriptblock]$Command, [switch]$ArchiveOnly)
    $todo = @($script:Mailboxes | Where-Object { $_.HasArchive -or -not $ArchiveOnly })
    $done = 0
    $failed = 0
    $last = ''
    foreach ($mbx in $todo) {
        $done++
        if ($done % 20 -eq 1) {
            Write-Progress -Id 3 -ParentId 1 -Activity $Label -Status ('{0} of {1} mailboxes' -f $done, $todo.Count) -PercentComplete ([int](100 * $done / $todo.Count))
        }
        try {
            & $Command $mbx
        } catch {
            $failed++
            $last = $_.Exception.Message
        }
    }
    Write-Progress -Id 3 -ParentId 1 -Activity $Label -Completed
    if ($failed -gt 0) {
        Write-Warning ('{0}: failed for {1} of {2} mailboxes; last error: {3}' -f $Label, $failed, $todo.Count, $last)
    }
}
