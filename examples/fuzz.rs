//! A bounded random-input fuzzer for mbxlint (issue 7), for machines without nightly Rust.
//!
//! ```text
//! nice -n 19 cargo run --release --example fuzz -- TARGET [MINUTES] [SEED]
//! ```
//!
//! TARGET is `json` (the JSON importer), `csv` (the CSV importer) or `values` (proxy-address,
//! size, quota, GUID, date, hold, location and recipient-type parsers). Each iteration takes a
//! seed (a file of `sample-exports/`, or a value found in one), mutates it with a seeded RNG
//! (byte flips, truncation, insertion of JSON/CSV/Unicode tokens, splicing, re-encoding to
//! UTF-16 or Windows-1252, deep nesting) and checks invariants:
//!
//! * nothing panics (a panic is caught, the input saved under `target/fuzz-crashes/`);
//! * `load` always succeeds on a folder it can read, every file's skipped count is at most its
//!   read count, and every unreadable file carries an issue saying why;
//! * `check` and every report format succeed; JSON and SARIF parse, JUnit is well-formed XML,
//!   the text report has no raw control characters;
//! * values: a parsed value written back with `Display` parses again to the same value.
//!
//! Crashing inputs belong in `tests/fuzz-regressions/`, which `tests/fuzz_regressions.rs`
//! replays in the normal test suite.

use mbxlint::report::{Format, RenderOptions, render};
use mbxlint::{CheckOptions, LoadOptions};
use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, one_in: u64) -> bool {
        self.next().is_multiple_of(one_in)
    }
}

const TOKENS: &[&str] = &[
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    ";",
    "\t",
    "\n",
    "\r\n",
    "\0",
    "null",
    "true",
    "false",
    "-1",
    "0",
    "1e999",
    "18446744073709551616",
    "-9223372036854775809",
    "\\u0000",
    "\\ud800",
    "\\udc00",
    "\\ud83d\\ude00",
    "\\\"",
    "\u{202e}",
    "\u{feff}",
    "\u{fffd}",
    "‘",
    "’",
    "“",
    "”",
    "`",
    "$(",
    "@{",
    "=",
    "+",
    "-",
    "@",
    "SMTP:",
    "smtp:",
    "X500:",
    "x400:",
    "/Date(",
    ")/",
    "GB (",
    " bytes)",
    "Unlimited",
    "00000000-0000-0000-0000-000000000000",
    "#TYPE ",
    "\"\"",
    "=cmd|' /C calc'!A0",
    "<script>",
    "&amp;",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "ﬀ",
    "İ",
    "ß",
];

fn mutate(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = data.len();
        match rng.below(14) {
            0 | 1 => {
                if len > 0 {
                    let i = rng.below(len);
                    data[i] ^= 1 << rng.below(8);
                }
            }
            2 => {
                if len > 0 {
                    let i = rng.below(len);
                    data[i] = rng.next() as u8;
                }
            }
            3 => {
                // truncation at any position (a full disk)
                let i = rng.below(len + 1);
                data.truncate(i);
            }
            4 | 5 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let i = rng.below(len + 1);
                data.splice(i..i, t.iter().copied());
            }
            6 => {
                if len > 0 {
                    let a = rng.below(len);
                    let b = (a + 1 + rng.below(64)).min(len);
                    data.drain(a..b);
                }
            }
            7 => {
                if len > 0 {
                    let a = rng.below(len);
                    let b = (a + 1 + rng.below(256)).min(len);
                    let chunk = data[a..b].to_vec();
                    let i = rng.below(len + 1);
                    data.splice(i..i, chunk);
                }
            }
            8 => {
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + 1 + rng.below(512)).min(other.len());
                    let i = rng.below(len + 1);
                    data.splice(i..i, other[a..b].iter().copied());
                }
            }
            9 => {
                // deep nesting
                let depth = 1 + rng.below(5000);
                let i = rng.below(len + 1);
                let open = if rng.chance(2) { b'[' } else { b'{' };
                data.splice(i..i, std::iter::repeat_n(open, depth));
            }
            10 => {
                // a long value
                let n = 1 + rng.below(100_000);
                let i = rng.below(len + 1);
                let b = b"aA\"x;,"[rng.below(6)];
                data.splice(i..i, std::iter::repeat_n(b, n));
            }
            11 => {
                if rng.chance(8) {
                    *data = reencode(rng, data);
                } else if len > 0 {
                    let i = rng.below(len);
                    data.insert(i, [0xC3, 0xE2, 0x80, 0xFF, 0xED, 0xA0][rng.below(6)]);
                }
            }
            12 => {
                // swap a line ending style
                let from: &[u8] = if rng.chance(2) { b"\n" } else { b"\r\n" };
                let to: &[u8] = [&b"\r\n"[..], b"\n", b"\r", b""][rng.below(4)];
                *data = replace_all(data, from, to);
            }
            _ => {
                // a quoted string's content replaced by a token
                if let Some(q) = find_from(data, b"\"", rng.below(len + 1))
                    && let Some(e) = find_from(data, b"\"", q + 1)
                {
                    let t = TOKENS[rng.below(TOKENS.len())].as_bytes().to_vec();
                    data.splice(q + 1..e, t);
                }
            }
        }
    }
}

