//! Item-by-item decoding: the elements of an array under one key of an
//! envelope object, of a top-level array, or the top-level values of a
//! concatenated / newline-delimited stream, handed over one at a time.
//! Memory is bounded by what the caller keeps: each item leaves the decoder
//! as soon as it is complete. The rest of an envelope is decoded into any
//! [`ObjectDeser`] type (a typed envelope, or [`Value`]).

use std::collections::VecDeque;
use std::io::Read;

use crate::de::fast::{self, Elements, Members};
use crate::de::tape::Tape;
use crate::de::{
    Cursor, Deserialize, Enter, Fast, Map, MapBuilder, ObjectDeser, Place, Seq, Visitor,
};
use crate::driver::{Driver, Run};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::value::Value;

/// Where the items are.
enum Root<T: Deserialize, E: ObjectDeser> {
    /// The elements of the array under a key of an envelope object.
    Envelope(Box<EnvelopePlace<T, E::Builder>>),
    /// The elements of a top-level array.
    Array(Box<StreamSeq<T>>),
    /// Top-level values; the last is held back while it is a number or
    /// literal that ended with the chunk, until the next byte shows that it
    /// was not the start of a longer malformed token (`true` of `truefalse`).
    Values(T::Place, VecDeque<T>, Option<T>),
}

/// How an item-by-item decode ended.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StreamEnd<E = Value> {
    /// Items handed over (or still waiting in [`ItemDecoder::next_item`]).
    pub items: u64,
    /// Bytes fed.
    pub bytes: u64,
    /// The envelope's other members (envelope mode only).
    pub envelope: Option<E>,
}

/// Hands over items one at a time while the input is still arriving.
///
/// `T` is the item type; `E` the type of the rest of an envelope
/// ([`Value`] unless a typed envelope is given, such as
/// [`stripe::ListMeta`](crate::stripe::ListMeta)).
///
/// ```
/// use streamde::{ItemDecoder, Value};
///
/// // Items under any key of an envelope; the rest of it is kept.
/// let body = br#"{"results": [{"a": 1}, {"a": 2}], "next": "c2", "count": 2}"#;
/// let mut d = ItemDecoder::<Value>::at_key("results");
/// let mut seen = Vec::new();
/// for chunk in body.chunks(10) {
///     d.feed(chunk)?;
///     while let Some(item) = d.next_item() {
///         seen.push(item["a"].as_i64().unwrap());
///     }
/// }
/// let end = d.finish()?;
/// assert_eq!(seen, [1, 2]);
/// assert_eq!(end.items, 2);
/// assert_eq!(end.envelope.unwrap()["next"].as_str(), Some("c2"));
///
/// // A top-level array:
/// let mut d = ItemDecoder::<u32>::array();
/// d.feed(b"[1, 2, 3]")?;
/// assert_eq!(d.drain().collect::<Vec<_>>(), [1, 2, 3]);
///
/// // Newline-delimited (or simply concatenated) values:
/// let mut d = ItemDecoder::<u32>::values();
/// d.feed(b"1\n2\n3")?;
/// d.finish()?; // the last number ends with the input
/// assert_eq!(d.drain().collect::<Vec<_>>(), [1, 2, 3]);
/// # Ok::<(), streamde::Error>(())
/// ```
pub struct ItemDecoder<T: Deserialize, E: ObjectDeser = Value> {
    driver: Driver,
    root: Root<T, E>,
    items: u64,
    buf: Vec<u8>,
    /// What the first [`finish`](ItemDecoder::finish) returned.
    end: Option<Result<StreamEnd<E>>>,
}

impl<T: Deserialize, E: ObjectDeser> ItemDecoder<T, E> {
    fn with_root(root: Root<T, E>) -> Self {
        let multi = matches!(root, Root::Values(..));
        let mut driver = if multi {
            Driver::new_multi(Limits::streaming())
        } else {
            Driver::new(Limits::streaming())
        };
        driver.fast_on = true;
        ItemDecoder {
            driver,
            root,
            items: 0,
            buf: Vec::new(),
            end: None,
        }
    }

