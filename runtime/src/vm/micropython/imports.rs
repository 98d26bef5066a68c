//! The module's 60 imports, implemented by the host: the `invoke_*` trampolines of
//! emscripten's `setjmp`/`longjmp`, the heap growth (where the memory limit is enforced),
//! standard output, file-system calls that all refuse, the clock and random numbers, and the
//! JavaScript-proxy functions through which Python reaches the host object `__kry_host`
//! (`proxy.rs`). Nothing here reaches a file, the network or the process.

use wasmi::{Caller, Error, Linker, Val};

use super::engine::{run, Host, Stop};
use super::proxy;

/// `-ENOENT` in emscripten's errno numbering: every path-based system call fails with it.
const ENOENT: i32 = -44;
/// `EBADF` (WASI): the only descriptors are standard output and error.
const EBADF: i32 = 8;

const WASI: &str = "wasi_snapshot_preview1";

type C<'a> = Caller<'a, Host>;

pub(super) fn define(linker: &mut Linker<Host>) -> Result<(), Error> {
    invoke(linker)?;
    heap_and_io(linker)?;
    syscalls(linker)?;
    proxy::define(linker)?;
    Ok(())
}

/// Calls table entry `index` with `args`; a `longjmp` out of it becomes `setThrew(1, 0)` after
/// the C stack pointer is restored, as emscripten's JavaScript glue does. Every other stop
/// goes on unwinding.
fn call_entry(caller: &mut C<'_>, index: i32, args: &[Val], results: usize) -> Result<i32, Error> {
    let exports = caller.data().exports()?;
    let mut sp = [Val::I32(0)];
    run(&mut *caller, exports.stack_current, &[], &mut sp)?;
    let entry = exports
        .table
        .get(&*caller, index as u32 as u64)
        .and_then(|r| r.as_func().and_then(|f| f.val().map(|f| **f)))
        .ok_or_else(|| Error::host(Stop::Abort(format!("no function at table index {index}"))))?;
    let mut out = [Val::I32(0)];
    match run(&mut *caller, entry, args, &mut out[..results]) {
        Ok(()) => Ok(out[0].i32().unwrap_or(0)),
        Err(e) if matches!(e.downcast_ref::<Stop>(), Some(Stop::Longjmp)) => {
            run(&mut *caller, exports.stack_restore, &sp, &mut [])?;
            run(&mut *caller, exports.set_threw, &[Val::I32(1), Val::I32(0)], &mut [])?;
            Ok(0)
        }
        Err(e) => Err(e),
    }
}

fn invoke(linker: &mut Linker<Host>) -> Result<(), Error> {
    let i = Val::I32;
    linker.func_wrap("env", "invoke_v", |mut c: C<'_>, f: i32| -> Result<(), Error> {
        call_entry(&mut c, f, &[], 0).map(drop)
    })?;
    linker.func_wrap("env", "invoke_vi", move |mut c: C<'_>, f: i32, a: i32| {
        call_entry(&mut c, f, &[i(a)], 0).map(drop)
    })?;
    linker.func_wrap("env", "invoke_vii", move |mut c: C<'_>, f: i32, a: i32, b: i32| {
        call_entry(&mut c, f, &[i(a), i(b)], 0).map(drop)
    })?;
    linker.func_wrap(
        "env",
        "invoke_viii",
        move |mut c: C<'_>, f: i32, a: i32, b: i32, d: i32| {
            call_entry(&mut c, f, &[i(a), i(b), i(d)], 0).map(drop)
        },
    )?;
    linker.func_wrap(
        "env",
        "invoke_viiii",
        move |mut c: C<'_>, f: i32, a: i32, b: i32, d: i32, e: i32| {
            call_entry(&mut c, f, &[i(a), i(b), i(d), i(e)], 0).map(drop)
        },
    )?;
    linker
        .func_wrap("env", "invoke_i", move |mut c: C<'_>, f: i32| call_entry(&mut c, f, &[], 1))?;
    linker.func_wrap("env", "invoke_ii", move |mut c: C<'_>, f: i32, a: i32| {
        call_entry(&mut c, f, &[i(a)], 1)
    })?;
    linker.func_wrap("env", "invoke_iii", move |mut c: C<'_>, f: i32, a: i32, b: i32| {
        call_entry(&mut c, f, &[i(a), i(b)], 1)
    })?;
    linker.func_wrap(
        "env",
        "invoke_iiii",
        move |mut c: C<'_>, f: i32, a: i32, b: i32, d: i32| {
            call_entry(&mut c, f, &[i(a), i(b), i(d)], 1)
        },
    )?;
    linker.func_wrap(
        "env",
        "invoke_iiiii",
        move |mut c: C<'_>, f: i32, a: i32, b: i32, d: i32, e: i32| {
            call_entry(&mut c, f, &[i(a), i(b), i(d), i(e)], 1)
        },
    )?;
    linker.func_wrap(
        "env",
        "invoke_iiiiii",
        move |mut c: C<'_>, f: i32, a: i32, b: i32, d: i32, e: i32, g: i32| {
            call_entry(&mut c, f, &[i(a), i(b), i(d), i(e), i(g)], 1)
        },
    )?;
    linker.func_wrap("env", "_emscripten_throw_longjmp", || -> Result<(), Error> {
        Err(Error::host(Stop::Longjmp))
    })?;
    linker.func_wrap("env", "_abort_js", || -> Result<(), Error> {
        Err(Error::host(Stop::Abort("MicroPython called abort()".into())))
    })?;
    Ok(())
}

