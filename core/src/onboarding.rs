//! A new workspace's first steps, and which of them are done.

use uuid::Uuid;

use crate::identity::{Action, Caller};
use crate::{Result, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Someone besides the owner was invited.
    pub invited_someone: bool,
    /// A team besides the default one exists.
    pub created_a_team: bool,
    /// A person (not the sample data) filed an issue.
    pub created_an_issue: bool,
    pub created_a_token: bool,
}

pub async fn progress(store: &Store, caller: &Caller, company_id: Uuid) -> Result<Progress> {
    let tenant = caller.authorize(Action::ReadCompany, company_id)?;
    store.onboarding_progress(&tenant).await
}
