//! `--format ps1`: the remediation script.
//!
//! Layout (UTF-8 **with** a byte-order mark, so Windows PowerShell 5.1 reads non-ASCII names
//! correctly; CRLF line ends, the Windows convention — PowerShell reads LF too):
//!
//! 1. a header comment: tool and version, migration kind, counts, "review before running", and
//!    the statement that the script holds no secrets;
//! 2. one section per side that has commands — source, target, on-premises — each opening with
//!    a *commented-out* connection placeholder (`# Connect-ExchangeOnline -UserPrincipalName
//!    <admin@source-tenant>`): never a password or credential;
//! 3. inside a section, the commands in report order, each once (identical commands list all
//!    their findings), each preceded by comments naming the findings;
//! 4. a last section of findings that have a remediation note but no command (comments only).
//!
//! The script contains only `#` line comments and the commands themselves: no variables, no
//! block comments. Commands come from rules, which quote every export value with
//! [`crate::powershell::quote`]; they are not re-quoted here. A command with a raw line break,
//! control or bidirectional character in it (which `quote` never produces) is withheld rather
//! than written.
//!
//! Safety of comments: comment text comes from exports (display names, addresses). Every
//! character that could end a line comment or hide text (control characters including CR, LF,
//! NUL and U+0085, the separators U+2028/U+2029, bidirectional controls) is written as a
//! visible `<U+XXXX>`, and `<#` / `#>` are broken up (`< #`, `# >`) so that no block comment
//! can open or close.
//!
//! Irreversible commands ([`Remediation::irreversible`](crate::finding::Remediation), or code
//! that clears, removes or disables — see [`is_irreversible`]) are written commented out under
//! a `# WARNING: irreversible` line: the admin reads the rule doc and uncomments them
//! deliberately. A commented-out command is kept verbatim (uncommenting must give the exact
//! command); `<#` / `#>` inside its quoted values are inert in a `#` line comment.
//!
//! Alternative fixes of one finding (`Finding::remediation_alternatives`) are all written
//! commented out under a `# CHOOSE ONE` line: running both would undo one with the other.
//!
//! Commands with a `<placeholder>` the admin must fill in (e.g. `-DomainNames <target tenant
//! ID>`) are also written commented out, under an `# EDIT FIRST` line: `<` is a reserved
//! operator, and one such line left as code would stop the whole script from parsing.
//!
//! Syntax is that of Windows PowerShell 5.1 (commands come from the rules' builder, which uses
//! no `&&`, `??` or ternaries).

use super::{RenderOptions, Report};
use crate::finding::FixSide;
use crate::model::MigrationKind;
use std::collections::HashMap;
use std::io::{self, Write};

/// The line end used throughout the script.
const EOL: &str = "\r\n";

/// One unique command of a side, with the findings (indices into `report.findings`) that ask
/// for it.
struct Entry<'a> {
    command: &'a str,
    irreversible: bool,
    /// One of several alternative fixes of a finding: the admin chooses.
    alternative: bool,
    findings: Vec<usize>,
}

/// Writes the remediation script.
pub fn write(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let sections: Vec<(FixSide, Vec<Entry>)> = [FixSide::Source, FixSide::Target, FixSide::Onprem]
        .into_iter()
        .map(|side| (side, entries(report, side)))
        .filter(|(_, e)| !e.is_empty())
        .collect();
    let notes: Vec<usize> = report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.remediation.is_empty() && f.remediation_note.is_some())
        .map(|(i, _)| i)
        .collect();
    let mut text = String::from("\u{FEFF}");
    header(&mut text, report, &sections, notes.len());
    for (side, list) in &sections {
        section(&mut text, report, options, *side, list);
    }
    note_section(&mut text, report, &notes);
    out.write_all(text.as_bytes())
}

