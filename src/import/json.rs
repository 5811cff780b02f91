//! Streaming reader for `ConvertTo-Json` output.
//!
//! Parses record by record (never a whole file as a `serde_json::Value`), keeps only the
//! properties in [`Prop`], and hands each record to a sink as soon as it is complete, so records
//! before a damage point survive it. Accepts a top-level array, a single object (one pipeline
//! object), an empty file (no pipeline object) and several documents appended with `>>`.

use super::properties::Prop;
use super::raw::{RawRecord, RawValue, RecordFormat};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::io::Read;

/// What the reader hands to its sink.
pub enum JsonItem {
    Record(RawRecord),
    /// An array element that is not an object (index, shape).
    NotAnObject(u32, &'static str),
}

/// A fatal syntax or I/O error; records before it were already delivered.
#[derive(Debug)]
pub struct JsonError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// Records delivered before the error.
    pub records_before: u32,
    /// The error is an unexpected end of input (a truncated file).
    pub truncated: bool,
}

/// Reads every record of `reader`, handing each to `sink`. Returns the number of top-level
/// documents read.
pub fn read_json<R: Read>(reader: R, sink: &mut dyn FnMut(JsonItem)) -> Result<u32, JsonError> {
    read_json_limited(reader, sink, super::budget::MAX_RECORD_BYTES)
}

/// [`read_json`] with a bound on the bytes of one record (see [`super::budget`]).
pub fn read_json_limited<R: Read>(
    reader: R,
    sink: &mut dyn FnMut(JsonItem),
    limit: u64,
) -> Result<u32, JsonError> {
    let budget = super::budget::Budget::default();
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(
        256 * 1024,
        LoneSurrogates::new(budget.wrap(reader).with_limit(limit)),
    ));
    let mut state = State {
        next: 0,
        sink,
        keys: KeyCache::default(),
        budget,
    };
    let mut documents = 0;
    loop {
        if de.end().is_ok() {
            return Ok(documents);
        }
        let result = TopSeed { state: &mut state }.deserialize(&mut de);
        if let Err(e) = result {
            return Err(JsonError {
                message: clean_message(&e),
                line: e.line(),
                column: e.column(),
                records_before: state.next,
                truncated: e.is_eof(),
            });
        }
        documents += 1;
    }
}

/// Fast path for the common shape, a top-level array of objects: the stream is cut into one
/// byte slice per record (a scan that only tracks strings and nesting) and each record is
/// parsed from its slice (`serde_json::from_slice` borrows keys and strings instead of copying
/// them byte by byte as the reader-based parser must), never holding more than one record.
///
/// Returns `None` at the first thing that is not plain, valid JSON of that shape (a bare object,
/// appended documents, a non-object element, a syntax error, a cut file, deep nesting): the
/// caller then discards what was delivered and reads the file again with [`read_json`], whose
/// messages and positions are the reference. Records it delivers are the ones [`read_json`]
/// would deliver.
///
/// The splitter runs on the calling thread; the records it finds in each chunk read are parsed
/// in parallel (rayon) and handed to `sink` together, in file order, so one large file keeps
/// every core busy.
pub fn read_json_fast<R: Read>(reader: R, sink: &mut dyn FnMut(Vec<RawRecord>)) -> Option<u32> {
    read_json_fast_filtered(reader, sink, &|_, _, _| true, &|_, _, _| None)
}

/// A hook that may take a record whole from the text at its start (index, offset, text): its
/// length when it did.
pub type TakeRecord<'a> = dyn Fn(u32, u64, &[u8]) -> Option<usize> + 'a;

