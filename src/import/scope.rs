//! Batch-scoped loading: when batch files decide the scope of a check, only the records of the
//! objects the batches reach are typed.
//!
//! 1. The batch and mapping files (outside `source/` and `target/`) are read first.
//! 2. Every export is read once. Exports of other kinds than [`SCOPED_KINDS`] are typed whole.
//!    In the scoped ones each record is scanned from its raw text (JSON: before serde sees it;
//!    CSV: its fields) for the values of its key and name properties ([`KEY_PROPS`],
//!    [`NAME_PROPS`]), of which only hashes are kept: the *runs* (maximal runs of plain
//!    characters, see [`is_plain`]) it can be found by, and the *needles* (one distinctive run
//!    per key, see [`needle`]) it finds others by. Nothing else of it is parsed.
//! 3. In memory, the needles of the batch entries (and mapping rows) select the records holding
//!    them as a run; the needles of the selected records, and of the delegates their
//!    Get-MailboxPermission rows name, select more, until nothing new is selected (a closure: a
//!    second source claiming the same target, a target already holding an address or GUID, a
//!    statistics or Get-User row, a delegate are all reached).
//! 4. Each scoped file is read again and only its selected records are parsed and typed (the
//!    others are replaced by `{}`, so every record keeps its index and location); they count as
//!    out of scope ([`crate::model::InputFile::records_out_of_scope`]), not as skipped.
//!
//! It is a pre-filter: a record that merely shares a run with a needle is typed too (harmless),
//! but a record of a reached object must never be left out. Hence:
//! - runs and needles are made of characters no exporter escapes (`[A-Za-z0-9@._ -]`; Windows
//!   PowerShell 5.1 writes `'` `<` `>` `&` as `\u0027` …), so an escaped character only splits a
//!   value into more runs; a needle is a run of its key (its last `/`-part's longest run), found
//!   in every value equal to the key, with or without a `smtp:` / `x500:` prefix;
//! - a GUID is also found by its last 12 hex digits, in its dashed, braced and bare forms;
//! - joined multi-valued CSV cells count whole and split as the typed reader splits them;
//! - the records up to the one a file's kind is detected by are always kept;
//! - a record the quick scan cannot take apart (nested objects under a key property) is parsed;
//!   a file the fast JSON reader cannot cut into records is read again whole in step 4;
//! - a reached key without any plain character (nothing to search for) turns the scoping off.
//!
//! Limits: a syntax error or a bad value inside a record that is never parsed is not reported
//! (IN001 speaks of the records read); tenant-wide object rules (HY008) see only the objects
//! reached; the migration kind is detected from the objects read (give `--kind` when the
//! exports mix platforms).

use super::kinds::Built;
use super::properties::Prop;
use super::raw::{RawRecord, RawValue};
use super::{ExportKind, FileResult, Planned, read_decoded, read_file};
use crate::values::Caseless;
use rayon::prelude::*;
use std::cell::{Cell, RefCell};
use std::io::Read;

/// The per-object exports a scoped load filters; every other export is read whole.
pub const SCOPED_KINDS: [ExportKind; 5] = [
    ExportKind::Mailbox,
    ExportKind::MailUser,
    ExportKind::RemoteMailbox,
    ExportKind::User,
    ExportKind::MailboxStatistics,
];

/// Properties whose values link an object to others (pairing, duplicates, joins, delegates).
const KEY_PROPS: [Prop; 16] = [
    Prop::Identity,
    Prop::UserPrincipalName,
    Prop::PrimarySmtpAddress,
    Prop::WindowsEmailAddress,
    Prop::EmailAddresses,
    Prop::LegacyExchangeDn,
    Prop::ExternalEmailAddress,
    Prop::RemoteRoutingAddress,
    Prop::Guid,
    Prop::ExchangeObjectId,
    Prop::ExternalDirectoryObjectId,
    Prop::ExchangeGuid,
    Prop::ArchiveGuid,
    Prop::DisabledArchiveGuid,
    Prop::MailboxGuid,
    Prop::GrantSendOnBehalfTo,
];

/// Properties a permission row or a mapping file may name an object by.
const NAME_PROPS: [Prop; 8] = [
    Prop::PrimarySmtpAddress,
    Prop::WindowsEmailAddress,
    Prop::UserPrincipalName,
    Prop::Alias,
    Prop::Identity,
    Prop::Name,
    Prop::DisplayName,
    Prop::DistinguishedName,
];

