//! Text encodings of export files: BOM sniffing, UTF-16 transcoding, Windows-1252 fallback.
//!
//! Windows PowerShell 5.1 writes UTF-16 LE with BOM for `>` and `Out-File`, ASCII or UTF-8 with
//! BOM for `Export-Csv`, the ANSI code page for `Set-Content`; PowerShell 7 writes UTF-8 without
//! BOM. Everything is turned into a UTF-8 byte stream here, once.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;
use std::io::{self, BufRead, BufReader, Read};

/// How many bytes are looked at to decide between UTF-8 and Windows-1252.
const SNIFF_LEN: usize = 64 * 1024;

/// A reader that yields UTF-8, and the name of the encoding it decodes.
pub struct Decoded {
    pub reader: Box<dyn Read + Send>,
    pub encoding: &'static str,
}

/// Wraps `inner` so that it yields UTF-8, whatever the file's encoding.
pub fn decode<R: Read + Send + 'static>(inner: R) -> io::Result<Decoded> {
    let mut buffered = BufReader::with_capacity(SNIFF_LEN, inner);
    let head = fill_at_least(&mut buffered, SNIFF_LEN)?;
    let (encoding, label): (Option<&'static Encoding>, &'static str) = sniff(&head);
    let reader: Box<dyn Read + Send> = match encoding {
        None => {
            // UTF-8: strip a BOM if present, pass bytes through unchanged.
            let skip = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
                3
            } else {
                0
            };
            buffered.consume(skip);
            Box::new(buffered)
        }
        Some(enc) => Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(enc))
                .bom_override(true)
                .build(buffered),
        ),
    };
    Ok(Decoded {
        reader,
        encoding: label,
    })
}

/// Decides the encoding from the first bytes of a file.
pub fn sniff(head: &[u8]) -> (Option<&'static Encoding>, &'static str) {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return (None, "utf-8-bom");
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return (Some(UTF_16LE), "utf-16le-bom");
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return (Some(UTF_16BE), "utf-16be-bom");
    }
    // UTF-16 without BOM: ASCII text with every other byte NUL.
    if head.len() >= 4 {
        if head[1] == 0 && head[3] == 0 && head[0] != 0 && head[2] != 0 {
            return (Some(UTF_16LE), "utf-16le");
        }
        if head[0] == 0 && head[2] == 0 && head[1] != 0 && head[3] != 0 {
            return (Some(UTF_16BE), "utf-16be");
        }
    }
    match std::str::from_utf8(head) {
        Ok(_) => (None, "utf-8"),
        // An incomplete character cut at the end of the sniffed window is fine.
        Err(e) if e.error_len().is_none() => (None, "utf-8"),
        Err(_) => (Some(WINDOWS_1252), "windows-1252"),
    }
}

/// Reads until the buffer holds `want` bytes or the input ends; returns a copy of them.
fn fill_at_least<R: Read>(reader: &mut BufReader<R>, want: usize) -> io::Result<Vec<u8>> {
    // BufReader::fill_buf returns what one read() gave; loop on a side buffer instead.
    let buf = reader.fill_buf()?;
    if buf.len() >= want.min(4) || buf.is_empty() {
        return Ok(buf[..buf.len().min(want)].to_vec());
    }
    Ok(buf.to_vec())
}

/// Decodes a whole small file (a configuration, a baseline) to a string, whatever its
/// encoding (a file saved by Notepad or by `Out-File` in Windows PowerShell 5.1 is UTF-16).
pub fn decode_to_string(bytes: &[u8]) -> String {
    let (encoding, _) = sniff(bytes);
    match encoding {
        None => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            String::from_utf8_lossy(body).into_owned()
        }
        Some(enc) => enc.decode(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> (String, &'static str) {
        let d = decode(io::Cursor::new(bytes.to_vec())).unwrap();
        let label = d.encoding;
        let mut out = String::new();
        let mut r = d.reader;
        r.read_to_string(&mut out).unwrap();
        (out, label)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode_all(b"\xEF\xBB\xBF[1]"), ("[1]".into(), "utf-8-bom"));
        assert_eq!(
            decode_all("[\"é\"]".as_bytes()),
            ("[\"é\"]".into(), "utf-8")
        );
    }

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "{\"A\":\"é\"}".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_all(&bytes), ("{\"A\":\"é\"}".into(), "utf-16le-bom"));
    }

    #[test]
    fn utf16be_with_bom_and_le_without() {
        let mut be = vec![0xFE, 0xFF];
        let mut le = vec![];
        for u in "[1,2]".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_all(&be).0, "[1,2]");
        assert_eq!(decode_all(&le), ("[1,2]".into(), "utf-16le"));
    }

    #[test]
    fn windows_1252_fallback() {
        // "Müller" in Windows-1252.
        assert_eq!(
            decode_all(b"Name\r\nM\xFCller\r\n"),
            ("Name\r\nMüller\r\n".into(), "windows-1252")
        );
    }

    #[test]
    fn unpaired_surrogate_becomes_replacement() {
        let bytes = [0xFF, 0xFE, b'"', 0, 0x00, 0xD8, b'"', 0];
        assert_eq!(decode_all(&bytes).0, "\"\u{FFFD}\"");
    }

    #[test]
    fn empty_input() {
        assert_eq!(decode_all(b""), (String::new(), "utf-8"));
    }
}
