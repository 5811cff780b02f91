//! The whole snapshot: both sides, batches, and the record of what was read.

use super::{
    AcceptedDomain, Batch, DirectoryUser, ExchangeServer, FolderStat, GroupMember, HoldLog,
    LicenceAssignment, MailboxPermission, MappingEntry, MigrationEndpoint, MoveRequest, OrgConfig,
    OrgRelationship, Recipient, Side,
};
use crate::import::ExportKind;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// Where a typed value came from: file index in [`Snapshot::inputs`] and record index (0-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    pub file: u32,
    pub record: u32,
}

/// Everything read from one side's exports.
#[derive(Clone, Debug, Default)]
pub struct SideData {
    pub recipients: Vec<Recipient>,
    pub org_relationships: Vec<OrgRelationship>,
    pub accepted_domains: Vec<AcceptedDomain>,
    pub migration_endpoints: Vec<MigrationEndpoint>,
    pub org_configs: Vec<OrgConfig>,
    pub licences: Vec<LicenceAssignment>,
    pub group_members: Vec<GroupMember>,
    pub permissions: Vec<MailboxPermission>,
    pub move_requests: Vec<MoveRequest>,
    pub exchange_servers: Vec<ExchangeServer>,
    pub directory_users: Vec<DirectoryUser>,
    pub folder_stats: Vec<FolderStat>,
    pub hold_logs: Vec<HoldLog>,
    /// Export kinds of which at least one file was read on this side.
    pub kinds: BTreeSet<ExportKind>,
    /// `directory_users` by UserPrincipalName and SamAccountName, built on first lookup (the
    /// snapshot does not change once rules read it).
    directory_index: OnceLock<DirectoryIndex>,
}

/// Positions in `directory_users` by lower-case key; the first record of a key wins.
#[derive(Clone, Debug, Default)]
struct DirectoryIndex {
    by_upn: HashMap<String, usize>,
    by_sam: HashMap<String, usize>,
}

impl DirectoryIndex {
    fn of(users: &[DirectoryUser]) -> Self {
        let mut index = DirectoryIndex::default();
        for (i, u) in users.iter().enumerate() {
            if let Some(upn) = &u.user_principal_name {
                index.by_upn.entry(upn.to_lowercase()).or_insert(i);
            }
            if let Some(sam) = &u.sam_account_name {
                index.by_sam.entry(sam.to_lowercase()).or_insert(i);
            }
        }
        index
    }
}

impl SideData {
    pub fn has(&self, kind: ExportKind) -> bool {
        self.kinds.contains(&kind)
    }

    fn directory_index(&self) -> &DirectoryIndex {
        self.directory_index
            .get_or_init(|| DirectoryIndex::of(&self.directory_users))
    }

    /// The Get-ADUser record with this UserPrincipalName (case-insensitive).
    pub fn directory_user_by_upn(&self, upn: &str) -> Option<&DirectoryUser> {
        let i = *self.directory_index().by_upn.get(&upn.to_lowercase())?;
        self.directory_users.get(i)
    }

    /// The Get-ADUser record with this SamAccountName (case-insensitive).
    pub fn directory_user_by_sam(&self, sam: &str) -> Option<&DirectoryUser> {
        let i = *self.directory_index().by_sam.get(&sam.to_lowercase())?;
        self.directory_users.get(i)
    }

    /// The accepted domain covering `domain`, if any.
    pub fn accepted_domain(&self, domain: &str) -> Option<&AcceptedDomain> {
        self.accepted_domains.iter().find(|d| d.accepts(domain))
    }
}

/// A problem with an input file, record or value. Always becomes an `input` finding.
#[derive(Clone, Debug, Serialize)]
pub struct InputIssue {
    /// Index of the file in [`Snapshot::inputs`].
    #[serde(skip)]
    pub file: u32,
    /// 0-based record index, when the problem is inside a record.
    pub record: Option<u32>,
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// The record's identity (address, UPN, name), when known.
    pub identity: Option<String>,
    /// The property concerned, when the problem is a value.
    pub property: Option<String>,
    pub message: String,
    /// How to re-export correctly.
    pub hint: Option<String>,
    /// Whether the record was dropped because of it.
    pub skipped: bool,
    /// A warning (e.g. an empty file) rather than an error.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub warning: bool,
}

/// One file that was read (or could not be).
#[derive(Clone, Debug, Serialize)]
pub struct InputFile {
    pub path: String,
    pub side: Option<Side>,
    /// Detected content kind, `null` when it could not be recognised.
    pub kind: Option<ExportKind>,
    pub format: &'static str,
    pub encoding: &'static str,
    pub records_read: u64,
    pub records_skipped: u64,
    /// Records not typed because a batch-scoped load left them out (they name no object the
    /// batches reach; see `import::scope`). Counted in `records_read`, not in `records_skipped`.
    #[serde(skip_serializing_if = "is_zero")]
    pub records_out_of_scope: u64,
    /// Reasons for skipped records (and other problems), in file order.
    pub issues: Vec<InputIssue>,
}

/// A whole snapshot: what the rules check.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub inputs: Vec<InputFile>,
    pub source: SideData,
    pub target: SideData,
    pub batches: Vec<Batch>,
    pub mapping: Vec<MappingEntry>,
    /// The `mbxlint collect` manifests of the side folders, when present.
    pub manifests: crate::import::manifest::Manifests,
}

impl Snapshot {
    pub fn side(&self, side: Side) -> &SideData {
        match side {
            Side::Source => &self.source,
            Side::Target => &self.target,
        }
    }

    pub fn side_mut(&mut self, side: Side) -> &mut SideData {
        match side {
            Side::Source => &mut self.source,
            Side::Target => &mut self.target,
        }
    }

    /// Display path of the file an origin points into.
    pub fn file_path(&self, origin: &Origin) -> &str {
        self.inputs
            .get(origin.file as usize)
            .map(|f| f.path.as_str())
            .unwrap_or("?")
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}