/// A key that yields no needle: nothing could find the records naming it.
#[derive(Debug, PartialEq, Eq)]
pub struct Unsearchable;

/// Characters no exporter escapes, in JSON or CSV.
fn is_plain(b: u8) -> bool {
    PLAIN[b as usize]
}

/// [`is_plain`] as a table.
static PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'@' | b'.' | b'_' | b'-' | b' ');
        b += 1;
    }
    table
};

/// Calls `each` with every run of plain characters of `text` (trimmed of spaces, non-empty)
/// and returns the distinctive one: the first longest run after the last `/`, else the first
/// longest run of the whole text.
fn walk_runs<'t>(text: &'t str, mut each: impl FnMut(&'t str)) -> Option<&'t str> {
    let bytes = text.as_bytes();
    let mut longest: Option<&'t str> = None;
    let mut longest_in_last: Option<&'t str> = None;
    let mut i = 0;
    while i < bytes.len() {
        if !is_plain(bytes[i]) {
            if bytes[i] == b'/' {
                longest_in_last = None;
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_plain(bytes[i]) {
            i += 1;
        }
        // Plain characters are ASCII: these are character boundaries.
        let run = text.get(start..i).unwrap_or("").trim_matches(' ');
        if run.is_empty() {
            continue;
        }
        each(run);
        if longest.is_none_or(|l| run.len() > l.len()) {
            longest = Some(run);
        }
        if longest_in_last.is_none_or(|l| run.len() > l.len()) {
            longest_in_last = Some(run);
        }
    }
    longest_in_last.or(longest)
}

/// The GUID form of a key text: its last 12 hex digits, in every form `Guid::parse` reads
/// (dashed, braced, 32 bare digits; `Some(None)` for the nil GUID); `None` when the text is no
/// GUID.
fn guid_needle(text: &str) -> Option<Option<&str>> {
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    let b = inner.as_bytes();
    let well_formed = match b.len() {
        32 => b.iter().all(u8::is_ascii_hexdigit),
        36 => b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        }),
        _ => false,
    };
    if !well_formed {
        return None;
    }
    if b.iter().all(|c| matches!(c, b'0' | b'-')) {
        return Some(None);
    }
    Some(inner.get(inner.len() - 12..))
}

/// Walks the runs of one key text (see [`walk_runs`]) and returns its needle: a run of it that
/// every record holding the text holds as one of its runs (compared case-insensitively).
/// `Ok(None)` for a text that is no key (blank, a nil GUID, an X.400 address).
fn key_runs<'t>(text: &'t str, each: impl FnMut(&'t str)) -> Result<Option<&'t str>, Unsearchable> {
    let text = text.trim();
    let distinctive = walk_runs(text, each);
    if text.is_empty()
        || text
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("x400:"))
    {
        return Ok(None);
    }
    if let Some(guid) = guid_needle(text) {
        return Ok(guid);
    }
    distinctive.map(Some).ok_or(Unsearchable)
}

/// The needle of one key text (see [`key_runs`]).
pub fn needle(text: &str) -> Result<Option<&str>, Unsearchable> {
    key_runs(text, |_| {})
}

/// The case-insensitive hash of a run or needle (plain ASCII text), as index keys are hashed
/// ([`Caseless`]): needles and runs are compared by hash (a collision only selects one record too
/// many).
fn hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(Caseless(text))
}

/// The last 12 characters of a run when they are hex digits: a GUID in any of its forms.
fn hex_suffix(run: &str) -> Option<&str> {
    let tail = run.get(run.len().checked_sub(12)?..)?;
    tail.bytes().all(|b| b.is_ascii_hexdigit()).then_some(tail)
}

fn is_key(prop: Prop) -> bool {
    KEY_PROPS.contains(&prop)
}

fn is_interesting(prop: Prop) -> bool {
    is_key(prop) || NAME_PROPS.contains(&prop)
}

/// Splits a joined multi-valued cell the way the typed reader does.
fn split_joined(prop: Prop, text: &str) -> Vec<&str> {
    match prop {
        Prop::EmailAddresses => crate::values::split_proxy_list(text),
        Prop::GrantSendOnBehalfTo => crate::values::split_multi(text, false),
        _ => Vec::new(),
    }
}

