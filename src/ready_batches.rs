//! `--write-ready-batches DIR`: the ready mailboxes as New-MigrationBatch CSV files.
//!
//! Every object of the report with status `ready` and a usable
//! [`batch_address`](crate::report::ObjectStatus::batch_address) is written to
//! `ready-batch-001.csv`, `ready-batch-002.csv`, … (header `EmailAddress`, at most `per_file`
//! rows each; UTF-8 without BOM, CRLF line ends, which New-MigrationBatch accepts).
//!
//! Delegates stay with their principals: the source side's permission export
//! ([`MailboxPermission`]: mailbox ↔ user) joins ready mailboxes into groups (union-find), and
//! a group goes into one file. Groups are placed first-fit in report order; a group larger than
//! `per_file` is split across consecutive files, and the split is reported. Permission rows that
//! are inherited, deny, or held by `NT AUTHORITY\…` / `S-1-5-…` principals are ignored. A name
//! in a permission row is matched, case-insensitively, against the source recipients' SMTP
//! addresses, UPN, alias, name, identity and display name; a name that fits several mailboxes
//! is not used.
//!
//! What was left out — ready objects without an address (or with one that is unusable or
//! duplicated), delegates that are not ready, split groups — is written to
//! `ready-batches-skipped.txt` (only when there is something to say), and that path is returned
//! with the CSV files so the caller lists it. `Err` is returned only for I/O failures.
//!
//! Files named `ready-batch-NNN.csv` / `ready-batches-skipped.txt` left in `DIR` by an earlier
//! run and not rewritten now are deleted, so that a stale batch cannot be run by mistake.
//!
//! Same input, same files: everything follows report order.

use crate::model::{MailboxPermission, Recipient, Snapshot};
use crate::report::{ObjectStatus, Report, Status};
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

/// The notes file.
pub const SKIPPED_FILE: &str = "ready-batches-skipped.txt";

const EOL: &str = "\r\n";

/// Writes the files and returns their paths (CSV files first, then the notes file if written);
/// the error names the file.
pub fn write(
    report: &Report,
    snapshot: &Snapshot,
    dir: &Path,
    per_file: usize,
) -> Result<Vec<PathBuf>, String> {
    let plan = plan(report, snapshot, per_file);
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (i, rows) in plan.files.iter().enumerate() {
        let path = dir.join(batch_file_name(i + 1));
        write_text(&path, &csv_text(rows))?;
        written.push(path);
    }
    if !plan.notes.is_empty() {
        let path = dir.join(SKIPPED_FILE);
        let mut text = String::new();
        for n in &plan.notes {
            text.push_str(n);
            text.push_str(EOL);
        }
        write_text(&path, &text)?;
        written.push(path);
    }
    remove_stale(dir, &written)?;
    Ok(written)
}

/// `ready-batch-001.csv` for `n` = 1.
pub fn batch_file_name(n: usize) -> String {
    format!("ready-batch-{n:03}.csv")
}

/// The files to write (addresses per file) and the notes about what was left out.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub files: Vec<Vec<String>>,
    pub notes: Vec<String>,
}

/// Decides the files without touching the disk.
pub fn plan(report: &Report, snapshot: &Snapshot, per_file: usize) -> Plan {
    let mut notes = Vec::new();
    let per_file = if per_file == 0 {
        notes.push("a batch size of 0 was given; 1 row per file is used".to_string());
        1
    } else {
        per_file
    };
    let objects = &report.objects;
    let writable = writable_objects(objects, &mut notes);
    let keys = name_index(objects, &snapshot.source.recipients);
    let mut sets = UnionFind::new(objects.len());
    for p in &snapshot.source.permissions {
        link(p, &keys, objects, &writable, &mut sets, &mut notes);
    }
    let groups = groups(&writable, &mut sets);
    let files = pack(&groups, objects, per_file, &mut notes);
    Plan { files, notes }
}

/// For each object, whether it is written; notes the ready ones that cannot be.
fn writable_objects(objects: &[ObjectStatus], notes: &mut Vec<String>) -> Vec<bool> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    objects
        .iter()
        .map(|o| {
            if o.status != Status::Ready {
                return false;
            }
            let Some(address) = o.batch_address.as_deref() else {
                notes.push(format!(
                    "skipped {}: ready, but no batch address (no primary SMTP address for it in the exports)",
                    clean(&o.source)
                ));
                return false;
            };
            if !usable_address(address) {
                notes.push(format!(
                    "skipped {}: ready, but its batch address {} is not a plain email address",
                    clean(&o.source),
                    clean(address)
                ));
                return false;
            }
            if !seen.insert(address.to_lowercase()) {
                notes.push(format!(
                    "skipped {}: its batch address {} is already listed for another mailbox",
                    clean(&o.source),
                    clean(address)
                ));
                return false;
            }
            true
        })
        .collect()
}

/// An address safe to write as one CSV cell and to hand to New-MigrationBatch.
fn usable_address(a: &str) -> bool {
    a.contains('@')
        && !a.starts_with(['=', '+', '-', '@'])
        && !a
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || matches!(c, ',' | '"' | ';'))
}

/// Lower-cased names → the object they name (names that fit several objects are dropped).
fn name_index(objects: &[ObjectStatus], recipients: &[Recipient]) -> HashMap<String, usize> {
    let mut index: HashMap<String, Option<usize>> = HashMap::new();
    for (i, o) in objects.iter().enumerate() {
        let Some(r) = recipients.get(o.source_index as usize) else {
            continue;
        };
        let mut names: BTreeSet<String> = names_of(r).map(|n| n.trim().to_lowercase()).collect();
        names.insert(o.source.to_lowercase());
        names.remove("");
        for n in names {
            index
                .entry(n)
                .and_modify(|e| {
                    if *e != Some(i) {
                        *e = None
                    }
                })
                .or_insert(Some(i));
        }
    }
    index
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
}

