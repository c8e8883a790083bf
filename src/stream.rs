//! Item-by-item decoding: the elements of a Stripe list's `data`, or the
//! top-level values of a concatenated / newline-delimited stream, handed over
//! one at a time. Memory is bounded by what the caller keeps: each item leaves
//! the decoder as soon as it is complete.

use std::collections::VecDeque;
use std::io::Read;

use crate::de::{Deserialize, ObjectPlace, Place};
use crate::driver::{Driver, Run};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::stripe::{ListBuilder, ListMeta, StreamSeq};

enum Root<T: Deserialize> {
    /// Items are the elements of `data` in a list envelope.
    List(Box<ObjectPlace<ListBuilder<StreamSeq<T>>>>),
    /// Items are top-level values.
    Values(T::Place, VecDeque<T>),
}

/// How an item-by-item decode ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamEnd {
    /// Items handed over (or still waiting in [`ItemDecoder::next_item`]).
    pub items: u64,
    /// Bytes fed.
    pub bytes: u64,
    /// The list envelope's other fields (list mode only).
    pub list: Option<ListMeta>,
}

/// Hands over items one at a time while the input is still arriving.
///
/// ```
/// use streamde::ItemDecoder;
///
/// let body = br#"{"object": "list", "url": "/v1/x", "data": [{"a": 1}, {"a": 2}], "has_more": false}"#;
/// let mut d = ItemDecoder::<streamde::Value>::list();
/// let mut seen = Vec::new();
/// for chunk in body.chunks(10) {
///     d.feed(chunk)?;
///     while let Some(item) = d.next_item() {
///         seen.push(item["a"].as_i64().unwrap());
///     }
/// }
/// let end = d.finish()?;
/// assert_eq!(seen, [1, 2]);
/// assert_eq!((end.items, end.list.unwrap().has_more), (2, false));
///
/// // Newline-delimited (or simply concatenated) values:
/// let mut d = ItemDecoder::<u32>::values();
/// d.feed(b"1\n2\n3")?;
/// d.finish()?; // the last number ends with the input
/// assert_eq!(d.drain().collect::<Vec<_>>(), [1, 2, 3]);
/// # Ok::<(), streamde::Error>(())
/// ```
pub struct ItemDecoder<T: Deserialize> {
    driver: Driver,
    root: Root<T>,
    items: u64,
    buf: Vec<u8>,
    /// What the first [`finish`](ItemDecoder::finish) returned.
    end: Option<Result<StreamEnd>>,
}

impl<T: Deserialize> ItemDecoder<T> {
    /// Items are the elements of a Stripe list envelope's `data`; the
    /// envelope's other fields are collected for [`finish`](Self::finish).
    pub fn list() -> Self {
        Self::list_with_limits(Limits::streaming())
    }

    /// [`list`](Self::list) with limits.
    pub fn list_with_limits(limits: Limits) -> Self {
        ItemDecoder {
            driver: Driver::new(limits),
            root: Root::List(Box::default()),
            items: 0,
            buf: Vec::new(),
            end: None,
        }
    }

    /// Items are the top-level values of a concatenated or
    /// newline-delimited stream (whitespace between them is optional).
    pub fn values() -> Self {
        Self::values_with_limits(Limits::streaming())
    }

    /// [`values`](Self::values) with limits.
    pub fn values_with_limits(limits: Limits) -> Self {
        ItemDecoder {
            driver: Driver::new_multi(limits),
            root: Root::Values(T::Place::default(), VecDeque::new()),
            items: 0,
            buf: Vec::new(),
            end: None,
        }
    }

    /// Feed the next chunk; complete items become available from
    /// [`next_item`](Self::next_item).
    pub fn feed(&mut self, chunk: &[u8]) -> Result<()> {
        match &mut self.root {
            Root::List(place) => {
                let r = self.driver.feed(&mut **place, chunk);
                let seq = place.builder_mut().data_mut();
                seq.poll();
                r.map(|_| ())
            }
            Root::Values(place, queue) => {
                let mut rest = chunk;
                loop {
                    match self.driver.feed(place, rest)? {
                        Run::NeedMore => return Ok(()),
                        Run::ValueDone(used) => {
                            let v = place.take().ok_or_else(|| {
                                Error::custom("a completed value was not produced")
                            })?;
                            queue.push_back(v);
                            self.driver.next_value(used);
                            rest = &rest[used..];
                        }
                    }
                }
            }
        }
    }

    /// The next complete item, if any.
    pub fn next_item(&mut self) -> Option<T> {
        let queue = match &mut self.root {
            Root::List(place) => &mut place.builder_mut().data_mut().queue,
            Root::Values(_, queue) => queue,
        };
        let item = queue.pop_front();
        if item.is_some() {
            self.items += 1;
        }
        item
    }

