use super::{Store, with_db};
use crate::Result;
use crate::tiers::Tier;

#[derive(sqlx::FromRow)]
pub(crate) struct TierRow {
    id: String,
    name: String,
    rank: i64,
    price_monthly_usd: i64,
    max_users: Option<i64>,
    max_issues: Option<i64>,
    max_api_calls_daily: Option<i64>,
    max_custom_fields: Option<i64>,
    history_days: Option<i64>,
    custom_workflows: bool,
    team_analytics: bool,
    advanced_analytics: bool,
    integrations: String,
    sla_tracking: bool,
    sso: bool,
    white_label: bool,
}

impl From<TierRow> for Tier {
    fn from(row: TierRow) -> Self {
        Tier {
            id: row.id,
            name: row.name,
            rank: row.rank,
            price_monthly_usd: row.price_monthly_usd,
            max_users: row.max_users,
            max_issues: row.max_issues,
            max_api_calls_daily: row.max_api_calls_daily,
            max_custom_fields: row.max_custom_fields,
            history_days: row.history_days,
            custom_workflows: row.custom_workflows,
            team_analytics: row.team_analytics,
            advanced_analytics: row.advanced_analytics,
            integrations: row.integrations.split_whitespace().map(str::to_owned).collect(),
            sla_tracking: row.sla_tracking,
            sso: row.sso,
            white_label: row.white_label,
        }
    }
}

/// One tier by id, read on `$conn`.
macro_rules! tier_by_id {
    ($conn:expr, $id:expr) => {
        sqlx::query_as::<_, $crate::store::tiers::TierRow>("SELECT * FROM tiers WHERE id = $1")
            .bind($id)
            .fetch_one($conn)
            .await
            .map($crate::tiers::Tier::from)
    };
}
pub(crate) use tier_by_id;

impl Store {
    /// Every tier, cheapest first.
    #[tracing::instrument(skip(self))]
    pub async fn tiers(&self) -> Result<Vec<Tier>> {
        let rows: Vec<TierRow> = with_db!(self, pool => {
            sqlx::query_as("SELECT * FROM tiers ORDER BY rank").fetch_all(pool).await
        })?;
        Ok(rows.into_iter().map(Tier::from).collect())
    }
}