/// The unique commands of one side, in report order.
fn entries(report: &Report, side: FixSide) -> Vec<Entry<'_>> {
    let mut list: Vec<Entry> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        for r in f.remediation.iter().filter(|r| r.side == side) {
            let irreversible = r.irreversible || is_irreversible(&r.command);
            match at.get(r.command.as_str()) {
                Some(&k) => {
                    let e = &mut list[k];
                    e.irreversible |= irreversible;
                    e.alternative |= f.remediation_alternatives;
                    if e.findings.last() != Some(&i) {
                        e.findings.push(i);
                    }
                }
                None => {
                    at.insert(&r.command, list.len());
                    list.push(Entry {
                        command: &r.command,
                        irreversible,
                        alternative: f.remediation_alternatives,
                        findings: vec![i],
                    });
                }
            }
        }
    }
    list
}

/// Appends one line (comment text must already be clean).
fn line(text: &mut String, content: &str) {
    text.push_str(content);
    text.push_str(EOL);
}

/// Appends a comment line with `content` cleaned.
fn comment(text: &mut String, content: &str) {
    text.push_str("# ");
    text.push_str(&clean_comment(content));
    text.push_str(EOL);
}

fn header(text: &mut String, report: &Report, sections: &[(FixSide, Vec<Entry>)], notes: usize) {
    let commands: usize = sections.iter().map(|(_, e)| e.len()).sum();
    let irreversible: usize = sections
        .iter()
        .flat_map(|(_, e)| e)
        .filter(|e| e.irreversible)
        .count();
    let s = &report.summary;
    comment(
        text,
        &format!(
            "Remediation script generated by {} {} (migration kind: {}).",
            report.tool.name,
            report.tool.version,
            report.kind.as_str()
        ),
    );
    comment(
        text,
        &format!(
            "Mailboxes checked: {} (ready {}, blocked {}, warned {}, incomplete {}); findings: {} errors, {} warnings, {} infos.",
            s.objects_checked,
            s.ready,
            s.blocked,
            s.warned,
            s.incomplete,
            s.errors,
            s.warnings,
            s.infos
        ),
    );
    comment(
        text,
        &format!(
            "Commands: {commands} ({irreversible} irreversible, commented out); findings with a note but no command: {notes}."
        ),
    );
    line(text, "#");
    for l in [
        "REVIEW BEFORE RUNNING. The commands were derived from exports, which may be stale or",
        "wrong; run each section in a session connected to the organisation it names, one",
        "command at a time if in doubt. Consider $ErrorActionPreference = 'Stop' first.",
        "This script contains no secrets: the connection lines are commented-out placeholders;",
        "connect with your own account (interactive sign-in or your usual method).",
        "Encoding: UTF-8 with BOM, CRLF line ends (Windows PowerShell 5.1 and PowerShell 7).",
    ] {
        comment(text, l);
    }
    line(text, "");
}

/// The title and connection placeholder of a side, for this kind of migration.
fn side_title(side: FixSide, kind: MigrationKind) -> (&'static str, &'static str) {
    const ONLINE_SOURCE: &str = "Connect-ExchangeOnline -UserPrincipalName <admin@source-tenant>";
    const ONLINE_TARGET: &str = "Connect-ExchangeOnline -UserPrincipalName <admin@target-tenant>";
    const ONPREM: &str = "Run in the Exchange Management Shell on an on-premises Exchange server (no connection line)";
    match (side, kind) {
        (FixSide::Source, MigrationKind::Onboarding) => {
            ("SOURCE organisation (on-premises)", ONPREM)
        }
        (FixSide::Source, _) => ("SOURCE organisation", ONLINE_SOURCE),
        (FixSide::Target, MigrationKind::Offboarding) => {
            ("TARGET organisation (on-premises)", ONPREM)
        }
        (FixSide::Target, _) => ("TARGET organisation", ONLINE_TARGET),
        (FixSide::Onprem, _) => ("ON-PREMISES Exchange", ONPREM),
    }
}

fn section(
    text: &mut String,
    report: &Report,
    options: &RenderOptions,
    side: FixSide,
    list: &[Entry],
) {
    let (title, connect) = side_title(side, report.kind);
    line(text, &format!("# ===== {title} ====="));
    comment(text, connect);
    line(text, "");
    for e in list {
        for &i in &e.findings {
            finding_comment(text, report, i);
        }
        command(text, report, options, e);
        line(text, "");
    }
}

