//! Hostile values (issue 7): a copy of the cross-tenant sample with a corpus of hostile strings
//! in every text property (display names, names, aliases, custom attributes, the local parts of
//! addresses, CSV cells, a batch file name), reported in every format. The script must hold only
//! the intended commands, the HTML no live markup, the CSV no live formula, the terminal text no
//! raw control characters; JSON and SARIF must parse and JUnit be well-formed XML.

mod common;
#[path = "support/hostile_values.rs"]
mod hostile;
#[path = "support/pstoken.rs"]
mod ps;

use common::repo;
use mbxlint::import::encoding::decode_to_string;
use mbxlint::model::MigrationKind;
use mbxlint::report::{Format, RenderOptions, render};
use mbxlint::{CheckOptions, LoadOptions, Report};
use ps::Tok;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Properties holding free text (names, attributes anyone with the right can set).
fn is_text_property(key: &str) -> bool {
    matches!(
        key,
        "DisplayName"
            | "Name"
            | "Alias"
            | "SamAccountName"
            | "LitigationHoldOwner"
            | "MailboxMoveBatchName"
            | "RetentionPolicy"
            | "Notes"
            | "Title"
            | "Department"
            | "Company"
            | "Office"
    ) || key.starts_with("CustomAttribute")
        || key.starts_with("ExtensionCustomAttribute")
}

/// Properties holding one address whose local part can be replaced.
fn is_address_property(key: &str) -> bool {
    matches!(
        key,
        "PrimarySmtpAddress"
            | "WindowsEmailAddress"
            | "UserPrincipalName"
            | "MicrosoftOnlineServicesID"
            | "WindowsLiveID"
            | "ExternalEmailAddress"
            | "EmailAddress"
    )
}

struct Injector {
    values: Vec<String>,
    locals: Vec<String>,
    next: usize,
    next_local: usize,
}

