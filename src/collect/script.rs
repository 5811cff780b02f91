//! Writes the PowerShell text. Everything here is fixed text or comes from [`super::plan`];
//! the only outside value, the identities file path, goes through [`ps_string`] (and so through
//! [`crate::powershell::quote`]). The script is ASCII, so Windows PowerShell 5.1 reads it the
//! same whatever the file's encoding, and uses no syntax newer than 5.1.

use super::producers::Section;
use super::{DEFAULT_CHUNK_SIZE, Export, JSON_DEPTH, MANIFEST_FILE, Platform, Request, plan};
use crate::import::{ExportKind, Prop};
use crate::powershell::quote;
use std::fmt::Write;

/// The helper functions every script starts with.
const HELPERS: &str = include_str!("helpers.ps1");

/// The whole script for a request. The same request always gives the same bytes.
pub fn script(request: &Request) -> String {
    let exports = plan(request.kind, request.side);
    let platform = Platform::of(request.kind, request.side);
    let with_ad = exports
        .iter()
        .any(|e| e.producer.section == Section::ActiveDirectory);
    let mut out = String::new();
    header(&mut out, request, platform, &exports);
    params(&mut out, request, with_ad);
    settings(&mut out, request, platform, exports.len());
    out.push_str(&HELPERS.replace("\r\n", "\n"));
    session_check(&mut out, platform, with_ad);
    output_folder(&mut out);
    for export in &exports {
        export_call(&mut out, export);
    }
    manifest(&mut out);
    out
}

/// Quotes `value` as a PowerShell expression in ASCII: printable ASCII runs through
/// [`quote`], other characters as `[char]0xNNNN` (UTF-16 code units).
pub fn ps_string(value: &str) -> String {
    if value.is_ascii() {
        return quote(value);
    }
    let mut parts: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in value.chars() {
        if c.is_ascii() {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            parts.push(quote(&std::mem::take(&mut run)));
        }
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            parts.push(format!("[char]0x{unit:04X}"));
        }
    }
    if !run.is_empty() {
        parts.push(quote(&run));
    }
    format!("(''+{})", parts.join("+"))
}

fn session_name(platform: Platform) -> &'static str {
    match platform {
        Platform::ExchangeOnline => {
            "a PowerShell session connected to Exchange Online (Connect-ExchangeOnline)"
        }
        Platform::OnPremises => "the Exchange Management Shell",
    }
}

