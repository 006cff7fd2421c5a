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
