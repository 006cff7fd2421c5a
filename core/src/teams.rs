//! Teams: named groups of a company's people that issues can belong to.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::TeamName;
use crate::identity::{Action, Caller};
use crate::{Error, Result, Store};

/// What every new company starts with.
pub const DEFAULT_TEAM: &str = "General";

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    pub member_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

pub async fn create(store: &Store, caller: &Caller, company_id: Uuid, name: Option<&str>) -> Result<Team> {
    let tenant = caller.authorize(Action::ManageTeams, company_id)?;
    let name = TeamName::parse(name.unwrap_or_default())?;
    store.create_team(&tenant, &name).await
}

pub async fn list(store: &Store, caller: &Caller, company_id: Uuid) -> Result<Vec<Team>> {
    let tenant = caller.authorize(Action::ReadCompany, company_id)?;
    store.teams(&tenant).await
}

pub async fn rename(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    team_id: Uuid,
    name: Option<&str>,
) -> Result<Team> {
    let tenant = caller.authorize(Action::ManageTeams, company_id)?;
    let name = TeamName::parse(name.unwrap_or_default())?;
    store.rename_team(&tenant, team_id, &name).await
}

/// Makes the team's members exactly `user_ids` (people of the company who are not deactivated).
pub async fn set_members(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    team_id: Uuid,
    user_ids: &[String],
) -> Result<Team> {
    let tenant = caller.authorize(Action::ManageTeams, company_id)?;
    let mut ids = Vec::with_capacity(user_ids.len());
    for raw in user_ids {
        let id = Uuid::parse_str(raw.trim())
            .map_err(|_| Error::invalid("user_ids", format!("\"{raw}\" is not a valid user id.")))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    store.set_team_members(&tenant, team_id, &ids).await
}

/// Adds one person to a team (`member`), or takes them off it.
pub async fn change_membership(
    store: &Store,
    caller: &Caller,
    company_id: Uuid,
    team_id: Uuid,
    user_id: Uuid,
    member: bool,
) -> Result<Team> {
    let tenant = caller.authorize(Action::ManageTeams, company_id)?;
    store.change_team_membership(&tenant, team_id, user_id, member).await
}
