//! The window's clipboard: the system's (through arboard: X11, and Wayland through XWayland)
//! when the cargo feature `clipboard` is on and the display offers one, else one kept inside
//! the app, so copy and paste between the app's own inputs always work.

/// Text copied in the app, and the system clipboard when there is one.
pub struct Clipboard {
    /// What the app copied last: pasted when the system clipboard is not there.
    own: String,
    #[cfg(feature = "clipboard")]
    system: Option<arboard::Clipboard>,
}

impl Clipboard {
    /// Connects to the system clipboard; when it cannot, says so on stderr once and keeps
    /// the app's own.
    pub fn new() -> Clipboard {
        Clipboard {
            own: String::new(),
            #[cfg(feature = "clipboard")]
            system: match arboard::Clipboard::new() {
                Ok(system) => Some(system),
                Err(e) => {
                    eprintln!("kryon: no system clipboard ({e}); copy and paste stay in the app");
                    None
                }
            },
        }
    }

    /// Copies text: to the system clipboard, and kept for the app.
    pub fn set(&mut self, text: String) {
        #[cfg(feature = "clipboard")]
        if let Some(system) = &mut self.system {
            if let Err(e) = system.set_text(text.as_str()) {
                eprintln!("kryon: cannot copy to the system clipboard: {e}");
            }
        }
        self.own = text;
    }

    /// The text to paste: the system clipboard's when it holds text, else the app's own.
    pub fn get(&mut self) -> String {
        #[cfg(feature = "clipboard")]
        if let Some(system) = &mut self.system {
            if let Ok(text) = system.get_text() {
                return text;
            }
        }
        self.own.clone()
    }
}

impl Default for Clipboard {
    fn default() -> Self {
        Clipboard::new()
    }
}
