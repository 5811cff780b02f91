//! Merges what each file produced into one snapshot: several files of the same kind are
//! concatenated, the same object seen in several exports becomes one record, and Get-User and
//! Get-MailboxStatistics records are joined onto their recipients.

use super::kinds::{Built, StatsRow, UserRow};
use super::{ExportKind, FileResult};
use crate::model::{Batch, Recipient, RecipientSource, Side, Snapshot};
use std::collections::{BTreeMap, HashMap};

pub(crate) fn merge(results: Vec<FileResult>) -> Snapshot {
    let mut snap = Snapshot::default();
    let mut users: Vec<(Side, UserRow)> = Vec::new();
    let mut stats: Vec<(Side, StatsRow)> = Vec::new();
    let mut batches: BTreeMap<u32, Batch> = BTreeMap::new();
    // Room for every recipient up front: growing by doubling would copy them and hold up to
    // twice the room at the peak of the load.
    for side in [Side::Source, Side::Target] {
        let n = results
            .iter()
            .filter(|r| r.side.unwrap_or(Side::Source) == side)
            .map(|r| {
                r.built
                    .iter()
                    .filter(|b| matches!(b, Built::Recipient(_)))
                    .count()
            })
            .sum();
        snap.side_mut(side).recipients.reserve_exact(n);
    }
    for result in results {
        let file = snap.inputs.len() as u32;
        let side = result.side.unwrap_or(Side::Source);
        if let (Some(s), Some(kind)) = (result.side, result.input.kind)
            && !matches!(kind, ExportKind::Batch | ExportKind::Mapping)
        {
            snap.side_mut(s).kinds.insert(kind);
        }
        for built in result.built {
            let data = snap.side_mut(side);
            match built {
                Built::Recipient(r) => {
                    data.kinds.insert(match r.source {
                        RecipientSource::Mailbox => ExportKind::Mailbox,
                        RecipientSource::MailUser => ExportKind::MailUser,
                        RecipientSource::RemoteMailbox => ExportKind::RemoteMailbox,
                    });
                    data.recipients.push(*r);
                }
                Built::User(u) => users.push((side, u)),
                Built::Stats(s) => stats.push((side, s)),
                Built::OrgRelationship(x) => data.org_relationships.push(x),
                Built::AcceptedDomain(x) => data.accepted_domains.push(x),
                Built::MigrationEndpoint(x) => data.migration_endpoints.push(x),
                Built::OrgConfig(x) => data.org_configs.push(x),
                Built::Licences(x) => data.licences.extend(x),
                Built::GroupMember(x) => data.group_members.push(x),
                Built::Permission(x) => data.permissions.push(x),
                Built::MoveRequest(x) => data.move_requests.push(x),
                Built::ExchangeServer(x) => data.exchange_servers.push(x),
                Built::AdUser(x) => data.directory_users.push(x),
                Built::FolderStat(x) => data.folder_stats.push(x),
                Built::HoldLog(x) => data.hold_logs.push(x),
                Built::BatchEntry(e) => batches
                    .entry(file)
                    .or_insert_with(|| Batch {
                        name: result.input.path.clone(),
                        entries: Vec::new(),
                    })
                    .entries
                    .push(e),
                Built::Mapping(m) => snap.mapping.push(m),
                Built::Nothing => {}
            }
        }
        if result.input.kind == Some(ExportKind::Batch) && !batches.contains_key(&file) {
            batches.insert(
                file,
                Batch {
                    name: result.input.path.clone(),
                    entries: Vec::new(),
                },
            );
        }
        snap.inputs.push(result.input);
    }
    snap.batches = batches.into_values().collect();
    for side in [Side::Source, Side::Target] {
        let data = snap.side_mut(side);
        data.recipients = dedupe(std::mem::take(&mut data.recipients));
    }
    join_users(&mut snap, users);
    join_stats(&mut snap, stats);
    snap
}

/// The key under which two records are the same directory object.
fn object_key(r: &Recipient) -> Option<String> {
    // A soft-deleted or inactive mailbox of a user is another object than the user's live
    // recipient, even where it shares addresses or ids.
    let state = if r.is_soft_deleted == Some(true) || r.is_inactive == Some(true) {
        "deleted"
    } else {
        "live"
    };
    if let Some(id) = r.stable_id() {
        return Some(format!("{id}|{state}"));
    }
    r.primary_smtp
        .as_ref()
        .map(|a| format!("smtp:{}|{state}", a.as_str().to_lowercase()))
}

macro_rules! fill {
    ($into:expr, $from:expr, $($field:ident),* $(,)?) => {
        $( if $into.$field.is_none() { $into.$field = $from.$field; } )*
    };
}

