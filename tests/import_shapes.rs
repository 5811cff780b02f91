//! Integration tests: every real-world export shape the importer must read (see
//! `/work/shared/export-shapes.md`, sections 3, 4 and 14), through the public `mbxlint::load`.
//!
//! Fixtures that need exact bytes (BOMs, UTF-16, Windows-1252, CRLF, truncation) are written to
//! a temporary snapshot folder by the test itself; readable ones live in
//! `tests/fixtures/import/`.

use mbxlint::import::ExportKind;
use mbxlint::model::{InputFile, InputIssue, Recipient, RecipientSource, Snapshot};
use mbxlint::values::{
    ByteSize, Guid, LocationType, PackedQuota, ProxyPrefix, Quota, RecipientTypeDetails,
};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const G1: &str = "2be92a50-7cc5-4a40-8471-b7ce9c2e3426";
const G2: &str = "1ec059c7-8396-4d0b-af4e-d6bd4c12a8d8";
const G3: &str = "9b9387fe-e1b1-4695-97bd-b0a0bebe7ce2";
const G4: &str = "7cdbe897-3c2a-4d39-9bb2-0e3d2b7f5a11";
const G5: &str = "ae0627d4-b741-4f5e-bbc8-afde04ef72d2";
const DB: &str = "0f29ba80-17c3-4c51-9d94-d017c850e3be";

fn guid(s: &str) -> Guid {
    Guid::parse(s).expect("test GUID")
}

/// A snapshot folder with `source/` and `target/` and the given files (paths relative to the
/// snapshot folder, exact bytes).
fn write_snapshot(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("source")).unwrap();
    std::fs::create_dir_all(dir.path().join("target")).unwrap();
    for (rel, bytes) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

fn load_dir(dir: &Path) -> Snapshot {
    mbxlint::load(&mbxlint::LoadOptions {
        snapshot_dir: Some(dir.to_path_buf()),
        ..Default::default()
    })
    .expect("load")
}

/// Writes the files and loads the snapshot; the folder is kept alive with it.
fn load(files: &[(&str, &[u8])]) -> (TempDir, Snapshot) {
    let dir = write_snapshot(files);
    let snap = load_dir(dir.path());
    (dir, snap)
}

/// Loads a snapshot made of fixture files from `tests/fixtures/import/` (source side path
/// first, then the name under `tests/fixtures/import/`).
fn load_fixtures(files: &[(&str, &str)]) -> (TempDir, Snapshot) {
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let owned: Vec<(&str, Vec<u8>)> = files
        .iter()
        .map(|(rel, name)| {
            let bytes = std::fs::read(base.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            (*rel, bytes)
        })
        .collect();
    let borrowed: Vec<(&str, &[u8])> = owned.iter().map(|(r, b)| (*r, b.as_slice())).collect();
    load(&borrowed)
}

fn input<'a>(snap: &'a Snapshot, path: &str) -> &'a InputFile {
    snap.inputs
        .iter()
        .find(|i| i.path == path)
        .unwrap_or_else(|| {
            let seen: Vec<&str> = snap.inputs.iter().map(|i| i.path.as_str()).collect();
            panic!("no input {path}; inputs: {seen:?}")
        })
}

fn recipient<'a>(recipients: &'a [Recipient], smtp: &str) -> &'a Recipient {
    recipients
        .iter()
        .find(|r| {
            r.primary_smtp
                .as_ref()
                .is_some_and(|a| a.as_str().eq_ignore_ascii_case(smtp))
        })
        .unwrap_or_else(|| {
            let seen: Vec<String> = recipients.iter().map(|r| r.display_key()).collect();
            panic!("no recipient {smtp}; recipients: {seen:?}")
        })
}

/// Errors (not warnings) among a file's issues.
fn errors(input: &InputFile) -> Vec<&InputIssue> {
    input.issues.iter().filter(|i| !i.warning).collect()
}

fn assert_clean(input: &InputFile) {
    assert!(
        input.issues.is_empty(),
        "{}: unexpected issues {:#?}",
        input.path,
        input.issues
    );
}

fn mailbox_json(smtp: &str, exchange_guid: &str) -> String {
    format!(
        r#"{{"PrimarySmtpAddress":"{smtp}","ExchangeGuid":"{exchange_guid}","RecipientTypeDetails":"UserMailbox","EmailAddresses":["SMTP:{smtp}"]}}"#
    )
}

/// UTF-16 LE bytes with a BOM, as Windows PowerShell 5.1's `>` writes them.
fn utf16le_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// JSON top-level shapes
// ---------------------------------------------------------------------------------------------

#[test]
fn json_top_level_array() {
    let text = format!(
        "[\n{},\n{}\n]\n",
        mailbox_json("a@contoso.com", G1),
        mailbox_json("b@contoso.com", G2)
    );
    let (_d, snap) = load(&[("source/mbx.json", text.as_bytes())]);
    let f = input(&snap, "source/mbx.json");
    assert_clean(f);
    assert_eq!(f.format, "json");
    assert_eq!(f.kind, Some(ExportKind::Mailbox));
    assert_eq!(f.records_read, 2);
    assert_eq!(f.records_skipped, 0);
    assert_eq!(snap.source.recipients.len(), 2);
    assert_eq!(
        recipient(&snap.source.recipients, "b@contoso.com").exchange_guid,
        Some(guid(G2))
    );
}