/// What one record is found by (`runs`: hashes of the runs of its key and name values) and
/// what it finds once reached (`needles`: hashes of the needles of its keys).
#[derive(Default)]
struct Keys {
    runs: Vec<u64>,
    needles: Vec<u64>,
    unsearchable: bool,
}

impl Keys {
    /// One text value; a joined multi-valued cell counts whole and split.
    fn add_text(&mut self, prop: Prop, text: &str) {
        self.add_item(prop, text);
        for item in split_joined(prop, text) {
            self.add_item(prop, item);
        }
    }

    /// One item of a list (the typed reader does not split those).
    fn add_list_item(&mut self, prop: Prop, text: &str) {
        self.add_item(prop, text);
    }

    fn add_item(&mut self, prop: Prop, text: &str) {
        let runs = &mut self.runs;
        let each = |run: &str| {
            runs.push(hash(run));
            if let Some(tail) = hex_suffix(run) {
                runs.push(hash(tail));
            }
        };
        if !is_key(prop) {
            walk_runs(text, each);
            return;
        }
        match key_runs(text, each) {
            Ok(Some(n)) => self.needles.push(hash(n)),
            Ok(None) => {}
            Err(Unsearchable) => self.unsearchable = true,
        }
    }

    /// A parsed value, as the typed reader sees it (lists, the 5.1 wrappers, objects).
    fn add_value(&mut self, prop: Prop, value: &RawValue) {
        match value {
            RawValue::Text(t) => self.add_text(prop, t),
            RawValue::List(items) => {
                for item in items {
                    match item {
                        RawValue::Text(t) => self.add_list_item(prop, t),
                        other => self.add_value(prop, other),
                    }
                }
            }
            RawValue::Object(members) => members.iter().for_each(|(_, v)| self.add_value(prop, v)),
            RawValue::Null | RawValue::Bool(_) | RawValue::Number(_) => {}
        }
    }

    fn add_record(&mut self, record: &RawRecord) {
        for (prop, value) in &record.props {
            if is_interesting(*prop) {
                self.add_value(*prop, value);
            }
        }
    }
}

/// A JSON record the quick scan does not take apart (nested objects under a key property,
/// escaped property names, invalid text): it is parsed instead.
struct Complex;

/// A cursor over one record's raw JSON text.
struct Cursor<'b> {
    b: &'b [u8],
    i: usize,
}

impl<'b> Cursor<'b> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), Complex> {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(Complex)
        }
    }

    /// A string at the cursor: its raw contents and whether it holds escapes.
    fn string(&mut self) -> Result<(&'b [u8], bool), Complex> {
        self.expect(b'"')?;
        let start = self.i;
        let mut escaped = false;
        loop {
            let rest = self.b.get(self.i..).ok_or(Complex)?;
            let at = memchr::memchr2(b'"', b'\\', rest).ok_or(Complex)?;
            self.i += at;
            if self.b[self.i] == b'\\' {
                escaped = true;
                self.i += 2;
            } else {
                let raw = &self.b[start..self.i];
                self.i += 1;
                return Ok((raw, escaped));
            }
        }
    }

    /// A string's text.
    fn text(&mut self) -> Result<std::borrow::Cow<'b, str>, Complex> {
        let from = self.i;
        let (raw, escaped) = self.string()?;
        if escaped {
            serde_json::from_slice::<String>(&self.b[from..self.i])
                .map(std::borrow::Cow::Owned)
                .map_err(|_| Complex)
        } else {
            std::str::from_utf8(raw)
                .map(std::borrow::Cow::Borrowed)
                .map_err(|_| Complex)
        }
    }

    /// Skips a number, `true`, `false` or `null`.
    fn scalar(&mut self) {
        while self
            .peek()
            .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
        {
            self.i += 1;
        }
    }

    /// Skips any value.
    fn skip(&mut self) -> Result<(), Complex> {
        self.ws();
        match self.peek().ok_or(Complex)? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek().ok_or(Complex)? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Ok(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                self.scalar();
                Ok(())
            }
        }
    }

    /// The value of a key or name property: its texts go to `keys`.
    fn value(&mut self, prop: Prop, keys: &mut Keys) -> Result<(), Complex> {
        self.ws();
        match self.peek().ok_or(Complex)? {
            b'"' => keys.add_text(prop, &self.text()?),
            b'[' => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(());
                }
                loop {
                    self.ws();
                    match self.peek().ok_or(Complex)? {
                        b'"' => keys.add_list_item(prop, &self.text()?),
                        b'{' | b'[' => return Err(Complex),
                        _ => self.scalar(),
                    }
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(());
                        }
                        _ => return Err(Complex),
                    }
                }
            }
            b'{' => return Err(Complex),
            _ => self.scalar(),
        }
        Ok(())
    }
}

