//! `/admin/companies`: every company, searched, filtered, sorted and paged by cursor.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::ConsoleNav;
use crate::billing::UsageLine;
use crate::console::{DirectoryView, list_companies};
use crate::pages::refusal;

/// The directory's query parameters, in the order the form sends them.
const PARAMS: [&str; 4] = ["search", "status", "tier", "sort"];

#[component]
pub fn Directory() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).filter(|v| !v.is_empty());
    let page = Resource::new(
        move || (PARAMS.map(param), param("cursor")),
        |([search, status, tier, sort], cursor)| list_companies(search, status, tier, sort, cursor),
    );
    view! {
        <Title text="Companies" />
        <ConsoleNav />
        <h1>"Companies"</h1>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(data) => {
                        let chosen = PARAMS.map(|p| param(p).unwrap_or_default());
                        // The next page keeps the search, filters and sort.
                        let next = data.next_cursor.clone().map(|cursor| {
                            let mut params = query.get_untracked();
                            params.replace("cursor", cursor);
                            params.to_query_string()
                        });
                        view! { <Listing data chosen next /> }.into_any()
                    }
                    Err(err) => refusal(err),
                }
            })}
        </Transition>
    }
}

#[component]
fn Listing(data: DirectoryView, chosen: [String; 4], next: Option<String>) -> AnyView {
    let [search, status, tier, sort] = chosen;
    let option = |value: &str, label: &str, current: &str| {
        view! { <option value=value.to_owned() selected=value == current>{label.to_owned()}</option> }
    };
    view! {
        <form method="get" class="filters" role="search">
            <label>"Search"<input type="search" name="search" value=search placeholder="Name, slug or owner email" maxlength="100" /></label>
            <label>"Status"
                <select name="status">
                    {option("", "Any", &status)}{option("active", "Active", &status)}{option("suspended", "Suspended", &status)}
                </select>
            </label>
            <label>"Tier"
                <select name="tier">
                    {option("", "Any", &tier)}
                    {data.tiers.iter().map(|t| option(t, t, &tier)).collect_view()}
                </select>
            </label>
            <label>"Sort"
                <select name="sort">
                    {option("created", "Newest", &sort)}{option("name", "Name", &sort)}{option("usage", "Most issues", &sort)}
                </select>
            </label>
            <button type="submit" class="button">"Show"</button>
        </form>
        {if data.items.is_empty() {
            view! { <p class="muted">"No company matches."</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll"><table class="table directory">
                    <thead><tr>
                        <th scope="col">"Company"</th><th scope="col">"Tier"</th><th scope="col">"Status"</th>
                        <th scope="col">"Users"</th><th scope="col">"Issues"</th><th scope="col">"Owner"</th>
                        <th scope="col">"Signed up"</th><th scope="col">"Last activity"</th>
                    </tr></thead>
                    <tbody>
                        {data.items.into_iter().map(|c| view! {
                            <tr data-company=c.slug.clone()>
                                <td><A href=format!("/admin/companies/{}", c.id)>{c.name}</A><br /><span class="muted">{format!("/c/{}", c.slug)}</span></td>
                                <td>{c.tier}</td>
                                <td><span class=format!("badge status-{}", c.status)>{c.status.clone()}</span></td>
                                <td>{against_limit(c.users)}</td>
                                <td>{against_limit(c.issues)}</td>
                                <td>{c.owner_email}</td>
                                <td>{c.created}</td>
                                <td>{c.last_active}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            }.into_any()
        }}
        <nav class="pager" aria-label="Pages">
            <A href="?">"First page"</A>
            {next.map(|href| view! { <A href=href>"Next page"</A> })}
        </nav>
    }
    .into_any()
}

/// "3 / 5" with a meter, or "3 (unlimited)".
fn against_limit(line: UsageLine) -> impl IntoView {
    let text = match line.max {
        Some(max) => format!("{} / {max}", line.used),
        None => format!("{} (unlimited)", line.used),
    };
    let max = line.max.unwrap_or(0).max(line.used).max(1);
    view! {
        <meter min="0" max=max value=line.used high=(max * 9 / 10).max(1) aria-label=line.label></meter>
        " "<span>{text}</span>
    }
}
