//! The JavaScript side of MicroPython's proxy protocol, as far as the host needs it.
//!
//! Values cross in 12-byte slots (`kind`, two payload words). The host offers one object,
//! registered as the module `__kry_host`, with one attribute, `call`: a function taking one
//! string (a JSON request: DOM method, target, arguments) and returning one string (the JSON
//! answer); `dom.rs` serves it. Every other JavaScript object a script could reach (`import
//! js` is the empty global object) has no attributes, so nothing else of the host is
//! reachable.

use wasmi::{Caller, Error, Linker};

use super::engine::{alloc_bytes, Host, Stop};

type C<'a> = Caller<'a, Host>;

/// Reference numbers of the JavaScript objects the host has: 0 is the global object and 1
/// `undefined` (as in the glue), then the host object and its `call` function.
pub(super) const HOST_OBJECT: u32 = 2;
const HOST_CALL: u32 = 3;

/// Slot kinds, JavaScript → MicroPython.
pub(super) const JS_UNDEFINED: u32 = 0;
const JS_STRING: u32 = 5;
pub(super) const JS_OBJECT: u32 = 7;
/// Slot kinds, MicroPython → JavaScript.
pub(super) const MP_EXCEPTION: u32 = u32::MAX;
pub(super) const MP_STR: u32 = 5;
pub(super) const MP_CALLABLE: u32 = 6;

