//! One `.tf` file parsed and evaluated as a root module: no input may panic, overflow the
//! stack or run past the evaluation limits.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = tfwarden::parse::decode("fuzz/main.tf", data.to_vec()) else {
        return;
    };
    let Ok(parsed) = tfwarden::parse::parse_hcl(Arc::new(source)) else {
        return;
    };
    let _ = tfwarden::evaluate::evaluate_files(vec![parsed], "fuzz");
});
