#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| streamde_fuzz::mini_panic(data));
