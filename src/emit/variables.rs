//! Step 2: the variables the runtime keeps — every reactive variable (one a script mentions or
//! a template binds) with its type and initial value. Other variables were folded into the
//! values that use them and are not written.

use krb_format::{variable_flags, VarType, Variable};

use super::Emitter;
use crate::passes::variables::VarType as Ty;

pub fn run(cx: &mut Emitter<'_>) {
    let checked = cx.checked;
    for v in checked.analysis.variables.list.iter().filter(|v| v.reactive) {
        let ty = match v.ty {
            Ty::Int => VarType::Int,
            Ty::Float => VarType::Float,
            Ty::Length => VarType::Length,
            Ty::String => VarType::String,
            Ty::Bool => VarType::Bool,
            Ty::Color => VarType::Color,
            Ty::Array => VarType::Array,
            Ty::Object => VarType::Object,
        };
        let name = cx.str(&v.name);
        let initial = cx.plain(&v.value);
        let flags = if v.scripted { variable_flags::SCRIPTED } else { 0 };
        cx.variables.insert(v.name.clone(), cx.doc.variables.len() as u32);
        cx.doc.variables.push(Variable { name, ty, flags, initial });
    }
}
