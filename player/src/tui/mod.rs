//! The terminal host (`kryon --tui`): the same layout as the window, in character cells,
//! for machines without a display. Tab and Shift-Tab move focus, Enter and Space activate,
//! typing edits the focused input, the mouse clicks where the terminal reports it; Esc,
//! Ctrl-C or Ctrl-Q quit. The loop blocks on the next terminal event, so an idle app uses no
//! CPU.

mod screen;

use std::io::{self, IsTerminal, Write};

use crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::style::{
    Attribute, Color, Print, SetAttribute, SetBackgroundColor, SetForegroundColor,
};
use crossterm::{cursor, execute, queue, terminal};
use kryon_render::RenderOptions;
use kryon_runtime::Edit;

use crate::app::App;
use crate::options::Options;
pub use screen::{Screen, CELL_H, CELL_W};

/// Frame pixels per logical pixel for the terminal: enough to sample each cell's colour.
const SCALE: f32 = 0.5;

/// Where the screen is drawn: standard output when it is the terminal, else the process's
/// controlling terminal (so `kryon --tui app.krb --print-json-on-exit > state.json` draws on
/// the terminal and writes only the state to the file).
/// The terminal's output stream.
type Term = Box<dyn Write>;

fn terminal_out() -> io::Result<Term> {
    if io::stdout().is_terminal() {
        return Ok(Box::new(io::BufWriter::new(io::stdout())));
    }
    #[cfg(unix)]
    {
        let tty = std::fs::OpenOptions::new().write(true).open("/dev/tty")?;
        Ok(Box::new(io::BufWriter::new(tty)))
    }
    #[cfg(not(unix))]
    {
        Err(io::Error::other("standard output is not a terminal"))
    }
}

/// Puts the terminal back as it was, also when the loop fails.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let Ok(mut out) = terminal_out() else { return };
        let _ =
            execute!(out, event::DisableMouseCapture, cursor::Show, terminal::LeaveAlternateScreen);
        let _ = terminal::disable_raw_mode();
    }
}

pub fn run(options: Options) -> Result<(), String> {
    let mut app = App::open(&options)?;
    terminal::enable_raw_mode().map_err(|e| format!("cannot use this terminal: {e}"))?;
    let restore = Restore;
    let mut out = terminal_out().map_err(|e| format!("cannot use this terminal: {e}"))?;
    execute!(out, terminal::EnterAlternateScreen, event::EnableMouseCapture, cursor::Hide)
        .map_err(|e| format!("cannot use this terminal: {e}"))?;
    let result = event_loop(&mut app, &options, &mut out);
    drop(restore);
    if options.print_json_on_exit {
        println!("{}", app.runtime.snapshot_json());
    }
    result
}

fn size() -> (u16, u16) {
    terminal::size().unwrap_or((80, 24))
}

fn render(app: &mut App, (cols, rows): (u16, u16)) {
    let width = (f32::from(cols) * CELL_W) as u32;
    let height = (f32::from(rows.saturating_sub(1)) * CELL_H) as u32;
    app.render_full(RenderOptions { size: Some((width.max(1), height.max(1))), scale: SCALE });
}

fn draw(app: &App, (cols, rows): (u16, u16), out: &mut Term) -> io::Result<()> {
    let tree = app.runtime.tree();
    let boxes = app.renderer.layout_boxes(&tree);
    let body = rows.saturating_sub(1);
    let screen =
        Screen::draw(cols, body, &tree, &boxes, app.renderer.frame(), SCALE, app.runtime.focused());
    for (row, line) in screen.cells.chunks(usize::from(cols.max(1))).enumerate() {
        queue!(out, cursor::MoveTo(0, row as u16))?;
        for cell in line {
            let (r, g, b) = cell.bg;
            let (fr, fg, fb) = cell.fg;
            queue!(
                out,
                SetBackgroundColor(Color::Rgb { r, g, b }),
                SetForegroundColor(Color::Rgb { r: fr, g: fg, b: fb }),
                SetAttribute(if cell.reverse { Attribute::Reverse } else { Attribute::NoReverse }),
                Print(cell.ch)
            )?;
        }
    }
    // The status line: the last script error, or the keys.
    let status = match &app.last_error {
        Some(error) => format!(" error: {}", error.lines().next().unwrap_or_default()),
        None => " Tab: focus  Enter/Space: activate  Esc: quit".to_string(),
    };
    let status: String = status.chars().take(usize::from(cols)).collect();
    queue!(
        out,
        cursor::MoveTo(0, body),
        SetAttribute(Attribute::Reset),
        terminal::Clear(terminal::ClearType::CurrentLine),
        Print(status)
    )?;
    out.flush()
}