fn header(out: &mut String, request: &Request, platform: Platform, exports: &[Export]) {
    let kind = request.kind.as_str();
    let side = request.side.as_str();
    let _ = writeln!(out, "#Requires -Version 5.1");
    out.push_str("<#\n.SYNOPSIS\n");
    let _ = writeln!(
        out,
        "    Exports the {side} side of a {kind} mailbox migration for mbxlint check."
    );
    out.push_str(".DESCRIPTION\n");
    let _ = writeln!(
        out,
        "    Written by mbxlint collect --kind {kind} --side {side} (mbxlint {}).",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(out, "    Run it in {}.", session_name(platform));
    let _ = writeln!(
        out,
        "    It writes <OutputFolder>\\{side}\\: each export as JSON files of at most -ChunkSize"
    );
    let _ = writeln!(
        out,
        "    objects (UTF-8, ConvertTo-Json -Depth {JSON_DEPTH}), and {MANIFEST_FILE} (versions, tenant"
    );
    out.push_str("    ID, time). Copy that folder next to the other side's and run mbxlint check <OutputFolder>.\n");
    out.push_str("    Exports:\n");
    for e in exports {
        let _ = writeln!(
            out,
            "      {}-NNNN.json  {}",
            e.producer.name,
            e.kind.label()
        );
    }
    out.push_str(".PARAMETER OutputFolder\n    The snapshot folder; the exports go to its ");
    let _ = writeln!(out, "{side} sub-folder.");
    out.push_str(".PARAMETER IdentitiesFile\n    Export only these recipients: a New-MigrationBatch CSV (EmailAddress column) or one\n    identity a line. Empty: every recipient.\n");
    out.push_str(".PARAMETER ChunkSize\n    Objects per JSON file.\n");
    out.push_str(
        ".PARAMETER Force\n    Replace the files of an earlier run in the output folder.\n",
    );
    if exports
        .iter()
        .any(|e| e.producer.section == Section::ActiveDirectory)
    {
        out.push_str(".PARAMETER SkipActiveDirectory\n    Do not export Get-ADUser (no ActiveDirectory module here).\n");
    }
    out.push_str("#>\n");
}

fn params(out: &mut String, request: &Request, with_ad: bool) {
    let identities = request
        .identities
        .as_deref()
        .map(ps_string)
        .unwrap_or_else(|| "''".to_string());
    out.push_str("[CmdletBinding()]\nparam(\n");
    out.push_str("    [string]$OutputFolder = 'mbxlint-snapshot',\n");
    let _ = writeln!(out, "    [string]$IdentitiesFile = {identities},");
    let _ = writeln!(
        out,
        "    [ValidateRange(100, 100000)][int]$ChunkSize = {DEFAULT_CHUNK_SIZE},"
    );
    if with_ad {
        out.push_str("    [switch]$Force,\n    [switch]$SkipActiveDirectory\n)\n\n");
    } else {
        out.push_str("    [switch]$Force\n)\n\n");
    }
}

fn settings(out: &mut String, request: &Request, platform: Platform, steps: usize) {
    out.push_str("$ErrorActionPreference = 'Stop'\n");
    let _ = writeln!(out, "$script:Kind = '{}'", request.kind.as_str());
    let _ = writeln!(out, "$script:Side = '{}'", request.side.as_str());
    let _ = writeln!(out, "$script:Platform = '{}'", platform.as_str());
    let _ = writeln!(
        out,
        "$script:Generator = 'mbxlint {}'",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(out, "$script:Depth = {JSON_DEPTH}");
    let _ = writeln!(out, "$script:StepCount = {steps}");
    out.push_str("$script:StartedAt = (Get-Date).ToUniversalTime().ToString('o')\n\n");
}

fn session_check(out: &mut String, platform: Platform, with_ad: bool) {
    out.push_str(
        "\n# ---------------------------------------------------------------------------------------------\n# The session.\n# ---------------------------------------------------------------------------------------------\n\n",
    );
    out.push_str(match platform {
        Platform::ExchangeOnline => EXO_SESSION,
        Platform::OnPremises => ONPREM_SESSION,
    });
    if with_ad {
        out.push_str(AD_SESSION);
    }
}

const EXO_SESSION: &str = r#"if (-not (Get-Command Get-ConnectionInformation -ErrorAction SilentlyContinue)) {
    throw 'Run this script in a session connected to Exchange Online: Import-Module ExchangeOnlineManagement (version 3 or later), then Connect-ExchangeOnline.'
}
$connections = @(Get-ConnectionInformation | Where-Object { $_.State -eq 'Connected' -and -not $_.IsEopSession })
if ($connections.Count -eq 0) {
    throw 'Not connected to Exchange Online: run Connect-ExchangeOnline first.'
}
if ($connections.Count -gt 1) {
    throw ('Connected to {0} Exchange Online organizations: run Disconnect-ExchangeOnline, then connect to the {1} tenant only.' -f $connections.Count, $script:Side)
}
$script:TenantId = [string]$connections[0].TenantID
$organizationConfig = Get-OrganizationConfig
if (-not $script:TenantId) {
    $script:TenantId = [string]$organizationConfig.ExternalDirectoryOrganizationId
}
$script:Organization = [string]$organizationConfig.Name
$script:Modules = [ordered]@{}
$module = Get-Module ExchangeOnlineManagement | Sort-Object Version -Descending | Select-Object -First 1
if ($module) {
    $script:Modules['ExchangeOnlineManagement'] = [string]$module.Version
}
$module = Get-Module Microsoft.Graph.Authentication | Sort-Object Version -Descending | Select-Object -First 1
if ($module) {
    $script:Modules['Microsoft.Graph.Authentication'] = [string]$module.Version
}
Write-Host ('Exchange Online organization {0} (tenant ID {1}), {2} side' -f $script:Organization, $script:TenantId, $script:Side)
"#;

const ONPREM_SESSION: &str = r#"if (-not (Get-Command Get-ExchangeServer -ErrorAction SilentlyContinue)) {
    throw 'Run this script in the Exchange Management Shell of the on-premises organization: Get-ExchangeServer is not available in this session.'
}
if (Get-Command Get-ConnectionInformation -ErrorAction SilentlyContinue) {
    if (@(Get-ConnectionInformation | Where-Object { $_.State -eq 'Connected' }).Count -gt 0) {
        throw 'This session is also connected to Exchange Online, whose cmdlets have the same names: run the script in an Exchange Management Shell without Connect-ExchangeOnline.'
    }
}
if (Get-Command Set-ADServerSettings -ErrorAction SilentlyContinue) {
    Set-ADServerSettings -ViewEntireForest $true
}
$script:TenantId = $null
$script:Organization = [string](Get-OrganizationConfig).Name
$script:Modules = [ordered]@{}
$version = Get-ExchangeServer | ForEach-Object { [string]$_.AdminDisplayVersion } | Sort-Object -Descending | Select-Object -First 1
$script:Modules['Exchange'] = [string]$version
Write-Host ('Exchange organization {0} ({1}), {2} side' -f $script:Organization, $version, $script:Side)
"#;

