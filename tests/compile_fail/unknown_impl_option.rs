streamde::object! {
    pub struct Point => PointBuilder, impl sered {
        pub x: i64,
    }
}

fn main() {}
