//! Pairing: each source mailbox with the target object it moves into, and batch entries with
//! the pairs they name.
//!
//! Keys are tried in a fixed precedence; the first key that names exactly one target wins:
//!
//! | kind | precedence |
//! |---|---|
//! | cross-tenant | mapping file, target ExternalEmailAddress = a source address, target `x500:` = source LegacyExchangeDN, ExchangeGuid |
//! | onboarding / offboarding | mapping file, UserPrincipalName, primary SMTP address, ExchangeGuid |
//!
//! A key that names several targets is ambiguous and skipped; a later key that names a different
//! target than the chosen one is a conflict. Both are reported.

use crate::model::{MigrationKind, Recipient, RecipientSource, Snapshot};
use crate::values::SmtpAddress;
use crate::values::{Caseless, Guid, ProxyAddress};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::Hash;

/// The key a pair was made by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKey {
    Mapping,
    ExternalEmailAddress,
    LegacyExchangeDn,
    ExchangeGuid,
    UserPrincipalName,
    PrimarySmtpAddress,
}

impl MatchKey {
    pub fn describe(self) -> &'static str {
        match self {
            MatchKey::Mapping => "the mapping file",
            MatchKey::ExternalEmailAddress => "the target's ExternalEmailAddress",
            MatchKey::LegacyExchangeDn => "the source LegacyExchangeDN as x500 on the target",
            MatchKey::ExchangeGuid => "ExchangeGuid",
            MatchKey::UserPrincipalName => "UserPrincipalName",
            MatchKey::PrimarySmtpAddress => "primary SMTP address",
        }
    }
}

/// A source mailbox and its target object (if one was found).
#[derive(Clone, Debug)]
pub struct Pair {
    /// Index into `snapshot.source.recipients`.
    pub source: usize,
    /// Index into `snapshot.target.recipients`.
    pub target: Option<usize>,
    pub matched_by: Option<MatchKey>,
    /// Indexes into `snapshot.batches` of the batches naming this pair.
    pub batches: Vec<usize>,
}

/// A key that pointed at a different target than the chosen one.
#[derive(Clone, Debug)]
pub struct Conflict {
    pub source: usize,
    pub chosen: usize,
    pub other: usize,
    pub key: MatchKey,
}

/// A batch entry that could not be resolved to a pair in scope.
#[derive(Clone, Debug)]
pub enum BatchProblem {
    /// The address is a source mailbox's, where the target's is needed (cross-tenant).
    SourceAddress {
        batch: usize,
        entry: usize,
        source: usize,
        /// The target the source mailbox is paired with, whose address belongs in the batch.
        target: Option<usize>,
    },
    /// The address names nothing in the snapshot.
    NoMatch { batch: usize, entry: usize },
    /// The address names a target object that is paired with no source mailbox.
    UnpairedTarget {
        batch: usize,
        entry: usize,
        target: usize,
    },
}

