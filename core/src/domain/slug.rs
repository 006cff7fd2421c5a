use crate::{Error, Result};

/// The company's address segment, as in `/c/acme`: lower-case letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

const MIN_LEN: usize = 2;
const MAX_LEN: usize = 40;

/// Segments the product uses or may use for itself.
const RESERVED: &[&str] = &[
    "admin",
    "api",
    "app",
    "assets",
    "auth",
    "billing",
    "c",
    "static",
    "pkg",
    "public",
    "signup",
    "login",
    "logout",
    "register",
    "settings",
    "help",
    "support",
    "docs",
    "status",
    "www",
    "mail",
    "root",
    "system",
    "tenantry",
    "new",
    "healthz",
    "readyz",
    "metrics",
    "fn",
    "invite",
    "invitations",
    "reset",
    "password",
    "account",
    "about",
];

impl Slug {
    pub fn parse(raw: &str) -> Result<Self> {
        let slug = raw.trim();
        let well_formed = slug.len() >= MIN_LEN
            && slug.len() <= MAX_LEN
            && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
            && !slug.ends_with('-')
            && !slug.contains("--");
        if !well_formed {
            return Err(Error::invalid(
                "slug",
                "A slug has 2 to 40 lower-case letters, digits or single hyphens, and starts and ends with a letter or digit.",
            ));
        }
        if RESERVED.contains(&slug) {
            return Err(Error::invalid("slug", format!("\"{slug}\" is reserved; choose another slug.")));
        }
        Ok(Slug(slug.to_owned()))
    }

    /// The slug a company name suggests: "Acme Widgets, Inc." → "acme-widgets-inc".
    pub fn suggest(name: &str) -> String {
        let mut slug = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            let c = fold_accent(c);
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let mut slug: String = slug.chars().take(MAX_LEN).collect();
        while slug.ends_with('-') {
            slug.pop();
        }
        slug
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The plain letter under the accents of Latin alphabets, so "Café" suggests "cafe".
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' | 'ß' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        'ť' => 't',
        'ď' => 'd',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_slugs_from_names() {
        assert_eq!(Slug::suggest("Acme Widgets, Inc."), "acme-widgets-inc");
        assert_eq!(Slug::suggest("  Café  Crème "), "cafe-creme");
        assert_eq!(Slug::suggest("!!!"), "");
        assert_eq!(Slug::suggest(&"abc ".repeat(20)).len(), 39, "cut at 40, then no trailing hyphen");
    }

    #[test]
    fn accepts_well_formed_slugs_and_refuses_the_rest() {
        assert_eq!(Slug::parse("acme-2").unwrap().as_str(), "acme-2");
        for bad in ["a", "Acme", "acme_co", "-acme", "acme-", "ac--me", "acmé", &"a".repeat(41)] {
            assert!(Slug::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn refuses_reserved_slugs() {
        for reserved in ["admin", "api", "signup", "login", "static", "pkg"] {
            let err = Slug::parse(reserved).unwrap_err().to_string();
            assert!(err.contains("reserved"), "{reserved}: {err}");
        }
    }
}
