use crate::helpers::spawn_app;

// Server-rendered pages on a current-thread test runtime now and then never finished streaming.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_landing_page_explains_tenantry_and_shows_the_plans_from_the_tiers_table() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store", "HTML is never cached");
    let html = response.text().await.unwrap();
    for expected in [
        "<title>Tenantry</title>",
        "href=\"/signup\"",
        "href=\"/login\"",
        "data-plan=\"Basic\"",
        "data-plan=\"Premium\"",
        "data-plan=\"Platinum\"",
        "1,000 issues",
        "Unlimited users",
        "90 days of reporting history",
        "White-label branding",
    ] {
        assert!(html.contains(expected), "missing {expected:?} in the landing page");
    }
}

// Server-rendered pages on a current-thread test runtime now and then never finished streaming.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_prices_follow_the_stored_tiers() {
    let app = spawn_app().await;
    let tiers = app.store.tiers().await.unwrap();
    let html = app.get("/").await.text().await.unwrap();
    for tier in tiers {
        let card_start = html.find(&format!("data-plan=\"{}\"", tier.name)).unwrap();
        let card = &html[card_start..];
        let card = &card[..card.find("</article>").unwrap()];
        let price = format!("<span class=\"amount\">${}</span>", tier.price_monthly_usd);
        assert!(card.contains(&price), "the {} card shows {price}: {card}", tier.name);
    }
}