/// [`read_json_fast`] that parses a record only when `keep(index, offset, bytes)` says so (the
/// bytes are the record's raw, still escaped JSON text; the offset is where it starts in the
/// stream read): the others are not parsed, not checked and not handed to the sink
/// (batch-scoped loading, `import/scope.rs`). Before a record is cut out,
/// `take(index, offset, text)` may take it whole from the text at its start: it returns the
/// record's length, and the record counts as not kept.
pub fn read_json_fast_filtered<R: Read>(
    mut reader: R,
    sink: &mut dyn FnMut(Vec<RawRecord>),
    keep: &dyn Fn(u32, u64, &[u8]) -> bool,
    take: &TakeRecord<'_>,
) -> Option<u32> {
    const MAX_DEPTH: u32 = 100;
    // How far a record is searched for its closing line before the file is split by braces.
    const LINE_WINDOW: usize = 1 << 20;
    #[derive(PartialEq)]
    enum Phase {
        Begin,
        BeforeElement { after_comma: bool },
        InRecord,
        AfterElement,
        AfterArray,
    }
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK * 2);
    let mut pos = 0; // next byte to scan
    let mut start = 0; // start of the current record
    let mut phase = Phase::Begin;
    let mut depth = 0u32;
    let mut in_str = false;
    let mut next = 0u32;
    // Complete records of `buf` not yet parsed: (index, start, end).
    let mut pending: Vec<(u32, usize, usize)> = Vec::new();
    // Line mode: pretty-printed JSON (every ConvertTo-Json without -Compress) ends a top-level
    // record with a line holding just its closing brace at the record's own indentation. A raw
    // line break never occurs inside a JSON string, so `\n<indent>}` found by memmem ends the
    // record, without scanning every string of it; the parse of the slice checks the cut (a
    // wrong one is not valid JSON, and the file then goes to the reference reader).
    let mut closing: Option<memchr::memmem::Finder<'static>> = None;
    // Set once a record did not end that way (records written on one line, say): the rest of
    // the file is split by counting braces.
    let mut by_braces = false;
    let mut eof = false;
    let mut drained = 0u64; // bytes of the stream dropped from the front of `buf`
    loop {
        if pos >= buf.len() {
            if eof {
                flush(&buf, &mut pending, sink)?;
                break;
            }
            // Keep only the unfinished record; read more.
            let keep_from = if phase == Phase::InRecord { start } else { pos };
            let n = refill(
                &mut reader,
                &mut buf,
                keep_from,
                &mut drained,
                &mut pending,
                sink,
            )?;
            pos -= keep_from;
            start -= keep_from.min(start);
            if n == 0 {
                eof = true;
            }
            continue;
        }
        let b = buf[pos];
        match phase {
            Phase::InRecord if closing.is_some() => {
                let finder = closing.as_ref()?;
                match finder.find(&buf[pos..]) {
                    Some(i) => {
                        let end = pos + i + finder.needle().len();
                        if keep(next, drained + start as u64, &buf[start..end]) {
                            pending.push((next, start, end));
                        }
                        next += 1;
                        phase = Phase::AfterElement;
                        pos = end;
                    }
                    // No such line within a record's usual size, or none at all: this file's
                    // records are not laid out that way; count braces from the record's start.
                    None if eof || buf.len() - start > LINE_WINDOW => {
                        closing = None;
                        by_braces = true;
                        pos = start + 1;
                        depth = 1;
                        in_str = false;
                    }
                    // Read on; look again from where a cut needle could begin.
                    None => {
                        let again = buf.len().saturating_sub(finder.needle().len()).max(pos);
                        let n = refill(
                            &mut reader,
                            &mut buf,
                            start,
                            &mut drained,
                            &mut pending,
                            sink,
                        )?;
                        pos = again - start;
                        start = 0;
                        if n == 0 {
                            eof = true;
                        }
                    }
                }
            }
            Phase::InRecord => {
                if in_str {
                    // Jump to the next quote or backslash.
                    match memchr::memchr2(b'"', b'\\', &buf[pos..]) {
                        None => pos = buf.len(),
                        Some(i) => {
                            pos += i;
                            if buf[pos] == b'\\' {
                                if pos + 1 >= buf.len() {
                                    if eof {
                                        return None;
                                    }
                                    // Read on, then look at the escape again.
                                    let n = refill(
                                        &mut reader,
                                        &mut buf,
                                        start,
                                        &mut drained,
                                        &mut pending,
                                        sink,
                                    )?;
                                    pos -= start;
                                    start = 0;
                                    if n == 0 {
                                        return None;
                                    }
                                    continue;
                                }
                                pos += 2;
                            } else {
                                in_str = false;
                                pos += 1;
                            }
                        }
                    }
                    continue;
                }
                // Outside strings only braces decide where the record ends (brackets are
                // checked by the parser of the record's slice).
                match memchr::memchr3(b'"', b'{', b'}', &buf[pos..]) {
                    None => {
                        pos = buf.len();
                        continue;
                    }
                    Some(i) => pos += i,
                }
                match buf[pos] {
                    b'"' => in_str = true,
                    b'{' => {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return None;
                        }
                    }
                    _ => {
                        depth -= 1;
                        if depth == 0 {
                            if keep(next, drained + start as u64, &buf[start..=pos]) {
                                pending.push((next, start, pos + 1));
                            }
                            next += 1;
                            phase = Phase::AfterElement;
                        }
                    }
                }
                pos += 1;
            }
            _ if b.is_ascii_whitespace() => pos += 1,
            Phase::Begin if b == b'[' => {
                phase = Phase::BeforeElement { after_comma: false };
                pos += 1;
            }
            Phase::BeforeElement { .. } if b == b'{' => {
                if let Some(len) = take(next, drained + pos as u64, &buf[pos..]) {
                    pos += len;
                    next += 1;
                    phase = Phase::AfterElement;
                    continue;
                }
                phase = Phase::InRecord;
                start = pos;
                depth = 1;
                in_str = false;
                closing = if by_braces {
                    None
                } else {
                    line_closing(&buf[..pos])
                };
                pos += 1;
            }
            Phase::BeforeElement { after_comma: false } if b == b']' => {
                phase = Phase::AfterArray;
                pos += 1;
            }
            Phase::AfterElement if b == b',' => {
                phase = Phase::BeforeElement { after_comma: true };
                pos += 1;
            }
            Phase::AfterElement if b == b']' => {
                phase = Phase::AfterArray;
                pos += 1;
            }
            _ => return None,
        }
    }
    (phase == Phase::AfterArray).then_some(1)
}