    /// All complete items, in order.
    pub fn drain(&mut self) -> impl Iterator<Item = T> + '_ {
        std::iter::from_fn(move || self.next_item())
    }

    /// The input has ended. Items completed by the end (a last top-level
    /// number) are still available from [`next_item`](Self::next_item).
    /// Idempotent: every call returns what the first returned, whether the
    /// iterators below called it already or not, so the envelope stays
    /// available. A [`feed`](Self::feed) after it is an error.
    pub fn finish(&mut self) -> Result<StreamEnd> {
        if let Some(end) = &self.end {
            return end.clone();
        }
        let end = self.finish_once();
        self.end = Some(end.clone());
        end
    }

    fn finish_once(&mut self) -> Result<StreamEnd> {
        let list = match &mut self.root {
            Root::List(place) => {
                self.driver.finish(&mut **place)?;
                Some(
                    place
                        .take()
                        .ok_or_else(|| Error::custom("the list envelope was not produced"))?,
                )
            }
            Root::Values(place, queue) => {
                if self.driver.finish_stream(place)? {
                    let v = place
                        .take()
                        .ok_or_else(|| Error::custom("a completed value was not produced"))?;
                    queue.push_back(v);
                }
                None
            }
        };
        let waiting = match &mut self.root {
            Root::List(place) => place.builder_mut().data_mut().queue.len(),
            Root::Values(_, queue) => queue.len(),
        };
        Ok(StreamEnd {
            items: self.items + waiting as u64,
            bytes: self.driver.scan.consumed(),
            list,
        })
    }

    /// Bytes fed so far.
    pub fn bytes_consumed(&self) -> u64 {
        self.driver.scan.consumed()
    }

    /// Read from `r` (through one fixed buffer) until an item is complete;
    /// `Ok(None)` once the input has ended and every item was handed over.
    pub fn next_from_reader<R: Read + ?Sized>(&mut self, r: &mut R) -> Result<Option<T>> {
        loop {
            if let Some(done) = self.ready() {
                return Ok(done);
            }
            self.buf.resize(crate::READ_BUFFER, 0);
            let read = r.read(&mut self.buf);
            self.after_read(read)?;
        }
    }

    /// What a pulling reader returns without reading more: the next complete
    /// item, or `None` once the input has ended and every item was handed over.
    fn ready(&mut self) -> Option<Option<T>> {
        match self.next_item() {
            Some(item) => Some(Some(item)),
            None if self.end.is_some() => Some(None),
            None => None,
        }
    }

    /// Feed what a read into `buf` returned: bytes, the end, or an error.
    fn after_read(&mut self, read: std::io::Result<usize>) -> Result<()> {
        match read {
            Ok(0) => self.finish().map(|_| ()),
            Ok(n) => {
                let buf = std::mem::take(&mut self.buf);
                let res = self.feed(&buf[..n]);
                self.buf = buf;
                res
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Ok(()),
            Err(e) => Err(self.driver.io_error(&e)),
        }
    }

    /// Iterate the items read from `r`, e.g. a file or a blocking HTTP body:
    /// `for s in ItemDecoder::<VerificationSession>::list().reader_items(file) { let s = s?; }`.
    /// After an error the iterator ends.
    pub fn reader_items<R: Read>(self, r: R) -> ReaderItems<T, R> {
        ReaderItems {
            dec: self,
            r,
            failed: false,
        }
    }

    /// Like [`next_from_reader`](Self::next_from_reader), for a
    /// `tokio::io::AsyncRead` (feature `tokio`).
    #[cfg(feature = "tokio")]
    pub async fn next_from_async_read<R>(&mut self, r: &mut R) -> Result<Option<T>>
    where
        R: tokio::io::AsyncRead + Unpin + ?Sized,
    {
        use tokio::io::AsyncReadExt;
        loop {
            if let Some(done) = self.ready() {
                return Ok(done);
            }
            self.buf.resize(crate::READ_BUFFER, 0);
            let read = r.read(&mut self.buf).await;
            self.after_read(read)?;
        }
    }

    /// Like [`next_from_reader`](Self::next_from_reader), for a
    /// `futures::Stream` of `bytes::Bytes` chunks, the shape of hyper and
    /// reqwest bodies (feature `stream`). No copy: each chunk is fed as is.
    #[cfg(feature = "stream")]
    pub async fn next_from_stream<S, E>(&mut self, s: &mut S) -> Result<Option<T>>
    where
        S: futures_core::Stream<Item = std::result::Result<bytes::Bytes, E>> + Unpin + ?Sized,
        E: std::fmt::Display,
    {
        loop {
            if let Some(done) = self.ready() {
                return Ok(done);
            }
            match crate::asynch::next_chunk(s).await {
                None => {
                    self.finish()?;
                }
                Some(Ok(chunk)) => self.feed(&chunk)?,
                Some(Err(e)) => {
                    let e = std::io::Error::other(e.to_string());
                    return Err(self.driver.io_error(&e));
                }
            }
        }
    }
}

/// Iterator returned by [`ItemDecoder::reader_items`].
pub struct ReaderItems<T: Deserialize, R> {
    dec: ItemDecoder<T>,
    r: R,
    failed: bool,
}

impl<T: Deserialize, R: Read> ReaderItems<T, R> {
    /// The decoder, e.g. for [`ItemDecoder::finish`]'s summary once the
    /// iterator has ended.
    pub fn decoder(&mut self) -> &mut ItemDecoder<T> {
        &mut self.dec
    }
}

impl<T: Deserialize, R: Read> Iterator for ReaderItems<T, R> {
    type Item = Result<T>;
    fn next(&mut self) -> Option<Result<T>> {
        if self.failed {
            return None;
        }
        match self.dec.next_from_reader(&mut self.r) {
            Ok(Some(item)) => Some(Ok(item)),
            Ok(None) => None,
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}
