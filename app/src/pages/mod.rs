//! One module per page.

mod account;
mod admin;
mod landing;
mod login;
mod not_found;
mod outbox;
mod set_password;
mod settings;
mod workspace;

pub use account::Account;
pub use admin::AdminHome;
pub use landing::Landing;
pub use login::Login;
pub use not_found::NotFound;
pub use outbox::Outbox;
pub use set_password::{ForgotPassword, SetPassword};
pub use settings::{AuditLog, TokenSettings};
pub use workspace::Workspace;
