//! Who is calling: accounts, roles, logging in, and the caller every request carries.

mod account;
mod caller;
mod login;
mod permissions;
mod role;
pub mod security;

pub use account::{Account, AccountStatus};
pub use caller::Caller;
pub use login::{LoginThrottle, login};
pub use permissions::{Action, Tenant, allows};
pub use role::Role;
