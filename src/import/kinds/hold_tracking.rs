//! Export-MailboxDiagnosticLogs -ComponentName HoldTracking records: `MailboxLog` holds a JSON
//! array of hold entries (`hid` hold id, `ht` hold type, `ed` end date) as a string.

use super::Built;
use crate::import::fields::Fields;
use crate::import::properties::Prop;
use crate::model::{HoldLog, HoldLogEntry, Origin};
use serde::Deserialize;

/// Every property this builder reads: the export script selects exactly these (see
/// `crate::collect`), and a test checks that the builder reads no other.
pub const READS: &[Prop] = &[Prop::Mailbox, Prop::MailboxLog];

/// One entry as the log writes it; other members are ignored.
#[derive(Deserialize)]
struct RawEntry {
    hid: Option<String>,
    ht: Option<i64>,
    ed: Option<String>,
}

/// Parses a MailboxLog value.
fn parse(text: &str) -> Result<Vec<HoldLogEntry>, serde_json::Error> {
    let raw: Vec<RawEntry> = serde_json::from_str(text.trim())?;
    Ok(raw
        .into_iter()
        .map(|e| HoldLogEntry {
            hold_id: e
                .hid
                .as_deref()
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .map(Box::from),
            hold_type: e.ht,
            ended: e
                .ed
                .as_deref()
                .map(str::trim)
                .is_some_and(|d| !d.is_empty() && !d.starts_with("0001-01-01")),
        })
        .collect())
}

pub fn build(origin: Origin, f: &mut Fields) -> Built {
    let mailbox = f.string(Prop::Mailbox);
    let entries = match f.text(Prop::MailboxLog) {
        None => Vec::new(),
        Some(text) => match parse(&text) {
            Ok(entries) => entries,
            Err(e) => {
                f.problem(
                    Prop::MailboxLog,
                    format!("MailboxLog is not a JSON array of hold entries: {e}"),
                    Some(
                        "export the log as written: `Export-MailboxDiagnosticLogs <id> \
                         -ComponentName HoldTracking | Select @{n='Mailbox';e={'<address>'}},\
                         MailboxLog`"
                            .to_string(),
                    ),
                );
                return Built::Nothing;
            }
        },
    };
    Built::HoldLog(HoldLog {
        origin,
        mailbox,
        entries,
    })
}
