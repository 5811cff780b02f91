//! Synthetic snapshot generator: N source mailboxes and N target MailUsers in the real export
//! shapes, with planted defects, deterministic for a seed.
//!
//! ```sh
//! cargo run --release --example gen -- --pairs 100000 --out /tmp/snap100k
//! cargo run --release --example gen -- --pairs 10000 --out /tmp/snap --defects 2 --seed 7 \
//!     --source-format ps7 --target-format ps51 --batch-file /tmp/wave.csv --batch-size 2000
//! ```
//!
//! Writes `OUT/source/` and `OUT/target/` (and `OUT/expected-findings.tsv`: one line per planted
//! defect, `rule<TAB>source primary SMTP address`; `.tsv` is not read by mbxlint). Never write it
//! into the repository: at 500k pairs it is several GB.

mod synth;

use std::path::PathBuf;
use std::time::Instant;

fn usage() -> ! {
    eprintln!(
        "usage: gen --pairs N --out DIR [--seed S] [--defects PERCENT] \
         [--source-format ps7|ps51|csv] [--target-format ps7|ps51|csv] [--lean] \
         [--batch-file FILE --batch-size N]"
    );
    std::process::exit(2)
}

fn main() {
    let mut opts = synth::Options::default();
    let mut out: Option<PathBuf> = None;
    let mut batch_file: Option<PathBuf> = None;
    let mut batch_size = 2000usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--pairs" => opts.pairs = val().parse().unwrap_or_else(|_| usage()),
            "--seed" => opts.seed = val().parse().unwrap_or_else(|_| usage()),
            "--defects" => opts.defect_percent = val().parse().unwrap_or_else(|_| usage()),
            "--source-format" => opts.source_format = parse_format(&val()),
            "--target-format" => opts.target_format = parse_format(&val()),
            "--lean" => opts.full = false,
            "--out" => out = Some(PathBuf::from(val())),
            "--batch-file" => batch_file = Some(PathBuf::from(val())),
            "--batch-size" => batch_size = val().parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    let Some(out) = out else { usage() };
    let start = Instant::now();
    let summary = synth::generate(&out, &opts).expect("writing the snapshot");
    let mut tsv = String::new();
    for (rule, who) in &summary.expected {
        tsv.push_str(&format!("{rule}\t{who}\n"));
    }
    std::fs::write(out.join("expected-findings.tsv"), tsv).expect("writing expected-findings.tsv");
    if let Some(path) = batch_file {
        synth::write_batch(&path, &summary, batch_size).expect("writing the batch file");
    }
    eprintln!(
        "wrote {} pairs, {} planted defects, {:.1} MB in {:.1} s to {}",
        opts.pairs,
        summary.expected.len(),
        summary.bytes as f64 / 1e6,
        start.elapsed().as_secs_f64(),
        out.display()
    );
}

fn parse_format(s: &str) -> synth::Format {
    match s {
        "ps7" => synth::Format::Ps7,
        "ps51" => synth::Format::Ps51,
        "csv" => synth::Format::Csv,
        _ => usage(),
    }
}
