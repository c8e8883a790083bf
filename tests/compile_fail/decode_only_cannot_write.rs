streamde::object! {
    pub struct Point => PointBuilder, only decode {
        pub x: i64,
    }
}

fn main() {
    let p: Point = streamde::from_str(r#"{"x": 1}"#).unwrap();
    let _ = streamde::to_string(&p);
}
