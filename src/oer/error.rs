//! The one error type of the COER runtime: small, `Copy`, allocation-free.

/// What went wrong while decoding or encoding COER.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended before the value did.
    UnexpectedEnd,
    /// An integer lies outside its type's range (or beyond 64 bits).
    ValueOutOfRange,
    /// A length (of a string or a `SEQUENCE OF`) lies outside its `SIZE` constraint.
    SizeOutOfRange,
    /// A CHOICE tag names no alternative of a non-extensible CHOICE, or is not context-specific.
    InvalidChoice,
    /// An ENUMERATED value names no value of a non-extensible ENUMERATED.
    InvalidEnumerated,
    /// A length determinant is malformed (too many length octets).
    InvalidLength,
    /// A length claims more content than the input holds.
    LengthTooLarge,
    /// An open type's content did not decode to exactly its length.
    InvalidOpenType,
    /// A valid OER encoding that canonical OER forbids (a non-minimal length or integer,
    /// non-zero padding bits, a DEFAULT value sent explicitly, an empty extension bitmap).
    NonCanonical,
    /// A character string that is not valid in its type (not UTF-8).
    InvalidCharacter,
    /// Structures nest deeper than the decoder allows.
    TooDeep,
    /// Bytes remain after a complete value.
    TrailingData,
    /// A valid alternative this crate does not decode (for example `encryptedData`).
    Unsupported,
    /// A value cannot be encoded (for example a list longer than its `SIZE`).
    Unencodable,
}

impl core::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            ErrorKind::UnexpectedEnd => "unexpected end of input",
            ErrorKind::ValueOutOfRange => "value out of range",
            ErrorKind::SizeOutOfRange => "size out of range",
            ErrorKind::InvalidChoice => "invalid CHOICE tag",
            ErrorKind::InvalidEnumerated => "invalid ENUMERATED value",
            ErrorKind::InvalidLength => "invalid length determinant",
            ErrorKind::LengthTooLarge => "length exceeds the input",
            ErrorKind::InvalidOpenType => "open type content does not match its length",
            ErrorKind::NonCanonical => "not canonical OER",
            ErrorKind::InvalidCharacter => "invalid character string",
            ErrorKind::TooDeep => "nesting too deep",
            ErrorKind::TrailingData => "trailing data after the value",
            ErrorKind::Unsupported => "unsupported alternative",
            ErrorKind::Unencodable => "value cannot be encoded",
        })
    }
}

/// A COER decode or encode failure: the kind, the octet offset where it happened, and the
/// innermost field being read (`"HeaderInfo.psid"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{kind} at octet {offset} in {path}")]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Octet offset from the start of the outermost buffer being decoded.
    pub offset: usize,
    /// The innermost field, `Type.field`; `"?"` when no field was being read.
    pub path: &'static str,
}

impl Error {
    /// An error of `kind` at `offset`, not yet attributed to a field.
    #[inline]
    pub const fn new(kind: ErrorKind, offset: usize) -> Self {
        Error {
            kind,
            offset,
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

/// The COER runtime's result type.
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