fn find_from(data: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= data.len() {
        return None;
    }
    data[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn replace_all(data: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(data[i]);
            i += 1;
        }
    }
    out
}

/// UTF-16 LE/BE with or without BOM (lone surrogates included), or Windows-1252.
fn reencode(rng: &mut Rng, data: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(data);
    match rng.below(4) {
        0 | 1 => {
            let le = rng.chance(2);
            let mut out = Vec::new();
            if rng.below(4) != 0 {
                out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
            }
            let mut units: Vec<u16> = text.encode_utf16().collect();
            if rng.chance(2) && !units.is_empty() {
                let i = rng.below(units.len());
                units.insert(i, 0xD800 + rng.below(0x800) as u16);
            }
            for u in units {
                out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            if rng.chance(4) {
                out.pop();
            }
            out
        }
        2 => {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
            bytes.into_owned()
        }
        _ => {
            let mut out = vec![0xEF, 0xBB, 0xBF];
            out.extend_from_slice(data);
            out
        }
    }
}

fn seeds(ext: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-exports");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().and_then(|e| e.to_str()) == Some(ext) {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    // Big seeds are cut to their first records: mutations near the start matter as much.
    for (_, bytes) in &mut out {
        bytes.truncate(40_000);
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// Checks the invariants on a loaded snapshot folder; returns a failure message.
fn pipeline(options: &LoadOptions) -> Result<(), String> {
    let snap = mbxlint::load(options).map_err(|e| format!("load failed: {e}"))?;
    for f in &snap.inputs {
        if f.records_skipped > f.records_read {
            return Err(format!(
                "{}: skipped {} > read {}",
                f.path, f.records_skipped, f.records_read
            ));
        }
        if f.kind.is_none() && f.format != "empty" && f.issues.is_empty() {
            return Err(format!("{}: not recognised and no issue says why", f.path));
        }
    }
    let options = CheckOptions {
        kind: Some(mbxlint::model::MigrationKind::CrossTenant),
        ..Default::default()
    };
    let report = match mbxlint::check(&snap, &options) {
        Ok(r) => r,
        Err(_) => return Ok(()),
    };
    for format in Format::ALL {
        let mut out = Vec::new();
        render(format, &report, &RenderOptions::default(), &mut out)
            .map_err(|e| format!("{} failed: {e}", format.as_str()))?;
        let text = String::from_utf8(out).map_err(|_| format!("{} not UTF-8", format.as_str()))?;
        match format {
            Format::Json | Format::Sarif => {
                serde_json::from_str::<serde_json::Value>(&text)
                    .map_err(|e| format!("{} does not parse: {e}", format.as_str()))?;
            }
            Format::Junit => {
                roxmltree::Document::parse(&text).map_err(|e| format!("junit: {e}"))?;
            }
            Format::Text => {
                if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n') {
                    return Err(format!("text report holds control character {c:?}"));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

struct Stats {
    execs: u64,
    failures: BTreeSet<String>,
    slowest: Duration,
}

fn save(target: &str, kind: &str, data: &[u8], ext: &str) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    data.hash(&mut h);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-crashes");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("{target}-{kind}-{:016x}.{ext}", h.finish()));
    std::fs::write(&p, data).unwrap();
    p
}

fn run_files(target: &str, ext: &str, deadline: Instant, rng: &mut Rng, stats: &mut Stats) {
    let seeds = seeds(ext);
    let work = tempfile::tempdir().unwrap();
    // A full copy of the cross-tenant sample, and a snapshot holding only the mutated file.
    let full = work.path().join("full");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-exports/cross-tenant"),
        &full,
    );
    let alone = work.path().join("alone");
    std::fs::create_dir_all(alone.join("source")).unwrap();
    std::fs::create_dir_all(alone.join("target")).unwrap();
    while Instant::now() < deadline {
        let (path, seed) = &seeds[rng.below(seeds.len())];
        let (_, other) = &seeds[rng.below(seeds.len())];
        let mut data = seed.clone();
        mutate(rng, &mut data, other);
        let side = if path.components().any(|c| c.as_os_str() == "target") {
            "target"
        } else {
            "source"
        };
        let use_full = rng.chance(4);
        let (dir, file) = if use_full {
            (full.clone(), full.join(side).join(format!("fuzz.{ext}")))
        } else {
            (alone.clone(), alone.join(side).join(format!("fuzz.{ext}")))
        };
        std::fs::write(&file, &data).unwrap();
        let options = LoadOptions {
            snapshot_dir: Some(dir),
            ..Default::default()
        };
        let started = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| pipeline(&options)));
        let took = started.elapsed();
        stats.slowest = stats.slowest.max(took);
        std::fs::remove_file(&file).unwrap();
        stats.execs += 1;
        let failure = match result {
            Ok(Ok(())) if took < Duration::from_secs(5) => None,
            Ok(Ok(())) => Some(("slow", format!("took {took:?}"))),
            Ok(Err(m)) => Some(("invariant", m)),
            Err(p) => Some(("panic", panic_text(&p))),
        };
        if let Some((kind, message)) = failure {
            let key = format!("{kind}: {}", message.chars().take(120).collect::<String>());
            let saved = save(target, kind, &data, ext);
            if stats.failures.insert(key.clone()) {
                eprintln!("NEW {key}\n    input: {}", saved.display());
            }
        }
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    let msg = p
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    let loc = LAST_PANIC.with(|l| l.borrow().clone());
    format!("{msg} at {loc}")
}

thread_local! {
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Every string value found in the sample exports, as seeds for the value parsers.
fn value_seeds() -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::String(s) => {
                out.insert(s.clone());
            }
            serde_json::Value::Number(n) => {
                out.insert(n.to_string());
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for (_, bytes) in seeds("json") {
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim_start_matches('\u{feff}');
        // Seeds are cut at 40 kB: read the documents that survive.
        let mut de = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
        if let Some(Ok(v)) = de.next() {
            walk(&v, &mut out);
        }
    }
    for extra in [
        "99 GB (106,300,440,576 bytes)",
        "Unlimited",
        "/Date(1574202819000)/",
        "2019-11-19T22:33:39Z",
        "11/19/2019 10:33:39 PM",
        "SMTP:user@contoso.com",
        "x500:/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=abc",
        "f64a9c3a-7e65-4a7d-9a8d-0e3f6b1c2d4e",
        "migrated,sharedmailbox",
    ] {
        out.insert(extra.to_string());
    }
    out.into_iter().filter(|s| s.len() < 4096).collect()
}

fn values_once(text: &str) -> Result<(), String> {
    use mbxlint::values::*;
    macro_rules! roundtrip {
        ($ty:ty, $parse:expr, $name:literal) => {
            if let Ok(v) = $parse(text) {
                let shown = v.to_string();
                match $parse(&shown) {
                    Ok(again) if again == v => {}
                    Ok(again) => {
                        return Err(format!(
                            "{}: {text:?} -> {shown:?} -> {:?} differs",
                            $name,
                            again.to_string()
                        ));
                    }
                    Err(e) => return Err(format!("{}: {text:?} -> {shown:?} fails: {e}", $name)),
                }
            }
        };
    }
    roundtrip!(Guid, Guid::parse, "guid");
    roundtrip!(ByteSize, ByteSize::parse, "size");
    roundtrip!(Quota, Quota::parse, "quota");
    roundtrip!(Timestamp, Timestamp::parse, "date");
    roundtrip!(SmtpAddress, SmtpAddress::parse, "smtp");
    let _ = ProxyAddress::parse(text).map(|p| (p.to_string(), p.smtp()));
    let _ = InPlaceHold::parse(text).map(|h| (h.to_string(), h.blocks_mailbox_move()));
    let _ = MailboxLocation::parse(text).map(|l| l.to_string());
    let _ = split_locations(text);
    let _ = split_proxy_list(text);
    let _ = split_multi(text, true);
    let _ = RecipientTypeDetails::parse(text).map(|r| r.to_string());
    let _ = RemoteRecipientType::parse(text).map(|r| r.to_string());
    let _ = ArchiveStatus::parse(text);
    let _ = LocationType::parse(text);
    let _ = parse_bool(text);
    let _ = Guid::from_immutable_id(text).map(|g| g.immutable_id());
    let _ = depth_placeholder(text);
    let _ = ByteSize::parse_with_exactness(text);
    let quoted = mbxlint::powershell::quote(text);
    if quoted.len() < 2 || !(quoted.starts_with('\'') || quoted.starts_with('(')) {
        return Err(format!("quote({text:?}) = {quoted:?}"));
    }
    Ok(())
}

fn run_values(deadline: Instant, rng: &mut Rng, stats: &mut Stats) {
    let seeds = value_seeds();
    eprintln!("{} value seeds", seeds.len());
    while Instant::now() < deadline {
        for _ in 0..256 {
            let mut data = seeds[rng.below(seeds.len())].as_bytes().to_vec();
            let other = seeds[rng.below(seeds.len())].as_bytes().to_vec();
            mutate(rng, &mut data, &other);
            data.truncate(200_000);
            let text = String::from_utf8_lossy(&data).into_owned();
            let result = catch_unwind(AssertUnwindSafe(|| values_once(&text)));
            stats.execs += 1;
            let failure = match result {
                Ok(Ok(())) => None,
                Ok(Err(m)) => Some(("invariant", m)),
                Err(p) => Some(("panic", panic_text(&p))),
            };
            if let Some((kind, message)) = failure {
                let key = format!("{kind}: {}", message.chars().take(160).collect::<String>());
                let saved = save("values", kind, text.as_bytes(), "txt");
                if stats.failures.insert(key.clone()) {
                    eprintln!("NEW {key}\n    input: {}", saved.display());
                }
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let target = args.first().map(String::as_str).unwrap_or("");
    let minutes: f64 = args.get(1).and_then(|m| m.parse().ok()).unwrap_or(10.0);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    std::panic::set_hook(Box::new(|info| {
        let loc = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        LAST_PANIC.with(|l| *l.borrow_mut() = loc);
    }));
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(minutes * 60.0);
    let mut rng = Rng(seed | 1);
    let mut stats = Stats {
        execs: 0,
        failures: BTreeSet::new(),
        slowest: Duration::ZERO,
    };
    match target {
        "json" => run_files("json", "json", deadline, &mut rng, &mut stats),
        "csv" => run_files("csv", "csv", deadline, &mut rng, &mut stats),
        "values" => run_values(deadline, &mut rng, &mut stats),
        _ => {
            eprintln!(
                "usage: cargo run --release --example fuzz -- json|csv|values [MINUTES] [SEED]"
            );
            std::process::exit(2);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "target {target}: {} executions in {:.1} min ({:.0}/s), slowest {:?}, {} distinct failure(s)",
        stats.execs,
        secs / 60.0,
        stats.execs as f64 / secs,
        stats.slowest,
        stats.failures.len()
    );
    for f in &stats.failures {
        println!("  {f}");
    }
    if !stats.failures.is_empty() {
        std::process::exit(1);
    }
}
