//! Passwords: the policy a new one must meet, and argon2id hashing off the async threads.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::distributions::{Alphanumeric, DistString};
use rand::rngs::OsRng;

use crate::{Error, Result};

const MIN_CHARS: usize = 8;
const MAX_CHARS: usize = 256;

/// Passwords so common that guessing them is the first thing an attacker tries.
const COMMON: &[&str] = &[
    "password",
    "password1",
    "password123",
    "12345678",
    "123456789",
    "1234567890",
    "qwertyui",
    "qwerty123",
    "11111111",
    "iloveyou",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "welcome1",
    "letmein1",
    "admin123",
    "passw0rd",
    "abc12345",
    "trustno1",
    "00000000",
    "superman",
    "michael1",
    "1q2w3e4r",
    "qwertyuiop",
    "starwars",
    "dragon12",
    "monkey12",
    "changeme",
    "tenantry",
];

/// A password that meets the policy. Never printed, never serialised.
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

impl Password {
    pub fn parse(raw: &str) -> Result<Self> {
        let chars = raw.chars().count();
        if chars < MIN_CHARS {
            return Err(Error::invalid("password", "A password has at least 8 characters."));
        }
        if chars > MAX_CHARS {
            return Err(Error::invalid("password", "A password has at most 256 characters."));
        }
        if COMMON.contains(&raw.to_lowercase().as_str()) {
            return Err(Error::invalid("password", "This password is too common; choose another."));
        }
        Ok(Password(raw.to_owned()))
    }

    /// A fresh random password, for accounts the system creates itself.
    pub fn generate() -> Self {
        Password(Alphanumeric.sample_string(&mut OsRng, 20))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// argon2id (m=19456 KiB, t=2, p=1) on a blocking thread: it costs tens of milliseconds.
    pub async fn hash(&self) -> Result<String> {
        let secret = self.0.clone();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            hasher()
                .hash_password(secret.as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|e| Error::Internal(format!("password hashing failed: {e}")))
        })
        .await
        .map_err(|e| Error::Internal(format!("password hashing task failed: {e}")))?
    }
}

/// Checks `candidate` against a stored hash; a malformed hash never matches.
pub async fn verify(candidate: String, stored_hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored_hash)
            .map(|parsed| hasher().verify_password(candidate.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_refuses_short_long_and_common_passwords() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse(&"x".repeat(257)).is_err());
        assert!(Password::parse("Password123").is_err());
        assert!(Password::parse(&"long enough passphrase ".repeat(3)).is_ok());
        assert_eq!(format!("{:?}", Password::parse("correct horse").unwrap()), "Password(…)");
    }

    #[tokio::test]
    async fn hashes_verify_only_the_right_password() {
        let password = Password::parse("correct horse battery").unwrap();
        let hash = password.hash().await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery".into(), hash.clone()).await);
        assert!(!verify("wrong horse battery".into(), hash).await);
        assert!(!verify("anything".into(), "not a hash".into()).await);
    }

    #[test]
    fn generated_passwords_meet_the_policy() {
        let generated = Password::generate();
        assert!(Password::parse(generated.expose()).is_ok());
    }
}