/// Every name a permission export may use for a recipient.
fn names_of(r: &Recipient) -> impl Iterator<Item = String> + '_ {
    let texts = [
        r.user_principal_name(),
        r.alias(),
        r.name(),
        r.identity(),
        r.display_name(),
    ];
    texts
        .into_iter()
        .flatten()
        .map(str::to_string)
        .chain(r.smtp_addresses().map(|a| a.as_str().to_string()))
}

/// Principals that are not people: `NT AUTHORITY\SELF`, well-known SIDs.
fn is_system_principal(user: &str) -> bool {
    let u = user.trim().to_ascii_lowercase();
    u.starts_with("nt authority\\") || u.starts_with("s-1-5-")
}

/// Joins the two ends of a permission row when both are written; notes a delegate relation
/// with a mailbox that is not ready.
fn link(
    p: &MailboxPermission,
    keys: &HashMap<String, usize>,
    objects: &[ObjectStatus],
    writable: &[bool],
    sets: &mut UnionFind,
    notes: &mut Vec<String>,
) {
    if p.inherited || p.deny || is_system_principal(&p.user) {
        return;
    }
    let find = |name: &str| keys.get(&name.trim().to_lowercase()).copied();
    let (Some(a), Some(b)) = (find(&p.mailbox), find(&p.user)) else {
        return;
    };
    if a == b {
        return;
    }
    match (writable[a], writable[b]) {
        (true, true) => sets.union(a, b),
        (true, false) | (false, true) => {
            let (ready, other) = if writable[a] { (a, b) } else { (b, a) };
            notes.push(format!(
                "{} is written but shares a mailbox permission with {} ({}), which stays out: move them together when it is fixed",
                clean(&objects[ready].source),
                clean(&objects[other].source),
                objects[other].status.as_str()
            ));
        }
        (false, false) => {}
    }
}

/// The groups of written objects, each in report order, ordered by their first member.
fn groups(writable: &[bool], sets: &mut UnionFind) -> Vec<Vec<usize>> {
    let mut by_root: HashMap<usize, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, _) in writable.iter().enumerate().filter(|(_, w)| **w) {
        let root = sets.find(i);
        let g = *by_root.entry(root).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups
}

/// Places groups first-fit into files of at most `per_file` rows; splits larger groups.
fn pack(
    groups: &[Vec<usize>],
    objects: &[ObjectStatus],
    per_file: usize,
    notes: &mut Vec<String>,
) -> Vec<Vec<String>> {
    let address = |i: usize| {
        objects[i]
            .batch_address
            .as_deref()
            .unwrap_or_default()
            .to_string()
    };
    let mut files: Vec<Vec<String>> = Vec::new();
    for g in groups {
        if g.len() > per_file {
            notes.push(format!(
                "split: {} mailboxes linked by permissions (starting with {}) exceed {} per file and span several files",
                g.len(),
                clean(&objects[g[0]].source),
                per_file
            ));
            for chunk in g.chunks(per_file) {
                files.push(chunk.iter().map(|&i| address(i)).collect());
            }
            continue;
        }
        match files.iter_mut().find(|f| f.len() + g.len() <= per_file) {
            Some(f) => f.extend(g.iter().map(|&i| address(i))),
            None => files.push(g.iter().map(|&i| address(i)).collect()),
        }
    }
    files
}

/// The CSV text of one file.
fn csv_text(rows: &[String]) -> String {
    let mut text = String::from("EmailAddress");
    text.push_str(EOL);
    for r in rows {
        text.push_str(r);
        text.push_str(EOL);
    }
    text
}

fn write_text(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Deletes files of an earlier run (`ready-batch-NNN.csv`, the notes file) not written now.
fn remove_stale(dir: &Path, written: &[PathBuf]) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let ours = name == SKIPPED_FILE || is_batch_file_name(name);
        let path = entry.path();
        if ours && !written.iter().any(|w| w == &path) && path.is_file() {
            fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// `ready-batch-` + at least three digits + `.csv`.
fn is_batch_file_name(name: &str) -> bool {
    name.strip_prefix("ready-batch-")
        .and_then(|r| r.strip_suffix(".csv"))
        .is_some_and(|d| d.len() >= 3 && d.chars().all(|c| c.is_ascii_digit()))
}

/// Export text in a one-line note: control characters and line separators shown as codes.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                format!("<U+{:04X}>", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Disjoint sets over object indices.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Joins two sets; the smaller index becomes the root (deterministic).
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        self.parent[hi] = lo;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(batch_file_name(1), "ready-batch-001.csv");
        assert!(is_batch_file_name("ready-batch-012.csv"));
        assert!(!is_batch_file_name("ready-batch-1.csv"));
        assert!(!is_batch_file_name("ready-batch-abc.csv"));
    }

    #[test]
    fn addresses() {
        assert!(usable_address("a.b@contoso.com"));
        assert!(!usable_address("=cmd|x@y"));
        assert!(!usable_address("a b@c"));
        assert!(!usable_address("nobody"));
    }

    #[test]
    fn union_find() {
        let mut u = UnionFind::new(4);
        u.union(3, 1);
        u.union(1, 2);
        assert_eq!(u.find(3), 1);
        assert_eq!(u.find(2), 1);
        assert_eq!(u.find(0), 0);
    }
}
