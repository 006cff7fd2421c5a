//! Collects every bad field of a request, so a person fixes them all in one go.

use std::collections::BTreeMap;

use crate::{Error, Result};

#[derive(Default)]
pub struct Fields {
    errors: BTreeMap<String, String>,
}

impl Fields {
    /// Keeps the value, or records why `field` is bad (under `field`, whatever name the parser used).
    pub fn check<T>(&mut self, field: &str, parsed: Result<T>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(Error::Validation { message, .. }) => {
                self.errors.entry(field.to_owned()).or_insert(message);
                None
            }
            Err(other) => {
                self.errors.entry(field.to_owned()).or_insert_with(|| other.to_string());
                None
            }
        }
    }

    /// A value that must be present.
    pub fn required<'a>(&mut self, field: &str, value: Option<&'a str>) -> Option<&'a str> {
        match value {
            Some(value) if !value.trim().is_empty() => Some(value),
            _ => {
                self.errors.entry(field.to_owned()).or_insert_with(|| format!("{field} is required."));
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, sentence: impl Into<String>) {
        self.errors.entry(field.to_owned()).or_insert_with(|| sentence.into());
    }

    /// `Ok` when every field was good; otherwise one validation error naming them all.
    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            return Ok(());
        }
        let message = match self.errors.len() {
            1 => self.errors.values().next().cloned().unwrap_or_default(),
            n => format!("{n} fields need attention."),
        };
        Err(Error::Validation { message, fields: self.errors })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Email;

    #[test]
    fn names_every_bad_field_under_the_callers_name() {
        let mut fields = Fields::default();
        assert!(fields.required("company_name", None).is_none());
        assert!(fields.check("admin_email", Email::parse("nope")).is_none());
        assert_eq!(fields.required("admin_name", Some("Ada")), Some("Ada"));
        match fields.finish() {
            Err(Error::Validation { message, fields }) => {
                assert_eq!(message, "2 fields need attention.");
                assert_eq!(fields["company_name"], "company_name is required.");
                assert!(fields["admin_email"].contains("valid email"));
            }
            other => panic!("{other:?}"),
        }
    }
}
