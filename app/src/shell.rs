use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::auth::{SignedIn, get_current_user};
use crate::components::{Footer, Header};
use crate::pages::{
    Account, Analytics, AuditLog, BillingPage, Board, BrandingSettings, CompanyAdmin, Directory, FieldSettings,
    ForgotPassword, GeneralSettings, IntegrationSettings, IssueList, IssuePage, Landing, ListSettings, Login, Members,
    NewIssue, NotFound, Outbox, Overview, SetPassword, Signup, Teams, TokenSettings, Workspace,
};

/// Sets the theme before first paint (the stored choice, else the system's), so a dark page never flashes light.
const THEME_BOOT: &str = "try{var t=localStorage.getItem('tenantry-theme');\
if(t!=='light'&&t!=='dark')t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';\
document.documentElement.dataset.theme=t}catch(e){}";

/// The HTML document around every server-rendered page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <script inner_html=THEME_BOOT></script>
                <HashedStylesheet options=options.clone() id="tenantry" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|page: String| {
            if page.is_empty() { "Tenantry".to_owned() } else { format!("{page} · Tenantry") }
        } />
        <Router>
            <Layout />
        </Router>
    }
}

/// The header, the page and the footer, with who is signed in known to all of them.
#[component]
fn Layout() -> impl IntoView {
    // Asked again on every navigation, so logging in or out shows at once.
    let pathname = use_location().pathname;
    provide_context(SignedIn(Resource::new(move || pathname.get(), |_| get_current_user())));
    view! {
        <Header />
        <main id="main" class="page">
            <Routes fallback=NotFound>
                <Route path=path!("") view=Landing />
                <Route path=path!("/login") view=Login />
                <Route path=path!("/signup") view=Signup />
                <Route path=path!("/c/:slug") view=Workspace />
                <Route path=path!("/c/:slug/issues") view=IssueList />
                <Route path=path!("/c/:slug/issues/new") view=NewIssue />
                <Route path=path!("/c/:slug/issues/:number") view=IssuePage />
                <Route path=path!("/c/:slug/board") view=Board />
                <Route path=path!("/c/:slug/teams") view=Teams />
                <Route path=path!("/c/:slug/members") view=Members />
                <Route path=path!("/c/:slug/analytics") view=Analytics />
                <Route path=path!("/c/:slug/billing") view=BillingPage />
                <Route path=path!("/c/:slug/settings") view=GeneralSettings />
                <Route path=path!("/c/:slug/settings/lists") view=ListSettings />
                <Route path=path!("/c/:slug/settings/fields") view=FieldSettings />
                <Route path=path!("/c/:slug/settings/integrations") view=IntegrationSettings />
                <Route path=path!("/c/:slug/settings/branding") view=BrandingSettings />
                <Route path=path!("/c/:slug/settings/tokens") view=TokenSettings />
                <Route path=path!("/c/:slug/settings/audit") view=AuditLog />
                <Route path=path!("/account") view=Account />
                <Route path=path!("/admin") view=Overview />
                <Route path=path!("/admin/companies") view=Directory />
                <Route path=path!("/admin/companies/:id") view=CompanyAdmin />
                <Route path=path!("/admin/outbox") view=Outbox />
                <Route path=path!("/set-password") view=SetPassword />
                <Route path=path!("/forgot-password") view=ForgotPassword />
            </Routes>
        </main>
        <Footer />
    }
}
