//! The one error type of the crate.
//!
//! Kept small (one pointer) so `Result<T, Error>` stays cheap on the hot path;
//! every constructor is `#[cold]`. The crate's own failures are built from an
//! [`ErrorCode`] (category and message in one place); visitors use the public
//! constructors. Position and JSON path are attached afterwards, and **the
//! first position and the first path attached win**: the scanner positions its
//! errors at the offending byte, and the driver's one `locate` helper adds the
//! current token's position and the path only where none is set yet, so an
//! error keeps the most precise location whoever passes it on.

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
    /// Right type, unacceptable value: a number out of range for its target
    /// (`300` for a `u8`, `1e400` for an `f64`), a duplicate field, an
    /// `object` tag naming another type.
    InvalidValue,
    /// A required field was absent (`null` for a non-`Option` field is
    /// [`InvalidType`](Category::InvalidType)).
    MissingField,
    /// The input ended before the JSON value was complete.
    Eof,
    /// A configured [`Limits`](crate::Limits) bound was exceeded.
    Limit,
    /// Reading the input failed.
    Io,
}

/// Where in the input something is: a byte offset into the whole input (all
/// chunks together), and the 1-based line and byte column it falls on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Position {
    /// Byte offset, 0-based.
    pub offset: u64,
    /// Line, 1-based.
    pub line: u64,
    /// Byte column within the line, 1-based.
    pub column: u64,
}

/// Every failure the crate itself raises. One place decides each one's
/// category and wording, instead of ad hoc messages at the raise sites.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorCode {
    /// A byte that cannot start or continue what the grammar expects here.
    Expected {
        what: &'static str,
        found: u8,
    },
    /// `,` just before `}` (`true`) or `]` (`false`).
    TrailingComma {
        object: bool,
    },
    TrailingCharacters,
    LeadingZero,
    DigitAfterDot,
    DigitInExponent,
    DigitInNumber,
    /// A literal that is not `true`, `false` or `null`.
    InvalidLiteral(&'static str),
    InvalidEscape,
    InvalidUnicodeEscape,
    LoneSurrogate,
    ControlCharacter(u8),
    InvalidUtf8,
    EofInString,
    EofInNumber,
    EofInLiteral,
    EofNoValue,
    Eof,
    DepthLimit(u32),
    StringLimit(u64),
    NumberLimit(u64),
    InputLimit(u64),
    /// Values held on the side (before a tagged union's tag, an envelope's
    /// members) past `Limits::max_held`.
    HeldLimit(u64),
    /// `feed` after `finish`.
    InputAfterFinish,
    /// A container's `Map::resume`/`Seq::resume` gives nothing back for the
    /// value in progress.
    Lost,
}

