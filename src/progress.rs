//! A progress bar on stderr while the exports are read (the `indicatif` crate).
//!
//! Off unless the binary turns it on with [`enable`] (so library users and tests never see
//! one), and then shown only when stderr is a terminal and the input is large enough to take
//! more than a moment. It never writes to stdout, so JSON / SARIF / … output streams stay clean.
//! The loader ([`crate::import::load`]) calls [`loading`] with the total size of the files it
//! is about to read and counts bytes through [`Counter`].

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Read};
use std::sync::atomic::{AtomicBool, Ordering};

/// Inputs smaller than this are read too fast for a bar to be useful.
pub const MIN_BYTES: u64 = 64 * 1024 * 1024;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Allows the progress bar (the binary calls this with `!quiet`).
pub fn enable(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Whether a bar would be drawn for `total_bytes` of input.
pub fn wanted(total_bytes: u64) -> bool {
    ENABLED.load(Ordering::Relaxed) && total_bytes >= MIN_BYTES && std::io::stderr().is_terminal()
}

/// The bar for one load; hidden when not [`wanted`]. Cleared when dropped.
pub struct Loading {
    bar: ProgressBar,
}

/// Starts the bar for reading `files` files of `total_bytes` bytes.
pub fn loading(total_bytes: u64, files: usize) -> Loading {
    let bar = if wanted(total_bytes) {
        let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message(format!("reading {files} export files"));
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };
    Loading { bar }
}

impl Loading {
    /// A reader that advances the bar by the bytes read through it.
    pub fn counter<R: Read>(&self, inner: R) -> Counter<R> {
        Counter {
            inner,
            bar: self.bar.clone(),
        }
    }

    /// Shown once the files are read, while records are merged.
    pub fn merging(&self) {
        self.bar.set_message("merging records");
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Counts the bytes read from a file into the bar.
pub struct Counter<R> {
    inner: R,
    bar: ProgressBar,
}

impl<R: Read> Read for Counter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if !self.bar.is_hidden() {
            self.bar.inc(n as u64);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_unless_enabled_and_counts_through() {
        // Not enabled: no bar whatever the size.
        let l = loading(u64::MAX, 3);
        assert!(l.bar.is_hidden());
        let mut r = l.counter(&b"abc"[..]);
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(s, "abc");
        // Small inputs never get a bar.
        assert!(!wanted(10));
    }
}
