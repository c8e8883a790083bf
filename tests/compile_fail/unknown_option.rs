streamde::object! {
    pub struct Point => PointBuilder, only both {
        pub x: i64,
    }
}

fn main() {}
