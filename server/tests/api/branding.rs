//! White-label logos: uploaded raw, validated, gated by tier, served from our origin, isolated.

use reqwest::Method;
use serde_json::Value;

use crate::helpers::{api_error, credentials, spawn_app};

/// The smallest PNG signature a logo check accepts, padded with bytes.
fn png(len: usize) -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    bytes.resize(len, 7);
    bytes
}

impl crate::helpers::TestApp {
    async fn upload_logo(&self, company_id: &str, who: &str, bytes: Vec<u8>) -> reqwest::Response {
        let url = self.url(&format!("/api/v1/companies/{company_id}/branding/logo"));
        credentials(self.client.put(url), who).header("content-type", "image/png").body(bytes).send().await.unwrap()
    }
}

#[tokio::test]
async fn a_logo_is_checked_stored_served_and_removed() {
    let app = spawn_app().await;
    let (acme, owner) = app.company_on("Acme", "Platinum", "ada@acme.test").await;

    api_error(app.upload_logo(&acme, &owner, b"GIF89a not ours".to_vec()).await, 400, "validation_failed").await;
    api_error(app.upload_logo(&acme, &owner, png(300 * 1024)).await, 413, "payload_too_large").await;

    let logo = png(2048);
    let response = app.upload_logo(&acme, &owner, logo.clone()).await;
    assert_eq!(response.status(), 200);
    let url = response.json::<Value>().await.unwrap()["logo_url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&format!("/logos/{acme}/")), "{url}");

    let served = app.get(&url).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert!(served.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert_eq!(served.bytes().await.unwrap().to_vec(), logo);

    let company: Value = app.get_as(&format!("/api/v1/companies/{acme}"), &owner).await.json().await.unwrap();
    assert_eq!(company["settings"]["branding"]["logo_url"], url.as_str());

    let removed = app.call(Method::DELETE, &format!("/api/v1/companies/{acme}/branding/logo"), &owner, None).await;
    assert_eq!(removed.status(), 204);
    assert_eq!(app.get(&url).await.status(), 404);
    let company: Value = app.get_as(&format!("/api/v1/companies/{acme}"), &owner).await.json().await.unwrap();
    assert!(company["settings"]["branding"]["logo_url"].is_null(), "{company}");
}

#[tokio::test]
async fn logos_need_white_label_and_stay_within_their_company() {
    let app = spawn_app().await;
    let (acme, acme_owner) = app.company_on("Acme", "Premium", "ada@acme.test").await;
    let (globex, globex_owner) = app.company_on("Globex", "Platinum", "hank@globex.test").await;

    let refused = api_error(app.upload_logo(&acme, &acme_owner, png(64)).await, 403, "feature_not_in_tier").await;
    assert_eq!(refused["feature"], "white_label", "{refused}");

    // Another company's owner can neither upload nor remove Acme's logo.
    assert_eq!(app.upload_logo(&acme, &globex_owner, png(64)).await.status(), 404);
    let path = format!("/api/v1/companies/{acme}/branding/logo");
    assert_eq!(app.call(Method::DELETE, &path, &globex_owner, None).await.status(), 404);

    // A digest of one company's logo does not serve under another's id.
    let uploaded: Value = app.upload_logo(&globex, &globex_owner, png(64)).await.json().await.unwrap();
    let url = uploaded["logo_url"].as_str().unwrap();
    assert_eq!(app.get(url).await.status(), 200);
    assert_eq!(app.get(&url.replace(&globex, &acme)).await.status(), 404);
}
