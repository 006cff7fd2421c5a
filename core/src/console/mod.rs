//! The platform operator's console: the system overview, computed from the platform rollups and a
//! few capped, indexed counts (never a scan of every company), and the company directory.

mod directory;
mod overview;

pub use directory::{CompanyRow, DEFAULT_LIMIT, Directory, DirectoryPage, DirectoryRequest, DirectorySort, directory};
pub use overview::{
    DayCalls, Insight, MonthRevenue, PlatformPeriod, PlatformReport, PlatformRollups, SystemOverview, TierFigures,
    WATCHLIST_CAP, Watchlist, WeekSignups, month_start, report, system_overview, week_start,
};

use crate::identity::Caller;
use crate::{Error, Result};

/// Only the platform operator sees across companies.
fn require_root(caller: &Caller) -> Result<()> {
    if caller.is_root() { Ok(()) } else { Err(Error::Forbidden("Only the platform operator may see this.".into())) }
}