    /// Items are the elements of the array under `key` in an envelope
    /// object; the envelope's other members are decoded into `E` and
    /// returned by [`finish`](Self::finish). A missing or repeated `key` is
    /// an error, as is anything but an object at the top.
    pub fn at_key(key: &str) -> Self {
        Self::with_root(Root::Envelope(Box::new(EnvelopePlace::new(key))))
    }

    /// Items are the elements of a top-level array.
    pub fn array() -> Self {
        Self::with_root(Root::Array(Box::default()))
    }

    /// Items are the top-level values of a concatenated or
    /// newline-delimited stream (whitespace between them is optional).
    pub fn values() -> Self {
        Self::with_root(Root::Values(T::Place::default(), VecDeque::new(), None))
    }

    /// Use `limits` instead of [`Limits::streaming`] (no bound on total
    /// input, since memory does not grow with it). Call it before the first
    /// [`feed`](Self::feed).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        let multi = matches!(self.root, Root::Values(..));
        self.driver = if multi {
            Driver::new_multi(limits)
        } else {
            Driver::new(limits)
        };
        self.driver.fast_on = true;
        self
    }

    /// Decode with the resumable machine alone (see
    /// [`Decoder::machine_only`](crate::Decoder::machine_only)).
    pub fn machine_only(mut self) -> Self {
        self.driver.fast_on = false;
        self
    }

    /// Feed the next chunk; complete items become available from
    /// [`next_item`](Self::next_item). Items completed before an error in
    /// the same chunk are still handed over.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<()> {
        match &mut self.root {
            Root::Envelope(place) => self.driver.feed(&mut **place, chunk).map(|_| ()),
            Root::Array(seq) => self.driver.feed(&mut **seq, chunk).map(|_| ()),
            Root::Values(place, queue, held) => {
                if held.is_some() {
                    if chunk.is_empty() {
                        return self.driver.check_failed();
                    }
                    if let Err(e) = self.driver.check_separator(chunk) {
                        // The held value was the start of a malformed token.
                        *held = None;
                        return Err(e);
                    }
                    queue.extend(held.take());
                }
                let mut rest = chunk;
                loop {
                    match self.driver.feed(place, rest)? {
                        Run::NeedMore => return Ok(()),
                        Run::ValueDone(used) => {
                            let v = place.take().ok_or_else(|| {
                                Error::custom("a completed value was not produced")
                            })?;
                            rest = &rest[used..];
                            self.driver.next_value(used);
                            if self.driver.separator_pending() {
                                if rest.is_empty() {
                                    *held = Some(v);
                                    return Ok(());
                                }
                                self.driver.check_separator(rest)?;
                            }
                            queue.push_back(v);
                        }
                    }
                }
            }
        }
    }

    fn queue(&mut self) -> &mut VecDeque<T> {
        match &mut self.root {
            Root::Envelope(place) => place.items.drained(),
            Root::Array(seq) => seq.drained(),
            Root::Values(_, queue, _) => queue,
        }
    }

    /// The next complete item, if any.
    pub fn next_item(&mut self) -> Option<T> {
        let item = self.queue().pop_front();
        if item.is_some() {
            self.items += 1;
        }
        item
    }

    /// All complete items, in order.
    pub fn drain(&mut self) -> impl Iterator<Item = T> + '_ {
        std::iter::from_fn(move || self.next_item())
    }

    /// The input has ended: how the decode ended, with the envelope. Items
    /// completed by the end (a last top-level number) are still available
    /// from [`next_item`](Self::next_item). Idempotent: every call returns
    /// what the first returned, whether the pulling iterators below called
    /// it already or not, so the envelope stays available after any way of
    /// iterating. A [`feed`](Self::feed) after it is an error.
    pub fn finish(&mut self) -> Result<StreamEnd<E>>
    where
        E: Clone,
    {
        self.finish_in_place()?;
        match &self.end {
            Some(end) => end.clone(),
            None => unreachable!("finish_in_place sets the end"),
        }
    }

    /// [`finish`](Self::finish) without handing the envelope out (no
    /// `Clone` needed); it stays for [`finish`](Self::finish) or
    /// [`into_end`](Self::into_end).
    fn finish_in_place(&mut self) -> Result<()> {
        if self.end.is_none() {
            let end = self.finish_once();
            self.end = Some(end);
        }
        match &self.end {
            Some(Err(e)) => Err(e.clone()),
            _ => Ok(()),
        }
    }

    /// Finish (if not yet done) and take the end, envelope included, by
    /// value.
    pub fn into_end(mut self) -> Result<StreamEnd<E>> {
        self.finish_in_place()?;
        match self.end.take() {
            Some(end) => end,
            None => unreachable!("finish_in_place sets the end"),
        }
    }

    fn finish_once(&mut self) -> Result<StreamEnd<E>> {
        let envelope = match &mut self.root {
            Root::Envelope(place) => {
                self.driver.finish(&mut **place)?;
                let env = place
                    .take()
                    .ok_or_else(|| Error::custom("the envelope was not produced"))?;
                Some(env)
            }
            Root::Array(seq) => {
                self.driver.finish(&mut **seq)?;
                None
            }
            Root::Values(place, queue, held) => {
                // The input's end separates a held value.
                let last = self.driver.finish_stream(place)?;
                queue.extend(held.take());
                if last {
                    let v = place
                        .take()
                        .ok_or_else(|| Error::custom("a completed value was not produced"))?;
                    queue.push_back(v);
                }
                None
            }
        };
        let waiting = self.queue().len() as u64;
        Ok(StreamEnd {
            items: self.items + waiting,
            bytes: self.driver.scan.consumed(),
            envelope,
        })
    }

    /// Bytes fed so far.
    pub fn bytes_consumed(&self) -> u64 {
        self.driver.scan.consumed()
    }

    /// Read from `r` (through one fixed buffer) until an item is complete;
    /// `Ok(None)` once the input has ended and every item was handed over
    /// (the decoder is then finished: [`finish`](Self::finish) returns the
    /// envelope).
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
            Ok(0) => self.finish_in_place(),
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
    /// `for s in ItemDecoder::<Session>::array().reader_items(file) { let s = s?; }`.
    /// After an error the iterator ends; [`ReaderItems::decoder`] then gives
    /// the decoder back, for [`finish`](Self::finish)'s envelope.
    pub fn reader_items<R: Read>(self, r: R) -> ReaderItems<T, R, E> {
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
    pub async fn next_from_stream<S, Er>(&mut self, s: &mut S) -> Result<Option<T>>
    where
        S: futures_core::Stream<Item = std::result::Result<bytes::Bytes, Er>> + Unpin + ?Sized,
        Er: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        loop {
            if let Some(done) = self.ready() {
                return Ok(done);
            }
            match crate::asynch::next_chunk(s).await {
                None => self.finish_in_place()?,
                Some(Ok(chunk)) => self.feed(&chunk)?,
                Some(Err(e)) => {
                    return Err(self.driver.input_failed(Error::stream(e.into())));
                }
            }
        }
    }
}