const AD_SESSION: &str = r#"if (-not $SkipActiveDirectory) {
    if (-not (Get-Module -ListAvailable -Name ActiveDirectory)) {
        throw 'The ActiveDirectory module is not installed here: install RSAT (Active Directory module), or run again with -SkipActiveDirectory.'
    }
    Import-Module ActiveDirectory
    $script:Modules['ActiveDirectory'] = [string](Get-Module ActiveDirectory).Version
}
"#;

fn output_folder(out: &mut String) {
    out.push_str(OUTPUT_FOLDER);
}

const OUTPUT_FOLDER: &str = r#"
# ---------------------------------------------------------------------------------------------
# The output folder and the identities.
# ---------------------------------------------------------------------------------------------

$root = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputFolder)
$script:SideFolder = Join-Path $root $script:Side
if (Test-Path -LiteralPath $script:SideFolder) {
    $old = @(Get-ChildItem -LiteralPath $script:SideFolder -File)
    if ($old.Count -gt 0) {
        if (-not $Force) {
            throw ('{0} already holds {1} file(s) of an earlier run: delete them, or run again with -Force to replace them.' -f $script:SideFolder, $old.Count)
        }
        $old | Remove-Item -Force
    }
} else {
    New-Item -ItemType Directory -Path $script:SideFolder -Force | Out-Null
}
if ($IdentitiesFile) {
    $script:Identities = Read-MbxlintIdentities -Path $IdentitiesFile
    $script:Scoped = $true
    Write-Host ('Exporting the {0} identities of {1}' -f $script:Identities.Count, $IdentitiesFile)
}

# ---------------------------------------------------------------------------------------------
# The exports.
# ---------------------------------------------------------------------------------------------
"#;

/// One `Select-Object` item: the property by name, or a calculated property where the raw
/// value would not serialise as the importer reads it.
fn select_item(kind: ExportKind, prop: Prop) -> String {
    match (kind, prop) {
        (ExportKind::MailboxPermission, Prop::AccessRights) => {
            "@{n='AccessRights';e={($_.AccessRights | ForEach-Object { [string]$_ }) -join ','}}"
                .to_string()
        }
        (ExportKind::MailboxPermission, Prop::User) => "@{n='User';e={[string]$_.User}}".to_string(),
        (ExportKind::AdUser, Prop::ObjectGuid) => {
            "@{n='ObjectGUID';e={[string]$_.ObjectGUID}}".to_string()
        }
        (ExportKind::AdUser, Prop::MsExchMailboxGuid) => "@{n='msExchMailboxGuid';e={if ($_.msExchMailboxGuid) { (New-Object -TypeName System.Guid -ArgumentList (,[byte[]]$_.msExchMailboxGuid)).ToString() }}}".to_string(),
        (ExportKind::AdUser, Prop::InheritanceBlocked) => {
            "@{n='InheritanceBlocked';e={[bool]$_.nTSecurityDescriptor.AreAccessRulesProtected}}"
                .to_string()
        }
        _ => quote(prop.name()),
    }
}

