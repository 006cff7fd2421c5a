//! The analytics page's data: the figures of `tenantry_core::analytics`, with each chart's ECharts
//! option built on the server (charming), its data table and its CSV, so the browser only draws.

#[cfg(feature = "ssr")]
pub(crate) mod charts;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Where ECharts is served from, under its version (`tools/package.json` pins it).
pub const ECHARTS_URL: &str = "/vendor/echarts-5.5.1.min.js";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyticsView {
    pub tier: String,
    pub days: i64,
    pub days_requested: i64,
    pub capped: bool,
    pub history_days: Option<i64>,
    pub from: String,
    pub to: String,
    pub headlines: Vec<Headline>,
    pub charts: Vec<ChartView>,
    pub recommendations: Vec<RecommendationView>,
    /// Whether the tier includes team analytics.
    pub team_analytics: bool,
}

/// A headline figure, and how it compares with the previous period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub label: String,
    pub value: String,
    /// "+21 % vs the previous 30 days", when there is something to compare with.
    pub change: Option<String>,
}

/// One chart: its ECharts option (JSON), the same data as a table, and that table as CSV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartView {
    pub key: String,
    pub title: String,
    pub option: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// A `data:` address of the CSV, for a download link that needs no server round trip.
    pub csv_href: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendationView {
    pub kind: String,
    pub title: String,
    pub reason: String,
}

/// The company's analytics over the last `days` days (owners, admins and root).
#[server]
pub async fn get_analytics(slug: String, days: Option<i64>) -> Result<AnalyticsView, AppError> {
    let (ctx, caller, company_id) = crate::workspace::company_of(&slug).await?;
    let figures = tenantry_core::analytics::company(&ctx.store, &ctx.meter, &caller, company_id, days).await?;
    Ok(charts::view(&figures))
}
