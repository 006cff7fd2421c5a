use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Theme {
    Light,
    Dark,
}

impl Theme {
    fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// The theme in force: the one chosen here before, else the system's.
fn current_theme() -> Theme {
    let chosen = document().document_element().and_then(|html| html.get_attribute("data-theme"));
    let system_dark =
        window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|query| query.matches());
    match chosen.as_deref() {
        Some("dark") => Theme::Dark,
        Some("light") => Theme::Light,
        _ if system_dark => Theme::Dark,
        _ => Theme::Light,
    }
}

fn apply(theme: Theme) {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-theme", theme.name());
    }
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item("tenantry-theme", theme.name());
    }
}

/// Switches light and dark. It only reacts once the page is hydrated; the
/// server cannot know the visitor's theme, so the label fills in then.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = RwSignal::new(None::<Theme>);
    Effect::new(move |_| theme.set(Some(current_theme())));
    let toggle = move |_| {
        let next = theme.get_untracked().unwrap_or_else(current_theme).other();
        apply(next);
        theme.set(Some(next));
    };
    let label = move || match theme.get() {
        Some(Theme::Dark) => "☾ Dark",
        Some(Theme::Light) => "☀ Light",
        None => "◐ Theme",
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            title="Switch between light and dark"
            aria-label="Switch between light and dark theme"
            data-ready=move || theme.get().is_some().to_string()
            on:click=toggle
        >
            {label}
        </button>
    }
}
