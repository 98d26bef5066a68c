//! KRB 1.0 reader and writer.