#[test]
fn json_single_bare_object() {
    let text = mailbox_json("a@contoso.com", G1);
    let (_d, snap) = load(&[("source/mbx.json", text.as_bytes())]);
    let f = input(&snap, "source/mbx.json");
    assert_clean(f);
    assert_eq!(f.kind, Some(ExportKind::Mailbox));
    assert_eq!(f.records_read, 1);
    let r = recipient(&snap.source.recipients, "a@contoso.com");
    assert_eq!(r.exchange_guid, Some(guid(G1)));
    assert_eq!(r.source, RecipientSource::Mailbox);
}

#[test]
fn empty_file_is_zero_records_and_a_warning() {
    let (_d, snap) = load(&[
        ("source/empty.json", b""),
        ("source/blank.json", b"  \r\n\r\n"),
    ]);
    for path in ["source/empty.json", "source/blank.json"] {
        let f = input(&snap, path);
        assert_eq!(f.records_read, 0, "{path}");
        assert_eq!(f.records_skipped, 0, "{path}");
        assert_eq!(f.kind, None, "{path}");
        assert_eq!(f.format, "empty", "{path}");
        assert_eq!(f.issues.len(), 1, "{path}: {:#?}", f.issues);
        assert!(f.issues[0].warning, "{path}: the empty file is a warning");
        assert!(f.issues[0].message.contains("empty"), "{path}");
    }
    assert!(snap.source.recipients.is_empty());
}

#[test]
fn two_json_documents_appended() {
    // `ConvertTo-Json ... > mbx.json` then `... >> mbx.json`: an array, then a bare object.
    let text = format!(
        "[\r\n{},\r\n{}\r\n]\r\n{}\r\n",
        mailbox_json("a@contoso.com", G1),
        mailbox_json("b@contoso.com", G2),
        mailbox_json("c@contoso.com", G3)
    );
    let (_d, snap) = load(&[("source/mbx.json", text.as_bytes())]);
    let f = input(&snap, "source/mbx.json");
    assert_eq!(f.records_read, 3);
    assert_eq!(f.records_skipped, 0);
    assert!(errors(f).is_empty(), "{:#?}", f.issues);
    assert!(
        f.issues
            .iter()
            .any(|i| i.warning && i.message.contains("2 JSON documents")),
        "expected a warning about appended documents: {:#?}",
        f.issues
    );
    assert_eq!(snap.source.recipients.len(), 3);
    assert_eq!(
        recipient(&snap.source.recipients, "c@contoso.com").exchange_guid,
        Some(guid(G3))
    );
}

// ---------------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------------

fn encoded_mailbox_text() -> String {
    format!(
        r#"[{{"PrimarySmtpAddress":"jurgen@contoso.com","DisplayName":"Jürgen Müller","ExchangeGuid":"{G1}","RecipientTypeDetails":"UserMailbox"}}]"#
    )
}

fn assert_encoded_read(bytes: &[u8], encoding: &str) {
    let (_d, snap) = load(&[("source/mbx.json", bytes)]);
    let f = input(&snap, "source/mbx.json");
    assert_clean(f);
    assert_eq!(f.encoding, encoding);
    assert_eq!(f.records_read, 1);
    let r = recipient(&snap.source.recipients, "jurgen@contoso.com");
    assert_eq!(r.display_name(), Some("Jürgen Müller"));
    assert_eq!(r.exchange_guid, Some(guid(G1)));
}

#[test]
fn utf8_without_bom() {
    assert_encoded_read(encoded_mailbox_text().as_bytes(), "utf-8");
}

#[test]
fn utf8_with_bom() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(encoded_mailbox_text().as_bytes());
    assert_encoded_read(&bytes, "utf-8-bom");
}

#[test]
fn utf16le_with_bom_from_windows_powershell_redirect() {
    let text = encoded_mailbox_text().replace("},{", "},\r\n{") + "\r\n";
    assert_encoded_read(&utf16le_bom(&text), "utf-16le-bom");
}

#[test]
fn windows_1252_csv() {
    // Set-Content in Windows PowerShell 5.1 writes the ANSI code page: ü is the single byte 0xFC.
    let mut bytes = Vec::new();
    bytes.extend_from_slice(
        b"\"PrimarySmtpAddress\",\"DisplayName\",\"ExchangeGuid\",\"RecipientTypeDetails\"\r\n",
    );
    bytes.extend_from_slice(b"\"mueller@contoso.com\",\"M\xFCller\",\"");
    bytes.extend_from_slice(G1.as_bytes());
    bytes.extend_from_slice(b"\",\"UserMailbox\"\r\n");
    let (_d, snap) = load(&[("source/mbx.csv", &bytes)]);
    let f = input(&snap, "source/mbx.csv");
    assert_clean(f);
    assert_eq!(f.encoding, "windows-1252");
    assert_eq!(f.format, "csv");
    let r = recipient(&snap.source.recipients, "mueller@contoso.com");
    assert_eq!(r.display_name(), Some("Müller"));
}

// ---------------------------------------------------------------------------------------------
// PowerShell 5.1 vs 7 JSON
// ---------------------------------------------------------------------------------------------

