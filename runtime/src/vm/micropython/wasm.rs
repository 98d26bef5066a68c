//! The MicroPython WebAssembly module (`micropython.wasm` of the npm package
//! `@micropython/micropython-webassembly-pyscript`, MIT), embedded by `build.rs` after its
//! SHA-256 is checked, and compiled once per process.
//!
//! Before compiling, the module's memory section is patched: its initial memory (16 MiB in the
//! package) is lowered to what the data, the C stack and a first heap need, so a VM starts
//! small and every further byte goes through `emscripten_resize_heap`, where the memory limit
//! is enforced.

use std::sync::OnceLock;

use wasmi::{CompilationMode, Config, Engine, Module};

/// The module as the npm package ships it.
static WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/micropython.wasm"));

/// Pages (64 KiB) the patched module starts with beyond the C stack's top: room for
/// MicroPython's first GC heap and Python stack (`mp_js_init`).
const HEAP_PAGES: u32 = 24;

/// The engine (fuel metering on) and the compiled, patched module, shared by every VM.
pub(super) fn module() -> Result<&'static (Engine, Module), String> {
    static MODULE: OnceLock<Result<(Engine, Module), String>> = OnceLock::new();
    MODULE
        .get_or_init(|| {
            let mut config = Config::default();
            config.consume_fuel(true);
            config.compilation_mode(CompilationMode::Lazy);
            // Deep enough that MicroPython's own recursion check (its C stack) stops a
            // script's recursion first, with a catchable `RuntimeError`.
            config.set_max_recursion_depth(20_000);
            config.set_max_stack_height(16 * 1024 * 1024);
            let engine = Engine::new(&config);
            let bytes = lower_initial_memory(WASM).unwrap_or_else(|| WASM.to_vec());
            let module = Module::new(&engine, &bytes[..])
                .map_err(|e| format!("the MicroPython module does not compile: {e}"))?;
            Ok((engine, module))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The pages the module's memory starts with once patched.
#[cfg(test)]
fn initial_pages() -> u32 {
    static PAGES: OnceLock<u32> = OnceLock::new();
    *PAGES.get_or_init(|| {
        let patched = lower_initial_memory(WASM);
        let bytes = patched.as_deref().unwrap_or(WASM);
        sections(bytes)
            .and_then(|s| s.into_iter().find(|s| s.id == 5))
            .and_then(|s| memory_limits(&bytes[s.start..s.end]))
            .map_or(0, |(min, _, _)| min)
    })
}

struct Section {
    id: u8,
    /// Where the section's id byte is.
    header: usize,
    /// The section's contents (after its id and size).
    start: usize,
    end: usize,
}

/// The module's sections; `None` when the bytes are not a well-formed module.
fn sections(bytes: &[u8]) -> Option<Vec<Section>> {
    if bytes.get(..8)? != b"\0asm\x01\0\0\0" {
        return None;
    }
    let mut at = 8;
    let mut out = Vec::new();
    while at < bytes.len() {
        let id = *bytes.get(at)?;
        let (size, next) = leb_u32(bytes, at + 1)?;
        let end = next.checked_add(size as usize).filter(|&e| e <= bytes.len())?;
        out.push(Section { id, header: at, start: next, end });
        at = end;
    }
    Some(out)
}

fn leb_u32(bytes: &[u8], mut at: usize) -> Option<(u32, usize)> {
    let mut value: u64 = 0;
    for shift in (0..35).step_by(7) {
        let b = *bytes.get(at)?;
        at += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return u32::try_from(value).ok().map(|v| (v, at));
        }
    }
    None
}

fn sleb_i32(bytes: &[u8], mut at: usize) -> Option<i32> {
    let mut value: i64 = 0;
    let mut shift = 0;
    loop {
        let b = *bytes.get(at)?;
        at += 1;
        value |= i64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            if shift < 64 && b & 0x40 != 0 {
                value |= -1i64 << shift;
            }
            return i32::try_from(value).ok();
        }
        if shift >= 35 {
            return None;
        }
    }
}

fn leb_bytes(mut value: u32) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let b = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

/// One memory's (min pages, max pages, bytes the section's entry takes).
fn memory_limits(section: &[u8]) -> Option<(u32, Option<u32>, usize)> {
    let (count, at) = leb_u32(section, 0)?;
    if count != 1 {
        return None;
    }
    let flags = *section.get(at)?;
    let (min, after_min) = leb_u32(section, at + 1)?;
    match flags {
        0 => Some((min, None, after_min)),
        1 => {
            let (max, end) = leb_u32(section, after_min)?;
            Some((min, Some(max), end))
        }
        _ => None,
    }
}

/// The module with its initial memory lowered to the C stack's top (the first global,
/// `__stack_pointer`, starts there; the heap follows it) plus [`HEAP_PAGES`]; `None` when the
/// layout is not the expected one (the module is then used as shipped).
fn lower_initial_memory(bytes: &[u8]) -> Option<Vec<u8>> {
    let sections = sections(bytes)?;
    let globals = sections.iter().find(|s| s.id == 6)?;
    let memory = sections.iter().find(|s| s.id == 5)?;
    // The first global: count, type (i32 = 0x7f), mutability 1, `i32.const` (0x41) value.
    let g = &bytes[globals.start..globals.end];
    let (count, at) = leb_u32(g, 0)?;
    if count == 0 || g.get(at..at + 3)? != [0x7f, 0x01, 0x41] {
        return None;
    }
    let stack_top = u32::try_from(sleb_i32(g, at + 3)?).ok()?;
    let (min, max, _) = memory_limits(&bytes[memory.start..memory.end])?;
    let wanted = stack_top.div_ceil(65536) + HEAP_PAGES;
    if wanted >= min {
        return None;
    }
    let mut entry = vec![1u8, u8::from(max.is_some())];
    entry.extend(leb_bytes(wanted));
    if let Some(max) = max {
        entry.extend(leb_bytes(max));
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..memory.header]);
    out.push(5);
    out.extend(leb_bytes(entry.len() as u32));
    out.extend(entry);
    out.extend_from_slice(&bytes[memory.end..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_initial_memory_is_lowered() {
        let patched = lower_initial_memory(WASM).expect("the package's layout");
        let s = sections(&patched).expect("still a module");
        let memory = s.iter().find(|s| s.id == 5).expect("a memory section");
        let (min, max, _) = memory_limits(&patched[memory.start..memory.end]).expect("limits");
        assert!(min < 259, "{min} pages");
        assert_eq!(max, Some(32768));
        assert_eq!(initial_pages(), min);
    }
}
