//! Compressed input and output: gzip and zstd, recognised by their magic bytes.
//!
//! Detection never trusts a file name: the first bytes decide, so a `.txt` that
//! is really gzip is decompressed and a `.gz` that is plain text is read as is.
//! gzip input may hold several concatenated members (sharded data sets often
//! do): all of them are read ([`flate2::read::MultiGzDecoder`]).

use std::io::{self, BufRead, BufReader, Read, Write};

/// A compression format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// Plain bytes.
    #[default]
    None,
    /// gzip (RFC 1952), possibly several members.
    Gzip,
    /// Zstandard frames.
    Zstd,
}

impl Compression {
    /// Recognises a format from the first bytes of a stream.
    pub fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// Lower-case name: `none`, `gzip`, `zstd`.
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }

    /// Parses `none`, `gzip`/`gz`, `zstd`/`zst`.
    pub fn from_name(name: &str) -> Option<Compression> {
        match name {
            "none" => Some(Compression::None),
            "gzip" | "gz" => Some(Compression::Gzip),
            "zstd" | "zst" => Some(Compression::Zstd),
            _ => None,
        }
    }
}

/// Wraps `reader` in a decompressor when its first bytes say it is compressed.
/// Returns the format found and a buffered reader of the plain bytes.
pub fn decompress<'r, R: Read + 'r>(reader: R) -> io::Result<(Compression, Box<dyn BufRead + 'r>)> {
    let mut buffered = BufReader::with_capacity(64 * 1024, reader);
    let head = loop {
        match buffered.fill_buf() {
            Ok(h) => break h,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    };
    // A magic number split across two reads is possible on a pipe; read up to 4 bytes.
    let mut kind = Compression::sniff(head);
    if kind == Compression::None && !head.is_empty() && head.len() < 4 {
        let mut first = head.to_vec();
        buffered.consume(first.len());
        while first.len() < 4 {
            let more = buffered.fill_buf()?;
            if more.is_empty() {
                break;
            }
            let n = more.len().min(4 - first.len());
            first.extend_from_slice(&more[..n]);
            buffered.consume(n);
        }
        kind = Compression::sniff(&first);
        let chained = io::Cursor::new(first).chain(buffered);
        return Ok((kind, wrap(kind, BufReader::new(chained))?));
    }
    Ok((kind, wrap(kind, buffered)?))
}

fn wrap<'r, R: BufRead + 'r>(kind: Compression, reader: R) -> io::Result<Box<dyn BufRead + 'r>> {
    Ok(match kind {
        Compression::None => Box::new(reader),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            64 * 1024,
            flate2::bufread::MultiGzDecoder::new(reader),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            64 * 1024,
            zstd::stream::read::Decoder::with_buffer(reader)?,
        )),
    })
}

/// A writer that compresses (or not); call [`Compressor::finish`] to write the trailer.
pub enum Compressor<W: Write> {
    /// Pass-through.
    None(W),
    /// gzip, one member.
    Gzip(flate2::write::GzEncoder<W>),
    /// zstd, one frame.
    Zstd(zstd::stream::write::Encoder<'static, W>),
}

impl<W: Write> Compressor<W> {
    /// Compresses into `inner` with `kind` at a moderate default level.
    pub fn new(inner: W, kind: Compression) -> io::Result<Self> {
        Ok(match kind {
            Compression::None => Compressor::None(inner),
            Compression::Gzip => Compressor::Gzip(flate2::write::GzEncoder::new(
                inner,
                flate2::Compression::default(),
            )),
            Compression::Zstd => Compressor::Zstd(zstd::stream::write::Encoder::new(inner, 3)?),
        })
    }

    /// Writes the compression trailer and returns the inner writer, flushed.
    pub fn finish(self) -> io::Result<W> {
        let mut w = match self {
            Compressor::None(w) => w,
            Compressor::Gzip(e) => e.finish()?,
            Compressor::Zstd(e) => e.finish()?,
        };
        w.flush()?;
        Ok(w)
    }
}

impl<W: Write> Write for Compressor<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Compressor::None(w) => w.write(buf),
            Compressor::Gzip(e) => e.write(buf),
            Compressor::Zstd(e) => e.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Compressor::None(w) => w.flush(),
            Compressor::Gzip(e) => e.flush(),
            Compressor::Zstd(e) => e.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(kind: Compression, data: &[u8]) -> Vec<u8> {
        let mut c = Compressor::new(Vec::new(), kind).unwrap();
        c.write_all(data).unwrap();
        let packed = c.finish().unwrap();
        let (found, mut r) = decompress(&packed[..]).unwrap();
        assert_eq!(found, kind);
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn formats_roundtrip() {
        for kind in [Compression::None, Compression::Gzip, Compression::Zstd] {
            assert_eq!(roundtrip(kind, b"hello\nworld\n"), b"hello\nworld\n");
            assert_eq!(roundtrip(kind, b""), b"");
        }
    }

    #[test]
    fn gzip_members_are_concatenated() {
        let mut all = Vec::new();
        for part in [&b"one\n"[..], b"two\n"] {
            let mut c = Compressor::new(Vec::new(), Compression::Gzip).unwrap();
            c.write_all(part).unwrap();
            all.extend(c.finish().unwrap());
        }
        let (_, mut r) = decompress(&all[..]).unwrap();
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!(out, "one\ntwo\n");
    }

    /// A reader that hands out one byte per call, like a slow pipe.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() || buf.is_empty() {
                return Ok(0);
            }
            buf[0] = self.0[0];
            self.0 = &self.0[1..];
            Ok(1)
        }
    }

    #[test]
    fn magic_split_across_reads() {
        let mut c = Compressor::new(Vec::new(), Compression::Zstd).unwrap();
        c.write_all(b"abc").unwrap();
        let packed = c.finish().unwrap();
        let (kind, mut r) = decompress(Trickle(&packed)).unwrap();
        assert_eq!(kind, Compression::Zstd);
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"abc");
        let (kind, mut r) = decompress(Trickle(b"ab")).unwrap();
        assert_eq!(kind, Compression::None);
        out.clear();
        r.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"ab");
    }
}