#[test]
fn windows_powershell_51_and_powershell_7_shapes_give_the_same_values() {
    let (_d, snap) = load_fixtures(&[
        ("source/ps51.json", "ps51-mailboxes.json"),
        ("target/ps7.json", "ps7-mailboxes.json"),
    ]);
    let ps51 = input(&snap, "source/ps51.json");
    let ps7 = input(&snap, "target/ps7.json");
    assert_clean(ps51);
    assert_clean(ps7);
    assert_eq!(ps51.records_read, 2);
    assert_eq!(ps7.records_read, 2);
    for smtp in ["ann@contoso.com", "bob@contoso.com"] {
        let a = recipient(&snap.source.recipients, smtp);
        let b = recipient(&snap.target.recipients, smtp);
        assert_eq!(a.exchange_guid, b.exchange_guid, "{smtp}");
        assert!(a.exchange_guid.is_some(), "{smtp}");
        assert_eq!(a.display_name(), b.display_name(), "{smtp}");
        assert_eq!(a.recipient_type_details, b.recipient_type_details, "{smtp}");
        assert_eq!(a.email_addresses, b.email_addresses, "{smtp}");
        assert_eq!(a.litigation_hold, b.litigation_hold, "{smtp}");
        assert_eq!(
            a.prohibit_send_receive_quota, b.prohibit_send_receive_quota,
            "{smtp}"
        );
        assert_eq!(a.when_soft_deleted, b.when_soft_deleted, "{smtp}");
    }
    let ann = recipient(&snap.source.recipients, "ann@contoso.com");
    // \u003c / \u003e / \u0026 escapes decode to the characters.
    assert_eq!(ann.display_name(), Some("Ann <Sales & Marketing>"));
    // \/Date(1700000000000)\/ and 2023-11-14T22:13:20.0000000Z are the same instant.
    assert_eq!(
        ann.when_soft_deleted.as_deref().map(|t| t.unix_ms()),
        Some(1_700_000_000_000)
    );
    assert_eq!(ann.litigation_hold, Some(true));
    assert_eq!(
        ann.prohibit_send_receive_quota.map(PackedQuota::get),
        Some(Quota::Limited(ByteSize(107_374_182_400)))
    );
}

// ---------------------------------------------------------------------------------------------
// Property names, enums, sizes
// ---------------------------------------------------------------------------------------------

#[test]
fn property_names_in_any_case() {
    let text = format!(
        r##"[{{"primarysmtpaddress":"a@contoso.com","exchangeguid":"{G1}","RECIPIENTTYPEDETAILS":"UserMailbox","archiveGuid":"{G2}","emailaddresses":["SMTP:a@contoso.com"],"ExchangeGuid@odata.type":"#Guid","PSComputerName":"outlook.office365.com"}}]"##
    );
    let (_d, snap) = load(&[("source/mbx.json", text.as_bytes())]);
    let f = input(&snap, "source/mbx.json");
    assert_clean(f);
    assert_eq!(f.kind, Some(ExportKind::Mailbox));
    let r = recipient(&snap.source.recipients, "a@contoso.com");
    assert_eq!(r.exchange_guid, Some(guid(G1)));
    assert_eq!(r.archive_guid, Some(guid(G2)));
    assert_eq!(
        r.recipient_type_details,
        Some(RecipientTypeDetails::UserMailbox)
    );
    assert_eq!(r.email_addresses.as_ref().map(|p| p.len()), Some(1));
}

#[test]
fn enums_as_strings_and_as_integers() {
    let text = format!(
        r#"[
{{"PrimarySmtpAddress":"s@contoso.com","ExchangeGuid":"{G1}","RecipientTypeDetails":"UserMailbox"}},
{{"PrimarySmtpAddress":"i@contoso.com","ExchangeGuid":"{G2}","RecipientTypeDetails":1}},
{{"PrimarySmtpAddress":"r@contoso.com","ExchangeGuid":"{G3}","RecipientTypeDetails":2147483648,"RemoteRoutingAddress":"SMTP:r@contoso.mail.onmicrosoft.com"}},
{{"PrimarySmtpAddress":"q@contoso.com","ExchangeGuid":"{G4}","RecipientTypeDetails":"2147483648"}}
]"#
    );
    let (_d, snap) = load(&[("source/recipients.json", text.as_bytes())]);
    let f = input(&snap, "source/recipients.json");
    assert_clean(f);
    let rs = &snap.source.recipients;
    assert_eq!(rs.len(), 4);
    let s = recipient(rs, "s@contoso.com");
    let i = recipient(rs, "i@contoso.com");
    assert_eq!(
        s.recipient_type_details,
        Some(RecipientTypeDetails::UserMailbox)
    );
    assert_eq!(i.recipient_type_details, s.recipient_type_details);
    assert_eq!(i.source, RecipientSource::Mailbox);
    for smtp in ["r@contoso.com", "q@contoso.com"] {
        let r = recipient(rs, smtp);
        assert_eq!(
            r.recipient_type_details,
            Some(RecipientTypeDetails::RemoteUserMailbox),
            "{smtp}"
        );
        assert_eq!(r.source, RecipientSource::RemoteMailbox, "{smtp}");
    }
}

