//! A bound on the bytes one record may take, so that a damaged or hostile file (a multi-GB line,
//! an endless string) is refused with a clear error instead of filling memory: the readers keep
//! at most one record in memory, and this caps that record.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

/// Most bytes one record (a JSON object, a CSV row, the header line) may take.
pub const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;

/// The message of the I/O error a reader returns when a record exceeds the bound.
pub const TOO_LARGE: &str = "a single record is larger than 64 MiB (a damaged file, or not an export); the file is not read further";

/// Counts the bytes read since the last [`Budget::reset`]; errors past [`MAX_RECORD_BYTES`].
#[derive(Clone, Default)]
pub struct Budget(Rc<Cell<u64>>);

impl Budget {
    /// A record ended: the next one starts from zero.
    pub fn reset(&self) {
        self.0.set(0);
    }

    pub fn wrap<R: Read>(&self, inner: R) -> Limited<R> {
        Limited {
            inner,
            budget: self.clone(),
            limit: MAX_RECORD_BYTES,
        }
    }
}

/// A reader under a [`Budget`].
pub struct Limited<R> {
    inner: R,
    budget: Budget,
    limit: u64,
}

impl<R> Limited<R> {
    /// A smaller bound, for tests.
    pub fn with_limit(mut self, limit: u64) -> Self {
        self.limit = limit;
        self
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let used = self.budget.0.get();
        if used > self.limit {
            return Err(io::Error::new(io::ErrorKind::InvalidData, TOO_LARGE));
        }
        let n = self.inner.read(out)?;
        self.budget.0.set(used + n as u64);
        Ok(n)
    }
}

/// Whether an error message is the one [`Limited`] returns.
pub fn is_too_large(message: &str) -> bool {
    message.contains(TOO_LARGE)
}
