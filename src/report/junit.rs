//! `--format junit`: not written yet.

use super::{RenderOptions, Report};
use std::io::{self, Write};

pub fn write(_report: &Report, _options: &RenderOptions, _out: &mut dyn Write) -> io::Result<()> {
    Err(io::Error::other("--format junit is not implemented yet"))
}