impl ErrorCode {
    pub(crate) fn category(self) -> Category {
        use ErrorCode::*;
        match self {
            Expected { .. }
            | TrailingComma { .. }
            | TrailingCharacters
            | LeadingZero
            | DigitAfterDot
            | DigitInExponent
            | DigitInNumber
            | InvalidLiteral(_)
            | InvalidEscape
            | InvalidUnicodeEscape
            | LoneSurrogate
            | ControlCharacter(_)
            | InvalidUtf8 => Category::Syntax,
            EofInString | EofInNumber | EofInLiteral | EofNoValue | Eof => Category::Eof,
            DepthLimit(_) | StringLimit(_) | NumberLimit(_) | InputLimit(_) | HeldLimit(_) => {
                Category::Limit
            }
            InputAfterFinish | Lost => Category::InvalidValue,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorCode::*;
        match *self {
            Expected { what, found } => {
                if found.is_ascii_graphic() {
                    write!(f, "expected {what}, found `{}`", found as char)
                } else {
                    write!(f, "expected {what}, found byte 0x{found:02x}")
                }
            }
            TrailingComma { object: true } => f.write_str("trailing comma in object"),
            TrailingComma { object: false } => f.write_str("trailing comma in array"),
            TrailingCharacters => f.write_str("trailing characters after the JSON value"),
            LeadingZero => f.write_str("leading zero in number"),
            DigitAfterDot => f.write_str("expected a digit after `.` in number"),
            DigitInExponent => f.write_str("expected a digit in the exponent"),
            DigitInNumber => f.write_str("expected a digit in number"),
            InvalidLiteral(lit) => write!(f, "invalid literal (expected `{lit}`)"),
            InvalidEscape => f.write_str("invalid escape in string"),
            InvalidUnicodeEscape => f.write_str("invalid \\u escape (expected 4 hex digits)"),
            LoneSurrogate => f.write_str(
                "lone surrogate in \\u escape (a high surrogate must be followed by a low one)",
            ),
            ControlCharacter(b) => {
                write!(f, "control character 0x{b:02x} in string (must be escaped)")
            }
            InvalidUtf8 => f.write_str("invalid UTF-8 in string"),
            EofInString => f.write_str("unexpected end of input inside a string"),
            EofInNumber => f.write_str("unexpected end of input inside a number"),
            EofInLiteral => f.write_str("unexpected end of input inside a literal"),
            EofNoValue => f.write_str("unexpected end of input: no JSON value"),
            Eof => f.write_str("unexpected end of input"),
            DepthLimit(n) => write!(f, "nesting deeper than the limit of {n}"),
            StringLimit(n) => write!(f, "string longer than the limit of {n} bytes"),
            NumberLimit(n) => write!(f, "number longer than the limit of {n} bytes"),
            InputLimit(n) => write!(f, "input longer than the limit of {n} bytes"),
            HeldLimit(n) => write!(
                f,
                "more than the limit of {n} bytes held (the members before a tagged union's \
                 tag, or an envelope's members)"
            ),
            InputAfterFinish => f.write_str("input fed after `finish`"),
            Lost => f.write_str(
                "decoder lost its place: a Map/Seq must return the value in progress \
                 from `resume`",
            ),
        }
    }
}

/// The first `max` bytes of `s`, cut at a character boundary.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The first `max` bytes of `s` for a message, and `"..."` if that cut it.
pub(crate) fn shorten(s: &str, max: usize) -> (&str, &str) {
    let shown = truncate(s, max);
    (shown, if shown.len() < s.len() { "..." } else { "" })
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
    /// Where it happened; `None` until the decoder positions it.
    pos: Option<Position>,
    path: String,
    /// The path was set (it may be empty: the top level).
    pathed: bool,
    /// `path` is relative to the innermost open object or array (see
    /// [`Error::within`]); the decoder prefixes that container's path.
    relative: bool,
    /// Raised by the `finish` of the container that just closed.
    closing: bool,
    io_kind: Option<std::io::ErrorKind>,
    /// The error that stopped the input, for [`std::error::Error::source`].
    source: Option<std::sync::Arc<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    #[cold]
    pub(crate) fn new(category: Category, msg: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                category,
                msg: msg.into(),
                pos: None,
                path: String::new(),
                pathed: false,
                relative: false,
                closing: false,
                io_kind: None,
                source: None,
            }),
        }
    }

    #[cold]
    pub(crate) fn code(code: ErrorCode) -> Self {
        Error::new(code.category(), code.to_string())
    }

    #[cold]
    pub(crate) fn code_at(code: ErrorCode, pos: Position) -> Self {
        Error::code(code).at(pos)
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

    /// A required field of an object was absent.
    #[cold]
    pub fn missing_field(field: &str) -> Self {
        Error::new(Category::MissingField, format!("missing field `{field}`"))
    }

    /// The same field appeared twice in one object.
    #[cold]
    pub fn duplicate_field(field: &str) -> Self {
        Error::new(Category::InvalidValue, format!("duplicate field `{field}`"))
    }

    /// A number that does not fit the target: `text` as written, `target`
    /// what was expected (e.g. `u8`, `a number`).
    #[cold]
    pub fn number_out_of_range(text: &str, target: &str) -> Self {
        let (shown, more) = shorten(text, 40);
        Error::new(
            Category::InvalidValue,
            format!("invalid value: number `{shown}{more}` out of range for {target}"),
        )
    }

    /// Any other data error, with a free-form message.
    #[cold]
    pub fn custom(msg: impl fmt::Display) -> Self {
        Error::new(Category::InvalidValue, msg.to_string())
    }

    /// The error of a body stream that failed: an I/O error of the kind
    /// of the first `std::io::Error` in its source chain (`Other` if none),
    /// with the error itself as the source.
    #[cfg(feature = "stream")]
    #[cold]
    pub(crate) fn stream(err: Box<dyn std::error::Error + Send + Sync>) -> Self {
        let mut kind = std::io::ErrorKind::Other;
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(&*err);
        while let Some(e) = next {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                kind = io.kind();
                break;
            }
            next = e.source();
        }
        let mut e = Error::new(Category::Io, format!("I/O error: {err}"));
        e.inner.io_kind = Some(kind);
        e.inner.source = Some(std::sync::Arc::from(err));
        e
    }

    #[cold]
    pub(crate) fn io(err: &std::io::Error) -> Self {
        let mut e = Error::new(Category::Io, format!("I/O error: {err}"));
        e.inner.io_kind = Some(err.kind());
        e
    }

    /// Give the error a position, unless it has one (the first one wins).
    #[cold]
    pub fn at(mut self, pos: Position) -> Self {
        if self.inner.pos.is_none() {
            self.inner.pos = Some(pos);
        }
        self
    }

    /// Give the error a JSON path, unless it has one (the first one wins).
    #[cold]
    pub(crate) fn with_path(mut self, path: impl FnOnce() -> String) -> Self {
        if !self.inner.pathed {
            self.inner.path = path();
            self.inner.pathed = true;
        }
        self
    }

    /// For an error that a [`Map`](crate::de::Map) or [`Seq`](crate::de::Seq)
    /// method returns (or a value nested in one): its path *below* that
    /// object or array, such as `address.city` or `items[2]`; the decoder
    /// prefixes the path of the object or array itself. A custom place that
    /// buffers members and checks them later (as tagged unions do) names
    /// the member at fault this way; with [`at`](Error::at) it can also give
    /// the position where that member was.
    ///
    /// An error that already has a path keeps it below `path`: so a place
    /// that decodes part of its value another way (with
    /// [`from_value`](crate::from_value), say, whose errors name the path
    /// inside the value it was given) reports the error under its own path
    /// with `e.within("")`, or `e.within("member")` for one member:
    ///
    /// ```
    /// let v = streamde::json!({"balance": "x"});
    /// let e = streamde::from_value::<std::collections::BTreeMap<String, i64>>(&v).unwrap_err();
    /// assert_eq!(e.path(), "balance");
    /// // Returned from a `Map` method of the object at `customer`, the
    /// // decoder reports it at `customer.balance`:
    /// let e = e.within("");
    /// # assert_eq!(e.path(), "balance");
    /// ```
    #[cold]
    pub fn within(mut self, path: &str) -> Self {
        if self.inner.pathed {
            let below = std::mem::take(&mut self.inner.path);
            let mut p = path.to_owned();
            if !p.is_empty() && !below.is_empty() && !below.starts_with('[') {
                p.push('.');
            }
            p.push_str(&below);
            self.inner.path = p;
        } else {
            self.inner.path = path.to_owned();
            self.inner.pathed = true;
        }
        self.inner.relative = true;
        // Below `path` now, not below a container that just closed.
        self.inner.closing = false;
        self
    }

    /// Whether a path was set (relative or not).
    pub(crate) fn has_path(&self) -> bool {
        self.inner.pathed
    }

    /// Whether the path is still relative (see [`Error::within`]).
    pub(crate) fn is_relative(&self) -> bool {
        self.inner.relative
    }

    /// Raised by the `finish` of the container that just closed: a relative
    /// path is below that container, not the one still open.
    #[cold]
    pub(crate) fn closing(mut self) -> Self {
        self.inner.closing = true;
        self
    }

    pub(crate) fn is_closing(&self) -> bool {
        self.inner.closing
    }

    /// Put a member's key in front of a relative path.
    #[cold]
    pub(crate) fn under_key(mut self, k: &str) -> Self {
        if self.inner.relative {
            let rel = std::mem::take(&mut self.inner.path);
            let mut p = String::new();
            crate::driver::push_key(&mut p, k);
            if !rel.is_empty() && !rel.starts_with('[') {
                p.push('.');
            }
            p.push_str(&rel);
            self.inner.path = p;
        }
        self
    }

    /// Put an element's index in front of a relative path.
    #[cfg(feature = "serde")]
    #[cold]
    pub(crate) fn under_index(mut self, i: usize) -> Self {
        if self.inner.relative {
            let rel = std::mem::take(&mut self.inner.path);
            let mut p = format!("[{i}]");
            if !rel.is_empty() && !rel.starts_with('[') {
                p.push('.');
            }
            p.push_str(&rel);
            self.inner.path = p;
        }
        self
    }

    /// Prefix a relative path with `base`, the path of the container it is
    /// relative to.
    #[cold]
    pub(crate) fn rebase(mut self, base: &str) -> Self {
        if self.inner.relative {
            let rel = std::mem::take(&mut self.inner.path);
            let mut p = base.to_owned();
            if !p.is_empty() && !rel.is_empty() && !rel.starts_with('[') {
                p.push('.');
            }
            p.push_str(&rel);
            self.inner.path = p;
            self.inner.relative = false;
        }
        self
    }

    /// Where the error happened: for data errors the offending byte or the
    /// start of the offending value; for I/O errors the point the input had
    /// reached. `None` only for an error that never went through a decoder.
    pub fn position(&self) -> Option<Position> {
        self.inner.pos
    }

    /// The kind of failure.
    pub fn category(&self) -> Category {
        self.inner.category
    }

    /// Byte offset of the failure in the whole input, 0-based (see
    /// [`position`](Self::position); 0 when there is none).
    pub fn offset(&self) -> u64 {
        self.inner.pos.map_or(0, |p| p.offset)
    }

    /// Line of the failure, 1-based; 0 only for an error without a
    /// [`position`](Self::position). I/O errors have the line the input had reached.
    pub fn line(&self) -> u64 {
        self.inner.pos.map_or(0, |p| p.line)
    }

    /// Byte column of the failure within its line, 1-based (0 without a position).
    pub fn column(&self) -> u64 {
        self.inner.pos.map_or(0, |p| p.column)
    }

    /// JSON path of the value being read, or just ended, when the error
    /// occurred: e.g. `components.payouts.enabled` or `data[3].id`; empty at
    /// the top level. Keys that are not plain identifiers are quoted:
    /// `a[""]`, `["a.b"]`. The same for any chunking of the same bytes.
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
        if let Some(p) = i.pos {
            if i.path.is_empty() {
                write!(f, " at line {}, column {}", p.line, p.column)?;
            } else {
                write!(f, " (line {}, column {})", p.line, p.column)?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Each part once: the category is not repeated from the message.
        let mut d = f.debug_struct("Error");
        d.field("category", &self.inner.category)
            .field("message", &self.inner.msg);
        match self.inner.pos {
            Some(p) => d
                .field("offset", &p.offset)
                .field("line", &p.line)
                .field("column", &p.column),
            None => d.field("position", &None::<Position>),
        };
        d.field("path", &self.inner.path).finish()
    }
}

impl std::error::Error for Error {
    /// For an I/O error from a body stream, the stream's own error.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let s = self.inner.source.as_deref()?;
        Some(s)
    }
}

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
    /// A number as written (a fraction, an exponent, or beyond 64 bits).
    Number(&'a str),
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
            Unexpected::Number(s) => {
                let (shown, more) = shorten(s, 40);
                write!(f, "number `{shown}{more}`")
            }
            Unexpected::Str(s) => {
                let (shown, more) = shorten(s, 40);
                write!(f, "string {shown:?}{more}")
            }
            Unexpected::Seq => f.write_str("array"),
            Unexpected::Map => f.write_str("object"),
        }
    }
}
