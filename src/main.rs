//! The `folio` binary: the command-line tool natively, the Yew app in Wasm
//! (Trunk builds this binary for wasm32).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let status = folio::cli::run(&args, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(status);
}

#[cfg(target_arch = "wasm32")]
fn main() {
    folio::app::start();
}
