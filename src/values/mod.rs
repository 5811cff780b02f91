//! Typed values parsed once from export text (filled in by the values module work).
