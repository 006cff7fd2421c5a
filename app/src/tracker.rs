//! What every workspace page needs to know about its company: the workflow it may choose from,
//! its people and teams, and what the caller may do. Also the team and member actions.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::issues::TeamView;
#[cfg(feature = "ssr")]
use crate::workspace::company_of;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusOption {
    pub name: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    /// `invited`, `active` or `deactivated`.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tracker {
    pub slug: String,
    pub company_name: String,
    pub your_role: String,
    pub statuses: Vec<StatusOption>,
    pub priorities: Vec<String>,
    pub issue_types: Vec<String>,
    /// The company's custom fields, which every issue form offers.
    pub custom_fields: Vec<crate::customization::FieldView>,
    pub people: Vec<PersonView>,
    pub teams: Vec<TeamView>,
    pub can_write_issues: bool,
    pub can_delete_issues: bool,
    pub can_manage_teams: bool,
    pub can_manage_members: bool,
    pub tier: String,
    pub users: Allowance,
    pub issues: Allowance,
}

/// How much of a limit is used: "4 of 5 users".
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Allowance {
    pub used: i64,
    /// `None`: unlimited.
    pub max: Option<i64>,
}

impl Allowance {
    pub fn exhausted(&self) -> bool {
        self.max.is_some_and(|max| self.used >= max)
    }

    /// "4 of 5 users", or "4 users (unlimited)".
    pub fn describe(&self, noun: &str) -> String {
        match self.max {
            Some(max) => format!("{} of {max} {noun}", self.used),
            None => format!("{} {noun} (unlimited)", self.used),
        }
    }
}

impl Tracker {
    /// A person's name by id, for showing assignees and history.
    pub fn person_name(&self, user_id: &str) -> String {
        self.people.iter().find(|p| p.user_id == user_id).map(|p| p.name.clone()).unwrap_or_else(|| "someone".into())
    }

    pub fn team_name(&self, team_id: &str) -> String {
        self.teams.iter().find(|t| t.team_id == team_id).map(|t| t.name.clone()).unwrap_or_else(|| "a team".into())
    }

    /// People who can be given work (not deactivated).
    pub fn assignable(&self) -> impl Iterator<Item = &PersonView> {
        self.people.iter().filter(|p| p.status != "deactivated")
    }
}

#[server]
pub async fn get_tracker(slug: String) -> Result<Tracker, AppError> {
    use tenantry_core::identity::{Action, allows};
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let people = tenantry_core::people::list(&ctx.store, &caller, company_id).await?;
    let teams = tenantry_core::teams::list(&ctx.store, &caller, company_id).await?;
    let company = ctx.store.company(company_id).await?;
    let (entitlements, usage) = tenantry_core::entitlements::get(&ctx.store, &caller, company_id).await?;
    let may = |action| allows(caller.role, action);
    Ok(Tracker {
        slug: company.slug,
        company_name: company.name,
        your_role: caller.role.as_str().to_owned(),
        statuses: company
            .settings
            .issue_statuses
            .into_iter()
            .map(|s| StatusOption { name: s.name, done: s.done })
            .collect(),
        priorities: company.settings.priority_levels,
        issue_types: company.settings.issue_types,
        custom_fields: company.settings.custom_fields.into_iter().map(Into::into).collect(),
        people: people
            .into_iter()
            .map(|p| PersonView {
                user_id: p.user_id.to_string(),
                name: p.name,
                email: p.email,
                role: p.role.as_str().to_owned(),
                status: p.status.as_str().to_owned(),
            })
            .collect(),
        teams: teams.into_iter().map(TeamView::from).collect(),
        can_write_issues: may(Action::WriteIssues),
        can_delete_issues: may(Action::DeleteIssues),
        can_manage_teams: may(Action::ManageTeams),
        can_manage_members: may(Action::ManageMembers),
        users: Allowance { used: usage.users, max: entitlements.users },
        issues: Allowance { used: usage.issues, max: entitlements.issues },
        tier: entitlements.tier,
    })
}

#[cfg(feature = "ssr")]
fn parse_id(raw: &str) -> Result<uuid::Uuid, AppError> {
    raw.parse().map_err(|_| AppError::not_found())
}

#[server]
pub async fn create_team(slug: String, name: String) -> Result<TeamView, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    Ok(tenantry_core::teams::create(&ctx.store, &caller, company_id, Some(&name)).await?.into())
}

#[server]
pub async fn rename_team(slug: String, team_id: String, name: String) -> Result<TeamView, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    Ok(tenantry_core::teams::rename(&ctx.store, &caller, company_id, parse_id(&team_id)?, Some(&name)).await?.into())
}

/// Adds a person to a team (`member` true) or takes them off it.
#[server]
pub async fn change_team_member(
    slug: String,
    team_id: String,
    user_id: String,
    member: bool,
) -> Result<TeamView, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    if user_id.is_empty() {
        return Err(AppError::validation(
            "Choose a person.",
            [("user_id".to_owned(), "Choose a person.".to_owned())].into(),
        ));
    }
    let user_id = user_id.parse().map_err(|_| AppError::not_found())?;
    let team =
        tenantry_core::teams::change_membership(&ctx.store, &caller, company_id, parse_id(&team_id)?, user_id, member)
            .await?;
    Ok(team.into())
}

#[server]
pub async fn invite_member(slug: String, email: String, name: String, role: String) -> Result<PersonView, AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let meta = crate::auth::session::request_meta().await;
    let request = tenantry_core::people::InviteRequest { email: Some(email), name: Some(name), role: Some(role) };
    let person =
        tenantry_core::people::invite(&ctx.store, &ctx.mailer, &caller, company_id, request, &ctx.public_url, &meta)
            .await?;
    Ok(PersonView {
        user_id: person.user_id.to_string(),
        name: person.name,
        email: person.email,
        role: person.role.as_str().to_owned(),
        status: person.status.as_str().to_owned(),
    })
}

#[server]
pub async fn change_member_role(slug: String, user_id: String, role: String) -> Result<(), AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let meta = crate::auth::session::request_meta().await;
    let request = tenantry_core::people::PersonChange { name: None, role: Some(role) };
    tenantry_core::people::change(&ctx.store, &caller, company_id, parse_id(&user_id)?, request, &meta).await?;
    Ok(())
}

#[server]
pub async fn deactivate_member(slug: String, user_id: String) -> Result<(), AppError> {
    let (ctx, caller, company_id) = company_of(&slug).await?;
    let meta = crate::auth::session::request_meta().await;
    tenantry_core::people::deactivate(&ctx.store, &caller, company_id, parse_id(&user_id)?, &meta).await?;
    Ok(())
}