/// The needle `\n<indent>}` that closes a record whose `{` follows `before` (its line so far),
/// when that `{` opens its line (after spaces or tabs only); `None` otherwise.
fn line_closing(before: &[u8]) -> Option<memchr::memmem::Finder<'static>> {
    // An indentation longer than this is not PowerShell's (and the look-back stays short on
    // compressed JSON, which has no line breaks).
    const MAX_INDENT: usize = 64;
    let from = before.len().saturating_sub(MAX_INDENT + 1);
    let line_start = from + before[from..].iter().rposition(|&b| b == b'\n')? + 1;
    let indent = &before[line_start..];
    if !indent.iter().all(|&b| b == b' ' || b == b'\t') {
        return None;
    }
    let mut needle = Vec::with_capacity(indent.len() + 2);
    needle.push(b'\n');
    needle.extend_from_slice(indent);
    needle.push(b'}');
    Some(memchr::memmem::Finder::new(&needle).into_owned())
}

/// Parses the pending records of `buf` in parallel and hands them to `sink` in order; `None`
/// when one of them is not valid JSON (the caller falls back to the reference reader).
fn flush(
    buf: &[u8],
    pending: &mut Vec<(u32, usize, usize)>,
    sink: &mut dyn FnMut(Vec<RawRecord>),
) -> Option<()> {
    use rayon::prelude::*;
    if pending.is_empty() {
        return Some(());
    }
    let records: Option<Vec<RawRecord>> = pending
        .par_iter()
        .map_init(KeyCache::default, |keys, &(index, start, end)| {
            parse_slice(index, &buf[start..end], keys)
        })
        .collect();
    pending.clear();
    sink(records?);
    Some(())
}

/// One record from its raw JSON text, as the readers build it; `None` when it is not a valid
/// JSON object.
pub fn parse_record(index: u32, bytes: &[u8]) -> Option<RawRecord> {
    parse_slice(index, bytes, &mut KeyCache::default())
}

/// [`parse_record`] with the key cache of the records parsed before it on this thread.
fn parse_slice(index: u32, bytes: &[u8], keys: &mut KeyCache) -> Option<RawRecord> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let record = de::Deserializer::deserialize_map(&mut de, RecordVisitor { index, keys }).ok()?;
    de.end().ok()?;
    Some(record)
}

/// The fast reader's chunk: records are cut from up to this much text read at a time.
const CHUNK: usize = 4 << 20;