impl Injector {
    fn value(&mut self) -> String {
        let v = self.values[self.next % self.values.len()].clone();
        self.next += 1;
        v
    }
    /// `prefix:local@domain` → the same with a hostile local part prepended.
    fn address(&mut self, addr: &str) -> String {
        let Some(at) = addr.rfind('@') else {
            return addr.to_string();
        };
        let (head, domain) = addr.split_at(at);
        let (prefix, local) = match head.find(':') {
            Some(c) if c < 6 => head.split_at(c + 1),
            _ => ("", head),
        };
        let l = &self.locals[self.next_local % self.locals.len()];
        self.next_local += 1;
        format!("{prefix}{local}.{l}{domain}")
    }
    fn record(&mut self, record: &mut serde_json::Map<String, Value>) {
        for (key, value) in record.iter_mut() {
            match value {
                Value::String(s) if is_text_property(key) => *s = self.value(),
                Value::String(s) if is_address_property(key) => *s = self.address(s),
                Value::Array(items) if key == "EmailAddresses" => {
                    for item in items {
                        if let Value::String(s) = item
                            && s.to_ascii_lowercase().starts_with("smtp:")
                        {
                            *s = self.address(s);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn inject_json(path: &Path, inj: &mut Injector) {
    let text = decode_to_string(&std::fs::read(path).unwrap());
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    match &mut doc {
        Value::Array(items) => {
            for item in items {
                if let Value::Object(o) = item {
                    inj.record(o);
                }
            }
        }
        Value::Object(o) => inj.record(o),
        _ => {}
    }
    std::fs::write(path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

fn inject_csv(path: &Path, inj: &mut Injector) {
    let text = decode_to_string(&std::fs::read(path).unwrap());
    let (type_line, body) = match text.strip_prefix("#TYPE") {
        Some(_) => {
            let end = text.find('\n').unwrap() + 1;
            (&text[..end], &text[end..])
        }
        None => ("", text.as_str()),
    };
    let header = body.lines().next().unwrap();
    let delimiter = if header.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(body.as_bytes());
    let columns: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    writer.write_record(&columns).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let col = columns.get(i).map(String::as_str).unwrap_or("");
                if is_text_property(col) && !cell.is_empty() {
                    inj.value()
                } else if is_address_property(col) {
                    inj.address(cell)
                } else {
                    cell.to_string()
                }
            })
            .collect();
        writer.write_record(&cells).unwrap();
    }
    let mut out = type_line.as_bytes().to_vec();
    out.extend(writer.into_inner().unwrap());
    std::fs::write(path, out).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// The hostile batch file name (no `/`, which a file name cannot hold).
const HOSTILE_BATCH: &str = "wave1 $(calc) \u{2018}x\u{2019}; `n <b>=1+1 \u{202E}.csv";

/// The cross-tenant sample with hostile values in every text property.
fn hostile_snapshot() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo("sample-exports/cross-tenant"), dir.path());
    let mut inj = Injector {
        values: hostile::hostile_strings(),
        locals: hostile::hostile_local_parts(),
        next: 0,
        next_local: 0,
    };
    for side in ["source", "target", "batches"] {
        let mut files: Vec<_> = std::fs::read_dir(dir.path().join(side))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            match f.extension().and_then(|e| e.to_str()) {
                Some("json") => inject_json(&f, &mut inj),
                Some("csv") => inject_csv(&f, &mut inj),
                _ => {}
            }
        }
    }
    std::fs::rename(
        dir.path().join("batches/wave1.csv"),
        dir.path().join("batches").join(HOSTILE_BATCH),
    )
    .unwrap();
    dir
}

fn check(dir: &Path) -> Report {
    let snap = mbxlint::load(&LoadOptions {
        snapshot_dir: Some(dir.to_path_buf()),
        ..Default::default()
    })
    .unwrap();
    mbxlint::check(
        &snap,
        &CheckOptions {
            kind: Some(MigrationKind::CrossTenant),
            ..Default::default()
        },
    )
    .unwrap()
}

fn rendered(report: &Report, format: Format) -> String {
    let mut out = Vec::new();
    render(format, report, &RenderOptions::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The words (cmdlets, parameters, punctuation) of the scripts of the bundled samples.
fn known_words() -> BTreeSet<String> {
    let reports = [
        common::sample_report(),
        common::sample_report_unbatched(),
        common::org_sample_report(),
        common::onboarding_sample_report(),
        common::offboarding_sample_report(),
    ];
    let mut words = BTreeSet::new();
    for r in &reports {
        for t in ps::tokenize(&rendered(r, Format::Ps1)).unwrap() {
            if let Tok::Word(w) = t {
                words.insert(w);
            }
        }
    }
    words
}

#[test]
fn hostile_values_in_every_text_property_are_inert_in_every_format() {
    let dir = hostile_snapshot();
    let report = check(dir.path());
    let hostile = hostile::hostile_strings();

    // Nothing was lost: every file of the copy was read whole.
    for input in &report.inputs {
        assert!(input.kind.is_some(), "{} recognised", input.path);
        assert_eq!(
            input.records_skipped, 0,
            "{}: {:?}",
            input.path, input.issues
        );
    }
    assert!(
        report
            .inputs
            .iter()
            .any(|i| i.path.ends_with(HOSTILE_BATCH)),
        "the hostile batch file was read"
    );
    assert!(!report.findings.is_empty());

    for format in Format::ALL {
        let text = rendered(&report, format);
        match format {
            Format::Ps1 => {
                let words = known_words();
                let tokens = ps::tokenize(&text).unwrap();
                for t in &tokens {
                    match t {
                        Tok::Block(b) => panic!("block comment in the script: {b:?}"),
                        Tok::Expandable { text, .. } => {
                            panic!("double-quoted string in the script: {text:?}")
                        }
                        Tok::Word(w) => assert!(
                            words.contains(w),
                            "the script holds a word no sample script has: {w:?}"
                        ),
                        _ => {}
                    }
                }
                // No raw control or line-break character outside CRLF.
                let body = text.strip_prefix('\u{FEFF}').unwrap();
                // Every line of code is exactly one of the findings' commands.
                let commands: BTreeSet<&str> = report
                    .findings
                    .iter()
                    .flat_map(|f| f.remediation.iter().map(|r| r.command.as_str()))
                    .collect();
                let mut code_lines = 0;
                for line in body.split("\r\n") {
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    code_lines += 1;
                    assert!(commands.contains(line), "not a finding's command: {line:?}");
                    let first = ps::tokenize(line).unwrap();
                    assert!(
                        matches!(first.first(), Some(Tok::Word(w)) if w.contains('-')),
                        "{line:?}"
                    );
                }
                assert!(code_lines > 0, "the hostile snapshot yields commands");
                assert!(
                    tokens.iter().any(|t| matches!(t, Tok::Value(v)
                        if v.contains(['\'', '\u{2019}', '$', '`', '|']))),
                    "hostile values reach the script's arguments"
                );
                for line in body.split("\r\n") {
                    assert!(
                        !line.chars().any(|c| c.is_control() || ps::is_newline(c)),
                        "raw control character in {line:?}"
                    );
                }
            }
            Format::Html => {
                for h in &hostile {
                    let markup = h.contains('<') || h.contains('>');
                    let attribute = (h.contains('"') || h.contains('\'')) && h.contains(" on");
                    if markup || attribute {
                        assert!(!text.contains(h.as_str()), "raw {h:?} in the HTML");
                    }
                }
                for tag in ["<img", "<svg", "<iframe", "<b>", "<!DOCTYPE x", "<![CDATA"] {
                    assert!(!text.contains(tag), "{tag} in the HTML");
                }
                assert_eq!(text.matches("<script").count(), 1, "only the page's script");
            }
            Format::Csv => {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
                for row in reader.records() {
                    for cell in row.unwrap().iter() {
                        assert!(
                            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                            "live formula {cell:?}"
                        );
                    }
                }
            }
            Format::Text => {
                for c in text.chars() {
                    assert!(
                        c == '\n'
                            || !(c.is_control()
                                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
                        "raw {c:?} in the text report"
                    );
                }
            }
            Format::Json | Format::Sarif => {
                serde_json::from_str::<Value>(&text)
                    .unwrap_or_else(|e| panic!("{} does not parse: {e}", format.as_str()));
            }
            Format::Junit => {
                roxmltree::Document::parse(&text).expect("well-formed JUnit XML");
            }
            Format::Github => {
                for line in text.lines() {
                    assert!(
                        ["::error ", "::warning ", "::notice "]
                            .iter()
                            .any(|p| line.starts_with(p)),
                        "{line:?}"
                    );
                }
                assert_eq!(text.lines().count(), report.findings.len());
            }
        }
    }
}

/// A lone UTF-16 surrogate, as a JSON escape or as raw UTF-16: a clear error or a replacement
/// character, never a panic.
#[test]
fn invalid_utf16_surrogates_give_an_error_or_a_replacement() {
    let sample = decode_to_string(
        &std::fs::read(repo("sample-exports/cross-tenant/source/mailboxes.json")).unwrap(),
    );
    let first_name = "\"DisplayName\": \"";
    let escaped = sample.replacen(first_name, "\"DisplayName\": \"\\ud800x\\udc00", 1);
    let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
    for (i, u) in sample.encode_utf16().enumerate() {
        if i == 200 {
            utf16.extend_from_slice(&0xD800u16.to_le_bytes());
        }
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    for (name, bytes) in [("escaped", escaped.into_bytes()), ("utf16", utf16)] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("source")).unwrap();
        std::fs::create_dir_all(dir.path().join("target")).unwrap();
        std::fs::write(dir.path().join("source/mailboxes.json"), bytes).unwrap();
        let snap = mbxlint::load(&LoadOptions {
            snapshot_dir: Some(dir.path().to_path_buf()),
            ..Default::default()
        })
        .unwrap();
        let input = &snap.inputs[0];
        assert!(input.records_read > 0, "{name}: {input:?}");
        let clean = input.records_skipped == 0 && input.issues.is_empty();
        let explained = input.issues.iter().any(|i| i.message.contains("line"));
        assert!(clean || explained, "{name}: {:?}", input.issues);
        let text: String = snap
            .source
            .recipients
            .iter()
            .filter_map(|r| r.display_name())
            .collect();
        if name == "utf16" {
            assert!(
                text.contains('\u{FFFD}') || clean,
                "{name}: a replacement character"
            );
        }
    }
}
