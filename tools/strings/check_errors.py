#!/usr/bin/env python3
"""Checks tools/strings/errors.toml against bindings/ffi/src/reason.rs: `check_errors.py [TOML [REASON_RS]]`.

Every `ErrorReason` has its `error_<snake_case>` table and no `error_*` table lacks a reason;
every table holds exactly `en`, `nl` and `fr`, non-empty; the placeholders are the same in the
three languages, each an allowed `ErrorDetails` field (never `{account_id}`) that the reason's
doc comment names; word tables (`field_*`, `format_*`, `slot_*`) hold no placeholder; French
puts a space before : ; ? ! and no text uses a curly apostrophe or a no-break space.

The functions are meant to be imported (by gen.py): `load(path)`, `reason_names(path)`,
`reason_fields(path)` and `problems(strings, reasons, fields=None) -> list[str]`.
Exits 1 and prints the problems when there are any.
"""
import pathlib
import re
import sys
import tomllib

LANGUAGES = ("en", "nl", "fr")
# ErrorDetails fields a text may name; account_id is a field too, but users never see ids.
ALLOWED = {"position", "value", "length", "limit", "field", "found", "server", "format", "slot"}
DETAILS = ALLOWED | {"account_id"}
WORD_PREFIXES = ("field_", "format_", "slot_")

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
VARIANT = re.compile(r"^\s*([A-Z][A-Za-z0-9]*)\s*,?\s*$")
DOC_NAME = re.compile(r"`([a-z_]+)`")


def load(path):
    """The parsed TOML file: {key: {language: text}}."""
    with open(path, "rb") as file:
        return tomllib.load(file)


def snake(name):
    """`SecretNotBase32` -> `secret_not_base32`, `NotAUri` -> `not_a_uri`, `NotUtf8` -> `not_utf8`."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return name.lower()


def _enum_body(text, enum):
    match = re.search(r"pub enum " + enum + r"\s*\{", text)
    if not match:
        raise ValueError(f"no `pub enum {enum}` found")
    end = text.index("\n}", match.end())
    return text[match.end():end]


def _variants(path, enum):
    """(name, doc text) for each variant of `enum`, in order."""
    body = _enum_body(pathlib.Path(path).read_text(encoding="utf-8"), enum)
    found, doc = [], []
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("///"):
            doc.append(stripped[3:])
        elif stripped.startswith("#["):
            continue
        elif not stripped or stripped.startswith("//"):
            doc = []  # a blank line or a section comment ends a doc comment
        else:
            match = VARIANT.match(line)
            if not match:
                raise ValueError(f"cannot read the {enum} line {line!r}")
            found.append((match.group(1), " ".join(doc)))
            doc = []
    return found


def reason_names(reason_rs_path):
    """The `ErrorReason` variants in reason.rs, in order (`SecretEmpty`, ...)."""
    return [name for name, _ in _variants(reason_rs_path, "ErrorReason")]


def reason_fields(reason_rs_path):
    """{variant: the ErrorDetails fields its doc comment names}."""
    return {
        # Parentheses hold a field's possible values (`field` (`format` or `schema`)), not fields.
        name: set(DOC_NAME.findall(re.sub(r"\([^()]*\)", "", doc))) & DETAILS
        for name, doc in _variants(reason_rs_path, "ErrorReason")
    }


def placeholders(text):
    return set(PLACEHOLDER.findall(text))


def _typography(key, language, text):
    found = []
    if "\u2019" in text or "\u2018" in text:
        found.append(f"{key}.{language}: use the straight apostrophe ', not a curly one")
    if "\u00a0" in text or "\u202f" in text:
        found.append(f"{key}.{language}: use a normal space, not a no-break space")
    if language == "fr":
        for match in re.finditer(r"(?<! )[;?!]|(?<! ):(?![/0-9])", text):
            found.append(f"{key}.fr: put a space before {match.group()!r} (at {match.start()})")
    else:
        for match in re.finditer(r" [:;?!](?!/)", text):
            found.append(f"{key}.{language}: no space before {match.group()[1]!r} (at {match.start()})")
    return found


def problems(strings, reasons, fields=None):
    """What is wrong with `strings` (as `load` gives it) for the reason names `reasons`; with
    `fields` (as `reason_fields` gives it) also placeholders the reason's doc does not name."""
    found = []
    expected = {"error_" + snake(name): name for name in reasons}
    for key in expected:
        if key not in strings:
            found.append(f"{key}: missing (ErrorReason.{expected[key]})")
    for key, table in strings.items():
        if not isinstance(table, dict):
            found.append(f"{key}: not a table")
            continue
        is_error = key.startswith("error_")
        if is_error and key not in expected:
            found.append(f"{key}: no ErrorReason has this key")
        elif not is_error and not key.startswith(WORD_PREFIXES):
            found.append(f"{key}: unknown kind of key (error_, field_, format_ or slot_)")
        if sorted(table) != sorted(LANGUAGES):
            found.append(f"{key}: languages are {sorted(table)}, not {list(LANGUAGES)}")
        sets = {}
        for language in LANGUAGES:
            text = table.get(language)
            if not isinstance(text, str) or not text.strip():
                found.append(f"{key}.{language}: missing or empty")
                continue
            sets[language] = placeholders(text)
            for name in sorted(sets[language]):
                if name == "account_id":
                    found.append(f"{key}.{language}: {{account_id}} is never shown to users")
                elif name not in ALLOWED:
                    found.append(f"{key}.{language}: unknown placeholder {{{name}}}")
            found.extend(_typography(key, language, text))
        distinct = {frozenset(s) for s in sets.values()}
        if len(distinct) > 1:
            shown = ", ".join(f"{lang} {sorted(s)}" for lang, s in sets.items())
            found.append(f"{key}: placeholders differ between languages: {shown}")
        used = set().union(*sets.values()) if sets else set()
        if not is_error and used:
            found.append(f"{key}: a word table holds placeholders {sorted(used)}")
        if is_error and fields is not None and key in expected:
            unset = used - fields.get(expected[key], set())
            if unset:
                found.append(f"{key}: {sorted(unset)} not among the details {expected[key]} sets")
    return found


def main(argv):
    root = pathlib.Path(__file__).resolve().parents[2]
    toml_path = argv[1] if len(argv) > 1 else root / "tools/strings/errors.toml"
    reason_path = argv[2] if len(argv) > 2 else root / "bindings/ffi/src/reason.rs"
    strings = load(toml_path)
    found = problems(strings, reason_names(reason_path), reason_fields(reason_path))
    for problem in found:
        print(problem)
    errors = sum(key.startswith("error_") for key in strings)
    print(f"{errors} error keys, {len(strings) - errors} word keys: "
          + (f"{len(found)} problem(s)" if found else "ok"),
          file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
