//! Starting, running and stopping the server.

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tenantry_core::settings::integrations::TargetPolicy;

use anyhow::Context;
use axum::Router;
use axum::routing::get;
use axum::serve::ListenerExt;
use leptos::prelude::LeptosOptions;
use tenantry_app::ServerContext;
use tenantry_app::auth::session::SessionSettings;
use tenantry_core::identity::LoginThrottle;
use tenantry_core::mail::Mailer;
use tenantry_core::metering::Meter;
use tenantry_core::signup_limit::SignupLimit;
use tenantry_core::suspension;
use tenantry_core::webhooks::Deliverer;
use tenantry_core::{Store, root_admin};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_sessions::SessionManagerLayer;

use crate::config::Config;
use crate::http::sessions::SessionBackend;
use crate::http::{self, health, metrics, observe, origin};
use crate::state::AppState;
use crate::{api, cli, site, telemetry};

/// How often each instance adds its API call counts to the database (and learns the others').
const METER_FLUSH: Duration = Duration::from_secs(1);
/// How often due webhook deliveries are looked for.
const WEBHOOK_POLL: Duration = Duration::from_secs(1);

/// A server that is bound, connected and migrated, ready to run.
pub struct Server {
    listener: TcpListener,
    router: Router,
    store: Store,
    meter: Arc<Meter>,
    public_url: String,
}

impl Server {
    pub async fn start(config: &Config) -> anyhow::Result<Server> {
        let listener =
            TcpListener::bind(config.addr).await.with_context(|| format!("cannot listen on {}", config.addr))?;
        let addr = listener.local_addr()?;
        let public_url = config.public_url(addr)?;
        let mail = config.mail_transport()?;
        let store = cli::connect(config).await?;
        cli::migrate_store(&store).await?;

        let site_root = config.site_root();
        if !site_root.join("pkg").is_dir() {
            tracing::warn!(
                site_root = %site_root.display(),
                "no built site here: pages render without styles or scripts (build with `cargo leptos build --release`, or set TENANTRY_SITE_ROOT)"
            );
        }
        let mailer = Mailer::new(config.smtp_url.as_deref(), &config.mail_from)?;
        mailer.spawn_retries(&store, Duration::from_secs(60));
        suspension::spawn_reactivations(&store, &mailer, Duration::from_secs(config.reactivation_check_seconds.max(1)));
        let deliverer = Deliverer::new(
            store.clone(),
            TargetPolicy { allow_private: config.allow_private_webhooks },
            Duration::from_secs(config.webhook_retry_seconds.max(1)),
            mailer.clone(),
            public_url.as_str().into(),
        );
        deliverer.spawn(WEBHOOK_POLL);
        let meter = Arc::new(Meter::default());
        meter.spawn_flusher(&store, METER_FLUSH);
        let sessions = SessionBackend::new(store.session_pool());
        sessions.spawn_cleanup(Duration::from_secs(15 * 60));
        let state = AppState {
            app: ServerContext {
                store: store.clone(),
                login_throttle: Arc::new(LoginThrottle::default()),
                signup_limit: Arc::new(SignupLimit::per_hour(config.signup_limit_per_hour)),
                mailer,
                sessions: SessionSettings { absolute: config.session_absolute() },
                public_url: public_url.as_str().into(),
                meter: meter.clone(),
                deliverer,
                active_users: Arc::default(),
            },
            leptos_options: leptos_options(&site_root, addr),
            metrics: telemetry::prometheus(),
            api_metering: config.api_metering,
        };
        let session_layer = http::sessions::layer(sessions, public_url.starts_with("https://"), config.session_idle());
        tracing::info!(%addr, %public_url, database = %store.engine(), %mail, "Tenantry is ready");
        Ok(Server { listener, router: build_router(state, session_layer), store, meter, public_url })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// On a platform without a root admin, creates one and prints its credentials once.
    pub async fn announce_root_admin(&self) -> anyhow::Result<()> {
        if let Some((email, password)) = root_admin::ensure_exists(&self.store).await? {
            println!(
                "\nNo root admin existed, so one was created. This password is shown only once:\n\
                 \n    email:    {email}\n    password: {password}\n\
                 \nLog in at {url}/login. Choose your own password with:\n\
                 \n    tenantry create-root-admin --email {email}   (reads it from standard input)\n",
                email = email.as_str(),
                password = password.expose(),
                url = self.public_url,
            );
        }
        Ok(())
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes in-flight requests.
    pub async fn run_until_signal(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        // Without TCP_NODELAY, small responses on keep-alive connections wait ~40 ms (Nagle + delayed ACK).
        let listener = self.listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await
            .context("the server stopped with an error")?;
        // The calls counted since the last flush survive the restart.
        if let Err(err) = self.meter.flush(&self.store).await {
            tracing::error!(error = %err, "the last API call counts could not be saved");
        }
        self.store.close().await;
        tracing::info!("Tenantry stopped");
        Ok(())
    }
}

pub fn build_router(state: AppState, sessions: SessionManagerLayer<SessionBackend>) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .route("/logos/{company_id}/{digest}", get(api::branding::serve))
        .nest("/api/v1", api::router(&state))
        .merge(site::router(&state))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(state.clone(), origin::same_origin_writes))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(
            tower::ServiceBuilder::new()
                .layer(observe::request_id().0)
                .layer(observe::trace())
                .layer(observe::request_id().1)
                .layer(CatchPanicLayer::new()),
        )
        .with_state(state)
}

fn leptos_options(site_root: &Path, addr: SocketAddr) -> LeptosOptions {
    // cargo-leptos writes the hashed file names beside the binary it builds.
    let hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name("tenantry")
        .site_root(site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .hash_files(hash_files)
        .build()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