/// Hands the complete records of `buf` to `sink`, drops `buf[..keep_from]` (the unfinished
/// record, if any, starts there) and reads the next chunk after what is left: the bytes read,
/// or `None` when the fast path must give the file up (a record past the per-record budget is
/// left to the reference reader, which refuses it with a clear error instead of buffering it).
fn refill<R: Read>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    keep_from: usize,
    drained: &mut u64,
    pending: &mut Vec<(u32, usize, usize)>,
    sink: &mut dyn FnMut(Vec<RawRecord>),
) -> Option<usize> {
    flush(buf, pending, sink)?;
    buf.drain(..keep_from);
    *drained += keep_from as u64;
    if buf.len() as u64 > super::budget::MAX_RECORD_BYTES {
        return None;
    }
    // read_to_end fills the spare capacity without zeroing it first.
    reader.take(CHUNK as u64).read_to_end(buf).ok()
}

/// serde_json messages end with " at line X column Y"; the position is reported separately.
fn clean_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

struct State<'s> {
    next: u32,
    sink: &'s mut dyn FnMut(JsonItem),
    keys: KeyCache,
    budget: super::budget::Budget,
}

/// The keys of the previous record by position, with the property each names: the records of
/// one export share their key order, so a key is nearly always a byte comparison away from its
/// property instead of a case-insensitive table lookup.
#[derive(Default)]
struct KeyCache {
    keys: Vec<(Box<[u8]>, Option<Prop>)>,
}

impl KeyCache {
    fn lookup(&mut self, pos: usize, key: &[u8]) -> Option<Prop> {
        if let Some((k, p)) = self.keys.get(pos)
            && **k == *key
        {
            return *p;
        }
        let prop = Prop::lookup_bytes(key);
        let entry = (Box::from(key), prop);
        if pos < self.keys.len() {
            self.keys[pos] = entry;
        } else {
            self.keys.push(entry);
        }
        prop
    }
}

struct TopSeed<'a, 's> {
    state: &'a mut State<'s>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of objects or one object (ConvertTo-Json output)")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            let index = self.state.next;
            let seed = ElementSeed {
                index,
                keys: &mut self.state.keys,
            };
            match seq.next_element_seed(seed)? {
                None => return Ok(()),
                Some(item) => {
                    self.state.next += 1;
                    self.state.budget.reset();
                    (self.state.sink)(item);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let index = self.state.next;
        let record = RecordVisitor {
            index,
            keys: &mut self.state.keys,
        }
        .visit_map(map)?;
        self.state.next += 1;
        self.state.budget.reset();
        (self.state.sink)(JsonItem::Record(record));
        Ok(())
    }
}

struct ElementSeed<'k> {
    index: u32,
    keys: &'k mut KeyCache,
}

