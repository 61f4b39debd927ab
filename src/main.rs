//! The `tfwarden` binary: everything lives in the library; see `tfwarden::cli`.

fn main() {
    std::process::exit(tfwarden::cli::main());
}
