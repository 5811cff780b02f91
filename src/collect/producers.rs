//! How each export's objects are produced, per platform: the body of the `-Source` script
//! block the generated script hands to `Export-MbxlintObjects`. Recipient exports read only the
//! identities of the identities file when one is given (`$script:Scoped`); per-mailbox exports
//! run once for each mailbox the Get-Mailbox export wrote.

use super::Platform;
use crate::import::ExportKind;

/// Which part of the script an export belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Exchange cmdlets (Exchange Online or the Exchange Management Shell).
    Exchange,
    /// Microsoft Graph PowerShell (licences); skipped with a warning when not connected.
    Graph,
    /// The ActiveDirectory module; skipped with `-SkipActiveDirectory`.
    ActiveDirectory,
}

/// How one export's objects are produced.
#[derive(Debug)]
pub struct Producer {
    pub kind: ExportKind,
    /// `None`: the same on both platforms.
    pub platform: Option<Platform>,
    /// File name stem: files are `<name>-0001.json`, `<name>-0002.json`, …
    pub name: &'static str,
    pub section: Section,
    /// PowerShell statements writing the objects to the pipeline. `{AD_PROPERTIES}` stands for
    /// the Active Directory attributes the selected properties need (Get-ADUser returns only a
    /// default set unless asked).
    pub source: &'static str,
}

impl Producer {
    /// The producer of `kind` on `platform`, if that platform has one.
    pub fn of(kind: ExportKind, platform: Platform) -> Option<&'static Producer> {
        producer(kind, platform)
    }
}

/// The producer of `kind` on `platform`, if that platform has one.
pub fn producer(kind: ExportKind, platform: Platform) -> Option<&'static Producer> {
    PRODUCERS
        .iter()
        .find(|p| p.kind == kind && p.platform.is_none_or(|pl| pl == platform))
}

const EXO: Option<Platform> = Some(Platform::ExchangeOnline);
const ONPREM: Option<Platform> = Some(Platform::OnPremises);