/// The properties of one record by position, to skip the name lookup of the records after the
/// first (the records of one export share their property order).
#[derive(Default)]
struct PropCache {
    names: Vec<(Box<[u8]>, Option<Prop>)>,
}

impl PropCache {
    /// The key or name property `name` is, if any.
    fn lookup(&mut self, pos: usize, name: &[u8]) -> Result<Option<Prop>, Complex> {
        if let Some((n, p)) = self.names.get(pos)
            && **n == *name
        {
            return Ok(*p);
        }
        let text = std::str::from_utf8(name).map_err(|_| Complex)?;
        let prop = Prop::lookup(text).filter(|p| is_interesting(*p));
        let entry = (Box::from(name), prop);
        if pos < self.names.len() {
            self.names[pos] = entry;
        } else {
            self.names.push(entry);
        }
        Ok(prop)
    }
}

/// The keys of one record from its raw JSON text (which may go on after the record), without
/// parsing the rest; the length of the record.
fn scan_json(bytes: &[u8], cache: &mut PropCache, keys: &mut Keys) -> Result<usize, Complex> {
    let mut c = Cursor { b: bytes, i: 0 };
    c.expect(b'{')?;
    c.ws();
    if c.peek() == Some(b'}') {
        return Ok(c.i + 1);
    }
    let mut pos = 0;
    loop {
        c.ws();
        let (name, escaped) = c.string()?;
        if escaped {
            return Err(Complex);
        }
        c.expect(b':')?;
        match cache.lookup(pos, name)? {
            Some(prop) => c.value(prop, keys)?,
            None => c.skip()?,
        }
        pos += 1;
        c.ws();
        match c.peek() {
            Some(b',') => c.i += 1,
            Some(b'}') => return Ok(c.i + 1),
            _ => return Err(Complex),
        }
    }
}

/// One record of a scoped file as the scan saw it.
struct ScanRec {
    index: u32,
    runs: std::ops::Range<usize>,
    needles: std::ops::Range<usize>,
    unsearchable: bool,
}

/// What the scan of one file found.
#[derive(Default)]
struct ScanOut {
    recs: Vec<ScanRec>,
    runs: Vec<u64>,
    needles: Vec<u64>,
    /// The record the kind was detected by: it and the ones before are always kept.
    detected_at: Option<u32>,
    /// Where each record starts and ends in the decoded text (JSON read by the fast reader).
    spans: Vec<(u64, u64)>,
    cache: PropCache,
    /// The key or name property of each CSV column.
    columns: Vec<Option<Prop>>,
}

impl ScanOut {
    fn push(&mut self, index: u32, keys: Keys) {
        let runs = self.runs.len()..self.runs.len() + keys.runs.len();
        let needles = self.needles.len()..self.needles.len() + keys.needles.len();
        self.runs.extend(keys.runs);
        self.needles.extend(keys.needles);
        self.recs.push(ScanRec {
            index,
            runs,
            needles,
            unsearchable: keys.unsearchable,
        });
    }
}

enum Mode<'a> {
    /// Note the keys of every record.
    Scan,
    /// Type the `selected` records (sorted).
    Final { selected: &'a [u32] },
}

/// The scope of one read of one file, shared by the record splitter and the record sink.
pub struct FileFilter<'a> {
    mode: Mode<'a>,
    /// The file's kind is detected and is one of [`SCOPED_KINDS`].
    active: Cell<bool>,
    /// Records left out before they were parsed.
    unparsed: Cell<u64>,
    /// Records left out after they were parsed (read by a reader without the raw hook).
    dropped: Cell<u64>,
    scan: RefCell<ScanOut>,
}

impl<'a> FileFilter<'a> {
    fn new(mode: Mode<'a>) -> Self {
        FileFilter {
            mode,
            active: Cell::new(false),
            unparsed: Cell::new(0),
            dropped: Cell::new(0),
            scan: RefCell::new(ScanOut::default()),
        }
    }

