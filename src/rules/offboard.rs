//! What the offboarding rules (Exchange Online → on-premises) share: the on-premises Exchange
//! version a move goes to, whether an archive has to stay in the cloud, the tenant's
//! coexistence domain, and the `New-MoveRequest -Outbound` command of a pair.

use super::Context;
use crate::finding::{Finding, FixSide};
use crate::model::{DirectoryUser, ExchangeServer, Recipient, RecipientSource};
use crate::pairing::Pair;
use crate::powershell::Cmd;

/// Exchange Server 2010 is version 14.
pub const EXCHANGE_2010_MAJOR: u32 = 14;

/// Where the on-premises version a move goes to comes from.
#[derive(Clone, Debug)]
pub enum TargetVersion<'a> {
    /// `--target-version`.
    Given((u32, u32)),
    /// Every mailbox server is Exchange 2010 or earlier, or every one is newer: the lowest
    /// version, and the servers.
    AllServers((u32, u32), Vec<&'a ExchangeServer>),
    /// The organisation has Exchange 2010 servers and newer ones: which one the mailbox's
    /// target database is on is not in any export.
    Mixed {
        old: Vec<&'a ExchangeServer>,
        newer: Vec<&'a ExchangeServer>,
    },
    /// No option and no server with a readable version.
    Unknown,
}

/// The on-premises Exchange version moves go to, from `--target-version` or the
/// Get-ExchangeServer servers that can hold mailboxes (Edge Transport servers are left out).
pub fn target_version<'a>(ctx: &Context<'a>) -> TargetVersion<'a> {
    if let Some(v) = ctx.options.target_version {
        return TargetVersion::Given(v);
    }
    let mut servers: Vec<&ExchangeServer> = ctx
        .snapshot
        .target
        .exchange_servers
        .iter()
        .filter(|s| s.version.is_some() && s.may_host_mailboxes())
        .collect();
    servers.sort_by(|a, b| (a.version, &a.name).cmp(&(b.version, &b.name)));
    let Some(lowest) = servers.first().and_then(|s| s.version) else {
        return TargetVersion::Unknown;
    };
    let (old, newer): (Vec<_>, Vec<_>) = servers
        .into_iter()
        .partition(|s| s.version.is_some_and(|v| v.0 <= EXCHANGE_2010_MAJOR));
    match (old.is_empty(), newer.is_empty()) {
        (false, false) => TargetVersion::Mixed { old, newer },
        (true, _) => TargetVersion::AllServers(lowest, newer),
        (false, true) => TargetVersion::AllServers(lowest, old),
    }
}