/// The comment lines describing one finding.
fn finding_comment(text: &mut String, report: &Report, index: usize) {
    let Some(f) = report.findings.get(index) else {
        return;
    };
    let object = match (&f.source_object, &f.target_object) {
        (Some(s), Some(t)) => format!("{s} -> {t}"),
        (Some(s), None) => s.clone(),
        (None, Some(t)) => t.clone(),
        (None, None) => "(no object)".to_string(),
    };
    comment(
        text,
        &format!("[{} {}] {}", f.rule, f.severity.as_str(), object),
    );
    comment(text, &format!("  {}", f.message));
    if let Some(e) = f.fails_with {
        comment(text, &format!("  Microsoft error: {e}"));
    }
    if let Some(n) = &f.remediation_note {
        comment(text, &format!("  Note: {n}"));
    }
}

/// Writes one command: as code, or commented out under a warning when irreversible.
fn command(text: &mut String, report: &Report, options: &RenderOptions, e: &Entry) {
    if e.command.chars().any(is_unsafe_in_command) {
        comment(
            text,
            "Command withheld: it contains a line break or control character, which mbxlint's quoting never produces.",
        );
        return;
    }
    let placeholder = has_placeholder(e.command);
    if placeholder {
        comment(
            text,
            "EDIT FIRST: replace the <placeholder> values in the next line, then uncomment it.",
        );
    }
    if e.irreversible {
        let docs = rule_docs(report, options, e);
        comment(
            text,
            &format!(
                "WARNING: irreversible. Read {docs} first, then uncomment the next line deliberately."
            ),
        );
    }
    if e.alternative {
        comment(
            text,
            "CHOOSE ONE: this finding has alternative fixes (listed one after the other); uncomment only the one you choose.",
        );
    }
    if placeholder || e.irreversible || e.alternative {
        text.push_str("# ");
    }
    line(text, e.command);
}

/// True when the command has a `<placeholder>` outside its quoted values: `<` is a reserved
/// operator in PowerShell, so such a line would be a parse error that stops the whole script.
pub fn has_placeholder(command: &str) -> bool {
    code_only(command).contains('<')
}

