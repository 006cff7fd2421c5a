//! Domain values that validate on construction: once one exists, it is valid.

mod email;
mod person_name;

pub use email::Email;
pub use person_name::PersonName;
