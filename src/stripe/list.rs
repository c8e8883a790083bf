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

impl<T: std::fmt::Display> std::fmt::Display for List<T> {
    /// The envelope as compact JSON, each item written by its own `Display`
    /// (so the models' secrets stay redacted; `streamde::to_string` writes
    /// the wire form).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut head = crate::Value::from(self.object.as_str()).to_string();
        head.insert_str(0, "{\"object\":");
        f.write_str(&head)?;
        f.write_str(",\"data\":[")?;
        for (i, item) in self.data.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{item}")?;
        }
        f.write_str("],\"has_more\":")?;
        f.write_str(if self.has_more { "true" } else { "false" })?;
        f.write_str(",\"url\":")?;
        match &self.url {
            Some(u) => write!(f, "{}", crate::Value::from(u.as_str())),
            None => f.write_str("null"),
        }?;
        f.write_str("}")
    }
}
