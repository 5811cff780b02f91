//! Building PowerShell commands from export values, safely.
//!
//! Every value from an export is attacker-controlled text (anyone can set a display name). It
//! enters a command only through [`quote`], which produces a single-quoted PowerShell string
//! literal: inside single quotes PowerShell expands nothing (`$`, backtick, `$(…)` are literal),
//! and the only special characters are the single-quote characters themselves — ASCII `'` and the
//! Unicode quotes U+2018 ‘ U+2019 ’ U+201A ‚ U+201B ‛, which PowerShell also accepts as quotes —
//! each escaped by doubling it. Line breaks inside the literal stay literal text, but they would
//! break the one-command-per-line layout of reports, so control characters are rejected by
//! [`Cmd`] users through [`quote`]'s replacement of them with their `[char]` codes.

/// Characters PowerShell treats as a single quote.
const SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// Quotes `value` as a PowerShell expression that evaluates to exactly `value`.
///
/// Printable text becomes a single-quoted literal with quote characters doubled. Control
/// characters (line breaks, NUL, escape) cannot be shown in a one-line command, so they are
/// written as `[char]N` joined with `+`: `'a'+[char]10+'b'`. The result is always one line.
///
/// ```
/// use mbxlint::powershell::quote;
/// assert_eq!(quote("O'Brien $(whoami)"), "'O''Brien $(whoami)'");
/// assert_eq!(quote("line\nbreak"), "('line'+[char]10+'break')");
/// ```
pub fn quote(value: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_literal = false;
    for c in value.chars() {
        if c.is_control() || is_bidi_control(c) || is_line_separator(c) {
            if in_literal {
                current.push('\'');
                parts.push(std::mem::take(&mut current));
                in_literal = false;
            }
            parts.push(format!("[char]{}", c as u32));
        } else {
            if !in_literal {
                current.push('\'');
                in_literal = true;
            }
            if SINGLE_QUOTES.contains(&c) {
                current.push(c);
            }
            current.push(c);
        }
    }
    if in_literal {
        current.push('\'');
        parts.push(current);
    }
    match parts.len() {
        0 => "''".to_string(),
        1 if !parts[0].starts_with("[char]") => parts.pop().unwrap_or_default(),
        _ => {
            // Start with a string so that + concatenates text rather than adding numbers.
            let joined = parts.join("+");
            if parts[0].starts_with("[char]") {
                format!("(''+{joined})")
            } else {
                format!("({joined})")
            }
        }
    }
}

/// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: not line ends for PowerShell, but
/// editors and viewers show them as line breaks, which would break the promise that a quoted
/// value is one line (and could make a command look like two).
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Bidirectional overrides and isolates: shown as codes so a report cannot be visually spoofed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// A PowerShell command built from a cmdlet name and quoted arguments.
#[derive(Clone, Debug)]
pub struct Cmd {
    text: String,
}

impl Cmd {
    /// `cmdlet` must be a literal cmdlet name from the code, never export text.
    pub fn new(cmdlet: &'static str) -> Self {
        Cmd {
            text: cmdlet.to_string(),
        }
    }

    /// `-Identity <value>`.
    pub fn identity(self, value: &str) -> Self {
        self.param("Identity", value)
    }

    /// `-Name <quoted value>`; `name` must be a literal parameter name.
    pub fn param(mut self, name: &'static str, value: &str) -> Self {
        self.text.push_str(" -");
        self.text.push_str(name);
        self.text.push(' ');
        self.text.push_str(&quote(value));
        self
    }

    /// `-Name @{add=<quoted value>}` / `@{remove=…}`.
    pub fn param_hash(mut self, name: &'static str, key: &'static str, value: &str) -> Self {
        self.text.push_str(" -");
        self.text.push_str(name);
        self.text.push_str(" @{");
        self.text.push_str(key);
        self.text.push('=');
        self.text.push_str(&quote(value));
        self.text.push('}');
        self
    }

    /// A parameter whose value is trusted code text from mbxlint itself (e.g. `$true`,
    /// `(Get-Credential)`), never export text.
    pub fn param_code(mut self, name: &'static str, code: &'static str) -> Self {
        self.text.push_str(" -");
        self.text.push_str(name);
        self.text.push(' ');
        self.text.push_str(code);
        self
    }

    /// A switch parameter: `-Name`, or `-Name:$false` style when written so.
    pub fn switch(mut self, name: &'static str) -> Self {
        self.text.push_str(" -");
        self.text.push_str(name);
        self
    }

    /// Pipes into another command.
    pub fn pipe(mut self, next: Cmd) -> Self {
        self.text.push_str(" | ");
        self.text.push_str(&next.text);
        self
    }

    pub fn build(self) -> String {
        self.text
    }

    /// A positional argument, quoted (e.g. the object of an executable such as `dsacls`).
    pub fn arg(mut self, value: &str) -> Self {
        self.text.push(' ');
        self.text.push_str(&quote(value));
        self
    }

    /// Literal code text from mbxlint itself (e.g. `/P:N`), never export text.
    pub fn code(mut self, code: &'static str) -> Self {
        self.text.push(' ');
        self.text.push_str(code);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values() {
        assert_eq!(quote("lara@contoso.com"), "'lara@contoso.com'");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn quotes_are_doubled() {
        assert_eq!(quote("O'Brien"), "'O''Brien'");
        assert_eq!(
            quote("a\u{2018}b\u{2019}c"),
            "'a\u{2018}\u{2018}b\u{2019}\u{2019}c'"
        );
        assert_eq!(
            quote("\u{201A}\u{201B}"),
            "'\u{201A}\u{201A}\u{201B}\u{201B}'"
        );
    }

    #[test]
    fn expansion_characters_stay_literal() {
        assert_eq!(quote("$(Remove-Item C:\\)"), "'$(Remove-Item C:\\)'");
        assert_eq!(quote("`n; | &"), "'`n; | &'");
        assert_eq!(quote("\"x\""), "'\"x\"'");
    }

    #[test]
    fn control_characters_become_char_codes() {
        assert_eq!(quote("a\nb"), "('a'+[char]10+'b')");
        assert_eq!(quote("\r\n"), "(''+[char]13+[char]10)");
        assert_eq!(quote("x\u{202E}"), "('x'+[char]8238)");
        assert!(!quote("a\0b").contains('\0'));
        assert_eq!(quote("a\u{2028}b"), "('a'+[char]8232+'b')");
        assert_eq!(quote("\u{2029}"), "(''+[char]8233)");
        assert_eq!(quote("\u{85}"), "(''+[char]133)");
    }

    #[test]
    fn commands() {
        let c = Cmd::new("Set-MailUser")
            .identity("a'b@fabrikam.com")
            .param_hash("EmailAddresses", "add", "x500:/o=X/cn=Y")
            .build();
        assert_eq!(
            c,
            "Set-MailUser -Identity 'a''b@fabrikam.com' -EmailAddresses @{add='x500:/o=X/cn=Y'}"
        );
    }
}