/// The result of pairing.
#[derive(Clone, Debug, Default)]
pub struct Pairing {
    /// The pairs in scope: batch members when batches were given, else every source mailbox.
    pub pairs: Vec<Pair>,
    pub conflicts: Vec<Conflict>,
    /// Mapping rows naming no source or no target (row index, which side).
    pub bad_mapping: Vec<(usize, &'static str)>,
    pub batch_problems: Vec<BatchProblem>,
    /// Target objects chosen by more than one source (target, sources).
    pub shared_targets: Vec<(usize, Vec<usize>)>,
    /// True when batch files decided the scope.
    pub batch_scoped: bool,
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// Every identity text an object can be named by in a mapping file.
fn identity_keys(r: &Recipient) -> Vec<String> {
    let mut keys: Vec<String> = r.smtp_strs().map(lower).collect();
    for t in [r.user_principal_name(), r.identity(), r.alias(), r.name()]
        .into_iter()
        .flatten()
    {
        keys.push(lower(t));
    }
    if let Some(dn) = r.distinguished_name() {
        keys.push(lower(&dn.text()));
    }
    for g in [
        r.external_directory_object_id,
        r.exchange_object_id,
        r.guid,
        r.exchange_guid,
    ]
    .into_iter()
    .flatten()
    .filter(|g| !g.is_nil())
    {
        keys.push(g.to_string());
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The targets (or sources) one key names. Almost every key names one object: no `Vec` for it.
enum Hits {
    One(usize),
    Many(Vec<usize>),
}

impl Hits {
    fn as_slice(&self) -> &[usize] {
        match self {
            Hits::One(i) => std::slice::from_ref(i),
            Hits::Many(v) => v,
        }
    }
}

/// A key → objects index. Keys are lower-cased addresses / names or GUIDs; hashed with the Fx
/// hash (rustc-hash), far cheaper than SipHash on hundreds of thousands of keys and safe here:
/// an offline tool reading an admin's own exports needs no DoS-resistant hashing.
struct Index<K = String> {
    map: rustc_hash::FxHashMap<K, Hits>,
}

impl<K: Hash + Eq> Index<K> {
    fn new() -> Self {
        Index {
            map: HashMap::default(),
        }
    }
    fn add(&mut self, key: K, i: usize) {
        match self.map.entry(key) {
            Entry::Vacant(v) => {
                v.insert(Hits::One(i));
            }
            Entry::Occupied(mut o) => {
                let hits = o.get_mut();
                match hits {
                    Hits::One(j) if *j == i => {}
                    Hits::One(j) => *hits = Hits::Many(vec![*j, i]),
                    Hits::Many(v) => {
                        if v.last() != Some(&i) {
                            v.push(i);
                        }
                    }
                }
            }
        }
    }
    fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> &[usize]
    where
        K: std::borrow::Borrow<Q>,
    {
        self.map.get(key).map(Hits::as_slice).unwrap_or(&[])
    }
}

/// A lookup-only index from keys to target objects: a 32-bit hash of each key with the
/// object, sorted. Eight bytes an entry and no empty slots: at tenant scale the hash maps of
/// the same keys were the peak of pairing. [`HashIndex::get`] checks every object whose key has
/// the hash it looks up, so a hash collision adds a candidate to check, never a wrong match.
#[derive(Default)]
struct HashIndex {
    entries: Vec<(u32, u32)>,
}

impl HashIndex {
    /// The key hashes ([`key_hash`]) `keys` gives for each object `keep` admits, in parallel;
    /// the entries end up in the same order whatever the thread count (sorted by hash, then
    /// object).
    fn build(
        targets: &[Recipient],
        keep: impl Fn(&Recipient) -> bool + Sync,
        keys: impl Fn(&Recipient) -> Vec<u32> + Sync,
    ) -> Self {
        let mut entries: Vec<(u32, u32)> = targets
            .par_iter()
            .enumerate()
            .filter(|(_, t)| keep(t))
            .flat_map_iter(|(i, t)| {
                // An index past u32 (more objects than memory holds) is left out.
                let i = u32::try_from(i).ok();
                keys(t).into_iter().filter_map(move |h| Some((h, i?)))
            })
            .collect();
        entries.par_sort_unstable();
        entries.dedup();
        entries.shrink_to_fit();
        HashIndex { entries }
    }

    /// The objects, in index order, whose key is `key`: those with its hash that `is_key`
    /// confirms.
    fn get<K: Hash>(&self, key: &K, is_key: impl Fn(usize) -> bool) -> Vec<usize> {
        let h = key_hash(key);
        let start = self.entries.partition_point(|e| e.0 < h);
        self.entries[start..]
            .iter()
            .take_while(|e| e.0 == h)
            .map(|e| e.1 as usize)
            .filter(|&i| is_key(i))
            .collect()
    }
}

fn key_hash<K: Hash>(key: &K) -> u32 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    key.hash(&mut h);
    (h.finish() >> 32) as u32
}

/// Whether a source record is a mailbox that can be moved (not a MailUser of the source tenant).
pub fn is_source_candidate(r: &Recipient) -> bool {
    r.source == RecipientSource::Mailbox
}

/// Pairs the snapshot for a migration of `kind`.
pub fn pair(snapshot: &Snapshot, kind: MigrationKind) -> Pairing {
    let sources = &snapshot.source.recipients;
    let targets = &snapshot.target.recipients;
    let cross_tenant = kind == MigrationKind::CrossTenant;

    // Target-side indexes: only those this kind of migration and these inputs look keys up in.
    let mapping = !snapshot.mapping.is_empty();
    let want_smtp = !cross_tenant || !snapshot.batches.is_empty();
    // In hybrid moves an inactive or soft-deleted cloud mailbox is never the object a mailbox
    // moves into (HY008 reports it); cross-tenant pairing keeps its behaviour.
    let candidate = |t: &Recipient| cross_tenant || !t.is_gone();
    let mut by_identity = Index::new();
    if mapping {
        for (i, t) in targets.iter().enumerate().filter(|(_, t)| candidate(t)) {
            for k in identity_keys(t) {
                by_identity.add(k, i);
            }
        }
    }
    fn external(t: &Recipient) -> Option<Caseless<'_>> {
        t.external_email_address
            .as_ref()
            .and_then(ProxyAddress::smtp_str)
            .map(Caseless)
    }
    fn exchange_guid(t: &Recipient) -> Option<Guid> {
        t.exchange_guid.filter(|g| !g.is_nil())
    }
    fn upn(t: &Recipient) -> Option<Caseless<'_>> {
        t.user_principal_name().map(Caseless)
    }
    let empty = HashIndex::default;
    let by_external = if cross_tenant {
        HashIndex::build(targets, candidate, |t| {
            external(t).iter().map(key_hash).collect()
        })
    } else {
        empty()
    };
    let by_x500 = if cross_tenant {
        HashIndex::build(targets, candidate, |t| {
            t.x500_proxies()
                .map(|x| key_hash(&Caseless(x.address())))
                .collect()
        })
    } else {
        empty()
    };
    let by_guid = HashIndex::build(targets, candidate, |t| {
        exchange_guid(t).iter().map(key_hash).collect()
    });
    let by_upn = if cross_tenant {
        empty()
    } else {
        HashIndex::build(targets, candidate, |t| {
            upn(t).iter().map(key_hash).collect()
        })
    };
    let by_smtp = if want_smtp {
        HashIndex::build(targets, candidate, |t| {
            t.smtp_strs().map(|a| key_hash(&Caseless(a))).collect()
        })
    } else {
        empty()
    };
    // Lookups: the index gives the targets whose key has the same hash; each is checked.
    let find_external = |a: Caseless| by_external.get(&a, |i| external(&targets[i]) == Some(a));
    let find_x500 = |dn: Caseless| {
        by_x500.get(&dn, |i| {
            targets[i]
                .x500_proxies()
                .any(|x| Caseless(x.address()) == dn)
        })
    };
    let find_guid = |g: Guid| by_guid.get(&g, |i| exchange_guid(&targets[i]) == Some(g));
    let find_upn = |u: Caseless| by_upn.get(&u, |i| upn(&targets[i]) == Some(u));
    let find_smtp =
        |a: Caseless| by_smtp.get(&a, |i| targets[i].smtp_strs().any(|x| Caseless(x) == a));

    // The mapping file, resolved to source index → target index.
    let mut source_identity = Index::new();
    if mapping {
        for (i, s) in sources
            .iter()
            .enumerate()
            .filter(|(_, s)| is_source_candidate(s))
        {
            for k in identity_keys(s) {
                source_identity.add(k, i);
            }
        }
    }
    let mut pairing = Pairing::default();
    let mut mapped: HashMap<usize, usize> = HashMap::new();
    for (row, m) in snapshot.mapping.iter().enumerate() {
        let s = source_identity.get(lower(m.source.trim()).as_str());
        let t = by_identity.get(lower(m.target.trim()).as_str());
        match (s, t) {
            ([s], [t]) => {
                mapped.insert(*s, *t);
            }
            ([_], _) => pairing.bad_mapping.push((row, "target")),
            _ => pairing.bad_mapping.push((row, "source")),
        }
    }

    // Each source mailbox is paired on its own (in parallel; the order of the result is the
    // order of the sources, so output does not depend on the thread count).
    let pair_one = |si: usize, s: &Recipient| -> (Pair, Vec<Conflict>) {
        let mut candidates: Vec<(MatchKey, Vec<usize>)> = Vec::new();
        if let Some(&t) = mapped.get(&si) {
            candidates.push((MatchKey::Mapping, vec![t]));
        }
        let guid = s
            .exchange_guid
            .filter(|g| !g.is_nil())
            .map(find_guid)
            .unwrap_or_default();
        if cross_tenant {
            let mut ext: Vec<usize> = s
                .smtp_strs()
                .flat_map(|a| find_external(Caseless(a)))
                .collect();
            ext.sort();
            ext.dedup();
            candidates.push((MatchKey::ExternalEmailAddress, ext));
            let x500 = s
                .legacy_exchange_dn()
                .as_ref()
                .map(|dn| find_x500(Caseless(&dn.text())))
                .unwrap_or_default();
            candidates.push((MatchKey::LegacyExchangeDn, x500));
            candidates.push((MatchKey::ExchangeGuid, guid));
        } else {
            let upn = s
                .user_principal_name()
                .as_ref()
                .map(|u| find_upn(Caseless(u)))
                .unwrap_or_default();
            candidates.push((MatchKey::UserPrincipalName, upn));
            let primary = s
                .primary_smtp
                .as_ref()
                .map(|p| find_smtp(Caseless(p.as_str())))
                .unwrap_or_default();
            candidates.push((MatchKey::PrimarySmtpAddress, primary));
            candidates.push((MatchKey::ExchangeGuid, guid));
        }
        let mut chosen: Option<(usize, MatchKey)> = None;
        let mut conflicts = Vec::new();
        for (key, hits) in &candidates {
            match (chosen, hits.as_slice()) {
                (None, [t]) => chosen = Some((*t, *key)),
                (Some((c, _)), [t]) if *t != c => conflicts.push(Conflict {
                    source: si,
                    chosen: c,
                    other: *t,
                    key: *key,
                }),
                _ => {}
            }
        }
        let pair = Pair {
            source: si,
            target: chosen.map(|c| c.0),
            matched_by: chosen.map(|c| c.1),
            batches: Vec::new(),
        };
        (pair, conflicts)
    };
    let paired: Vec<(Pair, Vec<Conflict>)> = sources
        .par_iter()
        .enumerate()
        .filter(|(_, s)| is_source_candidate(s))
        .map(|(si, s)| pair_one(si, s))
        .collect();
    let mut all_pairs = Vec::with_capacity(paired.len());
    for (pair, conflicts) in paired {
        all_pairs.push(pair);
        pairing.conflicts.extend(conflicts);
    }

    // Targets chosen twice.
    let mut by_target: HashMap<usize, Vec<usize>> = HashMap::new();
    for p in &all_pairs {
        if let Some(t) = p.target {
            by_target.entry(t).or_default().push(p.source);
        }
    }
    let mut shared: Vec<(usize, Vec<usize>)> =
        by_target.into_iter().filter(|(_, s)| s.len() > 1).collect();
    shared.sort();
    pairing.shared_targets = shared;

    // Batches decide the scope when given.
    if snapshot.batches.is_empty() {
        pairing.pairs = all_pairs;
        return pairing;
    }
    pairing.batch_scoped = true;
    let mut pair_by_target: HashMap<usize, usize> = HashMap::new();
    let mut pair_by_source_addr: HashMap<Caseless, usize> = HashMap::new();
    for (pi, p) in all_pairs.iter().enumerate() {
        if let Some(t) = p.target {
            pair_by_target.entry(t).or_insert(pi);
        }
        for a in sources[p.source].smtp_strs() {
            pair_by_source_addr.entry(Caseless(a)).or_insert(pi);
        }
    }
    let mut selected: Vec<usize> = Vec::new();
    for (bi, batch) in snapshot.batches.iter().enumerate() {
        for (ei, entry) in batch.entries.iter().enumerate() {
            let addr = Caseless(entry.address.as_str());
            let resolved = if cross_tenant {
                match find_smtp(addr).as_slice() {
                    [t, ..] => match pair_by_target.get(t) {
                        Some(&pi) => Some(pi),
                        None => {
                            pairing.batch_problems.push(BatchProblem::UnpairedTarget {
                                batch: bi,
                                entry: ei,
                                target: *t,
                            });
                            None
                        }
                    },
                    [] => {
                        match pair_by_source_addr.get(&addr) {
                            Some(&pi) => pairing.batch_problems.push(BatchProblem::SourceAddress {
                                batch: bi,
                                entry: ei,
                                source: all_pairs[pi].source,
                                target: all_pairs[pi].target,
                            }),
                            None => pairing.batch_problems.push(BatchProblem::NoMatch {
                                batch: bi,
                                entry: ei,
                            }),
                        }
                        None
                    }
                }
            } else {
                match pair_by_source_addr.get(&addr) {
                    Some(&pi) => Some(pi),
                    None => {
                        pairing.batch_problems.push(BatchProblem::NoMatch {
                            batch: bi,
                            entry: ei,
                        });
                        None
                    }
                }
            };
            if let Some(pi) = resolved {
                all_pairs[pi].batches.push(bi);
                selected.push(pi);
            }
        }
    }
    selected.sort();
    selected.dedup();
    pairing.pairs = selected
        .into_iter()
        .map(|pi| all_pairs[pi].clone())
        .collect();
    pairing
}

/// Resolves an address to the target objects that have it (primary or proxy).
pub fn targets_with_address<'a>(
    snapshot: &'a Snapshot,
    address: &'a SmtpAddress,
) -> impl Iterator<Item = usize> + 'a {
    snapshot
        .target
        .recipients
        .iter()
        .enumerate()
        .filter(move |(_, t)| t.has_smtp(address))
        .map(|(i, _)| i)
}