fn event_loop(app: &mut App, options: &Options, out: &mut Term) -> Result<(), String> {
    let fail = |e: io::Error| format!("the terminal failed: {e}");
    let mut dims = size();
    render(app, dims);
    draw(app, dims, out).map_err(fail)?;
    let mut frames = 1u64;
    loop {
        if options.frames.is_some_and(|n| frames >= n) {
            return Ok(());
        }
        let outcome = match event::read().map_err(fail)? {
            Event::Resize(cols, rows) => {
                dims = (cols, rows);
                render(app, dims);
                draw(app, dims, out).map_err(fail)?;
                frames += 1;
                continue;
            }
            Event::Key(key) if key.kind != KeyEventKind::Release => match key_outcome(app, key) {
                Some(outcome) => outcome,
                None => return Ok(()),
            },
            Event::Mouse(mouse) => {
                let x = (f32::from(mouse.column) + 0.5) * CELL_W * SCALE;
                let y = (f32::from(mouse.row) + 0.5) * CELL_H * SCALE;
                let target = app.renderer.hit_test(x, y);
                match (mouse.kind, target) {
                    (MouseEventKind::Down(MouseButton::Left), Some(t)) => {
                        app.runtime.pointer_down(t)
                    }
                    (MouseEventKind::Down(MouseButton::Left), None) => app.runtime.focus(None),
                    (MouseEventKind::Up(MouseButton::Left), t) => app.runtime.pointer_up(t),
                    (MouseEventKind::Moved, t) if t != app.runtime.hovered() => {
                        app.runtime.pointer_move(t)
                    }
                    _ => continue,
                }
            }
            _ => continue,
        };
        let info = app.apply(outcome);
        if !info.damage.is_empty() || info.full || app.last_error.is_some() {
            draw(app, dims, out).map_err(fail)?;
            frames += 1;
        }
    }
}

/// What a key does; `None` to quit.
fn key_outcome(app: &mut App, key: KeyEvent) -> Option<kryon_runtime::DispatchOutcome> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    let editing = {
        let tree = app.runtime.tree();
        app.runtime.focused().and_then(|i| tree.get(i)).is_some_and(|e| e.caret.is_some())
    };
    let runtime = &mut app.runtime;
    Some(match key.code {
        KeyCode::Esc => return None,
        KeyCode::Char('c' | 'q') if ctrl => return None,
        KeyCode::Char('q') if !editing => return None,
        KeyCode::Tab => runtime.focus_next(false),
        KeyCode::BackTab => runtime.focus_next(true),
        KeyCode::Enter if editing => runtime.edit_text(Edit::Submit),
        KeyCode::Enter => runtime.activate_focused(),
        KeyCode::Char(' ') if !editing => runtime.activate_focused(),
        KeyCode::Char('a') if ctrl => runtime.edit_text(Edit::SelectAll),
        KeyCode::Char(c) if !ctrl => runtime.edit_text(Edit::Insert(c.to_string())),
        KeyCode::Backspace => runtime.edit_text(Edit::DeleteBackward),
        KeyCode::Delete => runtime.edit_text(Edit::DeleteForward),
        KeyCode::Left => runtime.edit_text(Edit::Left { select: shift }),
        KeyCode::Right => runtime.edit_text(Edit::Right { select: shift }),
        KeyCode::Home => runtime.edit_text(Edit::Home { select: shift }),
        KeyCode::End => runtime.edit_text(Edit::End { select: shift }),
        _ => kryon_runtime::DispatchOutcome::default(),
    })
}
