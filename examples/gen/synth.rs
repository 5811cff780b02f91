//! The synthetic snapshot writer behind `examples/gen` and `tests/scale.rs`.
//!
//! A cross-tenant snapshot, source tenant contoso → target tenant fabrikam (the tenants of
//! `sample-exports/cross-tenant`, whose organisation-level files are copied verbatim), with N
//! source mailboxes (Get-Mailbox, the full property set of `sample-exports/generate.py`'s
//! `mailbox_record`, ~190 properties, several KB each), N target MailUsers (Get-MailUser, ~110
//! properties), the source Get-MailboxStatistics (Export-Csv, `#TYPE`, ASCII) and the target
//! Get-User (Export-Csv -UseCulture, `#TYPE`, `;`, multi-valued cells joined with spaces).
//!
//! Shapes: `Ps7` = PowerShell 7 ConvertTo-Json (UTF-8 without BOM, 2-space indent, ISO dates
//! with 7 fractional digits, enums as names); `Ps51` = Windows PowerShell 5.1 `ConvertTo-Json >
//! file` (UTF-16 LE with BOM, 4-space staircase indent, `"Key":  value`, `\/Date(ms)\/`, `<>&'`
//! escaped, enums as numbers, values beyond the default depth as type-name strings); `Csv` =
//! Windows PowerShell 5.1 Export-Csv (`#TYPE` line, every cell quoted, multi-valued joined with
//! spaces, `$null` as an empty cell, UTF-8 with BOM).
//!
//! Every value is a function of (seed, pair index), so the output is the same for a seed and
//! independent of the number of threads. A share of pairs (`defect_percent`) carries one
//! planted defect each; [`Summary::expected`] lists the findings they must produce.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Export shape of a big file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Ps7,
    Ps51,
    Csv,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub pairs: usize,
    pub seed: u64,
    /// Percentage of pairs with one planted defect (0–100).
    pub defect_percent: f64,
    pub source_format: Format,
    pub target_format: Format,
    /// Full property sets (default); `false` writes only the properties mbxlint reads.
    pub full: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pairs: 1000,
            seed: 1,
            defect_percent: 2.0,
            source_format: Format::Ps7,
            target_format: Format::Ps51,
            full: true,
        }
    }
}

/// What was written.
#[derive(Debug, Default)]
pub struct Summary {
    /// (rule code, source primary SMTP address) for every finding the planted defects produce.
    pub expected: Vec<(&'static str, String)>,
    /// Bytes written.
    pub bytes: u64,
    /// The target address a batch file names for each pair that has a target (pair order).
    pub batch_addresses: Vec<String>,
}

/// The planted defects: each makes the listed rules report the pair, and nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Defect {
    /// Target ExchangeGuid is a GUID of its own.
    StrayExchangeGuid,
    /// Source has an archive, target ArchiveGuid is empty.
    NoArchiveGuid,
    /// Target Get-User PreviousRecipientTypeDetails = UserMailbox.
    PreviousMailbox,
    /// Source mailbox is inactive.
    Inactive,
    /// The source LegacyExchangeDN is not an x500 on the target.
    NoLegacyDnX500,
    /// An older x500 of the source is not on the target.
    MissingX500,
    /// The source X400 is not on the target.
    MissingX400,
    /// Target secondary proxy in a domain fabrikam does not accept.
    ProxyNotAccepted,
    /// Target ExternalEmailAddress is not an address of the source.
    ExternalNotSource,
    /// Target has no fabrikam.onmicrosoft.com proxy.
    NoDeliveryProxy,
    /// Source on litigation hold.
    LitigationHold,
    /// Source has 13 auxiliary archives (auto-expanding archive).
    TooManyAux,
    /// Source has auto-expanding archiving.
    AutoExpanding,
    /// Source has a disabled archive.
    DisabledArchive,
    /// Source mailbox at 97 % of its quota.
    NearQuota,
    /// Source Recoverable Items larger than the target's quota.
    RecoverableItems,
    /// Neither side has the T2T licence.
    NoLicence,
    /// No target object.
    NoTarget,
}

pub const DEFECTS: [Defect; 18] = [
    Defect::StrayExchangeGuid,
    Defect::NoArchiveGuid,
    Defect::PreviousMailbox,
    Defect::Inactive,
    Defect::NoLegacyDnX500,
    Defect::MissingX500,
    Defect::MissingX400,
    Defect::ProxyNotAccepted,
    Defect::ExternalNotSource,
    Defect::NoDeliveryProxy,
    Defect::LitigationHold,
    Defect::TooManyAux,
    Defect::AutoExpanding,
    Defect::DisabledArchive,
    Defect::NearQuota,
    Defect::RecoverableItems,
    Defect::NoLicence,
    Defect::NoTarget,
];

