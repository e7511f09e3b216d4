//! The one error type of the codec: small, `Copy`, allocation-free.

/// What went wrong while decoding or encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended before the value did.
    UnexpectedEnd,
    /// An integer lies outside its type's range.
    ValueOutOfRange,
    /// A length (of a string or a `SEQUENCE OF`) lies outside its `SIZE` constraint.
    SizeOutOfRange,
    /// A CHOICE index names no alternative of a non-extensible CHOICE.
    InvalidChoice,
    /// An ENUMERATED index names no value of a non-extensible ENUMERATED.
    InvalidEnumerated,
    /// A length determinant is malformed (reserved form, or a fragment where none may be).
    InvalidLength,
    /// A length claims more content than the input can hold.
    LengthTooLarge,
    /// An open type's content did not decode to exactly its length.
    InvalidOpenType,
    /// A character lies outside the string type's alphabet.
    InvalidCharacter,
    /// Structures nest deeper than the decoder allows.
    TooDeep,
    /// Bytes remain after a complete value.
    TrailingData,
    /// The output buffer is full.
    BufferFull,
    /// A value cannot be represented (for example a length over the encoder's limit).
    Unencodable,
    /// OBJECT IDENTIFIER or RELATIVE-OID contents that are not canonical arcs: empty, an arc
    /// starting with 0x80, a cut last arc, or an arc above `u64::MAX` (see `per::oid`).
    InvalidObjectIdentifier,
}

impl core::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            ErrorKind::UnexpectedEnd => "unexpected end of input",
            ErrorKind::ValueOutOfRange => "value out of range",
            ErrorKind::SizeOutOfRange => "size out of range",
            ErrorKind::InvalidChoice => "invalid CHOICE index",
            ErrorKind::InvalidEnumerated => "invalid ENUMERATED index",
            ErrorKind::InvalidLength => "invalid length determinant",
            ErrorKind::LengthTooLarge => "length exceeds the input",
            ErrorKind::InvalidOpenType => "open type content does not match its length",
            ErrorKind::InvalidCharacter => "character outside the permitted alphabet",
            ErrorKind::TooDeep => "nesting too deep",
            ErrorKind::TrailingData => "trailing data after the value",
            ErrorKind::BufferFull => "output buffer full",
            ErrorKind::Unencodable => "value cannot be encoded",
            ErrorKind::InvalidObjectIdentifier => {
                "invalid OBJECT IDENTIFIER or RELATIVE-OID contents"
            }
        })
    }
}

/// A decode or encode failure: the kind, the bit offset where it happened, and the
/// innermost field being read or written (`"BSMcoreData.lat"`).
///
/// `Copy` and allocation-free, so it costs nothing on the success path and can be
/// returned from `no_std` code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{kind} at bit {bit}{}", InField(path))]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Bit offset from the start of the buffer being decoded or encoded.
    pub bit: usize,
    /// The innermost field, `Type.field`; `"?"` when no field was being read.
    pub path: &'static str,
}

impl Error {
    /// An error of `kind` at `bit`, not yet attributed to a field.
    #[inline]
    pub const fn new(kind: ErrorKind, bit: usize) -> Self {
        Error {
            kind,
            bit,
            path: "?",
        }
    }

    /// Attributes the error to `path` unless an inner field already claimed it.
    #[inline]
    #[must_use]
    pub fn in_field(mut self, path: &'static str) -> Self {
        if self.path == "?" {
            self.path = path;
        }
        self
    }
}

/// Writes ` in Type.field`, or nothing while no field has claimed the error (`"?"`).
struct InField<'a>(&'a str);

impl core::fmt::Display for InField<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            "?" => Ok(()),
            path => write!(f, " in {path}"),
        }
    }
}

/// The codec's result type.
pub type Result<T> = core::result::Result<T, Error>;

/// Attaches a field path to the error of a result, keeping an inner one.
pub trait ResultExt {
    /// See [`Error::in_field`].
    fn field(self, path: &'static str) -> Self;
}

impl<T> ResultExt for Result<T> {
    #[inline]
    fn field(self, path: &'static str) -> Self {
        self.map_err(|e| e.in_field(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_the_field_only_when_one_claimed_the_error() {
        let e = Error::new(ErrorKind::TrailingData, 24);
        assert_eq!(e.to_string(), "trailing data after the value at bit 24");
        assert_eq!(
            e.in_field("SPAT.timeStamp").to_string(),
            "trailing data after the value at bit 24 in SPAT.timeStamp"
        );
    }
}
