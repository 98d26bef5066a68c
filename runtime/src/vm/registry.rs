//! [`VMFactory`] and [`VMRegistry`]: the VMs this build can create, registered under their
//! cargo features, and the active VMs, created on first use (one per language the loaded KRB
//! needs).

use std::marker::PhantomData;
use std::rc::Rc;

use crate::config::{language_by_name, LanguageInfo};
use crate::vm::{ScriptVM, VmContext};

/// Creates VMs of one language.
pub trait VMFactory {
    /// The language the VMs run.
    fn language(&self) -> &'static LanguageInfo;

    /// The language tag (`lua`, ...).
    fn language_name(&self) -> &'static str {
        self.language().name
    }

    /// Whether the VM can be created in this process.
    fn is_available(&self) -> bool {
        true
    }

    fn create_vm(&self, context: VmContext) -> Result<Box<dyn ScriptVM>, String>;

    /// [`ScriptVM::bind_function_expression`] of the VMs this factory creates.
    fn bind_function_expression(&self, name: &str, expression: &str) -> Option<String> {
        let _ = (name, expression);
        None
    }

    /// [`ScriptVM::engine_tag`] of the VMs this factory creates.
    fn engine_tag(&self) -> Option<String> {
        None
    }

    /// [`ScriptVM::precompile`] of the VMs this factory creates.
    fn precompile(&self, script: &crate::vm::ScriptSource<'_>) -> Result<Vec<u8>, String> {
        let _ = script;
        Err(format!("the {} VM has no bytecode", self.language_name()))
    }
}

/// The factory of a [`ScriptVM`] type.
pub struct Factory<V> {
    language: &'static LanguageInfo,
    vm: PhantomData<fn() -> V>,
}

impl<V: ScriptVM + 'static> Factory<V> {
    /// A factory for `language` (a tag this runtime knows; `None` otherwise).
    pub fn new(language: &str) -> Option<Factory<V>> {
        Some(Factory { language: language_by_name(language)?, vm: PhantomData })
    }

    /// [`Factory::new`], boxed for [`VMRegistry::register`].
    pub fn boxed(language: &str) -> Option<Box<dyn VMFactory>> {
        Factory::<V>::new(language).map(|f| Box::new(f) as Box<dyn VMFactory>)
    }
}

impl<V: ScriptVM + 'static> VMFactory for Factory<V> {
    fn language(&self) -> &'static LanguageInfo {
        self.language
    }

    fn create_vm(&self, context: VmContext) -> Result<Box<dyn ScriptVM>, String> {
        Ok(Box::new(V::initialize(context)?))
    }

    fn bind_function_expression(&self, name: &str, expression: &str) -> Option<String> {
        V::bind_function_expression(name, expression)
    }

    fn engine_tag(&self) -> Option<String> {
        V::engine_tag()
    }

    fn precompile(&self, script: &crate::vm::ScriptSource<'_>) -> Result<Vec<u8>, String> {
        V::precompile(script)
    }
}

/// The VM factories compiled in and the VMs started so far.
#[derive(Default)]
pub struct VMRegistry {
    /// Shared, so a reloaded app's registry has the same factories ([`VMRegistry::fresh`]).
    available: Vec<Rc<dyn VMFactory>>,
    active: Vec<(&'static str, Box<dyn ScriptVM>)>,
}

impl std::fmt::Debug for VMRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VMRegistry")
            .field("available", &self.available().collect::<Vec<_>>())
            .field("active", &self.active_languages().collect::<Vec<_>>())
            .finish()
    }
}

impl VMRegistry {
    /// A registry with every VM this build has.
    pub fn new() -> VMRegistry {
        let compiled: Vec<Option<Box<dyn VMFactory>>> = vec![
            #[cfg(feature = "lua-vm")]
            Factory::<crate::vm::lua::LuaVM>::boxed("lua"),
            #[cfg(feature = "javascript-vm")]
            Factory::<crate::vm::javascript::JavaScriptVM>::boxed("javascript"),
            #[cfg(feature = "python-vm")]
            Factory::<crate::vm::python::PythonVM>::boxed("python"),
            #[cfg(feature = "wren-vm")]
            Factory::<crate::vm::wren::WrenVM>::boxed("wren"),
            #[cfg(feature = "micropython-vm")]
            Factory::<crate::vm::micropython::MicroPythonVM>::boxed("micropython"),
        ];
        let mut registry = VMRegistry::default();
        for factory in compiled.into_iter().flatten() {
            registry.register(factory);
        }
        registry
    }

    /// Adds a factory, replacing any for the same language.
    pub fn register(&mut self, factory: Box<dyn VMFactory>) {
        let name = factory.language_name();
        self.available.retain(|f| f.language_name() != name);
        self.available.push(Rc::from(factory));
    }

