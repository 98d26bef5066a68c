//! One allocation larger than the whole memory budget, or one native call that allocates
//! far past it: refused inside the VM (a script error), never a process abort.

use super::{lua, Stop};

#[test]
fn lua_giant_allocations() {
    lua(
        r#" local t = {} for i = 1, 100 do t[i] = string.rep("x", 1e6) end return #table.concat(t) "#,
        Stop::Memory,
    );
    lua(" local t = table.pack(table.unpack({}, 1, 1e6)) ", Stop::Refused("too many results"));
    lua(r#" local s = ("x"):rep(2^24):rep(2^6) "#, Stop::Memory);
}

#[cfg(feature = "javascript-vm")]
mod javascript {
    use super::super::{js, Stop};

    #[test]
    fn giant_allocations() {
        js(" const b = new ArrayBuffer(2 ** 30); ", Stop::Memory);
        js(" const b = new ArrayBuffer(2 ** 31); ", Stop::Refused("invalid array buffer length"));
        js(" const a = new Array(1e9).fill(0); ", Stop::Refused("refused"));
        js(" const a = new Array(1e7).fill(0); ", Stop::Memory);
        js(" const a = new Uint8Array(2 ** 30); ", Stop::Memory);
        js(" const s = JSON.stringify(new Array(2 ** 22).fill('xx')); ", Stop::Memory);
    }
}

#[cfg(feature = "python-vm")]
mod python {
    use super::super::{python, Stop};

    #[test]
    fn giant_allocations() {
        python(&["b = bytearray(2 ** 40)"], Stop::Memory);
        python(&["b = bytes(2 ** 36)"], Stop::Memory);
        python(&["s = 'x'.ljust(2 ** 36)"], Stop::Memory);
        python(&["s = b'x'.center(2 ** 36)"], Stop::Memory);
        python(&["s = ('x' * 1000 + '\\t').expandtabs(2 ** 30)"], Stop::Memory);
        python(&["a = list(range(10 ** 10))"], Stop::Memory);
        python(&["s = ' '.join(['abc'] * 10 ** 8)"], Stop::Memory);
    }
}
