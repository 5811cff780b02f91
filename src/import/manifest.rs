//! The manifest `mbxlint collect`'s script writes into each side's folder
//! (`mbxlint-manifest.json`): when the side was exported, from which tenant, with which
//! versions, and which files each export wrote.
//!
//! ```json
//! {
//!   "mbxlint": 1,
//!   "generator": "mbxlint 0.1.0",
//!   "kind": "cross-tenant",
//!   "side": "source",
//!   "platform": "exchange-online",
//!   "exportedAt": "2026-11-20T09:12:44.1234567Z",
//!   "finishedAt": "2026-11-20T09:40:02.7654321Z",
//!   "tenantId": "69494655-eae2-5646-bbce-5a1cca23c31b",
//!   "organization": "contoso.onmicrosoft.com",
//!   "powershell": "5.1.19041.4894",
//!   "modules": { "ExchangeOnlineManagement": "3.5.1" },
//!   "identities": null,
//!   "exports": [
//!     { "cmdlet": "Get-Mailbox", "files": ["mailboxes-0001.json"], "count": 24, "skipped": null }
//!   ]
//! }
//! ```
//!
//! Every member is optional when reading (a hand-made manifest with only `exportedAt` and
//! `tenantId` works). Problems become input issues of the manifest file; they never stop the
//! check.

use super::encoding;
use crate::import::ExportKind;
use crate::model::{InputFile, InputIssue, MigrationKind, Side, Snapshot};
use crate::values::Guid;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The file name, in each side's folder.
pub const MANIFEST_FILE: &str = "mbxlint-manifest.json";

/// One side's manifest, as read.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    /// Display path of the manifest file (relative to the snapshot folder).
    pub file: String,
    pub kind: Option<MigrationKind>,
    pub side: Option<Side>,
    pub platform: Option<String>,
    /// When the script started exporting.
    pub exported_at: Option<jiff::Timestamp>,
    pub finished_at: Option<jiff::Timestamp>,
    /// The tenant the Exchange Online session was connected to.
    pub tenant_id: Option<Guid>,
    pub organization: Option<String>,
    pub powershell: Option<String>,
    /// Module name → version (ExchangeOnlineManagement, Exchange, ActiveDirectory, …).
    pub modules: BTreeMap<String, String>,
    pub exports: Vec<ManifestExport>,
}

/// One export the script ran.
#[derive(Clone, Debug)]
pub struct ManifestExport {
    /// The export's label (`Get-Mailbox`, `licences`, …: [`ExportKind::label`]).
    pub cmdlet: String,
    /// The kind the label names, when mbxlint knows it.
    pub kind: Option<ExportKind>,
    pub files: Vec<String>,
    pub count: u64,
    /// Why the export did not run (e.g. not connected to Microsoft Graph).
    pub skipped: Option<String>,
}

/// The manifests of both sides, when the folders hold them.
#[derive(Clone, Debug, Default)]
pub struct Manifests {
    pub source: Option<Manifest>,
    pub target: Option<Manifest>,
}

impl Manifests {
    pub fn side(&self, side: Side) -> Option<&Manifest> {
        match side {
            Side::Source => self.source.as_ref(),
            Side::Target => self.target.as_ref(),
        }
    }
}

/// Export kinds a script can write, for mapping manifest labels back.
const KINDS: &[ExportKind] = &[
    ExportKind::Mailbox,
    ExportKind::MailUser,
    ExportKind::RemoteMailbox,
    ExportKind::User,
    ExportKind::MailboxStatistics,
    ExportKind::OrganizationRelationship,
    ExportKind::AcceptedDomain,
    ExportKind::MigrationEndpoint,
    ExportKind::OrganizationConfig,
    ExportKind::Licence,
    ExportKind::GroupMember,
    ExportKind::MailboxPermission,
    ExportKind::MoveRequest,
    ExportKind::ExchangeServer,
    ExportKind::AdUser,
    ExportKind::MailboxFolderStatistics,
    ExportKind::HoldTracking,
];

/// The kind a manifest label names.
pub fn kind_of_label(label: &str) -> Option<ExportKind> {
    KINDS
        .iter()
        .copied()
        .find(|k| k.label().eq_ignore_ascii_case(label.trim()))
}

/// Reads the manifests of the side folders into the snapshot: problems become input issues of
/// the manifest file, and exports the manifest lists as run with no object count as present
/// (an empty Get-MoveRequest export writes no file, yet says there are no move requests).
pub fn attach(snapshot: &mut Snapshot, dirs: &[(Side, &Path)], base: Option<&Path>) {
    for (side, dir) in dirs {
        let path = dir.join(MANIFEST_FILE);
        if !path.is_file() {
            continue;
        }
        let display = super::display_path(&path, base);
        let mut issues = Vec::new();
        let manifest = read(&path, &display, *side, &mut issues);
        if let Some(m) = &manifest {
            check_files(m, dir, &mut issues);
            let data = snapshot.side_mut(*side);
            for e in m.exports.iter().filter(|e| e.skipped.is_none()) {
                if let Some(kind) = e.kind {
                    data.kinds.insert(kind);
                }
            }
        }
        if !issues.is_empty() {
            push_input(snapshot, display, *side, issues);
        }
        match side {
            Side::Source => snapshot.manifests.source = manifest,
            Side::Target => snapshot.manifests.target = manifest,
        }
    }
}

/// A problem found while reading a manifest.
struct Problem {
    message: String,
    hint: Option<String>,
    warning: bool,
}