#[test]
fn size_and_quota_shapes() {
    let text = format!(
        r#"[
{{"PrimarySmtpAddress":"a@contoso.com","ExchangeGuid":"{G1}","RecipientTypeDetails":"UserMailbox","ProhibitSendReceiveQuota":"49.5 GB (53,150,220,288 bytes)"}},
{{"PrimarySmtpAddress":"b@contoso.com","ExchangeGuid":"{G2}","RecipientTypeDetails":"UserMailbox","ProhibitSendReceiveQuota":"Unlimited"}},
{{"PrimarySmtpAddress":"c@contoso.com","ExchangeGuid":"{G3}","RecipientTypeDetails":"UserMailbox","ProhibitSendReceiveQuota":{{"IsUnlimited":false,"Value":"1 GB (1,073,741,824 bytes)"}}}},
{{"PrimarySmtpAddress":"d@contoso.com","ExchangeGuid":"{G4}","RecipientTypeDetails":"UserMailbox","ProhibitSendReceiveQuota":"49,5 GB (53.150.220.288 Bytes)"}},
{{"PrimarySmtpAddress":"e@contoso.com","ExchangeGuid":"{G5}","RecipientTypeDetails":"UserMailbox","ProhibitSendReceiveQuota":{{"IsUnlimited":true,"Value":null}}}}
]"#
    );
    let (_d, snap) = load(&[("source/mbx.json", text.as_bytes())]);
    let f = input(&snap, "source/mbx.json");
    assert_clean(f);
    let q = |smtp| {
        recipient(&snap.source.recipients, smtp)
            .prohibit_send_receive_quota
            .map(PackedQuota::get)
    };
    assert_eq!(
        q("a@contoso.com"),
        Some(Quota::Limited(ByteSize(53_150_220_288)))
    );
    assert_eq!(q("b@contoso.com"), Some(Quota::Unlimited));
    assert_eq!(
        q("c@contoso.com"),
        Some(Quota::Limited(ByteSize(1_073_741_824)))
    );
    assert_eq!(
        q("d@contoso.com"),
        Some(Quota::Limited(ByteSize(53_150_220_288)))
    );
    assert_eq!(q("e@contoso.com"), Some(Quota::Unlimited));
}

// ---------------------------------------------------------------------------------------------
// Multi-valued properties
// ---------------------------------------------------------------------------------------------

const X500: &str = "x500:/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=d11ec1a2b3c4-Lara";
const X400: &str = "X400:C=US;A= ;P=Contoso;O=Exchange;S=Newton;G=Lara;";

#[test]
fn email_addresses_as_json_array() {
    let text = format!(
        r#"{{"PrimarySmtpAddress":"lara@contoso.com","ExchangeGuid":"{G1}","RecipientTypeDetails":"UserMailbox","EmailAddresses":["smtp:lara@contoso.onmicrosoft.com","SIP:lara@contoso.com","{X500}","{X400}","SMTP:lara@contoso.com"]}}"#
    );
    let (_d, snap) = load(&[("source/mbx.json", text.as_bytes())]);
    assert_clean(input(&snap, "source/mbx.json"));
    let r = recipient(&snap.source.recipients, "lara@contoso.com");
    let proxies = r.email_addresses.as_ref().expect("EmailAddresses read");
    assert_eq!(proxies.len(), 5);
    assert!(r.has_x500(X500.trim_start_matches("x500:")));
    let primary: Vec<_> = proxies
        .iter()
        .filter(|p| p.primary && p.prefix() == ProxyPrefix::Smtp)
        .collect();
    assert_eq!(primary.len(), 1);
    assert_eq!(primary[0].address(), "lara@contoso.com");
}

#[test]
fn email_addresses_joined_in_a_csv_cell() {
    let cell = format!(
        "SMTP:lara@contoso.com;smtp:lara@contoso.onmicrosoft.com;{X500};{X400};SIP:lara@contoso.com"
    );
    let csv = format!(
        "\"PrimarySmtpAddress\",\"ExchangeGuid\",\"RecipientTypeDetails\",\"EmailAddresses\"\r\n\"lara@contoso.com\",\"{G1}\",\"UserMailbox\",\"{cell}\"\r\n"
    );
    let (_d, snap) = load(&[("source/mbx.csv", csv.as_bytes())]);
    assert_clean(input(&snap, "source/mbx.csv"));
    let r = recipient(&snap.source.recipients, "lara@contoso.com");
    let proxies = r.email_addresses.as_ref().expect("EmailAddresses read");
    let texts: Vec<String> = proxies
        .iter()
        .map(|p| format!("{}:{}", p.prefix().name(), p.address()))
        .collect();
    assert_eq!(proxies.len(), 5, "{texts:#?}");
    assert!(
        r.has_x500(X500.trim_start_matches("x500:")),
        "x500 with spaces kept whole: {texts:#?}"
    );
    let x400 = proxies
        .iter()
        .find(|p| p.prefix().name().eq_ignore_ascii_case("X400"))
        .unwrap_or_else(|| panic!("X400 entry: {texts:#?}"));
    assert_eq!(
        x400.address(),
        X400.trim_start_matches("X400:"),
        "X400 with ';' kept whole"
    );
}

