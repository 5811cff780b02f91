//! A minimal PowerShell tokenizer for the tests: enough grammar for the script mbxlint writes,
//! and enough of the rest (double-quoted strings with backtick escapes and `$` expansion) to
//! see injected code. Shared by tests/report_ps1.rs and tests/hostile.rs.
#![allow(dead_code)]

/// Characters PowerShell treats as a single quote.
pub const SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];
/// Characters PowerShell treats as a double quote.
pub const DOUBLE_QUOTES: [char; 4] = ['"', '\u{201C}', '\u{201D}', '\u{201E}'];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// `#…` to end of line (text after the `#`).
    Comment(String),
    /// `<#…#>`.
    Block(String),
    /// A bare word, parameter or punctuation (`@{`, `}`, `=`, `|`, `;`, `&`).
    Word(String),
    /// A string value: a single-quoted literal or a parenthesised `+` concatenation of
    /// literals and `[char]N`, decoded.
    Value(String),
    /// A double-quoted (expandable) string, backtick escapes decoded; `expands` when it holds
    /// `$(…)`, `${…}` or a `$name` variable, which PowerShell evaluates.
    Expandable {
        text: String,
        expands: bool,
    },
    NewLine,
}

/// Line ends. PowerShell itself only breaks lines on CR and LF; the others are treated as
/// line ends here too, conservatively (an editor or another reader may).
pub fn is_newline(c: char) -> bool {
    matches!(
        c,
        '\r' | '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

struct Lexer {
    chars: Vec<char>,
    at: usize,
}

impl Lexer {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }
    fn peek2(&self) -> Option<char> {
        self.chars.get(self.at + 1).copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek();
        self.at += 1;
        c
    }
    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.at += 1;
        }
    }

    /// After the opening quote: a doubled quote (any two single-quote characters) is one
    /// literal quote, the first of the two; a lone quote ends the literal.
    fn literal(&mut self) -> Result<String, String> {
        let mut s = String::new();
        loop {
            let c = self.bump().ok_or("unterminated string")?;
            if SINGLE_QUOTES.contains(&c) {
                if self.peek().is_some_and(|n| SINGLE_QUOTES.contains(&n)) {
                    self.at += 1;
                    s.push(c);
                } else {
                    return Ok(s);
                }
            } else {
                s.push(c);
            }
        }
    }

    /// After the opening double quote: backtick escapes, doubled quotes, `$(` and `$name`.
    fn expandable(&mut self) -> Result<(String, bool), String> {
        let mut s = String::new();
        let mut expands = false;
        loop {
            let c = self.bump().ok_or("unterminated double-quoted string")?;
            match c {
                '`' => {
                    let e = self.bump().ok_or("unterminated double-quoted string")?;
                    s.push(match e {
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        '0' => '\0',
                        'a' => '\u{07}',
                        'b' => '\u{08}',
                        'e' => '\u{1B}',
                        'f' => '\u{0C}',
                        'v' => '\u{0B}',
                        other => other,
                    });
                }
                '$' if self
                    .peek()
                    .is_some_and(|n| n == '(' || n == '{' || n == '_' || n.is_alphanumeric()) =>
                {
                    expands = true;
                    s.push(c);
                }
                c if DOUBLE_QUOTES.contains(&c) => {
                    if self.peek().is_some_and(|n| DOUBLE_QUOTES.contains(&n)) {
                        self.at += 1;
                        s.push(c);
                    } else {
                        return Ok((s, expands));
                    }
                }
                c => s.push(c),
            }
        }
    }

    /// `[char]N`.
    fn char_code(&mut self) -> Result<char, String> {
        for want in "[char]".chars() {
            if self.bump() != Some(want) {
                return Err("expected [char]".into());
            }
        }
        let mut digits = String::new();
        while let Some(d) = self.peek().filter(char::is_ascii_digit) {
            digits.push(d);
            self.at += 1;
        }
        let n: u32 = digits.parse().map_err(|_| "bad [char] code")?;
        char::from_u32(n).ok_or_else(|| "bad [char] code".to_string())
    }

    /// After `(`: literal or `[char]N` terms joined by `+`, then `)`.
    fn concat(&mut self) -> Result<String, String> {
        let mut s = String::new();
        loop {
            self.skip_spaces();
            match self.peek() {
                Some(q) if SINGLE_QUOTES.contains(&q) => {
                    self.at += 1;
                    s.push_str(&self.literal()?);
                }
                Some('[') => s.push(self.char_code()?),
                other => return Err(format!("unexpected {other:?} in expression")),
            }
            self.skip_spaces();
            match self.bump() {
                Some('+') => continue,
                Some(')') => return Ok(s),
                other => return Err(format!("unexpected {other:?} after a term")),
            }
        }
    }

    fn bare_word(&mut self) -> String {
        let mut w = String::new();
        while let Some(c) = self.peek() {
            if c == ' '
                || c == '\t'
                || is_newline(c)
                || SINGLE_QUOTES.contains(&c)
                || "()|;&={}\"\u{201C}\u{201D}\u{201E}".contains(c)
            {
                break;
            }
            w.push(c);
            self.at += 1;
        }
        w
    }
}

pub fn tokenize(text: &str) -> Result<Vec<Tok>, String> {
    let mut lx = Lexer {
        chars: text.chars().collect(),
        at: 0,
    };
    if lx.peek() == Some('\u{FEFF}') {
        lx.at += 1;
    }
    let mut out = Vec::new();
    while let Some(c) = lx.peek() {
        match c {
            ' ' | '\t' => lx.at += 1,
            c if is_newline(c) => {
                lx.at += 1;
                out.push(Tok::NewLine);
            }
            '<' if lx.peek2() == Some('#') => {
                lx.at += 2;
                let mut body = String::new();
                loop {
                    match lx.bump() {
                        None => return Err("unterminated block comment".into()),
                        Some('#') if lx.peek() == Some('>') => {
                            lx.at += 1;
                            break;
                        }
                        Some(c) => body.push(c),
                    }
                }
                out.push(Tok::Block(body));
            }
            '#' => {
                lx.at += 1;
                let mut body = String::new();
                while let Some(c) = lx.peek().filter(|c| !is_newline(*c)) {
                    body.push(c);
                    lx.at += 1;
                }
                out.push(Tok::Comment(body));
            }
            q if SINGLE_QUOTES.contains(&q) => {
                lx.at += 1;
                out.push(Tok::Value(lx.literal()?));
            }
            '(' => {
                lx.at += 1;
                let save = lx.at;
                lx.skip_spaces();
                let starts_value = lx
                    .peek()
                    .is_some_and(|c| c == '[' || SINGLE_QUOTES.contains(&c));
                lx.at = save;
                if starts_value {
                    out.push(Tok::Value(lx.concat()?));
                } else {
                    // A sub-expression such as `(Get-Credential)`: its tokens follow.
                    out.push(Tok::Word("(".into()));
                }
            }
            '@' if lx.peek2() == Some('{') => {
                lx.at += 2;
                out.push(Tok::Word("@{".into()));
            }
            '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' => {
                lx.at += 1;
                let (text, expands) = lx.expandable()?;
                out.push(Tok::Expandable { text, expands });
            }
            ')' | '|' | ';' | '&' | '=' | '{' | '}' => {
                lx.at += 1;
                out.push(Tok::Word(c.to_string()));
            }
            _ => {
                let w = lx.bare_word();
                out.push(Tok::Word(w));
            }
        }
    }
    Ok(out)
}
