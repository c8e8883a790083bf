//! `object!`: declare a struct together with its builder, its
//! [`ObjectDeser`](crate::ObjectDeser)/[`Deserialize`](crate::Deserialize)
//! impls and its [`Serialize`](crate::Serialize) impl. A `macro_rules!` macro,
//! not a proc-macro, so compile times stay small.

/// Declare a JSON object type and its builder.
///
/// ```
/// streamde::object! {
///     /// A payout schedule.
///     #[derive(Debug, Clone, PartialEq)]
///     pub struct Schedule => ScheduleBuilder, tag "schedule" {
///         /// Days between payouts.
///         pub delay_days: u32,
///         /// Renamed: the JSON key is `type`.
///         pub kind: String as "type",
///         /// `Option` fields are optional: absent or `null` is `None`.
///         pub note: Option<String>,
///     }
/// }
///
/// let s: Schedule = streamde::from_str(
///     r#"{"object": "schedule", "type": "daily", "delay_days": 2, "extra": [1]}"#,
/// ).unwrap();
/// assert_eq!(s, Schedule { delay_days: 2, kind: "daily".into(), note: None });
///
/// let err = streamde::from_str::<Schedule>(r#"{"type": "daily"}"#).unwrap_err();
/// assert_eq!(err.to_string(), "missing field `delay_days` at line 1, column 17");
///
/// let err = streamde::from_str::<Schedule>(r#"{"object": "payout"}"#).unwrap_err();
/// assert!(err.to_string().contains("expected object `schedule`, found `payout`"));
/// ```
///
/// - `=> Builder` names the generated builder type (the SDK convention is
///   `NameBuilder`).
/// - `tag "name"`: the object's `"object"` key must equal `name`, checked as
///   soon as it arrives; a field whose JSON key is `object` receives it.
/// - `as "key"` renames a field's JSON key; a raw identifier (`r#type`) has
///   the plain key (`type`).
/// - Unknown keys are skipped; a key that appears twice (the tag included)
///   is an error; a missing required field is an error naming it. At most 64
///   fields.
#[macro_export]
macro_rules! object {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident => $builder:ident $(, tag $tag:literal)? {
            $(
                $(#[$fmeta:meta])*
                $fvis:vis $field:ident : $ty:ty $(as $json:literal)?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $(
                $(#[$fmeta])*
                $fvis $field: $ty,
            )*
        }

        #[doc = concat!("Builder of [`", stringify!($name), "`], filled field by field as keys arrive.")]
        #[allow(non_snake_case)]
        $vis struct $builder {
            $( $field: <$ty as $crate::de::Deserialize>::Place, )*
            __cur: u16,
            __seen: u64,
            __tag: $crate::__object_tag_type!($($tag)?),
        }

        const _: () = {
            #[allow(non_camel_case_types, dead_code, clippy::enum_variant_names)]
            #[repr(u16)]
            enum __Field { $( $field, )* __End }
            const _: () = assert!((__Field::__End as u16) <= 64, "object! supports at most 64 fields");
            // A JSON key declared twice does not compile.
            const _: () = $crate::__private::assert_distinct(&[$( $crate::__object_key!($field $(, $json)?), )*]);

            impl $builder {
                const __TAG: ::core::option::Option<&'static str> = $crate::__object_tag!($($tag)?);
            }

            impl $crate::de::MapBuilder for $builder {
                type Out = $name;

                fn deser_default() -> Self {
                    $builder {
                        $( $field: ::core::default::Default::default(), )*
                        __cur: 0,
                        __seen: 0,
                        __tag: ::core::default::Default::default(),
                    }
                }

                #[inline]
                fn key(&mut self, k: &str) -> $crate::Result<::core::option::Option<&mut dyn $crate::de::Visitor>> {
                    if let ::core::option::Option::Some(tag) = Self::__TAG {
                        if k == "object" {
                            if self.__tag.begun() {
                                return ::core::result::Result::Err($crate::Error::duplicate_field(k));
                            }
                            self.__cur = u16::MAX;
                            return ::core::result::Result::Ok(::core::option::Option::Some(self.__tag.begin(tag)));
                        }
                    }
                    // Compared with constants: the length first, then the
                    // bytes, inline (measured cheaper than a hash table at
                    // these field counts, see BENCHMARKS.md).
                    $(
                        if k == $crate::__object_key!($field $(, $json)?) {
                            let bit = 1u64 << (__Field::$field as u32);
                            if self.__seen & bit != 0 {
                                return ::core::result::Result::Err($crate::Error::duplicate_field(k));
                            }
                            self.__seen |= bit;
                            self.__cur = __Field::$field as u16 + 1;
                            return ::core::result::Result::Ok(::core::option::Option::Some(
                                <$ty as $crate::de::Deserialize>::begin(&mut self.$field),
                            ));
                        }
                    )*
                    ::core::result::Result::Ok(::core::option::Option::None)
                }

                #[inline]
                fn fast_value(&mut self, c: &mut $crate::de::Cursor<'_>) -> $crate::de::Fast {
                    $(
                        if self.__cur == __Field::$field as u16 + 1 {
                            return $crate::de::Visitor::fast(&mut self.$field, c);
                        }
                    )*
                    if self.__cur == u16::MAX {
                        return $crate::de::Visitor::fast(&mut self.__tag, c);
                    }
                    ::core::result::Result::Err(c.defer())
                }

                fn fast_resume_value(&mut self, c: &mut $crate::de::Cursor<'_>) -> $crate::de::Fast {
                    $(
                        if self.__cur == __Field::$field as u16 + 1 {
                            return $crate::de::Visitor::fast_resume(&mut self.$field, c);
                        }
                    )*
                    ::core::result::Result::Err(c.no_resume())
                }

                #[inline]
                fn reset_after_take(&mut self) {
                    // `take_out` emptied every field place.
                    self.__cur = 0;
                    self.__seen = 0;
                    self.__tag = ::core::default::Default::default();
                }

                fn resume(&mut self) -> ::core::option::Option<&mut dyn $crate::de::Visitor> {
                    $(
                        if self.__cur == __Field::$field as u16 + 1 {
                            return ::core::option::Option::Some(&mut self.$field);
                        }
                    )*
                    if self.__cur == u16::MAX {
                        return ::core::option::Option::Some(&mut self.__tag);
                    }
                    ::core::option::Option::None
                }

                #[allow(unused_variables)]
                fn take_out(&mut self) -> $crate::Result<$name> {
                    if let ::core::option::Option::Some(tag) = Self::__TAG {
                        if self.__tag.matched() {
                            $(
                                if $crate::__object_key!($field $(, $json)?) == "object" {
                                    $crate::de::Place::set_tag(&mut self.$field, tag);
                                }
                            )*
                        }
                    }
                    ::core::result::Result::Ok($name {
                        $(
                            $field: match $crate::de::Place::take(&mut self.$field) {
                                ::core::option::Option::Some(v) => v,
                                ::core::option::Option::None => {
                                    return ::core::result::Result::Err($crate::Error::missing_field(
                                        $crate::__object_key!($field $(, $json)?),
                                    ))
                                }
                            },
                        )*
                    })
                }
            }

            impl $crate::de::ObjectDeser for $name {
                type Builder = $builder;
            }

            impl $crate::de::Deserialize for $name {
                type Place = $crate::de::ObjectPlace<$builder>;
            }

            impl $crate::ser::Serialize for $name {
                #[allow(unused_mut)]
                fn serialize(&self, out: &mut ::std::string::String) {
                    let mut obj = $crate::ser::ObjectWriter::new(out);
                    if let ::core::option::Option::Some(tag) = <$builder>::__TAG {
                        let mut has_object_field = false;
                        $( has_object_field |= $crate::__object_key!($field $(, $json)?) == "object"; )*
                        if !has_object_field {
                            obj.field("object", tag);
                        }
                    }
                    $( obj.field($crate::__object_key!($field $(, $json)?), &self.$field); )*
                    obj.end();
                }
            }
        };
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __object_key {
    ($field:ident) => {{
        // `r#type` is the JSON key `type`.
        const KEY: &str = $crate::__private::json_key(stringify!($field));
        KEY
    }};
    ($field:ident, $json:literal) => {
        $json
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __object_tag_type {
    () => {
        $crate::de::NoTag
    };
    ($tag:literal) => {
        $crate::de::TagCheck
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __object_tag {
    () => {
        ::core::option::Option::None
    };
    ($tag:literal) => {
        ::core::option::Option::Some($tag)
    };
}

#[doc(hidden)]
pub mod __private {
    /// Fails (at compile time) if two keys are equal.
    pub const fn assert_distinct(keys: &[&str]) {
        let mut i = 0;
        while i < keys.len() {
            let mut j = i + 1;
            while j < keys.len() {
                assert!(
                    !eq(keys[i].as_bytes(), keys[j].as_bytes()),
                    "a JSON key is declared twice"
                );
                j += 1;
            }
            i += 1;
        }
    }

    const fn eq(a: &[u8], b: &[u8]) -> bool {
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }

    /// The JSON key of a field: its name without a raw-identifier prefix.
    pub const fn json_key(name: &'static str) -> &'static str {
        match name.as_bytes() {
            [b'r', b'#', rest @ ..] => match core::str::from_utf8(rest) {
                Ok(k) => k,
                Err(_) => name,
            },
            _ => name,
        }
    }
}