#[test]
fn mailbox_locations_joined_in_a_csv_cell() {
    // A Primary, a MainArchive and 13 AuxArchive entries joined with ';' (the entry separator too).
    let mut entries = vec![
        format!("1;{G1};Primary;eurprd07.prod.outlook.com;{DB}"),
        format!("1;{G2};MainArchive;eurprd07.prod.outlook.com;{DB}"),
    ];
    for n in 0..13u32 {
        entries.push(format!(
            "1;5d0e{n:04x}-0000-4000-8000-00000000{n:04x};AuxArchive;eurprd07.prod.outlook.com;{DB}"
        ));
    }
    let cell = entries.join(";");
    let csv = format!(
        "\"PrimarySmtpAddress\",\"ExchangeGuid\",\"ArchiveGuid\",\"RecipientTypeDetails\",\"MailboxLocations\"\r\n\"a@contoso.com\",\"{G1}\",\"{G2}\",\"UserMailbox\",\"{cell}\"\r\n"
    );
    let (_d, snap) = load(&[("source/mbx.csv", csv.as_bytes())]);
    assert_clean(input(&snap, "source/mbx.csv"));
    let r = recipient(&snap.source.recipients, "a@contoso.com");
    // The recipient keeps the AuxArchive count (what AR001 and HY054 read) ...
    assert_eq!(r.aux_archives, Some(13));
    // ... of a cell whose entries all parse.
    let locs = mbxlint::values::split_locations(&cell).expect("MailboxLocations parse");
    assert_eq!(locs.len(), 15);
    assert_eq!(locs[0].kind, LocationType::Primary);
    assert_eq!(locs[0].mailbox_guid, guid(G1));
    assert_eq!(locs[1].kind, LocationType::MainArchive);
    assert!(
        locs.iter()
            .all(|l| &*l.fqdn == "eurprd07.prod.outlook.com" && l.database_guid == Some(guid(DB)))
    );
    assert_eq!(
        locs[14].mailbox_guid,
        guid("5d0e000c-0000-4000-8000-00000000000c")
    );
}

// ---------------------------------------------------------------------------------------------
// Depth-truncated values
// ---------------------------------------------------------------------------------------------

fn lost_email_addresses(snap: &Snapshot, path: &str) -> String {
    let f = input(snap, path);
    let issue = f
        .issues
        .iter()
        .find(|i| i.property.as_deref() == Some("EmailAddresses"))
        .unwrap_or_else(|| panic!("{path}: no EmailAddresses issue: {:#?}", f.issues));
    assert_eq!(issue.record, Some(0));
    assert_eq!(issue.identity.as_deref(), Some("a@contoso.com"));
    assert!(!issue.skipped, "the record is still read");
    let r = recipient(&snap.source.recipients, "a@contoso.com");
    assert!(
        r.email_addresses.is_none(),
        "lost EmailAddresses must be unknown, not an empty list: {:?}",
        r.email_addresses
    );
    issue.hint.clone().expect("a hint")
}

#[test]
fn depth_truncated_email_addresses_in_json() {
    let text = format!(
        r#"[{{"PrimarySmtpAddress":"a@contoso.com","ExchangeGuid":"{G1}","RecipientTypeDetails":"UserMailbox","EmailAddresses":"System.Collections.ArrayList"}}]"#
    );
    let (_d, snap) = load(&[("source/mbx.json", text.as_bytes())]);
    let hint = lost_email_addresses(&snap, "source/mbx.json");
    assert!(hint.contains("-Depth"), "hint: {hint}");
    // The rest of the record is still there.
    assert_eq!(
        recipient(&snap.source.recipients, "a@contoso.com").exchange_guid,
        Some(guid(G1))
    );
}

#[test]
fn collection_type_name_in_a_csv_cell() {
    let csv = format!(
        "\"PrimarySmtpAddress\",\"ExchangeGuid\",\"RecipientTypeDetails\",\"EmailAddresses\"\r\n\"a@contoso.com\",\"{G1}\",\"UserMailbox\",\"Microsoft.Exchange.Data.ProxyAddressCollection\"\r\n"
    );
    let (_d, snap) = load(&[("source/mbx.csv", csv.as_bytes())]);
    let hint = lost_email_addresses(&snap, "source/mbx.csv");
    assert!(
        hint.contains("joined") && hint.contains("-join"),
        "hint: {hint}"
    );
}

// ---------------------------------------------------------------------------------------------
// CSV shapes
// ---------------------------------------------------------------------------------------------

/// Windows PowerShell 5.1 `Export-Csv -UseCulture` in a European locale: `#TYPE` line, `;`
/// delimiter, a quoted field with an embedded line break, `True`/`False`, doubled quotes, and
/// one ragged row. `eol` is the line ending of the whole file.
fn culture_csv(eol: &str) -> String {
    format!(
        "#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox{eol}\
         \"PrimarySmtpAddress\";\"ExchangeGuid\";\"RecipientTypeDetails\";\"DisplayName\";\"LitigationHoldEnabled\"{eol}\
         \"a@contoso.com\";\"{G1}\";\"UserMailbox\";\"Ann{eol}Anderson\";\"True\"{eol}\
         \"b@contoso.com\";\"{G2}\";\"UserMailbox\";\"Bob\";\"False\";\"stray\"{eol}\
         \"c@contoso.com\";\"{G3}\";\"UserMailbox\";\"Cy \"\"the boss\"\"\";\"false\"{eol}"
    )
}

/// The one error of `culture_csv`: the ragged row.
fn ragged_row_issue(snap: &Snapshot) -> InputIssue {
    let f = input(snap, "source/mbx.csv");
    let errs = errors(f);
    assert_eq!(errs.len(), 1, "{:#?}", f.issues);
    errs[0].clone()
}