/// Iterator returned by [`ItemDecoder::reader_items`].
pub struct ReaderItems<T: Deserialize, R, E: ObjectDeser = Value> {
    dec: ItemDecoder<T, E>,
    r: R,
    failed: bool,
}

impl<T: Deserialize, R: Read, E: ObjectDeser> ReaderItems<T, R, E> {
    /// The decoder, e.g. for [`ItemDecoder::finish`]'s envelope once the
    /// iterator has ended.
    pub fn decoder(&mut self) -> &mut ItemDecoder<T, E> {
        &mut self.dec
    }

    /// The decoder, by value.
    pub fn into_decoder(self) -> ItemDecoder<T, E> {
        self.dec
    }
}

impl<T: Deserialize, R: Read, E: ObjectDeser> Iterator for ReaderItems<T, R, E> {
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

/// The array whose elements are the items: each element goes to a queue the
/// moment it is complete; only the count stays.
struct StreamSeq<T: Deserialize> {
    elem: T::Place,
    pending: bool,
    done: bool,
    count: u64,
    queue: VecDeque<T>,
}

impl<T: Deserialize> Default for StreamSeq<T> {
    fn default() -> Self {
        StreamSeq {
            elem: T::Place::default(),
            pending: false,
            done: false,
            count: 0,
            queue: VecDeque::new(),
        }
    }
}

impl<T: Deserialize> StreamSeq<T> {
    /// Move the element in progress to the queue if it is complete.
    #[inline]
    fn poll(&mut self) {
        if self.pending {
            if let Some(v) = self.elem.take() {
                self.pending = false;
                self.count += 1;
                self.queue.push_back(v);
            }
        }
    }

