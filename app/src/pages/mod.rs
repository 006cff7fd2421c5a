//! One module per page.

mod admin;
mod landing;
mod login;
mod not_found;
mod workspace;

pub use admin::AdminHome;
pub use landing::Landing;
pub use login::Login;
pub use not_found::NotFound;
pub use workspace::Workspace;