#[test]
fn csv_type_line_semicolons_multiline_field_booleans_and_ragged_row() {
    let (_d, snap) = load(&[("source/mbx.csv", culture_csv("\r\n").as_bytes())]);
    let f = input(&snap, "source/mbx.csv");
    assert_eq!(f.format, "csv");
    assert_eq!(f.kind, Some(ExportKind::Mailbox));
    assert_eq!(f.records_read, 3);
    assert_eq!(f.records_skipped, 1);
    let ragged = ragged_row_issue(&snap);
    assert_eq!(ragged.record, Some(1));
    assert!(ragged.skipped);
    assert!(ragged.line.is_some(), "the ragged row has a line number");
    assert!(ragged.message.contains("6 fields"), "{}", ragged.message);

    let rs = &snap.source.recipients;
    assert_eq!(rs.len(), 2);
    let a = recipient(rs, "a@contoso.com");
    assert_eq!(a.display_name(), Some("Ann\r\nAnderson"));
    assert_eq!(a.litigation_hold, Some(true));
    assert_eq!(a.exchange_guid, Some(guid(G1)));
    let c = recipient(rs, "c@contoso.com");
    assert_eq!(c.display_name(), Some("Cy \"the boss\""));
    assert_eq!(c.litigation_hold, Some(false));
}

#[test]
fn csv_ragged_row_line_number_with_lf_line_endings() {
    let (_d, snap) = load(&[("source/mbx.csv", culture_csv("\n").as_bytes())]);
    // Line 1 #TYPE, 2 header, 3-4 the record with the embedded line break, 5 the ragged row.
    assert_eq!(ragged_row_issue(&snap).line, Some(5));
    assert_eq!(snap.source.recipients.len(), 2);
}

/// Every file Export-Csv writes on Windows has CRLF line endings. The csv crate reports a
/// record's start line before it consumes the LF of the previous CRLF
/// (BurntSushi/rust-csv#395), so `src/import/csv.rs` gives every CRLF record (and every problem
/// in it) the line number of the line before: here 4 instead of 5.
#[test]
fn csv_ragged_row_line_number_with_crlf_line_endings() {
    let (_d, snap) = load(&[("source/mbx.csv", culture_csv("\r\n").as_bytes())]);
    assert_eq!(ragged_row_issue(&snap).line, Some(5));
}

// ---------------------------------------------------------------------------------------------
// Broken files
// ---------------------------------------------------------------------------------------------

#[test]
fn corrupt_json_keeps_the_records_before_the_error() {
    let text = format!(
        "[\n{},\n{},\n{{\"PrimarySmtpAddress\": \"c@contoso.com\" \"ExchangeGuid\": \"{G3}\"}},\n{},\n{}\n]\n",
        mailbox_json("a@contoso.com", G1),
        mailbox_json("b@contoso.com", G2),
        mailbox_json("d@contoso.com", G4),
        mailbox_json("e@contoso.com", G5),
    );
    let (_d, snap) = load(&[("source/mbx.json", text.as_bytes())]);
    let f = input(&snap, "source/mbx.json");
    assert!(f.records_skipped > 0);
    let errs = errors(f);
    assert_eq!(errs.len(), 1, "{:#?}", f.issues);
    assert_eq!(errs[0].line, Some(4), "{:#?}", errs[0]);
    assert_eq!(errs[0].record, Some(2));
    assert!(
        errs[0].message.contains("invalid JSON"),
        "{}",
        errs[0].message
    );
    let rs = &snap.source.recipients;
    assert_eq!(rs.len(), 2);
    recipient(rs, "a@contoso.com");
    recipient(rs, "b@contoso.com");
}

#[test]
fn truncated_json_says_it_was_cut_short() {
    let full = format!(
        "[\r\n{},\r\n{},\r\n{}\r\n]\r\n",
        mailbox_json("a@contoso.com", G1),
        mailbox_json("b@contoso.com", G2),
        mailbox_json("c@contoso.com", G3)
    );
    let cut = full.find("c@contoso.com").unwrap() + 5;
    let (_d, snap) = load(&[("source/mbx.json", &full.as_bytes()[..cut])]);
    let f = input(&snap, "source/mbx.json");
    let errs = errors(f);
    assert_eq!(errs.len(), 1, "{:#?}", f.issues);
    assert!(errs[0].message.contains("cut short"), "{}", errs[0].message);
    assert_eq!(errs[0].line, Some(4));
    assert!(f.records_skipped > 0);
    let rs = &snap.source.recipients;
    assert_eq!(rs.len(), 2);
    recipient(rs, "a@contoso.com");
    recipient(rs, "b@contoso.com");
}

