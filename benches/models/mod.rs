//! Typed models of the standard corpus (canada, citm_catalog and twitter in
//! `benches/data/`), with the shapes serde-rs/json-benchmark declares, each
//! declared twice from one description: `sd` with streamde's `object!` and
//! `string_enum!`, `sj` with serde derive (used by serde_json, sonic-rs and
//! simd-json). Both sides get the same Rust types field for field, so the
//! comparison is of decoders, not of models.
//!
//! Where json-benchmark uses its own helper types, both sides use the plain
//! type they wrap: `PrimStr<u32>` map keys are `u32` keys (a key that does not
//! parse is an error on both sides), `PrimStr` values and `Color` are
//! `String`, `empty::Array` is `Vec<u32>`. Unknown keys are skipped on both
//! sides (json-benchmark's serde side denies them; no file has any).

#![allow(dead_code)]

use std::collections::BTreeMap;

/// One description, two declarations. Every field names its JSON key.
macro_rules! models {
    (
        $(
            struct $name:ident => $builder:ident {
                $( $field:ident : $ty:ty as $json:literal ),* $(,)?
            }
        )*
        $(
            enum $ename:ident { $( $variant:ident = $vjson:literal ),* $(,)? }
        )*
    ) => {
        /// The streamde declarations.
        pub mod sd {
            #[allow(unused_imports)]
            use super::*;
            $(
                streamde::object! {
                    #[derive(Debug)]
                    pub struct $name => $builder {
                        $( pub $field: $ty as $json, )*
                    }
                }
            )*
            $(
                streamde::string_enum! {
                    #[derive(Debug, Clone, Copy)]
                    pub strict enum $ename { $( $variant = $vjson ),* }
                }
            )*
        }

        /// The serde declarations.
        pub mod sj {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[derive(Debug, serde::Deserialize, serde::Serialize)]
                pub struct $name {
                    $( #[serde(rename = $json)] pub $field: $ty, )*
                }
            )*
            $(
                #[derive(Debug, Clone, Copy, serde::Deserialize, serde::Serialize)]
                pub enum $ename { $( #[serde(rename = $vjson)] $variant ),* }
            )*
        }
    };
}

/// canada.json: a GeoJSON feature collection, almost all of it `f32` pairs.
pub mod canada {
    use super::*;

    models! {
        struct FeatureCollection => FeatureCollectionBuilder {
            obj_type: ObjType as "type",
            features: Vec<Feature> as "features",
        }
        struct Feature => FeatureBuilder {
            obj_type: ObjType as "type",
            properties: BTreeMap<String, String> as "properties",
            geometry: Geometry as "geometry",
        }
        struct Geometry => GeometryBuilder {
            obj_type: ObjType as "type",
            coordinates: Vec<Vec<(f32, f32)>> as "coordinates",
        }
        enum ObjType {
            FeatureCollection = "FeatureCollection",
            Feature = "Feature",
            Polygon = "Polygon",
        }
    }
}

/// citm_catalog.json: maps keyed by numeric ids, camelCase keys.
pub mod citm {
    use super::*;

    models! {
        struct CitmCatalog => CitmCatalogBuilder {
            area_names: BTreeMap<u32, String> as "areaNames",
            audience_sub_category_names: BTreeMap<u32, String> as "audienceSubCategoryNames",
            block_names: BTreeMap<u32, String> as "blockNames",
            events: BTreeMap<u32, Event> as "events",
            performances: Vec<Performance> as "performances",
            seat_category_names: BTreeMap<u32, String> as "seatCategoryNames",
            sub_topic_names: BTreeMap<u32, String> as "subTopicNames",
            subject_names: BTreeMap<u32, String> as "subjectNames",
            topic_names: BTreeMap<u32, String> as "topicNames",
            topic_sub_topics: BTreeMap<u32, Vec<u32>> as "topicSubTopics",
            venue_names: BTreeMap<String, String> as "venueNames",
        }
        struct Event => EventBuilder {
            description: () as "description",
            id: u32 as "id",
            logo: Option<String> as "logo",
            name: String as "name",
            sub_topic_ids: Vec<u32> as "subTopicIds",
            subject_code: () as "subjectCode",
            subtitle: () as "subtitle",
            topic_ids: Vec<u32> as "topicIds",
        }
        struct Performance => PerformanceBuilder {
            event_id: u32 as "eventId",
            id: u32 as "id",
            logo: Option<String> as "logo",
            name: () as "name",
            prices: Vec<Price> as "prices",
            seat_categories: Vec<SeatCategory> as "seatCategories",
            seat_map_image: () as "seatMapImage",
            start: u64 as "start",
            venue_code: String as "venueCode",
        }
        struct Price => PriceBuilder {
            amount: u32 as "amount",
            audience_sub_category_id: u32 as "audienceSubCategoryId",
            seat_category_id: u32 as "seatCategoryId",
        }
        struct SeatCategory => SeatCategoryBuilder {
            areas: Vec<Area> as "areas",
            seat_category_id: u32 as "seatCategoryId",
        }
        struct Area => AreaBuilder {
            area_id: u32 as "areaId",
            block_ids: Vec<u32> as "blockIds",
        }
    }
}

/// twitter.json: a search result, wide objects of strings and small ints.
pub mod twitter {
    models! {
        struct Twitter => TwitterBuilder {
            statuses: Vec<Status> as "statuses",
            search_metadata: SearchMetadata as "search_metadata",
        }
        struct Status => StatusBuilder {
            metadata: Metadata as "metadata",
            created_at: String as "created_at",
            id: u64 as "id",
            id_str: String as "id_str",
            text: String as "text",
            source: String as "source",
            truncated: bool as "truncated",
            in_reply_to_status_id: Option<u64> as "in_reply_to_status_id",
            in_reply_to_status_id_str: Option<String> as "in_reply_to_status_id_str",
            in_reply_to_user_id: Option<u32> as "in_reply_to_user_id",
            in_reply_to_user_id_str: Option<String> as "in_reply_to_user_id_str",
            in_reply_to_screen_name: Option<String> as "in_reply_to_screen_name",
            user: User as "user",
            geo: () as "geo",
            coordinates: () as "coordinates",
            place: () as "place",
            contributors: () as "contributors",
            retweeted_status: Option<Box<Status>> as "retweeted_status",
            retweet_count: u32 as "retweet_count",
            favorite_count: u32 as "favorite_count",
            entities: StatusEntities as "entities",
            favorited: bool as "favorited",
            retweeted: bool as "retweeted",
            possibly_sensitive: Option<bool> as "possibly_sensitive",
            lang: LanguageCode as "lang",
        }
        struct Metadata => MetadataBuilder {
            result_type: ResultType as "result_type",
            iso_language_code: LanguageCode as "iso_language_code",
        }
        struct User => UserBuilder {
            id: u32 as "id",
            id_str: String as "id_str",
            name: String as "name",
            screen_name: String as "screen_name",
            location: String as "location",
            description: String as "description",
            url: Option<String> as "url",
            entities: UserEntities as "entities",
            protected: bool as "protected",
            followers_count: u32 as "followers_count",
            friends_count: u32 as "friends_count",
            listed_count: u32 as "listed_count",
            created_at: String as "created_at",
            favourites_count: u32 as "favourites_count",
            utc_offset: Option<i32> as "utc_offset",
            time_zone: Option<String> as "time_zone",
            geo_enabled: bool as "geo_enabled",
            verified: bool as "verified",
            statuses_count: u32 as "statuses_count",
            lang: LanguageCode as "lang",
            contributors_enabled: bool as "contributors_enabled",
            is_translator: bool as "is_translator",
            is_translation_enabled: bool as "is_translation_enabled",
            profile_background_color: String as "profile_background_color",
            profile_background_image_url: String as "profile_background_image_url",
            profile_background_image_url_https: String as "profile_background_image_url_https",
            profile_background_tile: bool as "profile_background_tile",
            profile_image_url: String as "profile_image_url",
            profile_image_url_https: String as "profile_image_url_https",
            profile_banner_url: Option<String> as "profile_banner_url",
            profile_link_color: String as "profile_link_color",
            profile_sidebar_border_color: String as "profile_sidebar_border_color",
            profile_sidebar_fill_color: String as "profile_sidebar_fill_color",
            profile_text_color: String as "profile_text_color",
            profile_use_background_image: bool as "profile_use_background_image",
            default_profile: bool as "default_profile",
            default_profile_image: bool as "default_profile_image",
            following: bool as "following",
            follow_request_sent: bool as "follow_request_sent",
            notifications: bool as "notifications",
        }
        struct UserEntities => UserEntitiesBuilder {
            url: Option<UserUrl> as "url",
            description: UserEntitiesDescription as "description",
        }
        struct UserUrl => UserUrlBuilder {
            urls: Vec<Url> as "urls",
        }
        struct Url => UrlBuilder {
            url: String as "url",
            expanded_url: String as "expanded_url",
            display_url: String as "display_url",
            indices: (u8, u8) as "indices",
        }
        struct UserEntitiesDescription => UserEntitiesDescriptionBuilder {
            urls: Vec<Url> as "urls",
        }
        struct StatusEntities => StatusEntitiesBuilder {
            hashtags: Vec<Hashtag> as "hashtags",
            symbols: Vec<u32> as "symbols",
            urls: Vec<Url> as "urls",
            user_mentions: Vec<UserMention> as "user_mentions",
            media: Option<Vec<Media>> as "media",
        }
        struct Hashtag => HashtagBuilder {
            text: String as "text",
            indices: (u8, u8) as "indices",
        }
        struct UserMention => UserMentionBuilder {
            screen_name: String as "screen_name",
            name: String as "name",
            id: u32 as "id",
            id_str: String as "id_str",
            indices: (u8, u8) as "indices",
        }
        struct Media => MediaBuilder {
            id: u64 as "id",
            id_str: String as "id_str",
            indices: (u8, u8) as "indices",
            media_url: String as "media_url",
            media_url_https: String as "media_url_https",
            url: String as "url",
            display_url: String as "display_url",
            expanded_url: String as "expanded_url",
            media_type: String as "type",
            sizes: Sizes as "sizes",
            source_status_id: Option<u64> as "source_status_id",
            source_status_id_str: Option<String> as "source_status_id_str",
        }
        struct Sizes => SizesBuilder {
            medium: Size as "medium",
            small: Size as "small",
            thumb: Size as "thumb",
            large: Size as "large",
        }
        struct Size => SizeBuilder {
            w: u16 as "w",
            h: u16 as "h",
            resize: Resize as "resize",
        }
        struct SearchMetadata => SearchMetadataBuilder {
            completed_in: f32 as "completed_in",
            max_id: u64 as "max_id",
            max_id_str: String as "max_id_str",
            next_results: String as "next_results",
            query: String as "query",
            refresh_url: String as "refresh_url",
            count: u8 as "count",
            since_id: u64 as "since_id",
            since_id_str: String as "since_id_str",
        }
        enum Resize {
            Fit = "fit",
            Crop = "crop",
        }
        enum LanguageCode {
            Cn = "zh-cn",
            En = "en",
            Es = "es",
            It = "it",
            Ja = "ja",
            Zh = "zh",
        }
        enum ResultType {
            Recent = "recent",
        }
    }
}