    /// Records left out of this read.
    pub fn out_of_scope(&self) -> u64 {
        self.unparsed.get() + self.dropped.get()
    }

    /// Records left out without reaching the record sink (not yet counted as read).
    pub fn unparsed(&self) -> u64 {
        self.unparsed.get()
    }

    /// Back to the start of the file (the reader starts over).
    pub fn reset(&self) {
        self.active.set(false);
        self.unparsed.set(0);
        self.dropped.set(0);
        *self.scan.borrow_mut() = ScanOut::default();
    }

    /// The file's kind was detected, by the record `index`.
    pub fn detected(&self, kind: Option<ExportKind>, index: u32) {
        let scoped = kind.is_some_and(|k| SCOPED_KINDS.contains(&k));
        self.active.set(scoped);
        if scoped {
            self.scan.borrow_mut().detected_at = Some(index);
        }
    }

    /// A CSV header.
    pub fn header(&self, columns: &[String]) {
        self.scan.borrow_mut().columns = columns
            .iter()
            .map(|c| Prop::lookup(c).filter(|p| is_interesting(*p)))
            .collect();
    }

    fn left_out(&self) -> bool {
        self.unparsed.set(self.unparsed.get() + 1);
        false
    }

    /// Whether to parse a JSON record, from its raw bytes starting at `at` in the text.
    pub fn keep_raw(&self, index: u32, at: u64, bytes: &[u8]) -> bool {
        let mut scan = self.scan.borrow_mut();
        let scan = &mut *scan;
        if matches!(self.mode, Mode::Scan) && scan.spans.len() == index as usize {
            scan.spans.push((at, at + bytes.len() as u64));
        }
        if !self.active.get() {
            return true;
        }
        match &self.mode {
            Mode::Scan => {
                let mut keys = Keys::default();
                match scan_json(bytes, &mut scan.cache, &mut keys) {
                    Ok(_) => {
                        scan.push(index, keys);
                        self.left_out()
                    }
                    // Parsed and noted by `admit`.
                    Err(Complex) => true,
                }
            }
            Mode::Final { selected } => selected.binary_search(&index).is_ok() || self.left_out(),
        }
    }

    /// Scans a JSON record from the text at its start, before the record is cut out: its length
    /// when it was taken apart (its keys noted, the record left out), `None` to cut it out and
    /// hand it to [`FileFilter::keep_raw`] (not a scan, kind not known yet, a record the quick
    /// scan cannot take apart, or one that goes on past the text read so far).
    pub fn quick(&self, index: u32, at: u64, text: &[u8]) -> Option<usize> {
        if !matches!(self.mode, Mode::Scan) || !self.active.get() {
            return None;
        }
        let mut scan = self.scan.borrow_mut();
        let scan = &mut *scan;
        if scan.spans.len() != index as usize {
            return None;
        }
        let mut keys = Keys::default();
        let len = scan_json(text, &mut scan.cache, &mut keys).ok()?;
        scan.spans.push((at, at + len as u64));
        scan.push(index, keys);
        self.left_out();
        Some(len)
    }

    /// Whether to type a CSV row, from its fields.
    pub fn keep_row(&self, index: u32, row: &::csv::ByteRecord) -> bool {
        if !self.active.get() {
            return true;
        }
        match &self.mode {
            Mode::Scan => {
                let mut scan = self.scan.borrow_mut();
                let mut keys = Keys::default();
                for (field, prop) in row.iter().zip(&scan.columns) {
                    if let Some(prop) = prop {
                        keys.add_text(*prop, &String::from_utf8_lossy(field));
                    }
                }
                scan.push(index, keys);
                drop(scan);
                self.left_out()
            }
            Mode::Final { selected } => selected.binary_search(&index).is_ok() || self.left_out(),
        }
    }

    /// Whether to type a parsed record of a detected kind; a scan notes its keys instead.
    pub fn admit(&self, record: &RawRecord) -> bool {
        if !self.active.get() {
            return true;
        }
        match &self.mode {
            Mode::Scan => {
                let mut keys = Keys::default();
                keys.add_record(record);
                self.scan.borrow_mut().push(record.index, keys);
                self.dropped.set(self.dropped.get() + 1);
                false
            }
            Mode::Final { selected } => {
                let keep = selected.binary_search(&record.index).is_ok();
                if !keep {
                    self.dropped.set(self.dropped.get() + 1);
                }
                keep
            }
        }
    }
}

