//! Mail: every message is queued in the outbox inside the transaction that causes it,
//! then delivered over SMTP after commit, or kept in the outbox when no SMTP is set.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use uuid::Uuid;

use crate::{Error, Result, Store};

/// A message to queue.
#[derive(Debug, Clone)]
pub struct Mail {
    pub company_id: Option<Uuid>,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Delivery attempts before a message is left for a person to look at in the outbox.
const MAX_ATTEMPTS: i64 = 5;

#[derive(Clone)]
pub struct Mailer {
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl Mailer {
    /// `smtp_url` like `smtp://host:587` (STARTTLS when offered) or `smtps://user:pass@host`; `None` keeps mail in the outbox.
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Mailer> {
        let from =
            from.parse().map_err(|e| Error::Internal(format!("the sender address {from:?} is not valid: {e}")))?;
        let smtp = smtp_url
            .map(|url| {
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map(|builder| builder.timeout(Some(Duration::from_secs(20))).build())
                    .map_err(|e| Error::Internal(format!("TENANTRY_SMTP_URL is not usable: {e}")))
            })
            .transpose()?;
        Ok(Mailer { smtp, from })
    }

    pub fn sends_smtp(&self) -> bool {
        self.smtp.is_some()
    }

    /// Delivers the given queued messages in the background (after the commit that queued them).
    pub fn deliver_later(&self, store: &Store, ids: Vec<Uuid>) {
        if self.smtp.is_none() || ids.is_empty() {
            return;
        }
        let (mailer, store) = (self.clone(), store.clone());
        tokio::spawn(async move {
            for id in ids {
                mailer.deliver(&store, id).await;
            }
        });
    }

    /// Retries what earlier attempts could not deliver, every `period`.
    pub fn spawn_retries(&self, store: &Store, period: Duration) {
        if self.smtp.is_none() {
            return;
        }
        let (mailer, store) = (self.clone(), store.clone());
        tokio::spawn(async move {
            loop {
                match store.undelivered_mail(MAX_ATTEMPTS).await {
                    Ok(ids) => {
                        for id in ids {
                            mailer.deliver(&store, id).await;
                        }
                    }
                    Err(err) => tracing::warn!(error = %err, "cannot read the outbox"),
                }
                tokio::time::sleep(period).await;
            }
        });
    }

    async fn deliver(&self, store: &Store, id: Uuid) {
        let Some(smtp) = &self.smtp else { return };
        let outcome = async {
            let mail = store.outbox_message(id).await?;
            let message = Message::builder()
                .from(self.from.clone())
                .to(mail.to.parse().map_err(|e| Error::Internal(format!("bad recipient: {e}")))?)
                .subject(mail.subject)
                .body(mail.body)
                .map_err(|e| Error::Internal(format!("cannot build the message: {e}")))?;
            smtp.send(message).await.map_err(|e| Error::Internal(format!("SMTP: {e}")))?;
            Ok::<_, Error>(())
        }
        .await;
        let recorded = match &outcome {
            Ok(()) => store.mark_delivered(id).await,
            Err(err) => {
                tracing::warn!(%id, error = %err, "mail not delivered yet");
                store.mark_failed(id, &err.to_string()).await
            }
        };
        if let Err(err) = recorded {
            tracing::error!(%id, error = %err, "cannot record the delivery outcome");
        }
    }
}
