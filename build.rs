//! Rebuild when the embedded policy library changes (`include_dir!` does not track files).
fn main() {
    println!("cargo:rerun-if-changed=policies");
}