/// `EX01 (Version 14.3)` for a list of servers, comma-separated.
pub fn describe_servers(servers: &[&ExchangeServer]) -> String {
    servers
        .iter()
        .map(|s| {
            let name = s.name.as_deref().unwrap_or("(unnamed)");
            match s.version {
                Some((a, b)) => format!("{name} (Version {a}.{b})"),
                None => name.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why an archive cannot be moved on-premises and has to stay in Exchange Online.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloudOnlyArchive {
    /// Get-Mailbox AutoExpandingArchiveEnabled is true for the mailbox.
    AutoExpanding { aux: usize },
    /// The organisation has auto-expanding archiving on and the mailbox has auxiliary archives.
    OrgAutoExpanding { aux: usize },
}

/// The number of auxiliary archives in MailboxLocations, when exported.
pub fn aux_archives(source: &Recipient) -> Option<usize> {
    source.aux_archives.map(|n| n as usize)
}

/// Whether the organisation turned auto-expanding archiving on (Get-OrganizationConfig).
pub fn org_auto_expanding(ctx: &Context) -> Option<bool> {
    let configs = &ctx.snapshot.source.org_configs;
    let values: Vec<bool> = configs
        .iter()
        .filter_map(|c| c.auto_expanding_archive)
        .collect();
    (!values.is_empty()).then(|| values.contains(&true))
}

/// What the exports say about the mailbox's archive being auto-expanding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchiveKind {
    /// Neither AutoExpandingArchiveEnabled nor MailboxLocations was exported.
    Unknown,
    /// A plain archive (or none), which can move on-premises.
    Movable,
    /// An auto-expanding archive, which has to stay in Exchange Online.
    CloudOnly(CloudOnlyArchive),
}

/// Whether the mailbox's archive is a cloud-only (auto-expanding) archive.
pub fn archive_kind(ctx: &Context, source: &Recipient) -> ArchiveKind {
    let aux = aux_archives(source);
    match (source.auto_expanding_archive, aux) {
        (Some(true), aux) => ArchiveKind::CloudOnly(CloudOnlyArchive::AutoExpanding {
            aux: aux.unwrap_or(0),
        }),
        (None, None) => ArchiveKind::Unknown,
        (_, None) | (_, Some(0)) => ArchiveKind::Movable,
        (enabled, Some(aux)) => {
            if org_auto_expanding(ctx) == Some(true) {
                ArchiveKind::CloudOnly(CloudOnlyArchive::OrgAutoExpanding { aux })
            } else if enabled.is_none() {
                // Auxiliary archives exist only with auto-expanding archiving.
                ArchiveKind::CloudOnly(CloudOnlyArchive::AutoExpanding { aux })
            } else {
                ArchiveKind::Movable
            }
        }
    }
}

/// The tenant's coexistence domain (`<tenant>.mail.onmicrosoft.com`): the Exchange Online
/// accepted domain marked IsCoexistenceDomain or named so, else the domain of the on-premises
/// object's RemoteRoutingAddress / ExternalEmailAddress, else of the cloud mailbox's proxy in
/// such a domain.
pub fn coexistence_domain(ctx: &Context, pair: &Pair) -> Option<String> {
    let is_coexistence = |d: &str| d.to_ascii_lowercase().ends_with(".mail.onmicrosoft.com");
    let mut found: Vec<String> = ctx
        .snapshot
        .source
        .accepted_domains
        .iter()
        .filter(|d| d.coexistence_domain == Some(true) || is_coexistence(&d.domain_name))
        .map(|d| d.domain_name.to_lowercase())
        .collect();
    found.sort();
    found.dedup();
    if let Some(domain) = found.into_iter().next() {
        return Some(domain);
    }
    let routing = ctx.target(pair).and_then(|t| {
        t.remote_routing_address
            .as_deref()
            .or(t.external_email_address.as_ref())
            .and_then(|p| p.smtp())
    });
    routing
        .into_iter()
        .chain(ctx.source(pair).smtp_addresses())
        .map(|a| a.domain().to_lowercase())
        .find(|d| is_coexistence(d))
}

/// The on-premises domain mail is delivered to after the move (`-TargetDeliveryDomain`):
/// `--target-delivery-domain`, else the domain of the on-premises object's primary SMTP
/// address, else the cloud mailbox's primary domain when it is not a Microsoft domain.
pub fn delivery_domain(ctx: &Context, pair: &Pair) -> Option<String> {
    if let Some(d) = &ctx.options.target_delivery_domain {
        return Some(d.clone());
    }
    let not_microsoft = |d: &str| !d.to_ascii_lowercase().ends_with(".onmicrosoft.com");
    ctx.target(pair)
        .and_then(|t| t.primary_smtp.as_ref())
        .or(ctx.source(pair).primary_smtp.as_ref())
        .map(|a| a.domain().to_lowercase())
        .filter(|d| not_microsoft(d))
}

/// The MRS proxy host of the hybrid migration endpoint in Exchange Online, when exported
/// (IMAP, Gmail or other endpoints' servers are not MRS proxies).
fn remote_host(ctx: &Context) -> Option<String> {
    let hybrid = |t: Option<&str>| t.is_none_or(|t| t.eq_ignore_ascii_case("ExchangeRemoteMove"));
    let mut hosts: Vec<String> = ctx
        .snapshot
        .source
        .migration_endpoints
        .iter()
        .filter(|m| hybrid(m.endpoint_type.as_deref()))
        .filter_map(|m| m.remote_server.as_deref())
        .map(str::to_lowercase)
        .collect();
    hosts.sort();
    hosts.into_iter().next()
}

/// The `New-MoveRequest -Outbound` command that offboards the pair's mailbox, run in Exchange
/// Online, filled in from the snapshot; a primary-only move when the archive has to stay in the
/// cloud. The note lists what the snapshot could not fill in.
pub fn move_request(ctx: &Context, pair: &Pair, primary_only: bool) -> (String, Option<String>) {
    let source = ctx.source(pair);
    let mut missing = Vec::new();
    let mut cmd = Cmd::new("New-MoveRequest")
        .identity(&source.command_identity())
        .switch("Outbound");
    match ctx.target(pair).and_then(|t| t.database()) {
        Some(db) => cmd = cmd.param("RemoteTargetDatabase", db),
        None => missing.push("-RemoteTargetDatabase <on-premises database>"),
    }
    match remote_host(ctx) {
        Some(host) => cmd = cmd.param("RemoteHostName", &host),
        None => missing.push("-RemoteHostName <MRS proxy host, e.g. mail.contoso.com>"),
    }
    cmd = cmd.param_code("RemoteCredential", "(Get-Credential)");
    match delivery_domain(ctx, pair) {
        Some(domain) => cmd = cmd.param("TargetDeliveryDomain", &domain),
        None => missing.push("-TargetDeliveryDomain <on-premises domain>"),
    }
    if primary_only {
        cmd = cmd.switch("PrimaryOnly");
        match coexistence_domain(ctx, pair) {
            Some(domain) => cmd = cmd.param("ArchiveDomain", &domain),
            None => missing.push("-ArchiveDomain <tenant>.mail.onmicrosoft.com"),
        }
    }
    let note = (!missing.is_empty()).then(|| {
        format!(
            "add to the New-MoveRequest command what the exports do not show: {}",
            missing.join(", ")
        )
    });
    (cmd.build(), note)
}

/// Adds the `New-MoveRequest -Outbound` command to a finding (run in Exchange Online) and
/// appends what it lacks to the note.
pub fn with_move_request(
    finding: Finding,
    ctx: &Context,
    pair: &Pair,
    primary_only: bool,
    note: &str,
) -> Finding {
    let (cmd, missing) = move_request(ctx, pair, primary_only);
    let note = match missing {
        Some(m) => format!("{note}; {m}"),
        None => note.to_string(),
    };
    finding.fix(FixSide::Source, cmd).note(note)
}

/// Whether the pair's archive has to stay in the cloud (so the move is primary-only).
pub fn archive_stays(ctx: &Context, source: &Recipient) -> bool {
    source.has_archive() == Some(true)
        && matches!(archive_kind(ctx, source), ArchiveKind::CloudOnly(_))
}

/// The Get-ADUser record of the pair's on-premises account: same UserPrincipalName as the
/// on-premises object (or the cloud mailbox), else SamAccountName = the object's alias.
pub fn directory_user<'a>(ctx: &Context<'a>, pair: &Pair) -> Option<&'a DirectoryUser> {
    let onprem = &ctx.snapshot.target;
    let target = ctx.target(pair);
    let source = ctx.source(pair);
    let upns = [
        target.and_then(|t| t.user_principal_name()),
        source.user_principal_name(),
    ];
    upns.into_iter()
        .flatten()
        .find_map(|upn| onprem.directory_user_by_upn(upn))
        .or_else(|| {
            let alias = target.and_then(|t| t.alias()).or(source.alias())?;
            onprem.directory_user_by_sam(alias)
        })
}

/// The cmdlet that changes an on-premises object: `Set-RemoteMailbox` for a RemoteMailbox,
/// `Set-MailUser` otherwise.
pub fn set_cmdlet(target: &Recipient) -> &'static str {
    match target.source {
        RecipientSource::RemoteMailbox => "Set-RemoteMailbox",
        _ => "Set-MailUser",
    }
}

/// The local part for a new address of the object: its alias, else its primary address's.
pub fn local_part(r: &Recipient) -> Option<String> {
    r.alias()
        .map(str::to_string)
        .or_else(|| r.primary_smtp.as_ref().map(|p| p.local().to_string()))
}
