//! Merges what each file produced into one snapshot: several files of the same kind are
//! concatenated, the same object seen in several exports becomes one record, and Get-User and
//! Get-MailboxStatistics records are joined onto their recipients.

use super::kinds::{Built, StatsRow, UserRow};
use super::{ExportKind, FileResult};
use crate::model::{Batch, Recipient, RecipientSource, Side, Snapshot, Texts};
use crate::values::Guid;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

pub(crate) fn merge(mut results: Vec<FileResult>) -> Snapshot {
    let mut snap = Snapshot::default();
    // Get-User and statistics rows per side ([source, target]), joined after the merge.
    let mut users: [Vec<UserRow>; 2] = Default::default();
    let mut stats: [Vec<StatsRow>; 2] = Default::default();
    let mut batches: BTreeMap<u32, Batch> = BTreeMap::new();
    for side in [Side::Source, Side::Target] {
        let data = snap.side_mut(side);
        data.recipients = take_recipients(&mut results, side, &mut data.kinds);
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
                // Taken apart above (take_recipients); the reader never leaves one here.
                Built::Recipient(_) => {}
                Built::User(u) => users[side as usize].push(u),
                Built::Stats(s) => stats[side as usize].push(s),
                Built::OrgRelationship(x) => data.org_relationships.push(*x),
                Built::AcceptedDomain(x) => data.accepted_domains.push(x),
                Built::MigrationEndpoint(x) => data.migration_endpoints.push(*x),
                Built::OrgConfig(x) => data.org_configs.push(x),
                Built::Licences(x) => data.licences.extend(x),
                Built::GroupMember(x) => data.group_members.push(*x),
                Built::Permission(x) => data.permissions.push(x),
                Built::MoveRequest(x) => data.move_requests.push(*x),
                Built::ExchangeServer(x) => data.exchange_servers.push(x),
                Built::AdUser(x) => data.directory_users.push(*x),
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
    let [source_users, target_users] = users;
    let [source_stats, target_stats] = stats;
    // The two sides are independent: each is deduplicated and joined on its own thread.
    let finish = |recipients: &mut Vec<Recipient>, users: Vec<UserRow>, stats: Vec<StatsRow>| {
        dedupe(recipients);
        join_users(recipients, users);
        join_stats(recipients, stats);
    };
    rayon::join(
        || finish(&mut snap.source.recipients, source_users, source_stats),
        || finish(&mut snap.target.recipients, target_users, target_stats),
    );
    snap
}

/// The recipients of one side, in file order, moved out of the files' results: the first
/// file's vector grows to hold the others (a large vector grows in place), so no record is
/// copied into a second vector of the whole side.
fn take_recipients(
    results: &mut [FileResult],
    side: Side,
    kinds: &mut std::collections::BTreeSet<ExportKind>,
) -> Vec<Recipient> {
    let mut files: Vec<Vec<Recipient>> = results
        .iter_mut()
        .filter(|r| r.side.unwrap_or(Side::Source) == side && !r.recipients.is_empty())
        .map(|r| std::mem::take(&mut r.recipients))
        .collect();
    for file in &files {
        let mut seen = [false; 3];
        for r in file {
            seen[r.source as usize] = true;
        }
        for (source, kind) in [
            (RecipientSource::Mailbox, ExportKind::Mailbox),
            (RecipientSource::MailUser, ExportKind::MailUser),
            (RecipientSource::RemoteMailbox, ExportKind::RemoteMailbox),
        ] {
            if seen[source as usize] {
                kinds.insert(kind);
            }
        }
    }
    if files.is_empty() {
        return Vec::new();
    }
    let total = files.iter().map(Vec::len).sum::<usize>();
    let mut rest = files.split_off(1);
    let mut all = files.pop().unwrap_or_default();
    all.reserve_exact(total - all.len());
    for file in &mut rest {
        all.append(file);
        // Give each file's room back as soon as its records are moved.
        *file = Vec::new();
    }
    all
}

/// The key under which two records are the same directory object. A soft-deleted or inactive
/// mailbox of a user is another object than the user's live recipient, even where it shares
/// addresses or ids (the `bool`: gone).
#[derive(PartialEq, Eq, Hash)]
enum ObjectKey {
    Id(crate::values::Guid, bool),
    Smtp(String, bool),
}

fn object_key(r: &Recipient) -> Option<ObjectKey> {
    let gone = r.is_soft_deleted == Some(true) || r.is_inactive == Some(true);
    let id = r
        .external_directory_object_id
        .filter(|g| !g.is_nil())
        .or(r.exchange_object_id.filter(|g| !g.is_nil()))
        .or(r.guid.filter(|g| !g.is_nil()));
    if let Some(id) = id {
        return Some(ObjectKey::Id(id, gone));
    }
    r.primary_smtp
        .as_ref()
        .map(|a| ObjectKey::Smtp(a.as_str().to_lowercase(), gone))
}

macro_rules! fill {
    ($into:expr, $from:expr, $($field:ident),* $(,)?) => {
        $( if $into.$field.is_none() { $into.$field = $from.$field; } )*
    };
}

/// Where each object key was first seen (a recipient index). GUID keys, nearly all of them,
/// have a map of their own with 24-byte slots: at tenant scale this map is the merge's peak.
struct Seen {
    ids: FxHashMap<(Guid, bool), u32>,
    /// By the `gone` flag of the key (live, gone), so a lookup needs no owned key.
    smtp: [FxHashMap<String, u32>; 2],
}

impl Seen {
    fn with_capacity(n: usize) -> Self {
        Seen {
            ids: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            smtp: Default::default(),
        }
    }

    fn get(&self, key: &ObjectKey) -> Option<usize> {
        let at = match key {
            ObjectKey::Id(g, gone) => self.ids.get(&(*g, *gone)),
            ObjectKey::Smtp(a, gone) => self.smtp[usize::from(*gone)].get(a.as_str()),
        };
        at.map(|&i| i as usize)
    }

    /// Records `key` at `at`; an index past u32 (more records than any memory holds) is left
    /// out, so its record is kept as it is rather than merged.
    fn insert(&mut self, key: ObjectKey, at: usize) {
        let Ok(at) = u32::try_from(at) else {
            return;
        };
        match key {
            ObjectKey::Id(g, gone) => self.ids.insert((g, gone), at),
            ObjectKey::Smtp(a, gone) => self.smtp[usize::from(gone)].insert(a, at),
        };
    }
}

/// Records of the same object (the same mailbox exported twice, a Get-Mailbox and a
/// Get-Recipient of it) become one: the first record wins, later ones fill what it lacks.
///
/// Works in place (kept records are compacted to the front), so the recipients are never held
/// twice: at tenant scale that copy was the peak of the whole load.
fn dedupe(recipients: &mut Vec<Recipient>) {
    let n = recipients.len();
    let mut seen = Seen::with_capacity(n);
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
            Some(i)
                if matches!(
                    (recipients[i].exchange_guid, recipients[w].exchange_guid),
                    (Some(a), Some(b)) if !a.is_nil() && !b.is_nil() && a != b
                ) =>
            {
                // Same key, different mailboxes (e.g. a stale object): keep both.
                w += 1;
            }
            Some(i) => {
                let placeholder = {
                    let r = &recipients[w];
                    Recipient::new(r.origin, r.side, None, r.source)
                };
                let r = std::mem::replace(&mut recipients[w], placeholder);
                let into = &mut recipients[i];
                // Texts the first record lacks, from this one (rebuilt once, if any).
                let (mine, theirs) = (into.texts.all(), r.texts.all());
                if (0..mine.len()).any(|i| mine[i].is_none() && theirs[i].is_some()) {
                    let filled = Texts::new(std::array::from_fn(|i| mine[i].or(theirs[i])));
                    into.texts = filled;
                }
                fill!(
                    into,
                    r,
                    dn_shared,
                    guid,
                    exchange_object_id,
                    external_directory_object_id,
                    primary_smtp,
                    email_addresses,
                    legacy_dn_shared,
                    external_email_address,
                    remote_routing_address,
                    recipient_type_details,
                    remote_recipient_type,
                    exchange_guid,
                    archive_guid,
                    disabled_archive_guid,
                    archive_status,
                    auto_expanding_archive,
                    aux_archives,
                    litigation_hold,
                    compliance_tag_hold,
                    delay_hold,
                    delay_release_hold,
                    in_place_holds,
                    prohibit_send_receive_quota,
                    recoverable_items_quota,
                    archive_quota,
                    t2t_capability,
                    sku_assigned,
                    is_dir_synced,
                    is_inactive,
                    is_soft_deleted,
                    when_soft_deleted,
                    grant_send_on_behalf_to,
                    email_address_policy_enabled,
                    im_list_migration_completed,
                    platform,
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
}

/// Get-User joins by ExternalDirectoryObjectId, then UserPrincipalName, then Identity. The
/// name indexes are built only when a row is not found by its id.
fn join_users(recipients: &mut [Recipient], users: Vec<UserRow>) {
    if users.is_empty() {
        return;
    }
    let mut by_edoid: FxHashMap<Guid, usize> = FxHashMap::default();
    for (i, r) in recipients.iter().enumerate() {
        if let Some(g) = r.external_directory_object_id.filter(|g| !g.is_nil()) {
            by_edoid.entry(g).or_insert(i);
        }
    }
    let mut by_name: Option<(FxHashMap<String, usize>, FxHashMap<String, usize>)> = None;
    for row in users {
        let mut hit = row
            .external_directory_object_id
            .and_then(|g| by_edoid.get(&g).copied());
        if hit.is_none() && (row.user_principal_name.is_some() || row.identity.is_some()) {
            let (by_upn, by_identity) = by_name.get_or_insert_with(|| name_indexes(recipients));
            hit = row
                .user_principal_name
                .as_ref()
                .and_then(|u| by_upn.get(&u.to_lowercase()).copied())
                .or_else(|| {
                    row.identity
                        .as_ref()
                        .and_then(|u| by_identity.get(&u.to_lowercase()).copied())
                });
        }
        if let Some(i) = hit {
            let r = &mut recipients[i];
            if r.is_dir_synced.is_none() {
                r.is_dir_synced = row.info.is_dir_synced;
            }
            r.user = Some(row.info);
        }
    }
}

/// Recipients by lower-case UserPrincipalName and by lower-case Identity (first one wins).
fn name_indexes(recipients: &[Recipient]) -> (FxHashMap<String, usize>, FxHashMap<String, usize>) {
    let mut by_upn = FxHashMap::default();
    let mut by_identity = FxHashMap::default();
    for (i, r) in recipients.iter().enumerate() {
        if let Some(u) = r.user_principal_name() {
            by_upn.entry(u.to_lowercase()).or_insert(i);
        }
        if let Some(id) = r.identity() {
            by_identity.entry(id.to_lowercase()).or_insert(i);
        }
    }
    (by_upn, by_identity)
}

/// Get-MailboxStatistics joins by MailboxGuid = ExchangeGuid, or = ArchiveGuid for `-Archive`.
fn join_stats(recipients: &mut [Recipient], rows: Vec<StatsRow>) {
    if rows.is_empty() {
        return;
    }
    let mut by_exchange: FxHashMap<Guid, usize> = FxHashMap::default();
    let mut by_archive: FxHashMap<Guid, usize> = FxHashMap::default();
    for (i, r) in recipients.iter().enumerate() {
        if let Some(g) = r.exchange_guid.filter(|g| !g.is_nil()) {
            by_exchange.entry(g).or_insert(i);
        }
        if let Some(g) = r.archive_guid.filter(|g| !g.is_nil()) {
            by_archive.entry(g).or_insert(i);
        }
    }
    for row in rows {
        let Some(guid) = row.mailbox_guid else {
            continue;
        };
        if let Some(&i) = by_archive.get(&guid) {
            recipients[i].archive_stats = Some(row.stats);
        } else if let Some(&i) = by_exchange.get(&guid) {
            if row.is_archive {
                recipients[i].archive_stats = Some(row.stats);
            } else {
                recipients[i].stats = Some(row.stats);
            }
        }
    }
}
