/// Writes an audit event on `$conn`, inside the caller's transaction, so it lands with the change it records.
macro_rules! record_audit {
    ($conn:expr, $event:expr) => {{
        let event: &$crate::audit::AuditEvent = $event;
        if let Some(company_id) = event.company_id {
            $crate::store::scope::Scope::scope_to($conn, company_id).await?;
        }
        let query = match event.company_id {
            Some(company_id) => sqlx::query(
                "INSERT INTO audit_events (company_id, id, actor_id, action, target, details, ip, user_agent, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(company_id),
            None => sqlx::query(
                "INSERT INTO platform_audit_events (id, actor_id, action, target, details, ip, user_agent, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            ),
        };
        query
            .bind(uuid::Uuid::now_v7())
            .bind(event.actor_id)
            .bind(event.action)
            .bind(&event.target)
            .bind(event.details.to_string())
            .bind(event.meta.ip.as_deref())
            .bind(event.meta.user_agent.as_deref())
            .bind(chrono::Utc::now())
            .execute($conn)
            .await
    }};
}
pub(crate) use record_audit;

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: uuid::Uuid,
    created_at: chrono::DateTime<chrono::Utc>,
    actor_email: Option<String>,
    action: String,
    target: String,
    ip: Option<String>,
    user_agent: Option<String>,
    details: String,
    company: Option<String>,
}

impl From<AuditRow> for crate::audit::AuditEntry {
    fn from(row: AuditRow) -> Self {
        crate::audit::AuditEntry {
            id: row.id,
            at: row.created_at,
            actor_email: row.actor_email,
            action: row.action,
            target: row.target,
            ip: row.ip,
            user_agent: row.user_agent,
            details: row.details,
            company: row.company,
        }
    }
}

impl super::Store {
    /// The tenant's events, newest first, scoped for row-level security.
    pub async fn audit_events(
        &self,
        tenant: &crate::identity::Tenant,
        query: &crate::audit::AuditQuery,
    ) -> crate::Result<Vec<crate::audit::AuditEntry>> {
        let rows: Vec<AuditRow> = super::with_db!(self, pool => {
            let mut tx = pool.begin().await?;
            super::scope::Scope::scope_to(&mut *tx, tenant.company_id()).await?;
            let rows = sqlx::query_as(
                "SELECT e.id, e.created_at, u.email AS actor_email, e.action, e.target, e.ip, e.user_agent, e.details, \
                 NULL AS company FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id \
                 WHERE e.company_id = $1 AND ($2 IS NULL OR e.action = $2) AND ($3 IS NULL OR e.id < $3) \
                 ORDER BY e.id DESC LIMIT $4",
            )
            .bind(tenant.company_id())
            .bind(query.action.as_deref())
            .bind(query.before)
            .bind(query.limit)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<Vec<AuditRow>, sqlx::Error>(rows)
        })?;
        Ok(rows.into_iter().map(crate::audit::AuditEntry::from).collect())
    }

    /// Every company's events and the platform's, newest first (ids are time-ordered).
    pub async fn all_audit_events(
        &self,
        query: &crate::audit::AuditQuery,
    ) -> crate::Result<Vec<crate::audit::AuditEntry>> {
        let rows: Vec<AuditRow> = super::with_db!(self, pool => {
            let mut tx = pool.begin().await?;
            super::scope::Scope::scope_platform(&mut *tx).await?;
            let rows = sqlx::query_as(
                "SELECT * FROM ( \
                   SELECT e.id, e.created_at, u.email AS actor_email, e.action, e.target, e.ip, e.user_agent, \
                          e.details, c.slug AS company \
                   FROM audit_events e JOIN companies c ON c.id = e.company_id LEFT JOIN users u ON u.id = e.actor_id \
                   UNION ALL \
                   SELECT p.id, p.created_at, u.email, p.action, p.target, p.ip, p.user_agent, p.details, NULL \
                   FROM platform_audit_events p LEFT JOIN users u ON u.id = p.actor_id \
                 ) events WHERE ($1 IS NULL OR action = $1) AND ($2 IS NULL OR id < $2) ORDER BY id DESC LIMIT $3",
            )
            .bind(query.action.as_deref())
            .bind(query.before)
            .bind(query.limit)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<Vec<AuditRow>, sqlx::Error>(rows)
        })?;
        Ok(rows.into_iter().map(crate::audit::AuditEntry::from).collect())
    }
}
