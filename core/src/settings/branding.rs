//! White-label branding: a logo, an accent color and the product's name in the header.

use serde::{Deserialize, Serialize};

/// Logos are PNG, JPEG or WebP up to this many bytes.
pub const MAX_LOGO_BYTES: usize = 256 * 1024;
/// The product name shown instead of "Tenantry" has at most this many characters.
pub const MAX_PRODUCT_NAME_CHARS: usize = 40;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branding {
    /// The uploaded logo's version (a digest of its bytes); the image itself is stored apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent_color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
}

impl Branding {
    pub fn is_empty(&self) -> bool {
        *self == Branding::default()
    }
}

/// A color as `#rrggbb` (lower case), from `#rgb` or `#rrggbb`.
pub fn color(raw: &str) -> Result<String, String> {
    let hex = raw.trim().strip_prefix('#').unwrap_or_default();
    let valid = hex.chars().all(|c| c.is_ascii_hexdigit());
    match hex.len() {
        6 if valid => Ok(format!("#{}", hex.to_ascii_lowercase())),
        3 if valid => Ok(format!("#{}", hex.chars().flat_map(|c| [c, c]).collect::<String>().to_ascii_lowercase())),
        _ => Err("A color is written #rrggbb, like #2563eb.".into()),
    }
}

/// The image type of a logo's bytes, by their signature, or why they are not a logo.
pub fn logo_type(bytes: &[u8]) -> Result<&'static str, String> {
    if bytes.is_empty() {
        return Err("Choose an image file.".into());
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(format!("A logo is at most {} KB.", MAX_LOGO_BYTES / 1024));
    }
    match bytes {
        [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, ..] => Ok("image/png"),
        [0xff, 0xd8, 0xff, ..] => Ok("image/jpeg"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Ok("image/webp"),
        _ => Err("A logo is a PNG, JPEG or WebP image.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_are_normalised() {
        assert_eq!(color("#2563EB").unwrap(), "#2563eb");
        assert_eq!(color("#abc").unwrap(), "#aabbcc");
        for bad in ["2563eb", "#12345", "#ggg", "", "red"] {
            assert!(color(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn logos_are_recognised_by_their_bytes() {
        assert_eq!(logo_type(b"\x89PNG\r\n\x1a\n rest").unwrap(), "image/png");
        assert_eq!(logo_type(b"\xff\xd8\xff\xe0 jpeg").unwrap(), "image/jpeg");
        assert_eq!(logo_type(b"RIFF\0\0\0\0WEBPVP8 ").unwrap(), "image/webp");
        assert!(logo_type(b"GIF89a").is_err());
        assert!(logo_type(b"").is_err());
        assert!(logo_type(&vec![0x89; MAX_LOGO_BYTES + 1]).is_err());
    }
}
