//! Domain values that validate on construction: once one exists, it is valid.

mod company_name;
mod email;
mod person_name;
mod slug;

pub use company_name::CompanyName;
pub use email::Email;
pub use person_name::PersonName;
pub use slug::Slug;