/// The heap grows to `requested` bytes (with some headroom, as emscripten's glue does), never
/// past the memory limit: a refused growth makes `malloc` fail, which MicroPython raises as
/// `MemoryError`.
fn resize_heap(caller: &mut C<'_>, requested: u32) -> Result<i32, Error> {
    const PAGE: u64 = 65536;
    let exports = caller.data().exports()?;
    let old = exports.memory.data_size(&*caller) as u64;
    let requested = u64::from(requested);
    if requested <= old {
        return Ok(1);
    }
    let limit = caller.data().memory_limit;
    if limit > 0 && requested > limit {
        caller.data_mut().memory_hit = true;
        return Ok(0);
    }
    let mut wanted = requested.max(old + old / 5).min(requested + 96 * 1024 * 1024);
    if limit > 0 {
        wanted = wanted.min(limit);
    }
    let pages = wanted.div_ceil(PAGE).saturating_sub(old / PAGE);
    match exports.memory.grow(&mut *caller, pages) {
        Ok(_) => Ok(1),
        Err(_) => {
            caller.data_mut().memory_hit = true;
            Ok(0)
        }
    }
}

/// `fd_write` on standard output or error: complete lines go to the runtime's output.
fn write_out(
    caller: &mut C<'_>,
    fd: i32,
    iov: i32,
    iovcnt: i32,
    written: i32,
) -> Result<i32, Error> {
    if fd != 1 && fd != 2 {
        return Ok(EBADF);
    }
    let memory = caller.data().exports()?.memory;
    let mut total: u32 = 0;
    let mut bytes = Vec::new();
    for k in 0..iovcnt.max(0) as u32 {
        let entry = (iov as u32).wrapping_add(k * 8);
        let data = memory.data(&*caller);
        let (Some(ptr), Some(len)) =
            (proxy::read_u32(data, entry), proxy::read_u32(data, entry + 4))
        else {
            return Ok(EBADF);
        };
        let Some(chunk) = data.get(ptr as usize..(ptr as usize).saturating_add(len as usize))
        else {
            return Ok(EBADF);
        };
        bytes.extend_from_slice(chunk);
        total = total.wrapping_add(len);
    }
    let host = caller.data_mut();
    host.stdout.extend_from_slice(&bytes);
    while let Some(end) = host.stdout.iter().position(|&b| b == b'\n') {
        let line: Vec<u8> = host.stdout.drain(..=end).collect();
        let text = String::from_utf8_lossy(&line[..line.len() - 1]).into_owned();
        host.dom.print(text).map_err(|m| Error::host(Stop::Abort(m)))?;
    }
    let data = memory.data_mut(&mut *caller);
    proxy::write_u32(data, written as u32, total);
    Ok(0)
}

fn heap_and_io(linker: &mut Linker<Host>) -> Result<(), Error> {
    linker.func_wrap("env", "emscripten_resize_heap", |mut c: C<'_>, size: i32| {
        resize_heap(&mut c, size as u32)
    })?;
    linker.func_wrap(WASI, "fd_write", |mut c: C<'_>, fd: i32, iov: i32, n: i32, out: i32| {
        write_out(&mut c, fd, iov, n, out)
    })?;
    linker.func_wrap(WASI, "fd_read", |_: i32, _: i32, _: i32, _: i32| EBADF)?;
    linker.func_wrap(WASI, "fd_close", |_: i32| EBADF)?;
    linker.func_wrap(WASI, "fd_sync", |_: i32| EBADF)?;
    linker.func_wrap(WASI, "fd_seek", |_: i32, _: i64, _: i32, _: i32| EBADF)?;
    linker.func_wrap("env", "mp_js_ticks_ms", |c: C<'_>| {
        c.data().started.elapsed().as_millis() as i32
    })?;
    linker.func_wrap("env", "mp_js_time_ms", || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_millis() as f64)
    })?;
    linker.func_wrap("env", "mp_js_random_u32", |mut c: C<'_>| {
        // xorshift64*: `random`'s seed, nothing that needs to be secret.
        let host = c.data_mut();
        let mut x = host.random;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        host.random = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) as u32 as i32
    })?;
    Ok(())
}

/// Every file-system call fails with `ENOENT`: scripts cannot open, list, create or remove
/// anything.
fn syscalls(linker: &mut Linker<Host>) -> Result<(), Error> {
    for name in ["__syscall_chdir", "__syscall_rmdir"] {
        linker.func_wrap("env", name, |_: i32| ENOENT)?;
    }
    for name in ["__syscall_getcwd", "__syscall_fstat64", "__syscall_stat64", "__syscall_lstat64"] {
        linker.func_wrap("env", name, |_: i32, _: i32| ENOENT)?;
    }
    for name in [
        "__syscall_mkdirat",
        "__syscall_poll",
        "__syscall_getdents64",
        "__syscall_statfs64",
        "__syscall_unlinkat",
    ] {
        linker.func_wrap("env", name, |_: i32, _: i32, _: i32| ENOENT)?;
    }
    for name in ["__syscall_openat", "__syscall_renameat", "__syscall_newfstatat"] {
        linker.func_wrap("env", name, |_: i32, _: i32, _: i32, _: i32| ENOENT)?;
    }
    Ok(())
}