/// Hashes of [`hash`] values: they are hashes already, one multiplication spreads them.
type HashSet64 = rustc_hash::FxHashSet<u64>;

/// What the closure has reached so far.
#[derive(Default)]
struct Reach {
    /// Hashes of the needles of the reached objects (and of the batch entries).
    needles: HashSet64,
    /// Hashes of the runs of the reached objects' keys and names.
    runs: HashSet64,
    unsearchable: bool,
}

impl Reach {
    /// Adds the needle of `text`; true when it is new.
    fn add_text(&mut self, text: &str) -> bool {
        match needle(text) {
            Ok(Some(n)) => self.needles.insert(hash(n)),
            Ok(None) => false,
            Err(Unsearchable) => {
                self.unsearchable = true;
                false
            }
        }
    }

    /// Whether `text` may name a reached object: its needle is one of the reached runs, or it
    /// has no needle to tell (then it may).
    fn names(&self, text: &str) -> bool {
        match needle(text) {
            Ok(Some(n)) => self.runs.contains(&hash(n)),
            _ => !text.trim().is_empty(),
        }
    }
}

/// Adds the needles batch and mapping files start the closure with; false when no batch file
/// was read (nothing to scope to).
fn seed(results: &[Option<FileResult>], reach: &mut Reach) -> bool {
    let mut any_batch = false;
    for r in results.iter().flatten() {
        any_batch |= r.input.kind == Some(ExportKind::Batch);
        for built in &r.built {
            match built {
                Built::BatchEntry(e) => {
                    reach.add_text(e.address.as_str());
                }
                Built::Mapping(m) => {
                    reach.add_text(&m.source);
                    reach.add_text(&m.target);
                }
                _ => {}
            }
        }
    }
    any_batch
}

/// Selects every scanned record one of whose runs is a reached needle, then the records those
/// reach, until nothing new is reached. `selected[f][k]` is for `scans[f].1.recs[k]`.
fn close(
    scans: &[(usize, ScanOut)],
    results: &[Option<FileResult>],
    reach: &mut Reach,
) -> Vec<Vec<bool>> {
    let mut selected: Vec<Vec<bool>> = scans
        .iter()
        .map(|(_, s)| vec![false; s.recs.len()])
        .collect();
    loop {
        let mut grew = false;
        for ((_, scan), chosen) in scans.iter().zip(&mut selected) {
            for (rec, chosen) in scan.recs.iter().zip(chosen.iter_mut()) {
                if *chosen {
                    continue;
                }
                let always = scan.detected_at.is_some_and(|d| rec.index <= d);
                if always
                    || scan.runs[rec.runs.clone()]
                        .iter()
                        .any(|h| reach.needles.contains(h))
                {
                    *chosen = true;
                    grew = true;
                    reach.unsearchable |= rec.unsearchable;
                    reach.needles.extend(&scan.needles[rec.needles.clone()]);
                    reach.runs.extend(&scan.runs[rec.runs.clone()]);
                }
            }
        }
        grew |= reach_delegates(results, reach);
        if !grew {
            return selected;
        }
    }
}

/// Adds the delegates of the Get-MailboxPermission rows on reached objects; true when one is
/// new.
fn reach_delegates(results: &[Option<FileResult>], reach: &mut Reach) -> bool {
    let mut grew = false;
    for r in results.iter().flatten() {
        for built in &r.built {
            if let Built::Permission(p) = built
                && reach.names(&p.mailbox)
            {
                grew |= reach.add_text(&p.user);
            }
        }
    }
    grew
}

