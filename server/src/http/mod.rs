//! Cross-cutting HTTP concerns: request ids and tracing, metrics, health probes.

pub mod health;
pub mod metrics;
pub mod observe;
pub mod origin;
pub mod sessions;
