//! The Stripe list envelope: `{"object": "list", "data": [...], "has_more": bool, "url": "/v1/..."}`,
//! keys in any order. [`List`] builds the whole envelope; the item-by-item
//! [`ItemDecoder`](crate::ItemDecoder) uses the same builder with a `data`
//! place that hands each element over as soon as it is complete.

use std::collections::VecDeque;

use crate::de::{
    Deserialize, MapBuilder, ObjectDeser, ObjectPlace, Place, Seq, Slot, TagCheck, VecPlace,
    Visitor,
};
use crate::error::{Error, Result};
use crate::ser::{ObjectWriter, Serialize};

/// A Stripe list envelope.
#[derive(Debug, Clone, PartialEq)]
pub struct List<T> {
    /// Always `"list"`.
    pub object: String,
    /// The page of objects.
    pub data: Vec<T>,
    /// Whether more objects follow this page.
    pub has_more: bool,
    /// The URL of the list endpoint, e.g. `/v1/account_sessions`.
    pub url: String,
}

/// What an item-by-item decoder keeps of a list envelope: everything but the
/// items, which went to the caller one by one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMeta {
    /// Always `"list"`.
    pub object: String,
    /// How many items `data` held.
    pub items: u64,
    /// Whether more objects follow this page.
    pub has_more: bool,
    /// The URL of the list endpoint.
    pub url: String,
}

/// Builder of a list envelope; `D` is the place of `data`.
pub struct ListBuilder<D> {
    data: D,
    has_more: Slot<bool>,
    url: Slot<String>,
    tag: TagCheck,
    /// 1 data, 2 has_more, 3 url, 4 object.
    cur: u8,
    seen: u8,
}

impl<D: Place> ListBuilder<D> {
    fn new() -> Self {
        ListBuilder {
            data: D::default(),
            has_more: Slot::default(),
            url: Slot::default(),
            tag: TagCheck::default(),
            cur: 0,
            seen: 0,
        }
    }

    /// The place `data` is decoded into.
    pub(crate) fn data_mut(&mut self) -> &mut D {
        &mut self.data
    }

    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        let (i, name) = match k {
            "data" => (1, "data"),
            "has_more" => (2, "has_more"),
            "url" => (3, "url"),
            "object" => (4, "object"),
            _ => return Ok(None),
        };
        if self.seen & (1 << i) != 0 {
            return Err(Error::duplicate_field(name));
        }
        self.seen |= 1 << i;
        self.cur = i;
        Ok(self.resume())
    }

    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        match self.cur {
            1 => Some(&mut self.data),
            2 => Some(&mut self.has_more),
            3 => Some(&mut self.url),
            4 => Some(self.tag.begin("list")),
            _ => None,
        }
    }

    fn parts(&mut self) -> Result<(D::Out, bool, String)> {
        let data = self
            .data
            .take()
            .ok_or_else(|| Error::missing_field("data"))?;
        let has_more = self
            .has_more
            .take()
            .ok_or_else(|| Error::missing_field("has_more"))?;
        let url = self.url.take().ok_or_else(|| Error::missing_field("url"))?;
        Ok((data, has_more, url))
    }
}

impl<T: Deserialize> MapBuilder for ListBuilder<VecPlace<T>> {
    type Out = List<T>;
    fn deser_default() -> Self {
        Self::new()
    }
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        ListBuilder::key(self, k)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        ListBuilder::resume(self)
    }
    fn take_out(&mut self) -> Result<List<T>> {
        let (data, has_more, url) = self.parts()?;
        Ok(List {
            object: "list".to_owned(),
            data,
            has_more,
            url,
        })
    }
}

impl<T: Deserialize> ObjectDeser for List<T> {
    type Builder = ListBuilder<VecPlace<T>>;
}

impl<T: Deserialize> Deserialize for List<T> {
    type Place = ObjectPlace<ListBuilder<VecPlace<T>>>;
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        w.field("object", &self.object);
        w.field("data", &self.data);
        w.field("has_more", &self.has_more);
        w.field("url", &self.url);
        w.end();
    }
}

impl<T: Serialize> std::fmt::Display for List<T> {
    /// The envelope as compact JSON.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::ser::to_string(self))
    }
}

/// The place of `data` in an item-by-item decode: each element goes to a
/// queue the moment it is complete; only the count stays.
pub struct StreamSeq<T: Deserialize> {
    elem: T::Place,
    pending: bool,
    done: bool,
    count: u64,
    pub(crate) queue: VecDeque<T>,
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
    pub(crate) fn poll(&mut self) {
        if self.pending {
            if let Some(v) = self.elem.take() {
                self.pending = false;
                self.count += 1;
                self.queue.push_back(v);
            }
        }
    }
}

impl<T: Deserialize> Visitor for StreamSeq<T> {
    fn expecting(&self) -> &'static str {
        "an array"
    }
    fn seq(&mut self) -> Result<&mut dyn Seq> {
        self.pending = false;
        self.done = false;
        Ok(self)
    }
    fn resume_seq(&mut self) -> Option<&mut dyn Seq> {
        Some(self)
    }
}

impl<T: Deserialize> Seq for StreamSeq<T> {
    fn element(&mut self) -> Result<&mut dyn Visitor> {
        self.poll();
        if self.pending {
            return Err(Error::custom("array element ended without a value"));
        }
        self.pending = true;
        Ok(T::begin(&mut self.elem))
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

impl<T: Deserialize> MapBuilder for ListBuilder<StreamSeq<T>> {
    type Out = ListMeta;
    fn deser_default() -> Self {
        Self::new()
    }
    fn key(&mut self, k: &str) -> Result<Option<&mut dyn Visitor>> {
        ListBuilder::key(self, k)
    }
    fn resume(&mut self) -> Option<&mut dyn Visitor> {
        ListBuilder::resume(self)
    }
    fn take_out(&mut self) -> Result<ListMeta> {
        let (items, has_more, url) = self.parts()?;
        Ok(ListMeta {
            object: "list".to_owned(),
            items,
            has_more,
            url,
        })
    }
}
