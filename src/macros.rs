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
///     pub struct Schedule => ScheduleBuilder, tag "object" = "schedule" {
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
/// - `tag "key" = "name"`: the object's `key` member, when present, must be
///   the string `name` (Stripe's convention is `tag "object" = "..."`),
///   checked as soon as it arrives; a field whose JSON key is `key`
///   receives it, and writing puts it first.
/// - `as "key"` renames a field's JSON key; a raw identifier (`r#type`) has
///   the plain key (`type`).
/// - Generic structs: `struct Page<T> => PageBuilder { items: Vec<T> }`
///   (bounds such as `T: streamde::Deserialize` may be written; the
///   generated impls bound each field type by what they need, so `Page<T>`
///   decodes when `Vec<T>` does and writes when `Vec<T>` writes).
/// - `= expr` gives an absent field a value (`= Vec::new()`,
///   `= Default::default()`); without it, an absent field is an error naming
///   it, except `Option` fields, which are `None`. An explicit `null` is
///   still decoded as the field's type (an error for a `Vec`).
/// - Unknown keys are skipped; a key that appears twice (the tag included)
///   is an error. Any number of fields (up to 65,534).
/// - `only decode` generates the builder and the decoding impls alone (the
///   field types need not be [`Serialize`](crate::Serialize)); `only encode`
///   the [`Serialize`](crate::Serialize) impl alone (the builder is not
///   generated, its name is not used):
///   `struct Event => EventBuilder, tag "object" = "event", only decode { .. }`.
/// - `impl serde` (last) also implements serde's `Serialize` (field by
///   field, the same wire form; each field type must implement it) and
///   `Deserialize` (through a [`Value`](crate::Value), with this type's own
///   rules) when streamde's feature `serde` is on; without the feature it
///   adds nothing.
#[macro_export]
macro_rules! object {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(< $($gen:ident $(: $bound:path)?),+ >)? => $builder:ident $(, tag $tagkey:literal = $tag:literal)? $(, only $only:ident)? $(, impl $serde:ident)? {
            $(
                $(#[$fmeta:meta])*
                $fvis:vis $field:ident : $ty:ty $(as $json:literal)? $(= $default:expr)?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name $(<$($gen $(: $bound)?),*>)? {
            $(
                $(#[$fmeta])*
                $fvis $field: $ty,
            )*
        }

        // A JSON key declared twice does not compile.
        const _: () = $crate::__private::assert_distinct(&[$( $crate::__object_key!($field $(, $json)?), )*]);

        $crate::__object_when! { de $($only)?;
        #[doc = concat!("Builder of [`", stringify!($name), "`], filled field by field as keys arrive.")]
        #[allow(non_snake_case)]
        $vis struct $builder $(<$($gen $(: $bound)?),*>)? where $($( $gen: $crate::de::Deserialize, )+)? {
            $( $field: <$ty as $crate::de::Deserialize>::Place, )*
            __cur: u16,
            __seen: [u64; $crate::__private::seen_words(&[$(stringify!($field)),*])],
            __tag: $crate::__object_tag_type!($($tag)?),
        }

        const _: () = {
            #[allow(non_camel_case_types, dead_code, clippy::enum_variant_names)]
            #[repr(u16)]
            enum __Field { $( $field, )* __End }
            const _: () = assert!((__Field::__End as u16) < u16::MAX, "object! supports at most 65,534 fields");

            impl $(<$($gen $(: $bound)?),*>)? $builder $(<$($gen),*>)? where $($( $gen: $crate::de::Deserialize, )+)? {
                const __TAG: ::core::option::Option<(&'static str, &'static str)> = $crate::__object_tag!($($tagkey, $tag)?);
            }

            impl $(<$($gen $(: $bound)?),*>)? $crate::de::MapBuilder for $builder $(<$($gen),*>)? where $($( $gen: $crate::de::Deserialize, )+)? {
                type Out = $name $(<$($gen),*>)?;

                fn deser_default() -> Self {
                    $builder {
                        $( $field: ::core::default::Default::default(), )*
                        __cur: 0,
                        __seen: [0; $crate::__private::seen_words(&[$(stringify!($field)),*])],
                        __tag: ::core::default::Default::default(),
                    }
                }

                #[inline]
                fn key(&mut self, k: &str) -> $crate::Result<::core::option::Option<&mut dyn $crate::de::Visitor>> {
                    if let ::core::option::Option::Some((key, tag)) = Self::__TAG {
                        if k == key {
                            if self.__tag.begun() {
                                return ::core::result::Result::Err($crate::Error::duplicate_field(k));
                            }
                            self.__cur = u16::MAX;
                            return ::core::result::Result::Ok(::core::option::Option::Some(self.__tag.begin(key, tag)));
                        }
                    }
                    // Compared with constants: the length first, then the
                    // bytes, inline (measured cheaper than a hash table at
                    // these field counts, see BENCHMARKS.md).
                    $(
                        if k == $crate::__object_key!($field $(, $json)?) {
                            let (word, bit) = (__Field::$field as usize / 64, 1u64 << (__Field::$field as u32 % 64));
                            if self.__seen[word] & bit != 0 {
                                return ::core::result::Result::Err($crate::Error::duplicate_field(k));
                            }
                            self.__seen[word] |= bit;
                            self.__cur = __Field::$field as u16 + 1;
                            return ::core::result::Result::Ok(::core::option::Option::Some(&mut self.$field));
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
                    for w in self.__seen.iter_mut() {
                        *w = 0;
                    }
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
                fn take_out(&mut self) -> $crate::Result<$name $(<$($gen),*>)?> {
                    if let ::core::option::Option::Some((key, tag)) = Self::__TAG {
                        if self.__tag.matched() {
                            // The field whose key is the tag's receives it.
                            $(
                                if $crate::__object_key!($field $(, $json)?) == key {
                                    $crate::de::Visitor::string(&mut self.$field, tag)?;
                                }
                            )*
                        }
                    }
                    ::core::result::Result::Ok($name {
                        $(
                            $field: match $crate::de::Place::take(&mut self.$field) {
                                ::core::option::Option::Some(v) => v,
                                ::core::option::Option::None => {
                                    $crate::__object_absent!($crate::__object_key!($field $(, $json)?) $(, $default)?)
                                }
                            },
                        )*
                    })
                }
            }

            impl $(<$($gen $(: $bound)?),*>)? $crate::de::ObjectDeser for $name $(<$($gen),*>)? where $($( $gen: $crate::de::Deserialize, )+)? {
                type Builder = $builder $(<$($gen),*>)?;
            }

            impl $(<$($gen $(: $bound)?),*>)? $crate::de::Deserialize for $name $(<$($gen),*>)? where $($( $gen: $crate::de::Deserialize, )+)? {
                type Place = $crate::de::ObjectPlace<$builder $(<$($gen),*>)?>;
            }
        };
        }

        $crate::__object_when! { ser $($only)?;
        const _: () = {
            impl $(<$($gen $(: $bound)?),*>)? $crate::ser::Serialize for $name $(<$($gen),*>)? where $($( $gen: $crate::ser::Serialize, )+)? {
                #[allow(unused_mut)]
                fn serialize(&self, out: &mut $crate::ser::Out<'_>) {
                    let mut obj = $crate::ser::ObjectWriter::new(out);
                    const TAG: ::core::option::Option<(&'static str, &'static str)> = $crate::__object_tag!($($tagkey, $tag)?);
                    if let ::core::option::Option::Some((key, tag)) = TAG {
                        let mut has_tag_field = false;
                        $( has_tag_field |= $crate::__object_key!($field $(, $json)?) == key; )*
                        if !has_tag_field {
                            obj.field(key, tag);
                        }
                    }
                    $( obj.field($crate::__object_key!($field $(, $json)?), &self.$field); )*
                    obj.end();
                }
            }
        };
        }

        $crate::__object_serde! {
            [$($serde)?] [$($only)?] [$($tagkey, $tag)?] $name [$($($gen $(: $bound)?),+)?]
            { $( $field => $crate::__object_key!($field $(, $json)?) ),* }
        }
        $crate::__object_mini!([$($only)?] $name [$($($gen $(: $bound)?),+)?]);
    };
}

/// Declare a string enum: each variant is one JSON string.
///
/// Forward-compatible by default: any other string becomes
/// `Unknown(String)`, kept as sent and written back unchanged, so a value
/// the API adds later does not fail the decode. Known variants allocate
/// nothing. Generated: `as_str`, `KNOWN` (the strings, in order),
/// `Display`, `FromStr`, [`Serialize`](crate::Serialize),
/// [`Deserialize`](crate::Deserialize), and the derives `Clone`, `PartialEq`,
/// `Eq`, `Hash` (add others, such as `Debug`, with attributes; deriving
/// one of those four again is a conflicting-impl error).
///
/// ```
/// streamde::string_enum! {
///     /// Where a verification session stands.
///     #[derive(Debug)]
///     pub enum Status {
///         Canceled = "canceled",
///         Processing = "processing",
///         RequiresInput = "requires_input",
///         Verified = "verified",
///     }
/// }
///
/// let s: Vec<Status> = streamde::from_str(r#"["verified", "paused"]"#).unwrap();
/// assert_eq!(s, [Status::Verified, Status::Unknown("paused".into())]);
/// assert_eq!(s[1].as_str(), "paused");
/// assert_eq!(streamde::to_string(&s), r#"["verified","paused"]"#);
/// assert_eq!("canceled".parse::<Status>().unwrap(), Status::Canceled);
/// ```
///
/// The catch-all may be named, as the last arm `_ => Name`: an API whose
/// value is literally `"unknown"` (a card's `funding`) can then have an
/// `Unknown` variant of its own.
///
/// ```
/// streamde::string_enum! {
///     #[derive(Debug)]
///     pub enum Funding {
///         Credit = "credit",
///         Debit = "debit",
///         Unknown = "unknown",
///         _ => Other,
///     }
/// }
/// let f: Vec<Funding> = streamde::from_str(r#"["unknown", "prepaid"]"#).unwrap();
/// assert_eq!(f, [Funding::Unknown, Funding::Other("prepaid".into())]);
/// assert_eq!(streamde::to_string(&f), r#"["unknown","prepaid"]"#);
/// ```
///
/// `strict` makes any other string an error that lists the allowed ones; it
/// has no `Unknown` variant, and derives only `PartialEq`, `Eq` and `Hash`,
/// so that it can also be `Copy`:
///
/// ```
/// streamde::string_enum! {
///     #[derive(Debug, Clone, Copy)]
///     pub strict enum Interval { Day = "day", Week = "week" }
/// }
/// let e = streamde::from_str::<Interval>(r#""month""#).unwrap_err();
/// assert_eq!(
///     e.to_string(),
///     "invalid value: unknown variant `month`, expected one of `day`, `week` at line 1, column 1"
/// );
/// ```
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis strict enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $json:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        // A JSON string declared twice does not compile.
        const _: () = $crate::__private::assert_distinct(&[$($json),*]);

        impl $name {
            /// The JSON strings of the variants, in declaration order.
            pub const KNOWN: &'static [&'static str] = &[$($json),*];

            /// Its JSON string.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $( $name::$variant => $json, )*
                }
            }
        }

        impl $crate::de::FromJsonStr for $name {
            const EXPECTING: &'static str = concat!("a string (", stringify!($name), ")");
            fn from_json_str(s: &str) -> $crate::Result<Self> {
                match s {
                    $( $json => ::core::result::Result::Ok($name::$variant), )*
                    _ => ::core::result::Result::Err($crate::__private::unknown_variant(s, Self::KNOWN)),
                }
            }
        }

        $crate::__enum_serde!($name);
        $crate::__object_mini!([] $name []);

        impl ::core::str::FromStr for $name {
            type Err = $crate::Error;
            fn from_str(s: &str) -> $crate::Result<Self> {
                <Self as $crate::de::FromJsonStr>::from_json_str(s)
            }
        }

        $crate::__string_enum_common!($name);
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $json:literal, )*
            _ => $other:ident $(,)?
        }
    ) => {
        $crate::string_enum! {
            @open [$(#[$meta])*] [$vis] $name [$( [$(#[$vmeta])*] $variant = $json )*] $other
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $json:literal ),* $(,)?
        }
    ) => {
        $crate::string_enum! {
            @open [$(#[$meta])*] [$vis] $name [$( [$(#[$vmeta])*] $variant = $json )*] Unknown
        }
    };
    (
        @open [$(#[$meta:meta])*] [$vis:vis] $name:ident
        [$( [$(#[$vmeta:meta])*] $variant:ident = $json:literal )*] $other:ident
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A string this version does not know, kept as sent.
            $other(::std::string::String),
        }

        // A JSON string declared twice does not compile.
        const _: () = $crate::__private::assert_distinct(&[$($json),*]);

        impl $name {
            /// The JSON strings of the known variants, in declaration order.
            pub const KNOWN: &'static [&'static str] = &[$($json),*];

            /// Its JSON string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $json, )*
                    $name::$other(s) => s,
                }
            }

            /// The variant named `s`; any other string is the catch-all
            /// (`Unknown` unless the declaration names it).
            pub fn from_name(s: &str) -> Self {
                match s {
                    $( $json => $name::$variant, )*
                    _ => $name::$other(::std::borrow::ToOwned::to_owned(s)),
                }
            }
        }

        impl $crate::de::FromJsonStr for $name {
            const EXPECTING: &'static str = concat!("a string (", stringify!($name), ")");
            #[inline]
            fn from_json_str(s: &str) -> $crate::Result<Self> {
                ::core::result::Result::Ok(Self::from_name(s))
            }
        }

        $crate::__enum_serde!($name);
        $crate::__object_mini!([] $name []);

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from_name(s))
            }
        }

        $crate::__string_enum_common!($name);
    };
}

/// Declare a tagged union: an object whose variant is named by one of its
/// members, the tag (`"object"` for Stripe, any key for other APIs). Each
/// variant holds an [`ObjectDeser`](crate::de::ObjectDeser) type, usually
/// declared with [`object!`](crate::object), written `"tag" => Variant(Type)`;
/// the last, `_ => Unknown(Value)`, is the fallback for any other tag or
/// none (any `ObjectDeser` type may stand in for `Value`).
///
/// Decoded in one pass. When the tag comes first, the chosen variant's
/// builder is filled directly; when it comes later, the members before it
/// are held (as the decoder delivered them, with their positions) and
/// replayed into the chosen builder, so an error in one of them names its
/// true path and the position of its bytes. The variant's own tag check
/// sees the tag too. Writing a variant writes its object, tag included.
///
/// ```
/// use streamde::Value;
///
/// streamde::object! {
///     #[derive(Debug, PartialEq)]
///     pub struct Charge => ChargeBuilder, tag "object" = "charge" {
///         pub id: String,
///         pub amount: u64,
///     }
/// }
///
/// streamde::tagged_union! {
///     #[derive(Debug, PartialEq)]
///     pub enum Payload, tag "object" {
///         "charge" => Charge(Charge),
///         _ => Unknown(Value),
///     }
/// }
///
/// let tag_first: Payload = streamde::from_str(r#"{"object": "charge", "id": "ch_1", "amount": 5}"#)?;
/// let tag_last: Payload = streamde::from_str(r#"{"id": "ch_1", "amount": 5, "object": "charge"}"#)?;
/// assert_eq!(tag_first, tag_last);
/// assert!(matches!(tag_first, Payload::Charge(Charge { amount: 5, .. })));
///
/// let other: Payload = streamde::from_str(r#"{"object": "refund", "id": "re_1"}"#)?;
/// assert!(matches!(other, Payload::Unknown(_)));
///
/// // A bad member before the tag: its own path and position.
/// let e = streamde::from_str::<Vec<Payload>>(r#"[{"amount": "5", "object": "charge"}]"#).unwrap_err();
/// assert_eq!(e.path(), "[0].amount");
/// assert_eq!(e.column(), 13);
/// # Ok::<(), streamde::Error>(())
/// ```
#[macro_export]
macro_rules! tagged_union {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident, tag $key:literal $(, impl $serde:ident)? {
            $( $(#[$vmeta:meta])* $tag:literal => $variant:ident($ty:ty), )*
            _ => $(#[$umeta:meta])* $unknown:ident($uty:ty) $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* $variant($ty), )*
            $(#[$umeta])* $unknown($uty),
        }

        impl $name {
            /// The tags of the known variants, in declaration order.
            pub const KNOWN: &'static [&'static str] = &[$($tag),*];
        }

        $crate::__union_serde!([$($serde)?] $name { $($variant,)* $unknown });
        $crate::__object_mini!([] $name []);

        const _: () = {
            // A tag declared twice does not compile.
            const _: () = $crate::__private::assert_distinct(&[$($tag),*]);

            #[allow(non_camel_case_types, clippy::large_enum_variant)]
            pub enum __Builders {
                $( $variant(<$ty as $crate::de::ObjectDeser>::Builder), )*
                $unknown(<$uty as $crate::de::ObjectDeser>::Builder),
            }

            impl $crate::de::Variants for __Builders {
                type Out = $name;
                const TAG: &'static str = $key;

                fn choose(tag: &str) -> Self {
                    match tag {
                        $( $tag => __Builders::$variant($crate::de::MapBuilder::deser_default()), )*
                        _ => __Builders::$unknown($crate::de::MapBuilder::deser_default()),
                    }
                }

                fn fallback() -> Self {
                    __Builders::$unknown($crate::de::MapBuilder::deser_default())
                }

                fn key(&mut self, k: &str) -> $crate::Result<::core::option::Option<&mut dyn $crate::de::Visitor>> {
                    match self {
                        $( __Builders::$variant(b) => $crate::de::MapBuilder::key(b, k), )*
                        __Builders::$unknown(b) => $crate::de::MapBuilder::key(b, k),
                    }
                }

                fn resume(&mut self) -> ::core::option::Option<&mut dyn $crate::de::Visitor> {
                    match self {
                        $( __Builders::$variant(b) => $crate::de::MapBuilder::resume(b), )*
                        __Builders::$unknown(b) => $crate::de::MapBuilder::resume(b),
                    }
                }

                #[inline]
                fn fast_value(&mut self, c: &mut $crate::de::Cursor<'_>) -> $crate::de::Fast {
                    match self {
                        $( __Builders::$variant(b) => $crate::de::MapBuilder::fast_value(b, c), )*
                        __Builders::$unknown(b) => $crate::de::MapBuilder::fast_value(b, c),
                    }
                }

                fn fast_resume_value(&mut self, c: &mut $crate::de::Cursor<'_>) -> $crate::de::Fast {
                    match self {
                        $( __Builders::$variant(b) => $crate::de::MapBuilder::fast_resume_value(b, c), )*
                        __Builders::$unknown(b) => $crate::de::MapBuilder::fast_resume_value(b, c),
                    }
                }

                fn take_out(&mut self) -> $crate::Result<$name> {
                    ::core::result::Result::Ok(match self {
                        $( __Builders::$variant(b) => $name::$variant($crate::de::MapBuilder::take_out(b)?), )*
                        __Builders::$unknown(b) => $name::$unknown($crate::de::MapBuilder::take_out(b)?),
                    })
                }
            }

            impl $crate::de::Deserialize for $name {
                type Place = $crate::de::UnionPlace<__Builders>;
            }

            impl $crate::ser::Serialize for $name {
                fn serialize(&self, out: &mut $crate::ser::Out<'_>) {
                    match self {
                        $( $name::$variant(v) => $crate::ser::Serialize::serialize(v, out), )*
                        $name::$unknown(v) => $crate::ser::Serialize::serialize(v, out),
                    }
                }
            }
        };
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum_common {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::ser::Serialize for $name {
            fn serialize(&self, out: &mut $crate::ser::Out<'_>) {
                $crate::ser::Serialize::serialize(self.as_str(), out)
            }
        }

        impl $crate::ser::KeyName for $name {
            fn key_name(&self, buf: &mut ::std::string::String) {
                buf.push_str(self.as_str());
            }
        }

        impl $crate::de::Deserialize for $name {
            type Place = $crate::de::NamedPlace<$name>;
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __object_when {
    (de; $($t:tt)*) => { $($t)* };
    (de decode; $($t:tt)*) => { $($t)* };
    (de encode; $($t:tt)*) => {};
    (ser; $($t:tt)*) => { $($t)* };
    (ser encode; $($t:tt)*) => { $($t)* };
    (ser decode; $($t:tt)*) => {};
    (de $other:ident; $($t:tt)*) => {
        ::core::compile_error!(concat!(
            "unknown object! option `only ", stringify!($other), "`: expected `only decode` or `only encode`"
        ));
    };
    (ser $other:ident; $($t:tt)*) => {};
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
macro_rules! __object_absent {
    ($key:expr) => {
        return ::core::result::Result::Err($crate::Error::missing_field($key))
    };
    ($key:expr, $default:expr) => {
        $default
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __object_tag_type {
    () => {
        $crate::__private::NoTag
    };
    ($tag:literal) => {
        $crate::__private::TagCheck
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __object_tag {
    () => {
        ::core::option::Option::None
    };
    ($key:literal, $tag:literal) => {
        ::core::option::Option::Some(($key, $tag))
    };
}

#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "miniserde")]
    pub use crate::mini_traits::{begin as mini_begin, fragment as mini_fragment};
    #[cfg(feature = "miniserde")]
    pub use ::miniserde;
    #[cfg(feature = "serde")]
    pub use ::serde;
    /// The error for a name a strict string enum does not know.
    #[cold]
    pub fn unknown_variant(s: &str, known: &[&str]) -> crate::Error {
        let allowed: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        let (shown, more) = crate::error::shorten(s, 40);
        crate::Error::invalid_value(format_args!(
            "unknown variant `{shown}{more}`, expected one of {}",
            allowed.join(", ")
        ))
    }

    /// Words of the "seen" bit set of a builder with these fields.
    pub const fn seen_words(fields: &[&str]) -> usize {
        fields.len().div_ceil(64)
    }

    /// Fails (at compile time) if two keys are equal.
    pub const fn assert_distinct(keys: &[&str]) {
        let mut i = 0;
        while i < keys.len() {
            let mut j = i + 1;
            while j < keys.len() {
                assert!(
                    !eq(keys[i].as_bytes(), keys[j].as_bytes()),
                    "a JSON key, tag or enum string is declared twice"
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

    use crate::de::{Cursor, Fast, Visitor};
    use crate::{Error, Result};

    /// Stands in for [`TagCheck`] in builders of types without a tag: no bytes.
    #[derive(Default, Debug, Clone, Copy)]
    pub struct NoTag;

    impl NoTag {
        /// Never called: types without a tag route no key here.
        pub fn begin(&mut self, _key: &'static str, _expected: &'static str) -> &mut dyn Visitor {
            self
        }

        /// Always `false`.
        pub fn matched(&self) -> bool {
            false
        }

        /// Always `false`.
        pub fn begun(&self) -> bool {
            false
        }
    }

    impl Visitor for NoTag {}

    /// Checks an object's type tag (`"object": "account_session"` for Stripe)
    /// as soon as it arrives, so a payload of another type fails with both names.
    /// The found tag is kept inline (no allocation).
    #[derive(Default)]
    pub struct TagCheck {
        key: &'static str,
        expected: &'static str,
        matched: bool,
        begun: bool,
    }

    impl TagCheck {
        /// Start checking a value against `expected`.
        pub fn begin(&mut self, key: &'static str, expected: &'static str) -> &mut dyn Visitor {
            self.key = key;
            self.expected = expected;
            self.begun = true;
            self
        }

        /// Whether the tag key was seen (a second one is a duplicate field).
        pub fn begun(&self) -> bool {
            self.begun
        }

        /// Whether a matching tag was seen.
        pub fn matched(&self) -> bool {
            self.matched
        }
    }

    impl Visitor for TagCheck {
        fn expecting(&self) -> &'static str {
            "a string naming the object type"
        }

        #[inline]
        fn fast(&mut self, c: &mut Cursor<'_>) -> Fast {
            c.scalar(self)
        }

        fn string(&mut self, s: &str) -> Result<()> {
            if s == self.expected {
                self.matched = true;
                Ok(())
            } else {
                Err(Error::invalid_value(format_args!(
                    "expected {} `{}`, found `{}`",
                    self.key,
                    self.expected,
                    crate::error::truncate(s, 64)
                )))
            }
        }
    }
}

/// A [`Value`](crate::Value) from JSON-like syntax: `null`, `true`/`false`,
/// any expression convertible with `Value::from` (numbers, strings,
/// `Option`s, vectors, maps, other values), arrays `[..]` and objects `{..}`
/// whose keys are string literals or `(expressions)` (anything
/// `Into<SmallString>`). Members keep their written order; a key written
/// twice keeps its first position and its last value, as a decoded object
/// does.
///
/// ```
/// let id = "acct_1";
/// let v = streamde::json!({
///     "id": id,
///     "object": "account_session",
///     "components": { "payments": { "enabled": true, "features": null } },
///     "expires_at": 1_700_000_000,
///     "tags": ["a", "b", 3.5],
///     (format!("key_{}", 2)): [],
/// });
/// assert_eq!(v["components"]["payments"]["enabled"], true.into());
/// assert_eq!(v.pointer("/tags/2").and_then(|t| t.as_f64()), Some(3.5));
/// assert_eq!(v["key_2"], streamde::json!([]));
/// ```
#[macro_export]
macro_rules! json {
    (null) => { $crate::Value::Null };
    ([ $($tt:tt)* ]) => {
        $crate::Value::Array($crate::__json_array!([] $($tt)*))
    };
    ({ $($tt:tt)* }) => {{
        #[allow(unused_mut)]
        let mut object = $crate::Object::new();
        $crate::__json_object!(object; $($tt)*);
        $crate::Value::Object(object)
    }};
    ($other:expr) => { $crate::Value::from($other) };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __json_array {
    ([ $($done:expr,)* ]) => { ::std::vec![$($done,)*] };
    ([ $($done:expr,)* ] null $(, $($rest:tt)*)?) => {
        $crate::__json_array!([ $($done,)* $crate::Value::Null, ] $($($rest)*)?)
    };
    ([ $($done:expr,)* ] [ $($a:tt)* ] $(, $($rest:tt)*)?) => {
        $crate::__json_array!([ $($done,)* $crate::json!([ $($a)* ]), ] $($($rest)*)?)
    };
    ([ $($done:expr,)* ] { $($o:tt)* } $(, $($rest:tt)*)?) => {
        $crate::__json_array!([ $($done,)* $crate::json!({ $($o)* }), ] $($($rest)*)?)
    };
    ([ $($done:expr,)* ] $next:expr $(, $($rest:tt)*)?) => {
        $crate::__json_array!([ $($done,)* $crate::Value::from($next), ] $($($rest)*)?)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __json_object {
    ($o:ident;) => {};
    ($o:ident; $key:literal : $($rest:tt)*) => {
        $crate::__json_member!($o ($key) $($rest)*);
    };
    ($o:ident; ( $key:expr ) : $($rest:tt)*) => {
        $crate::__json_member!($o ($key) $($rest)*);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __json_member {
    ($o:ident ($key:expr) null $(, $($rest:tt)*)?) => {
        $o.insert($key, $crate::Value::Null);
        $crate::__json_object!($o; $($($rest)*)?);
    };
    ($o:ident ($key:expr) [ $($a:tt)* ] $(, $($rest:tt)*)?) => {
        $o.insert($key, $crate::json!([ $($a)* ]));
        $crate::__json_object!($o; $($($rest)*)?);
    };
    ($o:ident ($key:expr) { $($m:tt)* } $(, $($rest:tt)*)?) => {
        $o.insert($key, $crate::json!({ $($m)* }));
        $crate::__json_object!($o; $($($rest)*)?);
    };
    ($o:ident ($key:expr) $value:expr $(, $($rest:tt)*)?) => {
        $o.insert($key, $crate::Value::from($value));
        $crate::__json_object!($o; $($($rest)*)?);
    };
}

/// serde impls of `object!` types that ask for them (`impl serde`).
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __object_serde {
    ([] $($rest:tt)*) => {};
    ([serde] [$($only:ident)?] [$($tagkey:literal, $tag:literal)?] $name:ident [$($gen:ident $(: $bound:path)?),*]
     { $( $field:ident => $key:expr ),* }) => {
        $crate::__object_when! { ser $($only)?;
        impl<$($gen: $crate::__private::serde::Serialize $(+ $bound)?),*> $crate::__private::serde::Serialize for $name<$($gen),*> {
            #[allow(unused_mut)]
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                use $crate::__private::serde::ser::SerializeMap;
                let mut m = s.serialize_map(::core::option::Option::None)?;
                const TAG: ::core::option::Option<(&'static str, &'static str)> = $crate::__object_tag!($($tagkey, $tag)?);
                if let ::core::option::Option::Some((key, tag)) = TAG {
                    let mut has_tag_field = false;
                    $( has_tag_field |= $key == key; )*
                    if !has_tag_field {
                        m.serialize_entry(key, tag)?;
                    }
                }
                $( m.serialize_entry($key, &self.$field)?; )*
                m.end()
            }
        }
        }
        $crate::__object_when! { de $($only)?;
        impl<'de $(, $gen: $crate::de::Deserialize $(+ $bound)?)*> $crate::__private::serde::Deserialize<'de> for $name<$($gen),*> {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                let v = <$crate::Value as $crate::__private::serde::Deserialize>::deserialize(d)?;
                $crate::from_value::<Self>(&v).map_err(<D::Error as $crate::__private::serde::de::Error>::custom)
            }
        }
        }
    };
    ([$other:ident] $($rest:tt)*) => {
        ::core::compile_error!(concat!("unknown object! option `impl ", stringify!($other), "`: expected `impl serde`"));
    };
}

/// Without the feature `serde`, `impl serde` adds nothing.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __object_serde {
    ([] $($rest:tt)*) => {};
    ([serde] $($rest:tt)*) => {};
    ([$other:ident] $($rest:tt)*) => {
        ::core::compile_error!(concat!(
            "unknown object! option `impl ",
            stringify!($other),
            "`: expected `impl serde`"
        ));
    };
}

/// serde impls of string enums (their JSON string), with the feature.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __enum_serde {
    ($name:ident) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let s =
                    <::std::string::String as $crate::__private::serde::Deserialize>::deserialize(
                        d,
                    )?;
                s.parse()
                    .map_err(<D::Error as $crate::__private::serde::de::Error>::custom)
            }
        }
    };
}

#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __enum_serde {
    ($name:ident) => {};
}

/// serde impls of tagged unions that ask for them (`impl serde`): each
/// variant written as itself, read through a `Value`.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __union_serde {
    ([] $($rest:tt)*) => {};
    ([$other:ident] $($rest:tt)*) => {
        $crate::__union_serde!(@ [$other] $($rest)*);
    };
    (@ [serde] $name:ident { $($variant:ident),* }) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    $( $name::$variant(v) => $crate::__private::serde::Serialize::serialize(v, s), )*
                }
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                let v = <$crate::Value as $crate::__private::serde::Deserialize>::deserialize(d)?;
                $crate::from_value::<Self>(&v).map_err(<D::Error as $crate::__private::serde::de::Error>::custom)
            }
        }
    };
    (@ [$other:ident] $($rest:tt)*) => {
        ::core::compile_error!(concat!("unknown tagged_union! option `impl ", stringify!($other), "`: expected `impl serde`"));
    };
}

#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __union_serde {
    ([] $($rest:tt)*) => {};
    ([serde] $($rest:tt)*) => {};
    ([$other:ident] $($rest:tt)*) => {
        ::core::compile_error!(concat!(
            "unknown tagged_union! option `impl ",
            stringify!($other),
            "`: expected `impl serde`"
        ));
    };
}

/// miniserde's `Serialize` and `Deserialize` for every `object!`,
/// `string_enum!` and `tagged_union!` type when streamde's feature
/// `miniserde` is on: read with the type's own streamde rules, written with
/// its own writer (see `mini_traits`).
#[cfg(feature = "miniserde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __object_mini {
    ([] $($t:tt)*) => {
        $crate::__object_mini!(@ser $($t)*);
        $crate::__object_mini!(@de $($t)*);
    };
    ([encode] $($t:tt)*) => { $crate::__object_mini!(@ser $($t)*); };
    ([decode] $($t:tt)*) => { $crate::__object_mini!(@de $($t)*); };
    // Any other `only` is reported once, by `object!` itself.
    ([$other:ident] $($t:tt)*) => {};
    (@ser $name:ident [$($gen:ident $(: $bound:path)?),*]) => {
        impl<$($gen $(: $bound)?),*> $crate::__private::miniserde::Serialize for $name<$($gen),*>
        where
            Self: $crate::Serialize,
        {
            fn begin(&self) -> $crate::__private::miniserde::ser::Fragment<'_> {
                $crate::__private::mini_fragment(self)
            }
        }
    };
    (@de $name:ident [$($gen:ident $(: $bound:path)?),*]) => {
        impl<$($gen $(: $bound)?),*> $crate::__private::miniserde::Deserialize for $name<$($gen),*>
        where
            Self: $crate::Deserialize,
        {
            fn begin(
                out: &mut ::core::option::Option<Self>,
            ) -> &mut dyn $crate::__private::miniserde::de::Visitor {
                $crate::__private::mini_begin(out)
            }
        }
    };
}

/// Without the feature `miniserde`, nothing.
#[cfg(not(feature = "miniserde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __object_mini {
    ($($t:tt)*) => {};
}
