//! The one error type of the crate.
//!
//! Kept small (one pointer) so `Result<T, Error>` stays cheap on the hot path;
//! every constructor is `#[cold]`. Position and JSON path are attached by the
//! decoder when the error leaves a visitor, so visitors only say *what* is wrong.

use std::fmt;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure an [`Error`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
    /// The bytes are not JSON (RFC 8259): a bad token, a trailing comma, invalid UTF-8, ...
    Syntax,
    /// Valid JSON of the wrong type for the target, e.g. a string where a bool is expected.
    InvalidType,
    /// Right type, unacceptable value: an integer out of range, a duplicate field,
    /// an `object` tag naming another type.
    InvalidValue,
    /// A required field was absent (or `null`).
    MissingField,
    /// The input ended before the JSON value was complete.
    Eof,
    /// A configured [`Limits`](crate::Limits) bound was exceeded.
    Limit,
    /// Reading the input failed.
    Io,
}

impl Category {
    fn describe(self) -> &'static str {
        match self {
            Category::Syntax => "syntax error",
            Category::InvalidType => "invalid type",
            Category::InvalidValue => "invalid value",
            Category::MissingField => "missing field",
            Category::Eof => "unexpected end of input",
            Category::Limit => "limit exceeded",
            Category::Io => "I/O error",
        }
    }
}

/// A decoding error: category, message, byte offset, line, column and JSON path.
#[derive(Clone)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Clone)]
struct Inner {
    category: Category,
    msg: String,
    /// Byte offset in the whole input (all chunks together), 0-based.
    offset: u64,
    /// 1-based line; 0 while the error has no position yet.
    line: u64,
    /// 1-based byte column.
    column: u64,
    path: String,
    /// The path was set (it may be empty: the top level).
    pathed: bool,
    positioned: bool,
    io_kind: Option<std::io::ErrorKind>,
}

impl Error {
    #[cold]
    pub(crate) fn new(category: Category, msg: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                category,
                msg: msg.into(),
                offset: 0,
                line: 0,
                column: 0,
                path: String::new(),
                pathed: false,
                positioned: false,
                io_kind: None,
            }),
        }
    }

    /// An error a visitor raises for a value of the wrong JSON type.
    #[cold]
    pub fn invalid_type(found: Unexpected<'_>, expected: &str) -> Self {
        Error::new(
            Category::InvalidType,
            format!("invalid type: expected {expected}, found {found}"),
        )
    }

    /// An error a visitor raises for a value of the right type it cannot accept.
    #[cold]
    pub fn invalid_value(msg: impl fmt::Display) -> Self {
        Error::new(Category::InvalidValue, format!("invalid value: {msg}"))
    }

    /// A required field of an object was absent or `null`.
    #[cold]
    pub fn missing_field(field: &str) -> Self {
        Error::new(Category::MissingField, format!("missing field `{field}`"))
    }

    /// The same field appeared twice in one object.
    #[cold]
    pub fn duplicate_field(field: &str) -> Self {
        Error::new(Category::InvalidValue, format!("duplicate field `{field}`"))
    }

    /// Any other data error, with a free-form message.
    #[cold]
    pub fn custom(msg: impl fmt::Display) -> Self {
        Error::new(Category::InvalidValue, msg.to_string())
    }

    #[cold]
    pub(crate) fn io(err: &std::io::Error) -> Self {
        let mut e = Error::new(Category::Io, format!("I/O error: {err}"));
        e.inner.io_kind = Some(err.kind());
        e
    }

    #[cold]
    pub(crate) fn at(mut self, offset: u64, line: u64, column: u64) -> Self {
        if !self.inner.positioned {
            self.inner.offset = offset;
            self.inner.line = line;
            self.inner.column = column;
            self.inner.positioned = true;
        }
        self
    }

    #[cold]
    pub(crate) fn with_path(mut self, path: &str) -> Self {
        if !self.inner.pathed {
            self.inner.path.push_str(path);
            self.inner.pathed = true;
        }
        self
    }

    pub(crate) fn is_positioned(&self) -> bool {
        self.inner.positioned
    }

    /// The kind of failure.
    pub fn category(&self) -> Category {
        self.inner.category
    }

    /// Byte offset of the failure in the whole input, 0-based.
    pub fn offset(&self) -> u64 {
        self.inner.offset
    }

    /// Line of the failure, 1-based (0 for I/O errors, which have no position).
    pub fn line(&self) -> u64 {
        self.inner.line
    }

    /// Byte column of the failure within its line, 1-based.
    pub fn column(&self) -> u64 {
        self.inner.column
    }

    /// JSON path of the value being decoded, e.g. `components.payouts.enabled`
    /// or `data[3].id`; empty at the top level.
    pub fn path(&self) -> &str {
        &self.inner.path
    }

    /// The message without position and path.
    pub fn message(&self) -> &str {
        &self.inner.msg
    }

    /// For I/O errors, the kind of the underlying `std::io::Error`.
    pub fn io_error_kind(&self) -> Option<std::io::ErrorKind> {
        self.inner.io_kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &*self.inner;
        f.write_str(&i.msg)?;
        if !i.path.is_empty() {
            write!(f, " at {}", i.path)?;
        }
        if i.positioned {
            if i.path.is_empty() {
                write!(f, " at line {}, column {}", i.line, i.column)?;
            } else {
                write!(f, " (line {}, column {})", i.line, i.column)?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Error({}: {:?}, offset {}, line {}, column {}, path {:?})",
            self.inner.category.describe(),
            self.inner.msg,
            self.inner.offset,
            self.inner.line,
            self.inner.column,
            self.inner.path
        )
    }
}

impl std::error::Error for Error {}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> Self {
        let kind = match e.category() {
            Category::Io => e.io_error_kind().unwrap_or(std::io::ErrorKind::Other),
            Category::Eof => std::io::ErrorKind::UnexpectedEof,
            _ => std::io::ErrorKind::InvalidData,
        };
        std::io::Error::new(kind, e)
    }
}

/// The JSON value a visitor did not expect, for "invalid type" messages.
#[derive(Clone, Copy, Debug)]
pub enum Unexpected<'a> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A negative integer.
    Negative(i64),
    /// A non-negative integer.
    Nonnegative(u64),
    /// A number with a fraction or exponent.
    Float(f64),
    /// A string (only its beginning is shown).
    Str(&'a str),
    /// An array.
    Seq,
    /// An object.
    Map,
}

impl fmt::Display for Unexpected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Unexpected::Null => f.write_str("null"),
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Negative(n) => write!(f, "integer `{n}`"),
            Unexpected::Nonnegative(n) => write!(f, "integer `{n}`"),
            Unexpected::Float(n) => write!(f, "floating point `{n}`"),
            Unexpected::Str(s) => {
                let mut end = s.len().min(40);
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                let more = if end < s.len() { "..." } else { "" };
                write!(f, "string {:?}{more}", &s[..end])
            }
            Unexpected::Seq => f.write_str("array"),
            Unexpected::Map => f.write_str("object"),
        }
    }
}