    /// The queue, with any element completed by now.
    fn drained(&mut self) -> &mut VecDeque<T> {
        self.poll();
        &mut self.queue
    }
}

impl<T: Deserialize> Visitor for StreamSeq<T> {
    fn expecting(&self) -> &'static str {
        "an array"
    }
    fn seq(&mut self, enter: Enter) -> Result<&mut dyn Seq> {
        if enter == Enter::Open {
            self.pending = false;
            self.done = false;
        }
        Ok(self)
    }
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        if !c.opens(b'[') {
            return Err(c.defer());
        }
        self.pending = false;
        self.done = false;
        fast::array(self, c)
    }
    fn fast_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        fast::array_resume(self, c)
    }
}

impl<T: Deserialize> Seq for StreamSeq<T> {
    fn element(&mut self) -> Result<&mut dyn Visitor> {
        self.poll();
        if self.pending {
            return Err(Error::custom("array element ended without a value"));
        }
        self.pending = true;
        Ok(&mut self.elem)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        Some(&mut self.elem)
    }
    fn finish(&mut self) -> Result<()> {
        self.poll();
        if self.pending {
            return Err(Error::custom("array element ended without a value"));
        }
        self.done = true;
        Ok(())
    }
}

impl<T: Deserialize> Elements for StreamSeq<T> {
    #[inline]
    fn element(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.poll();
        self.pending = true;
        match self.elem.fast(c) {
            Ok(()) => {
                self.poll();
                Ok(())
            }
            Err(stop) => {
                if !c.began() {
                    // Left to the machine, which calls `Seq::element`.
                    self.pending = false;
                }
                Err(stop)
            }
        }
    }
    fn element_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        self.elem.fast_resume(c)?;
        self.poll();
        Ok(())
    }
    fn elements_finish(&mut self) -> Result<()> {
        Seq::finish(self)
    }
}

impl<T: Deserialize> Place for StreamSeq<T> {
    type Out = u64;
    fn take(&mut self) -> Option<u64> {
        if self.done {
            Some(self.count)
        } else {
            None
        }
    }
}

/// An envelope object: the member `key` holds the items, every other member
/// goes to the builder `B`. Those members are counted against
/// `Limits::max_held` (the envelope is kept until the end, unlike the
/// items): each is recorded on a tape as it arrives and replayed into `B`
/// once it is complete, when the next key or the close arrives.
struct EnvelopePlace<T: Deserialize, B: MapBuilder> {
    key: Box<str>,
    items: StreamSeq<T>,
    rest: B,
    /// The member being read, for `rest`.
    held: Tape,
    /// Bytes held by the members replayed so far.
    held_before: u64,
    /// The current member: 0 none or skipped, 1 the items, 2 the rest's.
    cur: u8,
    seen_items: bool,
    out: Option<B::Out>,
}

