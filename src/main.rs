//! The `stancebook` binary: a subcommand from the command line, or the window.

use std::process::ExitCode;

fn main() -> ExitCode {
    stancebook::cli::main()
}
