//! Reader for `Export-Csv` / `ConvertTo-Csv` output.
//!
//! Handles the `#TYPE` first line of Windows PowerShell 5.1, comma, semicolon or tab delimiters
//! (regional list separators), quoted fields with embedded newlines, ragged rows and invalid
//! UTF-8, record by record.

use super::properties::Prop;
use super::raw::{RawRecord, RawValue, RecordFormat};
use std::io::{BufRead, Cursor, Read};

/// What the reader hands to its sink.
pub enum CsvItem {
    /// Always the first item.
    Header(CsvHeader),
    Record(RawRecord),
    /// A row that could not be read as a record (index, line, message).
    Problem(u32, Option<u64>, String),
}

/// What the header said.
#[derive(Debug, Clone)]
pub struct CsvHeader {
    /// The `#TYPE` line's type name, when present.
    pub type_name: Option<String>,
    pub columns: Vec<String>,
    pub delimiter: char,
}

/// Fatal problems: no header, unreadable stream.
#[derive(Debug)]
pub struct CsvError {
    pub message: String,
    pub line: Option<u64>,
}

/// Reads every row of `reader`, handing each to `sink`.
pub fn read_csv<R: BufRead>(
    reader: R,
    sink: &mut dyn FnMut(CsvItem),
) -> Result<CsvHeader, CsvError> {
    read_csv_limited(reader, sink, super::budget::MAX_RECORD_BYTES)
}

/// [`read_csv`] with a bound on the bytes of one row (see [`super::budget`]).
pub fn read_csv_limited<R: BufRead>(
    reader: R,
    sink: &mut dyn FnMut(CsvItem),
    limit: u64,
) -> Result<CsvHeader, CsvError> {
    read_csv_filtered(reader, sink, limit, &|_, _| true)
}

/// [`read_csv_limited`] that types a row only when `keep(index, fields)` says so: the others
/// are not handed to the sink (batch-scoped loading, `import/scope.rs`).
pub fn read_csv_filtered<R: BufRead>(
    reader: R,
    sink: &mut dyn FnMut(CsvItem),
    limit: u64,
    keep: &dyn Fn(u32, &csv::ByteRecord) -> bool,
) -> Result<CsvHeader, CsvError> {
    let budget = super::budget::Budget::default();
    let mut reader = std::io::BufReader::new(budget.wrap(reader).with_limit(limit));
    let io_err = |e: std::io::Error| CsvError {
        message: format!("could not read the file: {e}"),
        line: None,
    };
    let mut first = Vec::new();
    budget.reset();
    reader.read_until(b'\n', &mut first).map_err(io_err)?;
    let mut type_name = None;
    let mut line_offset = 0u64;
    if first.starts_with(b"#TYPE") {
        type_name = Some(String::from_utf8_lossy(&first[5..]).trim().to_string());
        first.clear();
        reader.read_until(b'\n', &mut first).map_err(io_err)?;
        line_offset = 1;
    }
    if first.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(CsvError {
            message: "the file has no header line".into(),
            line: Some(line_offset + 1),
        });
    }
    let delimiter = sniff_delimiter(&first);
    // With CRLF line ends the csv crate reports a record's position at the `\n` still pending
    // from the previous line: one line early.
    if first.ends_with(b"\r\n") {
        line_offset += 1;
    }
    let mut csv_reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(Cursor::new(first).chain(reader));
    let headers = csv_reader.byte_headers().map_err(|e| CsvError {
        message: format!("could not read the header line: {e}"),
        line: Some(line_offset + 1),
    })?;
    let columns: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let props: Vec<Option<Prop>> = columns.iter().map(|c| Prop::lookup(c)).collect();
    let header = CsvHeader {
        type_name,
        columns,
        delimiter: delimiter as char,
    };
    let width = header.columns.len();
    sink(CsvItem::Header(header.clone()));

    let mut record = csv::ByteRecord::new();
    let mut index = 0u32;
    loop {
        budget.reset();
        match csv_reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map(|p| p.line() + line_offset);
                if record.len() == 1 && record.get(0).is_some_and(|f| f.is_empty()) {
                    continue; // a blank line
                }
                if record.len() != width {
                    sink(CsvItem::Problem(
                        index,
                        line,
                        format!(
                            "the row has {} fields but the header has {} columns (an unquoted \
                             delimiter in a value, or a row cut short)",
                            record.len(),
                            width
                        ),
                    ));
                    index += 1;
                    continue;
                }
                if !keep(index, &record) {
                    index += 1;
                    continue;
                }
                let mut raw = RawRecord::new(index, line, RecordFormat::Csv);
                for (field, prop) in record.iter().zip(&props) {
                    let Some(prop) = prop else { continue };
                    let value = match std::str::from_utf8(field) {
                        Ok("") => RawValue::Null,
                        Ok(text) => RawValue::Text(text.into()),
                        Err(_) => RawValue::Text(String::from_utf8_lossy(field).into()),
                    };
                    raw.set(*prop, value);
                }
                sink(CsvItem::Record(raw));
                index += 1;
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() + line_offset);
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    return Err(CsvError {
                        message: format!("could not read the file: {e}"),
                        line,
                    });
                }
                sink(CsvItem::Problem(
                    index,
                    line,
                    format!("unreadable row: {e}"),
                ));
                index += 1;
            }
        }
    }
    Ok(header)
}

