streamde::object! {
    pub struct Card => CardBuilder, tag "type" = "card" {
        pub last4: String,
    }
}

streamde::tagged_union! {
    pub enum Method, tag "type" {
        "card" => Card(Card),
        "card" => Other(Card),
        _ => Unknown(streamde::Value),
    }
}

fn main() {}
