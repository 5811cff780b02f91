//! `--format csv`: not written yet.

use super::{RenderOptions, Report};
use std::io::{self, Write};

pub fn write(_report: &Report, _options: &RenderOptions, _out: &mut dyn Write) -> io::Result<()> {
    Err(io::Error::other("--format csv is not implemented yet"))
}