/// Where to read about the rules of an entry.
fn rule_docs(report: &Report, options: &RenderOptions, e: &Entry) -> String {
    let mut codes: Vec<&str> = e
        .findings
        .iter()
        .filter_map(|&i| report.findings.get(i).map(|f| f.rule))
        .collect();
    codes.dedup();
    let base = options
        .docs_base_url
        .as_deref()
        .filter(|b| b.starts_with("https://") || b.starts_with("http://"));
    codes
        .iter()
        .map(|c| match base {
            Some(b) => format!("{b}{c}.md"),
            None => format!("the rule doc rules/{c}.md"),
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

fn note_section(text: &mut String, report: &Report, notes: &[usize]) {
    if notes.is_empty() {
        return;
    }
    line(text, "# ===== Findings with no command: fix by hand =====");
    line(text, "");
    for &i in notes {
        finding_comment(text, report, i);
        line(text, "");
    }
}

/// Characters that end a line for PowerShell (CR, LF) or might for an editor or another
/// reader (NEL, VT, FF, U+2028, U+2029): treated as line breaks, conservatively.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Characters never written raw in a comment.
fn is_unsafe_in_comment(c: char) -> bool {
    c.is_control()
        || is_line_break(c)
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{FEFF}')
}

/// Characters a command line must not hold raw ([`crate::powershell::quote`] writes them as
/// `[char]` codes); U+FEFF is allowed, quoted values may carry it literally.
fn is_unsafe_in_command(c: char) -> bool {
    c != '\u{FEFF}' && is_unsafe_in_comment(c)
}

/// Makes export text safe inside a `#` line comment: unsafe characters become a visible
/// `<U+XXXX>`, and `<#` / `#>` are broken up with a space.
pub fn clean_comment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut prev = None;
    for c in raw.chars() {
        if is_unsafe_in_comment(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
            prev = Some('>');
            continue;
        }
        if (c == '#' && prev == Some('<')) || (c == '>' && prev == Some('#')) {
            out.push(' ');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// The code of a command with the contents of its single-quoted literals removed, lower case:
/// what [`is_irreversible`] looks at, so that a quoted value cannot trigger (or hide) a match.
fn code_only(command: &str) -> String {
    const QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];
    let mut out = String::with_capacity(command.len());
    let mut chars = command.chars().peekable();
    let mut in_literal = false;
    while let Some(c) = chars.next() {
        if QUOTES.contains(&c) {
            if in_literal && chars.peek().is_some_and(|n| QUOTES.contains(n)) {
                chars.next();
                continue;
            }
            in_literal = !in_literal;
            out.push('\'');
        } else if !in_literal {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// True when the command clears, removes or disables something that cannot simply be put back:
/// `-PermanentlyClearPreviousMailboxInfo`, `-RemoveDisabledArchive`, `Disable-Mailbox`, any
/// `Remove-*` cmdlet, hold removals (`-LitigationHoldEnabled $false`, `-RemoveDelayHoldApplied`,
/// `-RemoveDelayReleaseHoldApplied`, `-InPlaceHolds`, `-ComplianceTagHoldApplied`, …).
pub fn is_irreversible(command: &str) -> bool {
    let code = code_only(command);
    const MARKERS: [&str; 10] = [
        "-permanentlyclearpreviousmailboxinfo",
        "-removedisabledarchive",
        "disable-mailbox",
        "-removedelayholdapplied",
        "-removedelayreleaseholdapplied",
        "-inplaceholds",
        "-compliancetagholdapplied",
        "-removecompliancetagholdapplied",
        "-excludefromallorgholds",
        "-excludefromorgholds",
    ];
    if MARKERS.iter().any(|m| code.contains(m)) {
        return true;
    }
    let hold_off = ["-litigationholdenabled", "-retentionholdenabled"]
        .iter()
        .any(|p| {
            code.match_indices(p).any(|(at, _)| {
                code[at + p.len()..]
                    .trim_start_matches([':', ' '])
                    .starts_with("$false")
            })
        });
    hold_off || has_remove_cmdlet(&code)
}

/// A `remove-` word at the start of a command or after a pipe / parenthesis / space.
fn has_remove_cmdlet(code: &str) -> bool {
    code.match_indices("remove-").any(|(at, _)| {
        code[..at]
            .chars()
            .last()
            .is_none_or(|c| matches!(c, ' ' | '|' | '(' | ';' | '{'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn irreversible_markers() {
        assert!(is_irreversible(
            "Set-User -Identity 'x' -PermanentlyClearPreviousMailboxInfo"
        ));
        assert!(is_irreversible(
            "Get-MigrationUser -Identity 'x' | Remove-MigrationUser"
        ));
        assert!(is_irreversible(
            "Set-Mailbox -Identity 'x' -LitigationHoldEnabled $false"
        ));
        assert!(is_irreversible(
            "Set-Mailbox -Identity 'x' -LitigationHoldEnabled:$false"
        ));
        assert!(!is_irreversible(
            "Set-Mailbox -Identity 'x' -LitigationHoldEnabled $true"
        ));
        assert!(!is_irreversible(
            "Set-MailUser -Identity 'Remove-Item' -DisplayName 'a'"
        ));
        assert!(!is_irreversible(
            "Set-MailUser -Identity 'x' -EmailAddresses @{remove='smtp:a@b.c'}"
        ));
        assert!(!is_irreversible(
            "Set-MailUser -Identity 'it''s -InPlaceHolds'"
        ));
    }

    #[test]
    fn placeholders() {
        assert!(has_placeholder(
            "Set-X -Identity 'a' -DomainNames <target tenant ID>"
        ));
        assert!(!has_placeholder("Set-X -Identity '<a>'"));
    }

    #[test]
    fn comments_are_cleaned() {
        assert_eq!(clean_comment("a\r\nb"), "a<U+000D><U+000A>b");
        assert_eq!(clean_comment("x\u{2028}y\u{85}"), "x<U+2028>y<U+0085>");
        assert_eq!(clean_comment("<#x#>"), "< #x# >");
        assert_eq!(clean_comment("<<##>>"), "<< ## >>");
    }
}