/// Every producer; at most one per kind and platform.
pub static PRODUCERS: &[Producer] = &[
    Producer {
        kind: ExportKind::Mailbox,
        platform: EXO,
        name: "mailboxes",
        section: Section::Exchange,
        source: "& {
    if ($script:Scoped) {
        Get-MbxlintScoped -Label 'Get-Mailbox' -Command { param($id) Get-Mailbox -Identity $id -IncludeInactiveMailbox }
    } else {
        Get-Mailbox -ResultSize Unlimited -IncludeInactiveMailbox
    }
} | ForEach-Object { Add-MbxlintMailbox $_; $_ }",
    },
    Producer {
        kind: ExportKind::Mailbox,
        platform: ONPREM,
        name: "mailboxes",
        section: Section::Exchange,
        source: "& {
    if ($script:Scoped) {
        Get-MbxlintScoped -Label 'Get-Mailbox' -Command { param($id) Get-Mailbox -Identity $id }
    } else {
        Get-Mailbox -ResultSize Unlimited
    }
} | ForEach-Object { Add-MbxlintMailbox $_; $_ }",
    },
    Producer {
        kind: ExportKind::MailUser,
        platform: None,
        name: "mailusers",
        section: Section::Exchange,
        source: "if ($script:Scoped) {
    Get-MbxlintScoped -Label 'Get-MailUser' -Command { param($id) Get-MailUser -Identity $id }
} else {
    Get-MailUser -ResultSize Unlimited
}",
    },
    Producer {
        kind: ExportKind::RemoteMailbox,
        platform: ONPREM,
        name: "remote-mailboxes",
        section: Section::Exchange,
        source: "if ($script:Scoped) {
    Get-MbxlintScoped -Label 'Get-RemoteMailbox' -Command { param($id) Get-RemoteMailbox -Identity $id }
} else {
    Get-RemoteMailbox -ResultSize Unlimited
}",
    },
    Producer {
        kind: ExportKind::User,
        platform: None,
        name: "users",
        section: Section::Exchange,
        source: "if ($script:Scoped) {
    Get-MbxlintScoped -Label 'Get-User' -Command { param($id) Get-User -Identity $id }
} else {
    Get-User -ResultSize Unlimited
}",
    },
    Producer {
        kind: ExportKind::MailboxStatistics,
        platform: EXO,
        name: "mailbox-statistics",
        section: Section::Exchange,
        source: "Get-MbxlintPerMailbox -Label 'Get-MailboxStatistics' -Command {
    param($mbx)
    $splat = @{ Identity = $mbx.Id }
    if ($mbx.Inactive) {
        $splat.IncludeSoftDeletedRecipients = $true
    }
    Get-MailboxStatistics @splat
    if ($mbx.HasArchive) {
        Get-MailboxStatistics @splat -Archive
    }
}",
    },
    Producer {
        kind: ExportKind::MailboxStatistics,
        platform: ONPREM,
        name: "mailbox-statistics",
        section: Section::Exchange,
        source: "Get-MbxlintPerMailbox -Label 'Get-MailboxStatistics' -Command {
    param($mbx)
    Get-MailboxStatistics -Identity $mbx.Id
    if ($mbx.HasArchive) {
        Get-MailboxStatistics -Identity $mbx.Id -Archive
    }
}",
    },
    Producer {
        kind: ExportKind::OrganizationRelationship,
        platform: None,
        name: "organization-relationships",
        section: Section::Exchange,
        source: "Get-OrganizationRelationship",
    },
    Producer {
        kind: ExportKind::AcceptedDomain,
        platform: None,
        name: "accepted-domains",
        section: Section::Exchange,
        source: "Get-AcceptedDomain",
    },
    Producer {
        kind: ExportKind::MigrationEndpoint,
        platform: None,
        name: "migration-endpoints",
        section: Section::Exchange,
        source: "Get-MigrationEndpoint",
    },
    Producer {
        kind: ExportKind::OrganizationConfig,
        platform: None,
        name: "organization-config",
        section: Section::Exchange,
        source: "Get-OrganizationConfig",
    },
    Producer {
        kind: ExportKind::Licence,
        platform: EXO,
        name: "licences",
        section: Section::Graph,
        source: "if (-not (Get-Command Get-MgContext -ErrorAction SilentlyContinue) -or -not (Get-MgContext)) {
    $script:Skipped = 'not connected to Microsoft Graph: run Connect-MgGraph -Scopes User.Read.All first, then run this script again'
} elseif ($script:Scoped) {
    Get-MbxlintScoped -Label 'Get-MgUser' -Command { param($id) Get-MgUser -UserId $id -Property Id,UserPrincipalName,AssignedLicenses }
} else {
    Get-MgUser -All -Property Id,UserPrincipalName,AssignedLicenses
}",
    },
    Producer {
        kind: ExportKind::GroupMember,
        platform: None,
        name: "scope-group-members",
        section: Section::Exchange,
        source: "$scopes = @(Get-OrganizationRelationship | ForEach-Object { $_.MailboxMovePublishedScopes } | ForEach-Object { [string]$_ } | Where-Object { $_ -ne '' } | Sort-Object -Unique)
foreach ($group in $scopes) {
    Get-DistributionGroupMember -Identity $group -ResultSize Unlimited |
        Add-Member -NotePropertyName GroupName -NotePropertyValue $group -Force -PassThru
}",
    },
    Producer {
        kind: ExportKind::MailboxPermission,
        platform: None,
        name: "mailbox-permissions",
        section: Section::Exchange,
        source: "Get-MbxlintPerMailbox -Label 'Get-MailboxPermission' -Command {
    param($mbx)
    Get-MailboxPermission -Identity $mbx.Id |
        Where-Object { -not $_.IsInherited -and [string]$_.User -notlike 'NT AUTHORITY*' }
}",
    },
    Producer {
        kind: ExportKind::MoveRequest,
        platform: None,
        name: "move-requests",
        section: Section::Exchange,
        source: "Get-MoveRequest -ResultSize Unlimited",
    },
    Producer {
        kind: ExportKind::ExchangeServer,
        platform: ONPREM,
        name: "exchange-servers",
        section: Section::Exchange,
        source: "Get-ExchangeServer",
    },
    Producer {
        kind: ExportKind::AdUser,
        platform: ONPREM,
        name: "ad-users",
        section: Section::ActiveDirectory,
        source: "if ($SkipActiveDirectory) {
    $script:Skipped = '-SkipActiveDirectory was given'
} else {
    Get-ADUser -LDAPFilter '(|(mail=*)(proxyAddresses=*)(msExchMailboxGuid=*))' -ResultPageSize 500 -Properties {AD_PROPERTIES}
}",
    },
    Producer {
        kind: ExportKind::MailboxFolderStatistics,
        platform: None,
        name: "archive-folder-statistics",
        section: Section::Exchange,
        source: "Get-MbxlintPerMailbox -Label 'Get-MailboxFolderStatistics' -ArchiveOnly -Command {
    param($mbx)
    Get-MailboxFolderStatistics -Identity $mbx.Id -Archive -FolderScope RecoverableItems |
        Add-Member -NotePropertyName Mailbox -NotePropertyValue $mbx.Address -Force -PassThru
}",
    },
    Producer {
        kind: ExportKind::HoldTracking,
        platform: None,
        name: "hold-tracking",
        section: Section::Exchange,
        source: "if (-not $script:Scoped) {
    $script:Skipped = 'one call per mailbox, too slow for a whole tenant: run with -IdentitiesFile (the batch) to export the hold-tracking logs of its mailboxes'
} else {
    Get-MbxlintPerMailbox -Label 'Export-MailboxDiagnosticLogs HoldTracking' -Command {
        param($mbx)
        Export-MailboxDiagnosticLogs -Identity $mbx.Id -ComponentName HoldTracking |
            ForEach-Object { [pscustomobject]@{ Mailbox = $mbx.Address; MailboxLog = [string]$_.MailboxLog } }
    }
}",
    },
];