    /// A registry with the same factories and no running VM.
    pub fn fresh(&self) -> VMRegistry {
        VMRegistry { available: self.available.clone(), active: Vec::new() }
    }

    /// The languages this registry can start, in registration order.
    pub fn available(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.available.iter().filter(|f| f.is_available()).map(|f| f.language_name())
    }

    /// Module code binding `expression` to the global `name` in `language`'s VMs (see
    /// [`ScriptVM::bind_function_expression`]); `None` without such a VM or when it takes no
    /// inline handlers.
    pub fn bind_function_expression(
        &self,
        language: &str,
        name: &str,
        expression: &str,
    ) -> Option<String> {
        let factory = self.available.iter().find(|f| f.language_name() == language)?;
        factory.bind_function_expression(name, expression)
    }

    /// The bytecode engine tag of `language`'s VMs ([`ScriptVM::engine_tag`]); `None` without
    /// such a VM or when it runs source only.
    pub fn engine_tag(&self, language: &str) -> Option<String> {
        let factory = self.available.iter().find(|f| f.language_name() == language)?;
        factory.engine_tag()
    }

    /// Bytecode of a script for `language`'s VMs ([`ScriptVM::precompile`]).
    pub fn precompile(
        &self,
        language: &str,
        script: &crate::vm::ScriptSource<'_>,
    ) -> Result<Vec<u8>, String> {
        let factory = self
            .available
            .iter()
            .find(|f| f.language_name() == language)
            .ok_or_else(|| format!("no {language} VM is registered"))?;
        factory.precompile(script)
    }

    pub fn has_factory(&self, language: &str) -> bool {
        self.available.iter().any(|f| f.language_name() == language && f.is_available())
    }

    /// The languages whose VMs are running, in the order they started.
    pub fn active_languages(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.active.iter().map(|(l, _)| *l)
    }

    /// A new VM of a language that is not tracked as active (for hosts and tests that drive
    /// a VM directly).
    pub fn create(&self, language: &str, context: VmContext) -> Result<Box<dyn ScriptVM>, String> {
        self.available
            .iter()
            .find(|f| f.language_name() == language && f.is_available())
            .ok_or_else(|| format!("no {language} VM is registered"))?
            .create_vm(context)
    }

    /// The VM of a language, started with `context` if it is not running yet.
    pub fn activate(
        &mut self,
        language: &str,
        context: impl FnOnce() -> VmContext,
    ) -> Result<&mut dyn ScriptVM, String> {
        if let Some(i) = self.active.iter().position(|(l, _)| *l == language) {
            return Ok(self.active[i].1.as_mut());
        }
        let factory = self
            .available
            .iter()
            .find(|f| f.language_name() == language && f.is_available())
            .ok_or_else(|| format!("no {language} VM is registered"))?;
        let vm = factory.create_vm(context())?;
        self.active.push((factory.language_name(), vm));
        let last = self.active.len() - 1;
        Ok(self.active[last].1.as_mut())
    }

    /// Replaces the running VM of a language with a new one started with `context`. The old
    /// VM is dropped first (a failure while dropping it is contained: it may be the VM that
    /// failed).
    pub fn restart(
        &mut self,
        language: &str,
        context: VmContext,
    ) -> Result<&mut dyn ScriptVM, String> {
        let i = self
            .active
            .iter()
            .position(|(l, _)| same_language(l, language))
            .ok_or_else(|| format!("no {language} VM is running"))?;
        let (name, old) = self.active.remove(i);
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(old)));
        let factory = self
            .available
            .iter()
            .find(|f| f.language_name() == name && f.is_available())
            .ok_or_else(|| format!("no {language} VM is registered"))?;
        let vm = factory.create_vm(context)?;
        self.active.insert(i, (name, vm));
        Ok(self.active[i].1.as_mut())
    }

    /// The running VM of a language.
    pub fn get(&self, language: &str) -> Option<&dyn ScriptVM> {
        self.active.iter().find(|(l, _)| same_language(l, language)).map(|(_, vm)| vm.as_ref())
    }

    pub fn get_mut(&mut self, language: &str) -> Option<&mut dyn ScriptVM> {
        match self.active.iter_mut().find(|(l, _)| same_language(l, language)) {
            Some((_, vm)) => Some(vm.as_mut()),
            None => None,
        }
    }

    /// Every running VM with its language.
    pub fn active_mut(&mut self) -> impl Iterator<Item = (&'static str, &mut dyn ScriptVM)> {
        self.active.iter_mut().map(|(l, vm)| (*l, vm.as_mut() as &mut dyn ScriptVM))
    }
}

/// Language tags are usually the same `&'static str`: compare the pointers before the text.
#[inline]
fn same_language(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || a == b
}