/// The records of a scan to type: the ones before the kind was known and the selected ones.
fn kept(scan: &ScanOut, chosen: &[bool]) -> Vec<u32> {
    let upto = scan.detected_at.map_or(0, |d| d + 1);
    let mut out: Vec<u32> = (0..upto)
        .chain(
            scan.recs
                .iter()
                .zip(chosen)
                .filter(|(_, c)| **c)
                .map(|(r, _)| r.index),
        )
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The file's decoded text with only the `keep` records (the others replaced by `{}`, so that
/// every record keeps its index); `None` when the file cannot be read again as it was.
fn kept_text(planned: &Planned, spans: &[(u64, u64)], keep: &[u32]) -> Option<Vec<u8>> {
    let decoded = super::encoding::decode(std::fs::File::open(&planned.path).ok()?).ok()?;
    let mut reader = std::io::BufReader::with_capacity(256 * 1024, decoded.reader);
    super::first_significant_byte(&mut reader).ok()?;
    let mut out = Vec::with_capacity(spans.len() * 3);
    out.push(b'[');
    let mut at = 0u64;
    let mut keep = keep.iter().peekable();
    for (i, &(start, end)) in spans.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if keep.next_if(|&&k| k as usize == i).is_none() {
            out.extend_from_slice(b"{}");
            continue;
        }
        std::io::copy(
            &mut (&mut reader).take(start.checked_sub(at)?),
            &mut std::io::sink(),
        )
        .ok()?;
        let before = out.len();
        (&mut reader).take(end - start).read_to_end(&mut out).ok()?;
        if (out.len() - before) as u64 != end - start {
            return None;
        }
        at = end;
    }
    out.push(b']');
    Some(out)
}

/// The final read of a scoped file: its kept records typed, the others out of scope.
fn read_kept(
    i: usize,
    planned: &Planned,
    scan: &ScanOut,
    keep: &[u32],
    encoding: &'static str,
    progress: &crate::progress::Loading,
) -> FileResult {
    let filter = FileFilter::new(Mode::Final { selected: keep });
    let text = (!scan.spans.is_empty())
        .then(|| kept_text(planned, &scan.spans, keep))
        .flatten();
    match text {
        Some(text) => read_decoded(
            i as u32,
            planned,
            super::encoding::Decoded {
                reader: Box::new(std::io::Cursor::new(text)),
                encoding,
            },
            Some(&filter),
        ),
        None => read_file(i as u32, planned, progress, Some(&filter)),
    }
}