fn push_input(snapshot: &mut Snapshot, path: String, side: Side, problems: Vec<Problem>) {
    let file = snapshot.inputs.len() as u32;
    let issues = problems
        .into_iter()
        .map(|p| InputIssue {
            file,
            record: None,
            line: None,
            identity: None,
            property: None,
            message: p.message,
            hint: p.hint,
            skipped: false,
            warning: p.warning,
        })
        .collect();
    snapshot.inputs.push(InputFile {
        path,
        side: Some(side),
        kind: None,
        format: "manifest",
        encoding: "unknown",
        records_read: 0,
        records_skipped: 0,
        records_out_of_scope: 0,
        issues,
    });
}

fn read(path: &Path, display: &str, side: Side, issues: &mut Vec<Problem>) -> Option<Manifest> {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(e) => {
            issues.push(Problem {
                message: format!("could not read the collect manifest: {e}"),
                hint: None,
                warning: false,
            });
            return None;
        }
    };
    let value: Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(v) => v,
        Err(e) => {
            issues.push(Problem {
                message: format!(
                    "the collect manifest is not valid JSON ({e}); its tenant ID and export time are not used"
                ),
                hint: Some("run the collect script again, or delete the file".into()),
                warning: false,
            });
            return None;
        }
    };
    if !value.is_object() {
        issues.push(Problem {
            message: "the collect manifest is not a JSON object; it is not used".into(),
            hint: None,
            warning: false,
        });
        return None;
    }
    Some(parse(&value, display, side, issues))
}

fn read_text(path: &Path) -> std::io::Result<String> {
    Ok(encoding::decode_to_string(&std::fs::read(path)?))
}

fn string(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn parse(value: &Value, display: &str, side: Side, issues: &mut Vec<Problem>) -> Manifest {
    let mut m = Manifest {
        file: display.to_string(),
        platform: string(value, "platform"),
        organization: string(value, "organization"),
        powershell: string(value, "powershell"),
        ..Default::default()
    };
    m.kind = string(value, "kind").and_then(|k| MigrationKind::parse(&k));
    m.side = match string(value, "side").as_deref() {
        Some(s) if s.eq_ignore_ascii_case("source") => Some(Side::Source),
        Some(s) if s.eq_ignore_ascii_case("target") => Some(Side::Target),
        _ => None,
    };
    if let Some(written) = m.side.filter(|s| *s != side) {
        issues.push(Problem {
            message: format!(
                "this manifest was written by the {} side's collect script, but it is in the {} folder: were the folders swapped?",
                written.as_str(),
                side.as_str()
            ),
            hint: Some(format!(
                "put the {} script's output folder at {}/",
                side.as_str(),
                side.as_str()
            )),
            warning: false,
        });
    }
    m.exported_at = timestamp(value, "exportedAt", issues);
    m.finished_at = timestamp(value, "finishedAt", issues);
    if let Some(t) = string(value, "tenantId") {
        match Guid::parse(&t) {
            Ok(g) if !g.is_nil() => m.tenant_id = Some(g),
            Ok(_) => {}
            Err(_) => issues.push(Problem {
                message: format!("the manifest's tenantId {t:?} is not a GUID; it is not used"),
                hint: None,
                warning: true,
            }),
        }
    }
    if let Some(Value::Object(modules)) = value.get("modules") {
        for (name, version) in modules {
            if let Value::String(v) = version {
                m.modules.insert(name.clone(), v.clone());
            }
        }
    }
    if let Some(Value::Array(exports)) = value.get("exports") {
        m.exports = exports.iter().filter_map(export).collect();
    }
    m
}

fn timestamp(value: &Value, key: &str, issues: &mut Vec<Problem>) -> Option<jiff::Timestamp> {
    let text = string(value, key)?;
    match text.parse::<jiff::Timestamp>() {
        Ok(t) => Some(t),
        Err(_) => {
            issues.push(Problem {
                message: format!(
                    "the manifest's {key} {text:?} is not an ISO 8601 time with an offset; it is not used"
                ),
                hint: Some("the collect script writes (Get-Date).ToUniversalTime().ToString('o')".into()),
                warning: true,
            });
            None
        }
    }
}

fn export(value: &Value) -> Option<ManifestExport> {
    let cmdlet = string(value, "cmdlet")?;
    let files = match value.get("files") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|f| f.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    Some(ManifestExport {
        kind: kind_of_label(&cmdlet),
        cmdlet,
        files,
        count: value.get("count").and_then(Value::as_u64).unwrap_or(0),
        skipped: string(value, "skipped"),
    })
}

/// Every file the manifest lists must be in the folder: a partial copy loses objects silently.
fn check_files(m: &Manifest, dir: &Path, issues: &mut Vec<Problem>) {
    for e in &m.exports {
        for f in &e.files {
            let name = Path::new(f).file_name().map(|n| n.to_owned());
            let present = name.is_some_and(|n| dir.join(n).is_file());
            if !present {
                issues.push(Problem {
                    message: format!(
                        "the manifest lists {f} ({}), which is not in this folder: its objects are missing from the check",
                        e.cmdlet
                    ),
                    hint: Some("copy the whole folder the collect script wrote".into()),
                    warning: false,
                });
            }
        }
        if let Some(reason) = &e.skipped {
            issues.push(Problem {
                message: format!("the collect script skipped {}: {reason}", e.cmdlet),
                hint: None,
                warning: true,
            });
        }
    }
}
