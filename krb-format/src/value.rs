//! Property values (SPEC.md §6): a tagged tree of scalars, lists, objects, variable references,
//! string templates, handler calls and the expressions that bind a property to variables.

use crate::strings::StrId;

/// The most values a value may nest (an array inside an array ... counts one level each).
/// Readers refuse deeper values and writers refuse to write them.
pub const MAX_VALUE_DEPTH: usize = 128;

/// A unit attached to a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    None,
    Px,
    Percent,
    Em,
    Rem,
    Vw,
    Vh,
    Deg,
    Rad,
    Turn,
}

impl Unit {
    pub const ALL: [Unit; 10] = [
        Unit::None,
        Unit::Px,
        Unit::Percent,
        Unit::Em,
        Unit::Rem,
        Unit::Vw,
        Unit::Vh,
        Unit::Deg,
        Unit::Rad,
        Unit::Turn,
    ];

    /// The unit's code in the file.
    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(code: u8) -> Option<Unit> {
        Unit::ALL.get(code as usize).copied()
    }

    /// The unit as written after a number (`""` for none).
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::None => "",
            Unit::Px => "px",
            Unit::Percent => "%",
            Unit::Em => "em",
            Unit::Rem => "rem",
            Unit::Vw => "vw",
            Unit::Vh => "vh",
            Unit::Deg => "deg",
            Unit::Rad => "rad",
            Unit::Turn => "turn",
        }
    }

    pub fn from_suffix(text: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.as_str() == text)
    }
}

/// A unary operator in a bound expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Not = 1,
    Neg = 2,
}

impl UnaryOp {
    pub fn from_code(code: u8) -> Option<UnaryOp> {
        match code {
            1 => Some(UnaryOp::Not),
            2 => Some(UnaryOp::Neg),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            UnaryOp::Not => "!",
            UnaryOp::Neg => "-",
        }
    }
}

/// A binary operator in a bound expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Eq = 1,
    NotEq = 2,
    Lt = 3,
    Le = 4,
    Gt = 5,
    Ge = 6,
    And = 7,
    Or = 8,
    /// `+` (KRB 1.2): text joined when either side is text, otherwise numbers added.
    Add = 9,
}

impl BinaryOp {
    pub const ALL: [BinaryOp; 9] = [
        BinaryOp::Eq,
        BinaryOp::NotEq,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
        BinaryOp::And,
        BinaryOp::Or,
        BinaryOp::Add,
    ];

    pub fn from_code(code: u8) -> Option<BinaryOp> {
        BinaryOp::ALL.into_iter().find(|op| *op as u8 == code)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Eq => "==",
            BinaryOp::NotEq => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::And => "&&",
            BinaryOp::Or => "||",
            BinaryOp::Add => "+",
        }
    }
}

/// One piece of a string template.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Text(StrId),
    /// A variable path (`count`, `user.name`), re-rendered when the variable changes.
    Var(StrId),
}

/// A value. The variant order is the tag order of SPEC.md §6.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int {
        value: i64,
        unit: Unit,
    },
    Float {
        value: f64,
        unit: Unit,
    },
    String(StrId),
    /// `0xRRGGBBAA`.
    Color(u32),
    Bool(bool),
    /// A keyword (`center`, `bold`) or a bare identifier.
    Word(StrId),
    /// Space-separated values (`row center`, `10 20`).
    List(Vec<Value>),
    Array(Vec<Value>),
    Object(Vec<(StrId, Value)>),
    /// A reference to a reactive variable by path.
    Var(StrId),
    Template(Vec<TemplatePart>),
    /// `select($index, "a")`: a function and its arguments.
    Call {
        function: StrId,
        args: Vec<Value>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Value>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Value>,
        rhs: Box<Value>,
    },
    Ternary {
        condition: Box<Value>,
        then: Box<Value>,
        otherwise: Box<Value>,
    },
    /// A style, by index in the style table.
    Style(u32),
    /// A resource, by index in the resource table.
    Resource(u32),
}

/// Value tags in the file.
pub(crate) mod tag {
    pub const INT: u8 = 1;
    pub const FLOAT: u8 = 2;
    pub const STRING: u8 = 3;
    pub const COLOR: u8 = 4;
    pub const BOOL: u8 = 5;
    pub const WORD: u8 = 6;
    pub const LIST: u8 = 7;
    pub const ARRAY: u8 = 8;
    pub const OBJECT: u8 = 9;
    pub const VAR: u8 = 10;
    pub const TEMPLATE: u8 = 11;
    pub const CALL: u8 = 12;
    pub const UNARY: u8 = 13;
    pub const BINARY: u8 = 14;
    pub const TERNARY: u8 = 15;
    pub const STYLE: u8 = 16;
    pub const RESOURCE: u8 = 17;
}

impl Value {
    /// Whether the value uses something newer than KRB 1.0 and 1.1 (the `+` operator of 1.2).
    pub fn needs_minor_2(&self) -> bool {
        let mut newer = false;
        self.walk(&mut |v| newer |= matches!(v, Value::Binary { op: BinaryOp::Add, .. }));
        newer
    }

    /// Calls `f` on this value and every value inside it.
    pub fn walk(&self, f: &mut dyn FnMut(&Value)) {
        f(self);
        match self {
            Value::List(items) | Value::Array(items) | Value::Call { args: items, .. } => {
                items.iter().for_each(|v| v.walk(f))
            }
            Value::Object(entries) => entries.iter().for_each(|(_, v)| v.walk(f)),
            Value::Unary { operand, .. } => operand.walk(f),
            Value::Binary { lhs, rhs, .. } => {
                lhs.walk(f);
                rhs.walk(f);
            }
            Value::Ternary { condition, then, otherwise } => {
                condition.walk(f);
                then.walk(f);
                otherwise.walk(f);
            }
            _ => {}
        }
    }
}
