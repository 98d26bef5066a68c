//! What a VM is asked to load ([`ScriptSource`]) and how its error positions map back to the
//! `.kry` sources ([`ChunkMap`]).

/// Where a script's payload starts in the `.kry` sources (the KRB's source map).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceOrigin {
    pub file: String,
    /// The `.kry` line of the payload's first line.
    pub line: u32,
}

/// What a script is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptKind<'a> {
    /// The body of one function, to be wrapped with these parameters.
    Function { name: &'a str, params: &'a [String] },
    /// Top-level code run once; `name` is how errors name it.
    Module { name: &'a str },
}

/// A script to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScriptSource<'a> {
    /// The chunk (file) name the VM gives the code, unique in the app; it shows in tracebacks
    /// and maps error lines back to `origin`.
    pub chunk: &'a str,
    pub code: &'a str,
    pub kind: ScriptKind<'a>,
    pub origin: Option<&'a SourceOrigin>,
}

impl ScriptSource<'_> {
    /// The function's or module's name, as errors show it.
    pub fn label(&self) -> &str {
        match self.kind {
            ScriptKind::Function { name, .. } | ScriptKind::Module { name } => name,
        }
    }
}

/// Whether `name` can be spliced into generated code as a function or parameter name: ASCII
/// letters, digits and `_`, not starting with a digit. Names from a file are checked before
/// they are wrapped, so a crafted name cannot inject code.
pub fn is_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[derive(Debug, Clone)]
struct Chunk {
    name: String,
    /// The function's or module's name.
    label: String,
    origin: Option<SourceOrigin>,
    /// Lines the wrapper adds before the payload's first line.
    header_lines: u32,
}

/// The chunks a VM has loaded, to turn a (chunk, line) position from the VM into a `.kry`
/// file and line.
#[derive(Debug, Clone, Default)]
pub struct ChunkMap {
    chunks: Vec<Chunk>,
}

impl ChunkMap {
    pub fn add(&mut self, script: &ScriptSource<'_>, header_lines: u32) {
        self.chunks.retain(|c| c.name != script.chunk);
        self.chunks.push(Chunk {
            name: script.chunk.to_string(),
            label: script.label().to_string(),
            origin: script.origin.cloned(),
            header_lines,
        });
    }

    pub fn clear(&mut self) {
        self.chunks.clear();
    }

    /// The `.kry` file and line of a line of a loaded chunk.
    pub fn locate(&self, chunk: &str, line: u32) -> Option<(String, u32)> {
        let c = self.chunks.iter().find(|c| c.name == chunk)?;
        let origin = c.origin.as_ref()?;
        let payload_line = line.saturating_sub(c.header_lines).max(1);
        Some((origin.file.clone(), origin.line.saturating_add(payload_line - 1)))
    }

    /// Where the script defining `label` (a function or module name) starts in the `.kry`
    /// sources: the position of an error the VM gave no line for.
    pub fn locate_label(&self, label: &str) -> Option<(String, u32)> {
        let c = self.chunks.iter().rev().find(|c| c.label == label)?;
        let origin = c.origin.as_ref()?;
        Some((origin.file.clone(), origin.line))
    }

    /// The message without a leading `chunk:line: ` position of a loaded chunk (the error
    /// carries the `.kry` position separately).
    pub fn strip_position<'t>(&self, message: &'t str) -> &'t str {
        for c in &self.chunks {
            let Some(rest) = message.strip_prefix(c.name.as_str()) else { continue };
            let Some(rest) = rest.strip_prefix(':') else { continue };
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                if let Some(rest) = rest[digits..].strip_prefix(": ") {
                    return rest;
                }
            }
        }
        message
    }

    /// Every `chunk:line` in `text` that names a loaded chunk, in order: where it starts and
    /// ends in `text`, the chunk and the line.
    fn positions<'s>(&'s self, text: &str) -> Vec<(usize, usize, &'s Chunk, u32)> {
        let mut found = Vec::new();
        for c in &self.chunks {
            let mut from = 0;
            while let Some(at) = text[from..].find(c.name.as_str()).map(|i| i + from) {
                from = at + c.name.len();
                let before_ok = text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|ch| !(ch.is_alphanumeric() || ch == '_'));
                let Some(rest) = text[from..].strip_prefix(':') else { continue };
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                if let (true, Ok(line)) = (before_ok, rest[..digits].parse::<u32>()) {
                    found.push((at, from + 1 + digits, c, line));
                }
            }
        }
        found.sort_by_key(|&(at, end, ..)| (at, std::cmp::Reverse(end)));
        found
    }

    /// The first `chunk:line` in `text` naming a loaded chunk (VMs print the innermost frame
    /// first), mapped to the `.kry` sources.
    pub fn find_in(&self, text: &str) -> Option<(String, u32)> {
        let (_, _, c, line) = self.positions(text).into_iter().next()?;
        self.locate(&c.name, line)
    }

    /// `text` (a VM's traceback) with every `chunk:line` of a loaded chunk written as the
    /// `.kry` file and line it comes from (`increment:3` → `app.kry:42`).
    pub fn in_kry_positions(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for (at, end, c, line) in self.positions(text) {
            if at < copied {
                continue;
            }
            if let Some((file, kry_line)) = self.locate(&c.name, line) {
                out.push_str(&text[copied..at]);
                out.push_str(&format!("{file}:{kry_line}"));
                copied = end;
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(is_identifier("increment"));
        assert!(is_identifier("_x9"));
        assert!(!is_identifier("9x"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("a() end os.exit() function b"));
    }

    #[test]
    fn finds_the_innermost_known_chunk() {
        let origin = SourceOrigin { file: "app.kry".into(), line: 10 };
        let mut map = ChunkMap::default();
        let script = ScriptSource {
            chunk: "add",
            code: "",
            kind: ScriptKind::Module { name: "add" },
            origin: Some(&origin),
        };
        map.add(&script, 1);
        assert_eq!(map.find_in("readd:7: x\nadd:3: boom\nadd:9:"), Some(("app.kry".into(), 11)));
        assert_eq!(map.find_in("nothing here"), None);
        assert_eq!(
            map.in_kry_positions("readd:7: x\n\tadd:3: in function <add:1>\n(add:4:5)"),
            "readd:7: x\n\tapp.kry:11: in function <app.kry:10>\n(app.kry:12:5)"
        );
    }
}
