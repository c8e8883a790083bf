streamde::string_enum! {
    pub enum Status {
        Open = "open",
        Closed = "open",
    }
}

fn main() {}