impl Defect {
    /// The rules that report this defect.
    pub fn rules(self) -> &'static [&'static str] {
        match self {
            Defect::StrayExchangeGuid => &["ID001"],
            Defect::NoArchiveGuid => &["ID002"],
            Defect::PreviousMailbox => &["ID004"],
            Defect::Inactive => &["ID005"],
            Defect::NoLegacyDnX500 => &["PX001"],
            Defect::MissingX500 => &["PX002"],
            Defect::MissingX400 => &["PX003"],
            Defect::ProxyNotAccepted => &["PX004"],
            Defect::ExternalNotSource => &["PX006"],
            Defect::NoDeliveryProxy => &["PX008"],
            Defect::LitigationHold => &["HD001"],
            Defect::TooManyAux => &["AR001", "AR002"],
            Defect::AutoExpanding => &["AR002"],
            Defect::DisabledArchive => &["AR003"],
            Defect::NearQuota => &["AR004"],
            Defect::RecoverableItems => &["AR005"],
            Defect::NoLicence => &["LI001"],
            Defect::NoTarget => &["PR001"],
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Deterministic values
// ---------------------------------------------------------------------------------------------

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn h(seed: u64, i: usize, tag: u64) -> u64 {
    mix(mix(seed ^ tag.wrapping_mul(0x1000_0000_01B3)) ^ (i as u64))
}

fn guid(seed: u64, i: usize, tag: u64) -> String {
    let a = h(seed, i, tag);
    let b = h(seed, i, tag ^ 0xABCD_EF01);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

fn hex32(seed: u64, i: usize, tag: u64) -> String {
    format!("{:016x}{:016x}", h(seed, i, tag), h(seed, i, tag ^ 0x5555))
}

const ZERO: &str = "00000000-0000-0000-0000-000000000000";

const FIRST: &[&str] = &[
    "Lara",
    "Adele",
    "Alex",
    "Megan",
    "Diego",
    "Isaiah",
    "Johanna",
    "Joni",
    "Lee",
    "Lidia",
    "Miriam",
    "Patti",
    "Pradeep",
    "Grady",
    "Henrietta",
    "Irvin",
    "Allan",
    "Sean",
    "Debra",
    "Enrico",
    "Nestor",
    "Christie",
    "Lynne",
    "Zrinka",
    "José",
    "Søren",
    "Aoife",
    "Chloé",
    "Björn",
    "Kat",
];
const LAST: &[&str] = &[
    "Newton",
    "Vance",
    "Wilber",
    "Bowen",
    "Siciliani",
    "Langer",
    "Lorenz",
    "Sherman",
    "Gu",
    "Holloway",
    "Graham",
    "Fernandez",
    "Gupta",
    "Archie",
    "Müller",
    "Sayers",
    "Deyoung",
    "O'Brien",
    "Berger",
    "Cattaneo",
    "Wilke",
    "Cline",
    "Robbins",
    "Makovac",
    "García",
    "Sørensen",
    "Byrne",
    "Dubois",
    "Lindqvist",
    "Larsson",
];

fn ascii_fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'é' => Some('e'),
            'ø' => Some('o'),
            'ü' => Some('u'),
            'ö' => Some('o'),
            'í' => Some('i'),
            '\'' => None,
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

// Tenants (as in sample-exports/cross-tenant).
const SRC_VANITY: &str = "contoso.com";
const SRC_INITIAL: &str = "contoso.onmicrosoft.com";
const SRC_COEX: &str = "contoso.mail.onmicrosoft.com";
const SRC_TENANT_ID: &str = "69494655-eae2-5646-bbce-5a1cca23c31b";
const SRC_FOREST: &str = "NAMPR03A001";
const SRC_PARTITION: &str = "nampr03.prod.outlook.com";
const SRC_DC: &str = "SN6PR03A01DC004.NAMPR03A001.PROD.OUTLOOK.COM";
const TGT_VANITY: &str = "fabrikam.com";
const TGT_INITIAL: &str = "fabrikam.onmicrosoft.com";
const TGT_FOREST: &str = "EURPR05A002";
const TGT_DC: &str = "AM6PR05A02DC001.EURPR05A002.PROD.OUTLOOK.COM";
const T2T_CAP: &str = "ExchangeT2TMbxMove";

const GB: u64 = 1 << 30;
const MB: u64 = 1 << 20;
const KB: u64 = 1 << 10;

/// ByteQuantifiedSize.ToString(): `1.5 GB (1,610,612,736 bytes)`.
fn size(n: u64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < units.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    let num = if u == 0 {
        n.to_string()
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let digits = n.to_string();
    let mut grouped = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{num} {} ({grouped} bytes)", units[u])
}

/// Milliseconds since the epoch → (y, m, d, hh, mm, ss).
fn civil(ms: i64) -> (i64, u32, u32, u32, u32, u32) {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86400);
    let sod = secs.rem_euclid(86400) as u32;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    (y, m, d, sod / 3600, (sod / 60) % 60, sod % 60)
}

// ---------------------------------------------------------------------------------------------
// One pair
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    User,
    Shared,
    Room,
}

struct Pair {
    i: usize,
    alias: String,
    display: String,
    local: String,
    kind: Kind,
    archive: bool,
    old_x500: Option<String>,
    x400: Option<String>,
    defect: Option<Defect>,
    exchange_guid: String,
    archive_guid: String,
    created_ms: i64,
    changed_ms: i64,
    item_bytes: u64,
    deleted_bytes: u64,
}

fn pair(o: &Options, i: usize) -> Pair {
    let s = o.seed;
    let r = h(s, i, 1);
    let first = FIRST[(r % FIRST.len() as u64) as usize];
    let last = LAST[((r >> 8) % LAST.len() as u64) as usize];
    let kind = match (r >> 16) % 100 {
        0..=86 => Kind::User,
        87..=96 => Kind::Shared,
        _ => Kind::Room,
    };
    let (alias, display, local) = match kind {
        Kind::User => (
            format!(
                "{}{}{i}",
                ascii_fold(first),
                ascii_fold(last).chars().next().unwrap_or('X')
            ),
            format!("{first} {last}"),
            format!("{}.{}{i}", ascii_fold(first), ascii_fold(last)),
        ),
        Kind::Shared => (
            format!("Shared{i}"),
            format!("Team {last} & {first} {i}"),
            format!("Shared{i}"),
        ),
        Kind::Room => (
            format!("ConfRoom{i}"),
            format!("Conf Room {last} {i}"),
            format!("ConfRoom{i}"),
        ),
    };
    let d = h(s, i, 2);
    let defect = if (d % 1_000_000) as f64 / 10_000.0 < o.defect_percent {
        Some(DEFECTS[((d >> 32) % DEFECTS.len() as u64) as usize])
    } else {
        None
    };
    let mut archive = (r >> 24) % 100 < 30;
    if matches!(
        defect,
        Some(Defect::NoArchiveGuid | Defect::TooManyAux | Defect::AutoExpanding)
    ) {
        archive = true;
    }
    let mut old_x500 = ((r >> 32) % 100 < 20).then(|| {
        format!(
            "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn={}",
            alias.to_lowercase()
        )
    });
    if defect == Some(Defect::MissingX500) && old_x500.is_none() {
        old_x500 = Some(format!(
            "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn={}",
            alias.to_lowercase()
        ));
    }
    let mut x400 = ((r >> 40) % 100 < 5).then(|| {
        format!(
            "C=US;A= ;P=Contoso;O=Exchange;S={};G={};",
            ascii_fold(last),
            ascii_fold(first)
        )
    });
    if defect == Some(Defect::MissingX400) && x400.is_none() {
        x400 = Some(format!(
            "C=US;A= ;P=Contoso;O=Exchange;S={};G={};",
            ascii_fold(last),
            ascii_fold(first)
        ));
    }
    // ProhibitSendReceiveQuota: 100 GB for licensed mailboxes (users, shared with archive).
    let quota = if kind == Kind::User || (kind == Kind::Shared && archive) {
        100 * GB
    } else {
        50 * GB
    };
    let sz = h(s, i, 3);
    let item_bytes = match defect {
        Some(Defect::NearQuota) => quota / 100 * 97,
        _ => (sz % (quota / 100 * 40 / MB)) * MB + 12_345,
    };
    let deleted_bytes = match defect {
        Some(Defect::RecoverableItems) => 34 * GB + (sz >> 40) % GB,
        _ => ((sz >> 20) % (4 * GB / MB)) * MB + 4_321,
    };
    Pair {
        i,
        alias,
        display,
        local,
        kind,
        archive,
        old_x500,
        x400,
        defect,
        exchange_guid: guid(s, i, 10),
        archive_guid: if archive { guid(s, i, 11) } else { ZERO.into() },
        created_ms: 1_612_340_045_000 + (h(s, i, 4) % (3 * 365 * 86_400)) as i64 * 1000,
        changed_ms: 1_739_169_600_000 + (h(s, i, 5) % (25 * 86_400)) as i64 * 1000,
        item_bytes,
        deleted_bytes,
    }
}

impl Pair {
    fn src_primary(&self) -> String {
        format!("{}@{SRC_VANITY}", self.local)
    }
    fn tgt_primary(&self) -> String {
        format!("{}@{TGT_VANITY}", self.local)
    }
    fn legacy_dn(&self, seed: u64, tenant: u64) -> String {
        format!(
            "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn={}-{}",
            hex32(seed, self.i, 20 + tenant),
            self.alias
        )
    }
    fn has_target(&self) -> bool {
        self.defect != Some(Defect::NoTarget)
    }
}

// ---------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------

/// Receives one record's properties in order.
trait Sink {
    fn str(&mut self, k: &str, v: &str);
    fn null(&mut self, k: &str);
    fn bool(&mut self, k: &str, v: bool);
    fn int(&mut self, k: &str, v: i64);
    fn list(&mut self, k: &str, v: &[String]);
    fn date(&mut self, k: &str, ms: i64, utc: bool);
    /// An enum: a number in Windows PowerShell 5.1 JSON, its name elsewhere.
    fn en(&mut self, k: &str, name: &str, num: i64);
    /// A value nested beyond ConvertTo-Json's default depth in 5.1: its type name there.
    fn deep(&mut self, k: &str, type_name: &str, v: &[String]);
    /// A multi-valued property the admin joined with `;` for Export-Csv (`@{n=…;e={$_.X -join ';'}}`);
    /// mbxlint does not split plain string lists on spaces (only proxy addresses and locations).
    fn joined(&mut self, k: &str, v: &[String]) {
        self.list(k, v)
    }
    fn opt(&mut self, k: &str, v: Option<&str>) {
        match v {
            Some(v) => self.str(k, v),
            None => self.null(k),
        }
    }
    fn empty(&mut self, k: &str) {
        self.list(k, &[]);
    }
    fn strs(&mut self, k: &str, v: &[&str]) {
        let v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        self.list(k, &v);
    }
}

fn json_escape(out: &mut String, s: &str, jss: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\'' if jss => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// ConvertTo-Json output, one record at a time.
struct JsonSink {
    ps51: bool,
    buf: String,
    first_member: bool,
}

impl JsonSink {
    fn key(&mut self, k: &str) -> usize {
        if !self.first_member {
            self.buf.push(',');
        }
        self.first_member = false;
        if self.ps51 {
            self.buf.push_str("\r\n        ");
            json_escape(&mut self.buf, k, true);
            self.buf.push_str(":  ");
            // Column of the value, relative to the member indent: the staircase.
            k.len() + 2 + 3
        } else {
            self.buf.push_str("\r\n    ");
            json_escape(&mut self.buf, k, false);
            self.buf.push_str(": ");
            0
        }
    }
    fn begin(&mut self, first: bool) {
        self.buf.clear();
        if !first {
            self.buf.push(',');
        }
        self.buf
            .push_str(if self.ps51 { "\r\n    {" } else { "\r\n  {" });
        self.first_member = true;
    }
    fn end(&mut self) {
        self.buf
            .push_str(if self.ps51 { "\r\n    }" } else { "\r\n  }" });
    }
}

impl Sink for JsonSink {
    fn str(&mut self, k: &str, v: &str) {
        self.key(k);
        let jss = self.ps51;
        json_escape(&mut self.buf, v, jss);
    }
    fn null(&mut self, k: &str) {
        self.key(k);
        self.buf.push_str("null");
    }
    fn bool(&mut self, k: &str, v: bool) {
        self.key(k);
        self.buf.push_str(if v { "true" } else { "false" });
    }
    fn int(&mut self, k: &str, v: i64) {
        self.key(k);
        let _ = write!(self.buf, "{v}");
    }
    fn list(&mut self, k: &str, v: &[String]) {
        let col = self.key(k);
        if self.ps51 {
            let pad = " ".repeat(8 + col);
            self.buf.push('[');
            for (n, item) in v.iter().enumerate() {
                if n > 0 {
                    self.buf.push(',');
                }
                self.buf.push_str("\r\n");
                self.buf.push_str(&pad);
                self.buf.push_str("    ");
                json_escape(&mut self.buf, item, true);
            }
            if v.is_empty() {
                self.buf.push_str("\r\n");
            }
            self.buf.push_str("\r\n");
            self.buf.push_str(&pad);
            self.buf.push(']');
        } else if v.is_empty() {
            self.buf.push_str("[]");
        } else {
            self.buf.push('[');
            for (n, item) in v.iter().enumerate() {
                if n > 0 {
                    self.buf.push(',');
                }
                self.buf.push_str("\r\n      ");
                json_escape(&mut self.buf, item, false);
            }
            self.buf.push_str("\r\n    ]");
        }
    }
    fn date(&mut self, k: &str, ms: i64, utc: bool) {
        self.key(k);
        if self.ps51 {
            let _ = write!(self.buf, "\"\\/Date({ms})\\/\"");
        } else {
            let (y, mo, d, hh, mi, ss) = civil(ms);
            let _ = write!(
                self.buf,
                "\"{y:04}-{mo:02}-{d:02}T{hh:02}:{mi:02}:{ss:02}.0000000{}\"",
                if utc { "Z" } else { "+00:00" }
            );
        }
    }
    fn en(&mut self, k: &str, name: &str, num: i64) {
        if self.ps51 {
            self.int(k, num)
        } else {
            self.str(k, name)
        }
    }
    fn deep(&mut self, k: &str, type_name: &str, v: &[String]) {
        if self.ps51 {
            self.str(k, type_name)
        } else {
            self.list(k, v)
        }
    }
}

impl Sink for CsvSinkRow<'_> {
    fn str(&mut self, k: &str, v: &str) {
        self.0.cell(k, Some(v))
    }
    fn null(&mut self, k: &str) {
        self.0.cell(k, None)
    }
    fn bool(&mut self, k: &str, v: bool) {
        self.0.cell(k, Some(if v { "True" } else { "False" }))
    }
    fn int(&mut self, k: &str, v: i64) {
        self.0.cell(k, Some(&v.to_string()))
    }
    fn list(&mut self, k: &str, v: &[String]) {
        self.0.cell(k, Some(&v.join(" ")))
    }
    fn date(&mut self, k: &str, ms: i64, _utc: bool) {
        let (y, mo, d, hh, mi, ss) = civil(ms);
        self.0.cell(
            k,
            Some(&format!("{d:02}.{mo:02}.{y:04} {hh:02}:{mi:02}:{ss:02}")),
        )
    }
    fn en(&mut self, k: &str, name: &str, _num: i64) {
        self.0.cell(k, Some(name))
    }
    fn deep(&mut self, k: &str, _type_name: &str, v: &[String]) {
        self.list(k, v)
    }
    fn joined(&mut self, k: &str, v: &[String]) {
        self.0.cell(k, Some(&v.join(";")))
    }
}

struct CsvSinkRow<'a>(&'a mut CsvState);

/// Export-Csv state.
struct CsvState {
    header: Vec<String>,
    want_header: bool,
    delim: char,
    row: String,
    row_started: bool,
}

impl CsvState {
    fn cell(&mut self, k: &str, quoted: Option<&str>) {
        if self.want_header {
            self.header.push(k.to_string());
        }
        if self.row_started {
            self.row.push(self.delim);
        }
        self.row_started = true;
        if let Some(v) = quoted {
            self.row.push('"');
            for c in v.chars() {
                if c == '"' {
                    self.row.push('"');
                }
                self.row.push(c);
            }
            self.row.push('"');
        }
    }
}

/// Where the bytes go, in the file's encoding.
enum Enc {
    Utf8,
    Utf8Bom,
    Utf16LeBom,
    /// Windows PowerShell 5.1 Export-Csv default: non-ASCII becomes `?`.
    Ascii,
}

struct Out {
    w: BufWriter<File>,
    enc: Enc,
    bytes: u64,
    scratch: Vec<u8>,
}

impl Out {
    fn create(path: &Path, enc: Enc) -> io::Result<Out> {
        let mut o = Out {
            w: BufWriter::with_capacity(1 << 20, File::create(path)?),
            enc,
            bytes: 0,
            scratch: Vec::new(),
        };
        match o.enc {
            Enc::Utf8Bom => o.raw(&[0xEF, 0xBB, 0xBF])?,
            Enc::Utf16LeBom => o.raw(&[0xFF, 0xFE])?,
            _ => {}
        }
        Ok(o)
    }
    fn raw(&mut self, b: &[u8]) -> io::Result<()> {
        self.bytes += b.len() as u64;
        self.w.write_all(b)
    }
    fn text(&mut self, s: &str) -> io::Result<()> {
        match self.enc {
            Enc::Utf8 | Enc::Utf8Bom => {
                self.bytes += s.len() as u64;
                self.w.write_all(s.as_bytes())
            }
            Enc::Utf16LeBom => {
                let mut scratch = std::mem::take(&mut self.scratch);
                scratch.clear();
                for u in s.encode_utf16() {
                    scratch.extend_from_slice(&u.to_le_bytes());
                }
                let r = self.raw(&scratch);
                self.scratch = scratch;
                r
            }
            Enc::Ascii => {
                let mut scratch = std::mem::take(&mut self.scratch);
                scratch.clear();
                scratch.extend(s.chars().map(|c| if c.is_ascii() { c as u8 } else { b'?' }));
                let r = self.raw(&scratch);
                self.scratch = scratch;
                r
            }
        }
    }
    fn finish(mut self) -> io::Result<u64> {
        self.w.flush()?;
        Ok(self.bytes)
    }
}

/// Writes one export file of `n` records produced by `record(i, sink)` (which returns false
/// to write nothing for `i`).
fn write_export(
    path: &Path,
    format: Format,
    type_line: &str,
    delim: char,
    csv_enc: Enc,
    n: usize,
    record: &dyn Fn(usize, &mut dyn Sink) -> bool,
) -> io::Result<u64> {
    match format {
        Format::Ps7 | Format::Ps51 => {
            let ps51 = format == Format::Ps51;
            let mut out = Out::create(path, if ps51 { Enc::Utf16LeBom } else { Enc::Utf8 })?;
            out.text("[")?;
            let mut sink = JsonSink {
                ps51,
                buf: String::with_capacity(16 * 1024),
                first_member: true,
            };
            let mut first = true;
            for i in 0..n {
                sink.begin(first);
                let before = sink.buf.len();
                if !record(i, &mut sink) {
                    sink.buf.truncate(before);
                    continue;
                }
                first = false;
                sink.end();
                out.text(&sink.buf)?;
            }
            out.text("\r\n]\r\n")?;
            out.finish()
        }
        Format::Csv => {
            let mut out = Out::create(path, csv_enc)?;
            out.text(&format!("#TYPE {type_line}\r\n"))?;
            let mut st = CsvState {
                header: Vec::new(),
                want_header: true,
                delim,
                row: String::with_capacity(16 * 1024),
                row_started: false,
            };
            for i in 0..n {
                st.row.clear();
                st.row_started = false;
                if !record(i, &mut CsvSinkRow(&mut st)) {
                    continue;
                }
                if st.want_header {
                    st.want_header = false;
                    let d = st.delim.to_string();
                    let head: Vec<String> = st.header.iter().map(|c| format!("\"{c}\"")).collect();
                    out.text(&head.join(&d))?;
                    out.text("\r\n")?;
                }
                st.row.push_str("\r\n");
                out.text(&st.row)?;
            }
            out.finish()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

fn dn(initial: &str, forest: &str, name: &str) -> String {
    format!(
        "CN={name},OU={initial},OU=Microsoft Exchange Hosted Organizations,DC={forest},DC=PROD,DC=OUTLOOK,DC=COM"
    )
}

fn org_id(initial: &str, forest: &str) -> String {
    format!(
        "{forest}.prod.outlook.com/Microsoft Exchange Hosted Organizations/{initial} - {forest}.prod.outlook.com/ConfigurationUnits/{initial}/Configuration"
    )
}

fn source_emails(o: &Options, p: &Pair) -> Vec<String> {
    let mut out = Vec::new();
    if p.kind == Kind::User {
        out.push(format!(
            "SPO:SPO_{}@SPO_{SRC_TENANT_ID}",
            guid(o.seed, p.i, 30)
        ));
        out.push(format!("SIP:{}", p.src_primary().to_lowercase()));
    }
    if let Some(x) = &p.old_x500 {
        out.push(format!("x500:{x}"));
    }
    out.push(format!("smtp:{}@{SRC_INITIAL}", p.alias));
    if let Some(x) = &p.x400 {
        out.push(format!("X400:{x}"));
    }
    out.push(format!("SMTP:{}", p.src_primary()));
    out.push(format!("smtp:{}@{SRC_COEX}", p.alias));
    out
}

/// Get-Mailbox on the source: the full property set of generate.py's `mailbox_record`.
fn source_mailbox(o: &Options, p: &Pair, s: &mut dyn Sink) {
    let seed = o.seed;
    let i = p.i;
    let d = p.defect;
    let kind = p.kind;
    let user = kind == Kind::User;
    let inactive = d == Some(Defect::Inactive);
    let lit = d == Some(Defect::LitigationHold);
    let autoexpand = matches!(d, Some(Defect::AutoExpanding | Defect::TooManyAux));
    let aux = if d == Some(Defect::TooManyAux) { 13 } else { 0 };
    let db = format!(
        "NAMPR03DG{:03}-db{:03}",
        h(seed, i, 40) % 200,
        h(seed, i, 41) % 300
    );
    let dbguid = guid(seed, i, 42);
    let mut locs = vec![format!(
        "1;{};Primary;{SRC_PARTITION};{dbguid}",
        p.exchange_guid
    )];
    let arch_db = p.archive.then(|| {
        format!(
            "NAMPR03DG{:03}-db{:03}",
            h(seed, i, 43) % 200,
            h(seed, i, 44) % 300
        )
    });
    let arch_db_guid = if p.archive {
        guid(seed, i, 45)
    } else {
        ZERO.into()
    };
    if p.archive {
        locs.push(format!(
            "1;{};MainArchive;{SRC_PARTITION};{arch_db_guid}",
            p.archive_guid
        ));
    }
    for n in 0..aux {
        locs.push(format!(
            "1;{};AuxArchive;{SRC_PARTITION};{}",
            guid(seed, i, 100 + n),
            guid(seed, i, 200 + n)
        ));
    }
    let full = o.full;
    let big = user || (kind == Kind::Shared && p.archive);
    let ri_big = p.archive || lit;
    let srv = format!("SN6PR03MB{:04}", h(seed, i, 46) % 9000 + 1000);
    let upn = format!("{}@{SRC_VANITY}", p.alias);
    let primary = p.src_primary();
    let obj_guid = guid(seed, i, 47);
    let disabled = d == Some(Defect::DisabledArchive);
    let wc = p.created_ms;
    let wch = p.changed_ms;
    let rtd = match kind {
        Kind::User => ("UserMailbox", 1),
        Kind::Shared => ("SharedMailbox", 4),
        Kind::Room => ("RoomMailbox", 16),
    };
    let mut persisted: Vec<String> = Vec::new();
    if !inactive {
        if big {
            persisted.push("BPOS_S_Enterprise".into());
        }
        if d != Some(Defect::NoLicence) {
            persisted.push(T2T_CAP.into());
        }
    }
    let str_list = |v: &[&str]| -> Vec<String> { v.iter().map(|s| s.to_string()).collect() };

    s.str("Database", &db);
    if full {
        s.null("MailboxProvisioningConstraint");
        s.bool("IsMonitoringMailbox", false);
        s.null("MailboxRegion");
        s.null("MailboxRegionLastUpdateTime");
        s.str("MailboxRegionSuffix", "None");
        s.bool("MessageCopyForSentAsEnabled", kind == Kind::Shared);
        s.bool("MessageCopyForSendOnBehalfEnabled", kind == Kind::Shared);
        s.empty("MailboxProvisioningPreferences");
        s.bool("UseDatabaseRetentionDefaults", false);
        s.bool("RetainDeletedItemsUntilBackup", false);
        s.bool("DeliverToMailboxAndForward", false);
        s.bool("IsExcludedFromServingHierarchy", false);
        s.bool("IsHierarchyReady", true);
        s.bool("IsHierarchySyncEnabled", true);
        s.bool("IsPublicFolderSystemMailbox", false);
        s.bool("HasSnackyAppData", false);
    }
    s.bool("LitigationHoldEnabled", lit);
    if full {
        s.bool("SingleItemRecoveryEnabled", true);
        s.bool("RetentionHoldEnabled", false);
        s.null("EndDateForRetentionHold");
        s.null("StartDateForRetentionHold");
        s.str("RetentionComment", "");
        s.str("RetentionUrl", "");
        if lit {
            s.date("LitigationHoldDate", 1_717_413_600_000, false);
            s.str("LitigationHoldOwner", "admin@contoso.onmicrosoft.com");
        } else {
            s.null("LitigationHoldDate");
            s.str("LitigationHoldOwner", "");
        }
        s.bool("ElcProcessingDisabled", false);
    }
    s.bool("ComplianceTagHoldApplied", false);
    if full {
        s.bool("WasInactiveMailbox", false);
    }
    s.bool("DelayHoldApplied", false);
    s.bool("DelayReleaseHoldApplied", false);
    if full {
        s.bool("PitrEnabled", false);
        s.int("PitrCopyIntervalInSeconds", 0);
        s.bool("PitrPaused", false);
        s.null("PitrPausedTimestamp");
        s.bool("PitrOffboarded", false);
        s.null("InactiveMailboxRetireTime");
        s.null("OrphanSoftDeleteTrackingTime");
        s.str("LitigationHoldDuration", "Unlimited");
        s.null("ManagedFolderMailboxPolicy");
        s.str("RetentionPolicy", "Default MRM Policy");
        s.null("AddressBookPolicy");
        s.bool("CalendarRepairDisabled", false);
    }
    s.str("ExchangeGuid", &p.exchange_guid);
    if full {
        s.null("MailboxContainerGuid");
        s.null("UnifiedMailbox");
    }
    s.list("MailboxLocations", &locs);
    if full {
        s.empty("AggregatedMailboxGuids");
        s.str(
            "ExchangeSecurityDescriptor",
            "System.Security.AccessControl.RawSecurityDescriptor",
        );
        if user {
            s.en("ExchangeUserAccountControl", "None", 0);
        } else {
            s.en("ExchangeUserAccountControl", "AccountDisabled", 2);
        }
        s.str("AdminDisplayVersion", "Version 15.20 (Build 8722.19)");
        s.bool("MessageTrackingReadStatusEnabled", true);
        s.en("ExternalOofOptions", "External", 1);
        s.null("ForwardingAddress");
        s.null("ForwardingSmtpAddress");
        s.str("RetainDeletedItemsFor", "14.00:00:00");
        s.bool("IsMailboxEnabled", true);
        s.deep(
            "Languages",
            "System.Globalization.CultureInfo[]",
            &str_list(&["en-US"]),
        );
        s.null("OfflineAddressBook");
    }
    let q = |b: u64| size(b);
    s.str(
        "ProhibitSendQuota",
        &q(if big { 99 * GB } else { 49 * GB + GB / 2 }),
    );
    s.str(
        "ProhibitSendReceiveQuota",
        &q(if big { 100 * GB } else { 50 * GB }),
    );
    s.str(
        "RecoverableItemsQuota",
        &q(if ri_big { 100 * GB } else { 30 * GB }),
    );
    if full {
        s.str(
            "RecoverableItemsWarningQuota",
            &q(if ri_big { 90 * GB } else { 20 * GB }),
        );
        s.str("CalendarLoggingQuota", &q(6 * GB));
        s.bool("DowngradeHighPriorityMessagesEnabled", false);
        if user {
            s.strs("ProtocolSettings", &["RemotePowerShell§1"]);
        } else {
            s.empty("ProtocolSettings");
        }
        s.str("RecipientLimits", "500");
    }
    s.bool("ImListMigrationCompleted", false);
    if full {
        s.null("SiloName");
        s.bool("IsResource", kind == Kind::Room);
        s.bool("IsLinked", false);
        s.bool("IsShared", kind == Kind::Shared);
        s.bool("IsRootPublicFolderMailbox", false);
        s.str("LinkedMasterAccount", "");
        s.bool("ResetPasswordOnNextLogon", false);
        if kind == Kind::Room {
            s.int("ResourceCapacity", 4 + (h(seed, i, 48) % 20) as i64);
        } else {
            s.null("ResourceCapacity");
        }
        s.empty("ResourceCustom");
        s.opt("ResourceType", (kind == Kind::Room).then_some("Room"));
        if kind == Kind::Room {
            s.bool("RoomMailboxAccountEnabled", false);
        } else {
            s.null("RoomMailboxAccountEnabled");
        }
        let h6 = format!("{:016X}", h(seed, i, 49));
        s.str("SamAccountName", &format!("${}-{}", &h6[..6], &h6[6..16]));
        for k in [
            "SCLDeleteThreshold",
            "SCLDeleteEnabled",
            "SCLRejectThreshold",
            "SCLRejectEnabled",
            "SCLQuarantineThreshold",
            "SCLQuarantineEnabled",
            "SCLJunkThreshold",
            "SCLJunkEnabled",
        ] {
            s.null(k);
        }
        s.bool("AntispamBypassEnabled", false);
        s.str(
            "ServerLegacyDN",
            &format!(
                "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn={srv}"
            ),
        );
    }
    s.str("ServerName", &srv.to_lowercase());
    if full {
        s.bool("UseDatabaseQuotaDefaults", false);
        s.str("IssueWarningQuota", &q(if big { 98 * GB } else { 49 * GB }));
        s.str("RulesQuota", &q(256 * KB));
        s.str("Office", "");
    }
    s.str("UserPrincipalName", &upn);
    if full {
        s.bool("UMEnabled", false);
        s.null("MaxSafeSenders");
        s.null("MaxBlockedSenders");
        if user {
            s.str(
                "NetID",
                &format!("1003{:012X}", h(seed, i, 50) & 0xFF_FFFF_FFFF),
            );
        } else {
            s.null("NetID");
        }
        s.null("ReconciliationId");
        s.str("WindowsLiveID", &upn);
        s.str("MicrosoftOnlineServicesID", &upn);
        s.null("ThrottlingPolicy");
        s.str("RoleAssignmentPolicy", "Default Role Assignment Policy");
        s.null("DefaultPublicFolderMailbox");
        s.null("EffectivePublicFolderMailbox");
        s.str("SharingPolicy", "Default Sharing Policy");
        s.null("RemoteAccountPolicy");
        s.str(
            "MailboxPlan",
            "ExchangeOnlineEnterprise-3f3b4b6e-4a5e-5c1f-9d0b-6a1f1f1e2d3c",
        );
    }
    s.opt("ArchiveDatabase", arch_db.as_deref());
    if full {
        s.str("ArchiveDatabaseGuid", &arch_db_guid);
    }
    s.str("ArchiveGuid", &p.archive_guid);
    if full {
        if p.archive {
            s.list("ArchiveName", &[format!("In-Place Archive -{}", p.display)]);
        } else {
            s.empty("ArchiveName");
        }
        s.str("JournalArchiveAddress", "");
    }
    s.str(
        "ArchiveQuota",
        &q(if autoexpand { 1536 * GB } else { 100 * GB }),
    );
    if full {
        s.str(
            "ArchiveWarningQuota",
            &q(if autoexpand { 1433 * GB } else { 90 * GB }),
        );
        s.null("ArchiveDomain");
    }
    if p.archive {
        s.en("ArchiveStatus", "Active", 1);
    } else {
        s.en("ArchiveStatus", "None", 0);
    }
    if full {
        s.str("ArchiveState", if p.archive { "Local" } else { "None" });
    }
    s.bool("AutoExpandingArchiveEnabled", autoexpand);
    if full {
        s.bool("DisabledMailboxLocations", false);
    }
    s.en("RemoteRecipientType", "None", 0);
    if full {
        if disabled {
            s.str("DisabledArchiveDatabase", "NAMPR03DG001-db042");
        } else {
            s.null("DisabledArchiveDatabase");
        }
    }
    if disabled {
        s.str("DisabledArchiveGuid", &guid(seed, i, 51));
    } else {
        s.str("DisabledArchiveGuid", ZERO);
    }
    if full {
        s.null("QueryBaseDN");
        s.bool("QueryBaseDNRestrictionEnabled", false);
        s.null("MailboxMoveTargetMDB");
        s.null("MailboxMoveSourceMDB");
        s.en("MailboxMoveFlags", "None", 0);
        s.str("MailboxMoveRemoteHostName", "");
        s.str("MailboxMoveBatchName", "");
        s.en("MailboxMoveStatus", "None", 0);
        s.str("MailboxRelease", "E15");
        s.str("ArchiveRelease", if p.archive { "E15" } else { "" });
        s.bool("IsPersonToPersonTextMessagingEnabled", false);
        s.bool("IsMachineToPersonTextMessagingEnabled", true);
        s.empty("UserSMimeCertificate");
        s.empty("UserCertificate");
        s.bool("CalendarVersionStoreDisabled", false);
        s.str("ImmutableId", "");
    }
    s.joined("PersistedCapabilities", &persisted);
    if inactive {
        s.null("SKUAssigned");
    } else {
        s.bool("SKUAssigned", big);
    }
    if full {
        s.bool("AuditEnabled", true);
        s.str("AuditLogAgeLimit", "90.00:00:00");
        let admin = str_list(&[
            "Update",
            "MoveToDeletedItems",
            "SoftDelete",
            "HardDelete",
            "SendAs",
            "SendOnBehalf",
            "Create",
            "UpdateFolderPermissions",
            "UpdateInboxRules",
            "UpdateCalendarDelegation",
            "ApplyRecord",
            "MailItemsAccessed",
            "Send",
        ]);
        s.deep(
            "AuditAdmin",
            "Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Data.Directory.MailboxAuditOperations]",
            &admin,
        );
        s.deep(
            "AuditDelegate",
            "Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Data.Directory.MailboxAuditOperations]",
            &admin[..11],
        );
        s.deep(
            "AuditOwner",
            "Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Data.Directory.MailboxAuditOperations]",
            &admin[..10],
        );
        s.strs("DefaultAuditSet", &["Admin", "Delegate", "Owner"]);
        s.date("WhenMailboxCreated", wc + 180_000, false);
        s.str("SourceAnchor", "");
        s.str("UsageLocation", "United States");
    }
    s.bool("IsSoftDeletedByRemove", inactive);
    s.bool("IsSoftDeletedByDisable", false);
    s.bool("IsInactiveMailbox", inactive);
    if full {
        s.bool("IncludeInGarbageCollection", false);
    }
    if inactive {
        s.date("WhenSoftDeleted", 1_737_391_449_000, false);
    } else {
        s.null("WhenSoftDeleted");
    }
    if lit {
        s.empty("InPlaceHolds");
    } else if h(seed, i, 52).is_multiple_of(50) {
        // An exclusion from an org-wide policy: not a hold (a trap that must stay silent).
        s.list("InPlaceHolds", &[format!("-mbx{}", hex32(seed, 0, 53))]);
    } else {
        s.empty("InPlaceHolds");
    }
    if full {
        s.empty("GeneratedOfflineAddressBooks");
        s.bool("AccountDisabled", !user || inactive);
        if user {
            s.date("StsRefreshTokensValidFrom", wch - 20 * 86_400_000, false);
        } else {
            s.null("StsRefreshTokensValidFrom");
        }
        s.empty("NonCompliantDevices");
        s.null("EnforcedTimestamps");
        s.null("DataEncryptionPolicy");
        s.bool("MessageCopyForSMTPClientSubmissionEnabled", true);
        s.str("RecipientThrottlingThreshold", "Standard");
        s.str("SharedEmailDomainTenant", "");
        s.str("SharedEmailDomainState", "None");
        s.str("SharedWithTargetSmtpAddress", "");
        s.empty("MailTipTranslations");
    }
    s.str("ExternalDirectoryObjectId", &guid(seed, i, 54));
    if full {
        s.empty("AcceptMessagesOnlyFrom");
        s.empty("AcceptMessagesOnlyFromDLMembers");
        s.empty("AcceptMessagesOnlyFromSendersOrMembers");
        let mut al = str_list(&[
            "\\Mailboxes(VLV)",
            "\\All Mailboxes(VLV)",
            "\\All Recipients(VLV)",
            "\\Offline Global Address List",
            "\\Default Global Address List",
        ]);
        al.push(
            if kind == Kind::Room {
                "\\All Rooms"
            } else {
                "\\All Users"
            }
            .into(),
        );
        s.list("AddressListMembership", &al);
        s.empty("AdministrativeUnits");
    }
    s.str("Alias", &p.alias);
    if full {
        s.null("ArbitrationMailbox");
        s.empty("BypassModerationFromSendersOrMembers");
        s.str(
            "OrganizationalUnit",
            &format!("{SRC_FOREST}.prod.outlook.com/Microsoft Exchange Hosted Organizations/{SRC_INITIAL}"),
        );
        s.str("CustomAttribute1", "");
        s.str("CustomAttribute2", "");
        s.str("CustomAttribute10", "");
        s.str("CustomAttribute15", "");
        s.empty("ExtensionCustomAttribute1");
    }
    s.str("DisplayName", &p.display);
    s.list("EmailAddresses", &source_emails(o, p));
    s.empty("GrantSendOnBehalfTo");
    if full {
        s.bool("ExternalDirectoryObjectIdWritable", false);
        s.bool("HiddenFromAddressListsEnabled", inactive);
        s.null("LastExchangeChangedTime");
    }
    s.str("LegacyExchangeDN", &p.legacy_dn(seed, 0));
    if full {
        s.str("MaxSendSize", &q(35 * MB));
        s.str("MaxReceiveSize", &q(36 * MB));
        s.empty("ModeratedBy");
        s.bool("ModerationEnabled", false);
        s.empty("PoliciesIncluded");
        s.empty("PoliciesExcluded");
    }
    s.bool("EmailAddressPolicyEnabled", false);
    s.str("PrimarySmtpAddress", &primary);
    s.en("RecipientType", "UserMailbox", 2);
    s.en("RecipientTypeDetails", rtd.0, rtd.1);
    if full {
        s.empty("RejectMessagesFrom");
        s.empty("RejectMessagesFromDLMembers");
        s.empty("RejectMessagesFromSendersOrMembers");
        s.bool("RequireSenderAuthenticationEnabled", kind == Kind::Room);
        s.str("SimpleDisplayName", "");
        s.en("SendModerationNotifications", "Always", 2);
        s.empty("UMDtmfMap");
        s.str("WindowsEmailAddress", &primary);
        s.null("MailTip");
    }
    s.str("Identity", &p.alias);
    if full {
        s.bool("IsValid", true);
        s.str("ExchangeVersion", "0.20 (15.0.0.0)");
    }
    s.str("Name", &p.alias);
    s.str("DistinguishedName", &dn(SRC_INITIAL, SRC_FOREST, &p.alias));
    s.str("Guid", &obj_guid);
    if full {
        s.str(
            "ObjectCategory",
            &format!("{SRC_FOREST}.prod.outlook.com/Configuration/Schema/Person"),
        );
        s.strs(
            "ObjectClass",
            &["top", "person", "organizationalPerson", "user"],
        );
        s.date("WhenChanged", wch, false);
        s.date("WhenCreated", wc, false);
        s.date("WhenChangedUTC", wch, true);
        s.date("WhenCreatedUTC", wc, true);
    }
    s.str("ExchangeObjectId", &obj_guid);
    if full {
        s.str("OrganizationalUnitRoot", SRC_INITIAL);
        s.str("OrganizationId", &org_id(SRC_INITIAL, SRC_FOREST));
    }
    s.str("Id", &p.alias);
    if full {
        s.str("OriginatingServer", SRC_DC);
        s.en("ObjectState", "Unchanged", 1);
    }
    s.bool("IsDirSynced", false);
}

fn target_emails(o: &Options, p: &Pair) -> Vec<String> {
    let d = p.defect;
    let mut out = Vec::new();
    if d != Some(Defect::NoLegacyDnX500) {
        out.push(format!("x500:{}", p.legacy_dn(o.seed, 0)));
    }
    if let Some(x) = &p.old_x500
        && d != Some(Defect::MissingX500)
    {
        out.push(format!("x500:{x}"));
    }
    if let Some(x) = &p.x400
        && d != Some(Defect::MissingX400)
    {
        out.push(format!("X400:{x}"));
    }
    if d != Some(Defect::NoDeliveryProxy) {
        out.push(format!("smtp:{}@{TGT_INITIAL}", p.alias));
    }
    if d == Some(Defect::ProxyNotAccepted) {
        out.push(format!("smtp:{}@fabrikamgroup.com", p.local));
    }
    out.push(format!("SMTP:{}", p.tgt_primary()));
    out
}

/// Get-MailUser on the target: the property set of generate.py's `mailuser_record`.
fn target_mailuser(o: &Options, p: &Pair, s: &mut dyn Sink) {
    let seed = o.seed;
    let i = p.i;
    let d = p.defect;
    let full = o.full;
    let upn = format!("{}@{TGT_VANITY}", p.alias);
    let primary = p.tgt_primary();
    let obj_guid = guid(seed, i, 60);
    let wc = p.created_ms + 3 * 365 * 86_400_000;
    let wch = p.changed_ms + 20 * 86_400_000;
    let ext = if d == Some(Defect::ExternalNotSource) {
        format!("SMTP:{}@contoso-legacy.net", p.alias)
    } else {
        format!("SMTP:{}@{SRC_INITIAL}", p.alias)
    };
    let exg = if d == Some(Defect::StrayExchangeGuid) {
        guid(seed, i, 61)
    } else {
        p.exchange_guid.clone()
    };
    let arg = if d == Some(Defect::NoArchiveGuid) {
        ZERO.to_string()
    } else {
        p.archive_guid.clone()
    };
    let q = |b: u64| size(b);
    s.str("ExternalEmailAddress", &ext);
    if full {
        s.bool("UsePreferMessageFormat", false);
        s.en("MessageFormat", "Mime", 1);
        s.en("MessageBodyFormat", "TextAndHtml", 3);
        s.en("MacAttachmentFormat", "BinHex", 0);
        s.empty("ProtocolSettings");
        s.str("RecipientLimits", "500");
        let h6 = format!("{:016X}", h(seed, i, 62));
        s.str("SamAccountName", &format!("${}-{}", &h6[..6], &h6[6..16]));
        s.en("UseMapiRichTextFormat", "UseDefaultSettings", 2);
    }
    s.str("UserPrincipalName", &upn);
    if full {
        s.str("WindowsLiveID", &upn);
        s.str("MicrosoftOnlineServicesID", &upn);
        s.str(
            "NetID",
            &format!("1003{:012X}", h(seed, i, 63) & 0xFF_FFFF_FFFF),
        );
        s.en("ExchangeUserAccountControl", "None", 0);
    }
    s.str("RecoverableItemsQuota", &q(30 * GB));
    if full {
        s.str("RecoverableItemsWarningQuota", &q(20 * GB));
        s.str("CalendarLoggingQuota", &q(6 * GB));
    }
    s.bool("LitigationHoldEnabled", false);
    if full {
        s.bool("SingleItemRecoveryEnabled", false);
        s.bool("RetentionHoldEnabled", false);
        s.null("EndDateForRetentionHold");
        s.null("StartDateForRetentionHold");
        s.str("RetentionComment", "");
        s.str("RetentionUrl", "");
        s.null("LitigationHoldDate");
        s.str("LitigationHoldOwner", "");
    }
    s.bool("ComplianceTagHoldApplied", false);
    s.bool("DelayHoldApplied", false);
    s.bool("DelayReleaseHoldApplied", false);
    s.empty("InPlaceHolds");
    if full {
        s.str("LitigationHoldDuration", "Unlimited");
        s.str("RetainDeletedItemsFor", "14.00:00:00");
    }
    s.str("ExchangeGuid", &exg);
    s.str("ArchiveGuid", &arg);
    if full {
        if p.archive {
            s.list("ArchiveName", &[format!("In-Place Archive -{}", p.display)]);
        } else {
            s.empty("ArchiveName");
        }
    }
    s.str("ArchiveQuota", &q(100 * GB));
    if full {
        s.str("ArchiveWarningQuota", &q(90 * GB));
    }
    s.null("ArchiveDatabase");
    s.en("ArchiveStatus", "None", 0);
    if full {
        s.str("ArchiveState", "None");
        s.str("ArchiveRelease", "");
        s.null("DisabledArchiveDatabase");
    }
    s.str("DisabledArchiveGuid", ZERO);
    if full {
        s.null("MailboxProvisioningConstraint");
        s.empty("MailboxProvisioningPreferences");
        s.null("MailboxRegion");
    }
    s.empty("MailboxLocations");
    s.empty("PersistedCapabilities");
    s.null("SKUAssigned");
    s.bool("IsInactiveMailbox", false);
    s.null("WhenSoftDeleted");
    s.bool("IsSoftDeletedByRemove", false);
    s.bool("IsSoftDeletedByDisable", false);
    if full {
        s.bool("AccountDisabled", false);
        s.date("StsRefreshTokensValidFrom", wc + 120_000, false);
        s.str("UsageLocation", "Germany");
        s.str("JournalArchiveAddress", "");
    }
    s.bool("IsDirSynced", false);
    if full {
        s.empty("AcceptMessagesOnlyFrom");
        s.empty("AcceptMessagesOnlyFromDLMembers");
        s.empty("AcceptMessagesOnlyFromSendersOrMembers");
        s.deep(
            "AddressListMembership",
            "Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Data.Directory.ADObjectId]",
            &[
                "\\All Recipients(VLV)".to_string(),
                "\\Mail Users(VLV)".into(),
                "\\Default Global Address List".into(),
                "\\All Users".into(),
                "\\Offline Global Address List".into(),
            ],
        );
        s.empty("AdministrativeUnits");
    }
    s.str("Alias", &p.alias);
    if full {
        s.null("ArbitrationMailbox");
        s.empty("BypassModerationFromSendersOrMembers");
        s.str(
            "OrganizationalUnit",
            &format!("{TGT_FOREST}.prod.outlook.com/Microsoft Exchange Hosted Organizations/{TGT_INITIAL}"),
        );
        s.str("CustomAttribute1", "Cross-Tenant-Project");
        s.str("CustomAttribute2", "");
        s.str("CustomAttribute10", "");
        s.str("CustomAttribute15", "");
        s.empty("ExtensionCustomAttribute1");
    }
    s.str("DisplayName", &p.display);
    s.list("EmailAddresses", &target_emails(o, p));
    s.empty("GrantSendOnBehalfTo");
    if full {
        s.bool("ExternalDirectoryObjectIdWritable", false);
        s.bool("HiddenFromAddressListsEnabled", false);
        s.null("LastExchangeChangedTime");
    }
    s.str("LegacyExchangeDN", &p.legacy_dn(seed, 1));
    if full {
        s.str("MaxSendSize", "Unlimited");
        s.str("MaxReceiveSize", "Unlimited");
        s.empty("ModeratedBy");
        s.bool("ModerationEnabled", false);
        s.empty("PoliciesIncluded");
        s.empty("PoliciesExcluded");
    }
    s.bool("EmailAddressPolicyEnabled", false);
    s.str("PrimarySmtpAddress", &primary);
    s.en("RecipientType", "MailUser", 5);
    s.en("RecipientTypeDetails", "MailUser", 128);
    if full {
        s.empty("RejectMessagesFrom");
        s.empty("RejectMessagesFromDLMembers");
        s.empty("RejectMessagesFromSendersOrMembers");
        s.bool("RequireSenderAuthenticationEnabled", false);
        s.str("SimpleDisplayName", "");
        s.en("SendModerationNotifications", "Always", 2);
        s.empty("UMDtmfMap");
        s.str("WindowsEmailAddress", &primary);
        s.null("MailTip");
    }
    s.str("ExternalDirectoryObjectId", &guid(seed, i, 64));
    s.str("Identity", &p.alias);
    if full {
        s.bool("IsValid", true);
        s.str("ExchangeVersion", "0.20 (15.0.0.0)");
    }
    s.str("Name", &p.alias);
    s.str("DistinguishedName", &dn(TGT_INITIAL, TGT_FOREST, &p.alias));
    s.str("Guid", &obj_guid);
    if full {
        s.str(
            "ObjectCategory",
            &format!("{TGT_FOREST}.prod.outlook.com/Configuration/Schema/Person"),
        );
        s.strs(
            "ObjectClass",
            &["top", "person", "organizationalPerson", "user"],
        );
        s.date("WhenChanged", wch, false);
        s.date("WhenCreated", wc, false);
        s.date("WhenChangedUTC", wch, true);
        s.date("WhenCreatedUTC", wc, true);
    }
    s.str("ExchangeObjectId", &obj_guid);
    if full {
        s.str("OrganizationalUnitRoot", TGT_INITIAL);
        s.str("OrganizationId", &org_id(TGT_INITIAL, TGT_FOREST));
    }
    s.str("Id", &p.alias);
    if full {
        s.str("OriginatingServer", TGT_DC);
        s.en("ObjectState", "Unchanged", 1);
    }
}

/// Get-MailboxStatistics on the source (the columns admins select).
fn source_stats(o: &Options, p: &Pair, s: &mut dyn Sink) {
    s.str("DisplayName", &p.display);
    s.str("MailboxGuid", &p.exchange_guid);
    s.str("TotalItemSize", &size(p.item_bytes));
    s.str("TotalDeletedItemSize", &size(p.deleted_bytes));
    s.int("ItemCount", (p.item_bytes / 72_000) as i64);
    s.int("DeletedItemCount", (p.deleted_bytes / 90_000) as i64);
    if p.kind == Kind::Room || p.defect == Some(Defect::Inactive) {
        s.null("LastLogonTime");
    } else {
        s.date(
            "LastLogonTime",
            1_741_900_000_000 - (h(o.seed, p.i, 70) % (4 * 86_400)) as i64 * 1000,
            false,
        );
    }
    s.bool("IsArchiveMailbox", false);
}

/// Get-User on the target.
fn target_user(o: &Options, p: &Pair, s: &mut dyn Sink) {
    let seed = o.seed;
    let full = o.full;
    s.str("Name", &p.alias);
    s.str("UserPrincipalName", &format!("{}@{TGT_VANITY}", p.alias));
    s.str("ExternalDirectoryObjectId", &guid(seed, p.i, 64));
    s.str("Identity", &p.alias);
    s.str("RecipientType", "MailUser");
    s.str("RecipientTypeDetails", "MailUser");
    s.str(
        "PreviousRecipientTypeDetails",
        if p.defect == Some(Defect::PreviousMailbox) {
            "UserMailbox"
        } else {
            "None"
        },
    );
    s.bool("IsDirSynced", false);
    s.str("WindowsEmailAddress", &p.tgt_primary());
    s.str("Guid", &guid(seed, p.i, 60));
    if full {
        s.str("DisplayName", &p.display);
        s.str("FirstName", p.display.split(' ').next().unwrap_or(""));
        s.str("LastName", p.display.rsplit(' ').next().unwrap_or(""));
        s.str(
            "Department",
            ["Sales", "Finance", "IT", "Legal", "Operations"][p.i % 5],
        );
        s.str("Company", "Fabrikam Inc");
        s.str("CountryOrRegion", "Germany");
        s.str("City", "Berlin");
        s.str("Office", "");
        s.str("Phone", "");
        s.str("Title", "");
        s.str("Manager", "");
        s.strs(
            "ObjectClass",
            &["top", "person", "organizationalPerson", "user"],
        );
        s.strs("AdministrativeUnits", &[]);
        s.str("UserAccountControl", "NormalAccount");
        s.bool("AccountDisabled", false);
        s.str("SKUAssigned", "");
        s.str("OrganizationalUnit", &format!("{TGT_FOREST}.prod.outlook.com/Microsoft Exchange Hosted Organizations/{TGT_INITIAL}"));
        s.str("DistinguishedName", &dn(TGT_INITIAL, TGT_FOREST, &p.alias));
        s.str("WhenCreated", "18.11.2024 13:02:51");
        s.str("WhenChanged", "03.03.2025 10:05:00");
    }
}

// ---------------------------------------------------------------------------------------------
// The snapshot
// ---------------------------------------------------------------------------------------------

const ORG_FILES: &[(&str, &[u8])] = &[
    (
        "source/accepted-domains.json",
        include_bytes!("../../sample-exports/cross-tenant/source/accepted-domains.json"),
    ),
    (
        "source/organization-config.json",
        include_bytes!("../../sample-exports/cross-tenant/source/organization-config.json"),
    ),
    (
        "source/organization-relationship.json",
        include_bytes!("../../sample-exports/cross-tenant/source/organization-relationship.json"),
    ),
    (
        "target/accepted-domains.json",
        include_bytes!("../../sample-exports/cross-tenant/target/accepted-domains.json"),
    ),
    (
        "target/organization-config.json",
        include_bytes!("../../sample-exports/cross-tenant/target/organization-config.json"),
    ),
    (
        "target/organization-relationship.json",
        include_bytes!("../../sample-exports/cross-tenant/target/organization-relationship.json"),
    ),
    (
        "target/migration-endpoint.json",
        include_bytes!("../../sample-exports/cross-tenant/target/migration-endpoint.json"),
    ),
];

/// The tenant IDs of the two tenants (for `--source-tenant-id` / `--target-tenant-id`).
pub const SOURCE_TENANT_ID: &str = SRC_TENANT_ID;
pub const TARGET_TENANT_ID: &str = "ac8b7685-2638-5b3e-983e-76ea58d8d386";

fn ext(f: Format) -> &'static str {
    if f == Format::Csv { "csv" } else { "json" }
}

/// Writes the snapshot into `out` (`out/source`, `out/target`).
pub fn generate(out: &Path, o: &Options) -> io::Result<Summary> {
    std::fs::create_dir_all(out.join("source"))?;
    std::fs::create_dir_all(out.join("target"))?;
    let mut bytes = 0u64;
    for (rel, data) in ORG_FILES {
        std::fs::write(out.join(rel), data)?;
        bytes += data.len() as u64;
    }
    let n = o.pairs;
    let src_path = out.join(format!("source/mailboxes.{}", ext(o.source_format)));
    let tgt_path = out.join(format!("target/mailusers.{}", ext(o.target_format)));
    let stats_path = out.join("source/mailbox-statistics.csv");
    let users_path = out.join("target/users.csv");
    let results: Vec<io::Result<u64>> = std::thread::scope(|scope| {
        let a = scope.spawn(|| {
            write_export(
                &src_path,
                o.source_format,
                "Deserialized.Microsoft.Exchange.Data.Directory.Management.Mailbox",
                ',',
                Enc::Utf8Bom,
                n,
                &|i, s| {
                    source_mailbox(o, &pair(o, i), s);
                    true
                },
            )
        });
        let b = scope.spawn(|| {
            write_export(
                &tgt_path,
                o.target_format,
                "Deserialized.Microsoft.Exchange.Data.Directory.Management.MailUser",
                ',',
                Enc::Utf8Bom,
                n,
                &|i, s| {
                    let p = pair(o, i);
                    if !p.has_target() {
                        return false;
                    }
                    target_mailuser(o, &p, s);
                    true
                },
            )
        });
        let c = scope.spawn(|| -> io::Result<u64> {
            let x = write_export(
                &stats_path,
                Format::Csv,
                "Selected.Microsoft.Exchange.Management.MapiTasks.Presentation.MailboxStatistics",
                ',',
                Enc::Ascii,
                n,
                &|i, s| {
                    source_stats(o, &pair(o, i), s);
                    true
                },
            )?;
            let y = write_export(
                &users_path,
                Format::Csv,
                "Selected.Microsoft.Exchange.Data.Directory.Management.User",
                ';',
                Enc::Ascii,
                n,
                &|i, s| {
                    let p = pair(o, i);
                    if !p.has_target() {
                        return false;
                    }
                    target_user(o, &p, s);
                    true
                },
            )?;
            Ok(x + y)
        });
        vec![a.join().unwrap(), b.join().unwrap(), c.join().unwrap()]
    });
    for r in results {
        bytes += r?;
    }
    let mut summary = Summary {
        bytes,
        ..Summary::default()
    };
    for i in 0..n {
        let p = pair(o, i);
        if let Some(d) = p.defect {
            for rule in d.rules() {
                summary.expected.push((rule, p.src_primary()));
            }
        }
        if p.has_target() {
            summary.batch_addresses.push(p.tgt_primary());
        }
    }
    Ok(summary)
}

/// A New-MigrationBatch CSV naming the first `size` pairs' target addresses.
pub fn write_batch(path: &Path, summary: &Summary, size: usize) -> io::Result<()> {
    let mut text = String::from("EmailAddress\r\n");
    for a in summary.batch_addresses.iter().take(size) {
        text.push_str(a);
        text.push_str("\r\n");
    }
    std::fs::write(path, text)
}
