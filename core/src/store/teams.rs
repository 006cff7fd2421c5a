use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::scope::begin_tenant;
use super::{Store, with_db};
use crate::domain::TeamName;
use crate::identity::Tenant;
use crate::issues::now;
use crate::teams::Team;
use crate::{Error, Result};

/// A team row: id, name, created.
type TeamRow = (Uuid, String, DateTime<Utc>);

fn name_taken(err: sqlx::Error) -> Error {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            Error::conflict("name", "This company already has a team with this name.")
        }
        _ => Error::from(err),
    }
}

/// Refuses anyone who is not a current (active or invited) person of the company.
macro_rules! check_people {
    ($conn:expr, $company_id:expr, $user_ids:expr) => {{
        for user_id in $user_ids {
            let status: Option<String> =
                sqlx::query_scalar("SELECT status FROM users WHERE id = $1 AND company_id = $2")
                    .bind(*user_id)
                    .bind($company_id)
                    .fetch_optional($conn)
                    .await?;
            if !status.is_some_and(|status| status != "deactivated") {
                return Err(Error::invalid("user_ids", format!("{user_id} is not a current person of this company.")));
            }
        }
    }};
}

/// The team as it now stands, read on `$conn`.
macro_rules! load_team {
    ($conn:expr, $company_id:expr, $team_id:expr) => {{
        let row: Option<TeamRow> =
            sqlx::query_as("SELECT id, name, created_at FROM teams WHERE company_id = $1 AND id = $2")
                .bind($company_id)
                .bind($team_id)
                .fetch_optional($conn)
                .await?;
        let (id, name, created_at) = row.ok_or(Error::NotFound)?;
        let member_ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT m.user_id FROM team_members m JOIN users u ON u.id = m.user_id \
             WHERE m.company_id = $1 AND m.team_id = $2 ORDER BY u.name",
        )
        .bind($company_id)
        .bind($team_id)
        .fetch_all($conn)
        .await?;
        Team { id, name, member_ids, created_at }
    }};
}

impl Store {
    pub async fn create_team(&self, tenant: &Tenant, name: &TeamName) -> Result<Team> {
        let team =
            Team { id: Uuid::now_v7(), name: name.as_str().to_owned(), member_ids: Vec::new(), created_at: now() };
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            sqlx::query("INSERT INTO teams (company_id, id, name, name_key, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(tenant.company_id())
                .bind(team.id)
                .bind(&team.name)
                .bind(name.key())
                .bind(team.created_at)
                .execute(&mut *tx)
                .await
                .map_err(name_taken)?;
            tx.commit().await?;
            Ok::<_, Error>(())
        })?;
        Ok(team)
    }

    /// The company's teams by name, each with its members.
    pub async fn teams(&self, tenant: &Tenant) -> Result<Vec<Team>> {
        let (teams, members): (Vec<TeamRow>, Vec<(Uuid, Uuid)>) = with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let teams = sqlx::query_as("SELECT id, name, created_at FROM teams WHERE company_id = $1 ORDER BY name_key")
                .bind(tenant.company_id())
                .fetch_all(&mut *tx)
                .await?;
            let members = sqlx::query_as(
                "SELECT m.team_id, m.user_id FROM team_members m JOIN users u ON u.id = m.user_id \
                 WHERE m.company_id = $1 ORDER BY u.name",
            )
            .bind(tenant.company_id())
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>((teams, members))
        })?;
        Ok(teams
            .into_iter()
            .map(|(id, name, created_at)| Team {
                id,
                name,
                member_ids: members.iter().filter(|(team, _)| *team == id).map(|(_, user)| *user).collect(),
                created_at,
            })
            .collect())
    }

    pub async fn team(&self, tenant: &Tenant, team_id: Uuid) -> Result<Team> {
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, read);
            let team = load_team!(&mut *tx, tenant.company_id(), team_id);
            tx.commit().await?;
            Ok(team)
        })
    }

    pub async fn rename_team(&self, tenant: &Tenant, team_id: Uuid, name: &TeamName) -> Result<Team> {
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            let renamed = sqlx::query("UPDATE teams SET name = $1, name_key = $2 WHERE company_id = $3 AND id = $4")
                .bind(name.as_str())
                .bind(name.key())
                .bind(tenant.company_id())
                .bind(team_id)
                .execute(&mut *tx)
                .await
                .map_err(name_taken)?;
            if renamed.rows_affected() == 0 {
                return Err(Error::NotFound);
            }
            let team = load_team!(&mut *tx, tenant.company_id(), team_id);
            tx.commit().await?;
            Ok(team)
        })
    }

    /// Makes the team's members exactly `user_ids`.
    pub async fn set_team_members(&self, tenant: &Tenant, team_id: Uuid, user_ids: &[Uuid]) -> Result<Team> {
        let company_id = tenant.company_id();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            load_team!(&mut *tx, company_id, team_id);
            check_people!(&mut *tx, company_id, user_ids);
            sqlx::query("DELETE FROM team_members WHERE company_id = $1 AND team_id = $2")
                .bind(company_id)
                .bind(team_id)
                .execute(&mut *tx)
                .await?;
            for user_id in user_ids {
                sqlx::query("INSERT INTO team_members (company_id, team_id, user_id) VALUES ($1, $2, $3)")
                    .bind(company_id)
                    .bind(team_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let team = load_team!(&mut *tx, company_id, team_id);
            tx.commit().await?;
            Ok(team)
        })
    }

    /// Adds one person to a team (`member`), or takes them off it.
    pub async fn change_team_membership(
        &self,
        tenant: &Tenant,
        team_id: Uuid,
        user_id: Uuid,
        member: bool,
    ) -> Result<Team> {
        let company_id = tenant.company_id();
        with_db!(self, pool => {
            let mut tx = begin_tenant!(pool, tenant, write);
            load_team!(&mut *tx, company_id, team_id);
            if member {
                check_people!(&mut *tx, company_id, [&user_id]);
                sqlx::query(
                    "INSERT INTO team_members (company_id, team_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(company_id)
                .bind(team_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            } else {
                sqlx::query("DELETE FROM team_members WHERE company_id = $1 AND team_id = $2 AND user_id = $3")
                    .bind(company_id)
                    .bind(team_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let team = load_team!(&mut *tx, company_id, team_id);
            tx.commit().await?;
            Ok(team)
        })
    }
}
