//! `otpkit completions SHELL` and `otpkit man`: generated from the clap definition, they name
//! every command the binary's `--help` lists; bash loads the script, and groff reads the pages
//! without a warning (where those are installed).

use std::process::{Command, Output, Stdio};

use crate::support;

fn otpkit(args: &[&str]) -> Output {
    support::otpkit().args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The commands `otpkit --help` lists (without `help`).
fn commands() -> Vec<String> {
    let help = stdout(&otpkit(&["--help"]));
    let listed: Vec<String> = help
        .lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect();
    assert!(listed.len() >= 15, "{help}");
    assert!(listed.contains(&"completions".to_owned()));
    listed
}

#[test]
fn each_shells_script_names_every_command() {
    let commands = commands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&otpkit(&["completions", shell]));
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell}: no {command}");
        }
        // Options too: a global one and a command's own.
        for option in ["vault", "quiet", "timeout-ms"] {
            assert!(script.contains(option), "{shell}: no --{option}");
        }
    }
    let out = otpkit(&["--json", "completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bash_loads_the_script_and_completes_command_names() {
    assert!(
        support::has_program("bash"),
        "bash is needed (scripts/test.sh runs on it)"
    );
    let script = stdout(&otpkit(&["completions", "bash"]));
    // Load it, show the registration, then complete `otpkit co` as bash does on tab.
    let probe = format!(
        "{script}\ncomplete -p otpkit\nCOMP_WORDS=(otpkit co); COMP_CWORD=1; _otpkit otpkit co otpkit; echo \"${{COMPREPLY[*]}}\""
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &probe])
        .output()
        .unwrap();
    let shown = stdout(&out);
    let mut lines = shown.lines();
    let registration = lines.next().unwrap();
    assert!(
        registration.contains(" -F _otpkit ") && registration.ends_with(" otpkit"),
        "{shown}"
    );
    let mut offered: Vec<&str> = lines.next().unwrap().split(' ').collect();
    offered.sort_unstable();
    assert_eq!(offered, ["code", "codes", "completions"], "{shown}");
}

#[test]
fn the_man_pages_are_roff_naming_every_command() {
    let commands = commands();
    let page = stdout(&otpkit(&["man"]));
    assert!(page.contains("\n.TH otpkit 1 "), "{page}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH \"GLOBAL OPTIONS\"",
        ".SH SUBCOMMANDS",
    ] {
        assert!(page.contains(section), "no {section}");
    }
    let mut pages = vec![("otpkit".to_owned(), page)];
    for command in &commands {
        assert!(
            pages[0]
                .1
                .contains(&format!("otpkit\\-{}(1)", command.replace('-', "\\-"))),
            "otpkit(1) does not refer to {command}"
        );
        let page = stdout(&otpkit(&["man", command]));
        assert!(page.contains(&format!(".TH otpkit-{command} 1 ")), "{page}");
        assert!(page.contains(".SH SYNOPSIS"), "{page}");
        pages.push((command.clone(), page));
    }
    // A hidden command is not documented, and an unknown one is a usage error.
    assert!(!pages[0].1.contains("otpkit\\-man"));
    assert_eq!(otpkit(&["man", "nope"]).status.code(), Some(2));
    assert!(
        support::has_program("groff"),
        "groff is needed to read the pages back (Debian's groff-base; scripts/test.sh installs it)"
    );
    for (name, page) in pages {
        let mut groff = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut groff.stdin.take().unwrap(), page.as_bytes()).unwrap();
        let out = groff.wait_with_output().unwrap();
        assert!(out.status.success(), "{name}: {out:?}");
        assert!(
            out.stderr.is_empty(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