/// The `Get-ADUser -Properties` list for the selected properties: each by its attribute name,
/// InheritanceBlocked read from the security descriptor.
fn ad_properties(props: &[Prop]) -> String {
    props
        .iter()
        .map(|p| match p {
            Prop::InheritanceBlocked => "nTSecurityDescriptor",
            other => other.name(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn export_call(out: &mut String, export: &Export) {
    let _ = writeln!(out, "\n# {}", export.kind.label());
    let _ = writeln!(
        out,
        "Export-MbxlintObjects -Name {} -Label {} -Properties @(",
        quote(export.producer.name),
        quote(export.kind.label())
    );
    for prop in &export.props {
        let _ = writeln!(out, "    {}", select_item(export.kind, *prop));
    }
    out.push_str(") -Source {\n");
    let source = export
        .producer
        .source
        .replace("{AD_PROPERTIES}", &ad_properties(&export.props));
    for line in source.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "    {line}");
        }
    }
    out.push_str("}\n");
}

fn manifest(out: &mut String) {
    let _ = write!(
        out,
        "{}",
        MANIFEST.replace("{MANIFEST_FILE}", MANIFEST_FILE)
    );
}

const MANIFEST: &str = r#"
# ---------------------------------------------------------------------------------------------
# The manifest mbxlint check reads: what was exported, when, where, with which versions.
# ---------------------------------------------------------------------------------------------

Write-Progress -Id 1 -Activity 'mbxlint collect' -Completed
$identitiesCount = $null
if ($script:Scoped) {
    $identitiesCount = $script:Identities.Count
}
$manifest = [ordered]@{
    mbxlint      = 1
    generator    = $script:Generator
    kind         = $script:Kind
    side         = $script:Side
    platform     = $script:Platform
    exportedAt   = $script:StartedAt
    finishedAt   = (Get-Date).ToUniversalTime().ToString('o')
    tenantId     = $script:TenantId
    organization = $script:Organization
    powershell   = $PSVersionTable.PSVersion.ToString()
    modules      = $script:Modules
    identities   = $identitiesCount
    exports      = @($script:Exports.ToArray())
}
Write-MbxlintFile -Path (Join-Path $script:SideFolder '{MANIFEST_FILE}') -Text (ConvertTo-Json -InputObject $manifest -Depth 5)
Write-Host ('Done: {0}. Copy this folder into the snapshot folder next to the other side''s, then run mbxlint check.' -f $script:SideFolder)
"#;

#[cfg(test)]
mod tests {
    use super::ps_string;

    #[test]
    fn ascii_goes_through_quote() {
        assert_eq!(ps_string("C:\\a b\\x.csv"), "'C:\\a b\\x.csv'");
        assert_eq!(ps_string("O'Brien $(x)"), "'O''Brien $(x)'");
        assert_eq!(ps_string(""), "''");
    }

    #[test]
    fn other_characters_become_char_codes() {
        assert_eq!(ps_string("M\u{fc}ller"), "(''+'M'+[char]0x00FC+'ller')");
        assert_eq!(ps_string("\u{1F600}"), "(''+[char]0xD83D+[char]0xDE00)");
        // U+2019 is a PowerShell quote: as a char code it cannot end the literal.
        assert_eq!(ps_string("a\u{2019}b"), "(''+'a'+[char]0x2019+'b')");
        assert!(ps_string("a\nb\u{e9}").is_ascii());
    }
}
