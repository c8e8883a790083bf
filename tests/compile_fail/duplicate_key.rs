streamde::object! {
    pub struct Charge => ChargeBuilder {
        pub amount: u64,
        pub total: u64 as "amount",
    }
}

fn main() {}
