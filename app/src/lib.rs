//! The Tenantry web application: pages, components and the server functions
//! they call. Built twice: with `ssr` into the server, with `hydrate` into WASM.

mod components;
pub mod error;
mod pages;
pub mod plans;
mod shell;

pub use shell::{App, shell};
