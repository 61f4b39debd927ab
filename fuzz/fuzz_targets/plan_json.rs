//! A plan file read and turned into resources: no input may panic or blow up.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = tfwarden::parse::decode("fuzz/plan.json", data.to_vec()) else {
        return;
    };
    let Ok(plan) = tfwarden::parse::parse_plan(Arc::new(source)) else {
        return;
    };
    let _ = tfwarden::evaluate::plan::evaluate_plan(&plan, "fuzz", None);
});