#[test]
fn unrecognised_content() {
    let (_d, snap) = load(&[("source/other.json", br#"{"foo": 1}"#)]);
    let f = input(&snap, "source/other.json");
    assert_eq!(f.kind, None);
    assert!(
        f.issues
            .iter()
            .any(|i| !i.warning && i.message.contains("could not recognise")),
        "{:#?}",
        f.issues
    );
    assert!(snap.source.recipients.is_empty());
}

#[test]
fn bad_guid_is_reported_and_the_record_still_read() {
    let text = format!(
        "[\n{},\n{}\n]\n",
        mailbox_json("a@contoso.com", G1),
        mailbox_json("b@contoso.com", "2be92a50-7cc5-4a40-8471-b7ce9c2e34zz")
    );
    let (_d, snap) = load(&[("source/mbx.json", text.as_bytes())]);
    let f = input(&snap, "source/mbx.json");
    assert_eq!(f.records_read, 2);
    assert_eq!(f.records_skipped, 0);
    let errs = errors(f);
    assert_eq!(errs.len(), 1, "{:#?}", f.issues);
    let issue = errs[0];
    assert_eq!(
        snap.inputs[issue.file as usize].path, "source/mbx.json",
        "issue names its file"
    );
    assert_eq!(issue.record, Some(1));
    assert_eq!(issue.identity.as_deref(), Some("b@contoso.com"));
    assert_eq!(issue.property.as_deref(), Some("ExchangeGuid"));
    assert!(!issue.skipped);
    let b = recipient(&snap.source.recipients, "b@contoso.com");
    assert_eq!(b.exchange_guid, None);
    assert_eq!(
        b.recipient_type_details,
        Some(RecipientTypeDetails::UserMailbox)
    );
}

// ---------------------------------------------------------------------------------------------
// Joins and merging
// ---------------------------------------------------------------------------------------------

#[test]
fn get_user_joined_onto_mail_user_by_external_directory_object_id() {
    let (_d, snap) = load_fixtures(&[
        ("target/mailusers.json", "target-mailusers.json"),
        ("target/users.json", "target-users.json"),
    ]);
    assert_clean(input(&snap, "target/mailusers.json"));
    let users = input(&snap, "target/users.json");
    assert_clean(users);
    assert_eq!(users.kind, Some(ExportKind::User));
    let lara = recipient(&snap.target.recipients, "lara@fabrikam.com");
    assert_eq!(lara.source, RecipientSource::MailUser);
    let user = lara.user.as_ref().expect("Get-User joined");
    assert_eq!(
        user.previous_recipient_type_details,
        Some(RecipientTypeDetails::UserMailbox)
    );
    assert_eq!(
        user.recipient_type_details,
        Some(RecipientTypeDetails::MailUser)
    );
    let other = recipient(&snap.target.recipients, "ben@fabrikam.com");
    assert_eq!(
        other
            .user
            .as_ref()
            .and_then(|u| u.previous_recipient_type_details.clone()),
        Some(RecipientTypeDetails::None)
    );
}

#[test]
fn mailbox_statistics_joined_by_mailbox_guid_and_archive_guid() {
    let mailboxes = format!(
        r#"[{{"PrimarySmtpAddress":"a@contoso.com","ExchangeGuid":"{G1}","ArchiveGuid":"{G2}","RecipientTypeDetails":"UserMailbox"}},
{{"PrimarySmtpAddress":"b@contoso.com","ExchangeGuid":"{G3}","ArchiveGuid":"00000000-0000-0000-0000-000000000000","RecipientTypeDetails":"UserMailbox"}}]"#
    );
    let stats = format!(
        r#"[{{"DisplayName":"A","MailboxGuid":"{G1}","TotalItemSize":"1.5 GB (1,610,612,736 bytes)","ItemCount":1200}},
{{"DisplayName":"B","MailboxGuid":"{G3}","TotalItemSize":"0 B (0 bytes)","ItemCount":0}}]"#
    );
    let archive = format!(
        "\"DisplayName\",\"MailboxGuid\",\"IsArchiveMailbox\",\"TotalItemSize\",\"ItemCount\"\r\n\"Online Archive - A\",\"{G2}\",\"True\",\"120.5 MB (126,353,408 bytes)\",\"42\"\r\n"
    );
    let (_d, snap) = load(&[
        ("source/mailboxes.json", mailboxes.as_bytes()),
        ("source/stats.json", stats.as_bytes()),
        ("source/archive-stats.csv", archive.as_bytes()),
    ]);
    for p in [
        "source/mailboxes.json",
        "source/stats.json",
        "source/archive-stats.csv",
    ] {
        assert_clean(input(&snap, p));
    }
    assert_eq!(
        input(&snap, "source/stats.json").kind,
        Some(ExportKind::MailboxStatistics)
    );
    let a = recipient(&snap.source.recipients, "a@contoso.com");
    let s = a.stats.as_ref().expect("primary stats joined");
    assert_eq!(s.total_item_size, Some(ByteSize(1_610_612_736)));
    assert_eq!(s.item_count, Some(1200));
    let arch = a.archive_stats.as_ref().expect("archive stats joined");
    assert_eq!(arch.total_item_size, Some(ByteSize(126_353_408)));
    assert_eq!(arch.item_count, Some(42));
    let b = recipient(&snap.source.recipients, "b@contoso.com");
    assert_eq!(
        b.stats.as_ref().and_then(|s| s.total_item_size),
        Some(ByteSize(0))
    );
    assert!(b.archive_stats.is_none());
}

#[test]
fn the_same_mailbox_in_two_files_is_one_recipient() {
    let first = format!(
        r#"[{{"PrimarySmtpAddress":"a@contoso.com","ExternalDirectoryObjectId":"{G4}","ExchangeGuid":"{G1}","RecipientTypeDetails":"UserMailbox"}}]"#
    );
    let second = format!(
        "\"PrimarySmtpAddress\",\"ExternalDirectoryObjectId\",\"RecipientTypeDetails\",\"ArchiveGuid\",\"LitigationHoldEnabled\"\r\n\"A@Contoso.com\",\"{G4}\",\"UserMailbox\",\"{G2}\",\"True\"\r\n"
    );
    let (_d, snap) = load(&[
        ("source/a-mailboxes.json", first.as_bytes()),
        ("source/b-holds.csv", second.as_bytes()),
    ]);
    assert_eq!(snap.source.recipients.len(), 1);
    let r = &snap.source.recipients[0];
    assert_eq!(r.exchange_guid, Some(guid(G1)));
    // Filled from the second file.
    assert_eq!(r.archive_guid, Some(guid(G2)));
    assert_eq!(r.litigation_hold, Some(true));
}

#[test]
fn batch_csv_anywhere_in_the_snapshot_folder() {
    let mbx = mailbox_json("a@contoso.com", G1);
    let (_d, snap) = load(&[
        ("source/mbx.json", mbx.as_bytes()),
        (
            "batches/wave1.csv",
            b"EmailAddress\r\na@contoso.com\r\nB@Contoso.com\r\n",
        ),
    ]);
    let f = input(&snap, "batches/wave1.csv");
    assert_clean(f);
    assert_eq!(f.kind, Some(ExportKind::Batch));
    assert_eq!(snap.batches.len(), 1);
    let batch = &snap.batches[0];
    assert_eq!(batch.name, "batches/wave1.csv");
    let addrs: Vec<&str> = batch.entries.iter().map(|e| e.address.as_str()).collect();
    assert_eq!(addrs, ["a@contoso.com", "B@Contoso.com"]);
}

// ---------------------------------------------------------------------------------------------
// The binary
// ---------------------------------------------------------------------------------------------

#[test]
fn binary_reports_a_truncated_file_as_in001() {
    let mbx = format!(
        "[{},{}",
        mailbox_json("a@contoso.com", G1),
        &mailbox_json("b@contoso.com", G2)[..40]
    );
    let mu = format!(
        r#"[{{"PrimarySmtpAddress":"a@fabrikam.com","ExchangeGuid":"{G1}","RecipientTypeDetails":"MailUser","ExternalEmailAddress":"SMTP:a@contoso.com"}}]"#
    );
    let dir = write_snapshot(&[
        ("source/mbx.json", mbx.as_bytes()),
        ("target/mailusers.json", mu.as_bytes()),
    ]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mbxlint"))
        .arg("check")
        .arg(dir.path())
        .args(["--format", "json", "--kind", "cross-tenant"])
        .output()
        .expect("run mbxlint");
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let findings = report["findings"].as_array().expect("findings");
    let hit = findings
        .iter()
        .find(|f| f["rule"] == "IN001" && f["scope"] == "input")
        .unwrap_or_else(|| panic!("no IN001 input finding: {findings:#?}"));
    assert_eq!(hit["locations"][0]["file"], "source/mbx.json");
    assert!(
        hit["message"]
            .as_str()
            .unwrap_or_default()
            .contains("cut short"),
        "{hit:#?}"
    );
}

#[test]
fn a_name_longer_than_exchange_allows_is_reported_and_unknown() {
    let long = "A".repeat(mbxlint::model::MAX_TEXT + 1);
    let text = format!(
        r#"[{{"PrimarySmtpAddress":"a@contoso.com","ExchangeGuid":"{G1}","RecipientTypeDetails":"UserMailbox","DisplayName":"{long}","Alias":"a"}}]"#
    );
    let (_d, snap) = load(&[("source/mbx.json", text.as_bytes())]);
    let f = input(&snap, "source/mbx.json");
    let issue = f
        .issues
        .iter()
        .find(|i| i.property.as_deref() == Some("DisplayName"))
        .expect("the long DisplayName is reported");
    assert!(
        issue.message.contains("more than Exchange allows"),
        "{}",
        issue.message
    );
    assert_eq!(issue.record, Some(0));
    let r = recipient(&snap.source.recipients, "a@contoso.com");
    assert_eq!(r.display_name(), None);
    assert_eq!(r.alias(), Some("a"), "the other texts are kept");
}

#[test]
fn an_archive_domain_exported_empty_is_known_an_unreadable_one_is_not() {
    let long = "a".repeat(mbxlint::model::MAX_TEXT + 1);
    let text = format!(
        r#"[{{"PrimarySmtpAddress":"a@contoso.com","ExchangeGuid":"{G1}","RecipientTypeDetails":"UserMailbox","ArchiveDomain":null}},
{{"PrimarySmtpAddress":"b@contoso.com","ExchangeGuid":"{G2}","RecipientTypeDetails":"UserMailbox","ArchiveDomain":"{long}"}}]"#
    );
    let (_d, snap) = load(&[("source/mbx.json", text.as_bytes())]);
    let a = recipient(&snap.source.recipients, "a@contoso.com");
    assert_eq!(a.archive_domain(), Some(""), "null: no cloud archive");
    assert_eq!(a.archive_in_cloud(), Some(false));
    let b = recipient(&snap.source.recipients, "b@contoso.com");
    assert_eq!(b.archive_domain(), None, "too long: unknown, not empty");
    assert_eq!(b.archive_in_cloud(), None);
}
