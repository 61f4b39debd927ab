//! The `tfwarden` binary: everything lives in the library; see `tfwarden::cli`.

// Scanning allocates many small values (syntax trees, Rego values); mimalloc measured about a
// quarter faster than the system allocator on a 1,000-module scan (0.69 s to 0.51 s).
// Built with `no_thp`: mimalloc otherwise asks for transparent huge pages, and the kernel then
// zeroes 2 MiB at each first touch; that was a quarter of a one-module scan's CPU (36 to 24 ms
// task-clock) and 40 MiB of a 1,000-module scan's peak (100 to 61 MiB), for no speed gained.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc keeps freed pages for a while (`purge_delay`, 1 s as built) before returning them; a scan
// frees each batch of root modules as the next one starts, and the delay held about 200 MiB
// more at 10,000 modules. Peak RSS and 1,000-module time (best of 8) by delay: 1 s 505 MiB
// 571 ms; 100 ms 322 MiB 587 ms; 10 ms 309 MiB 607 ms; 0 304 MiB 707 ms.
// `mi_option_set` is mimalloc's C API, always linked; 15 is `mi_option_purge_delay` in both
// mimalloc 2 and 3 of libmimalloc-sys 0.1.49 (include/mimalloc.h, `mi_option_e`; check with
// `MIMALLOC_VERBOSE=1 tfwarden --version`, which lists the options in that order).
extern "C" {
    fn mi_option_set(option: std::os::raw::c_int, value: std::os::raw::c_long);
}
const MI_OPTION_PURGE_DELAY: std::os::raw::c_int = 15;
const PURGE_DELAY_MS: std::os::raw::c_long = 100;

fn main() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets an option of the allocator, a plain store, before any thread starts.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
    // regorus's parser builds errors it then throws away (it tries alternatives), and each
    // captures a backtrace when RUST_BACKTRACE is set: about 11 ms of a 38 ms one-module scan.
    // RUST_LIB_BACKTRACE=0 turns those off and keeps backtraces of panics (RUST_BACKTRACE).
    // Set before any thread starts; a value the user chose is kept.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
    std::process::exit(tfwarden::cli::main());
}
