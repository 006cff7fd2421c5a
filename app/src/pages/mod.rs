//! One module per page.

mod landing;
mod not_found;

pub use landing::Landing;
pub use not_found::NotFound;
