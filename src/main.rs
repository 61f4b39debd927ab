//! The `tfwarden` binary: everything lives in the library; see `tfwarden::cli`.

// Scanning allocates many small values (syntax trees, Rego values); mimalloc measured about a
// quarter faster than the system allocator on a 1,000-module scan (0.69 s to 0.51 s).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(tfwarden::cli::main());
}
