//! A company (tenant) as the rest of the product sees it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::settings::CompanySettings;
use crate::suspension::Suspension;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CompanyStatus {
    Active,
    Suspended,
}

impl CompanyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CompanyStatus::Active => "active",
            CompanyStatus::Suspended => "suspended",
        }
    }

    pub(crate) fn from_db(value: &str) -> Self {
        match value {
            "suspended" => CompanyStatus::Suspended,
            _ => CompanyStatus::Active,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Company {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub tier_id: String,
    pub tier_name: String,
    pub status: CompanyStatus,
    pub time_zone: String,
    pub settings: CompanySettings,
    pub created_at: DateTime<Utc>,
    /// People who count against the user limit: everyone not deactivated. Kept exact on every write.
    pub user_count: i64,
    /// Issues not archived. Kept exact on every write.
    pub issue_count: i64,
    /// Why and until when, while suspended.
    pub suspension: Option<Suspension>,
    /// The last UTC day anyone of the company used the product.
    pub last_active_on: Option<NaiveDate>,
    pub owner_email: String,
}
