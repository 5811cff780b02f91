//! The floor for the benchmark: the least any checker of these exports must do.
//!
//! Reads every export file of a snapshot folder (the files `mbxlint check DIR` reads), decodes it
//! to UTF-8 exactly as mbxlint does (BOM sniffing, UTF-16 transcoding), and parses it: JSON with
//! serde_json into `serde::de::IgnoredAny` (every document of the file), CSV by reading every
//! record with the csv crate. Files are read in parallel on rayon's global pool, the same pool
//! (and so the same number of threads) mbxlint uses.
//!
//! ```sh
//! cargo run --release --example floor -- /tmp/snap100k
//! ```

use rayon::prelude::*;
use serde::Deserialize;
use serde::de::IgnoredAny;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["json", "csv", "txt"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        }) {
            out.push(p);
        }
    }
}

/// Parses one file; returns the number of records (array elements or CSV rows) seen.
fn parse(path: &Path) -> std::io::Result<u64> {
    let decoded = mbxlint::import::encoding::decode(std::fs::File::open(path)?)?;
    let mut reader = BufReader::with_capacity(256 * 1024, decoded.reader);
    let first = loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break None;
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let b = buf[i];
                reader.consume(i);
                break Some(b);
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    };
    match first {
        None => Ok(0),
        Some(b'[') | Some(b'{') => {
            let mut de = serde_json::Deserializer::from_reader(reader);
            let mut docs = 0;
            while de.end().is_err() {
                IgnoredAny::deserialize(&mut de).map_err(std::io::Error::other)?;
                docs += 1;
            }
            Ok(docs)
        }
        Some(_) => {
            let mut csv = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(reader);
            let mut record = csv::ByteRecord::new();
            let mut n = 0;
            while csv
                .read_byte_record(&mut record)
                .map_err(std::io::Error::other)?
            {
                n += 1;
            }
            Ok(n)
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: floor SNAPSHOT_DIR");
    let start = Instant::now();
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    files.sort();
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    let results: Vec<(PathBuf, std::io::Result<u64>)> = files
        .into_par_iter()
        .map(|f| {
            let r = parse(&f);
            (f, r)
        })
        .collect();
    let mut records = 0;
    for (f, r) in results {
        match r {
            Ok(n) => records += n,
            Err(e) => eprintln!("{}: {e}", f.display()),
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "floor: {} bytes, {records} records, {secs:.3} s, {:.1} MB/s, {} threads",
        bytes,
        bytes as f64 / 1e6 / secs,
        rayon::current_num_threads()
    );
}