impl<'de> DeserializeSeed<'de> for ElementSeed<'_> {
    type Value = JsonItem;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<JsonItem, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ElementSeed<'_> {
    type Value = JsonItem;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<JsonItem, A::Error> {
        RecordVisitor {
            index: self.index,
            keys: self.keys,
        }
        .visit_map(map)
        .map(JsonItem::Record)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonItem, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(JsonItem::NotAnObject(self.index, "a list"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<JsonItem, E> {
        Ok(JsonItem::NotAnObject(self.index, "text"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<JsonItem, E> {
        Ok(JsonItem::NotAnObject(self.index, "a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<JsonItem, E> {
        Ok(JsonItem::NotAnObject(self.index, "a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<JsonItem, E> {
        Ok(JsonItem::NotAnObject(self.index, "a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<JsonItem, E> {
        Ok(JsonItem::NotAnObject(self.index, "a number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<JsonItem, E> {
        Ok(JsonItem::NotAnObject(self.index, "null"))
    }
}

struct RecordVisitor<'k> {
    index: u32,
    keys: &'k mut KeyCache,
}

impl<'de> Visitor<'de> for RecordVisitor<'_> {
    type Value = RawRecord;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRecord, A::Error> {
        let mut record = RawRecord::new(self.index, None, RecordFormat::Json);
        let mut pos = 0;
        while let Some(key) = map.next_key_seed(PropSeed {
            keys: &mut *self.keys,
            pos,
        })? {
            pos += 1;
            match key {
                Some(prop) => {
                    let value = map.next_value_seed(ValueSeed)?;
                    record.set(prop, value);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(record)
    }
}

/// Maps a key to the property it names, or `None` for a property mbxlint does not read.
struct PropSeed<'k> {
    keys: &'k mut KeyCache,
    pos: usize,
}

impl<'de> DeserializeSeed<'de> for PropSeed<'_> {
    type Value = Option<Prop>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Prop>, D::Error> {
        // Keys as raw bytes: serde_json then skips validating the UTF-8 of every key of every
        // record (~190 per Get-Mailbox record); the property names are ASCII.
        d.deserialize_bytes(self)
    }
}

impl<'de> Visitor<'de> for PropSeed<'_> {
    type Value = Option<Prop>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Prop>, E> {
        Ok(self.keys.lookup(self.pos, v.as_bytes()))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Option<Prop>, E> {
        Ok(self.keys.lookup(self.pos, v))
    }
}

/// Reads any JSON value into a [`RawValue`].
struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = RawValue;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = RawValue;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
        Ok(RawValue::Number(v.to_string().into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
        Ok(RawValue::Number(v.to_string().into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
        Ok(RawValue::Number(v.to_string().into()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
        Ok(RawValue::Text(v.into()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<RawValue, E> {
        Ok(RawValue::Text(v.into_boxed_str()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(ValueSeed)? {
            items.push(v);
        }
        Ok(RawValue::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut members = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value_seed(ValueSeed)?;
            members.push((k.into_boxed_str(), v));
        }
        Ok(RawValue::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<JsonItem>, Result<u32, JsonError>) {
        let mut items = Vec::new();
        let r = read_json(text.as_bytes(), &mut |i| items.push(i));
        (items, r)
    }

    fn records(items: &[JsonItem]) -> Vec<&RawRecord> {
        items
            .iter()
            .filter_map(|i| match i {
                JsonItem::Record(r) => Some(r),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn array_object_and_empty() {
        let (items, r) = read(r#"[{"ExchangeGuid":"a"},{"exchangeguid":"b","Other":{"x":[1]}}]"#);
        assert_eq!(r.unwrap(), 1);
        let recs = records(&items);
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].text(Prop::ExchangeGuid), Some("b"));
        assert_eq!(recs[1].props.len(), 1, "unknown properties are not kept");

        let (items, r) = read(r#"{"Name":"x"}"#);
        assert!(r.is_ok());
        assert_eq!(records(&items).len(), 1);

        let (items, r) = read("  \r\n");
        assert_eq!(r.unwrap(), 0);
        assert!(items.is_empty());
    }

    #[test]
    fn appended_documents_are_all_read() {
        let (items, r) = read("[{\"Name\":\"a\"}]\r\n[{\"Name\":\"b\"}]\r\n");
        assert_eq!(r.unwrap(), 2);
        let recs = records(&items);
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].index, 1);
    }

    #[test]
    fn truncated_file_keeps_records_before_the_cut() {
        let (items, r) = read(r#"[{"Name":"a"},{"Name":"b"},{"Name":"#);
        let e = r.unwrap_err();
        assert!(e.truncated);
        assert_eq!(e.records_before, 2);
        assert_eq!(records(&items).len(), 2);
    }

    #[test]
    fn non_object_elements_are_reported() {
        let (items, _) = read(r#"[{"Name":"a"}, "System.Object[]", 3]"#);
        assert!(matches!(items[1], JsonItem::NotAnObject(1, "text")));
        assert!(matches!(items[2], JsonItem::NotAnObject(2, "a number")));
    }

    #[test]
    fn nested_values_and_big_numbers() {
        let (items, _) = read(
            r#"[{"RecipientTypeDetails":2147483648,"ProhibitSendReceiveQuota":{"IsUnlimited":false,"Value":"1 GB (1,073,741,824 bytes)"}}]"#,
        );
        let rec = records(&items)[0];
        assert_eq!(
            rec.get(Prop::RecipientTypeDetails),
            Some(&RawValue::Number("2147483648".into()))
        );
        assert!(
            rec.get(Prop::ProhibitSendReceiveQuota)
                .unwrap()
                .member("isunlimited")
                .is_some()
        );
    }

    /// The fast path's records, or `None` when it handed the file to the reference reader.
    fn fast(text: &str) -> Option<Vec<RawRecord>> {
        let mut out = Vec::new();
        read_json_fast(text.as_bytes(), &mut |batch| out.extend(batch))?;
        Some(out)
    }

    fn assert_same_as_reference(text: &str) {
        let (slow, r) = read(text);
        assert!(r.is_ok(), "{text}");
        let slow = records(&slow);
        let Some(fast) = fast(text) else {
            return;
        };
        assert_eq!(slow.len(), fast.len(), "{text}");
        for (a, b) in slow.iter().zip(&fast) {
            assert_eq!(a.index, b.index);
            assert_eq!(a.props, b.props);
        }
    }

    #[test]
    fn line_mode_cuts_pretty_printed_records_where_the_reference_does() {
        // PowerShell 7 layout (2-space indent, CRLF), nested objects and arrays deeper.
        let ps7 = "[\r\n  {\r\n    \"Name\": \"a\",\r\n    \"EmailAddresses\": [\r\n      \"SMTP:a@x.com\"\r\n    ],\r\n    \"Obj\": {\r\n      \"n\": \"}\\n  }\"\r\n    }\r\n  },\r\n  {\r\n    \"Name\": \"b\"\r\n  }\r\n]\r\n";
        let got = fast(ps7).expect("a PowerShell 7 layout stays on the fast path");
        assert_eq!(got.len(), 2);
        assert_same_as_reference(ps7);
        // Windows PowerShell 5.1 layout (4-space staircase).
        let ps51 = "[\n    {\n        \"Name\":  \"a\",\n        \"EmailAddresses\":  [\n                               \"SMTP:a@x.com\"\n                           ],\n        \"Obj\":  {\n                    \"n\":  1\n                }\n    },\n    {\n        \"Name\":  \"b\"\n    }\n]";
        assert_eq!(fast(ps51).map(|r| r.len()), Some(2));
        assert_same_as_reference(ps51);
        // Hand-made layouts: a nested brace at the record's indentation, records on one line,
        // a record whose closing brace shares its line, compressed JSON. Never a wrong record.
        for text in [
            "[\n  {\n  \"Obj\": {\n  \"n\": 1\n  },\n  \"Name\": \"a\"\n  }\n]",
            "[\n  {\"Name\": \"a\"},\n  {\"Name\": \"b\"}\n]",
            "[\n  {\n    \"Name\": \"a\"},\n  {\n    \"Name\": \"b\"\n  }\n]",
            "[{\"Name\":\"a\"},{\"Name\":\"b\"}]",
        ] {
            assert_same_as_reference(text);
        }
    }

    #[test]
    fn fast_path_reads_what_the_reference_reads() {
        let text = "[\r\n  {\"Name\":\"a\\\"b{\",\"EmailAddresses\":[\"x\",\"y]}\"],\
                    \"Other\":{\"n\":[1,{\"z\":2}]},\"WhenCreated\":\"\\/Date(1)\\/\"},\r\n  \
                    {\"name\":\"b\",\"Identity\":\"c\",\"RecipientTypeDetails\":2147483648}\r\n]\r\n";
        let (slow, r) = read(text);
        assert_eq!(r.unwrap(), 1);
        let mut fast = Vec::new();
        assert_eq!(
            read_json_fast(text.as_bytes(), &mut |batch| fast
                .extend(batch.into_iter().map(JsonItem::Record))),
            Some(1)
        );
        let (slow, fast) = (records(&slow), records(&fast));
        assert_eq!(slow.len(), 2);
        assert_eq!(slow.len(), fast.len());
        for (a, b) in slow.iter().zip(&fast) {
            assert_eq!(a.index, b.index);
            assert_eq!(a.props, b.props);
        }
        assert_eq!(read_json_fast(&b"[]"[..], &mut |_| {}), Some(1));
        for bad in [
            r#"{"Name":"a"}"#,
            r#"[{"Name":"a"},]"#,
            r#"[{"Name":"a"}] [{"Name":"b"}]"#,
            r#"[{"Name":"a"}, 3]"#,
            r#"[{"Name":"a""#,
            r#"[{"Name":"a" "x":1}]"#,
            r#"[{"Name":["a"}]"#,
        ] {
            assert_eq!(read_json_fast(bad.as_bytes(), &mut |_| {}), None, "{bad}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "[{{\"Name\":{}1{}}}]",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let (_, r) = read(&deep);
        assert!(r.is_err());
    }
}

/// Rewrites a `\uD800`–`\uDFFF` escape that is not half of a surrogate pair to `\uFFFD`.
///
/// Exchange strings are UTF-16 and may hold a lone surrogate (anyone can set a display name);
/// `ConvertTo-Json` writes it as an escape, which serde_json refuses, and the rest of the file
/// would be lost. A replacement character keeps every record.
pub struct LoneSurrogates<R> {
    inner: R,
    /// Bytes read from `inner`, not yet handed out.
    buf: Vec<u8>,
    /// `buf[..ready]` is rewritten and can be handed out.
    ready: usize,
    eof: bool,
}

impl<R: Read> LoneSurrogates<R> {
    pub fn new(inner: R) -> Self {
        LoneSurrogates {
            inner,
            buf: Vec::with_capacity(64 * 1024),
            ready: 0,
            eof: false,
        }
    }

    /// Rewrites `buf` from `ready` as far as it can decide; stops before an escape that needs
    /// more bytes (unless at end of input).
    fn rewrite(&mut self) {
        let mut i = self.ready;
        while i < self.buf.len() {
            if self.buf[i] != b'\\' {
                i += 1;
                continue;
            }
            // An escape: `\u` + 4 hex, possibly followed by a second one.
            let rest = &self.buf[i..];
            if rest.len() < 2 {
                if self.eof {
                    i = self.buf.len();
                }
                break;
            }
            if rest[1] != b'u' {
                i += 2;
                continue;
            }
            if rest.len() < 6 {
                if self.eof {
                    i = self.buf.len();
                }
                break;
            }
            let Some(unit) = hex4(&rest[2..6]) else {
                i += 2;
                continue;
            };
            match unit {
                0xD800..=0xDBFF => {
                    if rest.len() < 12 && !self.eof {
                        break;
                    }
                    let paired = rest.len() >= 12
                        && rest[6] == b'\\'
                        && rest[7] == b'u'
                        && hex4(&rest[8..12]).is_some_and(|u| (0xDC00..=0xDFFF).contains(&u));
                    if paired {
                        i += 12;
                    } else {
                        self.buf[i + 2..i + 6].copy_from_slice(b"FFFD");
                        i += 6;
                    }
                }
                0xDC00..=0xDFFF => {
                    self.buf[i + 2..i + 6].copy_from_slice(b"FFFD");
                    i += 6;
                }
                _ => i += 6,
            }
        }
        self.ready = i;
    }
}

fn hex4(b: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(b).ok()?;
    u16::from_str_radix(text, 16).ok()
}

impl<R: Read> Read for LoneSurrogates<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.ready == 0 {
            if self.eof {
                if self.buf.is_empty() {
                    return Ok(0);
                }
                self.rewrite();
                if self.ready == 0 {
                    self.ready = self.buf.len();
                }
                break;
            }
            let start = self.buf.len();
            self.buf.resize(start + 64 * 1024, 0);
            let n = self.inner.read(&mut self.buf[start..])?;
            self.buf.truncate(start + n);
            if n == 0 {
                self.eof = true;
            }
            self.rewrite();
        }
        let n = self.ready.min(out.len());
        out[..n].copy_from_slice(&self.buf[..n]);
        self.buf.drain(..n);
        self.ready -= n;
        Ok(n)
    }
}

#[cfg(test)]
mod lone_surrogate_tests {
    use super::LoneSurrogates;
    use std::io::Read;

    fn run(input: &str, chunk: usize) -> String {
        struct Chunks<'a>(&'a [u8], usize);
        impl Read for Chunks<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut s = String::new();
        LoneSurrogates::new(Chunks(input.as_bytes(), chunk))
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        for chunk in [1, 2, 3, 5, 7, 64 * 1024] {
            assert_eq!(run(r#""a\ud800b""#, chunk), r#""a\uFFFDb""#);
            assert_eq!(run(r#""\udc00""#, chunk), r#""\uFFFD""#);
            assert_eq!(run(r#""\ud83d\ude00""#, chunk), r#""\ud83d\ude00""#);
            assert_eq!(
                run(r#""\ud800\ud800\udc00""#, chunk),
                r#""\uFFFD\ud800\udc00""#
            );
            assert_eq!(run(r#""\\ud800""#, chunk), r#""\\ud800""#);
            assert_eq!(run(r#""\ud800"#, chunk), r#""\uFFFD"#);
            assert_eq!(run(r#""\ud8"#, chunk), r#""\ud8"#);
            assert_eq!(run("\\", chunk), "\\");
        }
    }
}