impl<T: Deserialize, B: MapBuilder> EnvelopePlace<T, B> {
    fn new(key: &str) -> Self {
        EnvelopePlace {
            key: key.into(),
            items: StreamSeq::default(),
            rest: B::deser_default(),
            held: Tape::default(),
            held_before: 0,
            cur: 0,
            seen_items: false,
            out: None,
        }
    }

    /// Replay the member on the tape into `rest`.
    fn flush(&mut self) -> Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        self.held_before += self.held.len() as u64;
        let r = self.held.replay_members(&mut Rest(&mut self.rest));
        self.held.clear();
        r
    }
}

/// The envelope's builder as the object its held members replay into.
struct Rest<'a, B>(&'a mut B);

impl<B: MapBuilder> Map for Rest<'_, B> {
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        self.0.key(k)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        self.0.resume()
    }
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

impl<T: Deserialize, B: MapBuilder> Default for EnvelopePlace<T, B> {
    fn default() -> Self {
        EnvelopePlace::new("")
    }
}

impl<T: Deserialize, B: MapBuilder> Visitor for EnvelopePlace<T, B> {
    fn expecting(&self) -> &'static str {
        "an object"
    }
    fn map(&mut self, enter: Enter) -> Result<&mut dyn Map> {
        if enter == Enter::Open {
            self.held_before = 0;
            self.held.reset(crate::limits::held_limit());
        }
        Ok(self)
    }
    /// The envelope's members are recorded with their positions.
    fn wants_positions(&self) -> bool {
        true
    }
    fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
        if !c.opens(b'{') {
            return Err(c.defer());
        }
        let _ = Visitor::map(self, Enter::Open);
        fast::object(self, c)
    }
    fn fast_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        fast::object_resume(self, c)
    }
}

impl<T: Deserialize, B: MapBuilder> Map for EnvelopePlace<T, B> {
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        self.flush()?;
        if k == &*self.key {
            if self.seen_items {
                return Err(Error::duplicate_field(k));
            }
            self.seen_items = true;
            self.cur = 1;
            return Ok(Some(&mut self.items));
        }
        let limit = crate::limits::held_limit().saturating_sub(self.held_before);
        self.held.reset(limit);
        self.held.key(k)?;
        self.cur = 2;
        Ok(Some(&mut self.held))
    }
    fn key_at(&mut self, at: crate::Position) {
        self.held.key_at(at);
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        match self.cur {
            1 => Some(&mut self.items),
            2 => Some(&mut self.held),
            _ => None,
        }
    }
    fn finish(&mut self) -> Result<()> {
        self.flush()?;
        if !self.seen_items {
            return Err(Error::missing_field(&self.key));
        }
        self.out = Some(self.rest.take_out()?);
        Ok(())
    }
}

impl<T: Deserialize, B: MapBuilder> Members for EnvelopePlace<T, B> {
    fn member_key(&mut self, k: &str) -> Result<bool> {
        Map::key(self, k).map(|v| v.is_some())
    }
    fn member_value(&mut self, c: &mut Cursor<'_>) -> Fast {
        match self.cur {
            1 => self.items.fast(c),
            2 => self.held.fast(c),
            _ => Err(c.defer()),
        }
    }
    fn member_resume(&mut self, c: &mut Cursor<'_>) -> Fast {
        match self.cur {
            1 => self.items.fast_resume(c),
            _ => Err(c.no_resume()),
        }
    }
    fn member_finish(&mut self) -> Result<()> {
        Map::finish(self)
    }
    fn wants_positions(&self) -> bool {
        true
    }
    fn member_key_at(&mut self, at: crate::Position) {
        self.held.key_at(at);
    }
}

impl<T: Deserialize, B: MapBuilder> Place for EnvelopePlace<T, B> {
    type Out = B::Out;
    fn take(&mut self) -> Option<B::Out> {
        self.out.take()
    }
}
