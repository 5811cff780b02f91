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
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(
        256 * 1024,
        reader,
    ));
    let mut state = State {
        next: 0,
        sink,
        keys: KeyCache::default(),
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
pub fn read_json_fast<R: Read>(mut reader: R, sink: &mut dyn FnMut(JsonItem)) -> Option<u32> {
    const CHUNK: usize = 1 << 20;
    const MAX_DEPTH: u32 = 100;
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
    let mut keys = KeyCache::default();
    let mut eof = false;
    loop {
        if pos >= buf.len() {
            if eof {
                break;
            }
            // Keep only the unfinished record; read more.
            let keep_from = if phase == Phase::InRecord { start } else { pos };
            buf.drain(..keep_from);
            pos -= keep_from;
            start -= keep_from.min(start);
            // read_to_end fills the spare capacity without zeroing it first.
            let n = (&mut reader)
                .take(CHUNK as u64)
                .read_to_end(&mut buf)
                .ok()?;
            if n == 0 {
                eof = true;
            }
            continue;
        }
        let b = buf[pos];
        match phase {
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
                                    let keep_from = start;
                                    buf.drain(..keep_from);
                                    pos -= keep_from;
                                    start = 0;
                                    let n = (&mut reader)
                                        .take(CHUNK as u64)
                                        .read_to_end(&mut buf)
                                        .ok()?;
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
                            let slice = &buf[start..=pos];
                            let mut de = serde_json::Deserializer::from_slice(slice);
                            let record = de::Deserializer::deserialize_map(
                                &mut de,
                                RecordVisitor {
                                    index: next,
                                    keys: &mut keys,
                                },
                            )
                            .ok()?;
                            de.end().ok()?;
                            next += 1;
                            sink(JsonItem::Record(record));
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
                phase = Phase::InRecord;
                start = pos;
                depth = 1;
                in_str = false;
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
}

/// The keys of the previous record by position, with the property each names: the records of
/// one export share their key order, so a key is nearly always a byte comparison away from its
/// property instead of a case-insensitive table lookup.
#[derive(Default)]
struct KeyCache {
    keys: Vec<(Box<str>, Option<Prop>)>,
}

impl KeyCache {
    fn lookup(&mut self, pos: usize, key: &str) -> Option<Prop> {
        if let Some((k, p)) = self.keys.get(pos)
            && **k == *key
        {
            return *p;
        }
        let prop = Prop::lookup(key);
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
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for PropSeed<'_> {
    type Value = Option<Prop>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Prop>, E> {
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

    #[test]
    fn fast_path_reads_what_the_reference_reads() {
        let text = "[\r\n  {\"Name\":\"a\\\"b{\",\"EmailAddresses\":[\"x\",\"y]}\"],\
                    \"Other\":{\"n\":[1,{\"z\":2}]},\"WhenCreated\":\"\\/Date(1)\\/\"},\r\n  \
                    {\"name\":\"b\",\"Identity\":\"c\",\"RecipientTypeDetails\":2147483648}\r\n]\r\n";
        let (slow, r) = read(text);
        assert_eq!(r.unwrap(), 1);
        let mut fast = Vec::new();
        assert_eq!(
            read_json_fast(text.as_bytes(), &mut |i| fast.push(i)),
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