pub(super) fn read_u32(data: &[u8], at: u32) -> Option<u32> {
    let at = at as usize;
    data.get(at..at.checked_add(4)?).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

pub(super) fn write_u32(data: &mut [u8], at: u32, value: u32) -> bool {
    let at = at as usize;
    match at.checked_add(4).and_then(|end| data.get_mut(at..end)) {
        Some(slot) => {
            slot.copy_from_slice(&value.to_le_bytes());
            true
        }
        None => false,
    }
}

/// A slot's three words.
pub(super) fn read_slot(data: &[u8], at: u32) -> Option<[u32; 3]> {
    Some([read_u32(data, at)?, read_u32(data, at + 4)?, read_u32(data, at + 8)?])
}

pub(super) fn write_slot(data: &mut [u8], at: u32, slot: [u32; 3]) {
    for (k, word) in slot.into_iter().enumerate() {
        write_u32(data, at + 4 * k as u32, word);
    }
}

/// The text of a string slot (`MP_STR`: length, pointer into the module's memory).
pub(super) fn slot_text(data: &[u8], slot: [u32; 3]) -> Option<String> {
    let (len, ptr) = (slot[1] as usize, slot[2] as usize);
    let bytes = data.get(ptr..ptr.checked_add(len)?)?;
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// Writes `text` into `out` as a JavaScript string (a `malloc`ed copy MicroPython frees).
fn write_string(caller: &mut C<'_>, out: u32, text: &str) -> Result<(), Error> {
    let ptr = alloc_bytes(&mut *caller, text.as_bytes())?;
    let memory = caller.data().exports()?.memory;
    write_slot(memory.data_mut(&mut *caller), out, [JS_STRING, text.len() as u32, ptr]);
    Ok(())
}

fn write_undefined(caller: &mut C<'_>, out: u32) -> Result<(), Error> {
    let memory = caller.data().exports()?.memory;
    write_slot(memory.data_mut(&mut *caller), out, [JS_UNDEFINED, 0, 0]);
    Ok(())
}

/// The text of a C string in the module's memory.
fn c_string(caller: &C<'_>, ptr: u32) -> Result<String, Error> {
    let memory = caller.data().exports()?.memory;
    let data = memory.data(caller);
    let start = ptr as usize;
    let tail = data.get(start..).unwrap_or_default();
    let end = tail.iter().position(|&b| b == 0).unwrap_or(tail.len());
    Ok(String::from_utf8_lossy(&tail[..end]).into_owned())
}

/// `call1(f_ref, via_call, arg, out)`: the host's `call(request)`.
fn call1(caller: &mut C<'_>, f_ref: u32, arg: u32, out: u32) -> Result<(), Error> {
    if f_ref != HOST_CALL {
        return write_undefined(caller, out);
    }
    let memory = caller.data().exports()?.memory;
    let data = memory.data(&*caller);
    let request = match read_slot(data, arg) {
        Some(slot) if slot[0] == MP_STR => slot_text(data, slot),
        _ => None,
    };
    let answer = match request {
        Some(request) => super::dom::serve(&caller.data().dom, &request),
        None => super::dom::refusal("__kry_host.call takes one string"),
    };
    write_string(caller, out, &answer)
}

pub(super) fn define(linker: &mut Linker<Host>) -> Result<(), Error> {
    linker.func_wrap("env", "lookup_attr", |mut c: C<'_>, r: i32, name: i32, out: i32| {
        if r as u32 == HOST_OBJECT && c_string(&c, name as u32)? == "call" {
            let memory = c.data().exports()?.memory;
            write_slot(memory.data_mut(&mut c), out as u32, [JS_OBJECT, HOST_CALL, 0]);
            return Ok::<i32, Error>(1);
        }
        Ok(0)
    })?;
    linker.func_wrap("env", "has_attr", |c: C<'_>, r: i32, name: i32| {
        Ok::<i32, Error>(i32::from(r as u32 == HOST_OBJECT && c_string(&c, name as u32)? == "call"))
    })?;
    linker.func_wrap("env", "call1", |mut c: C<'_>, f: i32, _via: i32, a: i32, out: i32| {
        call1(&mut c, f as u32, a as u32, out as u32).map(|()| 0)
    })?;
    linker.func_wrap("env", "call0", |mut c: C<'_>, _f: i32, out: i32| {
        write_undefined(&mut c, out as u32)
    })?;
    linker.func_wrap(
        "env",
        "call2",
        |mut c: C<'_>, _f: i32, _v: i32, _a: i32, _b: i32, out: i32| {
            write_undefined(&mut c, out as u32).map(|()| 0)
        },
    )?;
    linker.func_wrap(
        "env",
        "calln",
        |mut c: C<'_>, _f: i32, _v: i32, _n: i32, _a: i32, out: i32| {
            write_undefined(&mut c, out as u32).map(|()| 0)
        },
    )?;
    linker.func_wrap(
        "env",
        "call0_kwarg",
        |mut c: C<'_>, _f: i32, _v: i32, _n: i32, _k: i32, _a: i32, out: i32| {
            write_undefined(&mut c, out as u32)
        },
    )?;
    linker.func_wrap(
        "env",
        "calln_kwarg",
        |mut c: C<'_>,
         _f: i32,
         _v: i32,
         _n: i32,
         _a: i32,
         _nk: i32,
         _k: i32,
         _kv: i32,
         out: i32| { write_undefined(&mut c, out as u32) },
    )?;
    linker.func_wrap("env", "store_attr", |_: i32, _: i32, _: i32| {})?;
    linker.func_wrap("env", "js_subscr_load", |mut c: C<'_>, _r: i32, _i: i32, out: i32| {
        write_undefined(&mut c, out as u32)
    })?;
    linker.func_wrap("env", "js_subscr_store", |_: i32, _: i32, _: i32| {})?;
    linker.func_wrap("env", "js_get_iter", |mut c: C<'_>, _r: i32, out: i32| {
        write_undefined(&mut c, out as u32)
    })?;
    linker.func_wrap("env", "js_iter_next", |_: i32, _: i32| 0)?;
    linker.func_wrap(
        "env",
        "js_reflect_construct",
        |mut c: C<'_>, _f: i32, _n: i32, _a: i32, out: i32| write_undefined(&mut c, out as u32),
    )?;
    linker.func_wrap("env", "js_check_existing", |_: i32| -1)?;
    linker.func_wrap(
        "env",
        "js_get_error_info",
        |mut c: C<'_>, _r: i32, name: i32, message: i32| {
            write_undefined(&mut c, name as u32)?;
            write_undefined(&mut c, message as u32)
        },
    )?;
    linker.func_wrap("env", "js_get_proxy_js_ref_info", |mut c: C<'_>, out: i32| {
        let memory = c.data().exports()?.memory;
        let data = memory.data_mut(&mut c);
        write_u32(data, out as u32, HOST_CALL + 1);
        write_u32(data, out as u32 + 4, HOST_CALL + 1);
        Ok::<(), Error>(())
    })?;
    linker.func_wrap("env", "proxy_js_free_obj", |_: i32| {})?;
    for name in [
        "proxy_convert_mp_to_js_then_js_to_mp_obj_jsside",
        "proxy_convert_mp_to_js_then_js_to_js_then_js_to_mp_obj_jsside",
    ] {
        linker
            .func_wrap("env", name, |mut c: C<'_>, out: i32| write_undefined(&mut c, out as u32))?;
    }
    for name in ["js_then_resolve", "create_promise", "js_then_reject"] {
        linker.func_wrap("env", name, |_: i32, _: i32| -> Result<(), Error> {
            Err(Error::host(Stop::Abort("promises are not available".into())))
        })?;
    }
    linker.func_wrap(
        "env",
        "js_then_continue",
        |_: i32, _: i32, _: i32, _: i32, _: i32| -> Result<(), Error> {
            Err(Error::host(Stop::Abort("promises are not available".into())))
        },
    )?;
    Ok(())
}
