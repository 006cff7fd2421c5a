use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use metrics_exporter_prometheus::PrometheusHandle;
use tenantry_app::ServerContext;

/// What every handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Shared with the server functions, which receive it as context.
    pub app: ServerContext,
    pub leptos_options: LeptosOptions,
    pub metrics: PrometheusHandle,
    /// Whether API calls are counted against daily quotas and token burst limits.
    pub api_metering: bool,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
