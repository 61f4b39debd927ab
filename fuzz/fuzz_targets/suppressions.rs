//! Inline suppression comments read from a file: any text gives directives or nothing, never a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file = tfwarden::source::SourceFile::new("fuzz/main.tf", text.as_ref());
    let _ = tfwarden::suppress::inline::directives(&file);
});
