use crate::helpers::{api_error, spawn_app};

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404_whatever_the_method_or_body() {
    let app = spawn_app().await;
    api_error(app.get("/api/v1/no-such-thing").await, 404, "not_found").await;
    api_error(app.get("/api/v1/companies/not-a-uuid/issues").await, 404, "not_found").await;
    let malformed = app.post_raw("/api/v1/no-such-thing", "application/json", "{not json").await;
    api_error(malformed, 404, "not_found").await;
}

#[tokio::test]
async fn a_wrong_method_on_a_known_path_is_a_json_405() {
    let app = spawn_app().await;
    let response = app.post_raw("/api/v1/openapi.json", "application/json", "{}").await;
    api_error(response, 405, "method_not_allowed").await;
}

// Server-rendered pages on a current-thread test runtime now and then never finished streaming.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_page_is_an_html_404() {
    let app = spawn_app().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = response.text().await.unwrap();
    assert!(html.contains("This page does not exist"), "{html}");
}
