//! One module per page.

mod account;
pub(super) mod analytics;
pub(super) mod billing;
mod board;
mod branding;
mod console;
mod customize;
mod integrations;
mod issue;
mod issues;
mod landing;
mod login;
mod members;
mod not_found;
mod outbox;
mod set_password;
mod settings;
mod signup;
mod teams;
mod workspace;

pub use account::Account;
pub use analytics::Analytics;
pub use billing::BillingPage;
pub use board::Board;
pub use branding::BrandingSettings;
pub use console::{CompanyAdmin, Directory, Overview};
pub use customize::{FieldSettings, GeneralSettings, ListSettings};
pub use integrations::IntegrationSettings;
pub use issue::IssuePage;
pub use issues::{IssueList, NewIssue};
pub use landing::Landing;
pub use login::Login;
pub use members::Members;
pub use not_found::NotFound;
pub use outbox::Outbox;
pub use set_password::{ForgotPassword, SetPassword};
pub use settings::{AuditLog, TokenSettings};
pub use signup::Signup;
pub use teams::Teams;
pub use workspace::Workspace;

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::error::{AppError, ErrorCode};

/// What a page shows when its data cannot be had: visitors go to log in, strangers see 404.
fn refusal(err: AppError) -> AnyView {
    match err.code {
        ErrorCode::Unauthenticated => view! { <Redirect path="/login" /> }.into_any(),
        ErrorCode::NotFound => view! { <NotFound /> }.into_any(),
        ErrorCode::CompanySuspended => view! { <Suspended message=err.message /> }.into_any(),
        _ => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
    }
}

/// What a suspended company's people see instead of any page: why, and how to get help.
#[component]
fn Suspended(message: String) -> impl IntoView {
    view! {
        <section class="suspended" aria-labelledby="suspended-heading" data-suspended="true">
            <h1 id="suspended-heading">"This workspace is suspended"</h1>
            <p class="lead">{message}</p>
            <p>"Nothing of your company's data has been deleted: everything is there again once the workspace is reactivated."</p>
            <p>"To get help, your company's owner can reply to the suspension email they received from the platform operator."</p>
        </section>
    }
}