/// Reads the planned files scoped to their batches; `None` when there is no batch to scope to
/// or a reached key cannot be searched for (the caller then reads every record).
pub(super) fn load(
    planned: &[Planned],
    progress: &crate::progress::Loading,
) -> Option<Vec<FileResult>> {
    let mut results: Vec<Option<FileResult>> = (0..planned.len()).map(|_| None).collect();
    // Batch and mapping files first: they say what to look for.
    let sideless: Vec<(usize, FileResult)> = (0..planned.len())
        .into_par_iter()
        .filter(|&i| planned[i].side.is_none())
        .map(|i| (i, read_file(i as u32, &planned[i], progress, None)))
        .collect();
    for (i, r) in sideless {
        results[i] = Some(r);
    }
    let mut reach = Reach::default();
    if !seed(&results, &mut reach) {
        return None;
    }
    // Every export once: the ones of other kinds typed whole, the scoped ones scanned.
    let scanned: Vec<(usize, FileResult, Option<ScanOut>)> = (0..planned.len())
        .into_par_iter()
        .filter(|&i| planned[i].side.is_some())
        .map(|i| {
            let filter = FileFilter::new(Mode::Scan);
            let result = read_file(i as u32, &planned[i], progress, Some(&filter));
            let scoped = filter.active.get();
            (i, result, scoped.then(|| filter.scan.into_inner()))
        })
        .collect();
    let mut scans = Vec::new();
    let mut encodings = Vec::new();
    for (i, result, scan) in scanned {
        match scan {
            Some(scan) => {
                encodings.push(result.input.encoding);
                scans.push((i, scan));
            }
            None => results[i] = Some(result),
        }
    }
    crate::trace::phase("load: scoped exports scanned");
    let selected = close(&scans, &results, &mut reach);
    crate::trace::phase("load: what the batches reach found");
    if reach.unsearchable {
        return None;
    }
    let finals: Vec<(usize, FileResult)> = scans
        .par_iter()
        .zip(&selected)
        .zip(&encodings)
        .map(|(((i, scan), chosen), encoding)| {
            let keep = kept(scan, chosen);
            (
                *i,
                read_kept(*i, &planned[*i], scan, &keep, encoding, progress),
            )
        })
        .collect();
    for (i, r) in finals {
        results[i] = Some(r);
    }
    results.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs a record is found by, from its raw JSON text.
    fn found_by(raw: &[u8]) -> Vec<u64> {
        let mut keys = Keys::default();
        assert!(scan_json(raw, &mut PropCache::default(), &mut keys).is_ok());
        keys.runs
    }

    fn finds(key: &str, raw: &[u8]) -> bool {
        let n = needle(key).unwrap().unwrap();
        found_by(raw).contains(&hash(n))
    }

    #[test]
    fn an_apostrophe_address_is_found_in_a_5_1_export() {
        // Windows PowerShell 5.1 writes ' as \u0027.
        let raw =
            br#"{"PrimarySmtpAddress":  "o\u0027brien@contoso.com", "Other": {"a": [1, "x"]}}"#;
        assert_eq!(
            needle("O'Brien@contoso.com").unwrap(),
            Some("Brien@contoso.com")
        );
        assert!(finds("O'Brien@contoso.com", raw));
        assert!(finds("smtp:o'brien@contoso.com", raw));
        let x500 = br#"{"EmailAddresses": ["X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=3f1a-o\u0027brien"]}"#;
        assert!(finds(
            "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=3f1a-o'brien",
            x500
        ));
    }

    #[test]
    fn guids_match_in_every_form() {
        let key = "{4E161614-783A-4B10-B414-D074980FD898}";
        assert!(finds(
            key,
            br#"{"ExchangeGuid": "4e161614-783a-4b10-b414-d074980fd898"}"#
        ));
        assert!(finds(
            key,
            br#"{"MailboxGuid": "4e161614783a4b10b414d074980fd898"}"#
        ));
        assert_eq!(needle("00000000-0000-0000-0000-000000000000"), Ok(None));
    }

    #[test]
    fn joined_cells_are_found_by_each_address() {
        let mut keys = Keys::default();
        keys.add_text(
            Prop::EmailAddresses,
            "SMTP:a@contoso.com smtp:b@contoso.com",
        );
        assert!(keys.runs.contains(&hash("b@contoso.com")));
        assert!(keys.needles.contains(&hash("a@contoso.com")));
    }

    #[test]
    fn a_permission_row_without_a_needle_may_name_any_reached_object() {
        let mut reach = Reach::default();
        reach.runs.insert(hash("shared40"));
        assert!(reach.names("Shared40"));
        assert!(!reach.names("Other41"));
        assert!(reach.names("日本"));
        assert!(!reach.names("  "));
        assert!(!reach.add_text("日本"));
        assert!(reach.unsearchable);
    }

    #[test]
    fn guid_forms_and_the_nil_guid() {
        let tail = Some(Some("d074980fd898"));
        assert_eq!(guid_needle("{4e161614-783a-4b10-b414-d074980fd898}"), tail);
        assert_eq!(
            guid_needle("4E161614783A4B10B414D074980FD898"),
            Some(Some("D074980FD898"))
        );
        assert_eq!(
            guid_needle("{00000000-0000-0000-0000-000000000000}"),
            Some(None)
        );
        assert_eq!(guid_needle("{4e161614-783a-4b10-b414-d074980fd898"), None);
        assert_eq!(guid_needle("abcdefgh-783a-4b10-b414-d074980fd898"), None);
    }

    #[test]
    fn a_record_cut_short_is_never_taken_and_never_panics() {
        let record = br#"{"EmailAddresses": ["SMTP:a@b.c", "x500:/o=x\\"], "Other": [{"a": "}\""}, 1], "Alias": "al"} , {"#;
        let whole = record.len() - 4;
        let mut keys = Keys::default();
        let taken = scan_json(record, &mut PropCache::default(), &mut keys);
        assert!(matches!(taken, Ok(n) if n == whole));
        for cut in 0..whole {
            let mut keys = Keys::default();
            assert!(scan_json(&record[..cut], &mut PropCache::default(), &mut keys).is_err());
        }
    }

    #[test]
    fn no_needle_for_blank_or_x400_and_an_error_when_nothing_is_plain() {
        assert_eq!(needle("  "), Ok(None));
        assert_eq!(needle("X400:C=US;A= ;P=Contoso;"), Ok(None));
        assert_eq!(needle("'<>&"), Err(Unsearchable));
    }

    #[test]
    fn nested_objects_under_a_key_are_left_to_the_parser() {
        let mut keys = Keys::default();
        let raw = br#"{"EmailAddresses": [{"ProxyAddressString": "SMTP:a@b.c"}]}"#;
        assert!(scan_json(raw, &mut PropCache::default(), &mut keys).is_err());
        let skipped = br#"{"Other": [{"x": "}"}], "Alias": "al"}"#;
        assert_eq!(found_by(skipped), vec![hash("al")]);
    }
}
