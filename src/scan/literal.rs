//! `true`, `false` and `null`: whole in one step when they lie in the chunk,
//! byte by byte when a chunk boundary cuts them.

use super::state::{Partial, Scanner, Token};
use crate::error::{ErrorCode, Result};

/// The literal a value starting with `b` (`t`, `f` or `n`) must be.
pub(super) fn of(b: u8) -> &'static [u8] {
    match b {
        b't' => b"true",
        b'f' => b"false",
        _ => b"null",
    }
}

/// `true`, `false` or `null` whole in `input[i..]`: the token and its length.
#[inline(always)]
pub(super) fn quick(input: &[u8], i: usize) -> Option<(Token<'static>, usize)> {
    let four: [u8; 4] = input.get(i..i + 4)?.try_into().ok()?;
    match &four {
        b"true" => Some((Token::Bool(true), 4)),
        b"null" => Some((Token::Null, 4)),
        b"fals" if input.get(i + 4) == Some(&b'e') => Some((Token::Bool(false), 5)),
        _ => None,
    }
}

impl Scanner {
    /// Reads `lit` from `input[*pos..]`, `matched` bytes of it already read.
    pub(super) fn literal<'i>(
        &mut self,
        input: &'i [u8],
        pos: &mut usize,
        lit: &'static [u8],
        mut matched: usize,
    ) -> Result<Option<Token<'i>>> {
        let mut i = *pos;
        while matched < lit.len() {
            if i >= input.len() {
                *pos = i;
                self.partial = Partial::Lit {
                    lit,
                    matched: matched as u8,
                };
                return Ok(None);
            }
            if input[i] != lit[matched] {
                let name = match lit[0] {
                    b't' => "true",
                    b'f' => "false",
                    _ => "null",
                };
                let off = self.consumed + i as u64;
                return Err(self.err(ErrorCode::InvalidLiteral(name), off));
            }
            matched += 1;
            i += 1;
        }
        *pos = i;
        self.partial = Partial::None;
        self.after_value();
        Ok(Some(match lit[0] {
            b't' => Token::Bool(true),
            b'f' => Token::Bool(false),
            _ => Token::Null,
        }))
    }
}
