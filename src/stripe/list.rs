//! The Stripe list envelope: `{"object": "list", "data": [...], "has_more": bool, "url": "/v1/..."}`,
//! keys in any order. [`List`] builds the whole envelope; [`List::items`]
//! streams the elements of `data` one by one with an
//! [`ItemDecoder`](crate::ItemDecoder), keeping the rest as [`ListMeta`].
//! Both are declared with the public [`object!`](crate::object) macro.

use crate::{Deserialize, ItemDecoder};

crate::object! {
    /// A Stripe list envelope (also the shape of other APIs' lists, which
    /// may omit `url`).
    #[derive(Debug, Clone, PartialEq)]
    pub struct List<T> => ListBuilder, tag "object" = "list", impl serde {
        /// Always `"list"` (also when the envelope omits it).
        pub object: String = "list".to_owned(),
        /// The page of objects.
        pub data: Vec<T>,
        /// Whether more objects follow this page.
        pub has_more: bool,
        /// The URL of the list endpoint, e.g. `/v1/account_sessions`.
        pub url: Option<String>,
    }
}

crate::object! {
    /// What an item-by-item decoder keeps of a list envelope: everything but
    /// the items, which went to the caller one by one (their count is
    /// [`StreamEnd::items`](crate::StreamEnd::items)).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ListMeta => ListMetaBuilder, tag "object" = "list", impl serde {
        /// Always `"list"` (also when the envelope omits it).
        pub object: String = "list".to_owned(),
        /// Whether more objects follow this page.
        pub has_more: bool,
        /// The URL of the list endpoint.
        pub url: Option<String>,
    }
}

impl<T: Deserialize> List<T> {
    /// An item-by-item decoder of a list: the elements of `data` one by one,
    /// the rest of the envelope as [`ListMeta`] at the end.
    ///
    /// ```
    /// use streamde::stripe::List;
    ///
    /// let body = br#"{"object": "list", "data": [{"a": 1}, {"a": 2}], "has_more": true}"#;
    /// let mut d = List::<streamde::Value>::items();
    /// let mut seen = 0;
    /// for chunk in body.chunks(10) {
    ///     d.feed(chunk)?;
    ///     seen += d.drain().count();
    /// }
    /// let end = d.finish()?;
    /// let meta = end.envelope.unwrap();
    /// assert_eq!((seen, end.items, meta.has_more, meta.url), (2, 2, true, None));
    /// # Ok::<(), streamde::Error>(())
    /// ```
    pub fn items() -> ItemDecoder<T, ListMeta> {
        ItemDecoder::at_key("data")
    }
}

impl<T: crate::Serialize> std::fmt::Display for List<T> {
    /// The envelope as compact JSON, with the secrets of the Stripe objects
    /// in it (`client_secret`, a verification session's `url`) replaced by
    /// `"[redacted]"`; `streamde::to_string` writes the wire form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        super::display_redacted(self, f)
    }
}