/// Records of the same object (the same mailbox exported twice, a Get-Mailbox and a
/// Get-Recipient of it) become one: the first record wins, later ones fill what it lacks.
///
/// Works in place (kept records are compacted to the front), so the recipients are never held
/// twice: at tenant scale that copy was the peak of the whole load.
fn dedupe(mut recipients: Vec<Recipient>) -> Vec<Recipient> {
    let n = recipients.len();
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(n);
    // recipients[..w] is the output; recipients[k] the record looked at, moved to w.
    let mut w = 0;
    for k in 0..n {
        if w != k {
            recipients.swap(w, k);
        }
        let Some(key) = object_key(&recipients[w]) else {
            w += 1;
            continue;
        };
        match seen.get(&key) {
            Some(&i)
                if matches!(
                    (recipients[i].exchange_guid, recipients[w].exchange_guid),
                    (Some(a), Some(b)) if !a.is_nil() && !b.is_nil() && a != b
                ) =>
            {
                // Same key, different mailboxes (e.g. a stale object): keep both.
                w += 1;
            }
            Some(&i) => {
                let placeholder = {
                    let r = &recipients[w];
                    Recipient::new(r.origin, r.side, None, r.source)
                };
                let r = std::mem::replace(&mut recipients[w], placeholder);
                let into = &mut recipients[i];
                fill!(
                    into,
                    r,
                    identity,
                    name,
                    alias,
                    display_name,
                    distinguished_name,
                    guid,
                    exchange_object_id,
                    external_directory_object_id,
                    user_principal_name,
                    primary_smtp,
                    email_addresses,
                    legacy_exchange_dn,
                    external_email_address,
                    remote_routing_address,
                    recipient_type_details,
                    remote_recipient_type,
                    exchange_guid,
                    archive_guid,
                    disabled_archive_guid,
                    archive_status,
                    archive_database,
                    auto_expanding_archive,
                    mailbox_locations,
                    litigation_hold,
                    compliance_tag_hold,
                    delay_hold,
                    delay_release_hold,
                    in_place_holds,
                    prohibit_send_receive_quota,
                    recoverable_items_quota,
                    archive_quota,
                    persisted_capabilities,
                    sku_assigned,
                    is_dir_synced,
                    is_inactive,
                    is_soft_deleted,
                    when_soft_deleted,
                    grant_send_on_behalf_to,
                    email_address_policy_enabled,
                    im_list_migration_completed,
                    database,
                    server_name,
                    platform,
                    archive_domain,
                    archive_state,
                );
            }
            None => {
                seen.insert(key, w);
                w += 1;
            }
        }
    }
    // What is left past w are the placeholders of merged records.
    recipients.truncate(w);
    recipients
}

/// Get-User joins by ExternalDirectoryObjectId, then UserPrincipalName, then Identity.
fn join_users(snap: &mut Snapshot, users: Vec<(Side, UserRow)>) {
    for side in [Side::Source, Side::Target] {
        let data = snap.side_mut(side);
        let mut by_edoid = HashMap::new();
        let mut by_upn = HashMap::new();
        let mut by_identity = HashMap::new();
        for (i, r) in data.recipients.iter().enumerate() {
            if let Some(g) = r.external_directory_object_id.filter(|g| !g.is_nil()) {
                by_edoid.entry(g).or_insert(i);
            }
            if let Some(u) = &r.user_principal_name {
                by_upn.entry(u.to_lowercase()).or_insert(i);
            }
            if let Some(id) = &r.identity {
                by_identity.entry(id.to_lowercase()).or_insert(i);
            }
        }
        for (_, row) in users.iter().filter(|(s, _)| *s == side) {
            let hit = row
                .external_directory_object_id
                .and_then(|g| by_edoid.get(&g))
                .or_else(|| {
                    row.user_principal_name
                        .as_ref()
                        .and_then(|u| by_upn.get(&u.to_lowercase()))
                })
                .or_else(|| {
                    row.identity
                        .as_ref()
                        .and_then(|u| by_identity.get(&u.to_lowercase()))
                });
            if let Some(&i) = hit {
                let r = &mut data.recipients[i];
                if r.is_dir_synced.is_none() {
                    r.is_dir_synced = row.info.is_dir_synced;
                }
                r.user = Some(row.info.clone());
            }
        }
    }
}

/// Get-MailboxStatistics joins by MailboxGuid = ExchangeGuid, or = ArchiveGuid for `-Archive`.
fn join_stats(snap: &mut Snapshot, stats: Vec<(Side, StatsRow)>) {
    let (source, target): (Vec<_>, Vec<_>) =
        stats.into_iter().partition(|(s, _)| *s == Side::Source);
    for (side, rows) in [(Side::Source, source), (Side::Target, target)] {
        let data = snap.side_mut(side);
        let mut by_exchange = HashMap::new();
        let mut by_archive = HashMap::new();
        for (i, r) in data.recipients.iter().enumerate() {
            if let Some(g) = r.exchange_guid.filter(|g| !g.is_nil()) {
                by_exchange.entry(g).or_insert(i);
            }
            if let Some(g) = r.archive_guid.filter(|g| !g.is_nil()) {
                by_archive.entry(g).or_insert(i);
            }
        }
        for (_, row) in rows {
            let Some(guid) = row.mailbox_guid else {
                continue;
            };
            if let Some(&i) = by_archive.get(&guid) {
                data.recipients[i].archive_stats = Some(row.stats);
            } else if let Some(&i) = by_exchange.get(&guid) {
                if row.is_archive {
                    data.recipients[i].archive_stats = Some(row.stats);
                } else {
                    data.recipients[i].stats = Some(row.stats);
                }
            }
        }
    }
}