/// Picks the delimiter that splits the header line into the most columns, outside quotes.
fn sniff_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in header {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<CsvItem>, Result<CsvHeader, CsvError>) {
        let mut items = Vec::new();
        let r = read_csv(text.as_bytes(), &mut |i| {
            if !matches!(i, CsvItem::Header(_)) {
                items.push(i)
            }
        });
        (items, r)
    }

    fn rec(items: &[CsvItem], i: usize) -> &RawRecord {
        match &items[i] {
            CsvItem::Record(r) => r,
            CsvItem::Problem(_, _, m) => panic!("problem: {m}"),
            CsvItem::Header(_) => panic!("header"),
        }
    }

    #[test]
    fn type_line_semicolons_and_quotes() {
        let text = "#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.User\r\n\
                    \"Name\";\"UserPrincipalName\";\"IsDirSynced\"\r\n\
                    \"Lara; N\";\"lara@fabrikam.com\";\"True\"\r\n";
        let (items, h) = read(text);
        let h = h.unwrap();
        assert_eq!(h.delimiter, ';');
        assert!(h.type_name.unwrap().starts_with("Selected."));
        let r = rec(&items, 0);
        assert_eq!(r.text(Prop::Name), Some("Lara; N"));
        assert_eq!(r.text(Prop::IsDirSynced), Some("True"));
        assert_eq!(r.line, Some(3));
    }

    #[test]
    fn embedded_newlines_and_empty_cells() {
        let text = "Name,DisplayName,Alias\n\"a\",\"two\r\nlines\",\n\"b\",\"x\",\"y\"\n";
        let (items, _) = read(text);
        let r = rec(&items, 0);
        assert_eq!(r.text(Prop::DisplayName), Some("two\r\nlines"));
        assert_eq!(r.get(Prop::Alias), Some(&RawValue::Null));
        assert_eq!(rec(&items, 1).line, Some(4));
    }

    #[test]
    fn ragged_rows_are_problems() {
        let (items, _) = read("Name,Alias\na,b\nc\nd,e\n");
        assert!(matches!(items[1], CsvItem::Problem(1, Some(3), _)));
        assert_eq!(rec(&items, 2).text(Prop::Name), Some("d"));
    }

    #[test]
    fn empty_file_has_no_header() {
        assert!(read("").1.is_err());
        assert!(read("#TYPE X\r\n").1.is_err());
    }
}
